"""GeoPackage: one table per exported layer, in the requested CRS, written by GDAL."""

from layers.exports import ogr

CONTENT_TYPE = "application/geopackage+sqlite3"
EXTENSION = "gpkg"
chunks = ogr.gdal_file("GPKG", EXTENSION)
