"""Exports: layers limited to an area and the map's filters, written as files QGIS and Excel open.

params.py parses a request; area.py resolves districts, streets, boxes and polygons; source.py
holds all export SQL; one serializer module per format (geojson, csvfile, gpkg, kml, shapefile;
ogr.py runs the GDAL writer process they share, ogr_writer.py); core.py names, starts and logs an
export.
"""
