"""Chainage of a monitoring point, computed by PostGIS whenever a point is written.

Chainage = ST_LineLocatePoint(reach, point) (fraction along the line, the point projected onto
it) x the reach's geodesic length in metres. A trigger rather than Python so that bulk COPY loads
and ORM saves get the same number. Reaches that are MultiLineStrings are merged first.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION basins_point_chainage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT ST_LineLocatePoint(ST_LineMerge(f.geom), NEW.geom) * ST_Length(f.geom::geography)
      INTO NEW.chainage_m
      FROM features_feature f WHERE f.id = NEW.reach_id;
    RETURN NEW;
END $$;
CREATE TRIGGER basins_point_chainage BEFORE INSERT OR UPDATE OF geom, reach_id ON basins_monitoringpoint
    FOR EACH ROW EXECUTE FUNCTION basins_point_chainage();
"""
DROP = """
DROP TRIGGER IF EXISTS basins_point_chainage ON basins_monitoringpoint;
DROP FUNCTION IF EXISTS basins_point_chainage();
"""


class Migration(migrations.Migration):
    dependencies = [("basins", "0003_quality_patrols_sources")]
    operations = [migrations.RunSQL(CREATE, DROP)]
