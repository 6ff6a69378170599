"""No ID number leaves the server: every page, API response and export format a worksite's data
reaches is scanned for the workers' numbers and for any 18-character ID pattern (issue #11).

The wage world's workers have real-format numbers (valid check digits); the sweep has raised
their worker-month warnings and hazards, so messages and evidence are in play too."""

import io
import re
import zipfile
from datetime import date

import pytest

from geo_server.sectors.worksites.models import Enterprise
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.conftest import make_user
from tests.worksites_rules_world import build_wage_world, person

ID_PATTERN = re.compile(rb"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")
FORMATS = ("geojson", "csv", "gpkg", "shp")


@pytest.fixture
def world(db):
    world = build_wage_world()
    sweep("construction_site", today=date(2026, 4, 16))
    return world


@pytest.fixture
def city_user(db, province_bureau):
    return make_user("prov", province_bureau, "supervisor")


def numbers() -> list[bytes]:
    """The raw ID numbers the world's people were registered with (tests/worksites_rules_world)."""
    return [person(n).encode() for n in (*range(1, 5), *range(11, 21), 30, 99)]


def assert_clean(body: bytes, where: str) -> None:
    for number in numbers():
        assert number not in body, f"{where} contains an ID number"
    match = ID_PATTERN.search(body)
    assert match is None, f"{where} contains an ID-like number {match.group(0)!r}"


def unzip_all(body: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def read(response, where: str) -> bytes:
    assert response.status_code == 200, (where, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_no_page_api_or_export_carries_an_id_number(client, world, city_user):
    client.force_login(city_user)
    a = world.sites["A"]
    hazard = Hazard.objects.filter(feature=a).first()
    enterprise = Enterprise.objects.get(organisation=world.organisations["A"])
    urls = [f"/features/{a.pk}/", f"/worksites/workers/{world.workers['a2'].pk}/",
            f"/worksites/enterprises/{enterprise.pk}/", "/worksites/ranking/", f"/worksites/sites/{a.pk}/workers/",
            f"/hazards/{hazard.pk}/", "/hazards/", f"/api/features/{a.pk}", "/api/features?kind=construction_site",
            "/api/hazards", f"/api/hazards/{hazard.pk}", "/ogc/collections/construction_site/items?limit=100",
            "/ogc/collections/hazards/items?limit=100"]
    for url in urls:
        assert_clean(read(client.get(url), url), url)
    for layer in ("construction_site", "hazards"):
        for file_format in FORMATS:
            body = read(client.get(f"/exports/?layer={layer}&format={file_format}"), file_format)
            if file_format == "shp":
                body = unzip_all(body)
            assert_clean(body, f"{layer} export as {file_format}")


def test_the_database_holds_only_hashes_and_masks(world):
    from django.db import connection

    with connection.cursor() as cursor:
        for table, columns in (("worksites_worker", "name || id_hash || id_masked || phone_masked"),
                               ("worksites_dailyattendance", "id_hash"), ("worksites_payment", "id_hash || payee_name"),
                               ("supervision_warning", "subject || message_zh || message_en || evidence::text"),
                               ("supervision_hazard", "subject || message_zh || message_en")):
            cursor.execute(f"SELECT string_agg({columns}, '|') FROM {table}")
            assert_clean((cursor.fetchone()[0] or "").encode(), table)
