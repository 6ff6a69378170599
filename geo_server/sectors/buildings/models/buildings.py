from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.personal import PersonalCharField


class BuildingDetail(models.Model):
    class Structure(models.TextChoices):
        BRICK_CONCRETE = "brick_concrete", _("Brick-concrete")
        FRAME = "frame", _("Reinforced-concrete frame")
        SHEAR_WALL = "shear_wall", _("Shear wall")
        STEEL = "steel", _("Steel")
        TIMBER_BRICK = "timber_brick", _("Timber-brick")

    class Use(models.TextChoices):
        RESIDENTIAL = "residential", _("Residential")
        COMMERCIAL = "commercial", _("Commercial")
        PUBLIC = "public", _("Public")
        INDUSTRIAL = "industrial", _("Industrial")

    class SafetyGrade(models.TextChoices):
        """JGJ 125-2016 §6.1.4."""

        A = "A", _("A: no dangerous members")
        B = "B", _("B: individual dangerous members")
        C = "C", _("C: part of the building dangerous")
        D = "D", _("D: whole building dangerous")

    class CurtainWall(models.TextChoices):
        NONE = "none", _("None")
        FRAMED = "framed", _("Framed")
        STRUCTURAL_SEALANT = "structural_sealant", _("Structural sealant")
        POINT_SUPPORTED = "point_supported", _("Cable or rod supported")

    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="building_detail"
    )
    address = models.CharField(_("address"), max_length=200)
    floors = models.PositiveSmallIntegerField(_("floors"))
    structure = models.CharField(_("structure"), max_length=20, choices=Structure.choices)
    use = models.CharField(_("use"), max_length=20, choices=Use.choices)
    year_built = models.PositiveSmallIntegerField(_("year built"))
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"))
    safety_grade = models.CharField(_("safety grade"), max_length=1, choices=SafetyGrade.choices, blank=True)
    curtain_wall = models.CharField(_("curtain wall"), max_length=20, choices=CurtainWall.choices, default="none")
    last_curtain_wall_inspection = models.DateField(_("last curtain-wall inspection"), null=True, blank=True)
    historic = models.BooleanField(_("historic building"), default=False)
    owner_phone = PersonalCharField(_("owner phone"), max_length=20, blank=True)
    # The organisation that must fix the building's hazards when it is not its owner (the feature's
    # organisation): the property manager (物业服务企业) or the user of a public building.
    manager_organisation = models.ForeignKey(
        "accounts.Organisation", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner or property manager"))

    class Meta:
        verbose_name = _("building details")
        verbose_name_plural = _("building details")
