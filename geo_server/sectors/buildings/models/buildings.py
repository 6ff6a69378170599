from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.personal import PersonalCharField
from geo_server.sectors.buildings.curtain_walls import next_due_expression


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

    class ProtectionLevel(models.TextChoices):
        """Of a historic building (历史建筑) or a listed cultural relic it is part of [D]."""

        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        DISTRICT = "district", _("District")
        HISTORIC = "historic", _("Historic building")

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
    curtain_wall_area_m2 = models.PositiveIntegerField(_("curtain-wall area (m²)"), null=True, blank=True)
    # The schedule's next inspection date, derived by PostgreSQL on every write (curtain_walls.py).
    curtain_wall_next_due = models.GeneratedField(expression=next_due_expression(), output_field=models.DateField(),
                                                  db_persist=True, verbose_name=_("next curtain-wall inspection due"))
    historic = models.BooleanField(_("historic building"), default=False)
    protection_level = models.CharField(_("protection level"), max_length=12, choices=ProtectionLevel.choices,
                                        blank=True, db_default="")  # bulk demo inserts name no value
    # A building in use as a quarantine site (隔离场所): its capacity and the period of that use.
    quarantine_capacity = models.PositiveIntegerField(_("quarantine capacity (people)"), null=True, blank=True)
    quarantine_from = models.DateField(_("quarantine use from"), null=True, blank=True)
    quarantine_until = models.DateField(_("quarantine use until"), null=True, blank=True)
    owner_phone = PersonalCharField(_("owner phone"), max_length=20, blank=True)
    # The organisation that must fix the building's hazards when it is not its owner (the feature's
    # organisation): the property manager (物业服务企业) or the user of a public building.
    manager_organisation = models.ForeignKey(
        "accounts.Organisation", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner or property manager"))

    class Meta:
        verbose_name = _("building details")
        verbose_name_plural = _("building details")
