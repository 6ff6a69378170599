"""record(): the one way a security event enters the audit log."""

from contextvars import ContextVar

from geo_server.accounts.lockout import client_address
from geo_server.audit.models import SecurityEvent

# Signals (a role saved in the admin, a token deleted by a cascade) carry no request; the
# middleware keeps the current one here so their events still say who acted and from where.
current_request: ContextVar = ContextVar("current_request", default=None)

# Never in the log: secrets, and personal data (ID numbers, phone numbers).
FORBIDDEN_DETAIL_WORDS = ("password", "token", "secret", "authorization", "phone", "id_number", "id_card")


def safe_details(details: dict) -> dict:
    return {key: value for key, value in details.items()
            if not any(word in key.lower() for word in FORBIDDEN_DETAIL_WORDS)}


def record(event: str, request=None, user=None, username: str = "", **details) -> SecurityEvent:
    """Write one SecurityEvent; request defaults to the one being served, user to its user."""
    event = SecurityEvent.Type(event)  # a misspelt type fails here, not silently in the log
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        acting = getattr(request, "user", None)
        user = acting if acting is not None and acting.is_authenticated else None
    where = {"ip": client_address(request), "path": request.path[:300]} if request else {}
    return SecurityEvent.objects.create(
        event=event, user=user, username=(username or (user.get_username() if user else ""))[:150],
        details=safe_details(details), **where,
    )
