"""Routes under /api/buildings/ (included from geo_server/urls.py)."""

from django.urls import path

from geo_server.sectors.buildings import api

urlpatterns = [
    path("readings", api.reading_ingest, name="buildings-readings"),
    path("appraisals/import", api.appraisal_import, name="buildings-appraisal-import"),
    path("appraisals/<id:report_id>/transitions", api.appraisal_transition, name="buildings-appraisal-transition"),
    path("appraisals/<id:report_id>/report.pdf", api.appraisal_pdf, name="buildings-appraisal-pdf"),
    path("<id:feature_id>/census", api.census_create, name="buildings-census"),
    path("<id:feature_id>/appraisals", api.appraisal_collection, name="buildings-appraisals"),
]
