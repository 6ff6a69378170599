"""QGIS 3.22 (Debian's python3-qgis, offscreen) as a district office runs it, against the live server.

Each test writes the layers a user would add (README, "Connecting desktop GIS") to a JSON file and
runs tests/clients/qgis_open.py with Debian's Python, which QGIS's bindings are built for. Credentials
go through a Basic configuration in QGIS's authentication store, as a user sets them up.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.signals import request_started

from geo_server.features.kinds import RISK_COLOURS, RiskLevel
from geo_server.features.models import Feature
from layers.catalogue import get_layer
from tests.conftest import CANTON_TOWER, explain_colour
from tests.test_ogcapi_clients import areas, tianhe_plants  # noqa: F401 (fixtures)

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).parent / "clients" / "qgis_open.py"


def qgis_available() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not qgis_available(), reason="python3-qgis is missing: run bin/setup --browser")


def open_in_qgis(tmp_path, *layers: dict) -> list[dict]:
    spec = tmp_path / "layers.json"
    spec.write_text(json.dumps(list(layers), ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QGIS_AUTH_DB_DIR_PATH": str(tmp_path / "auth"),
           "HOME": str(tmp_path), "NO_PROXY": "*"}
    (tmp_path / "auth").mkdir()
    done = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(spec)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.fixture
def requests_seen():
    """The path and query of every request the live server receives while the test runs."""
    seen = []

    def record(sender, environ, **kwargs):
        seen.append(f"{environ.get('PATH_INFO')}?{environ.get('QUERY_STRING', '')}")

    request_started.connect(record, weak=False)
    yield seen
    request_started.disconnect(record)


def oapif(live_server, collection: str, user: str = "bob", **extra) -> dict:
    return {"name": collection, "provider": "oapif", "uri": f"url='{live_server.url}/ogc' typename='{collection}'",
            "user": user, "password": f"{user}-password", **extra}


def test_qgis_opens_an_oapif_layer_with_the_district_offices_rows_only(live_server, tianhe_plants, bob, tmp_path,
                                                                        requests_seen):
    # 23 plants in Tianhe, one in Haizhu that bob may not see.
    Feature.objects.filter(code="TH05").update(name="天河五号搅拌站")
    [layer] = open_in_qgis(tmp_path, oapif(live_server, "concrete_plant", field="name"))
    assert layer["valid"] and layer["count"] == get_layer("concrete_plant").rows(bob).count() == 23
    assert "天河五号搅拌站" in layer["values"] and "HZ" not in layer["values"]
    west, south, east, north = layer["extent"]
    assert (west, east) == pytest.approx((113.3200, 113.3310)) and south == north == pytest.approx(23.1380)
    assert any(path.startswith("/ogc/collections/concrete_plant/items?") for path in requests_seen)


def test_qgis_322_filters_an_oapif_layer_on_the_client(live_server, tianhe_plants, tmp_path, requests_seen):
    # QGIS sends OGC API - Features Part 3 filters only from 3.28 (CQL2 from 3.32): 3.22 downloads the
    # collection and applies the layer's filter itself. The server would take the filter (test_ogc_cql).
    [layer] = open_in_qgis(tmp_path, oapif(live_server, "concrete_plant", field="code", subset="\"code\" = 'TH03'"))
    assert layer["subset_set"] and layer["values"] == ["TH03"]
    items = [path for path in requests_seen if "/items?" in path]
    assert items and not any("filter=" in path for path in items)


def test_qgis_draws_the_vector_tiles_from_the_tilejson_in_the_maps_colours(live_server, tianhe_plants, bob, client,
                                                                           tmp_path):
    explain_colour(Feature.objects.get(code="TH00"), RiskLevel.RED)  # at 113.3200, 23.1380
    explain_colour(Feature.objects.get(code="HZ"), RiskLevel.RED)  # Haizhu: not bob's
    client.force_login(bob)
    tilejson = client.get("/tiles/concrete_plant.json").json()
    template = tilejson["tiles"][0].replace("http://testserver", live_server.url)
    source = (f"type=xyz&url={template.replace('{', '%7B').replace('}', '%7D')}"
              f"&zmin={tilejson['minzoom']}&zmax={tilejson['maxzoom']}")
    style_url = f"{live_server.url}/tiles/concrete_plant/style.json"
    colours = {"red": RISK_COLOURS[RiskLevel.RED]}

    def around(lon, lat):
        return {"bbox": [lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002], "size": 128, "colours": colours}

    tianhe, haizhu = open_in_qgis(
        tmp_path,
        {"name": "tianhe", "provider": "vectortile", "uri": source, "style_url": style_url, "user": "bob",
         "password": "bob-password", "render": around(113.3200, 23.1380)},
        {"name": "haizhu", "provider": "vectortile", "uri": source, "style_url": style_url, "user": "bob",
         "password": "bob-password", "render": around(*CANTON_TOWER)})
    assert tianhe["valid"] and tianhe["style_loaded"]
    assert tianhe["pixels"]["red"] > 20  # the red plant, in the web map's red
    assert haizhu["pixels"]["ink"] == 0  # nothing drawn where only another district's plant is
