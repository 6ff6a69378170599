from django.contrib import admin

from geo_server.checklists.models import ChecklistAnswer, ChecklistItem, ChecklistResult, ChecklistTemplate


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ("order", "code", "text_zh", "text_en", "clause", "severity", "source")


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    """Administrators confirm each item's clause against the standard in force and set source to S."""

    list_display = ("code", "kind", "stage", "name_zh", "name_en", "source", "active")
    list_filter = ("kind", "source", "active")
    inlines = [ItemInline]


class AnswerInline(admin.TabularInline):
    model = ChecklistAnswer
    extra = 0
    readonly_fields = ("item", "answer", "note", "hazard")
    can_delete = False


@admin.register(ChecklistResult)
class ChecklistResultAdmin(admin.ModelAdmin):
    list_display = ("template", "feature", "inspector", "filled_at", "version")
    list_filter = ("template",)
    readonly_fields = ("template", "feature", "patrol", "session", "inspector", "filled_at", "client_id", "version")
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False
