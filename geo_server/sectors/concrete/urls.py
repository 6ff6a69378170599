"""Routes under /api/concrete/ (included from geo_server/urls.py)."""

from django.urls import path

from geo_server.sectors.concrete import api

urlpatterns = [
    path("batches", api.batches, name="concrete-batches"),
    path("batching", api.batching, name="concrete-batching"),
    path("lots", api.lots, name="concrete-lots"),
    path("tests", api.tests, name="concrete-tests"),
    path("heartbeats", api.heartbeats, name="concrete-heartbeats"),
]
