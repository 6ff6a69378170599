"""The wage_payment evidence type: the named payments must exist, be the site's and pay the
subject's worker-month."""

from datetime import date

import pytest

from geo_server.sectors.worksites.evidence import WAGE_PAYMENT, clean, covers, parse_subject
from tests.worksites_rules_world import build_wage_world

MARCH = date(2026, 3, 1)


def test_clean_normalises_and_refuses():
    assert clean("P-13, P-12，P-12") == "P-12,P-13"
    assert clean(["BANK:7"]) == "BANK:7"
    for bad in ("", " , ", "P 12", "<b>", "x" * 65, None, ",".join(str(i) for i in range(1, 102))):
        with pytest.raises(ValueError):
            clean(bad)


def test_parse_subject():
    assert parse_subject("worker:42:2026-03") == (42, MARCH)
    assert parse_subject("account:2026-03") is None
    assert parse_subject("worker:42:2026-13") is None


def test_covers_pure():
    paid = {"source_id": "5", "site_id": 1, "worker_id": 42, "month": MARCH}
    assert covers([paid], ["5"], 1, "worker:42:2026-03")
    assert not covers([paid], ["5"], 2, "worker:42:2026-03")  # another site's payment
    assert not covers([paid], ["5"], 1, "worker:43:2026-03")  # another worker
    assert not covers([paid], ["5"], 1, "worker:42:2026-04")  # another month
    assert not covers([paid], ["5", "6"], 1, "worker:42:2026-03")  # 6 does not exist
    assert not covers([paid], ["5"], 1, "account:2026-03")
    assert not covers([], [], 1, "worker:42:2026-03")


def test_satisfied_reads_the_payments(db):
    world = build_wage_world()
    a1 = world.workers["a1"]
    payment = world.payments["a1"]
    data = {"payment_ids": payment.source_id, "feature_id": world.sites["A"].pk, "subject": f"worker:{a1.pk}:2026-03"}
    assert WAGE_PAYMENT.reply_field == "payment_ids" and WAGE_PAYMENT.code == "wage_payment"
    assert WAGE_PAYMENT.satisfied(data, 0)
    assert not WAGE_PAYMENT.satisfied({**data, "subject": f"worker:{a1.pk}:2026-02"}, 0)
    assert not WAGE_PAYMENT.satisfied({**data, "feature_id": world.sites["C"].pk}, 0)
    assert not WAGE_PAYMENT.satisfied({**data, "payment_ids": f"{payment.source_id},{world.payments['a3'].source_id}"}, 0)
    assert not WAGE_PAYMENT.satisfied({**data, "payment_ids": "junk"}, 0)
