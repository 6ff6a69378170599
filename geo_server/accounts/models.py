from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Type(models.TextChoices):
        PROVINCE_BUREAU = "province_bureau", _("Province bureau")
        CITY_BUREAU = "city_bureau", _("City bureau")
        DISTRICT_OFFICE = "district_office", _("District office")
        STREET_OFFICE = "street_office", _("Street office")
        ENTERPRISE = "enterprise", _("Enterprise")
        # 人社: co-supervises only the kinds whose sector lists it (Sector.co_supervisors).
        LABOUR_OFFICE = "labour_office", _("Labour office")

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    jurisdiction = models.ForeignKey(
        "features.AdminArea", models.PROTECT, related_name="organisations", verbose_name=_("jurisdiction")
    )
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor")
        DISTRICT_OFFICER = "district_officer", _("District officer")
        RIVER_CHIEF = "river_chief", _("River chief")
        INSPECTOR = "inspector", _("Inspector")
        ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
        READ_ONLY = "read_only", _("Read-only")

    class ChiefLevel(models.TextChoices):
        CITY = "city", _("City level")
        DISTRICT = "district", _("District level")
        TOWN = "town", _("Town / street level")
        VILLAGE = "village", _("Village level")

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READ_ONLY)
    river_chief_level = models.CharField(_("river chief level"), max_length=10, choices=ChiefLevel.choices, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="river_chief", river_chief_level__gt="") | ~models.Q(role="river_chief"),
                name="river_chief_has_level",
            )
        ]


class ApiToken(models.Model):
    """A personal token for desktop and script clients (QGIS, GDAL): sent as `Authorization: Bearer`.
    Only a SHA-256 digest is stored; the token itself is shown once, when issued."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
