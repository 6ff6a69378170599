from django.db import models
from django.utils.translation import gettext_lazy as _


class RelapseTruth(models.Model):
    """The hidden outcome of the synthetic relapse process (basins/demo.py), one row per simulated reach.

    Who may read what: a risk model may read `relapsed` ONLY where `label_visible` is true (the few
    reaches with a known outcome, its training labels); every other column and row is for
    evaluation alone. Real deployments have no such table; it exists so model quality can be measured.
    """

    reach = models.OneToOneField("features.Feature", models.CASCADE, primary_key=True, related_name="+")
    propensity = models.FloatField(_("latent propensity"))
    relapsed = models.BooleanField(_("relapsed"))
    relapse_month = models.DateField(_("first black-odorous month"), null=True, blank=True)
    label_visible = models.BooleanField(_("label visible to training"), default=False)

    class Meta:
        verbose_name = _("relapse truth (synthetic)")
        verbose_name_plural = _("relapse truth (synthetic)")
