"""Raster layers: the registry, the real DEM, the synthetic rasters, PNG tiles and the zonal API."""

import hashlib
import json
import warnings

import numpy as np
import pytest
import rasterio
from django.core.management import call_command
from pyproj import Transformer
from rasterio.errors import NotGeoreferencedWarning
from rasterio.io import MemoryFile
from rasterio.transform import from_bounds, rowcol

from basins.models import Basin
from geo_server.features.models import AdminArea
from layers import synthetic_rasters
from layers.models import RasterLayer
from layers.raster_tiles import tile_bounds
from layers.rasters import register_rasters, zonal_stats
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature
from tests.test_zonal import write_grid

SEED = 2026
TO_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory, django_db_blocker):
    """Generated once per module from the real district boundaries in the test database."""
    directory = tmp_path_factory.mktemp("rasters")
    with django_db_blocker.unblock():
        synthetic_rasters.generate(directory, SEED)
    return directory


@pytest.fixture
def rasters(db, synthetic_dir):
    register_rasters(SEED, synthetic_dir=synthetic_dir)


@pytest.fixture
def grid_layer(db, tmp_path):
    """The 4x4 grid of test_zonal (values 1..15 and one nodata cell), coloured 1 -> pale yellow, 16 -> dark red."""
    path = str(write_grid(tmp_path / "g.tif"))
    return RasterLayer.objects.create(slug="grid", title_zh="网格", title_en="Grid", path=path, ramp="impervious",
                                      value_min=1, value_max=16)


@pytest.fixture
def client_alice(client, alice):
    client.force_login(alice)
    return client


def district(code):
    return AdminArea.objects.get(level="district", code=code).geom


def tile_of(lon, lat, z):
    x, y = TO_MERCATOR.transform(lon, lat)
    size = 2 * 20037508.342789244 / 2**z
    return z, int((x + 20037508.342789244) // size), int((20037508.342789244 - y) // size)


def decode_png(content: bytes) -> np.ndarray:
    """(4, 256, 256) RGBA through GDAL's PNG driver: an independent decoder."""
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    with warnings.catch_warnings(), MemoryFile(content) as memory:
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # a PNG carries no georeferencing
        png = memory.open()
        assert (png.driver, png.count, png.width, png.height) == ("PNG", 4, 256, 256)
        return png.read()


def pixel_of(lon, lat, z, x, y):
    row, col = rowcol(from_bounds(*tile_bounds(z, x, y), 256, 256), *TO_MERCATOR.transform(lon, lat))
    return int(row), int(col)


def test_it_registers_the_builtin_rasters_idempotently(rasters, synthetic_dir):
    register_rasters(SEED, synthetic_dir=synthetic_dir)

    assert list(RasterLayer.objects.values_list("slug", "synthetic")) == [
        ("dem", False), ("landmask", False), ("impervious", True), ("population", True)]
    assert all(raster.file.exists() for raster in RasterLayer.objects.all())


def test_it_finds_the_northern_hills_higher_than_the_flat_delta_on_the_real_dem(rasters):
    conghua, haizhu = zonal_stats("dem", [district("440117"), district("440105")])

    assert conghua["max"] > haizhu["max"]
    assert conghua["count"] > 1
    # Haizhu (91 km²) holds no centre of a 20 km cell: it falls back to the one pixel under it.
    assert haizhu["count"] == 1


def test_it_makes_the_old_core_more_sealed_than_conghua(rasters):
    yuexiu, conghua = zonal_stats("impervious", [district("440104"), district("440117")], threshold=0.5)

    assert yuexiu["mean"] > conghua["mean"]
    assert yuexiu["share_above"] > 0.9 > conghua["share_above"]


def test_it_labels_the_synthetic_rasters_in_the_files(synthetic_dir):
    with rasterio.open(synthetic_dir / "population_synthetic.tif") as src:
        assert src.tags()["synthetic"] == "yes"
        assert src.profile["tiled"] and src.profile["compress"] == "deflate"
        assert src.overviews(1) == [2, 4, 8, 16]


def test_it_generates_the_same_files_from_the_same_seed(db, synthetic_dir, tmp_path):
    def digest(directory):
        return [hashlib.sha256((directory / name).read_bytes()).hexdigest()
                for name in ("impervious_synthetic.tif", "population_synthetic.tif")]

    synthetic_rasters.generate(tmp_path / "again", SEED)
    synthetic_rasters.generate(tmp_path / "other", SEED + 1)

    assert digest(tmp_path / "again") == digest(synthetic_dir)
    assert digest(tmp_path / "other") != digest(synthetic_dir)


def test_it_loads_rasters_with_a_management_command(db, synthetic_dir, monkeypatch):
    monkeypatch.setattr("layers.rasters.SYNTHETIC_DIR", str(synthetic_dir))

    call_command("load_rasters", verbosity=0)
    call_command("load_rasters", verbosity=0)

    assert RasterLayer.objects.count() == 4


def test_it_lists_the_rasters_with_tile_urls(client_alice, rasters):
    body = client_alice.get("/api/rasters", HTTP_ACCEPT_LANGUAGE="en").json()

    dem = body["rasters"][0]
    assert dem["id"] == "dem" and dem["title"] == "Elevation (0.2°, coarse)" and dem["units"] == "m"
    assert dem["tiles"] == "/rasters/dem/{z}/{x}/{y}.png"
    assert dem["bounds"] == pytest.approx([109.3, 19.93125, 117.5, 25.73125], abs=1e-4)
    assert [r["synthetic"] for r in body["rasters"]] == [False, False, True, True]


def test_it_draws_a_tile_with_the_ramp_and_transparency_outside_the_data(client_alice, grid_layer):
    # At zoom 10 a tile is 0.35° wide: the whole 0.04° grid sits inside one, about 29 pixels across.
    z, x, y = tile_of(113.02, 23.02, 10)

    response = client_alice.get(f"/rasters/grid/{z}/{x}/{y}.png")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    rgba = decode_png(response.content)
    assert tuple(rgba[:, *pixel_of(113.005, 23.035, z, x, y)]) == (255, 255, 204, 255)  # value 1: ramp start
    assert rgba[3][pixel_of(113.035, 23.005, z, x, y)] == 0  # the nodata cell
    assert rgba[3][pixel_of(112.99, 23.02, z, x, y)] == 0  # west of the raster


def test_it_answers_a_transparent_tile_far_from_the_data(client_alice, grid_layer):
    rgba = decode_png(client_alice.get("/rasters/grid/5/0/0.png").content)

    assert not rgba[3].any()


def test_it_draws_the_real_dem_over_guangzhou(client_alice, rasters):
    z, x, y = tile_of(*CANTON_TOWER, 8)

    rgba = decode_png(client_alice.get(f"/rasters/dem/{z}/{x}/{y}.png").content)

    assert rgba[3][pixel_of(*CANTON_TOWER, z, x, y)] == 255


def test_it_revalidates_tiles_with_etags(client_alice, grid_layer):
    first = client_alice.get("/rasters/grid/12/3333/1780.png")

    again = client_alice.get("/rasters/grid/12/3333/1780.png", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "private, max-age=3600"
    assert again.status_code == 304 and again.content == b""
    assert client_alice.get("/rasters/grid/12/3333/1781.png")["ETag"] != first["ETag"]


@pytest.mark.parametrize("path", ["/rasters/grid/23/0/0.png", "/rasters/grid/2/4/0.png", "/rasters/grid/2/0/-1.png",
                                  "/rasters/grid/z/0/0.png"])
def test_it_rejects_tiles_off_the_grid(client_alice, grid_layer, path):
    response = client_alice.get(path)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_tile"


def test_it_answers_404_json_for_an_unknown_raster(client_alice, db):
    for path in ("/rasters/nothing/0/0/0.png", "/api/rasters/nothing/zonal?district=440104"):
        response = client_alice.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "unknown_raster"


def test_it_challenges_anonymous_tile_requests(client, grid_layer):
    response = client.get("/rasters/grid/0/0/0.png")

    assert response.status_code == 401 and "Basic" in response["WWW-Authenticate"]


def test_it_computes_zonal_statistics_for_a_district_and_a_basin(client_alice, rasters):
    Basin.objects.create(code="YXB", name="越秀流域", geom=district("440104"), synthetic=True)

    body = client_alice.get("/api/rasters/impervious/zonal", {"district": "440104", "threshold": "0.5"}).json()
    basin = client_alice.get("/api/rasters/impervious/zonal", {"basin": "YXB", "threshold": "0.5"}).json()

    assert body["target"] == {"type": "district", "id": body["target"]["id"], "code": "440104", "name": "越秀区"}
    expected = zonal_stats("impervious", [district("440104")], threshold=0.5)[0]
    assert {k: body[k] for k in expected} == expected
    assert body["synthetic"] is True and body["threshold"] == 0.5
    assert basin["target"]["type"] == "basin" and {k: basin[k] for k in expected} == expected


def test_it_buffers_a_point_feature_before_summarising_it(client_alice, rasters):
    plant = point_feature("TH", *TIANHE_SPORTS_CENTER)

    body = client_alice.get("/api/rasters/impervious/zonal", {"feature": plant.pk, "buffer": "300"}).json()

    assert body["buffer_m"] == 300
    # A 300 m disc holds about 28 hectares, i.e. roughly 25 cells of ~1.1 ha.
    assert 15 < body["count"] < 35


def test_it_keeps_zonal_statistics_within_the_users_jurisdiction(client, bob, rasters):
    in_haizhu = point_feature("HZ", *CANTON_TOWER)
    in_tianhe = point_feature("TH", *TIANHE_SPORTS_CENTER)
    client.force_login(bob)

    hidden = client.get("/api/rasters/impervious/zonal", {"feature": in_haizhu.pk})
    visible = client.get("/api/rasters/impervious/zonal", {"feature": in_tianhe.pk})

    assert hidden.status_code == 404 and hidden.json()["code"] == "unknown_feature"
    assert visible.status_code == 200 and visible.json()["count"] > 0


@pytest.mark.parametrize("params, code", [
    ({}, "invalid_target"),
    ({"district": "440104", "basin": "LXH"}, "invalid_target"),
    ({"feature": "abc"}, "invalid_feature"),
    ({"district": "440104", "threshold": "high"}, "invalid_threshold"),
    ({"district": "440104", "threshold": "nan"}, "invalid_threshold"),
    ({"district": "440104", "buffer": "-5"}, "invalid_buffer"),
    ({"district": "440104", "colour": "red"}, "unknown_parameter"),
])
def test_it_rejects_bad_zonal_parameters(client_alice, rasters, params, code):
    response = client_alice.get("/api/rasters/dem/zonal", params)

    assert response.status_code == 400
    assert json.loads(response.content)["code"] == code


def test_it_answers_404_for_an_unknown_district(client_alice, rasters):
    response = client_alice.get("/api/rasters/dem/zonal", {"district": "999999"})

    assert response.status_code == 404 and response.json()["code"] == "unknown_district"
