"""Seed the patrol-frequency matrix from DOMAIN.md section 1 (an administrator edits it afterwards).

[S] 穗河长办〔2021〕49号 (differentiated patrols): city-level chiefs at least once a quarter whatever
the warning; with no warning, village-level chiefs at least one day per 旬; a patrol counts only
with a GPS track of >= 10 minutes and >= 1 km (every row). [D] everything else: defaults, no
official number found. Values are frozen here, not imported, so later edits to code cannot
change what this migration did.
"""

from django.db import migrations

S_RULE = "穗河长办〔2021〕49号"
# level: [(patrols, period) for colour none, yellow, orange, red]
MATRIX = {
    "city": [(1, "quarter")] * 4,
    "district": [(1, "month"), (1, "month"), (2, "month"), (1, "week")],
    "town": [(1, "month"), (1, "xun"), (1, "week"), (2, "week")],
    "village": [(1, "xun"), (1, "week"), (2, "week"), (1, "workday")],
}


def source_of(level: str, colour: int) -> tuple[str, str]:
    if level == "city":
        return "S", f"{S_RULE}: city level not differentiated, at least once a quarter"
    if level == "village" and colour == 0:
        return "S", f"{S_RULE}: village level, no warning, at least one day per 旬"
    return "D", "default: no official number found; edit as policy requires"


def seed(apps, schema_editor):
    requirement = apps.get_model("basins", "PatrolRequirement")
    for level, row in MATRIX.items():
        for colour, (patrols, period) in enumerate(row):
            source, note = source_of(level, colour)
            requirement.objects.update_or_create(
                level=level, colour=colour,
                defaults={"patrols": patrols, "period": period, "min_minutes": 10, "min_km": 1.0,
                          "source": source, "note": note},
            )


def unseed(apps, schema_editor):
    apps.get_model("basins", "PatrolRequirement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("basins", "0004_point_chainage_trigger")]
    operations = [migrations.RunPython(seed, unseed)]
