"""Sample import: line-numbered errors, all or nothing, idempotent, and who may import where."""

import json

import pytest
from django.core.management import CommandError, call_command

from basins.models import WaterSample
from tests.conftest import make_user
from tests.reaches import add_points, make_reach

HEADER = "point_code,taken_at,transparency_cm,dissolved_oxygen_mg_l,orp_mv,ammonia_n_mg_l,depth_cm\n"
GOOD = [
    "MP-RR-TEST-001-1,2026-05-01T10:00:00+08:00,30,3.1,-120,9.5,80",
    "MP-RR-TEST-001-2,2026-05-01T10:30:00+08:00,8,0.1,-250,16,20",
    "MP-RR-TEST-001-3,2026-05-01 11:00,40,5,120,1.2,",
]


@pytest.fixture
def points(db):
    return add_points(make_reach())


def write_csv(tmp_path, lines) -> str:
    path = tmp_path / "samples.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_it_imports_a_csv_and_adds_nothing_the_second_time(points, tmp_path, capsys):
    path = write_csv(tmp_path, GOOD)
    call_command("import_samples", path)
    assert "added 3, already present 0" in capsys.readouterr().out
    call_command("import_samples", path)
    assert "added 0, already present 3" in capsys.readouterr().out
    assert WaterSample.objects.count() == 3
    assert WaterSample.objects.get(point__code="MP-RR-TEST-001-3").depth_cm is None


def test_it_reports_every_bad_row_with_its_line_and_saves_nothing(points, tmp_path, capsys):
    lines = GOOD + [
        "MP-NOPE,2026-05-02T10:00:00+08:00,30,3,10,1,80",        # line 5
        "MP-RR-TEST-001-1,yesterday,30,3,10,1,80",               # line 6
        "MP-RR-TEST-001-1,2026-05-03T10:00:00+08:00,abc,3,10,1,80",  # line 7
        "MP-RR-TEST-001-1,2026-05-04T10:00:00+08:00,30,-1,-300,1,80",  # line 8: ORP may be negative
        "MP-RR-TEST-001-1,2026-05-01T10:00:00+08:00,31,3,10,1,80",  # line 9: same as line 2
    ]
    with pytest.raises(CommandError, match="5 error"):
        call_command("import_samples", write_csv(tmp_path, lines))
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "line 5 point_code: unknown point code 'MP-NOPE'",
        "line 6 taken_at: bad time 'yesterday' (ISO 8601 expected, e.g. 2026-05-01T10:00:00+08:00)",
        "line 7 transparency_cm: bad number 'abc'",
        "line 8 dissolved_oxygen_mg_l: negative value -1",
        "line 9: duplicate of line 2 (same point and time)",
    ]
    assert WaterSample.objects.count() == 0


def test_it_imports_the_good_rows_only_when_asked_for_partial(points, tmp_path, capsys):
    call_command("import_samples", write_csv(tmp_path, GOOD + ["MP-NOPE,2026-05-02T10:00:00+08:00,30,3,10,1,80"]),
                 partial=True)
    assert "added 3, already present 0, rejected 1" in capsys.readouterr().out


def post(client, rows, **extra):
    return client.post("/api/samples", json.dumps(rows), content_type="application/json", **extra)


def as_json(line: str) -> dict:
    keys = HEADER.strip().split(",")
    return dict(zip(keys, line.split(",")))


def test_it_answers_422_with_json_indexes_and_saves_nothing(points, tianhe_office, client):
    client.force_login(make_user("carol", tianhe_office, "inspector"))
    rows = [as_json(line) for line in GOOD] + [{"point_code": "MP-RR-TEST-001-1", "taken_at": "2026-06-01T10:00:00Z",
                                                 "ammonia_n_mg_l": "lots"}]
    response = post(client, rows)
    assert response.status_code == 422
    assert response.json()["details"]["errors"] == [
        {"index": 3, "field": "ammonia_n_mg_l", "reason": "bad number 'lots'"}]
    assert WaterSample.objects.count() == 0


def test_it_imports_json_for_an_inspector_within_jurisdiction_idempotently(points, tianhe_office, client):
    client.force_login(make_user("carol", tianhe_office, "inspector"))
    rows = [as_json(line) for line in GOOD]
    first = post(client, rows)
    assert first.status_code == 201 and first.json() == {"added": 3, "already_present": 0, "errors": []}
    assert post(client, rows).json() == {"added": 0, "already_present": 3, "errors": []}


def test_it_forbids_roles_that_may_not_import(points, bob, client):
    client.force_login(bob)  # district officer: may look, not import
    response = post(client, [as_json(GOOD[0])])
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"


def test_it_forbids_points_outside_the_users_jurisdiction(points, client, db):
    from geo_server.accounts.models import Organisation
    from tests.conftest import area
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    client.force_login(make_user("dave", haizhu, "river_chief", river_chief_level="district"))
    response = post(client, [as_json(GOOD[0])])
    assert response.status_code == 403
    assert response.json()["code"] == "outside_jurisdiction"
    assert WaterSample.objects.count() == 0


def test_it_asks_anonymous_clients_to_authenticate(points, client):
    assert post(client, [as_json(GOOD[0])]).status_code == 401
