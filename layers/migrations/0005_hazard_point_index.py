"""The hazards layer draws each hazard at ST_PointOnSurface(geom) (layers/catalogue.py): an index on
that expression lets a tile's or a bbox query's `&&` find its hazards without computing the point of
every open hazard (z14 over central Guangzhou at 1M features: see bench/README.md)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("layers", "0004_hazard_data_version"), ("supervision", "0003_rectification_notices")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS supervision_hazard_point_gist ON supervision_hazard "
            "USING gist (ST_PointOnSurface(geom))",
            "DROP INDEX IF EXISTS supervision_hazard_point_gist",
        ),
    ]
