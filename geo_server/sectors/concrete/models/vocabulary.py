"""The words concrete data is written in: material types, strength grades, exposure classes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialType(models.TextChoices):
    CEMENT = "cement", _("Cement")
    FLY_ASH = "fly_ash", _("Fly ash")
    SLAG = "slag", _("Ground slag")
    SAND = "sand", _("Natural sand")
    MACHINE_SAND = "machine_sand", _("Machine-made sand")
    STONE = "stone", _("Coarse aggregate")
    WATER = "water", _("Water")
    ADMIXTURE = "admixture", _("Admixture")


# Binders count towards the water-binder ratio and the binder content (JGJ 55-2011 2.1.4).
BINDERS = (MaterialType.CEMENT, MaterialType.FLY_ASH, MaterialType.SLAG)

# Strength grades C15 to C80 in steps of 5 (GB 50010 / GB/T 50107).
GRADES = tuple(f"C{mpa}" for mpa in range(15, 85, 5))
Grade = models.TextChoices("Grade", [(grade, grade) for grade in GRADES])


class ExposureClass(models.TextChoices):
    """The rows of JGJ 55-2011 table 3.0.6 (chloride limit, % of cement mass, in the comment)."""

    DRY = "dry", _("Reinforced, dry")  # 0.30
    HUMID = "humid", _("Reinforced, humid without chlorides")  # 0.20
    HUMID_CHLORIDE = "humid_chloride", _("Reinforced, humid with chlorides or saline soil")  # 0.10
    CORROSIVE = "corrosive", _("Reinforced, de-icing salts or corrosive")  # 0.06
    PRESTRESSED = "prestressed", _("Prestressed")  # 0.06
    PLAIN = "plain", _("Plain concrete")  # 1.00


class EnvironmentCategory(models.TextChoices):
    """GB 50010-2010 table 3.5.2 environment categories, which set the maximum water-binder ratio."""

    I = "1", _("Category 1")  # noqa: E741 (the standard's own numbering)
    IIA = "2a", _("Category 2a")
    IIB = "2b", _("Category 2b")
    IIIA = "3a", _("Category 3a")
    IIIB = "3b", _("Category 3b")
