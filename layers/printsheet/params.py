"""What a print map request asks for: area (a district or street the user may see), paper, grid, format."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_server.dashboards.filters import scoped_areas
from geo_server.errors import BadRequest, Forbidden
from geo_server.features.models import AdminArea
from geo_server.features.params import reject_unknown
from layers.printsheet.frame import PAPERS

PARAMS = {"area", "paper", "grid", "format"}
FORMATS = ("html", "pdf")
LEVELS = (AdminArea.Level.DISTRICT, AdminArea.Level.STREET)


@dataclass(frozen=True)
class SheetRequest:
    area: AdminArea
    paper: str
    grid: bool
    format: str


def _choice(query, name: str, allowed, default: str) -> str:
    value = query.get(name) or default
    if value not in allowed:
        raise BadRequest(_("%(name)s must be one of %(allowed)s, not %(value)r.")
                         % {"name": name, "allowed": ", ".join(allowed), "value": value}, code=f"invalid_{name}")
    return value


def parse(user, query) -> SheetRequest:
    reject_unknown(query, PARAMS)
    paper = _choice(query, "paper", tuple(PAPERS), "a4")
    grid = _choice(query, "grid", ("0", "1"), "0") == "1"
    sheet_format = _choice(query, "format", FORMATS, "html")
    return SheetRequest(area_for(user, query.get("area")), paper, grid, sheet_format)


def area_for(user, code: str | None) -> AdminArea:
    """The district or street `code`; 400 when there is none, 403 when it lies outside the user's jurisdiction."""
    if not code:
        raise BadRequest(_("Name a district or street: area=440106."), code="invalid_area")
    area = AdminArea.objects.filter(level__in=LEVELS, code=code).first()
    if area is None:
        raise BadRequest(_("No district or street with code %(code)r.") % {"code": code}, code="unknown_area")
    if not scoped_areas(user).filter(pk=area.pk).exists():
        raise Forbidden(_("The area %(code)s is outside your jurisdiction.") % {"code": code},
                        code="area_out_of_scope")
    return area
