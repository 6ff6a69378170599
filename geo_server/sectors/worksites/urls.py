"""Routes under /api/worksites/ (included from geo_server/urls.py)."""

from django.urls import path

from geo_server.sectors.worksites import api

urlpatterns = [
    path("attendance", api.attendance, name="worksites-attendance"),
    path("payments", api.payments, name="worksites-payments"),
    path("inflows", api.inflows, name="worksites-inflows"),
]
