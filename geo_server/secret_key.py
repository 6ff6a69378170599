"""The secret key kept in a file when the environment gives none: made once, then reused."""

import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def read_or_create_secret_key(path: Path) -> str:
    """The key in `path`, written there (mode 0600) first if the file does not exist yet.

    Gunicorn's workers import the settings at the same moment on a first start. The key is
    written whole to a private temporary file and linked into place: a link never replaces an
    existing file, so the first worker's key wins, and no worker can read a half-written one.
    """
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race: its key is the key
    finally:
        os.unlink(temporary)
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"{path} is empty: delete it to have a new secret key made")
    return key
