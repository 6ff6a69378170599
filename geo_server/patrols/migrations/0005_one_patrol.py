"""One patrol record for river chiefs and zone inspectors: patrols_patrol, with a reach or a zone.

The zone patrols move first and keep their ids, so the phone sessions and checklists that point at
them are re-pointed without rewriting a row; basins 0009 then moves the reach patrols in with new ids
(nothing references those).
"""

import django.contrib.gis.db.models.fields
import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COLUMNS = "track, started_at, ended_at, length_m, valid, reasons, reasons_zh, created_at"

COPY_ZONE_PATROLS = f"""
INSERT INTO patrols_patrol (id, walker_id, zone_id, reach_id, times, coverage, synthetic, {COLUMNS})
SELECT id, inspector_id, zone_id, NULL, NULL, inside_share, false, {COLUMNS} FROM patrols_zonepatrol ORDER BY id;
SELECT setval(pg_get_serial_sequence('patrols_patrol', 'id'), COALESCE((SELECT MAX(id) FROM patrols_patrol), 0) + 1,
              false);
"""


class Migration(migrations.Migration):

    dependencies = [
        ("features", "0002_area_trigger"),
        ("patrols", "0004_verdict_reasons_zh"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Patrol",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("track", django.contrib.gis.db.models.fields.LineStringField(srid=4326, verbose_name="GPS track")),
                ("times", django.contrib.postgres.fields.ArrayField(base_field=models.DateTimeField(), blank=True,
                                                                    null=True, size=None, verbose_name="vertex times")),
                ("started_at", models.DateTimeField(verbose_name="started")),
                ("ended_at", models.DateTimeField(verbose_name="ended")),
                ("length_m", models.FloatField(null=True, verbose_name="length (m)")),
                ("coverage", models.FloatField(null=True, verbose_name="share along the reach or inside the zone")),
                ("valid", models.BooleanField(default=False, verbose_name="counts")),
                ("reasons", models.JSONField(default=list, verbose_name="verdict reasons")),
                ("reasons_zh", models.JSONField(blank=True, default=list, verbose_name="verdict reasons (Chinese)")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                ("synthetic", models.BooleanField(default=False, verbose_name="synthetic")),
                ("reach", models.ForeignKey(blank=True, limit_choices_to={"kind": "river_reach"}, null=True,
                                            on_delete=django.db.models.deletion.CASCADE, related_name="patrols",
                                            to="features.feature", verbose_name="river reach")),
                ("walker", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="patrols",
                                             to=settings.AUTH_USER_MODEL, verbose_name="walked by")),
                ("zone", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                           related_name="patrols", to="patrols.patrolzone", verbose_name="zone")),
            ],
            options={
                "verbose_name": "patrol",
                "verbose_name_plural": "patrols",
                "indexes": [models.Index(fields=["walker", "reach", "started_at"], name="patrol_walker_reach_time"),
                            models.Index(fields=["walker", "zone", "started_at"], name="patrol_walker_zone_time")],
                "constraints": [models.CheckConstraint(
                    condition=models.Q(models.Q(("reach__isnull", False), ("zone__isnull", True)),
                                       models.Q(("reach__isnull", True), ("zone__isnull", False)), _connector="OR"),
                    name="patrol_reach_xor_zone")],
            },
        ),
        migrations.RunSQL(COPY_ZONE_PATROLS, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="patrolsession",
            name="patrol",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                       related_name="session", to="patrols.patrol", verbose_name="patrol"),
        ),
    ]
