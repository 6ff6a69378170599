"""A backup directory: database.dump (pg_dump custom format), media/ (MEDIA_ROOT), manifest.json.

The manifest holds the sha256 of the dump and of every media file, the row count of every table
and the versions that wrote it; restore checks all of it before touching anything.
"""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import django
from django.conf import settings
from django.utils import timezone

from geo_server.backup import postgres

FORMAT = 1
DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


def create(out: Path) -> dict:
    """Write a backup of the configured database and MEDIA_ROOT into `out` (new or empty)."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty; back up into a new directory.")
    out.mkdir(parents=True, exist_ok=True)
    with postgres.snapshot() as (snapshot_id, cursor):
        postgres.dump(str(out / DUMP), snapshot_id)
        counts = postgres.row_counts(cursor)
        versions = postgres.server_versions(cursor)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, out / MEDIA)
    else:
        (out / MEDIA).mkdir()
    manifest = {
        "format": FORMAT, "created_at": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "versions": {**versions, "django": django.get_version(), "pg_dump": pg_dump_version()},
        "dump": {"file": DUMP, "sha256": sha256(out / DUMP), "bytes": (out / DUMP).stat().st_size},
        "media": media_checksums(out / MEDIA),
        "row_counts": counts,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def pg_dump_version() -> str:
    return subprocess.run(["/usr/bin/pg_dump", "--version"], capture_output=True, text=True).stdout.strip()
