"""Fill a feature's street, district and city from its geometry when they are not given.

A trigger, not Model.save(), so that bulk loads, raw SQL and the ORM all get the same answer.
The probe is ST_PointOnSurface (always on the geometry, unlike a centroid); an area smaller than
the feature itself is never assigned, so a city-wide polygon gets a city but no district.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION features_area_containing(probe geometry, feature_size double precision, wanted_level text)
RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM (
        SELECT a.id, 0 AS rank, ST_Area(a.geom) AS size FROM features_adminarea a
        WHERE a.level = wanted_level AND ST_Covers(a.geom, probe) AND feature_size <= ST_Area(a.geom)
        UNION ALL
        -- Boundaries drawn from different sources disagree by up to a few hundred metres along
        -- rivers and the coast: a probe just outside every area goes to the nearest one.
        (SELECT a.id, 1, ST_Distance(a.geom, probe) FROM features_adminarea a
         WHERE a.level = wanted_level AND ST_DWithin(a.geom, probe, %(tolerance)s) AND feature_size <= ST_Area(a.geom)
         ORDER BY ST_Distance(a.geom, probe) LIMIT 1)
    ) candidates ORDER BY rank, size LIMIT 1
$$;

CREATE OR REPLACE FUNCTION features_assign_areas() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    probe geometry;
    feature_size double precision;
BEGIN
    IF TG_OP = 'UPDATE' AND NOT ST_Equals(NEW.geom, OLD.geom) THEN
        -- The geometry moved: derive again whatever this statement did not set itself.
        IF NEW.street_id IS NOT DISTINCT FROM OLD.street_id THEN NEW.street_id := NULL; END IF;
        IF NEW.district_id IS NOT DISTINCT FROM OLD.district_id THEN NEW.district_id := NULL; END IF;
        IF NEW.city_id IS NOT DISTINCT FROM OLD.city_id THEN NEW.city_id := NULL; END IF;
    END IF;
    IF NEW.street_id IS NOT NULL AND NEW.district_id IS NOT NULL AND NEW.city_id IS NOT NULL THEN
        RETURN NEW;
    END IF;
    probe := ST_PointOnSurface(NEW.geom);
    feature_size := ST_Area(NEW.geom);
    IF NEW.street_id IS NULL AND NEW.district_id IS NULL THEN
        NEW.street_id := features_area_containing(probe, feature_size, 'street');
    END IF;
    IF NEW.district_id IS NULL THEN
        SELECT parent_id INTO NEW.district_id FROM features_adminarea WHERE id = NEW.street_id;
        IF NEW.district_id IS NULL THEN
            NEW.district_id := features_area_containing(probe, feature_size, 'district');
        END IF;
    END IF;
    IF NEW.city_id IS NULL THEN
        SELECT parent_id INTO NEW.city_id FROM features_adminarea WHERE id = NEW.district_id;
        IF NEW.city_id IS NULL THEN
            NEW.city_id := features_area_containing(probe, feature_size, 'city');
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER features_assign_areas
    BEFORE INSERT OR UPDATE OF geom, street_id, district_id, city_id ON features_feature
    FOR EACH ROW EXECUTE FUNCTION features_assign_areas();
"""

DROP = """
DROP TRIGGER IF EXISTS features_assign_areas ON features_feature;
DROP FUNCTION IF EXISTS features_assign_areas();
DROP FUNCTION IF EXISTS features_area_containing(geometry, double precision, text);
"""


# ~1 km at Guangzhou's latitude.
NEAREST_TOLERANCE_DEGREES = 0.01


class Migration(migrations.Migration):
    dependencies = [("features", "0001_initial")]
    operations = [migrations.RunSQL(CREATE.replace("%(tolerance)s", str(NEAREST_TOLERANCE_DEGREES)), DROP)]
