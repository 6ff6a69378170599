"""The rules engine's vocabulary and registry: a rule is a pure function over one feature's data.

Sectors hand their rules over from their AppConfig.ready() with register_rule(); the core never
imports a sector. A rule sees one flat dict (the feature's own columns plus its detail row's
non-personal columns), its parameters (code defaults merged with RuleThreshold rows) and today's
date, and returns a Finding or None. No ORM, no HTTP: every rule is tested without a database.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from geo_server.features.kinds import Kind, RiskLevel


@dataclass(frozen=True)
class Finding:
    level: RiskLevel
    message_zh: str
    message_en: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    check: Callable[[dict, dict, date], Finding | None]
    # Thresholds an administrator may override per organisation or area (RuleThreshold).
    defaults: dict = field(default_factory=dict)
    title_zh: str = ""
    title_en: str = ""
    # What a reply must carry before a supervisor may confirm it (supervision.evidence.EVIDENCE):
    # "photo" (at least one photo), "reappraisal" (a new safety appraisal graded A or B).
    evidence: tuple[str, ...] = ("photo",)

    def evaluate(self, row: dict, params: dict | None = None, today: date | None = None) -> Finding | None:
        return self.check(row, {**self.defaults, **(params or {})}, today or date.today())


_rules: dict[str, Rule] = {}


def register_rule(rule: Rule) -> None:
    """Called from a sector's AppConfig.ready(), next to register_detail()."""
    from geo_server.sector import known_kinds

    if rule.kind not in known_kinds():
        raise ValueError(f"unknown kind {rule.kind!r}")
    existing = _rules.get(rule.code)
    if existing is not None and existing != rule:
        raise ValueError(f"rule {rule.code!r} is already registered")
    _rules[rule.code] = rule


def rules_for(kind: str) -> list[Rule]:
    return [rule for rule in _rules.values() if rule.kind == kind]


def get_rule(code: str) -> Rule | None:
    return _rules.get(code)


def all_rules() -> list[Rule]:
    return sorted(_rules.values(), key=lambda rule: (rule.kind, rule.code))


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class SqlRule:
    """A set-based rule: one SQL SELECT over a whole kind, yielding the rows of
    (feature_id bigint, subject text, level smallint, message_zh text, message_en text, evidence jsonb)
    that go into the same upsert, close and promote path as the per-row rules' findings.

    The statement may read `rule_params` (feature_id, p jsonb): each feature's parameters, the code
    defaults merged with the RuleThreshold rows for its city, district and organisation, e.g.
    `(rp.p->>'payday')::int`. It receives %(today)s (date) and %(only)s (bigint[] of feature ids or
    NULL: a statement limits itself with `(%(only)s::bigint[] IS NULL OR f.id = ANY(%(only)s))`).
    `subject` is '' when the warning is about the feature itself, else a stable key of what inside
    it the warning is about ("worker:123:2026-10"); one open warning per (rule, feature, subject)."""

    code: str
    kind: str
    sql: str
    defaults: dict = field(default_factory=dict)
    title_zh: str = ""
    title_en: str = ""
    evidence: tuple[str, ...] = ("photo",)
