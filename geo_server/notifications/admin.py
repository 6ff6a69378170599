from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_server.notifications import webhooks
from geo_server.notifications.models import InboxMessage, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from geo_server.supervision.events import ACTIONS


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("event types"), choices=[(action, action) for action in ACTIONS], required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every event type."))

    class Meta:
        model = WebhookEndpoint
        fields = ("organisation", "url", "secret", "active", "event_types", "description")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Only http:// and https:// addresses."))
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("organisation", "url", "active", "event_types", "created_at")
    list_filter = ("active",)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "url")
    autocomplete_fields = ("organisation",)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "at", "status_code", "error", "duration_ms", "next_retry_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only, with an action to try again now."""

    list_display = ("id", "endpoint", "event_type", "event_id", "status", "attempts", "next_attempt_at",
                    "created_at", "delivered_at")
    list_filter = ("status", "event_type")
    list_select_related = ("endpoint__organisation",)
    readonly_fields = ("endpoint", "event", "event_type", "body", "status", "attempts", "next_attempt_at",
                       "created_at", "delivered_at")
    inlines = [WebhookAttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected deliveries now"))
    def retry_now(self, request, queryset):
        ids = list(queryset.exclude(status=WebhookDelivery.Status.DELIVERED).values_list("pk", flat=True))
        # One more attempt each; a delivery that had given up gives up again if this one fails.
        WebhookDelivery.objects.filter(pk__in=ids).update(status=WebhookDelivery.Status.PENDING,
                                                          next_attempt_at=timezone.now())
        attempts = [a for pk in ids if (a := webhooks.attempt(pk, due_by=None)) is not None]
        self.message_user(request, _("%(count)d deliveries attempted.") % {"count": len(attempts)})


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "kind", "hazard_id", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "hazard", "event")
    list_select_related = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
