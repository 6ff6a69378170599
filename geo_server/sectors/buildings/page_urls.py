"""The buildings page actions, included by the root URLconf at "buildings/" (a building's record is
the core's /features/<id>/, with this sector's section)."""

from django.urls import path

from geo_server.sectors.buildings import views

urlpatterns = [
    path("<id:feature_id>/appraisals/new", views.appraisal_new, name="buildings-appraisal-new"),
    path("appraisals/<id:report_id>/<str:action>", views.appraisal_act, name="buildings-appraisal-act"),
]
