"""Site documents over HTTP: the API (list, upload), the record page's upload form and the file."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from geo_server.errors import ApiError, NotFound
from geo_server.features.scoping import scope_features
from geo_server.sectors.waterworks import documents
from geo_server.sectors.waterworks.models import SiteDocument

_JSON = {"ensure_ascii": False}


@require_http_methods(["GET", "POST"])
def project_documents(request, feature_id: int):
    """GET the project's documents; POST one (multipart: doc_type, title, the type's fields, file)."""
    if request.method == "POST":
        document = documents.store_document(request.user, feature_id, request.POST, request.FILES.get("file"))
        return JsonResponse(documents.document_json(document), status=201, json_dumps_params=_JSON)
    rows = [documents.document_json(d) for d in documents.project_documents(request.user, feature_id)]
    return JsonResponse({"project": feature_id, "documents": rows}, json_dumps_params=_JSON)


@require_POST
def upload_form(request, feature_id: int):
    """The record page's form: back to the record, with what was stored or why not."""
    try:
        document = documents.store_document(request.user, feature_id, request.POST, request.FILES.get("file"))
    except NotFound:
        raise Http404(_("No such water project, or not yours to see.")) from None
    except ApiError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Document “%(title)s” added.") % {"title": document.title})
    return redirect(f"/features/{feature_id}/#water-documents")


@require_GET
def document_file(request, document_id: int):
    document = SiteDocument.objects.filter(pk=document_id, feature__in=scope_features(request.user)).first()
    if document is None or not document.file:
        raise Http404(_("No such document, or not yours to see."))
    response = FileResponse(default_storage.open(document.file.name, "rb"), content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="document-{document.pk}.{documents.EXTENSIONS[document.content_type]}"'
    return response
