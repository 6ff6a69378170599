"""Each curtain wall's next inspection date, derived by PostgreSQL on every write of its building.

`BuildingDetail.curtain_wall_next_due` is a generated column (never written by the application):
`buildings_curtain_wall_due(curtain_wall, year_built, last inspection, design life)`, an IMMUTABLE
SQL function created by migration 0005, which is rules.curtain_wall_due in SQL (the same regimes
of DOMAIN.md §2: first inspection a year after completion, then 5 years (3 for cable or rod
supported), structural sealant every 3 years from 10 years in use, every year beyond the design
life, a stricter regime due from its start). An inspection recorded by any path (the phone, the
admin, an import, a set-based UPDATE) moves the date at once; tests/test_building_sublayers.py
checks the two agree at every regime boundary. The sub-layer publishes, filters and exports it as
a plain column.
"""

from django.db.models import DateField, F, Func, Value

# The design life the schedule assumes [D]; the rule's default parameter too.
DESIGN_LIFE_YEARS = 25


class CurtainWallDue(Func):
    function = "buildings_curtain_wall_due"
    output_field = DateField()


def next_due_expression(design_life: int = DESIGN_LIFE_YEARS) -> CurtainWallDue:
    return CurtainWallDue(F("curtain_wall"), F("year_built"), F("last_curtain_wall_inspection"), Value(design_life))
