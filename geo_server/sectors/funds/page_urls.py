"""The fund pages, included by the root URLconf at "funds/" (a center's record is the core's
/features/<id>/, with this sector's section)."""

from django.urls import path

from geo_server.sectors.funds import views

urlpatterns = [
    path("returns/", views.returns_page, name="funds-returns-page"),
    path("centers/<id:center_id>/returns/", views.versions_page, name="funds-versions"),
]
