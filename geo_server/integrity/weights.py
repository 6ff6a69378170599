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


def start_score() -> Decimal:
    return Decimal(str(settings.GEO_SERVER["INTEGRITY_START_SCORE"]))


def current_weights() -> dict[str, Decimal]:
    weights = {str(reason): value for reason, value in DEFAULT_WEIGHTS.items()}
    weights.update(ScoreWeight.objects.values_list("reason", "delta"))
    return weights
