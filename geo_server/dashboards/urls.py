"""The dashboards' pages and API, included by the root URLconf at the root."""

from django.urls import path

from geo_server.dashboards import views

urlpatterns = [
    path("dashboards/", views.index, name="dashboards"),
    path("dashboards/areas.geojson", views.areas_geojson, name="dashboard-areas"),
    path("dashboards/<slug:dashboard_id>/", views.dashboard_page, name="dashboard"),
    path("dashboards/<slug:dashboard_id>/report.pdf", views.report_pdf, name="dashboard-report"),
    path("api/dashboards/<slug:dashboard_id>/panels/<slug:panel_id>", views.panel_data, name="dashboard-panel"),
]
