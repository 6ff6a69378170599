"""Running one set-based rule (supervision.rules.SqlRule) by itself in a test: the rows it yields for
every feature of a kind, with the rule's defaults merged with `params` for every feature."""

import json
from datetime import date

from django.db import connection


def fired_rows(rule, kind: str, today: date, params: dict | None = None, only=None) -> list[dict]:
    """The rule's rows for every feature of `kind`, sorted by (feature_id, subject); `only` limits
    the features as the incremental sweep does."""
    sql = ("WITH rule_params AS (SELECT f.id AS feature_id, %(p)s::jsonb AS p FROM features_feature f "
           "WHERE f.kind = %(kind)s), fired AS (" + rule.sql + ") SELECT * FROM fired ORDER BY feature_id, subject")
    arguments = {"p": json.dumps({**rule.defaults, **(params or {})}), "kind": kind, "today": today,
                 "only": list(only) if only is not None else None}
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
    for row in rows:  # Django's connection hands jsonb over as text
        if isinstance(row["evidence"], str):
            row["evidence"] = json.loads(row["evidence"])
    return rows
