"""Trigram indexes for the map's search box (layers/search.py): Django's icontains compiles to
UPPER(col::text) LIKE UPPER(%s), so the indexes are on that very expression."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ("code", "name", "name_en")


class Migration(migrations.Migration):
    dependencies = [("features", "0002_area_trigger")]

    operations = [TrigramExtension()] + [
        migrations.RunSQL(
            f"CREATE INDEX feature_{column}_trgm ON features_feature USING gin ((UPPER({column}::text)) gin_trgm_ops)",
            f"DROP INDEX feature_{column}_trgm",
        )
        for column in COLUMNS
    ]
