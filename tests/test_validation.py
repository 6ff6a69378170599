"""The validation layer's pure parts: JSON parsing, text, ids and plausible times (no database)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from geo_server.errors import ApiError
from geo_server.validation import IdConverter, MAX_JSON_DEPTH, parse_json, plausible_time


def code_of(text: str) -> str:
    with pytest.raises(ApiError) as raised:
        parse_json(text)
    return raised.value.code


def test_it_parses_json_up_to_the_depth_limit_and_refuses_one_level_more():
    assert parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    assert code_of("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)) == "json_too_deep"
    assert code_of('{"a": ' * 5000 + "1" + "}" * 5000) == "json_too_deep"


def test_it_ignores_brackets_inside_strings_when_measuring_depth():
    assert parse_json('["' + "[" * 100 + '\\"]"]') == ["[" * 100 + '"]']


def test_it_names_where_a_nul_or_lone_surrogate_is():
    with pytest.raises(ApiError) as raised:
        parse_json('{"actions": [{"reason": "a\\u0000"}]}')
    assert raised.value.details == {"field": "actions[0].reason"}
    assert code_of('["\\udc00"]') == "invalid_text"
    assert parse_json('"\\ud83d\\ude00"') == "😀"


def test_it_refuses_numbers_no_column_holds():
    assert parse_json("[-9223372036854775808, 9223372036854775807]") == [-(2**63), 2**63 - 1]
    for text in ("[9223372036854775808]", "[" + "9" * 400 + "]", "[1e999]", "[-1e400]", "NaN", "[Infinity]"):
        assert code_of(text) == "invalid_number", text
    assert code_of(b"\xff") == "bad_json"


def test_it_converts_path_ids_that_fit_a_bigint_only():
    converter = IdConverter()
    assert converter.to_python("9223372036854775807") == 2**63 - 1
    with pytest.raises(ValueError):
        converter.to_python("9999999999999999999")


def test_it_accepts_record_times_from_2000_to_a_day_ahead():
    now = timezone.now()
    assert plausible_time(now + timedelta(hours=23), "taken_at")
    for moment in (datetime(1999, 12, 31, 23, tzinfo=timezone.get_fixed_timezone(0)), now + timedelta(days=2)):
        with pytest.raises(ApiError) as raised:
            plausible_time(moment, "taken_at")
        assert (raised.value.http_status, raised.value.details) == (422, {"field": "taken_at"})
