"""API and OGC error messages follow the request's Accept-Language; the code never does (issue #15).

Each row is a bad request from one family of the API, sent twice: in Chinese the message is Chinese
and keeps none of the English wording, in English it is the English message, and the status and
code are the same both times. `english` is the fixed wording of the English message (the names and
values it quotes, which stay as they are in both languages, are left out).
"""

import re

import pytest
from django.test import Client

from tests.test_bad_input import ITEMS, SQUARE, send, world  # noqa: F401 (world is a fixture)
from tests.test_lockout import LIMIT, basic

CJK = re.compile(r"[\u4e00-\u9fff]")

CASES = [
    # (user, method, path, body, status, code, english)
    ("alice", "GET", "/api/features?limit=abc", None, 400, "invalid_limit", "must be a whole number"),
    ("alice", "GET", "/api/features?kind=nothing", None, 400, "invalid_kind", "Unknown kind(s)"),
    ("alice", "GET", "/api/features/99999", None, 404, "feature_not_found", "that you may see"),
    ("alice", "GET", "/api/hazards?overdue=maybe", None, 400, "invalid_overdue", "must be"),
    ("erin", "POST", "/api/hazards/{hazard}/transitions", '{"action": "dispatch", "version": 1}', 403,
     "not_allowed", "You may not"),
    ("alice", "POST", "/api/hazards/{hazard}/transitions", '{"action": "dispatch"}', 400, "version_required",
     "you saw) is required"),
    ("alice", "GET", f"{ITEMS}?limit=0", None, 400, "invalid_limit", "must be between"),
    ("alice", "GET", "/ogc/collections/nothing", None, 404, "collection_not_found", "No collection"),
    ("alice", "GET", "/exports/?layer=building,nothing&format=csv", None, 400, "invalid_layer", "Unknown layer(s)"),
    ("alice", "GET", "/tiles/building/99/1/1.mvt", None, 400, "invalid_zoom", "is outside"),
    ("bob", "POST", "/api/zones", '{"name": "a", "geometry": {"type": "Point", "coordinates": [113.3, 23.1]}}',
     422, "zone_not_polygon", "A zone must be a"),
    ("alice", "POST", "/api/m/sync", '{"actions": [5]}', 400, "bad_action", "is not an object"),
    (None, "GET", "/api/features", None, 401, "not_authenticated", "Log in, or send"),
    ("alice", "DELETE", "/api/zones", None, 405, "method_not_allowed", "Use"),
    ("alice", "GET", "/api/no-such-route", None, 404, "not_found", "Nothing at"),
]


def english_words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{2,}", text)}


def ask(request, user, method, path, body, language):
    client = Client(raise_request_exception=False)
    if user:
        client.force_login(request.getfixturevalue(user))
    if "{" in path:
        path = path.format(**request.getfixturevalue("world"))
    response = send(client, method, path, body, HTTP_ACCEPT_LANGUAGE=language)
    data = response.json()
    if path.startswith("/ogc"):
        return response.status_code, data["geo_server_code"], data["description"]
    return response.status_code, data["code"], data["message"]


@pytest.mark.parametrize("user, method, path, body, status, code, english", CASES,
                         ids=[f"{m} {p[:50]}" for _u, m, p, *_rest in CASES])
def test_it_answers_in_the_requests_language_with_the_same_code(db, request, user, method, path, body, status, code,
                                                                english):
    zh_status, zh_code, zh_message = ask(request, user, method, path, body, "zh-CN")
    en_status, en_code, en_message = ask(request, user, method, path, body, "en")
    assert (zh_status, zh_code) == (en_status, en_code) == (status, code), (zh_message, en_message)
    assert english in en_message and not CJK.search(en_message)
    assert CJK.search(zh_message), zh_message
    assert not english_words(english) & english_words(zh_message), zh_message


def test_it_refuses_a_too_large_body_in_the_requests_language(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64
    client = Client()
    client.force_login(alice)
    body = '{"name": "%s", "geometry": %s}' % ("a" * 100, SQUARE)
    answers = {language: client.post("/api/zones", body, content_type="application/json",
                                     HTTP_ACCEPT_LANGUAGE=language)
               for language in ("zh-CN", "en")}
    assert {r.status_code for r in answers.values()} == {413}
    assert {r.json()["code"] for r in answers.values()} == {"payload_too_large"}
    assert answers["en"].json()["message"] == "The request body is larger than the server accepts."
    assert answers["zh-CN"].json()["message"] == "请求体超过服务器允许的大小。"


def test_an_ogc_client_gets_the_description_in_its_language(alice):
    client = Client()
    client.force_login(alice)
    chinese = client.get("/ogc/nothing", HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    english = client.get("/ogc/nothing", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (chinese["code"], chinese["geo_server_code"]) == (english["code"], english["geo_server_code"]) \
        == ("NotFound", "not_found")
    assert (chinese["description"], english["description"]) == ("/ogc/nothing 处没有内容。", "Nothing at /ogc/nothing.")


def test_a_locked_out_client_is_told_so_in_its_language(client, bob):
    for _attempt in range(LIMIT):
        client.get("/api/features", HTTP_AUTHORIZATION=basic("bob", "wrong"))
    answers = {language: client.get("/api/features", HTTP_AUTHORIZATION=basic("bob", "bob-password"),
                                    HTTP_ACCEPT_LANGUAGE=language)
               for language in ("zh-CN", "en")}
    assert {(r.status_code, r.json()["code"]) for r in answers.values()} == {(429, "too_many_attempts")}
    assert answers["en"].json()["message"] == "Too many failed logins; try again later."
    assert answers["zh-CN"].json()["message"] == "登录失败次数过多，请稍后再试。"
