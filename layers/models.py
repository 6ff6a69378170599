"""The pre-generalised source of low-zoom tiles (a materialized view kept by migration 0001)."""

from django.db import models


class TileCell(models.Model):
    """Features of one kind counted per grid cell, 32 x 32 cells per tile at zoom `zoom`.

    Cells keep the columns jurisdiction is decided on (city, district, street, organisation), so
    `scope_features(user, TileCell.objects...)` limits them exactly as it limits features.
    """

    kind = models.CharField(max_length=20)
    zoom = models.SmallIntegerField()
    # Cell column and row in the tile grid of zoom `zoom` + 5.
    x = models.IntegerField()
    y = models.IntegerField()
    city = models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+", db_constraint=False)
    district = models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+",
                                 db_constraint=False)
    street = models.ForeignKey("features.AdminArea", models.DO_NOTHING, null=True, related_name="+",
                               db_constraint=False)
    organisation = models.ForeignKey("accounts.Organisation", models.DO_NOTHING, null=True, related_name="+",
                                     db_constraint=False)
    features = models.IntegerField()
    risk_level = models.SmallIntegerField()
    # The smallest feature id in the cell: the feature itself when the cell holds only one.
    sample_id = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "layers_tile_cell"
