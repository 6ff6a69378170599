"""Concrete compressive strength evaluation [S], GB/T 50107-2010 §5, and the group value of one
specimen group [S], GB/T 50081. Pure functions: numbers in, verdicts out.

    known sigma (§5.1.2, 3 consecutive groups):  mean >= fcu,k + 0.7 σ0,  min >= fcu,k - 0.7 σ0,
                                                 min >= 0.85 fcu,k (<= C20) or 0.90 fcu,k (> C20);
                                                 σ0 taken as 2.5 MPa when smaller
    unknown sigma (§5.1.3, n >= 10):             mean >= fcu,k + λ1 S,  min >= λ2 fcu,k;
                                                 S the sample sd (n - 1), taken as 2.5 when smaller
                                                 λ1 1.15 / 1.05 / 0.95 for n 10-14 / 15-19 / >= 20
                                                 λ2 0.90 / 0.85 for n 10-14 / >= 15
    non-statistical (§5.2, n < 10):              mean >= λ3 fcu,k (1.15 below C60, 1.10 from C60),
                                                 min >= 0.95 fcu,k

Every limit is inclusive. Verdicts are decided in exact rational arithmetic (fractions) on the
values as given, so a mean exactly at its limit passes and 0.1 MPa below fails; the standard's
own rounding of the mean (0.1) and S (0.01) is not applied before comparing, on purpose: a
verdict must not depend on where an intermediate figure was rounded. The criterion with S
compares squares (mean - fcu,k >= λ1 S  <=>  mean - fcu,k >= 0 and (mean - fcu,k)² >= λ1² S²),
because S itself is a square root. The figures reported (mean, sd, limits) are rounded to 0.01.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

GRADES = {f"C{k}": k for k in range(15, 85, 5)}  # C15 ... C80, the grades of GB 50010
SD_FLOOR = Fraction(5, 2)
KNOWN_SIGMA_GROUPS = 3
STATISTICAL_MIN_GROUPS = 10
CENT = Decimal("0.01")


class StrengthInputError(ValueError):
    """Input the evaluation cannot judge; `code` is stable for API answers."""

    http_status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Criterion:
    name: str  # "mean", "minimum" or "minimum_absolute"
    value: Decimal
    limit: Decimal
    passed: bool

    @property
    def verdict(self) -> str:
        return "pass" if self.passed else "fail"

    def as_json(self) -> dict:
        return {"name": self.name, "value": str(self.value), "limit": str(self.limit), "verdict": self.verdict}


@dataclass(frozen=True)
class StrengthResult:
    grade: str
    groups: int
    method: str  # "known-sigma", "statistical" or "non-statistical"
    passed: bool
    mean: Decimal
    minimum: Decimal
    sd: Decimal | None  # the σ0 or S used (after the 2.5 floor); None for the non-statistical method
    criteria: tuple[Criterion, ...]

    def criteria_json(self) -> list[dict]:
        return [c.as_json() for c in self.criteria]


def _exact(value) -> Fraction:
    """A float is read as its shortest decimal form (30.1 -> 301/10), never as its binary value."""
    try:
        number = Fraction(Decimal(str(value))) if isinstance(value, float) else Fraction(Decimal(value))
    except (InvalidOperation, ValueError, TypeError, OverflowError):
        raise StrengthInputError("not_a_number", f"{value!r} is not a strength in MPa") from None
    if number < 0:
        raise StrengthInputError("negative_strength", f"strength {value} MPa is negative")
    return number


def _decimal(number: Fraction) -> Decimal:
    return Decimal(number.numerator) / Decimal(number.denominator)


def _shown(number: Fraction) -> Decimal:
    return _decimal(number).quantize(CENT, ROUND_HALF_UP)


def characteristic_strength(grade: str) -> int:
    """fcu,k in MPa of a grade such as "C30"."""
    try:
        return GRADES[grade.strip().upper()]
    except (KeyError, AttributeError):
        raise StrengthInputError("unknown_grade", f"unknown concrete grade {grade!r} (C15 to C80)") from None


def evaluate_strength(grade: str, groups_mpa: Sequence[float], sigma0_mpa: float | None = None) -> StrengthResult:
    """Judge one evaluation batch (验收批) of group values by GB/T 50107-2010."""
    fcu_k = characteristic_strength(grade)
    values = [_exact(v) for v in groups_mpa]
    if not values:
        raise StrengthInputError("no_groups", "an evaluation batch needs at least one specimen group")
    if sigma0_mpa is not None:
        if len(values) != KNOWN_SIGMA_GROUPS:
            raise StrengthInputError("known_sigma_needs_three_groups",
                                     f"the known-sigma method judges 3 consecutive groups, not {len(values)}")
        method, sd, criteria = "known-sigma", *_known_sigma(fcu_k, values, _exact(sigma0_mpa))
    elif len(values) >= STATISTICAL_MIN_GROUPS:
        method, sd, criteria = "statistical", *_statistical(fcu_k, values)
    else:
        method, sd, criteria = "non-statistical", None, _non_statistical(fcu_k, values)
    return StrengthResult(grade.strip().upper(), len(values), method, all(c.passed for c in criteria),
                          _shown(_mean(values)), _shown(min(values)), sd, criteria)


def _mean(values: list[Fraction]) -> Fraction:
    return sum(values) / len(values)


def _known_sigma(fcu_k: int, values: list[Fraction], sigma0: Fraction):
    sigma = max(sigma0, SD_FLOOR)
    mean, low = _mean(values), min(values)
    # GB/T 50107 §5.1.2: the absolute floor is 0.85 fcu,k up to C20 and 0.90 above.
    factor = Fraction(85, 100) if fcu_k <= 20 else Fraction(90, 100)
    mean_limit = fcu_k + Fraction(7, 10) * sigma
    min_limit = fcu_k - Fraction(7, 10) * sigma
    return _shown(sigma), (
        Criterion("mean", _shown(mean), _shown(mean_limit), mean >= mean_limit),
        Criterion("minimum", _shown(low), _shown(min_limit), low >= min_limit),
        Criterion("minimum_absolute", _shown(low), _shown(factor * fcu_k), low >= factor * fcu_k),
    )


def _lambdas(n: int) -> tuple[Fraction, Fraction]:
    """(λ1, λ2) of GB/T 50107 table 5.1.3 for n >= 10 groups."""
    lambda1 = Fraction(115, 100) if n < 15 else Fraction(105, 100) if n < 20 else Fraction(95, 100)
    lambda2 = Fraction(90, 100) if n < 15 else Fraction(85, 100)
    return lambda1, lambda2


def _statistical(fcu_k: int, values: list[Fraction]):
    n = len(values)
    mean, low = _mean(values), min(values)
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    sd_square = max(variance, SD_FLOOR ** 2)
    lambda1, lambda2 = _lambdas(n)
    excess = mean - fcu_k
    mean_passed = excess >= 0 and excess ** 2 >= lambda1 ** 2 * sd_square
    sd = _decimal(sd_square).sqrt()
    mean_limit = (fcu_k + _decimal(lambda1) * sd).quantize(CENT, ROUND_HALF_UP)
    return sd.quantize(CENT, ROUND_HALF_UP), (
        Criterion("mean", _shown(mean), mean_limit, mean_passed),
        Criterion("minimum", _shown(low), _shown(lambda2 * fcu_k), low >= lambda2 * fcu_k),
    )


def _non_statistical(fcu_k: int, values: list[Fraction]):
    mean, low = _mean(values), min(values)
    # GB/T 50107 table 5.2.2: λ3 1.15 below C60, 1.10 from C60; λ4 0.95 for all grades.
    lambda3 = Fraction(115, 100) if fcu_k < 60 else Fraction(110, 100)
    lambda4 = Fraction(95, 100)
    return (
        Criterion("mean", _shown(mean), _shown(lambda3 * fcu_k), mean >= lambda3 * fcu_k),
        Criterion("minimum", _shown(low), _shown(lambda4 * fcu_k), low >= lambda4 * fcu_k),
    )


def group_value(c1: float, c2: float, c3: float) -> Decimal | None:
    """The strength of one group of 3 cubes by GB/T 50081 (to 0.1 MPa); None when the group is invalid.

    The mean of the three; when the largest or the smallest differs from the middle by more than
    15% of the middle, the middle; when both do, the group does not count.
    """
    low, middle, high = sorted(_exact(c) for c in (c1, c2, c3))
    margin = Fraction(15, 100) * middle
    high_off, low_off = high - middle > margin, middle - low > margin
    if high_off and low_off:
        return None
    value = middle if (high_off or low_off) else (low + middle + high) / 3
    return _decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)
