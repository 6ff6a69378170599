"""Monthly returns as sent (an xlsx or CSV sheet, or JSON rows) read into cells and checked cell by
cell: every problem reported as (row, column, code, message), never the value itself. Pure: the
centers a user may file for are handed in, nothing here touches the database."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from geo_server.sectors.funds.indicators import overdue_balance
from geo_server.sectors.funds.models.returns import COUNT_FIGURES, MONEY_FIGURES, OVERDUE_BANDS

COLUMNS = ("center", "month") + MONEY_FIGURES + COUNT_FIGURES
MAX_ROWS = 5000
MONEY_BELOW = Decimal("1e16")  # max_digits 18, 2 places


@dataclass
class CellReport:
    """Every bad cell; the first `cap` kept, all counted."""

    cap: int = 1000
    count: int = 0
    cells: list = field(default_factory=list)

    def add(self, row: int, column: str, code: str, message: str) -> None:
        self.count += 1
        if len(self.cells) < self.cap:
            self.cells.append({"row": row, "column": column, "code": code, "message": message})


def sheet_rows(name: str, content: bytes) -> list[tuple[int, dict]]:
    """(row number, {column: raw value}) of an uploaded .xlsx or .csv, the first row naming the columns."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        text = content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [str(name or "").strip() for name in rows[0]]
    return [(number, dict(zip(header, values))) for number, values in enumerate(rows[1:], start=2)
            if any(value not in (None, "") for value in values)]


def _month(value, today: date) -> date:
    if isinstance(value, date):
        value = value.strftime("%Y-%m")
    try:
        first = date.fromisoformat(str(value).strip()[:7] + "-01")
    except ValueError:
        raise CellError("bad_month", _("Give the month as YYYY-MM.")) from None
    if not date(2000, 1, 1) <= first <= today.replace(day=1):
        raise CellError("bad_month", _("The month must lie between 2000-01 and this month."))
    return first


def _money(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation:
        raise CellError("not_a_number", _("Give an amount in yuan.")) from None
    if not amount.is_finite():
        raise CellError("not_a_number", _("Give an amount in yuan."))
    if amount < 0:
        raise CellError("negative", _("Must not be negative."))
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError("too_many_decimals", _("At most two decimal places (fen)."))
    if amount >= MONEY_BELOW:
        raise CellError("too_large", _("Too large."))
    return amount.quantize(Decimal("0.01"))


def _count(value) -> int:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError("not_a_whole_number", _("Give a whole number.")) from None
    if not number.is_finite() or number != number.to_integral_value() or not 0 <= number < 2**31:
        raise CellError("not_a_whole_number", _("Give a whole number from 0."))
    return int(number)


class CellError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def checked_rows(rows: list[tuple[int, dict]], centers: dict[str, int], today: date,
                 report: CellReport) -> list[dict]:
    """The rows with their values parsed ({"center_id", "month", figures...}); each bad cell reported.
    `centers` maps the codes of the centers the user may file for to their feature ids."""
    if len(rows) > MAX_ROWS:
        report.add(rows[MAX_ROWS][0], "", "too_many_rows", _("At most %(n)d rows in one upload.") % {"n": MAX_ROWS})
        return []
    good, seen = [], {}
    for number, cells in rows:
        values, bad = _row(number, cells, centers, today, report), False
        if values is None:
            continue
        key = (values["center_id"], values["month"])
        if key in seen:
            report.add(number, "month", "duplicate",
                       _("The same center and month as row %(row)d.") % {"row": seen[key]})
            bad = True
        seen.setdefault(key, number)
        if overdue_balance(values) > values["loan_balance"]:
            report.add(number, OVERDUE_BANDS[0], "inconsistent", _("The overdue balance exceeds the loan balance."))
            bad = True
        if not bad:
            good.append(values)
    return good


def _row(number: int, cells: dict, centers: dict[str, int], today: date, report: CellReport) -> dict | None:
    values, before = {}, report.count
    for column in COLUMNS:
        raw = cells.get(column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            report.add(number, column, "required", _("This cell is empty."))
            continue
        try:
            if column == "center":
                code = str(raw).strip()
                if code not in centers:
                    raise CellError("center_not_yours", _("Not a fund center you may file returns for."))
                values["center_id"] = centers[code]
            elif column == "month":
                values["month"] = _month(raw, today)
            elif column in MONEY_FIGURES:
                values[column] = _money(raw)
            else:
                values[column] = _count(raw)
        except CellError as error:
            report.add(number, column, error.code, error.message)
    for column in cells:
        if column and column not in COLUMNS:
            report.add(number, str(column)[:40], "unknown_column", _("Not a column of the return."))
    return values if report.count == before else None
