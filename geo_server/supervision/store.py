"""The set-based SQL of the supervision loop: upsert warnings, close unseen ones, promote to hazards.

Each statement handles a whole batch or kind at once; the partial unique indexes (one open warning,
one open hazard per rule and feature) make re-running a sweep update rows instead of adding them.
"""

import json

from django.db import connection

from geo_server.features.kinds import RiskLevel
from geo_server.supervision.rules import Finding

_UPSERT = """
INSERT INTO supervision_warning
    (rule_code, feature_id, level, message_zh, message_en, evidence, first_seen, last_seen, is_open)
SELECT t.rule_code, t.feature_id, t.level, t.message_zh, t.message_en, t.evidence::jsonb, %(now)s, %(now)s, true
FROM unnest(%(codes)s::text[], %(features)s::bigint[], %(levels)s::smallint[], %(zh)s::text[], %(en)s::text[],
            %(evidence)s::text[]) AS t(rule_code, feature_id, level, message_zh, message_en, evidence)
ON CONFLICT (rule_code, feature_id) WHERE is_open
DO UPDATE SET level = EXCLUDED.level, message_zh = EXCLUDED.message_zh, message_en = EXCLUDED.message_en,
              evidence = EXCLUDED.evidence, last_seen = EXCLUDED.last_seen
"""

_CLOSE_UNSEEN = """
UPDATE supervision_warning w SET is_open = false, closed_at = %(now)s
FROM features_feature f
WHERE f.id = w.feature_id AND f.kind = %(kind)s AND w.is_open
  AND w.rule_code = ANY(%(codes)s::text[]) AND w.last_seen < %(now)s
"""

# The responsible organisation of the feature row `f`: its owner, else the office of its street
# (属地: the district office supervises, the street rectifies), else its district office, else its
# city bureau. A dispatch or a referral may name another. Every way a hazard is created uses this.
RESPONSIBLE_ORGANISATION_SQL = """
COALESCE(f.organisation_id,
         (SELECT o.id FROM accounts_organisation o
          WHERE o.jurisdiction_id = f.street_id AND o.type = 'street_office' ORDER BY o.id LIMIT 1),
         (SELECT o.id FROM accounts_organisation o
          WHERE o.jurisdiction_id = f.district_id AND o.type = 'district_office' ORDER BY o.id LIMIT 1),
         (SELECT o.id FROM accounts_organisation o
          WHERE o.jurisdiction_id = f.city_id AND o.type = 'city_bureau' ORDER BY o.id LIMIT 1))
"""

# The arbiter of "one open hazard per rule and feature" (the partial unique index hazard_open_unique).
OPEN_HAZARD_CONFLICT = "ON CONFLICT (rule_code, feature_id) WHERE NOT (state IN ('closed', 'closed_not_fixed'))"

# Promotion policy: an open orange or red warning becomes a hazard (state new) unless one is open
# for the same rule and feature.
_PROMOTE = f"""
INSERT INTO supervision_hazard
    (feature_id, warning_id, rule_code, kind, district_id, geom, level, message_zh, message_en,
     responsible_organisation_id, deadline, state, version, created_at, updated_at)
SELECT f.id, w.id, w.rule_code, f.kind, f.district_id, f.geom, w.level, w.message_zh, w.message_en,
       {RESPONSIBLE_ORGANISATION_SQL}, NULL, 'new', 1, now(), now()
FROM supervision_warning w JOIN features_feature f ON f.id = w.feature_id
WHERE w.is_open AND w.level >= %(min_level)s AND f.kind = %(kind)s
{OPEN_HAZARD_CONFLICT} DO NOTHING
"""

# A warning that grew worse raises its open hazard's level (never lowers it: a hazard is judged by
# the supervisor once raised). Not a transition, so the version is left alone.
_RAISE_LEVEL = """
UPDATE supervision_hazard h
SET level = w.level, message_zh = w.message_zh, message_en = w.message_en, updated_at = now()
FROM supervision_warning w
WHERE w.is_open AND w.rule_code = h.rule_code AND w.feature_id = h.feature_id AND h.kind = %(kind)s
  AND NOT (h.state IN ('closed', 'closed_not_fixed')) AND w.level > h.level
"""

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


def close_unseen(kind: str, codes: list[str], now) -> int:
    """Close the open warnings of these rules that the sweep started at `now` did not see again."""
    with connection.cursor() as cursor:
        cursor.execute(_CLOSE_UNSEEN, {"kind": kind, "codes": codes, "now": now})
        return cursor.rowcount


def promote_to_hazards(kind: str) -> int:
    """Create hazards from open orange and red warnings of `kind`; returns how many were created."""
    with connection.cursor() as cursor:
        cursor.execute(_RAISE_LEVEL, {"kind": kind})
        cursor.execute(_PROMOTE, {"kind": kind, "min_level": int(PROMOTE_FROM)})
        return cursor.rowcount
