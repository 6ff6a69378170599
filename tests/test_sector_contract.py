"""The sector contract, layers side: a sector the core has never heard of plugs in with no core change,
and its published fields reach a tile, an OGC item, its queryables and every export format.

"kiosk" is defined only here (not a Kind); the construction-site layer gains the registered workers
and the start date of its detail row. Every sector registered here is taken out again afterwards.
"""

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import date

import pandas as pd
import pyogrio
import pytest
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from geo_server.accounts.models import Organisation
from geo_server.features.kinds import Kind
from geo_server.features.models import Feature
from geo_server.sector import (LayerSpec, PublishedField, Sector, known_kinds, register_sector, sector_for,
                               unregister_sector)
from geo_server.sectors.worksites.models import ConstructionSiteDetail
from layers import catalogue
from layers.catalogue import LAYERS, get_layer
from layers.map_config import map_config
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, point_feature
from tests.test_tiles import read_tile
from layers.tiles import empty_tile

KIOSK = Sector(
    kind="kiosk", app_label="kiosks", title="Kiosks",
    layer=LayerSpec("报刊亭", "Kiosks", "Point", "#5d4037", detail_zoom=12, grid_zoom=0),
    layer_fields=(
        PublishedField("kiosk_label", "name", title_zh="亭名", title_en="Kiosk label", popup=True),
        PublishedField("operator", "organisation__name", title_zh="经营单位", title_en="Operator"),
    ),
)
WORKERS = PublishedField("registered_workers", "construction_site_detail__registered_workers", "integer",
                         title_zh="登记工人数", title_en="Registered workers", minimum=0, popup=True)
STARTED = PublishedField("started_on", "construction_site_detail__started_on", "date", title_zh="开工日期",
                         title_en="Started on")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # OGC extents are cached per user id, and ids repeat across rolled-back tests


def plug_in(sector: Sector):
    """Register `sector` (in place of the kind's own, if any) and give the registry back afterwards."""
    before = sector_for(sector.kind)
    if before is not None:
        added = {f.name for f in sector.layer_fields}
        kept = tuple(f for f in before.layer_fields if f.name not in added)
        sector = replace(before, layer=before.layer or sector.layer, layer_fields=kept + sector.layer_fields)
    register_sector(sector)
    try:
        yield sector
    finally:
        unregister_sector(sector.kind)
        if before is not None:
            register_sector(before)
        catalogue.refresh()


@pytest.fixture
def kiosk_sector():
    yield from plug_in(KIOSK)


@pytest.fixture
def site_sector():
    yield from plug_in(Sector(kind=Kind.CONSTRUCTION_SITE.value, app_label="worksites",
                              layer_fields=(WORKERS, STARTED)))


@pytest.fixture
def kiosks(db, kiosk_sector):
    operator = Organisation.objects.create(name="广州报刊发行有限公司", type="enterprise", jurisdiction=area("440100"))
    return (point_feature("KS-TH-1", *TIANHE_SPORTS_CENTER, kind="kiosk", name="体育中心报刊亭", organisation=operator),
            point_feature("KS-HZ-1", *CANTON_TOWER, kind="kiosk", name="广州塔报刊亭"))


@pytest.fixture
def site(db, site_sector):
    lon, lat = TIANHE_SPORTS_CENTER
    feature = Feature.objects.create(kind=Kind.CONSTRUCTION_SITE, code="CS-TH-1", name="体育中心工地",
                                     geom=Polygon.from_bbox((lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001)))
    ConstructionSiteDetail.objects.create(feature=feature, permit_no="440106202601010101", general_contractor="广建集团",
                                          started_on=date(2025, 3, 1), planned_completion=date(2027, 6, 30),
                                          registered_workers=120, wage_account_bank="工商银行",
                                          manager_phone="13812345678")
    bare = Feature.objects.create(kind=Kind.CONSTRUCTION_SITE, code="CS-HZ-1", name="广州塔工地（无明细）",
                                  geom=Polygon.from_bbox((CANTON_TOWER[0] - 0.001, CANTON_TOWER[1] - 0.001,
                                                          CANTON_TOWER[0] + 0.001, CANTON_TOWER[1] + 0.001)))
    return feature, bare


def download(client, user, query: str) -> bytes:
    client.force_login(user)
    response = client.get(f"/exports/?{query}")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_a_new_kind_gets_a_layer_with_its_fields_and_loses_it_when_unregistered(kiosk_sector):
    assert "kiosk" in known_kinds() and "kiosk" not in Kind.values
    layer = get_layer("kiosk")
    assert (layer.title_zh, layer.geometry_type, layer.detail_zoom, layer.grid_zoom) == ("报刊亭", "Point", 12, 0)
    assert [f.name for f in layer.fields][-2:] == ["kiosk_label", "operator"]
    assert layer.popup_fields == ("code", "kind", "district_name", "risk", "kiosk_label")
    popup = next(entry for entry in map_config("zh-hans")["layers"] if entry["id"] == "kiosk")
    assert popup["details"] == [{"name": "kiosk_label", "title": "亭名"}] and popup["detailZoom"] == 12
    unregister_sector("kiosk")
    assert "kiosk" not in LAYERS  # noticed without a refresh: the catalogue follows the registry
    register_sector(KIOSK)
    assert "kiosk" in LAYERS


def test_its_fields_ride_in_tiles_from_the_detail_zoom(client, alice, bob, kiosks, tmp_path):
    tianhe, haizhu = kiosks
    client.force_login(alice)
    tile = read_tile(client.get("/tiles/kiosk/14/13349/7109.mvt"), tmp_path, "kiosk", 14, 13349, 7109)
    assert list(tile["mvt_id"]) == [tianhe.pk]
    assert (tile.iloc[0]["kiosk_label"], tile.iloc[0]["operator"]) == ("体育中心报刊亭", "广州报刊发行有限公司")
    # Below zoom 12 the same kiosks (both in this tile) are drawn with the popup's core fields only.
    coarse = read_tile(client.get("/tiles/kiosk/11/1668/888.mvt"), tmp_path, "kiosk", 11, 1668, 888)
    assert sorted(zip(coarse["mvt_id"], coarse["code"])) == [(tianhe.pk, "KS-TH-1"), (haizhu.pk, "KS-HZ-1")]
    assert "kiosk_label" not in coarse.columns and "operator" not in coarse.columns
    # Jurisdiction still decides: bob (Tianhe) gets the Tianhe kiosk, not the Haizhu one.
    client.force_login(bob)
    assert client.get("/tiles/kiosk/14/13349/7109.mvt").status_code == 200
    assert client.get("/tiles/kiosk/14/13349/7110.mvt").content == empty_tile("kiosk")


def test_ogc_queryables_items_and_filters_carry_them(client, alice, kiosks):
    client.force_login(alice)
    schema = client.get("/ogc/collections/kiosk/queryables").json()
    assert schema["properties"]["kiosk_label"] == {"title": "亭名", "type": "string"}
    english = client.get("/ogc/collections/kiosk/queryables", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["properties"]["operator"] == {"title": "Operator", "type": "string"}
    items = client.get("/ogc/collections/kiosk/items").json()["features"]
    assert {f["properties"]["code"]: (f["properties"]["kiosk_label"], f["properties"]["operator"]) for f in items} == {
        "KS-TH-1": ("体育中心报刊亭", "广州报刊发行有限公司"), "KS-HZ-1": ("广州塔报刊亭", None)}
    found = client.get("/ogc/collections/kiosk/items", {"operator": "广州报刊发行有限公司"}).json()["features"]
    assert [f["id"] for f in found] == [kiosks[0].pk]
    assert client.get(f"/ogc/collections/kiosk/items/{kiosks[1].pk}").json()["properties"]["kiosk_label"] == "广州塔报刊亭"


def test_geojson_csv_and_geopackage_exports_carry_them(client, alice, kiosks, tmp_path):
    document = json.loads(download(client, alice, "layer=kiosk&format=geojson"))
    assert {f["properties"]["code"]: f["properties"]["operator"] for f in document["features"]} == {
        "KS-TH-1": "广州报刊发行有限公司", "KS-HZ-1": None}
    rows = list(csv.DictReader(io.StringIO(download(client, alice, "layer=kiosk&format=csv").decode("utf-8-sig"))))
    assert {row["code"]: row["kiosk_label"] for row in rows} == {"KS-TH-1": "体育中心报刊亭", "KS-HZ-1": "广州塔报刊亭"}
    path = tmp_path / "kiosk.gpkg"
    path.write_bytes(download(client, alice, "layer=kiosk&format=gpkg"))
    frame = pyogrio.read_dataframe(path, layer="kiosk")
    operators = dict(zip(frame["code"], frame["operator"]))
    assert operators["KS-TH-1"] == "广州报刊发行有限公司" and pd.isna(operators["KS-HZ-1"])


def test_the_site_layer_publishes_its_detail_typed_in_ogc_and_in_files(client, alice, site, tmp_path):
    feature, bare = site
    client.force_login(alice)
    schema = client.get("/ogc/collections/construction_site/queryables").json()["properties"]
    assert schema["registered_workers"] == {"title": "登记工人数", "type": "integer"}
    assert schema["started_on"] == {"title": "开工日期", "type": "string", "format": "date"}
    items = "/ogc/collections/construction_site/items"
    assert [f["id"] for f in client.get(items, {"registered_workers": "120"}).json()["features"]] == [feature.pk]
    assert client.get(items, {"registered_workers": "121"}).json()["features"] == []
    assert [f["id"] for f in client.get(items, {"started_on": "2025-03-01"}).json()["features"]] == [feature.pk]
    refused = client.get(items, {"started_on": "March"})
    assert (refused.status_code, refused.json()["geo_server_code"]) == (400, "invalid_property")
    properties = client.get(f"{items}/{feature.pk}").json()["properties"]
    assert (properties["registered_workers"], properties["started_on"]) == (120, "2025-03-01")
    assert "manager_phone" not in properties and "13812345678" not in client.get(items).content.decode()

    archive = zipfile.ZipFile(io.BytesIO(download(client, alice, "layer=construction_site&format=shp")))
    assert "registered\tregistered_workers\t登记工人数\tRegistered workers" in archive.read(
        "construction_site_fields.txt").decode()
    (tmp_path / "sites.zip").write_bytes(archive.fp.getvalue())
    frame = pyogrio.read_dataframe(tmp_path / "sites.zip")
    workers = dict(zip(frame["code"], frame["registered"]))
    assert workers["CS-TH-1"] == 120 and pd.isna(workers["CS-HZ-1"])  # a site without detail is null, not 0
    assert pyogrio.read_info(tmp_path / "sites.zip")["dtypes"].tolist()[
        pyogrio.read_info(tmp_path / "sites.zip")["fields"].tolist().index("registered")] == "int64"

    (tmp_path / "sites.gpkg").write_bytes(download(client, alice, "layer=construction_site&format=gpkg"))
    info = pyogrio.read_info(tmp_path / "sites.gpkg")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert (types["registered_workers"], types["started_on"]) == ("int64", "datetime64[D]")
    frame = pyogrio.read_dataframe(tmp_path / "sites.gpkg")
    started = dict(zip(frame["code"], frame["started_on"]))
    assert started["CS-TH-1"] == pd.Timestamp("2025-03-01") and pd.isna(started["CS-HZ-1"])


def test_a_personal_field_is_never_published():
    phone = PublishedField("phone", "construction_site_detail__manager_phone", title_zh="电话", title_en="Phone")
    with pytest.raises(ImproperlyConfigured, match="personal"):
        catalogue.published_field("construction_site", phone)
    for _sector in plug_in(Sector(kind=Kind.CONSTRUCTION_SITE.value, app_label="worksites", layer_fields=(phone,))):
        with pytest.raises(ImproperlyConfigured, match="personal"):
            get_layer("construction_site")
    assert get_layer("construction_site") is not None  # registry given back, catalogue builds again


def test_a_new_kinds_record_shows_the_cores_warnings_section(client, alice, kiosks):
    """The hazards and warnings sections belong to every kind, those plugged in after start-up too."""
    client.force_login(alice)
    text = client.get(f"/features/{kiosks[0].pk}/").content.decode()
    assert 'id="warnings"' in text and "体育中心报刊亭" in text
