"""The river-reach warning rule: the relapse model's output becomes warnings.

A model run (basins/risk_runs.py) stores one RiskAssessment per reach; this set-based rule reads
each reach's assessment in the latest run that assessed it and warns at its level when that is at
least min_level [D: yellow, so that every colour the model gives a reach is a warning and the
reach's risk_level, which the sweep derives from its open warnings, is the model's level]. Orange
and red ones become hazards like any other rule's. It never reads Feature.risk_level: that is the
sweep's output, not an input.
"""

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import SqlRule, choice_label, sql_text

# Each colour's level, code and label in both messages' languages (the message names the label).
_COLOURS = ", ".join(
    f"({level.value}, '{level.name.lower()}', '{sql_text(choice_label(RiskLevel, level.value, 'zh'))}', "
    f"'{sql_text(choice_label(RiskLevel, level.value, 'en').lower())}')"
    for level in (RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED))

RELAPSE_RISK_SQL = """
SELECT a.reach_id AS feature_id, '' AS subject, a.level::smallint AS level,
       '返黑返臭风险（' || c.label_zh || '）' AS message_zh, 'Relapse risk ' || c.label_en AS message_en,
       jsonb_build_object('risk_level', a.level, 'run', a.run_id, 'probability', a.probability,
                          'warning_type', a.warning_type) AS evidence
FROM (SELECT DISTINCT ON (x.reach_id) x.reach_id, x.run_id, x.level, x.probability, x.warning_type
      FROM basins_riskassessment x
      WHERE %(only)s::bigint[] IS NULL OR x.reach_id = ANY(%(only)s::bigint[])
      ORDER BY x.reach_id, x.run_id DESC) a
JOIN rule_params rp ON rp.feature_id = a.reach_id
JOIN (VALUES """ + _COLOURS + """) AS c(level, colour, label_zh, label_en) ON c.level = a.level
WHERE a.level >= CASE lower(rp.p->>'min_level') WHEN 'red' THEN 3 WHEN 'orange' THEN 2 ELSE 1 END
"""

RULES = (
    SqlRule("reach.relapse_risk", Kind.RIVER_REACH, RELAPSE_RISK_SQL, {"min_level": "yellow"},
            "返黑返臭风险", "Relapse risk"),
)
