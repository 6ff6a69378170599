"""The security audit log: who logged in or failed, tokens, refusals, role and jurisdiction changes, exports."""

import base64
import csv
import io
import json

import pytest

from geo_server.accounts.models import ApiToken, User
from geo_server.audit.events import record
from geo_server.audit.models import SecurityEvent
from tests.conftest import area


def events(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(event=kind).order_by("time", "pk"))


def test_it_records_a_failed_and_a_successful_login_without_the_password(client, bob):
    client.post("/accounts/login/", {"username": "bob", "password": "bob-wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": "bob", "password": "bob-password"}, REMOTE_ADDR="10.1.2.3")
    [failed], [login] = events("login_failed"), events("login")
    assert (failed.username, failed.user, failed.ip, failed.path) == ("bob", None, "10.1.2.3", "/accounts/login/")
    assert (login.user, login.details) == (bob, {"method": "form"})
    stored = json.dumps(list(SecurityEvent.objects.values()), default=str)
    assert "bob-wrong" not in stored and "bob-password" not in stored


def test_it_records_basic_and_bearer_failures_with_their_method(client, bob):
    wrong = "Basic " + base64.b64encode(b"bob:nope").decode()
    client.get("/api/features", HTTP_AUTHORIZATION=wrong)
    client.get("/api/features", HTTP_AUTHORIZATION="Bearer gs_secret-guess")
    assert [(e.username, e.details["method"]) for e in events("login_failed")] == [("bob", "basic"), ("", "bearer")]
    assert "gs_secret-guess" not in json.dumps(list(SecurityEvent.objects.values()), default=str)


def test_it_records_a_lockout(client, bob, settings):
    settings.AXES_FAILURE_LIMIT = 2
    wrong = "Basic " + base64.b64encode(b"bob:nope").decode()
    assert [client.get("/api/features", HTTP_AUTHORIZATION=wrong).status_code for _ in range(2)] == [401, 429]
    [locked] = events("locked_out")
    assert (locked.username, locked.details["method"]) == ("bob", "basic")


def test_it_records_token_issue_and_revoke_with_who_did_it(client, bob):
    client.force_login(bob)
    page = client.post("/accounts/me/", {"name": "QGIS"}).content.decode()
    token = ApiToken.objects.get(user=bob)
    client.post(f"/accounts/me/tokens/{token.pk}/revoke")
    [issued], [revoked] = events("token_issued"), events("token_revoked")
    assert (issued.user, issued.details) == (bob, {"owner": "bob", "name": "QGIS", "prefix": token.prefix})
    assert (revoked.user, revoked.path) == (bob, f"/accounts/me/tokens/{token.pk}/revoke")
    shown = page.split("gs_" + token.prefix)[1].split("<")[0]
    assert shown not in json.dumps(list(SecurityEvent.objects.values()), default=str)


def test_it_records_a_forbidden_api_error_with_its_code(client, erin):
    client.force_login(erin)
    square = {"type": "Polygon", "coordinates": [[[113.32, 23.133], [113.33, 23.133], [113.33, 23.143],
                                                  [113.32, 23.143], [113.32, 23.133]]]}
    response = client.post("/api/zones", {"name": "mine", "geometry": square}, content_type="application/json")
    assert response.status_code == 403
    [denied] = events("permission_denied")
    assert (denied.user, denied.path) == (erin, "/api/zones")
    assert denied.details == {"method": "POST", "code": "zone_forbidden"}


def test_it_records_djangos_permission_denied(admin_client, admin_user):
    assert admin_client.get("/admin/audit/securityevent/add/").status_code == 403
    [denied] = events("permission_denied")
    assert (denied.user, denied.details) == (admin_user, {"method": "GET", "code": ""})


def test_it_records_a_role_change_made_in_the_admin_by_its_admin(admin_client, admin_user, bob):
    SecurityEvent.objects.all().delete()  # bob's creation is itself an event
    form = {"username": "bob", "role": "supervisor", "organisation": bob.organisation_id, "is_active": "on",
            "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00"}
    assert admin_client.post(f"/admin/accounts/user/{bob.pk}/change/", form).status_code == 302
    [by_admin] = events("role_changed")
    assert (by_admin.user, by_admin.details["target"]) == (admin_user, "bob")
    assert by_admin.details["changes"] == {"role": ["district_officer", "supervisor"]}


def test_it_records_a_role_change_made_by_code_and_ignores_other_saves(bob):
    SecurityEvent.objects.all().delete()
    bob.is_staff = True
    bob.save()
    bob.save(update_fields=["last_login"])
    [by_code] = events("role_changed")
    assert (by_code.user, by_code.details["target"]) == (None, "bob")
    assert by_code.details["changes"] == {"is_staff": [False, True]}


def test_it_records_the_role_given_to_a_new_account(province_bureau):
    User.objects.create_user("carol", password="x", organisation=province_bureau, role="inspector")
    [given] = events("role_changed")
    assert given.details["created"] is True
    assert given.details["changes"]["role"] == [None, "inspector"]
    assert given.details["changes"]["organisation__name"] == [None, province_bureau.name]


def test_it_records_a_jurisdiction_change(tianhe_office):
    SecurityEvent.objects.all().delete()  # the office's creation is itself an event
    tianhe_office.jurisdiction = area("440104")
    tianhe_office.save()
    [changed] = events("jurisdiction_changed")
    assert changed.details["organisation"] == tianhe_office.name
    assert changed.details["changes"] == {"jurisdiction__code": ["440106", "440104"]}


def test_it_records_an_export(client, bob):
    client.force_login(bob)
    response = client.get("/exports/?layer=building&format=csv", REMOTE_ADDR="10.1.2.3")
    b"".join(response.streaming_content)
    [export] = events("export")
    assert (export.user, export.ip) == (bob, "10.1.2.3")
    assert export.details == {"layers": ["building"], "format": "csv", "area": export.details["area"]}


def test_it_refuses_an_unknown_event_type(bob):
    with pytest.raises(ValueError):
        record("logged_in", user=bob)


def test_it_never_stores_secrets_or_personal_numbers_in_details(bob):
    event = record("login", user=bob, method="basic", password="x", api_token="y", phone="138", id_number="44")
    assert event.details == {"method": "basic"}


def test_it_lists_events_read_only_and_exports_them_as_csv_with_a_bom(admin_client, bob):
    record("login", user=bob, method="form", note="天河")
    listing = admin_client.get("/admin/audit/securityevent/?event=login")
    assert listing.status_code == 200 and "bob" in listing.content.decode()
    ids = list(SecurityEvent.objects.filter(event="login", user=bob).values_list("pk", flat=True))
    response = admin_client.post("/admin/audit/securityevent/",
                                 {"action": "export_csv", "_selected_action": ids})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["time", "event", "user", "username", "ip", "path", "details"]
    assert rows[1][1:4] == ["login", "bob", "bob"] and "天河" in rows[1][6]


def test_it_hides_the_log_from_non_administrators(client, bob):
    client.force_login(bob)
    assert client.get("/admin/audit/securityevent/").status_code == 302


def test_it_records_the_client_address_behind_a_trusted_proxy(client, bob, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "TRUSTED_PROXIES": 1}
    client.post("/accounts/login/", {"username": "bob", "password": "x"}, REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert [e.ip for e in events("login_failed")] == ["203.0.113.7"]
