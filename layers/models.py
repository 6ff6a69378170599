from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RasterLayer(models.Model):
    """A registered GeoTIFF: where it lives, what its values mean, and how the map colours it."""

    slug = models.SlugField(_("slug"), unique=True)
    title_zh = models.CharField(_("Chinese title"), max_length=80)
    title_en = models.CharField(_("English title"), max_length=80)
    # Relative to the repository (BASE_DIR); an absolute path is used as is.
    path = models.CharField(_("file"), max_length=300)
    units = models.CharField(_("units"), max_length=40, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    attribution = models.CharField(_("attribution"), max_length=200, blank=True)
    ramp = models.CharField(_("colour ramp"), max_length=20)
    value_min = models.FloatField(_("ramp minimum"))
    value_max = models.FloatField(_("ramp maximum"))
    # Overrides the file's own nodata value when set (NaN cannot be stored here; NaN files say so themselves).
    nodata = models.FloatField(_("nodata"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("raster layer")
        verbose_name_plural = _("raster layers")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.slug

    @property
    def file(self) -> Path:
        return Path(settings.BASE_DIR) / self.path

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_zh
