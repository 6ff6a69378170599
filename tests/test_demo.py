"""The demo loader: enough of every kind, labelled synthetic, deterministic and idempotent."""

from django.db import connection
from django.db.models import Count

from basins.models import Basin
from geo_server.accounts.models import User
from geo_server.demo.load import load_demo
from geo_server.demo.organisations import ensure_demo_users
from geo_server.features.kinds import Kind, detail_model
from geo_server.features.models import Feature


def quiet(_message: str) -> None:
    pass


def fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT md5(string_agg(kind || code || ST_AsEWKT(geom) || risk_level, ',' ORDER BY kind, code)) "
                       "FROM features_feature")
        return cursor.fetchone()[0]


def test_it_loads_at_least_5000_features_of_every_kind_at_scale_1(db):
    load_demo(1, log=quiet)
    counts = dict(Feature.objects.values_list("kind").annotate(n=Count("id")))
    assert sum(counts.values()) >= 5000
    assert set(counts) == set(Kind.values)
    assert counts["fund_center"] == 21
    assert not Feature.objects.filter(synthetic=False).exists()


def test_it_gives_every_feature_its_kinds_detail_row(db):
    load_demo(1, log=quiet)
    for kind in Kind.values:
        model = detail_model(kind)
        assert model.objects.count() == Feature.objects.filter(kind=kind).count(), kind


def test_it_places_local_features_in_a_district_and_a_basin(db):
    load_demo(1, log=quiet)
    local = Feature.objects.exclude(kind="fund_center")
    assert not local.filter(district=None).exists()
    assert not local.filter(basin=None).exists()
    assert Basin.objects.count() == 8
    assert Feature.objects.filter(kind="fund_center", city__code="440300").count() == 1


def test_it_adds_nothing_the_second_time(db):
    first = load_demo(1, log=quiet)
    before = fingerprint()
    second = load_demo(1, log=quiet)
    assert sum(first.values()) > 5000
    assert sum(second.values()) == 0
    assert fingerprint() == before


def test_it_produces_the_same_data_from_the_same_seed(db):
    load_demo(1, seed=7, log=quiet)
    first = fingerprint()
    Feature.objects.all().delete()
    load_demo(1, seed=7, log=quiet)
    assert fingerprint() == first


def test_it_puts_buildings_densest_in_the_old_city(db):
    load_demo(1, log=quiet)
    per_district = dict(Feature.objects.filter(kind="building").values_list("district__code").annotate(n=Count("id")))
    yuexiu_per_km2 = per_district["440104"] / 33.6
    conghua_per_km2 = per_district["440117"] / 1984.7
    assert yuexiu_per_km2 > 10 * conghua_per_km2


def test_it_creates_one_demo_user_per_role(db):
    load_demo(1, log=quiet)
    rows = ensure_demo_users()
    roles = {role for _u, _p, role, _d in rows}
    assert roles == set(User.Role.values)
    chief = User.objects.get(username="chief_haizhu")
    assert chief.river_chief_level == "district"
    assert chief.check_password(rows[0][1])


def test_it_colours_a_feature_only_through_its_open_warnings(db):
    """Inserted uncoloured; load_demo ends with a sweep of every kind, so warnings exist and no
    feature is coloured above what its open warnings explain."""
    from geo_server.supervision.models import Warning

    load_demo(1, log=quiet)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT count(*) FROM features_feature f WHERE f.risk_level >
                          coalesce((SELECT max(w.level) FROM supervision_warning w
                                    WHERE w.feature_id = f.id AND w.is_open), 0)""")
        assert cursor.fetchone()[0] == 0
    assert Warning.objects.filter(is_open=True, rule_code="building.dangerous_grade").exists()


def test_the_demo_labour_officer_sees_only_tianhes_construction_sites(db):
    """人社 co-supervises construction wages: the demo's labour officer sees Tianhe's sites, nothing else."""
    from geo_server.features.scoping import scope_features

    load_demo(1, log=quiet)
    ensure_demo_users()
    seen = scope_features(User.objects.get(username="labour"))
    assert set(seen.values_list("kind", flat=True).distinct()) == {"construction_site"}
    assert set(seen.values_list("district__code", flat=True).distinct()) == {"440106"}
