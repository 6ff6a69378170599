"""Lines of an NDJSON body to records, and the text check (geo_server.feeds.streams), without a database."""

import io

import pytest

from geo_server.feeds.streams import Errors, RowError, choice, records, text

LIMIT = 1 << 20


def read(body: bytes):
    errors = Errors()
    found = list(records(io.BytesIO(body), "ndjson", False, LIMIT, errors))
    return found, [(e["line"], e["reason"]) for e in errors.rows]


def test_objects_one_a_line_are_records_with_their_line_numbers():
    found, errors = read(b'{"a": "1"}\n\n{"b": 2.50, "c": {"d": [1]}}\r\n   \n {"e": null} \n')
    assert found == [(1, {"a": "1"}), (3, {"b": pytest.approx(2.5), "c": {"d": [1]}}), (5, {"e": None})]
    assert str(found[1][1]["b"]) == "2.50"  # a Decimal, as written
    assert errors == []


def test_a_line_that_is_not_exactly_one_object_is_reported():
    body = (b'{"a": 1} {"b": 2}\n'  # two objects
            b'{"a": 1}}\n'  # trailing brace
            b'{"a": "x}\n'  # unterminated string that ends in a brace
            b'{"a": NaN}\n'  # not JSON
            b'[{"a": 1}]\n'  # not an object
            b'{"a": 1}, {"b": "\n'  # split across lines: neither line is an object
            b'"}\n'
            b'{"ok": true}\n')
    found, errors = read(body)
    assert found == [(8, {"ok": True})]
    assert errors == [(line, "not a JSON object") for line in range(1, 8)]


def test_text_strips_and_limits_and_refuses_nul_and_lone_surrogates():
    check = text(5)
    assert check("  abc ") == "abc"
    assert check(" 王建国 ") == "王建国"
    assert check(12) == "12"
    for value, reason in (("", "missing"), ("   ", "missing"), (None, "missing"), ("abcdef", "longer than 5 characters"),
                          ("a\x00b", "contains a NUL character or an unpaired surrogate"),
                          ("王\ud800", "contains a NUL character or an unpaired surrogate"), (True, "must be text"),
                          (["a"], "must be text")):
        with pytest.raises(RowError, match=reason):
            check(value)
    assert text(5, required=False)("") == ""


def test_a_choice_is_one_of_its_options_exactly():
    check = choice("face", "fingerprint")
    assert check("face") == "face" and check("fingerprint") == "fingerprint"
    for value in ("Face", " face", "", None, 1, ["face"], {"face": 1}):
        with pytest.raises(RowError, match="must be one of face, fingerprint"):
            check(value)
