"""GET /api/search?q=: the map's search box."""

from django.http import JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from layers.search import search as find


@require_GET
def search(request):
    return JsonResponse(find(request.user, request.GET.get("q"), get_language()), json_dumps_params={"ensure_ascii": False})
