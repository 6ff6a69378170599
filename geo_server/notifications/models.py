import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboxMessage(models.Model):
    """One hazard event told to one user: the kind is the event's action; the text is rendered in
    the reader's language from the kind, the hazard and the event (inbox.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="inbox_messages",
                             verbose_name=_("user"))
    hazard = models.ForeignKey("supervision.Hazard", models.CASCADE, related_name="+", verbose_name=_("hazard"))
    event = models.ForeignKey("supervision.HazardEvent", models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="inbox_one_per_user_event")]
        indexes = [
            models.Index(fields=["user", "-id"], name="inbox_user_recent"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="inbox_user_unread"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.hazard_id} → {self.user_id}"


def new_secret() -> str:
    return secrets.token_hex(32)


class WebhookEndpoint(models.Model):
    """An organisation's own system that hears about the hazards concerning it (responsible,
    supervising, or escalated to), as signed JSON POSTs."""

    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, related_name="webhooks",
                                     verbose_name=_("organisation"))
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=128, default=new_secret,
                              help_text=_("Receivers check X-GeoServer-Signature: sha256=HMAC-SHA256(secret, body)."))
    active = models.BooleanField(_("active"), default=True)
    # Empty: every event type.
    event_types = ArrayField(models.CharField(max_length=20), default=list, blank=True,
                             verbose_name=_("event types"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return f"{self.organisation} → {self.url}"


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body sent (signed the same way on every attempt) and
    where its retries stand."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    endpoint = models.ForeignKey(WebhookEndpoint, models.CASCADE, related_name="deliveries",
                                 verbose_name=_("endpoint"))
    event = models.ForeignKey("supervision.HazardEvent", models.CASCADE, related_name="+")
    event_type = models.CharField(_("event type"), max_length=20)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_one_per_endpoint_event")]
        indexes = [models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"),
                                name="webhook_pending_due")]

    def __str__(self):
        return f"{self.event_type} #{self.event_id} → {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """The delivery log: one row per POST."""

    delivery = models.ForeignKey(WebhookDelivery, models.CASCADE, related_name="log", verbose_name=_("delivery"))
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    next_retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_number")]
