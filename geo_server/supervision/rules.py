"""The rules engine's vocabulary and registry.

Sectors hand their rules over from their AppConfig.ready() with register_rule() (or in their Sector);
the core never imports a sector. Two sorts share the registry, the sweep and the upsert, close and
promote path (evaluation.py, store.py):

- a per-row Rule is a pure function over one feature's data: one flat dict (the feature's own
  columns plus its detail row's non-personal columns), its parameters (code defaults merged with
  RuleThreshold rows) and today's date, returning a Finding or None. No ORM, no HTTP: every such
  rule is tested without a database. It warns about the feature itself (subject '').
- a SqlRule (below) is one SQL statement over a whole kind, yielding rows that may name a subject.

Neither sees Feature.risk_level: the sweep writes it from the open warnings (store.update_risk_levels).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import get_language

from geo_server.features.kinds import RiskLevel


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


_rules: dict[str, "Rule | SqlRule"] = {}


def register_rule(rule: "Rule | SqlRule") -> None:
    """Called from a sector's AppConfig.ready() (register_sector does it for a Sector's rules)."""
    from geo_server.sector import known_kinds

    if not isinstance(rule, (Rule, SqlRule)):
        raise TypeError(f"not a Rule or SqlRule: {rule!r}")
    if rule.kind not in known_kinds():
        raise ValueError(f"unknown kind {rule.kind!r}")
    existing = _rules.get(rule.code)
    if existing is not None and existing != rule:
        raise ValueError(f"rule {rule.code!r} is already registered")
    _rules[rule.code] = rule


def unregister_rule(code: str) -> None:
    """For tests that plug a rule in and take it out again."""
    _rules.pop(code, None)


def rules_for(kind: str) -> list["Rule | SqlRule"]:
    return [rule for rule in _rules.values() if rule.kind == kind]


def get_rule(code: str) -> "Rule | SqlRule | None":
    return _rules.get(code)


def rule_title(code: str) -> str:
    """A registered rule's title in the active language; the code itself for an unknown rule."""
    rule = _rules.get(code)
    if rule is None:
        return code
    return (rule.title_en if (get_language() or "").startswith("en") else rule.title_zh) or code


# The languages a rule writes its two messages in: message_zh, message_en.
MESSAGE_LANGUAGES = {"zh": "zh-hans", "en": "en"}


def choice_label(choices, code: str | None, language: str) -> str:
    """A code of a model's choices (a stage, an exposure class) as its label in a message's language
    ("zh" or "en"), so no message shows the code itself; an unknown code stays as it is."""
    labels = dict(choices.choices)
    if code not in labels:
        return code or ""
    with translation.override(MESSAGE_LANGUAGES[language]):
        return str(labels[code])


def label_sql(column: str, choices, language: str) -> str:
    """The same in SQL for a SqlRule: CASE over `column` giving each code's label in `language`,
    the code itself for an unknown one. Quotes and percent signs are escaped for a named-parameter
    statement."""
    return text_case_sql(column, {code: choice_label(choices, code, language) for code in choices.values})


def text_case_sql(column: str, labels: dict[str, str]) -> str:
    """CASE over `column` giving labels[code], the code itself for one not in `labels`; quotes and
    percent signs escaped for a named-parameter statement."""
    whens = " ".join(f"WHEN '{sql_text(code)}' THEN '{sql_text(label)}'" for code, label in labels.items())
    return f"(CASE {column} {whens} ELSE {column} END)"


def sql_text(text: str) -> str:
    return text.replace("'", "''").replace("%", "%%")


def all_rules() -> list["Rule | SqlRule"]:
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
    it the warning is about ("worker:123:2026-10"); one open warning per (rule, feature, subject).
    A row with level 0 or NULL is no warning; a NULL subject or evidence counts as '' and {}; the
    messages are cut to 300 characters and the subject to 80. The statement is run with named
    parameters, so a literal percent sign is written %%."""

    code: str
    kind: str
    sql: str
    defaults: dict = field(default_factory=dict)
    title_zh: str = ""
    title_en: str = ""
    evidence: tuple[str, ...] = ("photo",)
