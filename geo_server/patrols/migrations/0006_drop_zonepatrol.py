from django.db import migrations

COLUMNS = "track, started_at, ended_at, length_m, valid, reasons, reasons_zh, created_at"

# Undoing: the zone patrols go back with their ids before sessions and checklists point at them again.
COPY_BACK = f"""
INSERT INTO patrols_zonepatrol (id, inspector_id, zone_id, inside_share, {COLUMNS})
SELECT id, walker_id, zone_id, coverage, {COLUMNS} FROM patrols_patrol WHERE zone_id IS NOT NULL ORDER BY id;
SELECT setval(pg_get_serial_sequence('patrols_zonepatrol', 'id'),
              COALESCE((SELECT MAX(id) FROM patrols_zonepatrol), 0) + 1, false);
"""


class Migration(migrations.Migration):

    dependencies = [
        ("checklists", "0004_patrol_is_one_record"),
        ("patrols", "0005_one_patrol"),
    ]

    operations = [
        migrations.RunSQL(migrations.RunSQL.noop, COPY_BACK),
        migrations.DeleteModel(name="ZonePatrol"),
    ]
