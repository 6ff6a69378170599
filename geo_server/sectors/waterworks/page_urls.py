"""Page routes under /waterworks/ (included from geo_server/urls.py)."""

from django.urls import path

from geo_server.sectors.waterworks import views

urlpatterns = [
    path("projects/<int:feature_id>/documents/upload", views.upload_form, name="waterworks-upload"),
    path("documents/<int:document_id>/file", views.document_file, name="waterworks-document-file"),
]
