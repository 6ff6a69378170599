"""Routes under /api/funds/ (included from geo_server/urls.py)."""

from django.urls import path

from geo_server.sectors.funds import api

urlpatterns = [
    path("transactions", api.transactions, name="funds-transactions"),
    path("returns", api.returns, name="funds-returns"),
]
