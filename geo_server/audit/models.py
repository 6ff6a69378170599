from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """One security-relevant event, written by geo_server.audit.events.record and never edited."""

    class Type(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Locked out")
        LOGOUT = "logout", _("Logout")
        TOKEN_ISSUED = "token_issued", _("Token issued")
        TOKEN_REVOKED = "token_revoked", _("Token revoked")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        ROLE_CHANGED = "role_changed", _("Role changed")
        JURISDICTION_CHANGED = "jurisdiction_changed", _("Jurisdiction changed")
        EXPORT = "export", _("Export")

    time = models.DateTimeField(_("time"), default=timezone.now)
    event = models.CharField(_("event"), max_length=30, choices=Type.choices)
    # Who acted (for a failed login, nobody yet: see username).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))
    username = models.CharField(_("username tried"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(fields=["-time"], name="security_event_time"),
            models.Index(fields=["event", "-time"], name="security_event_type_time"),
        ]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.get_event_display()}"
