"""The components' schemas: GeoJSON, hazards and their transitions, and the rest."""

from geo_server.features.kinds import Kind
from geo_server.openapi.builders import array, integer, nullable, obj, ref, string
from geo_server.supervision.evidence import evidence_types, reply_fields
from geo_server.supervision.listing import LEVELS
from geo_server.supervision.states import TRANSITIONS, State


def geojson_schemas() -> dict:
    return {
        "Geometry": obj(("type",), "A GeoJSON geometry (RFC 7946), WGS84 longitude/latitude.",
                        type=string(), coordinates=array({})),
        "LineString": obj(("type", "coordinates"), "A GeoJSON LineString, longitude/latitude.",
                          type=string(enum=["LineString"]), coordinates=array(array({"type": "number"}), minItems=2)),
        "Feature": obj(("type", "geometry", "properties"), type=string(enum=["Feature"]), id=integer(),
                       geometry=ref("Geometry"), properties={"type": "object"}),
        "FeatureCollection": obj(("type", "features"), type=string(enum=["FeatureCollection"]),
                                 features=array(ref("Feature")), numberMatched=integer(), numberReturned=integer(),
                                 links=array(ref("Link"))),
        "Link": obj(("rel", "href"), rel=string(), type=string(), href=string()),
    }


def _evidence_fields() -> dict:
    """Each registered evidence type's reply field (e.g. payment_ids, declared by the construction-wage
    sector), as the Transition body carries it."""
    fields = {}
    for field, evidence_type in reply_fields().items():
        described = f"Evidence for rules requiring {evidence_type.code!r} (reply)."
        fields[field] = string(described, enum=list(evidence_type.choices)) if evidence_type.choices \
            else string(described)
    return fields


def hazard_schemas() -> dict:
    named = obj(("id", "name"), id=integer(), name=string())
    hazard = obj(
        ("id", "feature", "kind", "rule", "subject", "level", "state", "deadline", "overdue", "age_days", "version"),
        id=integer(), feature=obj(("id", "code", "name"), id=integer(), code=string(), name=string()),
        kind=string(enum=Kind.values), rule=string("Rule code, e.g. building.dangerous_grade"),
        subject=string("What inside the feature the hazard is about, e.g. worker:123:2026-10 (a worker-month); "
                       "empty when it is about the feature itself."),
        level=string(enum=LEVELS), state=string(enum=State.values),
        message=obj(("zh", "en"), zh=string(), en=string()),
        district=nullable(obj(("code", "name"), code=string(), name=string())), organisation=nullable(named),
        deadline=nullable(string(format="date")), overdue={"type": "boolean", "description": "Open and past its deadline."},
        age_days=integer("Days since the hazard was raised."), version=integer("Send it back with a transition."),
        created_at=string(format="date-time"))
    event = obj(("at", "action", "from", "to"), at=string(format="date-time"), actor=nullable(string()),
                action=string(), **{"from": string(), "to": string()}, reason=string(), data={"type": "object"})
    return {
        "Hazard": hazard,
        "HazardPage": obj(("hazards", "numberReturned", "links"), hazards=array(ref("Hazard")),
                          numberReturned=integer(), links=array(ref("Link"), description="`next` while more follow.")),
        "HazardDetail": {"allOf": [ref("Hazard"), obj(
            ("geometry", "allowed_actions", "timeline"), geometry=ref("Geometry"),
            allowed_actions=array(string(enum=list(TRANSITIONS))), timeline=array(ref("HazardEvent")),
            evidence_required=array(string(enum=list(evidence_types())), description="What a reply must carry before "
                                    "confirm (422 evidence_missing otherwise)."),
            notice=nullable(ref("Notice")), photos=array(ref("Photo")))]},
        "Notice": obj(("number", "issued_at"), "The latest rectification notice (整改通知书).",
                      number=string("e.g. 穗建整〔2026〕第0001号"), issued_at=string(format="date-time"),
                      deadline=nullable(string(format="date")), html=string(format="uri-reference"),
                      pdf=string(format="uri-reference")),
        "HazardEvent": event,
        "Transition": obj(("action", "version"), "Move a hazard; reason, deadline and organisation as the action "
                          "requires (reply, reject, extend, refer and close_not_fixed need a reason).",
                          action=string(enum=list(TRANSITIONS)), version=integer("The version you loaded."),
                          reason=string(), deadline=string("New deadline (dispatch, extend, refer).", format="date"),
                          organisation=integer("Organisation id to dispatch or refer to."),
                          photos=array(integer(), description="Ids of photos uploaded first (reply evidence)."),
                          **_evidence_fields()),
    }


def photo_schemas() -> dict:
    """Photos: uploaded as evidence, served behind the same login."""
    return {
        "Photo": obj(("id", "hazard", "urls", "content_type"), "A stored photo; urls need the same login.",
                     id=integer(), hazard=integer(), event=nullable(integer("The reply it is evidence of.")),
                     client_id=nullable(string(format="uuid")),
                     urls=obj(("original", "thumbnail"), original=string(format="uri-reference"),
                              thumbnail=string("320 px JPEG.", format="uri-reference")),
                     content_type=string(enum=["image/jpeg", "image/png", "image/webp"]), width=integer(),
                     height=integer(), bytes=integer(), sha256=string(),
                     taken_at=nullable(string("EXIF time, when the photo carries one.", format="date-time")),
                     location=nullable(ref("Geometry")), uploaded_by=nullable(string()),
                     uploaded_at=string(format="date-time")),
        "Photos": obj(("photos",), photos=array(ref("Photo"))),
    }


def inbox_schemas() -> dict:
    return {
        "InboxItem": obj(("id", "kind", "title", "created_at", "read", "hazard", "event"),
                         "A message in the user's inbox, in the request's language.", id=integer(),
                         kind=string("What happened", enum=["dispatch", "refer", "issue_notice", "reply", "reject",
                                                            "extend", "overdue", "escalate"]),
                         title=string(), created_at=string(format="date-time"), read={"type": "boolean"},
                         read_at=nullable(string(format="date-time")),
                         hazard=obj(("id", "url"), id=integer(), url=string(), message=string(), level=string(),
                                    level_label=string(), state=string(), state_label=string(),
                                    deadline=nullable(string(format="date")), feature={"type": "object"},
                                    organisation=nullable(string())),
                         event=obj(("id", "action", "at"), id=integer(), action=string(),
                                   at=string(format="date-time"), actor=nullable(string()), reason=string(),
                                   **{"from": string(), "to": string()})),
        "Inbox": obj(("messages", "numberReturned", "unread", "links"), messages=array(ref("InboxItem")),
                     numberReturned=integer(), unread=integer("Unread messages in all"),
                     links=array({"type": "object"})),
    }


def other_schemas() -> dict:
    sample = obj(("point_code", "taken_at"), point_code=string(), taken_at=string(format="date-time"),
                 transparency_cm={"type": "number"}, dissolved_oxygen_mg_l={"type": "number"},
                 orp_mv={"type": "number"}, ammonia_n_mg_l={"type": "number"}, depth_cm={"type": "number"})
    track = obj(("track", "times"), track=ref("LineString"),
                times=array(string(format="date-time"), description="One ISO 8601 time per vertex, in order."))
    return {
        "Error": obj(("code", "message"), "Every error of the JSON API.", code=string("Stable, e.g. invalid_level."),
                     message=string(), details={"type": "object"}),
        "Sample": sample,
        "SampleImport": obj(("added", "already_present", "errors"), added=integer(), already_present=integer(),
                            errors=array({"type": "object"})),
        "Track": track,
        "ReachPatrol": {"allOf": [track, obj(("reach",), reach=integer("River reach feature id."))]},
        "PatrolResult": obj(("id", "valid", "reasons"), id=integer(), reach=integer(), zone=integer(),
                            valid={"type": "boolean"}, reasons=array(string("English")),
                            reasons_zh=array(string("Chinese")), length_m={"type": "number"},
                            near_share={"type": "number"}, inside_share={"type": "number"},
                            started_at=string(format="date-time"), ended_at=string(format="date-time")),
        "Tasks": obj(("tasks",), tasks=array({"type": "object"})),
        "ZoneInput": obj((), "A GeoJSON Feature with properties.name, or name and geometry (both needed to "
                         "create; either to change).",
                         type=string(), name=string(), properties={"type": "object"}, geometry=ref("Geometry")),
        "Rasters": obj(("rasters",), rasters=array({"type": "object"})),
        "SearchResults": obj(("areas", "features"), areas=array({"type": "object"}),
                             features=array({"type": "object"}, description="Each with point, bounds and record url.")),
        "ZonePreview": obj(("features", "kinds", "risk", "open_hazards"), features=integer(),
                           kinds=array({"type": "object"}), risk=array({"type": "object"}), open_hazards=integer()),
        "Zonal": obj(("raster", "count"), raster=string(), units=string(), target={"type": "object"},
                     mean=nullable({"type": "number"}), min=nullable({"type": "number"}),
                     max=nullable({"type": "number"}), count=integer(), share_above=nullable({"type": "number"})),
    }
