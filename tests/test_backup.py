"""Backup and restore drill: real pg_dump/pg_restore into a fresh database, media with checksums.

The data is committed (pg_dump reads committed rows only), so these tests use the database in
autocommit mode and delete what they created; the reference areas stay untouched.
"""

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from geo_server.accounts.models import Organisation, User
from geo_server.audit.models import SecurityEvent
from geo_server.backup.archive import sha256
from geo_server.backup.postgres import database_row_counts, tool_environment
from geo_server.features.models import AdminArea
from geo_server.sectors.worksites.partitions import ensure_months
from geo_server.supervision.models import Photo
from geo_server.supervision.photos import store_photo
from tests.conftest import ensure_areas
from tests.photos import upload


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """An organisation, a user and a stored photo (two media files), committed; removed afterwards.

    Not a `db` test, so pytest-django runs it after the transactional ones, whose flush may have
    emptied the reference areas: load them again then, as django_db_setup does."""
    with django_db_blocker.unblock():
        ensure_areas()
        first_event = (SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        office = Organisation.objects.create(name="备份演练办公室", type="district_office",
                                             jurisdiction=AdminArea.objects.get(code="440106"))
        user = User.objects.create_user("drill", password="drill-password", organisation=office, role="inspector")
        photo = store_photo(upload(), user)
        # A month partition of the attendance tables, as any wage ingestion leaves: a restore over a
        # database holding partitions must still work (pg_restore --clean alone cannot drop them).
        ensure_months(date(2026, 3, 1), date(2026, 3, 31))
        yield photo
        photo.delete()
        user.delete()
        office.delete()
        SecurityEvent.objects.filter(pk__gte=first_event).delete()


@pytest.fixture
def fresh_database(django_db_setup):
    """An empty `<test db>_restore`, dropped afterwards."""
    name = settings.DATABASES["default"]["NAME"] + "_restore"
    subprocess.run(["/usr/bin/dropdb", "--if-exists", name], env=tool_environment("postgres"), check=True)
    subprocess.run(["/usr/bin/createdb", name], env=tool_environment("postgres"), check=True)
    yield name
    subprocess.run(["/usr/bin/dropdb", "--force", name], env=tool_environment("postgres"), check=True)


def checksums(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): sha256(path) for path in root.rglob("*") if path.is_file()}


def test_it_restores_every_row_and_media_file_into_a_fresh_database(committed, fresh_database, tmp_path,
                                                                    settings, django_db_blocker):
    source_media = Path(settings.MEDIA_ROOT)
    call_command("backup", "--out", str(tmp_path / "backup"))
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    call_command("restore", str(tmp_path / "backup"), "--database", fresh_database)
    with django_db_blocker.unblock():
        source_counts = database_row_counts(settings.DATABASES["default"]["NAME"])
    assert database_row_counts(fresh_database) == source_counts
    assert source_counts["public.supervision_photo"] == 1 and source_counts["public.features_adminarea"] > 100
    assert len(checksums(source_media)) == 2  # the photo and its thumbnail
    assert checksums(tmp_path / "restored-media") == checksums(source_media)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["media"] == checksums(source_media)
    assert manifest["versions"]["postgis"] and manifest["versions"]["pg_dump"].startswith("pg_dump")


def test_it_refuses_a_non_empty_target_unless_forced(committed, fresh_database, tmp_path, settings):
    call_command("backup", "--out", str(tmp_path / "backup"))
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    call_command("restore", str(tmp_path / "backup"), "--database", fresh_database)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "backup"), "--database", fresh_database)
    call_command("restore", str(tmp_path / "backup"), "--database", fresh_database, "--force")
    assert database_row_counts(fresh_database)["public.accounts_user"] >= 1


def damage_dump(backup: Path):
    with (backup / "database.dump").open("r+b") as dump:
        dump.seek(2000)
        dump.write(b"\x00garbage\x00")


def damage_manifest(backup: Path):
    text = (backup / "manifest.json").read_text()
    (backup / "manifest.json").write_text(text[: len(text) // 2])


def damage_photo(backup: Path):
    photo = next(path for path in (backup / "media").rglob("*") if path.is_file())
    photo.write_bytes(photo.read_bytes() + b"tail")


def escape_media(backup: Path):
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["media"]["../../outside.jpg"] = "0" * 64
    (backup / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("damage, message", [
    (damage_dump, "database.dump is missing or does not match"),
    (damage_manifest, "manifest.json is corrupted"),
    (damage_photo, "media file.* not matching"),
    (escape_media, "outside the media directory"),
])
def test_it_refuses_a_damaged_backup_before_touching_anything(committed, fresh_database, tmp_path, settings,
                                                              damage, message):
    call_command("backup", "--out", str(tmp_path / "backup"))
    damage(tmp_path / "backup")
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(tmp_path / "backup"), "--database", fresh_database)
    assert database_row_counts(fresh_database) == {}
    assert not (tmp_path / "restored-media").exists()


def test_it_refuses_a_directory_that_is_not_a_backup(db, tmp_path):
    # (`db` also makes pytest-django create the test database when this file runs on its own:
    # the drills above use it in autocommit mode, which no marker asks for.)
    with pytest.raises(CommandError, match="has no manifest.json"):
        call_command("restore", str(tmp_path))


def test_it_refuses_to_back_up_into_a_non_empty_directory(db, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", "--out", str(tmp_path))


def test_it_names_a_target_database_that_does_not_exist(committed, tmp_path):
    call_command("backup", "--out", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="cannot connect to database 'no_such_database'"):
        call_command("restore", str(tmp_path / "backup"), "--database", "no_such_database")
