"""Real OGC API clients against the live server: GDAL's OAPIF driver and OWSLib, over HTTP Basic.

The live server needs transactional_db, whose flush after each test empties every table, the
session-loaded areas included; the `areas` fixture puts them back (as tests/browser does).
"""

import os
import shutil
import subprocess

import pyogrio
import pytest
from django.core.cache import cache
from django.core.management import call_command
from owslib.ogcapi.features import Features
from owslib.util import Authentication

from geo_server.features.models import AdminArea
from layers.catalogue import get_layer
from tests.conftest import CANTON_TOWER, point_feature

pytestmark = pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL command-line tools are missing")


@pytest.fixture(autouse=True)
def areas(transactional_db):
    if not AdminArea.objects.filter(level=AdminArea.Level.STREET).exists():
        call_command("load_areas", verbosity=0)
    cache.clear()


@pytest.fixture
def tianhe_plants(bob):
    """23 plants in Tianhe (more than two of GDAL's 10-item pages) and one in Haizhu bob may not see."""
    for i in range(23):
        point_feature(f"TH{i:02}", 113.3200 + i * 0.0005, 23.1380)
    point_feature("HZ", *CANTON_TOWER)


def gdal(*args: str) -> str:
    env = {**os.environ, "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": "bob:bob-password", "NO_PROXY": "*"}
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_it_lists_the_collections_to_ogrinfo(live_server, tianhe_plants):
    listing = gdal("ogrinfo", "-ro", "-q", f"OAPIF:{live_server.url}/ogc")
    for layer in ("building", "concrete_plant", "district", "basin"):
        assert f": {layer} " in listing


def test_it_copies_a_whole_layer_with_ogr2ogr(live_server, tianhe_plants, bob, tmp_path):
    out = tmp_path / "plants.gpkg"
    gdal("ogr2ogr", "-f", "GPKG", str(out), f"OAPIF:{live_server.url}/ogc", "concrete_plant")
    frame = pyogrio.read_dataframe(out)
    assert len(frame) == get_layer("concrete_plant").rows(bob).count() == 23
    assert sorted(frame["code"]) == [f"TH{i:02}" for i in range(23)]
    assert set(frame["district_name"]) == {"天河区"}


def test_it_reads_collections_and_items_with_owslib(live_server, tianhe_plants):
    api = Features(f"{live_server.url}/ogc", auth=Authentication("bob", "bob-password"))
    assert "concrete_plant" in [c["id"] for c in api.collections()["collections"]]
    page = api.collection_items("concrete_plant", limit=5, district_name="天河区")
    assert page["numberMatched"] == 23 and len(page["features"]) == 5
    assert api.collection_queryables("concrete_plant")["properties"]["risk"]["type"] == "string"
    assert api.api()["openapi"].startswith("3.0")
