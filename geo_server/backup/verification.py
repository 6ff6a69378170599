"""Checking a backup directory against its manifest, before anything is restored from it."""

import json
from pathlib import Path, PurePosixPath

from geo_server.backup.archive import DUMP, FORMAT, MANIFEST, MEDIA, BackupError, media_checksums, sha256

REQUIRED = ("format", "dump", "media", "row_counts")


def read_manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{directory} has no {MANIFEST}: not a backup directory.") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{MANIFEST} is corrupted (not valid JSON: {error}); refusing to restore.") from None
    missing = [key for key in REQUIRED if not isinstance(manifest, dict) or key not in manifest]
    if missing:
        raise BackupError(f"{MANIFEST} is corrupted (missing {', '.join(missing)}); refusing to restore.")
    if manifest["format"] != FORMAT:
        raise BackupError(f"{MANIFEST} has format {manifest['format']!r}; this version reads format {FORMAT}.")
    return manifest


def verify(directory: Path) -> dict:
    """The manifest, once the dump and every media file match it; BackupError otherwise."""
    manifest = read_manifest(directory)
    dump = directory / DUMP
    if not dump.is_file() or sha256(dump) != manifest["dump"].get("sha256"):
        raise BackupError(f"{DUMP} is missing or does not match its sha256 in {MANIFEST}: the backup is damaged.")
    for name in manifest["media"]:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(f"{MANIFEST} names a media file outside the media directory: {name!r}.")
    found = media_checksums(directory / MEDIA)
    listed = manifest["media"]
    damaged = sorted(name for name in set(found) | set(listed) if found.get(name) != listed.get(name))
    if damaged:
        raise BackupError(f"{len(damaged)} media file(s) missing, extra or not matching {MANIFEST}, "
                          f"e.g. {damaged[0]}: the backup is damaged.")
    return manifest
