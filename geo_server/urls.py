from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from basins import api as basin_api
from basins import risk_api
from basins import views as basin_views
from geo_server import api_docs, error_pages
from geo_server.accounts import views as account_views
from geo_server.features import api as feature_api
from geo_server.features import views as feature_views
from geo_server.integrity import views as integrity_views
from geo_server.mobile import api as mobile_api
from geo_server.mobile import views as mobile_views
from geo_server.notifications import api as inbox_api
from geo_server.notifications import views as inbox_views
from geo_server.patrols import api as patrol_api
from geo_server.patrols import views as patrol_views
from geo_server.supervision import api as hazard_api
from geo_server.supervision import notice_views, photo_views
from geo_server.supervision import views as hazard_views
from geo_server.validation import IdConverter
from layers.exports import views as export_views
from layers.ogcapi import views as ogc_views
from layers import raster_views
from layers import views as layer_views

# Database ids in paths: digits that fit a bigint, so a longer number is a 404, not a database error.
register_converter(IdConverter, "id")
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error

urlpatterns = [
    path("", feature_views.map_page, name="map"),
    path("health", feature_views.health, name="health"),
    path("features/<id:feature_id>/", feature_views.feature_record, name="feature-record"),
    path("api/features", feature_api.feature_list, name="feature-list"),
    path("api/features/<id:feature_id>", feature_api.feature_detail, name="feature-api-detail"),
    path("api/areas", feature_api.area_list, name="area-list"),
    path("api/openapi.json", api_docs.openapi_json, name="openapi-json"),
    path("api/docs", api_docs.api_docs, name="api-docs"),
    path("api/hazards", hazard_api.hazard_list, name="hazard-list"),
    path("api/hazards/<id:hazard_id>", hazard_api.hazard_detail, name="hazard-api-detail"),
    path("api/hazards/<id:hazard_id>/transitions", hazard_api.hazard_transition, name="hazard-transition"),
    path("api/hazards/<id:hazard_id>/photos", photo_views.hazard_photos, name="hazard-photos"),
    # Photos are served through a view that checks the user may see the photo's hazard.
    path("media/<path:name>", photo_views.media, name="media"),
    path("hazards/", hazard_views.hazard_list_page, name="hazard-list-page"),
    path("hazards/<id:hazard_id>/", hazard_views.hazard_page, name="hazard-page"),
    path("hazards/<id:hazard_id>/notice", notice_views.notice_page, name="hazard-notice"),
    path("hazards/<id:hazard_id>/notice.pdf", notice_views.notice_pdf, name="hazard-notice-pdf"),
    path("inbox/", inbox_views.inbox_page, name="inbox"),
    path("inbox/<id:message_id>/read", inbox_views.mark_read, name="inbox-read"),
    path("inbox/read-all", inbox_views.mark_all_read, name="inbox-read-all"),
    path("api/inbox", inbox_api.inbox_list, name="inbox-api"),
    path("api/inbox/read-all", inbox_api.inbox_read_all, name="inbox-api-read-all"),
    path("api/inbox/<id:message_id>/read", inbox_api.inbox_read, name="inbox-api-read"),
    path("integrity/", integrity_views.ranking, name="integrity"),
    path("organisations/<id:organisation_id>/", integrity_views.organisation_page, name="organisation-page"),
    path("exports/", export_views.export, name="export"),
    path("exports/printmap", export_views.printmap, name="printmap"),
    path("ogc", ogc_views.landing_page),
    path("ogc/", ogc_views.landing_page, name="ogc-landing"),
    path("ogc/conformance", ogc_views.conformance, name="ogc-conformance"),
    path("ogc/openapi", ogc_views.api_definition, name="ogc-openapi"),
    path("ogc/collections", ogc_views.collection_list, name="ogc-collections"),
    path("ogc/collections/<str:collection_id>", ogc_views.collection_detail, name="ogc-collection"),
    path("ogc/collections/<str:collection_id>/queryables", ogc_views.queryables, name="ogc-queryables"),
    path("ogc/collections/<str:collection_id>/items", ogc_views.item_list, name="ogc-items"),
    path("ogc/collections/<str:collection_id>/items/<str:feature_id>", ogc_views.item_detail, name="ogc-item"),
    path("api/rasters", raster_views.raster_list, name="raster-list"),
    path("api/rasters/<slug:slug>/zonal", raster_views.raster_zonal, name="raster-zonal"),
    path("rasters/<slug:slug>/<str:z>/<str:x>/<str:y>.png", raster_views.raster_tile, name="raster-tile"),
    # z/x/y as text: the view answers a malformed address with a 400 JSON error, not a 404 page.
    path("tiles/<str:layer>/<str:z>/<str:x>/<str:y>.mvt", layer_views.tile, name="tile"),
    path("api/samples", basin_api.samples, name="sample-import"),
    path("api/worksites/", include("geo_server.sectors.worksites.urls")),
    path("api/patrols", basin_api.patrols, name="patrol-create"),
    path("api/patrols/tasks", basin_api.my_tasks, name="patrol-tasks"),
    path("api/risk-runs", risk_api.risk_run_list, name="risk-run-list"),
    path("api/risk-runs/<id:run_id>", risk_api.risk_run_detail, name="risk-run-detail"),
    path("basins/compliance/", basin_views.compliance, name="patrol-compliance"),
    path("basins/patrols/upload/", basin_views.patrol_upload, name="patrol-upload"),
    path("zones/new", patrol_views.zone_new, name="zone-new"),
    path("zones/<id:zone_id>/", patrol_views.zone_detail, name="zone-detail"),
    path("zones/<id:zone_id>/edit", patrol_views.zone_edit, name="zone-edit"),
    path("zones/compliance/", patrol_views.compliance, name="zone-compliance"),
    path("zones/calendar/", patrol_views.zone_calendar, name="zone-calendar"),
    path("api/zones", patrol_api.zone_create, name="zone-create"),
    path("api/zones/import", patrol_api.zone_import, name="zone-import"),
    path("api/zones/<id:zone_id>", patrol_api.zone_item, name="zone-item"),
    path("api/zones/<id:zone_id>/patrols", patrol_api.zone_patrol, name="zone-patrol"),
    path("m/", mobile_views.page, name="mobile"),
    path("m/sw.js", mobile_views.service_worker, name="mobile-sw"),
    path("api/m/today", mobile_api.today, name="mobile-today"),
    path("api/m/sync", mobile_api.sync_actions, name="mobile-sync"),
    path("api/m/photos", mobile_api.photo_upload, name="mobile-photos"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/me/", account_views.me, name="me"),
    path("accounts/me/tokens/<id:token_id>/revoke", account_views.revoke_token, name="revoke-token"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
