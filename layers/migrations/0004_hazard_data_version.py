"""Hazard writes replace the tile data version (layers 0003), as feature and zone writes do: the
hazards layer's tiles and their ETags then follow dispatches, closures and sweeps.

A sweep runs its promote and raise-level statements on every run, most of them touching no row;
these triggers look at the statement's transition table and leave the version (and every cached
tile of every layer) alone when no hazard row changed.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION layers_bump_data_version_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        INSERT INTO layers_data_version VALUES (1, gen_random_uuid(), now())
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER layers_data_version_insert AFTER INSERT ON supervision_hazard
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_data_version_if_rows();
CREATE TRIGGER layers_data_version_update AFTER UPDATE ON supervision_hazard
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_data_version_if_rows();
CREATE TRIGGER layers_data_version_delete AFTER DELETE ON supervision_hazard
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_data_version_if_rows();
CREATE TRIGGER layers_data_version AFTER TRUNCATE ON supervision_hazard
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_data_version();
"""

DROP = """
DROP TRIGGER layers_data_version ON supervision_hazard;
DROP TRIGGER layers_data_version_delete ON supervision_hazard;
DROP TRIGGER layers_data_version_update ON supervision_hazard;
DROP TRIGGER layers_data_version_insert ON supervision_hazard;
DROP FUNCTION layers_bump_data_version_if_rows();
"""


class Migration(migrations.Migration):
    dependencies = [("layers", "0003_tiles_generalised"), ("supervision", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
