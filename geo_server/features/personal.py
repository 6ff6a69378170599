"""Personal data (ID and phone numbers) is stored whole but shown and exported masked."""

from django.db import models


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """Keep the first and last few characters: 13812345678 -> 138****5678."""
    if not value:
        return value
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class PersonalCharField(models.CharField):
    """A CharField that pages and exports must mask; `is_personal` is what they look for."""

    is_personal = True


def display_value(field: models.Field, value):
    if getattr(field, "is_personal", False):
        return mask(str(value or ""))
    return value
