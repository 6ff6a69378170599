"""Every feature's geometry also in Web Mercator (EPSG:3857), kept by PostgreSQL itself.

A vector tile needs its features in 3857: transforming them at tile time was about half of a dense
z14 tile's database time (3,286 footprints: ST_Transform 26 ms of a 50 ms tile; bench/README.md,
"Eighth session"). A stored generated column costs the transform once per write instead, whoever
writes (ORM, bulk loads, raw SQL). The 4326 geometry stays the one truth, and the one the GiST
index, scoping and every other reader use; Django's model does not know this column, so no
record or page loads it: only the tile SQL reads it (layers/tiles.py).

Web Mercator ends at latitude ±85.06°: a geometry reaching beyond is still stored, with no copy
(NULL; no tile reaches that far), where transforming it would have refused the row.
"""

from django.db import migrations

SQL = """
ALTER TABLE features_feature ADD COLUMN geom_3857 geometry GENERATED ALWAYS AS (
    CASE WHEN ST_YMin(geom) >= -85.05 AND ST_YMax(geom) <= 85.05 THEN ST_Transform(geom, 3857) END
) STORED;
"""

REVERSE = "ALTER TABLE features_feature DROP COLUMN geom_3857;"


class Migration(migrations.Migration):
    dependencies = [("features", "0005_drop_plain_geom_gist")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
