"""Routes under /api/waterworks/ (included from geo_server/urls.py)."""

from django.urls import path

from geo_server.sectors.waterworks import views

urlpatterns = [
    path("projects/<int:feature_id>/documents", views.project_documents, name="waterworks-documents"),
]
