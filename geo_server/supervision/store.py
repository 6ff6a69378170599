"""The set-based SQL of the supervision loop: upsert warnings, close unseen ones, promote to hazards,
and keep Feature.risk_level.

Each statement handles a whole batch or kind at once; the partial unique indexes (one open warning,
one open hazard per rule, feature and subject) make re-running a sweep update rows instead of adding
them. Per-row rules' findings arrive as arrays (upsert_warnings, subject ''); a set-based rule's
SELECT is wrapped in one INSERT ... SELECT (upsert_sql_rule) with each feature's parameters beside it.
Feature.risk_level has one owner, update_risk_levels: the highest level among the open warnings.
"""

import json

from django.db import connection
from django.utils import timezone

from geo_server.features.kinds import RiskLevel
from geo_server.supervision.deadlines import DISPATCH_DEADLINE_SQL, dispatch_days_json
from geo_server.supervision.models import HazardEvent
from geo_server.supervision.recipients import responsible_party_sql
from geo_server.supervision.rules import Finding

_ON_OPEN_WARNING = """
ON CONFLICT (rule_code, feature_id, subject) WHERE is_open
DO UPDATE SET level = EXCLUDED.level, message_zh = EXCLUDED.message_zh, message_en = EXCLUDED.message_en,
              evidence = EXCLUDED.evidence, last_seen = EXCLUDED.last_seen
"""

_UPSERT = """
INSERT INTO supervision_warning
    (rule_code, feature_id, subject, level, message_zh, message_en, evidence, first_seen, last_seen, is_open)
SELECT t.rule_code, t.feature_id, '', t.level, t.message_zh, t.message_en, t.evidence::jsonb, %(now)s, %(now)s, true
FROM unnest(%(codes)s::text[], %(features)s::bigint[], %(levels)s::smallint[], %(zh)s::text[], %(en)s::text[],
            %(evidence)s::text[]) AS t(rule_code, feature_id, level, message_zh, message_en, evidence)
""" + _ON_OPEN_WARNING

# Each feature's parameters for one rule, as jsonb: the code defaults, then the global, city,
# district and organisation RuleThreshold rows, the later winning (evaluation.parameters() for the
# per-row rules). A SqlRule's statement reads it as `rule_params` (feature_id, p).
_RULE_PARAMS = """
thresholds AS (
    SELECT organisation_id, area_id, parameters FROM supervision_rulethreshold WHERE rule_code = %(code)s
), rule_params AS MATERIALIZED (
    SELECT f.id AS feature_id,
           %(defaults)s::jsonb || COALESCE(g.parameters, '{}') || COALESCE(c.parameters, '{}')
           || COALESCE(d.parameters, '{}') || COALESCE(o.parameters, '{}') AS p
    FROM features_feature f
    LEFT JOIN thresholds g ON g.organisation_id IS NULL AND g.area_id IS NULL
    LEFT JOIN thresholds c ON c.organisation_id IS NULL AND c.area_id = f.city_id
    LEFT JOIN thresholds d ON d.organisation_id IS NULL AND d.area_id = f.district_id
    LEFT JOIN LATERAL (SELECT t.parameters FROM thresholds t WHERE t.organisation_id = f.organisation_id
                       ORDER BY t.area_id NULLS FIRST LIMIT 1) o ON true
    WHERE f.kind = %(kind)s AND (%(only)s::bigint[] IS NULL OR f.id = ANY(%(only)s::bigint[]))
)"""

# A set-based rule: its SELECT (`{rule}`) becomes the rows of one upsert. One row per (feature,
# subject), the highest level when the statement yields several; level 0 or NULL is no warning.
_SQL_RULE_HEAD = "WITH " + _RULE_PARAMS + ", fired AS (\n"
_SQL_RULE_TAIL = """
)
INSERT INTO supervision_warning
    (rule_code, feature_id, subject, level, message_zh, message_en, evidence, first_seen, last_seen, is_open)
SELECT DISTINCT ON (fired.feature_id, COALESCE(fired.subject, ''))
       %(code)s, fired.feature_id, left(COALESCE(fired.subject, ''), 80), fired.level,
       left(fired.message_zh, 300), left(fired.message_en, 300), COALESCE(fired.evidence, '{}'::jsonb),
       %(now)s, %(now)s, true
FROM fired
WHERE fired.level > 0 AND (%(only)s::bigint[] IS NULL OR fired.feature_id = ANY(%(only)s::bigint[]))
ORDER BY fired.feature_id, COALESCE(fired.subject, ''), fired.level DESC
""" + _ON_OPEN_WARNING

# Feature.risk_level's one owner: the highest level among the feature's open warnings, 0 with none.
# Only the rows whose colour changes are written (and only when there are any: every statement that
# writes features_feature replaces the tiles' data version, layers migration 0003).
_CHANGED_RISK = """
SELECT f.id, COALESCE(w.level, 0)
FROM features_feature f
LEFT JOIN (SELECT feature_id, max(level) AS level FROM supervision_warning
           WHERE is_open AND (%(only)s::bigint[] IS NULL OR feature_id = ANY(%(only)s::bigint[]))
           GROUP BY feature_id) w ON w.feature_id = f.id
WHERE f.kind = %(kind)s AND (%(only)s::bigint[] IS NULL OR f.id = ANY(%(only)s::bigint[]))
  AND f.risk_level IS DISTINCT FROM COALESCE(w.level, 0)
"""

_SET_RISK = """
UPDATE features_feature f SET risk_level = t.level, updated_at = now()
FROM unnest(%(ids)s::bigint[], %(levels)s::smallint[]) AS t(id, level) WHERE f.id = t.id
"""

_CLOSE_UNSEEN = """
UPDATE supervision_warning w SET is_open = false, closed_at = %(now)s
FROM features_feature f
WHERE f.id = w.feature_id AND f.kind = %(kind)s AND w.is_open
  AND w.rule_code = ANY(%(codes)s::text[]) AND w.last_seen < %(now)s {only}
"""

# The arbiter of "one open hazard per rule, feature and subject" (the partial unique index
# hazard_open_unique). A finding on site (findings.py) has subject ''.
OPEN_HAZARD_CONFLICT = ("ON CONFLICT (rule_code, feature_id, subject) "
                        "WHERE NOT (state IN ('closed', 'closed_not_fixed'))")

# Promotion policy: an open orange or red warning becomes a hazard (state new) unless one is open
# for the same rule, feature and subject, routed to the kind's responsible party
# (recipients.responsible_party_sql) with its dispatch deadline (deadlines.py). Each new hazard gets its
# "raise" event in the same statement, so the timeline starts at the raise and subscribers hear of it.
# (Concatenated, not an f-string: _limited() formats {only} and {responsible} in later.)
_PROMOTE = """
WITH raised AS (
INSERT INTO supervision_hazard
    (feature_id, warning_id, rule_code, subject, kind, district_id, geom, level, message_zh, message_en,
     responsible_organisation_id, deadline, state, version, created_at, updated_at)
SELECT f.id, w.id, w.rule_code, w.subject, f.kind, f.district_id, f.geom, w.level, w.message_zh, w.message_en,
       {responsible}, """ + DISPATCH_DEADLINE_SQL.format(level="w.level") + """, 'new', 1, now(), now()
FROM supervision_warning w JOIN features_feature f ON f.id = w.feature_id
WHERE w.is_open AND w.level >= %(min_level)s AND f.kind = %(kind)s {only}
""" + OPEN_HAZARD_CONFLICT + """ DO NOTHING
RETURNING id
)
INSERT INTO supervision_hazardevent (hazard_id, actor_id, at, action, from_state, to_state, reason, data)
SELECT id, NULL, now(), 'raise', '', 'new', '', '{{}}'::jsonb FROM raised ORDER BY id
RETURNING id, hazard_id, at
"""

# A warning that grew worse raises its open hazard's level (never lowers it: a hazard is judged by
# the supervisor once raised), and an undispatched one's dispatch deadline comes nearer to suit. Not
# a transition, so the version is left alone.
_RAISE_LEVEL = """
UPDATE supervision_hazard h
SET level = w.level, message_zh = w.message_zh, message_en = w.message_en, updated_at = now(),
    deadline = CASE WHEN h.state = 'new' THEN LEAST(h.deadline, """ + DISPATCH_DEADLINE_SQL.format(level="w.level") + """)
               ELSE h.deadline END
FROM supervision_warning w
WHERE w.is_open AND w.rule_code = h.rule_code AND w.feature_id = h.feature_id AND w.subject = h.subject
  AND h.kind = %(kind)s
  AND NOT (h.state IN ('closed', 'closed_not_fixed')) AND w.level > h.level {only}
"""

# Limits a statement to some features (evaluation on data change); empty for a whole sweep.
_ONLY = {"w": "AND w.feature_id = ANY(%(only)s::bigint[])", "f": "AND f.id = ANY(%(only)s::bigint[])",
         "h": "AND h.feature_id = ANY(%(only)s::bigint[])"}


def _limited(sql: str, alias: str, feature_ids, **parts) -> str:
    return sql.format(only=_ONLY[alias] if feature_ids is not None else "", **parts)

PROMOTE_FROM = RiskLevel.ORANGE


def upsert_warnings(fired: list[tuple[str, int, Finding]], now) -> None:
    if not fired:
        return
    params = {
        "now": now,
        "codes": [code for code, _f, _x in fired],
        "features": [feature_id for _c, feature_id, _x in fired],
        "levels": [int(finding.level) for _c, _f, finding in fired],
        "zh": [finding.message_zh for _c, _f, finding in fired],
        "en": [finding.message_en for _c, _f, finding in fired],
        "evidence": [json.dumps(finding.evidence, ensure_ascii=False, default=str) for _c, _f, finding in fired],
    }
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, params)


def close_unseen(kind: str, codes: list[str], now, feature_ids: list[int] | None = None) -> int:
    """Close the open warnings of these rules (on these features, or all of the kind) that the
    evaluation started at `now` did not see again."""
    with connection.cursor() as cursor:
        cursor.execute(_limited(_CLOSE_UNSEEN, "w", feature_ids),
                       {"kind": kind, "codes": codes, "now": now, "only": feature_ids})
        return cursor.rowcount


def promote_to_hazards(kind: str, feature_ids: list[int] | None = None) -> list[HazardEvent]:
    """Create hazards from open orange and red warnings of `kind` (on these features, or all);
    returns the "raise" event of each hazard created, for events.publish_many."""
    params = {"kind": kind, "min_level": int(PROMOTE_FROM), "only": feature_ids,
              "today": timezone.localdate(), "dispatch_days": dispatch_days_json()}
    with connection.cursor() as cursor:
        cursor.execute(_limited(_RAISE_LEVEL, "h", feature_ids), params)
        cursor.execute(_limited(_PROMOTE, "f", feature_ids, responsible=responsible_party_sql(kind)), params)
        rows = cursor.fetchall()
    return [HazardEvent(pk=pk, hazard_id=hazard_id, at=at, action="raise", from_state="", to_state="new")
            for pk, hazard_id, at in rows]


def upsert_sql_rule(rule, now, today, feature_ids: list[int] | None = None) -> int:
    """Run a SqlRule's statement over its kind (or these features of it) into the warnings upsert;
    returns the number of warnings it wrote (new or seen again)."""
    params = {"code": rule.code, "kind": rule.kind, "defaults": json.dumps(rule.defaults, default=str),
              "now": now, "today": today, "only": feature_ids}
    with connection.cursor() as cursor:
        cursor.execute(_SQL_RULE_HEAD + rule.sql.strip().rstrip(";") + _SQL_RULE_TAIL, params)
        return cursor.rowcount


def update_risk_levels(kind: str, feature_ids: list[int] | None = None) -> int:
    """Set Feature.risk_level of `kind` (or of these features) to the highest level among its open
    warnings, 0 when none; returns how many features changed colour."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGED_RISK, {"kind": kind, "only": feature_ids})
        changed = cursor.fetchall()
        if changed:
            cursor.execute(_SET_RISK, {"ids": [pk for pk, _level in changed],
                                       "levels": [level for _pk, level in changed]})
    return len(changed)
