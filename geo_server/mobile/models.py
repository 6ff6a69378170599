from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncAction(models.Model):
    """An action the phone queued offline and the server applied, under the phone's UUID: a replay of
    the same id answers this stored result instead of applying it twice."""

    client_id = models.UUIDField(_("client id"), unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    type = models.CharField(_("type"), max_length=30)
    result = models.JSONField(_("result"), default=dict)
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("applied phone action")
        verbose_name_plural = _("applied phone actions")
