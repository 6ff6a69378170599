"""The hazards section of every feature's record page (registered for each kind in apps.py)."""

from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.models import HazardEvent


def hazard_section(feature, user) -> dict:
    hazards = list(visible_hazards(user).filter(feature=feature).order_by("-id")[:20])
    events = HazardEvent.objects.filter(hazard__in=hazards).select_related("actor").order_by("-at", "-id")[:50]
    return {"hazards": hazards, "events": events}
