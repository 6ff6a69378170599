"""The worksites pages, included by the root URLconf at "worksites/" (the site's record is the
core's /features/<id>/, with this sector's section)."""

from django.urls import path

from geo_server.sectors.worksites import views

urlpatterns = [
    path("ranking/", views.ranking_page, name="worksites-ranking"),
    path("workers/<id:worker_id>/", views.worker_page, name="worksites-worker"),
    path("enterprises/<id:enterprise_id>/", views.enterprise_page, name="worksites-enterprise"),
    path("sites/<id:site_id>/workers/", views.site_workers, name="worksites-site-workers"),
]
