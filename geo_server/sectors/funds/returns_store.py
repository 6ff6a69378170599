"""Filing monthly returns: all or nothing per upload, a month already on file restated as a new
version (the earlier ones kept, with who sent them and when), an identical re-send changing nothing.
After the commit the centers' rules run again, and each center's summary follows its latest month."""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import Forbidden, Unprocessable
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.sectors.funds.models import FIGURES, MonthlyReturn
from geo_server.sectors.funds.returns_cells import CellReport, checked_rows
from geo_server.supervision.evaluation import evaluate_after_commit


def writable_centers(user) -> dict[str, int]:
    """Code -> feature id of the centers `user` may file returns for: its own organisation's (a
    center's staff), every one for a superuser; offices read and file nothing."""
    centers = Feature.objects.filter(kind="fund_center")
    if user is None or user.is_superuser:
        return dict(centers.values_list("code", "id"))
    if user.organisation_id is None:
        return {}
    return dict(scope_features(user, centers.filter(organisation_id=user.organisation_id)).values_list("code", "id"))


@dataclass
class Filed:
    stored: int = 0
    restated: int = 0
    unchanged: int = 0
    center_ids: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {"stored": self.stored, "restated": self.restated, "unchanged": self.unchanged}


def file_returns(rows: list[tuple[int, dict]], user, source: str, today: date | None = None) -> Filed:
    """Check and store the (row number, cells) of one upload; Unprocessable with every bad cell."""
    centers = writable_centers(user)
    if not centers:
        raise Forbidden(_("Only a fund center's own staff file its returns."), code="not_a_center")
    report = CellReport()
    good = checked_rows(rows, centers, today or timezone.localdate(), report)
    if report.count or not good:
        if not report.count:
            report.add(1, "", "empty", _("The upload has no rows."))
        raise Unprocessable(_("%(count)d cells are invalid; nothing was stored.") % {"count": report.count},
                            code="invalid_cells", details={"error_count": report.count, "errors": report.cells})
    with transaction.atomic():
        filed = _store(good, user, source)
        after_filing(filed.center_ids)
    return filed


def _store(good: list[dict], user, source: str) -> Filed:
    filed, now = Filed(), timezone.now()
    keys = {(values["center_id"], values["month"]) for values in good}
    current = {(r.center_id, r.month): r for r in MonthlyReturn.objects.select_for_update().filter(
        center_id__in={c for c, _m in keys}, month__in={m for _c, m in keys}, is_current=True)}
    superseded, added = [], []
    for values in good:
        key = (values["center_id"], values["month"])
        old = current.get(key)
        if old is not None and all(getattr(old, name) == values[name] for name in FIGURES):
            filed.unchanged += 1
            continue
        if old is not None:
            superseded.append(old.pk)
            filed.restated += 1
        filed.stored += 1
        filed.center_ids.add(values["center_id"])
        added.append(MonthlyReturn(version=old.version + 1 if old else 1, is_current=True, submitted_at=now,
                                   submitted_by=user if user and user.pk else None, source=source, **{
                                       "center_id": values["center_id"], "month": values["month"],
                                       **{name: values[name] for name in FIGURES}}))
    MonthlyReturn.objects.filter(pk__in=superseded).update(is_current=False)
    MonthlyReturn.objects.bulk_create(added)
    return filed


# Each center's summary (FundCenterDetail) from its latest current return, in yuan -> 10k yuan.
SYNC_SUMMARY = """
UPDATE funds_fundcenterdetail d
SET deposit_balance_wan = round(l.deposit_balance / 10000, 2), loan_balance_wan = round(l.loan_balance / 10000, 2),
    loan_ratio_line = COALESCE(t.loan_ratio_line, d.loan_ratio_line)
FROM (SELECT DISTINCT ON (center_id) center_id, deposit_balance, loan_balance FROM funds_monthlyreturn
      WHERE is_current AND center_id = ANY(%s) ORDER BY center_id, month DESC) l
LEFT JOIN funds_centerthresholds t ON t.center_id = l.center_id
WHERE d.feature_id = l.center_id
"""


def sync_summaries(center_ids) -> int:
    with connection.cursor() as cursor:
        cursor.execute(SYNC_SUMMARY, [sorted(center_ids)])
        return cursor.rowcount


def after_filing(center_ids) -> None:
    """The summaries and forecasts now; the centers' rules once committed, on a Celery worker when there
    is one (a failing rule must not undo a filing)."""
    from geo_server.sectors.funds.forecast_runs import refresh_forecasts

    if center_ids:
        ids = sorted(center_ids)
        sync_summaries(ids)
        refresh_forecasts(ids)
        evaluate_after_commit(ids)
