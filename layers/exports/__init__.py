"""Exports: layers limited to an area and the map's filters, written as files QGIS and Excel open.

params.py parses a request; area.py resolves districts, streets, boxes and polygons; source.py
holds all export SQL; one serializer module per format (geojson, csvfile, gpkg, kml, shapefile;
ogr.py is the GDAL writer they share); core.py names, starts and logs an export.
"""
