"""The evidence a wage hazard's reply carries: the wage payment records that pay the worker-month.

A reply to a wage.unpaid / wage.underpaid / wage.wrong_payee hazard names the ids of the
payments (the bank's payment_id, as ingested) that settle its subject ("worker:<id>:<YYYY-MM>"). The evidence is
satisfied when every named payment exists, is the site's, and pays that worker for that month.
`covers` is the pure judgement; `satisfied` loads the named payments and asks it. The core passes
the reply's data with the hazard's `feature_id` and `subject` added (see the report to the
integrator); without them nothing is satisfied.
"""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from geo_server.sector import EvidenceType

MAX_PAYMENTS = 100
PAYMENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def clean(value) -> str:
    """"P-12, P-13" or ["P-12"] -> "P-12,P-13" (sorted, unique): the bank's payment ids, as the
    payments API ingested them; ValueError on anything else."""
    parts = value if isinstance(value, list) else str(value or "").replace("，", ",").split(",")
    ids = sorted({str(part).strip() for part in parts if str(part).strip()})
    if not ids or len(ids) > MAX_PAYMENTS or any(not PAYMENT_ID.match(i) for i in ids):
        raise ValueError(f"payment_ids must name 1 to {MAX_PAYMENTS} payment ids (letters, digits, - _ . :), "
                         "separated by commas.")
    return ",".join(ids)


def parse_subject(subject: str) -> tuple[int, date] | None:
    """worker:<id>:<YYYY-MM> -> (worker id, first day of the month); None for other subjects."""
    parts = (subject or "").split(":")
    if len(parts) != 3 or parts[0] != "worker":
        return None
    try:
        year, month = parts[2].split("-")
        return int(parts[1]), date(int(year), int(month), 1)
    except ValueError:
        return None


def covers(payments: list[dict], named: list[str], feature_id: int, subject: str) -> bool:
    """Pure: `payments` (source_id, site_id, worker_id, month) are the rows found for the `named` ids;
    satisfied when every named id was found and each is the site's payment of the subject's
    worker for the subject's month."""
    target = parse_subject(subject)
    if target is None or not named:
        return False
    worker_id, month = target
    found = {p["source_id"]: p for p in payments}
    return all(pk in found and found[pk]["site_id"] == feature_id and found[pk]["worker_id"] == worker_id
               and found[pk]["month"] == month for pk in named)


def satisfied(data: dict, photo_count: int = 0) -> bool:
    from geo_server.sectors.worksites.models import Payment

    try:
        named = clean(data.get("payment_ids")).split(",")
    except ValueError:
        return False
    payments = list(Payment.objects.filter(source_id__in=named).values("source_id", "site_id", "worker_id", "month"))
    return covers(payments, named, data.get("feature_id"), data.get("subject") or "")


WAGE_PAYMENT = EvidenceType(
    code="wage_payment",
    label=_("the wage payment records that pay the worker for the month"),
    notice_zh="请在回复中填写补发该工人该月工资的支付记录编号",
    reply_field="payment_ids",
    satisfied=satisfied,
    clean=clean,
)
