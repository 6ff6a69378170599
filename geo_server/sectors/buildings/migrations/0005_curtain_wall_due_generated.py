# The next curtain-wall inspection date becomes a generated column: PostgreSQL derives it from the
# wall's type, year built and last inspection on every write (curtain_walls.py), so it can no longer
# go stale. The function is rules.curtain_wall_due in SQL; both are checked at the regime boundaries.

import django.db.models.expressions
from django.db import migrations, models

import geo_server.sectors.buildings.curtain_walls

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION buildings_curtain_wall_due(kind text, year_built integer, last date, design_life integer)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN kind IS NULL OR kind = 'none' OR year_built IS NULL OR year_built <= 0 THEN NULL
        -- never inspected (or only before completion, 1 January of the year built): a year after completion
        WHEN last IS NULL OR last < make_date(year_built, 1, 1) THEN make_date(year_built + 1, 1, 1)
        -- the interval in force at the last inspection, or the start of a stricter regime after it
        ELSE LEAST(
            (last + make_interval(years => CASE
                WHEN last >= make_date(year_built + design_life, 1, 1) THEN 1
                WHEN kind = 'structural_sealant' AND last >= make_date(year_built + 10, 1, 1) THEN 3
                WHEN kind = 'point_supported' THEN 3
                ELSE 5 END))::date,
            CASE WHEN kind = 'structural_sealant' AND last < make_date(year_built + 10, 1, 1)
                 THEN make_date(year_built + 10, 1, 1) END,
            CASE WHEN last < make_date(year_built + design_life, 1, 1)
                 THEN make_date(year_built + design_life, 1, 1) END)
    END
$$"""


class Migration(migrations.Migration):

    dependencies = [
        ('buildings', '0004_sublayer_fields'),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION,
                          "DROP FUNCTION IF EXISTS buildings_curtain_wall_due(text, integer, date, integer)"),
        migrations.RemoveField(
            model_name='buildingdetail',
            name='curtain_wall_next_due',
        ),
        migrations.AddField(
            model_name='buildingdetail',
            name='curtain_wall_next_due',
            field=models.GeneratedField(
                db_persist=True,
                expression=geo_server.sectors.buildings.curtain_walls.CurtainWallDue(
                    django.db.models.expressions.F('curtain_wall'), django.db.models.expressions.F('year_built'),
                    django.db.models.expressions.F('last_curtain_wall_inspection'),
                    django.db.models.expressions.Value(25)),
                output_field=models.DateField(), verbose_name='next curtain-wall inspection due'),
        ),
    ]
