from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from basins import api as basin_api
from basins import views as basin_views
from geo_server.accounts import views as account_views
from geo_server.features import api as feature_api
from geo_server.features import views as feature_views

urlpatterns = [
    path("", feature_views.map_page, name="map"),
    path("health", feature_views.health, name="health"),
    path("features/<int:feature_id>/", feature_views.feature_record, name="feature-record"),
    path("api/features", feature_api.feature_list, name="feature-list"),
    path("api/features/<int:feature_id>", feature_api.feature_detail, name="feature-api-detail"),
    path("api/areas", feature_api.area_list, name="area-list"),
    path("api/samples", basin_api.samples, name="sample-import"),
    path("api/patrols", basin_api.patrols, name="patrol-create"),
    path("api/patrols/tasks", basin_api.my_tasks, name="patrol-tasks"),
    path("basins/compliance/", basin_views.compliance, name="patrol-compliance"),
    path("basins/patrols/upload/", basin_views.patrol_upload, name="patrol-upload"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/me/", account_views.me, name="me"),
    path("accounts/me/tokens/<int:token_id>/revoke", account_views.revoke_token, name="revoke-token"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
