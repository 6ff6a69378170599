"""A GiST index on (geom, kind) (btree_gist for the text column): a layer's spatial filter and its
kind in one index scan. With the plain GiST on geom alone PostgreSQL ANDed its bitmap with one
over every row of the kind from the (district, kind) btree: at load_demo --scale 200 the OGC items'
capped count for a 0.02-degree box read 840,000 building entries (30 ms of its 42 ms; 9 ms now)."""

from django.contrib.postgres.indexes import GistIndex
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("features", "0003_search_trgm")]

    operations = [
        BtreeGistExtension(),
        migrations.AddIndex("feature", GistIndex(fields=["geom", "kind"], name="feature_geom_kind")),
    ]
