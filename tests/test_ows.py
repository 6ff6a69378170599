"""WMS 1.3 and WFS 2.0 at /ows (layers/ows), answered by MapServer from the user's scoped rows.

MapServer reads PostGIS on its own connection, so the rows must be committed: transactional_db,
whose flush empties every table, the session-loaded areas included (the `areas` fixture puts them
back, as tests/test_ogcapi_clients.py does).
"""

import base64
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from PIL import Image

from geo_server.features.kinds import RISK_COLOURS, RiskLevel
from geo_server.features.models import AdminArea, Feature
from layers.catalogue import get_layer
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, explain_colour, point_feature

WFS = "http://www.opengis.net/wfs/2.0"
MS = "http://mapserver.gis.umn.edu/mapserver"
# GetMap's window, lon/lat (CRS:84): both points inside, 0.0005 degrees a pixel.
BBOX = (113.30, 23.09, 113.35, 23.15)
WIDTH, HEIGHT = 100, 120
RED = tuple(int(RISK_COLOURS[RiskLevel.RED][i:i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(autouse=True)
def areas(transactional_db):
    if not AdminArea.objects.filter(level=AdminArea.Level.STREET).exists():
        call_command("load_areas", verbosity=0)
    cache.clear()


@dataclass
class Plants:
    tianhe: list[Feature]
    haizhu: Feature


@pytest.fixture
def plants(bob) -> Plants:
    """Three concrete plants in Tianhe (the first red) and a red one in Haizhu bob may not see."""
    tianhe = [explain_colour(point_feature("OWSTH0", *TIANHE_SPORTS_CENTER), 3)]
    tianhe += [point_feature(f"OWSTH{i}", TIANHE_SPORTS_CENTER[0] + i * 0.004, TIANHE_SPORTS_CENTER[1])
               for i in (1, 2)]
    haizhu = explain_colour(point_feature("OWSHZ", *CANTON_TOWER), 3)
    return Plants(tianhe, haizhu)


def basic(username: str) -> dict:
    token = base64.b64encode(f"{username}:{username}-password".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def get_feature(client, user: str, typename: str = "concrete_plant", **params):
    query = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": typename, **params}
    response = client.get("/ows", query, **basic(user))
    assert response.status_code == 200
    return ET.fromstring(response.content)


def codes(collection: ET.Element) -> list[str]:
    return sorted(e.text for e in collection.iter(f"{{{MS}}}code"))


def get_map(client, user: str, layers: str = "concrete_plant") -> Image.Image:
    response = client.get("/ows", {"SERVICE": "WMS", "VERSION": "1.3.0", "REQUEST": "GetMap", "LAYERS": layers,
                                    "STYLES": "", "CRS": "CRS:84", "BBOX": ",".join(map(str, BBOX)),
                                    "WIDTH": WIDTH, "HEIGHT": HEIGHT, "FORMAT": "image/png", "TRANSPARENT": "TRUE"},
                          **basic(user))
    assert response.status_code == 200 and response["Content-Type"] == "image/png", response.content[:500]
    return Image.open(io.BytesIO(response.content)).convert("RGBA")


def pixel(lon: float, lat: float) -> tuple[int, int]:
    return (int((lon - BBOX[0]) / (BBOX[2] - BBOX[0]) * WIDTH), int((BBOX[3] - lat) / (BBOX[3] - BBOX[1]) * HEIGHT))


def red_near(image: Image.Image, lon: float, lat: float) -> bool:
    x, y = pixel(lon, lat)
    return any(image.getpixel((x + dx, y + dy))[:3] == RED and image.getpixel((x + dx, y + dy))[3] == 255
               for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def test_wfs_getfeature_gives_the_district_office_only_its_district(client, plants, bob, alice):
    collection = get_feature(client, "bob")
    assert codes(collection) == ["OWSTH0", "OWSTH1", "OWSTH2"]
    assert int(collection.get("numberMatched")) == get_layer("concrete_plant").rows(bob).count() == 3
    # The province sees both districts: the Haizhu plant is there to be missed.
    assert codes(get_feature(client, "alice")) == ["OWSHZ", "OWSTH0", "OWSTH1", "OWSTH2"]


def test_wfs_features_carry_the_published_fields_in_chinese_and_the_record_link(client, plants):
    collection = get_feature(client, "bob", RESOURCEID=f"concrete_plant.{plants.tianhe[0].pk}")
    (member,) = collection.iter(f"{{{MS}}}concrete_plant")
    assert member.findtext(f"{{{MS}}}district_name") == "天河区"
    assert member.findtext(f"{{{MS}}}risk") == "red"
    assert member.findtext(f"{{{MS}}}record_url") == f"http://testserver/features/{plants.tianhe[0].pk}/"


def test_wfs_asked_for_an_out_of_scope_feature_by_id_returns_nothing(client, plants):
    assert codes(get_feature(client, "bob", RESOURCEID=f"concrete_plant.{plants.haizhu.pk}")) == []


def test_wms_getmap_draws_the_red_plant_of_the_district_and_not_the_other(client, plants, alice):
    image = get_map(client, "bob")
    assert red_near(image, *TIANHE_SPORTS_CENTER)
    assert not red_near(image, *CANTON_TOWER)
    # Not red: the other Tianhe plants are drawn in their own colour (orange by default).
    assert not red_near(image, TIANHE_SPORTS_CENTER[0] + 0.008, TIANHE_SPORTS_CENTER[1])
    assert red_near(get_map(client, "alice"), *CANTON_TOWER)


def feature_info(client, user: str, lon: float, lat: float, info_format: str = "text/html") -> str:
    x, y = pixel(lon, lat)
    response = client.get("/ows", {"SERVICE": "WMS", "VERSION": "1.3.0", "REQUEST": "GetFeatureInfo",
                                    "LAYERS": "concrete_plant", "QUERY_LAYERS": "concrete_plant", "STYLES": "",
                                    "CRS": "CRS:84", "BBOX": ",".join(map(str, BBOX)), "WIDTH": WIDTH,
                                    "HEIGHT": HEIGHT, "I": x, "J": y, "INFO_FORMAT": info_format,
                                    "FEATURE_COUNT": 5}, **basic(user))
    assert response.status_code == 200
    return response.content.decode()


def test_getfeatureinfo_links_the_record_page(client, plants):
    html = feature_info(client, "bob", *TIANHE_SPORTS_CENTER)
    assert f'href="http://testserver/features/{plants.tianhe[0].pk}/"' in html and ">OWSTH0</a>" in html
    gml = feature_info(client, "bob", *TIANHE_SPORTS_CENTER, "application/vnd.ogc.gml")
    assert f"http://testserver/features/{plants.tianhe[0].pk}/" in gml


def test_getfeatureinfo_on_another_districts_feature_finds_nothing(client, plants):
    html = feature_info(client, "bob", *CANTON_TOWER)
    assert "OWSHZ" not in html and "href" not in html


def test_a_feature_name_is_escaped_in_the_html_answer(client, plants):
    Feature.objects.filter(pk=plants.tianhe[0].pk).update(name='<img src=x onerror="alert(1)">')
    html = feature_info(client, "bob", *TIANHE_SPORTS_CENTER)
    assert "<img" not in html and "&lt;img" in html


def test_capabilities_name_every_layer_with_its_chinese_title(client, plants):
    response = client.get("/ows", {"SERVICE": "WMS", "REQUEST": "GetCapabilities"}, **basic("bob"))
    text = response.content.decode()
    assert "<Name>concrete_plant</Name>" in text and "<Title>预拌混凝土企业</Title>" in text
    assert "EPSG:4490" in text
    wfs = client.get("/ows", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetCapabilities"}, **basic("bob"))
    names = [e.text for e in ET.fromstring(wfs.content).iter(f"{{{WFS}}}Name")]
    assert "ms:concrete_plant" in names and "ms:hazards" in names


def test_without_credentials_it_answers_401_with_a_basic_challenge(client, plants):
    response = client.get("/ows", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                                   "TYPENAMES": "concrete_plant"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Basic")
    wrong = client.get("/ows", {"SERVICE": "WMS", "REQUEST": "GetCapabilities"},
                       HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"bob:nope").decode())
    assert wrong.status_code == 401 and b"OWSTH" not in wrong.content


def test_answers_are_private_to_who_asks(client, plants):
    response = client.get("/ows", {"SERVICE": "WMS", "REQUEST": "GetCapabilities"}, **basic("bob"))
    assert "private" in response["Cache-Control"]
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_session_and_a_bearer_token_work_as_basic_does(client, plants, bob):
    from geo_server.accounts.tokens import issue_token

    token = issue_token(bob, "qgis")
    by_token = client.get("/ows", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                                   "TYPENAMES": "concrete_plant"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert codes(ET.fromstring(by_token.content)) == ["OWSTH0", "OWSTH1", "OWSTH2"]
    client.force_login(bob)
    by_session = client.get("/ows", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                                      "TYPENAMES": "concrete_plant"})
    assert codes(ET.fromstring(by_session.content)) == ["OWSTH0", "OWSTH1", "OWSTH2"]


def test_a_bad_request_is_an_ows_exception_not_a_server_error(client, plants):
    response = client.get("/ows", {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                                   "TYPENAMES": "no_such_layer"}, **basic("bob"))
    assert response.status_code in (200, 400)
    assert b"ExceptionReport" in response.content


@pytest.mark.parametrize("query, code", [({}, "MissingParameterValue"), ({"SERVICE": "FOO"}, "InvalidParameterValue"),
                                         ({"REQUEST": "GetCapabilities"}, "MissingParameterValue"),
                                         ({"SERVICE": "WMS", "REQUEST": "NoSuchThing"}, None)])
def test_a_request_naming_no_service_is_a_400_exception_report(client, plants, query, code):
    response = client.get("/ows", query, **basic("bob"))
    assert response.status_code in ((400,) if code else (200, 400))
    assert b"ExceptionReport" in response.content or b"ServiceException" in response.content
    if code:
        assert f'exceptionCode="{code}"'.encode() in response.content and b'locator="SERVICE"' in response.content
    empty_post = client.post("/ows", b"", content_type="text/xml", **basic("bob"))
    assert empty_post.status_code == 400 and b"ExceptionReport" in empty_post.content
    garbage = client.post("/ows", b"<not xml", content_type="text/xml", **basic("bob"))
    assert garbage.status_code in (200, 400) and b"Exception" in garbage.content


def test_the_ogc_landing_page_links_the_classic_services(client, bob):
    client.force_login(bob)
    links = client.get("/ogc/?f=json").json()["links"]
    services = [link["href"] for link in links if link["rel"] == "service"]
    assert services == ["http://testserver/ows?SERVICE=WMS&REQUEST=GetCapabilities",
                        "http://testserver/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities"]


def filter_on_code(literal: str) -> str:
    return ('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo>'
            f"<fes:ValueReference>code</fes:ValueReference><fes:Literal>{literal}</fes:Literal>"
            "</fes:PropertyIsEqualTo></fes:Filter>")


def test_a_wfs_filter_narrows_within_the_scope_and_never_widens_it(client, plants):
    assert codes(get_feature(client, "bob", FILTER=filter_on_code("OWSTH1"))) == ["OWSTH1"]
    assert codes(get_feature(client, "bob", FILTER=filter_on_code("OWSHZ"))) == []
    assert codes(get_feature(client, "bob", FILTER=filter_on_code("x' OR '1'='1"))) == []


def test_a_getfeature_posted_as_xml_is_scoped_too(client, plants):
    body = ('<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
            '<wfs:Query typeNames="concrete_plant"/></wfs:GetFeature>')
    response = client.post("/ows", body, content_type="text/xml", **basic("bob"))
    assert response.status_code == 200
    assert codes(ET.fromstring(response.content)) == ["OWSTH0", "OWSTH1", "OWSTH2"]
