"""What a feature's record shows: its core attributes and its kind's details, personal data masked."""

from django.db import models
from django.utils.translation import gettext as _

from geo_server.features.kinds import detail_model
from geo_server.features.models import Feature
from geo_server.features.personal import display_value


def detail_of(feature: Feature) -> models.Model | None:
    model = detail_model(feature.kind)
    if model is None:
        return None
    return model.objects.filter(feature=feature).first()


def detail_fields(detail: models.Model | None) -> list[tuple[str, str, object]]:
    """(field name, label, value for display) for every field but the link to the feature."""
    if detail is None:
        return []
    rows = []
    for field in detail._meta.concrete_fields:
        if field.name == "feature":
            continue
        if field.choices:
            value = getattr(detail, f"get_{field.name}_display")()
        else:
            value = display_value(field, getattr(detail, field.attname))
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((field.name, str(field.verbose_name), value))
    return rows
