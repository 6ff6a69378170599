"""What a feed's import command shares with the others: the user it imports as, and the file read
through the sector's ingest, its errors told as the API tells them (line, field, reason)."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError

from geo_server.accounts.models import User
from geo_server.errors import ApiError


def importing_user(username: str | None) -> User | None:
    """The active user named, whose scope limits the import; None (no name) imports for any object."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username}.")
    return user


def import_file(path: Path, ingest: Callable):
    """`ingest(stream)` over the opened file; an unreadable file or a refused body as a CommandError."""
    try:
        with path.open("rb") as stream:
            return ingest(stream)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    except ApiError as error:
        raise CommandError(describe(error)) from None


def describe(error: ApiError) -> str:
    """The error's message, its first 50 bad rows, and the objects refused (sites, plants)."""
    lines = [error.message]
    for row in error.details.get("errors", [])[:50]:
        lines.append(f"  line {row['line']}: {row['field'] or '-'}: {row['reason']}")
    for name in ("sites", "plants"):
        if error.details.get(name):
            lines.append(f"  {name}: " + ", ".join(error.details[name][:50]))
    return "\n".join(lines)
