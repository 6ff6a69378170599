"""Login throttling (django-axes, counted in the database so every worker process sees the same counts).

The form and HTTP Basic go through authenticate(), where AxesStandaloneBackend refuses a locked
account or address before any password is hashed. Bearer tokens skip authenticate(), so their
failures are reported here, counted per address only.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_login_failed

NO_USERNAME = {"username": None}


class LockoutBackend(AxesStandaloneBackend):
    """First in AUTHENTICATION_BACKENDS: refuses a locked account or address before ModelBackend hashes.

    authenticate() without a request comes from the server itself (a shell, a command, the test
    client's login()): there is no client to count, so it passes on instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_address(request) -> str | None:
    """The client's address (settings.AXES_CLIENT_IP_CALLABLE, and the audit log's).

    Behind N trusted reverse proxies it is the Nth X-Forwarded-For entry from the right: entries
    further left are whatever the client sent. With no proxy, REMOTE_ADDR.
    """
    proxies = settings.GEO_SERVER["TRUSTED_PROXIES"]
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        try:
            return str(ipaddress.ip_address(forwarded[-proxies]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list[str]:
    """Lock per address, and per account when there is one: an empty username would otherwise
    pool every token failure from every address into one shared count."""
    if credentials is not None:
        username = credentials.get("username")
    else:
        username = getattr(request_or_attempt, "username", None)
    return ["ip_address", "username"] if username else ["ip_address"]


def token_failed(request) -> None:
    """Count a bad Bearer token against the address; the token itself is not passed on."""
    user_login_failed.send(sender=__name__, credentials=NO_USERNAME, request=request)
