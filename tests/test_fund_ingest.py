"""Filing monthly returns (JSON, CSV, xlsx) with a report per cell, all or nothing; restated months
keeping every version with who and when; large transactions idempotent on the center's id; only a
center's own staff write, offices read."""

import io
import json
from datetime import datetime, timezone as tz
from decimal import Decimal

import pytest
from openpyxl import Workbook

from geo_server.accounts.models import Organisation
from geo_server.sectors.funds.models import FundCenterDetail, LargeTransaction, MonthlyReturn
from geo_server.sectors.funds.returns_cells import COLUMNS
from tests.conftest import area, make_user
from tests.fund_world import PLAIN, center, other_center


@pytest.fixture
def gz(db):
    """Guangzhou's center (its own organisation), and carol who works there."""
    own = Organisation.objects.create(name="广州住房公积金管理中心", type="enterprise", jurisdiction=area("440100"))
    feature = center(organisation=own)
    FundCenterDetail.objects.create(feature=feature, city_adcode="440100", deposit_balance_wan=0,
                                    loan_balance_wan=0, depositors=1)
    return feature, make_user("carol", own, "enterprise_user")


def row(month="2026-10", code="HPF440100", **changes):
    return {"center": code, "month": month, **PLAIN, **changes}


def post_json(client, user, rows):
    client.force_login(user)
    return client.post("/api/funds/returns", json.dumps(rows), content_type="application/json")


def test_it_files_a_month_and_keeps_the_summary_in_step(client, gz):
    feature, carol = gz
    response = post_json(client, carol, [row("2026-09"), row("2026-10", loan_balance="8100000")])
    assert response.status_code == 201 and response.json() == {"stored": 2, "restated": 0, "unchanged": 0}
    latest = MonthlyReturn.objects.get(center=feature, month="2026-10-01")
    assert (latest.version, latest.is_current, latest.submitted_by, latest.source) == (1, True, carol, "api")
    assert latest.loan_balance == Decimal("8100000.00")
    assert FundCenterDetail.objects.get(feature=feature).loan_balance_wan == Decimal("810.00")


def test_a_restated_month_keeps_both_versions_with_who_and_when(client, gz):
    feature, carol = gz
    post_json(client, carol, [row()])
    dave = make_user("dave", carol.organisation, "enterprise_user")
    response = post_json(client, dave, [row(loan_balance="8200000")])
    assert response.json() == {"stored": 1, "restated": 1, "unchanged": 0}
    versions = list(MonthlyReturn.objects.filter(center=feature, month="2026-10-01").order_by("version"))
    assert [(v.version, v.is_current, v.submitted_by.username, v.loan_balance) for v in versions] == [
        (1, False, "carol", Decimal("8000000.00")), (2, True, "dave", Decimal("8200000.00"))]
    assert versions[0].submitted_at <= versions[1].submitted_at
    # The same figures again change nothing.
    assert post_json(client, dave, [row(loan_balance="8200000")]).json() == {"stored": 0, "restated": 0,
                                                                             "unchanged": 1}


def test_it_reports_every_bad_cell_and_stores_nothing(client, gz):
    feature, carol = gz
    response = post_json(client, carol, [
        row("2026-09"),
        row("2026-13", deposits_collected="12.345", accounts_opened="3.5"),
        row("2026-10", withdrawal_rent="-1", loan_balance=""),
        row("2026-09"),
        row("2026-08", overdue_1_3="9000000"),
    ])
    assert response.status_code == 422 and response.json()["code"] == "invalid_cells"
    cells = [(c["row"], c["column"], c["code"]) for c in response.json()["details"]["errors"]]
    assert cells == [(2, "month", "bad_month"), (2, "deposits_collected", "too_many_decimals"),
                     (2, "accounts_opened", "not_a_whole_number"), (3, "withdrawal_rent", "negative"),
                     (3, "loan_balance", "required"), (4, "month", "duplicate"), (5, "overdue_1_3", "inconsistent")]
    assert not MonthlyReturn.objects.exists()


def test_it_files_a_csv_and_an_xlsx_upload(client, gz):
    feature, carol = gz
    client.force_login(carol)
    text = ",".join(COLUMNS) + "\n" + ",".join(str(row("2026-08")[c]) for c in COLUMNS) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "returns.csv"
    assert client.post("/api/funds/returns", {"file": upload}).status_code == 201
    book = Workbook()
    book.active.append(list(COLUMNS))
    book.active.append([row("2026-09")[c] for c in COLUMNS])
    book.active.append([row("2026-10", code="HPF440300")[c] for c in COLUMNS])
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    content.name = "returns.xlsx"
    response = client.post("/api/funds/returns", {"file": content})
    assert response.status_code == 422
    assert [(c["row"], c["column"], c["code"]) for c in response.json()["details"]["errors"]] == [
        (3, "center", "center_not_yours")]
    assert list(MonthlyReturn.objects.values_list("month", flat=True)) == [datetime(2026, 8, 1).date()]


def test_offices_read_but_do_not_file(client, gz, alice):
    assert post_json(client, alice, [row()]).status_code == 403
    assert post_json(client, alice, [row()]).json()["code"] == "not_a_center"


def ndjson(*rows):
    return "\n".join(json.dumps(r) for r in rows) + "\n"


def txn(txn_id="T1", code="HPF440100", **changes):
    return {"center": code, "txn_id": txn_id, "occurred_at": "2026-12-01T10:00:00+08:00", "direction": "out",
            "amount": "60000000.00", "counterparty": "广州某某房地产开发有限公司", **changes}


def post_txns(client, user, body):
    client.force_login(user)
    return client.post("/api/funds/transactions", body, content_type="application/x-ndjson")


def test_transactions_are_idempotent_on_the_centers_id(client, gz):
    feature, carol = gz
    first = post_txns(client, carol, ndjson(txn("T1"), txn("T2", direction="in")))
    assert first.status_code == 201 and first.json() == {"received": 2, "inserted": 2, "duplicates": 0}
    again = post_txns(client, carol, ndjson(txn("T1"), txn("T1"), txn("T3")))
    assert again.json() == {"received": 3, "inserted": 1, "duplicates": 2}
    stored = LargeTransaction.objects.get(center=feature, txn_id="T1")
    assert stored.counterparty_masked.startswith("广") and "某某房地产" not in stored.counterparty_masked
    assert len(stored.counterparty_hash) == 64
    assert stored.occurred_at == datetime(2026, 12, 1, 2, tzinfo=tz.utc)


def test_bad_transaction_rows_are_reported_per_line_and_nothing_is_stored(client, gz):
    feature, carol = gz
    other_center()
    response = post_txns(client, carol, ndjson(txn("T1"), txn("T2", amount="-5"), txn("T3", direction="sideways"),
                                               txn("T4", code="HPF440300")))
    assert response.status_code == 422
    assert [(e["line"], e["field"]) for e in response.json()["details"]["errors"]] == [
        (2, "amount"), (3, "direction"), (4, "center")]
    assert not LargeTransaction.objects.exists()


@pytest.mark.parametrize("name, content", [("returns.xlsx", b"PK\x03\x04 not really a workbook"),
                                           ("returns.csv", b"\xff\xfe not UTF-8"),
                                           ("returns.txt", b"center,month\n")])
def test_an_unreadable_or_foreign_file_is_refused_with_a_code(client, gz, name, content):
    feature, carol = gz
    client.force_login(carol)
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/api/funds/returns", {"file": upload})
    expected = (415, "unsupported_media_type") if name.endswith(".txt") else (400, "unreadable_file")
    assert (response.status_code, response.json()["code"]) == expected
