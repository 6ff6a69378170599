"""A patrol walked with the phone page: started, GPS fixes appended batch by batch, finished into a
zone Patrol judged by patrols.validity like an uploaded track. The phone may send fixes late (it
was offline), but each batch must continue the track in time order."""

from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest, Conflict, NotFound
from geo_server.patrols.models import Patrol, PatrolSession, PatrolZone
from geo_server.patrols.tracks import MAX_VERTICES, coordinate, make_track, parse_time
from geo_server.patrols.validity import record_zone_patrol


def assigned_zone(inspector, zone_id) -> PatrolZone:
    zone = PatrolZone.objects.filter(pk=zone_id, plan__active=True, plan__inspectors=inspector).first() \
        if isinstance(zone_id, int) and not isinstance(zone_id, bool) else None
    if zone is None:
        raise NotFound(_("No such zone among the active plans you are assigned to."), code="not_zone_inspector")
    return zone


def start_session(inspector, zone_id, client_id: UUID, started_at: datetime) -> PatrolSession:
    zone = assigned_zone(inspector, zone_id)
    if PatrolSession.objects.filter(client_id=client_id).exists():
        raise Conflict(_("A patrol with this id was started already."), code="patrol_exists")
    return PatrolSession.objects.create(client_id=client_id, zone=zone, inspector=inspector, started_at=started_at)


def own_session(inspector, client_id: UUID, *, lock: bool = False) -> PatrolSession:
    sessions = PatrolSession.objects.select_for_update() if lock else PatrolSession.objects
    session = sessions.filter(client_id=client_id, inspector=inspector).first()
    if session is None:
        raise NotFound(_("No patrol of yours with this id."), code="patrol_not_found")
    return session


def parse_points(raw) -> list[list]:
    """[[longitude, latitude, ISO 8601 time], ...] -> the same, checked, times normalised."""
    if not isinstance(raw, list) or not raw:
        raise BadRequest(_("points must be a non-empty list of [longitude, latitude, time]."), code="bad_track")
    points = []
    for entry in raw:
        if not isinstance(entry, list) or len(entry) != 3:
            raise BadRequest(_("Each point is [longitude, latitude, time]."), code="bad_track")
        lon, lat = coordinate(entry[:2])
        try:
            at = parse_time(entry[2], "points")
        except (ValueError, AttributeError):
            raise BadRequest(_("A point's time must be ISO 8601."), code="bad_track_times") from None
        points.append([lon, lat, at.isoformat()])
    return points


@transaction.atomic
def add_points(inspector, client_id: UUID, raw_points) -> PatrolSession:
    points = parse_points(raw_points)
    session = own_session(inspector, client_id, lock=True)
    if session.finished_at is not None:
        raise Conflict(_("The patrol is finished; no more points."), code="patrol_finished")
    track = session.points + points
    if len(track) > MAX_VERTICES:
        raise BadRequest(_("A patrol keeps at most %(max_vertices)s points.")
                         % {"max_vertices": MAX_VERTICES}, code="bad_track")
    times = [parse_time(t) for _lon, _lat, t in track]
    if any(b < a for a, b in zip(times, times[1:])):
        raise BadRequest(_("Points must continue the track in time order."), code="bad_track_times")
    session.points = track
    session.save(update_fields=["points"])
    return session


@transaction.atomic
def finish_session(inspector, client_id: UUID, finished_at: datetime) -> Patrol:
    """Judge the track and link the checklists filled during the patrol to the Patrol."""
    session = own_session(inspector, client_id, lock=True)
    if session.finished_at is not None:
        raise Conflict(_("The patrol is finished already."), code="patrol_finished")
    track = make_track({"type": "LineString", "coordinates": [p[:2] for p in session.points]},
                       [p[2] for p in session.points])
    patrol = record_zone_patrol(inspector, session.zone, track)
    session.finished_at, session.patrol = finished_at, patrol
    session.save(update_fields=["finished_at", "patrol"])
    session.checklist_results.update(patrol=patrol)
    return patrol
