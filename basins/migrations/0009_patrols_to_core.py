"""River chiefs' patrols move into the one patrol record (geo_server.patrols.Patrol) with new ids:
the zone patrols moved first and kept theirs; nothing references a reach patrol's id."""

from django.db import migrations

COLUMNS = "track, times, started_at, ended_at, length_m, valid, reasons, reasons_zh, created_at, synthetic"

MOVE_IN = f"""
INSERT INTO patrols_patrol (walker_id, reach_id, zone_id, coverage, {COLUMNS})
SELECT chief_id, reach_id, NULL, near_share, {COLUMNS} FROM basins_patrol ORDER BY id;
"""

MOVE_BACK = f"""
INSERT INTO basins_patrol (chief_id, reach_id, near_share, {COLUMNS})
SELECT walker_id, reach_id, coverage, {COLUMNS} FROM patrols_patrol WHERE reach_id IS NOT NULL ORDER BY id;
DELETE FROM patrols_patrol WHERE reach_id IS NOT NULL;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("basins", "0008_verdict_reasons_zh"),
        ("patrols", "0005_one_patrol"),
    ]

    operations = [
        migrations.RunSQL(MOVE_IN, MOVE_BACK),
        migrations.DeleteModel(name="Patrol"),
    ]
