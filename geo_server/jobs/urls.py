from django.urls import path

from geo_server.jobs import api, views

urlpatterns = [
    path("jobs/", views.job_list_page, name="job-list-page"),
    path("jobs/start", views.job_start, name="job-start"),
    path("jobs/<uuid:job_id>/", views.job_page, name="job-page"),
    path("jobs/<uuid:job_id>/cancel", views.job_cancel, name="job-cancel"),
    path("jobs/<uuid:job_id>/download", views.job_download, name="job-download"),
    path("api/jobs", api.job_list, name="job-api-list"),
    path("api/jobs/<uuid:job_id>", api.job_detail, name="job-api"),
    path("api/jobs/<uuid:job_id>/cancel", api.job_cancel, name="job-api-cancel"),
]
