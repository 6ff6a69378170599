"""Low-zoom tile cells and the data version that tile ETags and the tile cache are keyed on.

layers_tile_cell counts features per kind in a grid of 32 x 32 cells per tile, for tile zooms
0-13, keeping the jurisdiction columns. Cells are built once at zoom 18 (the cells of a zoom-13
tile) and rolled up by shifting the cell indices, so a refresh reads the features once.
It is refreshed by `manage.py refresh_tile_cache` (and at the end of load_demo).

layers_data_version holds a random token replaced by any statement that writes features, areas
or basins; it changes in the writing transaction, so it is never newer than what readers see.
"""

from django.db import migrations, models

FINEST_ZOOM = 13
CELL_ZOOM = FINEST_ZOOM + 5
# Web Mercator: the world is 2 * 20037508.342789244 m wide; cell size at CELL_ZOOM.
CELL_SIZE = 2 * 20037508.342789244 / 2**CELL_ZOOM

CREATE = f"""
CREATE MATERIALIZED VIEW layers_tile_cell AS
WITH placed AS (
    SELECT kind, city_id, district_id, street_id, organisation_id, risk_level, id,
           ST_Transform(ST_Centroid(geom), 3857) AS p
    FROM features_feature
), finest AS (
    SELECT kind, city_id, district_id, street_id, organisation_id,
           floor((ST_X(p) + 20037508.342789244) / {CELL_SIZE})::int AS x,
           floor((20037508.342789244 - ST_Y(p)) / {CELL_SIZE})::int AS y,
           count(*)::int AS features, max(risk_level) AS risk_level, min(id) AS sample_id
    FROM placed GROUP BY 1, 2, 3, 4, 5, 6, 7
)
SELECT row_number() OVER () AS id, kind, zoom::smallint AS zoom,
       x >> ({FINEST_ZOOM} - zoom) AS x, y >> ({FINEST_ZOOM} - zoom) AS y,
       city_id, district_id, street_id, organisation_id,
       sum(features)::int AS features, max(risk_level)::smallint AS risk_level, min(sample_id) AS sample_id
FROM finest CROSS JOIN generate_series(0, {FINEST_ZOOM}) AS zoom
GROUP BY kind, zoom, x >> ({FINEST_ZOOM} - zoom), y >> ({FINEST_ZOOM} - zoom),
         city_id, district_id, street_id, organisation_id;

CREATE INDEX layers_tile_cell_lookup ON layers_tile_cell (kind, zoom, x, y);
CREATE UNIQUE INDEX layers_tile_cell_id ON layers_tile_cell (id);

CREATE TABLE layers_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    token uuid NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO layers_data_version VALUES (1, gen_random_uuid(), now());

CREATE FUNCTION layers_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO layers_data_version VALUES (1, gen_random_uuid(), now())
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END
$$;
"""

TABLES = ("features_feature", "features_adminarea", "basins_basin")
TRIGGERS = "".join(
    f"CREATE TRIGGER layers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_data_version();\n"
    for table in TABLES
)
DROP = "".join(f"DROP TRIGGER layers_data_version ON {table};\n" for table in TABLES) + """
DROP FUNCTION layers_bump_data_version();
DROP TABLE layers_data_version;
DROP MATERIALIZED VIEW layers_tile_cell;
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("features", "0002_area_trigger"),
        ("basins", "0002_initial"),
        ("accounts", "0003_api_token"),
        ("layers", "0002_rasters"),
    ]

    operations = [
        migrations.RunSQL(CREATE + TRIGGERS, DROP),
        migrations.CreateModel(
            name="TileCell",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("kind", models.CharField(max_length=20)),
                ("zoom", models.SmallIntegerField()),
                ("x", models.IntegerField()),
                ("y", models.IntegerField()),
                ("features", models.IntegerField()),
                ("risk_level", models.SmallIntegerField()),
                ("sample_id", models.BigIntegerField()),
                ("city", models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+",
                                           db_constraint=False)),
                ("district", models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True,
                                               related_name="+", db_constraint=False)),
                ("street", models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True,
                                             related_name="+", db_constraint=False)),
                ("organisation", models.ForeignKey("accounts.Organisation", models.DO_NOTHING, null=True,
                                                   related_name="+", db_constraint=False)),
            ],
            options={"db_table": "layers_tile_cell", "managed": False},
        ),
    ]
