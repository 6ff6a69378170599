"""Bulk ingestion of clock events, wage payments and inflows (/api/worksites/..., import_attendance).

Two sites of the enterprise erin works for, one of another contractor; one registered worker (WANG)
on CS1 and a person (LI) registered nowhere. Times are Beijing time (+08:00).
"""

import gzip
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from geo_server.accounts.models import Organisation
from geo_server.accounts.tokens import issue_token
from geo_server.sectors.worksites import ingest as ingest_module
from geo_server.sectors.worksites.identity import id_hash, with_check_digit
from geo_server.sectors.worksites.models import DailyAttendance, Enterprise, Inflow, Payment, Worker, WorkerMonth
from geo_server.supervision import tasks as supervision_tasks
from tests.conftest import TIANHE_SPORTS_CENTER, YUEXIU_PARK, area, point_feature

WANG = with_check_digit("44010619850312123")
LI = with_check_digit("44010419920704456")
CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def sites(enterprise):
    other = Organisation.objects.create(name="广州另一建工集团", type="enterprise", jurisdiction=area("440100"))
    employer = Enterprise.objects.create(credit_code="91440101MA59TEST01", name=enterprise.name, organisation=enterprise)
    cs1 = point_feature("CS1", *TIANHE_SPORTS_CENTER, kind="construction_site", organisation=enterprise)
    cs2 = point_feature("CS2", 113.33, 23.14, kind="construction_site", organisation=enterprise)
    cs3 = point_feature("CS3", *YUEXIU_PARK, kind="construction_site", organisation=other)
    wang = Worker.objects.create(site=cs1, employer=employer, name="王建国", id_hash=id_hash(WANG),
                                 id_masked="440106********" + WANG[-4:], registered_on=date(2026, 1, 5))
    return {"CS1": cs1, "CS2": cs2, "CS3": cs3, "wang": wang}


def ndjson(rows) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def event(event_id, person, at, site="CS1", method="face"):
    return {"event_id": event_id, "site": site, "id_number": person, "device": "GATE-1", "method": method, "at": at}


# Wang: three events on 2 March (08:01, 12:00, 18:30) and one on 3 March; Li (unregistered) one on
# 3 March at 07:50, which is still 2 March 23:50 in UTC.
EVENTS = [
    event("e1", WANG, "2026-03-02T08:01:00+08:00"),
    event("e2", WANG, "2026-03-02T12:00:00+08:00", method="fingerprint"),
    event("e3", WANG, "2026-03-02T18:30:00+08:00"),
    event("e4", WANG, "2026-03-03T08:05:00+08:00"),
    event("e5", LI, "2026-03-03T07:50:00+08:00"),
]


def post(client, kind, body: bytes, content_type="application/x-ndjson", **headers):
    return client.post(f"/api/worksites/{kind}", body, content_type=content_type, **headers)


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def test_it_stores_ndjson_clock_events_and_derives_daily_attendance(client, erin, sites):
    client.force_login(erin)
    response = post(client, "attendance", ndjson(EVENTS))
    assert response.status_code == 201
    assert response.json() == {"received": 5, "inserted": 5, "duplicates": 0}
    days = {(d.worker_id, d.day): d for d in DailyAttendance.objects.all()}
    assert set(days) == {(sites["wang"].pk, date(2026, 3, 2)), (sites["wang"].pk, date(2026, 3, 3)),
                         (None, date(2026, 3, 3))}
    second = days[(sites["wang"].pk, date(2026, 3, 2))]
    assert (second.first_at, second.last_at, second.events) == (
        datetime(2026, 3, 2, 8, 1, tzinfo=CST), datetime(2026, 3, 2, 18, 30, tzinfo=CST), 3)
    li = days[(None, date(2026, 3, 3))]
    assert (li.id_hash, li.site_id, li.events) == (id_hash(LI), sites["CS1"].pk, 1)


def test_it_rolls_the_days_up_into_worker_months_in_the_same_upload(client, erin, sites):
    client.force_login(erin)
    post(client, "attendance", ndjson(EVENTS))
    post(client, "attendance", ndjson([event("e7", WANG, "2026-04-01T09:00:00+08:00"),
                                       event("e8", WANG, "2026-03-05T09:00:00+08:00")]))
    months = set(WorkerMonth.objects.values_list("site_id", "id_hash", "month", "days", "first_day", "last_day"))
    cs1 = sites["CS1"].pk
    assert months == {(cs1, id_hash(WANG), date(2026, 3, 1), 3, date(2026, 3, 2), date(2026, 3, 5)),
                      (cs1, id_hash(WANG), date(2026, 4, 1), 1, date(2026, 4, 1), date(2026, 4, 1)),
                      (cs1, id_hash(LI), date(2026, 3, 1), 1, date(2026, 3, 3), date(2026, 3, 3))}


def test_a_replay_changes_nothing_and_a_later_event_extends_the_day(client, erin, sites):
    client.force_login(erin)
    post(client, "attendance", ndjson(EVENTS))
    replay = post(client, "attendance", ndjson(EVENTS))
    assert replay.status_code == 200
    assert replay.json() == {"received": 5, "inserted": 0, "duplicates": 5}
    assert count("worksites_clockevent") == 5
    more = post(client, "attendance", ndjson([EVENTS[0], event("e6", WANG, "2026-03-02T20:15:00+08:00")]))
    assert more.json() == {"received": 2, "inserted": 1, "duplicates": 1}
    day = DailyAttendance.objects.get(worker=sites["wang"], day=date(2026, 3, 2))
    assert (day.first_at, day.last_at, day.events) == (
        datetime(2026, 3, 2, 8, 1, tzinfo=CST), datetime(2026, 3, 2, 20, 15, tzinfo=CST), 4)


def test_it_makes_the_partitions_of_the_months_present(client, erin, sites):
    client.force_login(erin)
    # 1 April 06:00 in Beijing is 31 March in UTC: the event is in March's partition, the day in April's.
    post(client, "attendance", ndjson([event("a1", WANG, "2026-04-01T06:00:00+08:00")]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname ~ '^worksites_(clockevent|dailyattendance)_2026'")
        made = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT tableoid::regclass::text FROM worksites_clockevent UNION ALL "
                       "SELECT tableoid::regclass::text FROM worksites_dailyattendance")
        homes = [name for (name,) in cursor.fetchall()]
    assert {"worksites_clockevent_202603", "worksites_dailyattendance_202604"} <= made
    assert homes == ["worksites_clockevent_202603", "worksites_dailyattendance_202604"]


def test_it_takes_gzipped_csv_payments_with_a_bearer_token(client, erin, sites):
    token = issue_token(erin, "bank")
    csv = ("payment_id,site,id_number,month,amount,payee_name,payee_account,paid_at\n"
           f"p1,CS1,{WANG},2026-02,4350.00,王建国,6222 0212 3456 7890 123,2026-03-10T10:00:00+08:00\n"
           f"p2,CS2,{LI},2026-02,3000,\"李四, 代领\",6222021234567890999,2026-03-10T10:00:00+08:00\n")
    response = post(client, "payments", gzip.compress(csv.encode()), content_type="text/csv",
                    HTTP_CONTENT_ENCODING="gzip", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.content
    assert response.json() == {"received": 2, "inserted": 2, "duplicates": 0}
    p1, p2 = Payment.objects.order_by("source_id")
    assert (p1.worker_id, p1.month, p1.amount, p1.payee_account_masked) == (
        sites["wang"].pk, date(2026, 2, 1), Decimal("4350.00"), "6222***********0123")
    assert (p2.worker_id, p2.site_id, p2.payee_name, p2.id_hash) == (None, sites["CS2"].pk, "李四, 代领", id_hash(LI))


def test_it_takes_gzipped_ndjson_inflows(client, erin, sites):
    client.force_login(erin)
    rows = [{"inflow_id": "i1", "site": "CS1", "amount": 250000, "received_on": "2026-03-01", "payer": "建设单位"},
            {"inflow_id": "i2", "site": "CS2", "amount": "1200.5", "received_on": "2026-03-02"}]
    # Two gzip members one after the other (`cat a.gz b.gz`) are one body.
    body = gzip.compress(ndjson(rows[:1])) + gzip.compress(ndjson(rows[1:]))
    response = post(client, "inflows", body, HTTP_CONTENT_ENCODING="gzip")
    assert response.json() == {"received": 2, "inserted": 2, "duplicates": 0}
    assert sorted(Inflow.objects.values_list("source_id", "amount", "payer")) == [
        ("i1", Decimal("250000.00"), "建设单位"), ("i2", Decimal("1200.50"), "")]


def test_bad_rows_are_all_listed_and_nothing_is_stored(client, erin, sites):
    client.force_login(erin)
    bad_id = WANG[:17] + ("0" if WANG[17] != "0" else "1")
    body = ndjson([EVENTS[0], event("b1", bad_id, "2026-03-02T09:00:00+08:00")]) + b"[1, 2]\n" + ndjson([
        event("b2", WANG, "2026-03-02T09:00:00", method="iris"), EVENTS[1],
        event("b3\u0000", WANG, "2026-03-02T09:00:00+08:00")])
    response = post(client, "attendance", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_rows"
    details = response.json()["details"]
    assert details["error_count"] == 5
    assert [(e["line"], e["field"]) for e in details["errors"]] == [
        (2, "id_number"), (3, ""), (4, "method"), (4, "at"), (6, "event_id")]
    assert details["errors"][3]["reason"] == "the time has no UTC offset"
    assert bad_id not in response.content.decode() and WANG not in response.content.decode()
    assert count("worksites_clockevent") == 0 and count("worksites_dailyattendance") == 0


def test_batches_already_merged_are_undone_by_a_bad_row_further_on(client, erin, sites, monkeypatch):
    monkeypatch.setattr(ingest_module, "BATCH_ROWS", 2)
    client.force_login(erin)
    response = post(client, "attendance", ndjson(EVENTS + [event("late", WANG, "2026-03-04T08:00:00+08:00", site="CS3")]))
    assert response.status_code == 403 and response.json()["details"]["sites"] == ["CS3"]
    response = post(client, "attendance", ndjson(EVENTS + [event("late", "123", "2026-03-04T08:00:00+08:00")]))
    assert response.status_code == 422 and response.json()["details"]["errors"][0]["line"] == 6
    assert count("worksites_clockevent") == 0 and count("worksites_dailyattendance") == 0
    # In batches of two, the same answer as in one.
    assert post(client, "attendance", ndjson(EVENTS)).json() == {"received": 5, "inserted": 5, "duplicates": 0}
    day = DailyAttendance.objects.get(worker=sites["wang"], day=date(2026, 3, 2))
    assert (day.first_at, day.last_at, day.events) == (
        datetime(2026, 3, 2, 8, 1, tzinfo=CST), datetime(2026, 3, 2, 18, 30, tzinfo=CST), 3)


def test_a_csv_without_a_needed_column_is_refused(client, erin, sites):
    client.force_login(erin)
    response = post(client, "inflows", b"inflow_id,site,amount\ni1,CS1,10\n", content_type="text/csv")
    assert response.status_code == 422
    assert [(e["line"], e["field"]) for e in response.json()["details"]["errors"]] == [(1, "received_on"), (1, "payer")]


def test_another_organisations_site_is_forbidden_and_nothing_is_stored(client, erin, sites):
    client.force_login(erin)
    body = ndjson(EVENTS + [event("x1", WANG, "2026-03-02T09:00:00+08:00", site="CS3"),
                            event("x2", WANG, "2026-03-02T09:00:00+08:00", site="NOPE")])
    response = post(client, "attendance", body)
    assert response.status_code == 403
    assert response.json()["code"] == "site_forbidden"
    assert response.json()["details"]["sites"] == ["CS3", "NOPE"]
    assert count("worksites_clockevent") == 0


def test_a_district_office_may_send_for_sites_in_its_district_only(client, bob, sites):
    client.force_login(bob)
    assert post(client, "attendance", ndjson(EVENTS)).status_code == 201  # CS1 is in Tianhe
    response = post(client, "attendance", ndjson([event("y1", WANG, "2026-03-02T09:00:00+08:00", site="CS3")]))
    assert response.status_code == 403  # CS3 is in Yuexiu


def test_id_numbers_reach_neither_the_tables_nor_the_answer(client, erin, sites):
    client.force_login(erin)
    answers = [post(client, "attendance", ndjson(EVENTS)).content]
    csv = ("payment_id,site,id_number,month,amount,payee_name,payee_account,paid_at\n"
           f"p1,CS1,{WANG},2026-02,4350.00,王建国,6222021234567890123,2026-03-10T10:00:00+08:00\n")
    answers.append(post(client, "payments", csv.encode(), content_type="text/csv").content)
    with connection.cursor() as cursor:
        dumped = []
        for table in ("worksites_clockevent", "worksites_dailyattendance", "worksites_payment", "worksites_worker"):
            cursor.execute(f"SELECT t::text FROM {table} t")
            dumped += [text for (text,) in cursor.fetchall()]
    assert len(dumped) == 5 + 3 + 1 + 1
    for number in (WANG, LI, "6222021234567890123"):
        assert not any(number in text for text in dumped)
        assert not any(number.encode() in answer for answer in answers)


def test_it_refuses_other_media_types_and_encodings_and_large_bodies(client, erin, sites, settings):
    client.force_login(erin)
    assert post(client, "attendance", b"[]", content_type="application/json").status_code == 415
    assert post(client, "attendance", ndjson(EVENTS), HTTP_CONTENT_ENCODING="br").status_code == 415
    assert post(client, "attendance", b"not gzip", HTTP_CONTENT_ENCODING="gzip").json()["code"] == "bad_gzip"
    cut = gzip.compress(ndjson(EVENTS))[:-12]
    assert post(client, "attendance", cut, HTTP_CONTENT_ENCODING="gzip").json()["code"] == "bad_gzip"
    settings.GEO_SERVER = {**settings.GEO_SERVER, "WAGE_UPLOAD_MAX_BYTES": 100}
    assert post(client, "attendance", ndjson(EVENTS)).status_code == 413
    # The limit holds for what a gzip body inflates to as well.
    small = gzip.compress(ndjson(EVENTS))
    assert len(small) < 400
    settings.GEO_SERVER = {**settings.GEO_SERVER, "WAGE_UPLOAD_MAX_BYTES": 400}
    assert post(client, "attendance", small, HTTP_CONTENT_ENCODING="gzip").status_code == 413
    assert count("worksites_clockevent") == 0


def test_the_affected_sites_are_evaluated_after_the_commit(client, erin, sites, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    """Through the Celery task (run inline here: no broker), once the rows are committed."""
    evaluated = []
    monkeypatch.setattr(supervision_tasks, "evaluate_features", evaluated.append)
    client.force_login(erin)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "attendance", ndjson(EVENTS + [event("z1", LI, "2026-03-02T09:00:00+08:00", site="CS2")]))
        assert evaluated == []
    assert [sorted(ids) for ids in evaluated] == [sorted([sites["CS1"].pk, sites["CS2"].pk])]


def test_the_command_imports_a_gzipped_file_the_same_way(sites, tmp_path, erin):
    path = tmp_path / "events.ndjson.gz"
    path.write_bytes(gzip.compress(ndjson(EVENTS)))
    call_command("import_attendance", str(path), stdout=(out := _Out()))
    assert "5 rows: 5 inserted, 0 already there." in out.text
    call_command("import_attendance", str(path), "--as-user", "erin", stdout=(out := _Out()))
    assert "5 rows: 0 inserted, 5 already there." in out.text
    assert DailyAttendance.objects.count() == 3
    csv = tmp_path / "inflows.csv"
    csv.write_text("inflow_id,site,amount,received_on,payer\ni1,CS3,10,2026-03-01,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="CS3"):
        call_command("import_attendance", str(csv), "--inflows", "--as-user", "erin")
    call_command("import_attendance", str(csv), "--inflows", stdout=_Out())
    assert Inflow.objects.get().site_id == sites["CS3"].pk
    bad = tmp_path / "bad.csv"
    bad.write_text("inflow_id,site,amount,received_on,payer\ni2,CS1,-5,2026-03-01,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: amount"):
        call_command("import_attendance", str(bad), "--inflows")


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
