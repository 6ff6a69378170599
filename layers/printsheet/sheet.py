"""A print sheet put together: frame, drawings, legend, scale bar, north arrow, grid and hazard list,
rendered from printsheet/sheet.html, and the PDF of that same page (WeasyPrint, Noto CJK embedded)."""

from collections import Counter

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.features.kinds import RISK_COLOURS, RiskLevel
from geo_server.supervision.rules import rule_title
from geo_server.supervision.states import State
from layers.catalogue import FEATURE_LAYERS
from layers.printsheet import drawing, frame as frames
from layers.printsheet.frame import MARGIN, PANEL, PAPERS, HEADER
from layers.printsheet.params import SheetRequest

# What the context draws, in the legend's words and the map's colours.
CONTEXT_STYLE = {"water": "#cfe3f3", "river": "#5b9bd5", "district": "#455a64", "street": "#90a4ae"}


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _name(obj, english: bool) -> str:
    return (obj.name_en or obj.name) if english else obj.name


def _organisation(user) -> str:
    if user.organisation_id:
        return user.organisation.name
    return user.get_full_name() or user.username


def sheet_context(user, request: SheetRequest) -> dict:
    english = _english()
    area = request.area
    frame = frames.fit(request.paper, area.geom.transform(3857, clone=True).extent)
    shapes, total = drawing.features(user, area, frame)
    hazard_limit = drawing.MAX_HAZARDS[request.paper]
    marks, hazard_total = drawing.hazards(user, area, frame, hazard_limit)
    contexts = drawing.context_areas(frame, english)
    area_name = _name(area, english)
    layers = {layer.kind: layer for layer in FEATURE_LAYERS}
    kinds = Counter(shape.kind for shape in shapes)
    risks = sorted({shape.risk for shape in shapes} | {mark.level for mark in marks}, reverse=True)
    page_width, page_height = PAPERS[request.paper]
    # Street names are the map's main names on a street's sheet, small print on a district's.
    street_font = 3.2 if area.level == "street" else 1.9
    return {
        "title": _("%(area)s: risks and hazards") % {"area": area_name},
        "area": area, "area_name": area_name, "organisation": _organisation(user),
        "date": timezone.localdate(), "paper": request.paper, "grid": request.grid,
        "page": {"width": page_width, "height": page_height, "margin": MARGIN, "header": HEADER,
                 "panel": PANEL[request.paper]},
        "frame": frame, "north_x": frame.width - 9, "scale_y": frame.height - 9, "scale": frames.scale_bar(frame, target_mm=frame.width / 5),
        "gridlines": frames.graticule(frame) if request.grid else [],
        "features": feature_paths(shapes, layers),
        "feature_total": total, "features_capped": total > len(shapes), "features_drawn": len(shapes),
        "water": drawing.context_water(frame),
        "streets": [c for c in contexts if c.kind == "street"],
        "districts": [c for c in contexts if c.kind == "district"],
        "street_labels": _labels(contexts, "street", street_font, frame),
        "district_labels": _labels(contexts, "district", DISTRICT_FONT, frame),
        "outline": next((c for c in contexts if c.code == area.code), None),
        "style": CONTEXT_STYLE,
        # Street names are the map's main names on a street's sheet, small print on a district's.
        "street_font": street_font, "district_font": DISTRICT_FONT,
        "legend_layers": [{"title": layers[kind].title("en" if english else "zh"), "count": count,
                           "outline": layers[kind].outline}
                          for kind, count in sorted(kinds.items(), key=lambda item: -item[1]) if kind in layers],
        "legend_risks": [{"value": int(level), "label": RiskLevel(level).label, "colour": RISK_COLOURS[RiskLevel(level)]}
                         for level in risks],
        "hazards": [{"mark": m, "rule": rule_title(m.rule_code), "state": State(m.state).label,
                     "colour": RISK_COLOURS[RiskLevel(m.level)], "level": RiskLevel(m.level).label} for m in marks],
        "hazard_total": hazard_total, "hazards_capped": hazard_total > len(marks),
    }


POINT_RADIUS_MM = 0.9
DISTRICT_FONT = 3.6


def _labels(contexts: list, level: str, font: float, frame) -> list:
    """The names of one level whose text fits inside the frame (a CJK character is about 1 em wide)."""
    def fits(shape) -> bool:
        half = len(shape.name) * font / 2
        return half <= shape.x <= frame.width - half and font <= shape.y <= frame.height - font / 2
    return [c for c in contexts if c.kind == level and c.name and fits(c)]


def _dot(x: float, y: float, r: float = POINT_RADIUS_MM) -> str:
    """A circle as path data: two half arcs."""
    return f"M{x - r:.2f} {y:.2f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"


def feature_paths(shapes: list, layers: dict) -> list[dict]:
    """One SVG path per (geometry dimension, risk colour, outline), lowest risk first so the worst is on
    top: thousands of elements make a slow PDF, a few long paths a fast one."""
    groups: dict[tuple, list[str]] = {}
    for shape in sorted(shapes, key=lambda s: s.risk):
        outline = layers[shape.kind].outline if shape.kind in layers else "#333333"
        key = (shape.dimension, shape.risk, RISK_COLOURS[RiskLevel(shape.risk)], outline if shape.dimension == 2 else "")
        groups.setdefault(key, []).append(_dot(shape.x, shape.y) if shape.dimension == 0 else shape.path)
    return [{"dimension": dimension, "risk": risk, "colour": colour, "outline": outline, "path": " ".join(paths)}
            for (dimension, risk, colour, outline), paths in groups.items()]


def sheet_html(user, request: SheetRequest) -> str:
    return render_to_string("printsheet/sheet.html", sheet_context(user, request))


def sheet_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which only PDFs need.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
