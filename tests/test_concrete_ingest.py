"""A plant's production feeds (/api/concrete/batches, batching, lots, tests, heartbeats).

Two plants: P1 of the enterprise erin works for, with line L1, approved mix M30 (C30, dry) and order
O1 to site CS1; P2 of another enterprise, with a line also called L1. Times are Beijing time.
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
from geo_server.sectors.concrete import incremental
from geo_server.sectors.concrete import ingest as ingest_module
from geo_server.sectors.concrete.models import (Batch, BatchingRecord, ChlorideTest, DeliveryTicket, MaterialLot,
                                                MixDesign, MixingLine, Order, SelfTest, SpecimenGroup, Supplier)
from geo_server.supervision.models import Warning
from geo_server.supervision.rules import SqlRule, register_rule, unregister_rule
from tests.conftest import TIANHE_SPORTS_CENTER, YUEXIU_PARK, area, point_feature

CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def plants(enterprise):
    other = Organisation.objects.create(name="广州另一混凝土有限公司", type="enterprise", jurisdiction=area("440100"))
    p1 = point_feature("P1", *TIANHE_SPORTS_CENTER, organisation=enterprise)
    p2 = point_feature("P2", *YUEXIU_PARK, organisation=other)
    cs1 = point_feature("CS1", 113.33, 23.14, kind="construction_site")
    line = MixingLine.objects.create(plant=p1, code="L1", metering_equipment="HZS180")
    MixingLine.objects.create(plant=p2, code="L1")
    mix = MixDesign.objects.create(plant=p1, code="M30", grade="C30", exposure_class="dry", cement_kg=300,
                                   water_kg=175, water_binder_ratio=Decimal("0.45"), binder_kg=390,
                                   approval_state="approved", approved_at=datetime(2026, 3, 1, tzinfo=CST))
    order = Order.objects.create(plant=p1, source_id="O1", customer="穗建集团", site=cs1, part_poured="3F slab",
                                 grade="C30", mix=mix, volume_m3=120)
    return {"P1": p1, "P2": p2, "CS1": cs1, "line": line, "mix": mix, "order": order}


def ndjson(rows) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def post(client, feed, body: bytes, content_type="application/x-ndjson", **headers):
    return client.post(f"/api/concrete/{feed}", body, content_type=content_type, **headers)


def batch(serial, at="2026-03-02T08:00:00+08:00", plant="P1", **extra):
    return {"serial": serial, "plant": plant, "line": "L1", "produced_at": at, "mix": "M30", "grade": "C30",
            "volume_m3": 8, "order_no": "O1", "shift": "2026-03-02/day", **extra}


def record(record_id, serial, material="cement", target=2400, actual=2410, lot="", plant="P1"):
    return {"record_id": record_id, "plant": plant, "serial": serial, "material_type": material, "lot": lot,
            "target_kg": target, "actual_kg": actual, "batched_at": "2026-03-02T07:58:00+08:00"}


def lot(lot_id, material="cement", **extra):
    return {"lot_id": lot_id, "plant": "P1", "material_type": material, "supplier": "91440101MA5CEMENT",
            "supplier_name": "粤秀水泥厂", "quantity_t": "33.500", "supplier_lot_no": "C-2026-031",
            "weighbridge_ticket": "W0001", "arrived_at": "2026-03-01T09:00:00+08:00",
            "recorded_at": "2026-03-01T10:00:00+08:00", "has_certificate": True, **extra}


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def test_it_stores_batches_with_their_delivery_tickets(client, erin, plants):
    client.force_login(erin)
    rows = [batch("B1", ticket_no="T1", site="CS1", truck="粤A12345", delivered_at="2026-03-02T08:40:00+08:00"),
            batch("B2", at="2026-03-02T08:10:00+08:00", grade="", volume_m3=None, mix="", order_no="", line="")]
    response = post(client, "batches", ndjson(rows))
    assert response.status_code == 201, response.content
    assert response.json() == {"received": 2, "inserted": 2, "updated": 0, "duplicates": 0}
    b1, b2 = Batch.objects.order_by("serial")
    assert (b1.plant, b1.line, b1.mix, b1.order, b1.grade, b1.volume_m3, b1.produced_at) == (
        plants["P1"], plants["line"], plants["mix"], plants["order"], "C30", Decimal("8.00"),
        datetime(2026, 3, 2, 8, 0, tzinfo=CST))
    assert (b2.line, b2.mix, b2.order, b2.grade, b2.volume_m3) == (None, None, None, "", None)
    ticket = DeliveryTicket.objects.get()
    assert (ticket.batch, ticket.site, ticket.truck) == (b1, plants["CS1"], "粤A12345")
    assert MixingLine.objects.get(pk=plants["line"].pk).last_serial == "B1"


def test_a_replay_changes_nothing(client, erin, plants):
    client.force_login(erin)
    rows = [batch("B1", ticket_no="T1", site="CS1", delivered_at="2026-03-02T08:40:00+08:00"), batch("B2")]
    post(client, "batches", ndjson(rows))
    replay = post(client, "batches", ndjson(rows + [batch("B2")]))
    assert replay.status_code == 200
    assert replay.json() == {"received": 3, "inserted": 0, "updated": 0, "duplicates": 3}
    assert (count("concrete_batch"), count("concrete_deliveryticket")) == (2, 1)
    for feed, rows in (("batching", [record("R1", "B1")]), ("lots", [lot("LOT1")]),
                       ("heartbeats", [{"line": "L1", "plant": "P1", "at": "2026-03-02T09:00:00+08:00"}])):
        post(client, feed, ndjson(rows))
        assert post(client, feed, ndjson(rows)).json()["duplicates"] == 1


def test_batching_records_find_their_batch_whichever_comes_first(client, erin, plants):
    client.force_login(erin)
    post(client, "lots", ndjson([lot("LOT1")]))
    assert post(client, "batching", ndjson([record("R1", "B1", lot="LOT1")])).status_code == 201
    early = BatchingRecord.objects.get()
    assert (early.batch, early.line, early.lot.source_id) == (None, None, "LOT1")
    post(client, "batches", ndjson([batch("B1")]))
    post(client, "batching", ndjson([record("R2", "B1", material="water", target=175, actual=176)]))
    b1 = Batch.objects.get()
    assert sorted(BatchingRecord.objects.values_list("source_id", "batch", "line")) == [
        ("R1", b1.pk, plants["line"].pk), ("R2", b1.pk, plants["line"].pk)]
    assert MixingLine.objects.get(pk=plants["line"].pk).last_batching_at == datetime(2026, 3, 2, 7, 58, tzinfo=CST)


def record_at(record_id, at, **extra):
    return {**record(record_id, "B1", **extra), "batched_at": at}


def partition_of(source_id: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM concrete_batchingrecord WHERE source_id = %s",
                       [source_id])
        return cursor.fetchone()[0]


def test_batching_records_land_in_their_month_and_a_record_id_stays_one_row(client, erin, plants):
    """Partitioned by month of batched_at (migration 0007): the key holds the time, so the merge itself
    refuses a record id sent again with another time, or twice in a body with two times."""
    from geo_server.partitions import ensure_months
    ensure_months("concrete_batchingrecord", date(2026, 3, 1), date(2026, 3, 31))
    client.force_login(erin)
    # 23:58 on 31 March in Beijing is 15:58 UTC, still March; 08:30 on 1 April Beijing is 1 April UTC.
    rows = [record_at("R1", "2026-03-31T23:58:00+08:00"), record_at("R2", "2026-04-01T08:30:00+08:00")]
    assert post(client, "batching", ndjson(rows)).json()["inserted"] == 2
    assert (partition_of("R1"), partition_of("R2")) == ("concrete_batchingrecord_202603",
                                                        "concrete_batchingrecord_default")
    assert post(client, "batching", ndjson(rows)).json() == {"received": 2, "inserted": 0, "updated": 0,
                                                            "duplicates": 2}
    retimed = post(client, "batching", ndjson([record_at("R3", "2026-03-05T10:00:00+08:00"),
                                               record_at("R1", "2026-03-31T23:59:00+08:00")]))
    assert retimed.status_code == 422
    assert retimed.json()["details"]["errors"] == [
        {"line": 2, "field": "batched_at", "reason": "this record was received before with another time"}]
    twice = post(client, "batching", ndjson([record_at("R4", "2026-03-05T10:00:00+08:00"),
                                             record_at("R4", "2026-03-05T10:01:00+08:00")]))
    assert [(e["line"], e["field"]) for e in twice.json()["details"]["errors"]] == [
        (1, "batched_at"), (2, "batched_at")]
    assert sorted(BatchingRecord.objects.values_list("source_id", flat=True)) == ["R1", "R2"]  # nothing of R3, R4
    # Making April moves the straggler out of the default partition; the record is the same row.
    r2 = BatchingRecord.objects.get(source_id="R2").pk
    assert ensure_months("concrete_batchingrecord", date(2026, 4, 1), date(2026, 4, 30)) == [
        "concrete_batchingrecord_202604"]
    assert partition_of("R2") == "concrete_batchingrecord_202604"
    assert BatchingRecord.objects.get(pk=r2).source_id == "R2"


def test_it_stores_lots_and_adds_a_new_supplier_once(client, erin, plants):
    client.force_login(erin)
    sand = lot("LOT2", "machine_sand", supplier_lot_no="S-1", weighbridge_ticket="W0002",
               sand_certificate_no="JZS-88", sand_certificate_expires_on="2027-06-30", mb_value="1.20",
               stone_powder_pct="7.5", manufactured_on="2026-02-27")
    response = post(client, "lots", ndjson([lot("LOT1"), sand]))
    assert response.json() == {"received": 2, "inserted": 2, "updated": 0, "duplicates": 0}
    supplier = Supplier.objects.get()
    assert (supplier.credit_code, supplier.name) == ("91440101MA5CEMENT", "粤秀水泥厂")
    stored = MaterialLot.objects.get(source_id="LOT2")
    assert (stored.supplier, stored.quantity_t, stored.mb_value, stored.stone_powder_pct, stored.manufactured_at,
            stored.sand_certificate_expires_on, stored.has_test_report) == (
        supplier, Decimal("33.500"), Decimal("1.20"), Decimal("7.5"), date(2026, 2, 27), date(2027, 6, 30), False)


def test_it_takes_three_types_of_test_in_one_body(client, erin, plants):
    client.force_login(erin)
    post(client, "lots", ndjson([lot("LOT1", "sand")]))
    post(client, "batches", ndjson([batch("B1")]))
    rows = [
        {"type": "self_test", "test_id": "S1", "plant": "P1", "lot": "LOT1", "item": "mud_content", "result": "3.2",
         "limit_value": "3.0", "tested_at": "2026-03-01T15:00:00+08:00"},
        {"type": "self_test", "test_id": "S2", "plant": "P1", "lot": "LOT1", "item": "fineness", "result": "2.6",
         "limit_value": "2.3", "limit_kind": "min", "tested_at": "2026-03-01T15:00:00+08:00"},
        {"type": "specimen", "group_id": "G1", "plant": "P1", "serial": "B1", "cast_date": "2026-03-02",
         "test_date": "2026-03-30", "strength_1_mpa": "38.0", "strength_2_mpa": "40.0", "strength_3_mpa": "41.5"},
        {"type": "specimen", "group_id": "G2", "plant": "P1", "serial": "B1", "cast_date": "2026-03-02",
         "curing": "same-condition"},
        {"type": "chloride", "test_id": "C1", "plant": "P1", "serial": "B1", "chloride_pct": "0.060",
         "tested_at": "2026-03-02T10:00:00+08:00"},
        {"type": "chloride", "test_id": "C2", "plant": "P1", "mix": "M30", "method": "computed",
         "chloride_pct": "0.041", "tested_at": "2026-03-01T10:00:00+08:00"},
    ]
    response = post(client, "tests", ndjson(rows))
    assert response.json() == {"received": 6, "inserted": 6, "updated": 0, "duplicates": 0}
    assert dict(SelfTest.objects.values_list("source_id", "passed")) == {"S1": False, "S2": True}
    g1, g2 = SpecimenGroup.objects.order_by("source_id")
    assert (g1.group_value_mpa, g1.invalid, g1.age_days, g2.curing, g2.test_date) == (
        Decimal("39.8"), False, 28, "same-condition", None)
    assert sorted(ChlorideTest.objects.values_list("source_id", "batch__serial", "mix__code", "method")) == [
        ("C1", "B1", None, "measured"), ("C2", None, "M30", "computed")]


def specimen(group_id, *cubes, test_date="2026-03-30"):
    row = {"type": "specimen", "group_id": group_id, "plant": "P1", "serial": "B1", "cast_date": "2026-03-02"}
    if cubes:
        row.update(test_date=test_date, **{f"strength_{i}_mpa": str(cube) for i, cube in enumerate(cubes, 1)})
    return row


def test_a_groups_results_fill_it_in_later_but_never_change(client, erin, plants):
    client.force_login(erin)
    post(client, "batches", ndjson([batch("B1")]))
    post(client, "tests", ndjson([specimen("G1"), specimen("G2")]))
    # G1 tested: 30.0 is more than 15% below 36.0 and 42.0 is not above it: the middle value.
    response = post(client, "tests", ndjson([specimen("G1", "30.0", "36.0", "41.4"), specimen("G2")]))
    assert response.json() == {"received": 2, "inserted": 0, "updated": 1, "duplicates": 1}
    assert SpecimenGroup.objects.get(source_id="G1").group_value_mpa == Decimal("36.0")
    assert post(client, "tests", ndjson([specimen("G1", "30.0", "36.0", "41.4")])).json()["duplicates"] == 1
    changed = post(client, "tests", ndjson([specimen("G1", "36.0", "36.0", "41.4")]))
    assert changed.status_code == 422
    assert changed.json()["details"]["errors"] == [
        {"line": 1, "field": "test_date", "reason": "the group already has other test results"}]


def test_heartbeats_move_the_line_forward_only(client, erin, plants):
    client.force_login(erin)
    beat = {"line": "L1", "plant": "P1", "at": "2026-03-02T09:00:00+08:00", "last_serial": "B9"}
    response = post(client, "heartbeats", ndjson([beat, {**beat, "at": "2026-03-02T08:59:30+08:00",
                                                         "last_serial": "B8"}]))
    assert response.status_code == 200
    assert response.json() == {"received": 2, "inserted": 0, "updated": 1, "duplicates": 1}
    post(client, "heartbeats", ndjson([{**beat, "at": "2026-03-02T08:00:00+08:00", "last_serial": "B1"}]))
    line = MixingLine.objects.get(pk=plants["line"].pk)
    assert (line.last_heartbeat_at, line.last_serial) == (datetime(2026, 3, 2, 9, 0, tzinfo=CST), "B9")


def test_bad_rows_are_all_listed_and_nothing_is_stored(client, erin, plants):
    client.force_login(erin)
    body = ndjson([batch("B1"), batch("B2", grade="C33"), batch("B3", line="L9"),
                   batch("B4", produced_at="2026-03-02T08:00:00", volume_m3="-1")]) + b"[1]\n" + ndjson([
        batch("B5", mix="M99", order_no="O9", ticket_no="T5", site="CS9", delivered_at="2026-03-02T09:00:00+08:00"),
        batch("B6", truck="粤A1")])
    response = post(client, "batches", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_rows"
    details = response.json()["details"]
    assert [(e["line"], e["field"]) for e in details["errors"]] == [
        (2, "grade"), (3, "line"), (4, "produced_at"), (4, "volume_m3"), (5, ""),
        (6, "mix"), (6, "order_no"), (6, "site"), (7, "ticket_no")]
    assert details["error_count"] == 9
    assert details["errors"][1]["reason"] == "no such mixing line at this plant"
    assert count("concrete_batch") == 0 and count("concrete_deliveryticket") == 0


def test_tests_and_heartbeats_must_name_the_plants_own_lots_batches_mixes_and_lines(client, erin, plants):
    client.force_login(erin)
    post(client, "batches", ndjson([batch("B1")]))
    rows = [{"type": "self_test", "test_id": "S1", "plant": "P1", "lot": "LOT9", "item": "mud_content",
             "result": 1, "passed": True, "tested_at": "2026-03-01T15:00:00+08:00"},
            specimen("G1"), {**specimen("G2"), "serial": "B9"},
            {"type": "chloride", "test_id": "C1", "plant": "P1", "mix": "M99", "chloride_pct": "0.05",
             "tested_at": "2026-03-02T10:00:00+08:00"}]
    response = post(client, "tests", ndjson(rows))
    assert [(e["line"], e["field"], e["reason"]) for e in response.json()["details"]["errors"]] == [
        (1, "lot", "no such material lot at this plant"), (3, "serial", "no batch with this serial at this plant"),
        (4, "mix", "no such mix design at this plant")]
    assert count("concrete_specimengroup") == 0
    beat = post(client, "heartbeats", ndjson([{"line": "L2", "plant": "P1", "at": "2026-03-02T09:00:00+08:00"}]))
    assert beat.json()["details"]["errors"] == [
        {"line": 1, "field": "line", "reason": "no such mixing line at this plant"}]


def test_every_row_is_undone_by_a_bad_row_further_on(client, erin, plants, monkeypatch):
    monkeypatch.setattr(ingest_module, "BATCH_ROWS", 2)
    client.force_login(erin)
    rows = [batch(f"B{i}") for i in range(5)]
    response = post(client, "batches", ndjson(rows + [batch("B9", mix="M99")]))
    assert response.status_code == 422 and response.json()["details"]["errors"][0]["line"] == 6
    response = post(client, "batches", ndjson(rows + [batch("B9", plant="P2")]))
    assert response.status_code == 403
    assert count("concrete_batch") == 0
    assert post(client, "batches", ndjson(rows)).json()["inserted"] == 5


def test_another_plants_serials_are_forbidden_and_nothing_is_stored(client, erin, plants):
    client.force_login(erin)
    body = ndjson([batch("B1"), batch("B1", plant="P2"), batch("B2", plant="NOPE"),
                   batch("B3", plant="P2")])
    response = post(client, "batches", body)
    assert response.status_code == 403
    assert response.json()["code"] == "plant_forbidden"
    assert response.json()["details"]["plants"] == ["NOPE", "P2"]
    assert count("concrete_batch") == 0
    assert post(client, "batching", ndjson([record("R1", "B1", plant="P2")])).status_code == 403


def test_serials_are_unique_per_plant_only(client, alice, plants):
    client.force_login(alice)  # the province bureau may send for any plant in Guangdong
    response = post(client, "batches", ndjson([batch("B1"), batch("B1", plant="P2", mix="", order_no="")]))
    assert response.json()["inserted"] == 2, response.content
    assert sorted(Batch.objects.values_list("plant__code", "line__plant__code")) == [("P1", "P1"), ("P2", "P2")]


def test_it_takes_gzipped_rows_with_a_bearer_token(client, erin, plants):
    token = issue_token(erin, "plant control system")
    response = post(client, "batches", gzip.compress(ndjson([batch("B1")])), HTTP_CONTENT_ENCODING="gzip",
                    HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.content
    assert Batch.objects.get().serial == "B1"


def test_it_refuses_other_media_types_and_large_bodies(client, erin, plants, settings):
    client.force_login(erin)
    assert post(client, "batches", b"serial,plant\n", content_type="text/csv").status_code == 415
    assert post(client, "batches", ndjson([batch("B1")]), HTTP_CONTENT_ENCODING="br").status_code == 415
    assert post(client, "batches", b"not gzip", HTTP_CONTENT_ENCODING="gzip").json()["code"] == "bad_gzip"
    assert client.get("/api/concrete/batches").status_code == 405
    settings.GEO_SERVER = {**settings.GEO_SERVER, "CONCRETE_UPLOAD_MAX_BYTES": 100}
    assert post(client, "batches", ndjson([batch("B1")])).status_code == 413
    assert count("concrete_batch") == 0


def test_an_anonymous_caller_stores_nothing(client, plants):
    response = post(client, "batches", ndjson([batch("B1")]))
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
    assert count("concrete_batch") == 0


def test_the_affected_plants_are_evaluated_after_the_commit(client, erin, plants, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    evaluated = []
    monkeypatch.setattr(incremental, "evaluate_features", evaluated.append)
    client.force_login(erin)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "batches", ndjson([batch("B1")]))
        assert evaluated == []
    assert evaluated == [[plants["P1"].pk]]
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "batches", ndjson([batch("B1")]))  # a replay: nothing new to judge
        post(client, "heartbeats", ndjson([{"line": "L1", "plant": "P1", "at": "2026-03-02T09:00:00+08:00"}]))
    assert len(evaluated) == 1


def test_a_failing_rule_does_not_fail_the_upload(client, erin, plants, monkeypatch,
                                                django_capture_on_commit_callbacks):
    def broken(ids):
        raise RuntimeError("a rule's SQL is broken")

    monkeypatch.setattr(incremental, "evaluate_features", broken)
    client.force_login(erin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "batches", ndjson([batch("B1")]))
    assert response.status_code == 201
    assert Batch.objects.get().serial == "B1"


NO_VOLUME = SqlRule("test.no_volume", "concrete_plant", """
SELECT b.plant_id AS feature_id, 'batch:' || b.serial AS subject, 2 AS level, '无方量 ' || b.serial AS message_zh,
       'No volume: ' || b.serial AS message_en, '{}'::jsonb AS evidence
FROM concrete_batch b WHERE b.volume_m3 IS NULL AND (%(only)s::bigint[] IS NULL OR b.plant_id = ANY(%(only)s))
""", title_zh="无方量", title_en="No volume")


@pytest.fixture
def no_volume_rule(db):
    register_rule(NO_VOLUME)
    yield
    unregister_rule(NO_VOLUME.code)


def test_a_new_batchs_warning_exists_when_the_answer_comes(client, erin, plants, no_volume_rule,
                                                            django_capture_on_commit_callbacks):
    client.force_login(erin)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "batches", ndjson([batch("B1"), batch("B2", volume_m3=None)]))
    warning = Warning.objects.get(rule_code="test.no_volume")
    assert (warning.feature, warning.subject, warning.level, warning.is_open) == (plants["P1"], "batch:B2", 2, True)


def test_the_command_imports_a_gzipped_file_the_same_way(plants, erin, tmp_path, capsys):
    path = tmp_path / "batches.ndjson.gz"
    path.write_bytes(gzip.compress(ndjson([batch("B1"), batch("B2")])))
    call_command("import_concrete", "batches", str(path))
    call_command("import_concrete", "batches", str(path), "--as-user", "erin")
    assert capsys.readouterr().out.splitlines() == ["2 rows: 2 inserted, 0 updated, 0 already there.",
                                                    "2 rows: 0 inserted, 0 updated, 2 already there."]
    other = tmp_path / "other.ndjson"
    other.write_bytes(ndjson([batch("B3", plant="P2", mix="", order_no="")]))
    with pytest.raises(CommandError, match="plants: P2"):
        call_command("import_concrete", "batches", str(other), "--as-user", "erin")
    bad = tmp_path / "bad.ndjson"
    bad.write_bytes(ndjson([batch("B4", grade="C33")]))
    with pytest.raises(CommandError, match="line 1: grade"):
        call_command("import_concrete", "batches", str(bad))
    assert Batch.objects.count() == 2
