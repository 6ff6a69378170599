"""Shared fixtures: real PostGIS with the real district boundaries, and named personas.

alice works at the province bureau, bob at the Tianhe district office, erin for a concrete
enterprise; each persona sees only what their organisation's jurisdiction allows.
"""

import pytest
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings

from geo_server.accounts.models import Organisation, User
from geo_server.features.models import AdminArea, Feature


def pytest_configure(config):
    """Static files under their source names: the live server serves them through the finders, which
    know no hashed names, and no test should depend on a fresh collectstatic. The production storage
    has its own test (test_settings_production.py)."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Areas are reference data: loaded once per test database, kept across tests."""
    with django_db_blocker.unblock():
        ensure_areas()


def ensure_areas() -> None:
    """Load the areas unless they are there: a transactional test's flush empties every table."""
    if not AdminArea.objects.filter(level=AdminArea.Level.STREET).exists():
        call_command("load_areas", verbosity=0)


def area(code: str) -> AdminArea:
    return AdminArea.objects.get(code=code)


@pytest.fixture
def province_bureau(db):
    return Organisation.objects.create(name="广东省住房和城乡建设厅", type="province_bureau", jurisdiction=area("440000"))


@pytest.fixture
def tianhe_office(db):
    return Organisation.objects.create(name="天河区住房和建设局", type="district_office", jurisdiction=area("440106"))


@pytest.fixture
def enterprise(db):
    return Organisation.objects.create(name="广州穗建混凝土有限公司", type="enterprise", jurisdiction=area("440100"))


def make_user(username: str, organisation, role: str, **extra) -> User:
    user = User.objects.create_user(username, password=f"{username}-password", organisation=organisation,
                                    role=role, **extra)
    return user


@pytest.fixture
def alice(province_bureau):
    return make_user("alice", province_bureau, "supervisor")


@pytest.fixture
def bob(tianhe_office):
    return make_user("bob", tianhe_office, "district_officer")


@pytest.fixture
def erin(enterprise):
    return make_user("erin", enterprise, "enterprise_user")


def point_feature(code: str, lon: float, lat: float, kind: str = "concrete_plant", **fields) -> Feature:
    """A feature at a known coordinate; areas come from the database trigger."""
    fields.setdefault("name", code)
    feature = Feature.objects.create(kind=kind, code=code, geom=GEOSGeometry(f"POINT({lon} {lat})", srid=4326),
                                     **fields)
    feature.refresh_from_db()
    return feature


def explain_colour(feature: Feature, level: int) -> Feature:
    """Colour a feature the only way one gets a colour: an open warning (of a test-only rule the
    sweep never closes), then the sweep's own risk statement. A test that sets risk_level by hand is
    overruled as soon as the feature's rules are evaluated (on commit, under the live server)."""
    from django.utils import timezone

    from geo_server.supervision.models import Warning
    from geo_server.supervision.store import update_risk_levels

    if level:
        now = timezone.now()
        Warning.objects.create(rule_code="test.colour", feature=feature, level=level, message_zh="测试用颜色",
                               message_en="Colour for a test", first_seen=now, last_seen=now)
    update_risk_levels(feature.kind, [feature.pk])
    feature.refresh_from_db()
    return feature


# Hand-checked coordinates (WGS84), each well inside its district.
CANTON_TOWER = (113.3245, 23.1065)  # 海珠区 Haizhu
TIANHE_SPORTS_CENTER = (113.3240, 23.1380)  # 天河区 Tianhe
YUEXIU_PARK = (113.2660, 23.1400)  # 越秀区 Yuexiu
CONGHUA_CENTER = (113.5870, 23.5480)  # 从化区 Conghua


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files (photos) go to a per-test directory, never into var/media (every test)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def forget_logins():
    """Failed-login counts (django-axes) are rows, rolled back with each test; remembered Basic
    credentials live in the process cache, so they are cleared here (every test)."""
    yield
    cache.clear()
