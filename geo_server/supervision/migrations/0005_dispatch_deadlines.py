"""Backfill: every hazard still new and without a deadline gets its dispatch deadline, counted from
the day it was raised (supervision/deadlines.py). An old one is overdue at once, as it should be:
it has waited past the time the office had to dispatch it."""

import json

from django.conf import settings
from django.db import migrations

_BACKFILL = """
UPDATE supervision_hazard
SET deadline = (created_at AT TIME ZONE %s)::date + (%s::jsonb ->> level::text)::int
WHERE state = 'new' AND deadline IS NULL AND %s::jsonb ? level::text
"""


def backfill(apps, schema_editor):
    days = json.dumps({str(level): int(n) for level, n in settings.GEO_SERVER["DISPATCH_DAYS"].items()})
    schema_editor.execute(_BACKFILL, [settings.TIME_ZONE, days, days])


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_warning_subject")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
