from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from geo_server import api_docs, error_pages
from geo_server.accounts import views as account_views
from geo_server.features import api as feature_api
from geo_server.features import views as feature_views
from geo_server.integrity import api as integrity_api
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

# Database ids in paths: digits that fit a bigint, so a longer number is a 404, not a database error.
register_converter(IdConverter, "id")
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error

# layers (the map, tiles, OGC API, exports, rasters) and basins (river chiefs) bring their own
# patterns; the core names them only as strings, so it imports neither.
urlpatterns = [
    path("", include("layers.urls")),
    path("", include("basins.urls")),
    path("", include("geo_server.dashboards.urls")),
    path("", include("geo_server.jobs.urls")),
    path("health", feature_views.health, name="health"),
    path("features/<id:feature_id>/", feature_views.feature_record, name="feature-record"),
    path("api/features", feature_api.feature_list, name="feature-list"),
    path("api/features/<id:feature_id>", feature_api.feature_detail, name="feature-api-detail"),
    path("api/areas", feature_api.area_list, name="area-list"),
    path("api/openapi.json", api_docs.openapi_json, name="openapi-json"),
    path("api/docs", api_docs.api_docs, name="api-docs"),
    path("api/hazards", hazard_api.hazard_list, name="hazard-list"),
    path("api/hazards/dispatch", hazard_api.hazard_dispatch_many, name="hazard-dispatch-many"),
    path("api/hazards/<id:hazard_id>", hazard_api.hazard_detail, name="hazard-api-detail"),
    path("api/hazards/<id:hazard_id>/transitions", hazard_api.hazard_transition, name="hazard-transition"),
    path("api/hazards/<id:hazard_id>/photos", photo_views.hazard_photos, name="hazard-photos"),
    path("api/hazards/<id:hazard_id>/blacklist", integrity_api.blacklist_hazard, name="hazard-blacklist"),
    # Photos are served through a view that checks the user may see the photo's hazard.
    path("media/<path:name>", photo_views.media, name="media"),
    path("hazards/", hazard_views.hazard_list_page, name="hazard-list-page"),
    path("hazards/selected", hazard_views.selected_hazards, name="hazard-selected"),
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
    path("api/worksites/", include("geo_server.sectors.worksites.urls")),
    path("api/concrete/", include("geo_server.sectors.concrete.urls")),
    path("api/buildings/", include("geo_server.sectors.buildings.urls")),
    path("api/funds/", include("geo_server.sectors.funds.urls")),
    path("api/waterworks/", include("geo_server.sectors.waterworks.urls")),
    path("zones/new", patrol_views.zone_new, name="zone-new"),
    path("zones/<id:zone_id>/", patrol_views.zone_detail, name="zone-detail"),
    path("zones/<id:zone_id>/edit", patrol_views.zone_edit, name="zone-edit"),
    path("zones/compliance/", patrol_views.compliance, name="zone-compliance"),
    path("zones/calendar/", patrol_views.zone_calendar, name="zone-calendar"),
    path("api/zones", patrol_api.zone_create, name="zone-create"),
    path("api/zones/preview", patrol_api.zone_preview, name="zone-preview"),
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
    path("worksites/", include("geo_server.sectors.worksites.page_urls")),
    path("concrete/", include("geo_server.sectors.concrete.page_urls")),
    path("buildings/", include("geo_server.sectors.buildings.page_urls")),
    path("funds/", include("geo_server.sectors.funds.page_urls")),
    path("waterworks/", include("geo_server.sectors.waterworks.page_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
