"""The plain GiST on geom goes: the GiST on (geom, kind) of migration 0004 serves a filter on geom
alone as well (geom is its first column), and two spatial indexes cost every feature write twice."""

import django.contrib.gis.db.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('features', '0004_geom_kind_gist'),
    ]

    operations = [
        migrations.AlterField(
            model_name='feature',
            name='geom',
            field=django.contrib.gis.db.models.fields.GeometryField(spatial_index=False, srid=4326, verbose_name='geometry'),
        ),
    ]
