"""KML: one folder per exported layer; `name` becomes each placemark's label. Always WGS84."""

from layers.exports import ogr

CONTENT_TYPE = "application/vnd.google-earth.kml+xml"
EXTENSION = "kml"
chunks = ogr.gdal_file("KML", EXTENSION)
