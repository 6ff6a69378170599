"""Each curtain wall's next inspection date (rules.curtain_wall_due) stored on its building, so the
curtain-wall sub-layer can publish, filter and export it: computed by the one pure function and
written back in one statement."""

from datetime import date

from django.db import connection

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.sectors.buildings.rules import RULES, curtain_wall_due

DESIGN_LIFE_YEARS = next(r.defaults["design_life_years"] for r in RULES if r.code == "building.curtain_wall_inspection")

UPDATE_DUE = """
    UPDATE buildings_buildingdetail d SET curtain_wall_next_due = u.due
    FROM unnest(%s::bigint[], %s::date[]) AS u(id, due)
    WHERE d.feature_id = u.id AND d.curtain_wall_next_due IS DISTINCT FROM u.due"""


def refresh_due(feature_ids=None) -> int:
    """Recompute the due dates of the walls among `feature_ids` (all when None); the rows changed."""
    walls = BuildingDetail.objects.exclude(curtain_wall="none").exclude(year_built=0)
    if feature_ids is not None:
        walls = walls.filter(feature_id__in=feature_ids)
    ids, dues = [], []
    for pk, kind, year, last in walls.values_list("feature_id", "curtain_wall", "year_built",
                                                  "last_curtain_wall_inspection").iterator(chunk_size=5000):
        ids.append(pk)
        dues.append(curtain_wall_due(kind, date(year, 1, 1), last, DESIGN_LIFE_YEARS))
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_DUE, [ids, dues])
        return cursor.rowcount
