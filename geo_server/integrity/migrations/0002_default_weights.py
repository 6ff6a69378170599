"""The default weights as admin-editable rows (the same values as weights.DEFAULT_WEIGHTS, our defaults)."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = {
    "raised_yellow": Decimal("-1"), "raised_orange": Decimal("-2"), "raised_red": Decimal("-5"),
    "overdue": Decimal("-5"), "closed_not_fixed": Decimal("-10"), "reply_rejected": Decimal("-3"),
    "closed_on_time": Decimal("1"),
}


def add_defaults(apps, schema_editor):
    ScoreWeight = apps.get_model("integrity", "ScoreWeight")
    for reason, delta in DEFAULTS.items():
        ScoreWeight.objects.get_or_create(reason=reason, defaults={"delta": delta})


class Migration(migrations.Migration):
    dependencies = [("integrity", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
