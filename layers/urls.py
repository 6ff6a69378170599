"""The layers' pages and services: the map, vector and raster tiles, OGC API - Features, exports.
Included by geo_server/urls.py by name; the `id` path converter is registered there first."""

from django.urls import path

from layers import basemap_views, raster_views, search_views, views
from layers.exports import views as export_views
from layers.ogcapi import tile_views as ogc_tiles
from layers.ogcapi import views as ogc_views
from layers.ows import views as ows_views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("exports/", export_views.export, name="export"),
    path("exports/printmap", export_views.printmap, name="printmap"),
    path("exports/printmap/sheet", export_views.printsheet, name="printsheet"),
    path("ogc", ogc_views.landing_page),
    path("ogc/", ogc_views.landing_page, name="ogc-landing"),
    path("ogc/conformance", ogc_views.conformance, name="ogc-conformance"),
    path("ogc/openapi", ogc_views.api_definition, name="ogc-openapi"),
    path("ogc/collections", ogc_views.collection_list, name="ogc-collections"),
    path("ogc/collections/<str:collection_id>", ogc_views.collection_detail, name="ogc-collection"),
    path("ogc/collections/<str:collection_id>/queryables", ogc_views.queryables, name="ogc-queryables"),
    path("ogc/collections/<str:collection_id>/items", ogc_views.item_list, name="ogc-items"),
    path("ogc/collections/<str:collection_id>/items/<str:feature_id>", ogc_views.item_detail, name="ogc-item"),
    path("ows", ows_views.ows, name="ows"),
    path("ows/wmts/1.0.0/WMTSCapabilities.xml", ows_views.wmts_capabilities, name="wmts-capabilities"),
    # Every part as text: the view answers a bad one with an OWS exception (400), not a 404 page.
    path("ows/wmts/1.0.0/<str:layer>/<str:style>/<str:tile_matrix_set>/<str:z>/<str:y>/<str:x>.png",
         ows_views.wmts_tile, name="wmts-tile"),
    path("api/search", search_views.search, name="search"),
    path("basemaps/config.json", basemap_views.config, name="basemap-config"),
    path("basemaps/context/labels.json", basemap_views.labels, name="context-labels"),
    path("basemaps/context/areas.json", basemap_views.areas, name="context-areas"),
    path("basemaps/context/water.json", basemap_views.water, name="context-water"),
    path("basemaps/<str:basemap>/<str:z>/<str:x>/<str:y>.<str:ext>", basemap_views.basemap_tile, name="basemap-tile"),
    path("api/rasters", raster_views.raster_list, name="raster-list"),
    path("api/rasters/<slug:slug>/zonal", raster_views.raster_zonal, name="raster-zonal"),
    path("rasters/<slug:slug>/<str:z>/<str:x>/<str:y>.png", raster_views.raster_tile, name="raster-tile"),
    # z/x/y as text: the view answers a malformed address with a 400 JSON error, not a 404 page.
    path("tiles/<str:layer>/<str:z>/<str:x>/<str:y>.mvt", views.tile, name="tile"),
    path("tiles/<str:layer>.json", ogc_tiles.tilejson, name="tilejson"),
    path("tiles/<str:layer>/style.json", ogc_tiles.style, name="tile-style"),
    path("ogc/tileMatrixSets", ogc_tiles.tile_matrix_sets, name="ogc-tile-matrix-sets"),
    path("ogc/tileMatrixSets/<str:tile_matrix_set_id>", ogc_tiles.tile_matrix_set, name="ogc-tile-matrix-set"),
    path("ogc/collections/<str:collection_id>/tiles", ogc_tiles.collection_tilesets, name="ogc-tilesets"),
    path("ogc/collections/<str:collection_id>/tiles/<str:tile_matrix_set_id>", ogc_tiles.collection_tileset,
         name="ogc-tileset"),
    path("ogc/collections/<str:collection_id>/tiles/<str:tile_matrix_set_id>/<str:tile_matrix>/<str:tile_row>/"
         "<str:tile_col>", ogc_tiles.collection_tile, name="ogc-tile"),
]
