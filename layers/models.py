from pathlib import Path

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    """One row per export: who took which layers, of where, in what form, and how much."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="exports", verbose_name=_("user"))
    # Who asked when no user did (the export_districts command): "system".
    requested_by = models.CharField(_("requested by"), max_length=150)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    layers = models.JSONField(_("layers"))
    format = models.CharField(_("format"), max_length=10)
    crs = models.PositiveIntegerField(_("CRS (EPSG)"))
    area_kind = models.CharField(_("area kind"), max_length=10)
    area = models.CharField(_("area"), max_length=120)
    area_geom = models.MultiPolygonField(_("area boundary"), srid=4326, null=True, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    feature_count = models.PositiveIntegerField(_("features"), default=0)
    bytes = models.PositiveBigIntegerField(_("bytes"), default=0)
    duration = models.DurationField(_("duration"))
    # False when the client went away (or the export failed) before the end of the file.
    complete = models.BooleanField(_("complete"), default=False)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("export log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.requested_by} {'+'.join(self.layers)} {self.area} {self.format}"
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
class TileCell(models.Model):
    """Features of one kind counted per grid cell, 32 x 32 cells per tile at zoom `zoom`.

    Cells keep the columns jurisdiction is decided on (city, district, street, organisation), so
    `scope_features(user, TileCell.objects...)` limits them exactly as it limits features.
    """

    kind = models.CharField(max_length=20)
    zoom = models.SmallIntegerField()
    # Cell column and row in the tile grid of zoom `zoom` + 5.
    x = models.IntegerField()
    y = models.IntegerField()
    city = models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+", db_constraint=False)
    district = models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+",
                                 db_constraint=False)
    street = models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+",
                               db_constraint=False)
    organisation = models.ForeignKey("accounts.Organisation", models.DO_NOTHING, null=True, related_name="+",
                                     db_constraint=False)
    features = models.IntegerField()
    risk_level = models.SmallIntegerField()
    # The smallest feature id in the cell: the feature itself when the cell holds only one.
    sample_id = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "layers_tile_cell"
