"""The kinds of supervised object, and the detail model and record-page sections each sector hands over."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BUILDING = "building", _("Building")
    RIVER_REACH = "river_reach", _("River reach")
    CONSTRUCTION_SITE = "construction_site", _("Construction site")
    CONCRETE_PLANT = "concrete_plant", _("Concrete plant")
    FUND_CENTER = "fund_center", _("Housing fund center")
    WATER_PROJECT = "water_project", _("Water project")


class RiskLevel(models.IntegerChoices):
    """Warning colours of 穗河长办〔2021〕49号, shared by every kind: yellow < orange < red."""

    NONE = 0, _("None")
    YELLOW = 1, _("Yellow")
    ORANGE = 2, _("Orange")
    RED = 3, _("Red")

    @classmethod
    def from_name(cls, name: str) -> "RiskLevel":
        return cls[name.upper()]


# The colour of each risk level on the map, the lists and the print maps.
RISK_COLOURS = {
    RiskLevel.NONE: "#2e7d32",
    RiskLevel.YELLOW: "#f9a825",
    RiskLevel.ORANGE: "#ef6c00",
    RiskLevel.RED: "#c62828",
}


_detail_models: dict[str, type[models.Model]] = {}


def _check_kind(kind: str) -> None:
    """A built-in kind or one a registered sector brings (geo_server.sector.known_kinds)."""
    from geo_server.sector import known_kinds

    if kind not in known_kinds():
        raise ValueError(f"unknown kind {kind!r}")


def register_detail(kind: str, model: type[models.Model]) -> None:
    """Called once from a sector's AppConfig.ready(): the core never imports sectors."""
    _check_kind(kind)
    existing = _detail_models.get(kind)
    if existing is not None and existing is not model:
        raise ValueError(f"kind {kind!r} already has detail model {existing.__name__}")
    _detail_models[kind] = model


def detail_model(kind: str) -> type[models.Model] | None:
    return _detail_models.get(kind)


def detail_related_names() -> list[str]:
    """The reverse one-to-one names, for select_related on a record page."""
    return [model._meta.get_field("feature").remote_field.related_name for model in _detail_models.values()]


@dataclass(frozen=True)
class RecordSection:
    """A block a sector adds to the record page of its kind: a template and a function giving its
    context, called as context(feature, user) only for features of that kind. `kind` names another
    kind the sector adds to (concrete adds "concrete received" to construction sites); empty means
    the sector's own."""

    template: str
    context: Callable[[object, object], dict]
    kind: str = ""


_record_sections: dict[str, list[RecordSection]] = {}
# Sections the core shows on every kind's record (hazards), before the kind's own.
_every_kind_sections: list[RecordSection] = []


def register_record_section(kind: str, template: str, context: Callable[[object, object], dict]) -> None:
    """Called once from a sector's AppConfig.ready(), like register_detail."""
    _check_kind(kind)
    sections = _record_sections.setdefault(kind, [])
    if all(s.template != template for s in sections):
        sections.append(RecordSection(template, context))


def register_every_kind_section(template: str, context: Callable[[object, object], dict]) -> None:
    """A core section on the record of every kind, those sectors register later included."""
    if all(s.template != template for s in _every_kind_sections):
        _every_kind_sections.append(RecordSection(template, context))


def record_sections(feature, user) -> list[tuple[str, dict]]:
    """(template, context) for each core section, then each registered for the feature's kind."""
    sections = _every_kind_sections + _record_sections.get(feature.kind, [])
    return [(s.template, s.context(feature, user)) for s in sections]
