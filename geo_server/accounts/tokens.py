"""Personal API tokens and HTTP credentials (Basic or Bearer) for clients that cannot log in."""

import base64
import binascii
import hashlib
import secrets

from django.contrib.auth import authenticate
from django.utils import timezone

from geo_server.accounts.models import ApiToken, User
from geo_server.errors import NotAuthenticated


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> str:
    """Create a token and return it; it cannot be read back later."""
    token = "gs_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=token[3:11], digest=_digest(token))
    return token


def user_for_token(token: str) -> User | None:
    record = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


def user_from_authorization(request, header: str) -> User:
    """The user an Authorization header names; NotAuthenticated when the credentials are wrong."""
    scheme, _, value = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        user = user_for_token(value.strip())
    elif scheme == "basic":
        try:
            username, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise NotAuthenticated("Malformed Basic credentials.", code="bad_credentials") from None
        user = authenticate(request, username=username, password=password)
    else:
        raise NotAuthenticated(f"Unsupported authorization scheme {scheme!r}; use Basic or Bearer.",
                               code="bad_credentials")
    if user is None:
        raise NotAuthenticated("Wrong username, password or token.", code="bad_credentials")
    return user
