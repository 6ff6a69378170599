"""The housing provident fund centers' API (geo_server/sectors/funds/api.py): large transactions as
NDJSON, monthly returns as JSON rows or an xlsx / CSV file."""

from geo_server.openapi.builders import errors, integer, obj, ok, operation, string

RETURN_COLUMNS = ("center, month (YYYY-MM), deposits_collected, withdrawal_purchase, withdrawal_rent, "
                  "withdrawal_repayment, withdrawal_retirement, withdrawal_other, loans_issued_amount, "
                  "principal_recovered, interest_recovered, deposit_balance, loan_balance, overdue_1_3, overdue_3_6, "
                  "overdue_6_12, overdue_over_12, value_added_income, risk_reserve (yuan, 2 places), "
                  "accounts_opened, accounts_closed, loans_issued_count (whole numbers)")


def fund_paths() -> dict:
    counts = ok("Rows received, inserted, and already there (replays)", obj(
        ("received", "inserted", "duplicates"), received=integer(), inserted=integer(), duplicates=integer()))
    filed = ok("Returns stored (new versions), of which restatements, and resent unchanged", obj(
        ("stored", "restated", "unchanged"), stored=integer(), restated=integer(), unchanged=integer()))
    transactions = {"required": True, "description": "One JSON object a line: center, txn_id, occurred_at (ISO "
                    "8601 with offset), direction (in|out), amount (yuan), counterparty (stored masked and hashed). "
                    "All or nothing: a 422 lists every bad row (line, field, reason).",
                    "content": {"application/x-ndjson": {"schema": string()}}}
    returns = {"required": True, "description": f"Columns: {RETURN_COLUMNS}. JSON: a list of objects (or "
               "{\"returns\": [...]}); a file: the form field `file`, .xlsx or .csv, its first row naming the "
               "columns. All or nothing: a 422 `invalid_cells` lists every bad cell (row, column, code, message).",
               "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                           "multipart/form-data": {"schema": obj(("file",), file=string(format="binary"))}}}
    return {
        "/api/funds/transactions": {"post": operation(
            "Send a center's large transactions", "funds", "fundTransactions",
            {"201": counts, "200": counts, **errors("403", "413", "415", "422")}, request=transactions,
            description="Idempotent on the center and txn_id. A center's own staff or system only.")},
        "/api/funds/returns": {"post": operation(
            "File monthly returns", "funds", "fundReturns",
            {"201": filed, "200": filed, **errors("400", "403", "413", "415", "422")}, request=returns,
            description="A month already filed is restated: a new version, the earlier ones kept with who and "
                        "when. A center's own staff only; offices read.")},
    }
