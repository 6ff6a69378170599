from django.contrib.gis.db.models.functions import GeomOutputGeoFunc


class SimplifyPreserveTopology(GeomOutputGeoFunc):
    """ST_SimplifyPreserveTopology, which GeoDjango does not ship as a function."""

    function = "ST_SimplifyPreserveTopology"
    arity = 2
    geom_param_pos = (0,)
