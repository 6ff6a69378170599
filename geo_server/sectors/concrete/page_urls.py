"""The concrete pages, included by the root URLconf at "concrete/" (a plant's and a site's record
are the core's /features/<id>/, with this sector's sections)."""

from django.urls import path

from geo_server.sectors.concrete import views

urlpatterns = [
    path("failures/", views.failures_page, name="concrete-failures"),
    path("trace/<str:direction>/<id:origin_id>/", views.trace_page, name="concrete-trace"),
    path("trace/<str:direction>/<id:origin_id>/trace.<str:fmt>", views.trace_download,
         name="concrete-trace-download"),
]
