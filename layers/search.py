"""The map's search box: features the user may see by code, name or the text their sector makes
searchable (a building's address: Sector.search_text), and districts and streets by name. One ILIKE
per column; code and names are served by the trigram indexes of features/0003_search_trgm."""

from django.contrib.gis.db.models.functions import Centroid, Envelope
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.features.kinds import RiskLevel
from geo_server.features.models import AdminArea
from geo_server.features.scoping import scope_features
from geo_server.sector import search_paths
from layers.catalogue import get_layer

MAX_QUERY = 64
LIMIT = 20
AREA_LEVELS = (AdminArea.Level.DISTRICT, AdminArea.Level.STREET)


def checked_query(q: str | None) -> str:
    """The stripped query, or a 400 naming what is wrong with it."""
    q = (q or "").strip()
    if not q:
        raise BadRequest(_("Type a code or a name to search for."), code="search_empty")
    if len(q) > MAX_QUERY:
        raise BadRequest(_("Search for at most %(limit)s characters.") % {"limit": MAX_QUERY}, code="search_too_long")
    return q


def _rank(q: str) -> Case:
    """Exact code first, then codes and names starting with the query, then the rest."""
    return Case(When(code__iexact=q, then=Value(0)), When(Q(code__istartswith=q) | Q(name__istartswith=q), then=Value(1)),
                default=Value(2), output_field=IntegerField())


def _bounds(envelope) -> list[list[float]]:
    west, south, east, north = envelope.extent
    return [[south, west], [north, east]]


def _feature_result(row, language: str, matched: str) -> dict:
    layer = get_layer(row.kind)
    url_name = layer.record_url_name if layer else "feature-record"
    return {"type": "feature", "id": row.pk, "kind": row.kind, "code": row.code, "name": row.name,
            "layer": row.kind, "title": layer.title(language) if layer else row.kind,
            "district": row.district.name if row.district_id else "",
            "risk": RiskLevel(row.risk_level).name.lower(),
            "point": [row.point.y, row.point.x], "bounds": _bounds(row.box),
            "url": reverse(url_name, args=[row.pk]), "matched": matched}


def search_features(user, q: str, language: str, limit: int = LIMIT) -> list[dict]:
    match = Q(code__icontains=q) | Q(name__icontains=q) | Q(name_en__icontains=q)
    texts = {}
    for i, (kind, path) in enumerate(search_paths()):
        match |= Q(kind=kind, **{f"{path}__icontains": q})
        texts[f"search_text_{i}"] = F(path)
    rows = (scope_features(user).filter(match).select_related("district")
            .annotate(rank=_rank(q), point=Centroid("geom"), box=Envelope("geom"), **texts)
            .defer("geom").order_by("rank", "code")[:limit])
    return [_feature_result(row, language, _matched(row, q, texts)) for row in rows]


def _matched(row, q: str, texts: dict) -> str:
    """The sector text that matched (an address), when neither code nor name did: the box shows it."""
    if q.lower() in f"{row.code}\n{row.name}\n{row.name_en}".lower():
        return ""
    return next((value for name in texts if (value := getattr(row, name)) and q.lower() in value.lower()), "")


def search_areas(user, q: str, limit: int = LIMIT) -> list[dict]:
    """Districts and streets by name: public reference data, shown to any signed-in user."""
    if not user.is_authenticated:
        return []
    rows = (AdminArea.objects.filter(level__in=AREA_LEVELS).filter(Q(name__icontains=q) | Q(name_en__icontains=q))
            .annotate(box=Envelope("geom")).defer("geom").order_by("level", "code")[:limit])
    return [{"type": "area", "id": row.pk, "level": row.level, "code": row.code, "name": row.name,
             "title": str(AdminArea.Level(row.level).label), "bounds": _bounds(row.box)} for row in rows]


def search(user, q: str | None, language: str) -> dict:
    q = checked_query(q)
    return {"areas": search_areas(user, q), "features": search_features(user, q, language)}
