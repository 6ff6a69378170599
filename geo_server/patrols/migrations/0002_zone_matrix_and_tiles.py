"""Seed the zone frequency matrix ([D]: no official number found; administrators edit it) and let
zone writes replace the tile data version, as feature writes do (layers 0003)."""

from django.db import migrations

# highest risk inside -> patrols, period, minimum minutes, minimum km
DEFAULTS = [
    (0, 1, "month", 30, 2.0, "no risk inside: one walk a month to see nothing changed"),
    (1, 1, "xun", 30, 2.0, "yellow inside: once per 10-day period"),
    (2, 1, "week", 45, 3.0, "orange inside: weekly"),
    (3, 2, "week", 60, 3.0, "red inside: twice a week"),
]


def seed(apps, schema_editor):
    ZoneRequirement = apps.get_model("patrols", "ZoneRequirement")
    for risk, patrols, period, minutes, km, note in DEFAULTS:
        ZoneRequirement.objects.update_or_create(risk_level=risk, defaults={
            "patrols": patrols, "period": period, "min_minutes": minutes, "min_km": km, "source": "D", "note": note})


TRIGGER = ("CREATE TRIGGER layers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON patrols_patrolzone "
           "FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_data_version();")


class Migration(migrations.Migration):
    dependencies = [("patrols", "0001_initial"), ("layers", "0003_tiles_generalised")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunSQL(TRIGGER, "DROP TRIGGER layers_data_version ON patrols_patrolzone;"),
    ]
