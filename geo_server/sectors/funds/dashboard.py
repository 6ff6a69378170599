"""The fund dashboard (Sector.dashboards; the dashboards core renders it): rankings of the centers,
flows and withdrawal reasons per month, 个贷率 and 逾期率 against the lines with the forecast band,
the large flows and the loan ratio by city. Every panel reads the centers `features_in` gives (scoped
to the user, narrowed to the area filter) and runs one statement of dashboard_sql.py."""

from datetime import date

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from geo_server.dashboards.filters import features_in
from geo_server.db_router import read_connection
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel
from geo_server.sectors.funds import dashboard_sql as sql
from geo_server.sectors.funds.models import ForecastRun
from geo_server.sectors.funds.models.centers import THRESHOLD_DEFAULTS
from geo_server.sectors.funds.records import lines

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 1, 1)
LARGE_FLOWS_SHOWN = 100
WAN = 10000


def centers(user, filters: DashboardFilter) -> list[int]:
    return list(features_in(user, filters).filter(kind="fund_center").values_list("id", flat=True))


def _rows(statement: str, user, filters: DashboardFilter, **extra) -> tuple[list[int], list[dict]]:
    ids = centers(user, filters)
    if not ids:
        return ids, []
    with read_connection().cursor() as cursor:
        cursor.execute(statement, {"centers": ids, "start": filters.start or EARLIEST, "end": filters.end or LATEST,
                                   **extra})
        names = [c.name for c in cursor.description]
        return ids, [dict(zip(names, row)) for row in cursor.fetchall()]


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _name(row: dict, prefix: str = "") -> str:
    return (row.get(f"{prefix}name_en") if _english() else None) or row[f"{prefix}name"]


def _num(value, places: int = 4):
    return None if value is None else round(float(value), places)


def ranking(user, filters: DashboardFilter) -> dict:
    _ids, rows = _rows(sql.LATEST_IN_RANGE, user, filters)
    columns = [("name", _("Center"), "string"), ("month", _("Month"), "string"),
               ("loan_ratio", _("Loan ratio"), "percent"), ("overdue_rate", _("Overdue rate"), "percent"),
               ("net_flow", _("Net flow (10k yuan)"), "number"),
               ("liquidity_months", _("Liquidity (months)"), "number"),
               ("deposit_balance", _("Deposit balance (10k yuan)"), "number")]
    return {"columns": [{"key": k, "label": label, "type": t} for k, label, t in columns], "sort": "loan_ratio",
            "rows": sorted(({"name": _name(r), "month": r["month"], "loan_ratio": _num(r["loan_ratio"]),
                             "overdue_rate": _num(r["overdue_rate"], 5), "net_flow": _num(r["net_flow"] / WAN, 2),
                             "liquidity_months": _num(r["liquidity_months"], 2),
                             "deposit_balance": _num(r["deposit_balance"] / WAN, 2), "area": r["area"],
                             "href": reverse("feature-record", args=[r["center_id"]])} for r in rows),
                           key=lambda row: -(row["loan_ratio"] or 0))}


def flows(user, filters: DashboardFilter) -> dict:
    _ids, rows = _rows(sql.PER_MONTH, user, filters)
    months = [r["month"] for r in rows]
    series = [("deposits", _("Deposits collected")), ("withdrawals", _("Withdrawals")), ("loans", _("Loans issued"))]
    for r in rows:
        r["withdrawals"] = sum(r[k] for k in ("purchase", "rent", "repayment", "retirement", "other"))
    return {"categories": months, "category_months": months,
            "series": [{"key": key, "name": name, "data": [_num(r[key] / WAN, 2) for r in rows]}
                       for key, name in series]}


REASONS = (("purchase", _lazy("House purchase")), ("rent", _lazy("Rent")), ("repayment", _lazy("Loan repayment")),
           ("retirement", _lazy("Retirement")), ("other", _lazy("Other")))


def withdrawal_reasons(user, filters: DashboardFilter) -> dict:
    _ids, rows = _rows(sql.PER_MONTH, user, filters)
    return {"items": [{"key": key, "name": str(name), "value": _num(sum(r[key] for r in rows) / WAN, 2)}
                      for key, name in REASONS]}


def _indicator_line(indicator: str, name, user, filters: DashboardFilter) -> dict:
    """The indicator of the sums per month; with one center, its own line and its forecast band."""
    ids, rows = _rows(sql.PER_MONTH, user, filters)
    months = [r["month"] for r in rows]
    actual = [_num(r[indicator], 5) for r in rows]
    line_key = f"{indicator}_line"
    line = float(lines(ids[0])[line_key]) if len(ids) == 1 else float(THRESHOLD_DEFAULTS[line_key])
    chart = {"categories": months, "series": [{"key": indicator, "name": str(name), "data": actual}],
             "thresholds": [{"name": _("Warning line"), "value": line}], "bands": []}
    run = ForecastRun.objects.filter(center_id=ids[0], indicator=indicator).first() if len(ids) == 1 else None
    if run and months and run.last_month.strftime("%Y-%m") == months[-1]:
        ahead = _months_after(run.last_month, len(run.mean))
        chart["categories"] = months + ahead
        chart["series"][0]["data"] = actual + [None] * len(ahead)
        chart["series"].append({"key": "forecast", "name": _("Forecast"),
                                "data": [None] * (len(months) - 1) + [actual[-1]] + [_num(v, 5) for v in run.mean]})
        chart["bands"] = [{"name": _("80% prediction interval"),
                           "lower": [None] * len(months) + [_num(v, 5) for v in run.lower],
                           "upper": [None] * len(months) + [_num(v, 5) for v in run.upper]}]
    return chart


def _months_after(first: date, count: int) -> list[str]:
    index = first.year * 12 + first.month - 1
    return [f"{(index + n) // 12:04d}-{(index + n) % 12 + 1:02d}" for n in range(1, count + 1)]


def loan_ratio_line(user, filters: DashboardFilter) -> dict:
    return _indicator_line("loan_ratio", _("Loan ratio"), user, filters)


def overdue_rate_line(user, filters: DashboardFilter) -> dict:
    return _indicator_line("overdue_rate", _("Overdue rate"), user, filters)


def large_flows(user, filters: DashboardFilter) -> dict:
    _ids, rows = _rows(sql.LARGE_FLOWS, user, filters, limit=LARGE_FLOWS_SHOWN)
    columns = [("occurred_at", _("Time"), "string"), ("center", _("Center"), "string"),
               ("direction", _("Direction"), "string"), ("amount", _("Amount (10k yuan)"), "number"),
               ("counterparty", _("Counterparty"), "string"), ("txn_id", _("Transaction"), "string")]
    directions = {"in": _("inflow"), "out": _("outflow")}
    return {"columns": [{"key": k, "label": label, "type": t} for k, label, t in columns], "sort": "amount",
            "rows": [{"occurred_at": r["occurred_at"].strftime("%Y-%m-%d %H:%M"), "center": _name(r),
                      "direction": str(directions[r["direction"]]), "amount": _num(r["amount"] / WAN, 2),
                      "counterparty": r["counterparty_masked"], "txn_id": r["txn_id"], "area": r["area"],
                      "href": reverse("feature-record", args=[r["center_id"]])} for r in rows]}


def loan_ratio_map(user, filters: DashboardFilter) -> dict:
    _ids, rows = _rows(sql.LATEST_IN_RANGE, user, filters)
    return {"level": "city", "unit": "%",
            "areas": [{"code": r["area"], "name": _name(r, "area_"), "value": _num(r["loan_ratio"] * 100, 2)}
                      for r in rows if r["area"] and r["loan_ratio"] is not None]}


DASHBOARDS = (
    Dashboard("funds", _lazy("Housing provident fund"), (
        DashboardPanel("loan_ratio_map", _lazy("Loan ratio by city"), "choropleth", loan_ratio_map, unit="%"),
        DashboardPanel("ranking", _lazy("Centers ranked"), "ranking", ranking),
        DashboardPanel("flows", _lazy("Deposits, withdrawals and loans per month"), "bar", flows, width=8,
                       unit=_lazy("10k yuan")),
        DashboardPanel("withdrawal_reasons", _lazy("Withdrawals by reason"), "pie", withdrawal_reasons, width=4,
                       unit=_lazy("10k yuan")),
        DashboardPanel("loan_ratio", _lazy("Loan ratio"), "line", loan_ratio_line),
        DashboardPanel("overdue_rate", _lazy("Overdue rate"), "line", overdue_rate_line),
        DashboardPanel("large_flows", _lazy("Large flows"), "table", large_flows, width=12,
                       unit=_lazy("10k yuan")),
    ), default_months=12),
)
