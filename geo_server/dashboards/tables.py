"""A panel's chart dict as a table (headers in the request's language, rows of plain values), and that
table as CSV (UTF-8 with a BOM, so Excel reads the Chinese) or xlsx: the data export and the PDF
report's tables."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def chart_table(chart: str, data: dict) -> tuple[list[str], list[list]]:
    if chart == "kpi":
        rows = [[t["label"], t["value"], t.get("unit", "")] for t in data["tiles"]]
        return [_("Figure"), _("Value"), _("Unit")], rows
    if chart in ("ranking", "table"):
        columns = data["columns"]
        return [str(c["label"]) for c in columns], [[row.get(c["key"]) for c in columns] for row in data["rows"]]
    if chart == "pie":
        return [_("Category"), _("Value")], [[item["name"], item["value"]] for item in data["items"]]
    if chart == "choropleth":
        return [_("Area code"), _("Area"), _("Value")], [[a["code"], a["name"], a["value"]] for a in data["areas"]]
    if chart in ("bar", "stacked_bar", "line"):
        series = data["series"]
        headers = [pgettext("dashboard", "Month") if chart == "line" else _("Category"), *(s["name"] for s in series)]
        rows = [[category, *(s["data"][i] for s in series)] for i, category in enumerate(data["categories"])]
        for band in data.get("bands", []):
            headers += [f"{band['name']} ({_('lower')})", f"{band['name']} ({_('upper')})"]
            for i, row in enumerate(rows):
                row += [_at(band["lower"], i), _at(band["upper"], i)]
        return headers, rows
    raise ValueError(f"unknown chart {chart!r}")


def _at(values: list, index: int):
    return values[index] if index < len(values) else None


def cell(value):
    """A value as a spreadsheet will read it: text a spreadsheet would run as a formula (a name
    someone typed starting with "=") is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(h) for h in headers])
    writer.writerows([["" if v is None else cell(v) for v in row] for row in rows])
    return "\ufeff".encode() + out.getvalue().encode()


def to_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    # Sheet titles: at most 31 characters, none of []:*?/\
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "data"
    sheet.append([cell(h) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
