"""The per-user inbox: messages added set-based from hazard events, read and marked read."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geo_server.errors import NotFound
from geo_server.features.kinds import RiskLevel
from geo_server.notifications import audience
from geo_server.notifications.models import InboxMessage
from geo_server.supervision.states import State

TITLES = {
    "dispatch": _("Hazard %(id)s was dispatched to your organisation"),
    "refer": _("Hazard %(id)s was referred to your organisation"),
    "issue_notice": _("A rectification notice was issued for hazard %(id)s"),
    "reject": _("The reply on hazard %(id)s was rejected"),
    "extend": _("The deadline of hazard %(id)s was extended"),
    "overdue": _("Hazard %(id)s is overdue"),
    "reply": _("A reply was received on hazard %(id)s"),
    "escalate": _("Overdue hazard %(id)s was escalated to your organisation"),
}
assert set(TITLES) == set(audience.INBOX_KINDS)

CHUNK = 5000


def on_events(events) -> None:
    """Subscriber (apps.py): only the kinds someone is told about reach the SQL."""
    ids = [event.pk for event in events if event.action in TITLES]
    for start in range(0, len(ids), CHUNK):
        audience.add_inbox_messages(ids[start:start + CHUNK])


def messages_for(user, unread_only: bool = False) -> QuerySet:
    queryset = (InboxMessage.objects.filter(user=user)
                .select_related("hazard__feature", "hazard__responsible_organisation", "event__actor")
                .defer("hazard__geom", "hazard__feature__geom"))
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).count()


def title(message: InboxMessage) -> str:
    template = TITLES.get(message.kind)
    return str(template) % {"id": message.hazard_id} if template else f"{message.kind} #{message.hazard_id}"


def as_json(message: InboxMessage) -> dict:
    """The message in the current language: what happened, to which hazard, by whom and why."""
    hazard, event = message.hazard, message.event
    language = "en" if (get_language() or "").startswith("en") else "zh"
    return {
        "id": message.pk, "kind": message.kind, "title": title(message),
        "created_at": message.created_at.isoformat(), "read": message.read_at is not None,
        "read_at": message.read_at.isoformat() if message.read_at else None,
        "hazard": {
            "id": hazard.pk, "url": reverse("hazard-page", args=[hazard.pk]),
            "message": hazard.message_en if language == "en" else hazard.message_zh,
            "level": RiskLevel(hazard.level).name.lower(), "level_label": str(RiskLevel(hazard.level).label),
            "state": hazard.state, "state_label": str(State(hazard.state).label),
            "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
            "feature": {"id": hazard.feature_id, "code": hazard.feature.code, "name": hazard.feature.name},
            "organisation": (hazard.responsible_organisation.name if hazard.responsible_organisation else None),
        },
        "event": {"id": event.pk, "action": event.action, "at": event.at.isoformat(),
                  "actor": event.actor.username if event.actor else None, "reason": event.reason,
                  "from": event.from_state, "to": event.to_state},
    }


def mark_read(user, message_id: int) -> InboxMessage:
    """Idempotent: a message read twice keeps its first reading time."""
    message = messages_for(user).filter(pk=message_id).first()
    if message is None:
        raise NotFound(gettext("No message %(message_id)s in your inbox.")
                       % {"message_id": message_id}, code="message_not_found")
    if message.read_at is None:
        message.read_at = timezone.now()
        InboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def mark_all_read(user) -> int:
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
