"""Black-odorous water classification [S], 城市黑臭水体整治工作指南 (MOHURD/MEP 2015). Pure functions.

Indicator limits (guideline table): a value inside the mild band, ends included, is mild
(轻度黑臭); beyond the band's bad end it is severe (重度黑臭); outside every band it is not
black-odorous.

    transparency (cm)        mild 25 to 10      severe < 10
    dissolved oxygen (mg/L)  mild 0.2 to 2.0    severe < 0.2
    ORP (mV)                 mild -200 to 50    severe < -200
    ammonia nitrogen (mg/L)  mild 8.0 to 15     severe > 15

Shallow water (guideline note: 水深不足25cm时，该指标按水深的40%取值): where the depth is below 25 cm
a Secchi disc meets the bed before 25 cm, so the 25 cm limit cannot be applied. We take the mild
limit as 40% of the depth and scale the severe limit by the same factor (0.4 x depth / 25 cm),
i.e. 16% of the depth: the note names one limit for the indicator, and keeping the severe limit
at 10 cm would put it above the mild limit for any depth under 25 cm (depth 20 cm: mild <= 8 cm
but severe < 10 cm), which cannot be meant. Depth exactly 25 cm or unknown: the normal limits.

The reasons are written in the active language (gettext): classify inside a request, or under
translation.override(), to get them in Chinese or English.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy


class Level(IntEnum):
    NONE = 0
    MILD = 1
    SEVERE = 2

    @property
    def label(self) -> str:
        """"none", "mild" or "severe" in the active language."""
        return str(LEVEL_LABELS[self])


LEVEL_LABELS = {Level.NONE: pgettext_lazy("black-odorous level", "none"),
                Level.MILD: pgettext_lazy("black-odorous level", "mild"),
                Level.SEVERE: pgettext_lazy("black-odorous level", "severe")}


INDICATORS = ("transparency_cm", "dissolved_oxygen_mg_l", "orp_mv", "ammonia_n_mg_l")
LABELS = {"transparency_cm": pgettext_lazy("indicator", "transparency"),
          "dissolved_oxygen_mg_l": pgettext_lazy("indicator", "dissolved oxygen"),
          "orp_mv": pgettext_lazy("indicator", "ORP"), "ammonia_n_mg_l": pgettext_lazy("indicator", "ammonia nitrogen")}
SHALLOW_DEPTH_CM = 25.0
SHALLOW_SHARE = 0.4
POINT_ONE_INDICATOR_SHARE = 0.6
POINT_TWO_INDICATORS_SHARE = 0.3
BODY_CONSECUTIVE_POINTS = 3
BODY_SEVERE_SHARE = 0.6


@dataclass(frozen=True)
class Sample:
    taken_at: datetime | None = None
    transparency_cm: float | None = None
    dissolved_oxygen_mg_l: float | None = None
    orp_mv: float | None = None
    ammonia_n_mg_l: float | None = None
    depth_cm: float | None = None


def transparency_limits(depth_cm: float | None) -> tuple[float, float]:
    """(mild limit, severe limit): mild when value <= mild limit, severe when value < severe limit."""
    if depth_cm is not None and depth_cm < SHALLOW_DEPTH_CM:
        mild = SHALLOW_SHARE * depth_cm
        return mild, mild * 10.0 / 25.0
    return 25.0, 10.0


def indicator_level(indicator: str, value: float | None, depth_cm: float | None = None) -> Level | None:
    """The level of one measured value; None when it was not measured."""
    if value is None:
        return None
    if indicator == "transparency_cm":
        mild, severe = transparency_limits(depth_cm)
        return Level.SEVERE if value < severe else Level.MILD if value <= mild else Level.NONE
    if indicator == "dissolved_oxygen_mg_l":
        return Level.SEVERE if value < 0.2 else Level.MILD if value <= 2.0 else Level.NONE
    if indicator == "orp_mv":
        return Level.SEVERE if value < -200 else Level.MILD if value <= 50 else Level.NONE
    if indicator == "ammonia_n_mg_l":
        return Level.SEVERE if value > 15 else Level.MILD if value >= 8.0 else Level.NONE
    raise ValueError(f"unknown indicator {indicator!r}")


def sample_levels(sample: Sample) -> dict[str, Level]:
    """Level per measured indicator of one sample."""
    levels = {name: indicator_level(name, getattr(sample, name), sample.depth_cm) for name in INDICATORS}
    return {name: level for name, level in levels.items() if level is not None}


def sample_level(sample: Sample) -> Level:
    """A sample is as black-odorous as its worst indicator."""
    return max(sample_levels(sample).values(), default=Level.NONE)


@dataclass
class PointResult:
    code: str
    level: Level
    severe_share: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    chainage_m: float | None = None


@dataclass(frozen=True)
class PointJudgement:
    """The point rule's verdict without its wording: the level, each indicator's severe share, and
    the indicators behind the level (dominant, frequent, or mild ones)."""

    level: Level
    shares: dict[str, float]
    because: list[str]


def judge_point(samples: Sequence[Sample]) -> PointJudgement:
    """Point rule: severe when one indicator has >= 60% of its results severe, or two or more
    indicators each have >= 30%; otherwise mild if any result is mild or worse; else none.
    Shares are over that indicator's measured results."""
    per_indicator: dict[str, list[Level]] = {name: [] for name in INDICATORS}
    for sample in samples:
        for name, level in sample_levels(sample).items():
            per_indicator[name].append(level)
    return judge_counts({name: IndicatorCounts(len(levels), sum(lv == Level.SEVERE for lv in levels),
                                               any(lv >= Level.MILD for lv in levels))
                         for name, levels in per_indicator.items()})


@dataclass(frozen=True)
class IndicatorCounts:
    """One indicator's results at a point: how many were measured, how many severe, any mild or worse."""

    measured: int
    severe: int
    mild_or_worse: bool


def judge_counts(counts: dict[str, IndicatorCounts]) -> PointJudgement:
    """The point rule over each indicator's counts (what judge_point counts from the samples, or
    basins.quality_sql from the database); indicators in INDICATORS order."""
    ordered = [(name, counts[name]) for name in INDICATORS if name in counts]
    shares = {name: c.severe / c.measured for name, c in ordered if c.measured}
    dominant = [name for name, share in shares.items() if share >= POINT_ONE_INDICATOR_SHARE]
    frequent = [name for name, share in shares.items() if share >= POINT_TWO_INDICATORS_SHARE]
    if dominant:
        return PointJudgement(Level.SEVERE, shares, dominant)
    if len(frequent) >= 2:
        return PointJudgement(Level.SEVERE, shares, frequent)
    mild = [name for name, c in ordered if c.mild_or_worse]
    return PointJudgement(Level.MILD if mild else Level.NONE, shares, mild)


def classify_point(code: str, samples: Sequence[Sample], chainage_m: float | None = None) -> PointResult:
    """judge_point with its reasons in the active language."""
    verdict = judge_point(samples)
    shares = verdict.shares
    result = PointResult(code, verdict.level, shares, chainage_m=chainage_m)
    if verdict.level == Level.SEVERE and any(shares[n] >= POINT_ONE_INDICATOR_SHARE for n in verdict.because):
        result.reasons = [_("%(indicator)s: %(share)s of results severe (>= 60%%)")
                          % {"indicator": LABELS[n], "share": f"{shares[n]:.0%}"} for n in verdict.because]
    elif verdict.level == Level.SEVERE:
        result.reasons = [_("%(indicator)s: %(share)s of results severe (>= 30%%, with another indicator)")
                          % {"indicator": LABELS[n], "share": f"{shares[n]:.0%}"} for n in verdict.because]
    elif verdict.level == Level.MILD:
        result.reasons = [_("%(indicator)s: at least one result mild or worse") % {"indicator": LABELS[n]}
                          for n in verdict.because]
    return result


@dataclass
class BodyResult:
    level: Level
    severe_stretches: list[tuple[float | None, float | None, list[str]]]
    points: list[PointResult]
    reasons: list[str] = field(default_factory=list)


def severe_runs(points: Sequence[PointResult]) -> list[list[PointResult]]:
    """Runs of >= 3 consecutive severe points, points taken in order along the reach."""
    runs, current = [], []
    for point in points:
        if point.level == Level.SEVERE:
            current.append(point)
            continue
        if len(current) >= BODY_CONSECUTIVE_POINTS:
            runs.append(current)
        current = []
    if len(current) >= BODY_CONSECUTIVE_POINTS:
        runs.append(current)
    return runs


def classify_water_body(points: Sequence[PointResult]) -> BodyResult:
    """Water-body rule: >= 60% severe points -> the whole water body is severe; 3 or more
    consecutive severe points -> the stretch between the first and last is severe (reported as a
    stretch; the body as a whole is then mild). Otherwise mild if any point is mild or severe.
    `points` must be ordered by chainage."""
    if not points:
        return BodyResult(Level.NONE, [], [], [_("no monitoring results")])
    ordered = list(points)
    severe = [p for p in ordered if p.level == Level.SEVERE]
    stretches = [(run[0].chainage_m, run[-1].chainage_m, [p.code for p in run]) for run in severe_runs(ordered)]
    reasons = [_("severe stretch %(start)s-%(end)s (points %(points)s: %(n)s consecutive severe points)")
               % {"start": _metres(a), "end": _metres(b), "points": ", ".join(codes), "n": len(codes)}
               for a, b, codes in stretches]
    share = len(severe) / len(ordered)
    if body_level([p.level for p in ordered]) == Level.SEVERE:
        reasons.insert(0, _("%(n)s of %(total)s points severe (%(share)s >= 60%%)")
                       % {"n": len(severe), "total": len(ordered), "share": f"{share:.0%}"})
        return BodyResult(Level.SEVERE, stretches, ordered, reasons)
    flagged = [p for p in ordered if p.level >= Level.MILD]
    if flagged:
        reasons.append(_("%(n)s of %(total)s points mild or severe: %(points)s") % {
            "n": len(flagged), "total": len(ordered),
            "points": ", ".join(_("%(point)s (%(level)s)") % {"point": p.code, "level": p.level.label}
                                for p in flagged)})
        return BodyResult(Level.MILD, stretches, ordered, reasons)
    return BodyResult(Level.NONE, [], ordered, [_("none of %(total)s points black-odorous") % {"total": len(ordered)}])


def body_level(point_levels: Sequence[Level]) -> Level:
    """The water-body rule's level alone (no stretches, no wording): severe when >= 60% of the
    points are severe, else mild when any point is mild or severe; none without points."""
    if not point_levels:
        return Level.NONE
    if sum(level == Level.SEVERE for level in point_levels) / len(point_levels) >= BODY_SEVERE_SHARE:
        return Level.SEVERE
    return Level.MILD if any(level >= Level.MILD for level in point_levels) else Level.NONE


def _metres(value: float | None) -> str:
    return "?" if value is None else f"{value:,.0f} m"
