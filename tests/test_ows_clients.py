"""Real WMS and WFS clients against /ows on the live server, with the Tianhe office's account: OWSLib,
GDAL's WFS driver and QGIS (tests/clients/qgis_open.py: Debian's python3-qgis, offscreen, credentials
in QGIS's authentication store).
Each must see the three Tianhe plants and not the Haizhu one (tests/test_ows.py's `plants`)."""

import os
import shutil
import subprocess

import pytest
from owslib.wfs import WebFeatureService
from owslib.wms import WebMapService

from layers.catalogue import get_layer
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER
from tests.test_ows import MS, areas, plants  # noqa: F401 (fixtures)
from tests.test_qgis_clients import open_in_qgis, qgis_available

TIANHE = ["OWSTH0", "OWSTH1", "OWSTH2"]


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


@pytest.mark.skipif(not qgis_available(), reason="python3-qgis is missing (bin/setup --browser installs it)")
def test_qgis_opens_the_wms_and_wfs_layers_with_the_district_offices_account(live_server, plants, tmp_path):
    url = f"{live_server.url}/ows"
    account = {"user": "bob", "password": "bob-password"}
    wfs, wms = open_in_qgis(
        tmp_path,
        {"name": "wfs", "provider": "WFS", "field": "code", **account,
         "uri": f"pagingEnabled='true' restrictToRequestBBOX='0' srsname='EPSG:4326' typename='ms:concrete_plant' "
                f"url='{url}' version='2.0.0'"},
        {"name": "wms", "provider": "wms", **account, "identify": [TIANHE_SPORTS_CENTER, CANTON_TOWER],
         "uri": f"crs=EPSG:4326&dpiMode=7&format=image/png&layers=concrete_plant&styles=&url={url}&version=1.3.0"},
    )
    assert wfs["valid"] and wms["valid"], (wfs, wms)
    assert wfs["values"] == TIANHE and wfs["count"] == 3
    at_tianhe, at_haizhu = wms["identified"]
    assert ">OWSTH0</a>" in at_tianhe
    assert f'href="{live_server.url}/features/{plants.tianhe[0].pk}/"' in at_tianhe
    assert "OWSHZ" not in at_haizhu and "href" not in at_haizhu
