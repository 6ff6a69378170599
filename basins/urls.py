"""The river chiefs' API and pages: sample imports, patrols, risk-model runs, patrol compliance.
Included by geo_server/urls.py by name; the `id` path converter is registered there first."""

from django.urls import path

from basins import api as basin_api
from basins import risk_api
from basins import views as basin_views

urlpatterns = [
    path("api/samples", basin_api.samples, name="sample-import"),
    path("api/patrols", basin_api.patrols, name="patrol-create"),
    path("api/patrols/tasks", basin_api.my_tasks, name="patrol-tasks"),
    path("api/risk-runs", risk_api.risk_run_list, name="risk-run-list"),
    path("api/risk-runs/<id:run_id>", risk_api.risk_run_detail, name="risk-run-detail"),
    path("basins/compliance/", basin_views.compliance, name="patrol-compliance"),
    path("basins/patrols/upload/", basin_views.patrol_upload, name="patrol-upload"),
]
