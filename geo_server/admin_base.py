"""Admin pieces every app shares."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log or a record kept by the system (exports, score events, model runs): listed and opened,
    never added, edited or deleted by hand, so every entry stays what the system wrote."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
