from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GistIndex
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind, RiskLevel


class AdminArea(models.Model):
    """Province -> city -> district -> street/town. Streets are synthetic shapes carrying real names."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street / town")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    synthetic_geometry = models.BooleanField(_("synthetic geometry"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return self.name


class Feature(models.Model):
    """Every supervised object, whatever its kind, is one row here; details hang off it one-to-one."""

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    # Indexed by the GiST on (geom, kind) in Meta.indexes, which serves a filter on geom alone as well:
    # a second GiST on geom only would cost every write twice for nothing.
    geom = models.GeometryField(_("geometry"), srid=4326, spatial_index=False)
    # Set by a database trigger from the geometry when left empty (see migration 0002).
    city = models.ForeignKey(AdminArea, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("city"))
    district = models.ForeignKey(
        AdminArea, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    street = models.ForeignKey(
        AdminArea, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("street / town")
    )
    basin = models.ForeignKey(
        "basins.Basin", models.SET_NULL, null=True, blank=True, related_name="features", verbose_name=_("basin")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="features",
        verbose_name=_("responsible organisation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_SERVICE)
    risk_level = models.PositiveSmallIntegerField(_("risk level"), choices=RiskLevel.choices, default=RiskLevel.NONE)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="feature_kind_code_unique")]
        indexes = [
            models.Index(fields=["kind", "id"], name="feature_kind_id"),
            models.Index(fields=["district", "kind"], name="feature_district_kind"),
            # A layer's spatial filter and its kind in one scan (migration 0004, btree_gist); the
            # only spatial index on geom (migration 0005 dropped the plain one).
            GistIndex(fields=["geom", "kind"], name="feature_geom_kind"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def risk(self) -> str:
        return RiskLevel(self.risk_level).name.lower()
