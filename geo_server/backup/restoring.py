"""Restoring a verified backup into a database and MEDIA_ROOT."""

import shutil
from pathlib import Path

from django.conf import settings

from geo_server.backup import postgres
from geo_server.backup.archive import DUMP, MEDIA, BackupError
from geo_server.backup.verification import verify


def restore(directory: Path, *, dbname: str | None = None, force: bool = False) -> dict:
    """Restore `directory` into `dbname` (default: the configured database) and MEDIA_ROOT.

    Refuses a target that already has tables or media files unless `force`; with `force`, objects
    in the dump are dropped and recreated and media files overwritten (others are left alone).
    Returns the manifest; BackupError when the restored row counts differ from it.
    """
    manifest = verify(directory)
    dbname = dbname or settings.DATABASES["default"]["NAME"]
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if postgres.has_user_tables(dbname):
            raise BackupError(f"database {dbname!r} is not empty; restore into a new database or use --force.")
        if media_root.is_dir() and any(path.is_file() for path in media_root.rglob("*")):
            raise BackupError(f"MEDIA_ROOT {media_root} is not empty; use --force to overwrite.")
    postgres.restore(str(directory / DUMP), dbname, clean=force)
    shutil.copytree(directory / MEDIA, media_root, dirs_exist_ok=True)
    counts = postgres.database_row_counts(dbname)
    differ = sorted(table for table, count in manifest["row_counts"].items() if counts.get(table) != count)
    if differ:
        first = differ[0]
        raise BackupError(f"restored, but {len(differ)} table(s) differ from the manifest's row counts, e.g. "
                          f"{first}: {counts.get(first)} rows, expected {manifest['row_counts'][first]}.")
    return manifest
