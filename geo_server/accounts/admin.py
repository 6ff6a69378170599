from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from geo_server.accounts.models import ApiToken, Organisation, User

SUPERVISION_FIELDS = ("organisation", "role", "river_chief_level")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "jurisdiction", "parent")
    list_filter = ("type",)
    search_fields = ("name", "name_en")
    autocomplete_fields = ("jurisdiction", "parent")
    ordering = ("name",)

    def get_queryset(self, request):
        # Listing organisations must not pull their jurisdictions' boundaries.
        return super().get_queryset(request).select_related("jurisdiction", "parent").defer("jurisdiction__geom")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Supervision"), {"fields": SUPERVISION_FIELDS}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Supervision"), {"fields": SUPERVISION_FIELDS}),)
    list_display = ("username", "get_full_name", "organisation", "role", "is_staff")
    list_filter = ("role", "river_chief_level", "is_staff", "is_active")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by their owner (or issue_token); here they can only be listed and revoked."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request):
        return False
