"""The weights of the integrity score: code defaults, overridden by ScoreWeight rows (admin)."""

from decimal import Decimal

from django.conf import settings

from geo_server.integrity.models import Reason, ScoreWeight

# [D] Our defaults, not taken from any regulation: the worse the hazard, the larger the penalty;
# a hazard left to run over its deadline or closed unfixed costs more than one raised; a fix on
# time earns a point back. Administrators change them in the admin (score weights).
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    Reason.RAISED_YELLOW: Decimal("-1"),
    Reason.RAISED_ORANGE: Decimal("-2"),
    Reason.RAISED_RED: Decimal("-5"),
    Reason.OVERDUE: Decimal("-5"),
    Reason.CLOSED_NOT_FIXED: Decimal("-10"),
    Reason.REPLY_REJECTED: Decimal("-3"),
    Reason.CLOSED_ON_TIME: Decimal("1"),
}


# [D] Rule-specific defaults: wage arrears cost an enterprise more than a generic hazard of the same
# colour (保障农民工工资支付条例 makes arrears a credit matter); a rule's own weight wins over the
# general one for that reason. Seeded as admin rows by migration 0003.
DEFAULT_RULE_WEIGHTS: dict[tuple[str, str], Decimal] = {
    ("wage.unpaid", Reason.RAISED_ORANGE): Decimal("-4"),
    ("wage.unpaid", Reason.RAISED_RED): Decimal("-10"),
    ("wage.unpaid", Reason.OVERDUE): Decimal("-10"),
    ("wage.unpaid", Reason.CLOSED_NOT_FIXED): Decimal("-20"),
    ("wage.underpaid", Reason.RAISED_ORANGE): Decimal("-3"),
    ("wage.wrong_payee", Reason.RAISED_ORANGE): Decimal("-3"),
    ("wage.no_inflow", Reason.RAISED_RED): Decimal("-8"),
    ("wage.unregistered", Reason.RAISED_YELLOW): Decimal("-1"),
}


def start_score() -> Decimal:
    return Decimal(str(settings.GEO_SERVER["INTEGRITY_START_SCORE"]))


def current_weights() -> dict[str, Decimal]:
    """The general weights (every rule), by reason."""
    weights = {str(reason): value for reason, value in DEFAULT_WEIGHTS.items()}
    weights.update(ScoreWeight.objects.filter(rule_code="").values_list("reason", "delta"))
    return weights


def rule_weights() -> dict[tuple[str, str], Decimal]:
    """The rule-specific weights, by (rule code, reason)."""
    weights = {(code, str(reason)): value for (code, reason), value in DEFAULT_RULE_WEIGHTS.items()}
    weights.update(((code, reason), delta) for code, reason, delta in
                   ScoreWeight.objects.exclude(rule_code="").values_list("rule_code", "reason", "delta"))
    return weights


def weight_for(reason: str, rule_code: str, general: dict, by_rule: dict) -> Decimal | None:
    """Pure: the rule's own weight for the reason if it has one, else the general one."""
    specific = by_rule.get((rule_code, reason))
    return specific if specific is not None else general.get(reason)
