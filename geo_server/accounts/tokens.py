"""Personal API tokens and HTTP credentials (Basic or Bearer) for clients that cannot log in."""

import base64
import binascii
import hashlib
import secrets

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.accounts.lockout import token_failed
from geo_server.accounts.models import ApiToken, User
from geo_server.errors import NotAuthenticated


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> str:
    """Create a token and return it; it cannot be read back later."""
    token = "gs_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=token[3:11], digest=_digest(token))
    return token


# "Last used" is for people reading the token list; a write per request would cost more than it tells.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# GDAL and QGIS send Basic credentials with every page; PBKDF2 costs ~300 ms each time.
BASIC_CACHE_SECONDS = 300


def user_for_token(request, token: str) -> User | None:
    """The token's user; a bad token counts as a failure of the address (429 once it is locked).

    A good token works even from a locked address: 256 random bits cannot be guessed, and checking
    the lock first would cost a query on every tile a desktop client fetches.
    """
    user = _token_owner(token)
    if user is None:
        token_failed(request)
    return user


def _token_owner(token: str) -> User | None:
    # Sliced, not first(): the digest is unique, and ordering by the key cost a fifth of the lookup.
    record = next(iter(ApiToken.objects.select_related("user__organisation").filter(digest=_digest(token))[:1]), None)
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def user_for_password(request, username: str, password: str) -> User | None:
    """authenticate(), remembered for a few minutes per (username, password) pair.

    The cache holds the user's password hash as it was: a changed password (or a deactivated
    user) no longer matches, so the old credentials stop working at once.
    """
    key = "basic:" + hashlib.sha256(f"{settings.SECRET_KEY}:{username}:{password}".encode()).hexdigest()
    remembered = cache.get(key)
    if remembered:
        user = User.objects.filter(pk=remembered[0], is_active=True).first()
        if user is not None and user.password == remembered[1]:
            return user
    user = authenticate(request, username=username, password=password)
    if user is not None:
        cache.set(key, (user.pk, user.password), BASIC_CACHE_SECONDS)
        # As the login form does: resets the failure counts, updates last_login, enters the audit log.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
    return user


def user_from_authorization(request, header: str) -> User:
    """The user an Authorization header names; NotAuthenticated when the credentials are wrong."""
    scheme, value = header.partition(" ")[::2]
    scheme = scheme.lower()
    if scheme == "bearer":
        user = user_for_token(request, value.strip())
    elif scheme == "basic":
        try:
            username, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")[::2]
        except (binascii.Error, UnicodeDecodeError):
            raise NotAuthenticated(_("Malformed Basic credentials."), code="bad_credentials") from None
        user = user_for_password(request, username, password)
    else:
        raise NotAuthenticated(_("Unsupported authorization scheme %(scheme)r; use Basic or Bearer.")
                               % {"scheme": scheme},
                               code="bad_credentials")
    if user is None:
        raise NotAuthenticated(_("Wrong username, password or token."), code="bad_credentials")
    return user
