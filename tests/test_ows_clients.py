"""Real WMS and WFS clients against /ows on the live server, with the Tianhe office's account: OWSLib,
GDAL's WFS driver and QGIS (Debian's python3-qgis, offscreen, in a subprocess of the system python).
Each must see the three Tianhe plants and not the Haizhu one (tests/test_ows.py's `plants`)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from owslib.wfs import WebFeatureService
from owslib.wms import WebMapService

from layers.catalogue import get_layer
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER
from tests.test_ows import MS, areas, plants  # noqa: F401 (fixtures)

TIANHE = ["OWSTH0", "OWSTH1", "OWSTH2"]
SYSTEM_PYTHON = "/usr/bin/python3"


def has_qgis() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


def test_owslib_reads_wms_capabilities_and_a_map(live_server, plants):
    wms = WebMapService(f"{live_server.url}/ows", version="1.3.0", username="bob", password="bob-password")
    assert wms.identification.type == "WMS"
    assert wms["concrete_plant"].title == "预拌混凝土企业"
    assert "EPSG:4490" in wms["concrete_plant"].crsOptions
    image = wms.getmap(layers=["concrete_plant"], srs="CRS:84", bbox=(113.30, 23.09, 113.35, 23.15), size=(100, 120),
                       format="image/png", transparent=True)
    assert image.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_owslib_reads_wfs_capabilities_and_features(live_server, plants):
    import xml.etree.ElementTree as ET

    wfs = WebFeatureService(f"{live_server.url}/ows", version="2.0.0", username="bob", password="bob-password")
    assert "ms:concrete_plant" in wfs.contents
    answer = wfs.getfeature(typename=["ms:concrete_plant"]).read()
    found = sorted(e.text for e in ET.fromstring(answer).iter(f"{{{MS}}}code"))
    assert found == TIANHE


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command-line tools are missing")
def test_gdal_reads_wfs_2_with_the_district_count(live_server, plants, bob):
    env = {**os.environ, "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": "bob:bob-password", "NO_PROXY": "*"}
    done = subprocess.run(["ogrinfo", "-ro", "-so", f"WFS:{live_server.url}/ows?VERSION=2.0.0", "ms:concrete_plant"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Feature Count: {get_layer('concrete_plant').rows(bob).count()}" in done.stdout
    assert "Feature Count: 3" in done.stdout
    listing = subprocess.run(["ogrinfo", "-ro", "-q", f"WFS:{live_server.url}/ows?VERSION=2.0.0",
                              "ms:concrete_plant", "-fields=YES"], env=env, capture_output=True, text=True,
                             timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert sorted(line.split("=", 1)[1].strip() for line in listing.stdout.splitlines()
                  if line.strip().startswith("code (String)")) == TIANHE
    assert "天河区" in listing.stdout


@pytest.mark.skipif(not has_qgis(), reason="python3-qgis is missing (bin/setup --browser installs it)")
def test_qgis_opens_the_wms_and_wfs_layers_with_the_district_offices_account(live_server, plants):
    probe = Path(__file__).with_name("qgis_ows_probe.py")
    done = subprocess.run([SYSTEM_PYTHON, "-X", "faulthandler", str(probe), f"{live_server.url}/ows", "bob", "bob-password",
                           "concrete_plant", *map(str, TIANHE_SPORTS_CENTER + CANTON_TOWER)],
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "NO_PROXY": "*"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["wfs_valid"] and seen["wms_valid"], seen
    assert seen["wfs_codes"] == TIANHE and seen["wfs_count"] == 3
    at_tianhe, at_haizhu = seen["wms_html"]
    assert ">OWSTH0</a>" in at_tianhe and f'href="{live_server.url}/features/{plants.tianhe[0].pk}/"' in at_tianhe
    assert "OWSHZ" not in at_haizhu and "href" not in at_haizhu
