"""The plants' rows checked one by one (feeds.py), without a database."""

import io
import json
from decimal import Decimal

from geo_server.sectors.concrete import feeds
from geo_server.feeds.streams import Errors

LIMIT = 1 << 20


def parse(feed, *records):
    body = "".join(json.dumps(record) + "\n" for record in records).encode()
    errors = Errors()
    rows = [(line, part.name, dict(zip(part.columns, row)))
            for line, part, row in feeds.rows(feed, io.BytesIO(body), False, LIMIT, errors)]
    return rows, [(e["line"], e["field"], e["reason"]) for e in errors.rows]


def test_a_self_test_without_passed_is_judged_by_its_limit():
    base = {"type": "self_test", "test_id": "S", "plant": "P1", "lot": "L", "item": "mud_content",
            "tested_at": "2026-03-01T15:00:00+08:00"}
    rows, errors = parse("tests", {**base, "result": "3.0", "limit_value": "3.0"},
                         {**base, "result": "3.001", "limit_value": "3.0"},
                         {**base, "result": "2.2", "limit_value": "2.3", "limit_kind": "min"},
                         {**base, "result": 9, "passed": True},
                         {**base, "result": 9})
    assert [row["passed"] for _line, _part, row in rows] == [True, False, False, True]
    assert errors == [(5, "passed", "missing (and no limit to judge the result by)")]


def test_a_specimen_row_has_all_three_cubes_and_a_test_date_or_none():
    base = {"type": "specimen", "group_id": "G", "plant": "P1", "serial": "B1", "cast_date": "2026-03-02"}
    cubes = {"strength_1_mpa": "30.0", "strength_2_mpa": "30.0", "strength_3_mpa": "30.1"}
    rows, errors = parse("tests", {**base, **cubes, "test_date": "2026-03-30", "group_value_mpa": "99"},
                         {**base, **cubes}, {**base, "strength_1_mpa": "30"},
                         {**base, **cubes, "test_date": "2026-03-01"},
                         {**base, **cubes, "strength_3_mpa": "30.05", "test_date": "2026-03-30"})
    assert rows[0][2]["group_value_mpa"] == Decimal("30.0") and rows[0][2]["invalid"] is False
    assert errors == [(2, "test_date", "missing (the row has strengths)"),
                      (3, "strength_2_mpa", "missing (give all three cubes or none)"),
                      (4, "test_date", "before the cast date"),
                      (5, "strength_3_mpa", "has more than 1 decimal places")]


def test_a_row_of_the_tests_feed_needs_a_known_type():
    rows, errors = parse("tests", {"type": "slump", "test_id": "X"}, {"test_id": "Y"})
    assert rows == []
    assert errors == [(1, "type", "must be one of chloride, self_test, specimen"),
                      (2, "type", "must be one of chloride, self_test, specimen")]


def test_numbers_are_checked_for_range_and_places_and_kind():
    base = {"serial": "B", "plant": "P1", "produced_at": "2026-03-02T08:00:00+08:00"}
    rows, errors = parse("batches", {**base, "volume_m3": 0}, {**base, "volume_m3": True},
                         {**base, "volume_m3": "8.125"}, {**base, "volume_m3": "NaN"}, {**base, "volume_m3": 12})
    assert [reason for _line, _field, reason in errors] == [
        "must be more than 0 and less than 1000", "must be a number", "has more than 2 decimal places",
        "must be more than 0 and less than 1000"]
    assert rows[0][2]["volume_m3"] == Decimal("12.00") and rows[0][2]["grade"] == ""


def test_a_lot_without_a_record_time_is_recorded_when_it_arrives_here():
    rows, errors = parse("lots", {"lot_id": "L", "plant": "P1", "material_type": "stone", "quantity_t": 30,
                                  "arrived_at": "2026-03-01T09:00:00+08:00", "has_certificate": "yes"})
    assert errors == [(1, "has_certificate", "must be true or false")]
    rows, errors = parse("lots", {"lot_id": "L", "plant": "P1", "material_type": "stone", "quantity_t": 30,
                                  "arrived_at": "2026-03-01T09:00:00+08:00"})
    assert errors == [] and rows[0][2]["recorded_at"] is not None and rows[0][2]["has_certificate"] is False


def test_hostile_values_are_reasons_not_crashes():
    base = {"serial": "B", "plant": "P1", "produced_at": "2026-03-02T08:00:00+08:00"}
    body = "\n".join([
        json.dumps({**base, "volume_m3": 10**30}), '{"serial": "B", "plant": "P1", "volume_m3": 1e999}',
        "[" * 100_000 + "]" * 100_000, json.dumps({**base, "plant": ["P1"]}), json.dumps({**base, "serial": "B\u0000"}),
        json.dumps({"type": ["self_test"], "test_id": "X"})]).encode() + b"\n\xff\xfe\n"
    errors = Errors()
    assert list(feeds.rows("batches", io.BytesIO(body), False, LIMIT, errors)) == []
    assert [(e["line"], e["field"]) for e in errors.rows] == [
        (1, "volume_m3"), (2, "produced_at"), (2, "volume_m3"), (3, ""), (4, "plant"), (5, "serial"), (6, "serial"),
        (6, "plant"), (6, "produced_at"), (7, "")]
    errors = Errors()
    assert list(feeds.rows("tests", io.BytesIO(b'{"type": ["self_test"]}\n{"type": {"a": 1}}\n'), False, LIMIT,
                           errors)) == []
    assert [e["field"] for e in errors.rows] == ["type", "type"]
