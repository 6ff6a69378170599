"""A small inline SVG line chart, drawn on the server: no chart library, no CDN, works offline."""

from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 560, 180
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 22, 26


def _scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    return out_low + (value - low) / ((high - low) or 1) * (out_high - out_low)


def line_chart(title: str, series: list[tuple[date, float]], limits: list[tuple[float, str, str]],
               log_hint: str = "") -> SafeString:
    """series: (month, value); limits: (value, label, colour) drawn as dashed lines."""
    if not series:
        return mark_safe(f'<p class="muted">{escape(title)}: {escape(_("no samples."))}</p>')
    values = [v for _d, v in series] + [v for v, _l, _c in limits]
    low, high = min(0.0, min(values)), max(values) * 1.05
    first, last = series[0][0].toordinal(), series[-1][0].toordinal()
    x = lambda d: _scale(d.toordinal(), first, last, LEFT, WIDTH - RIGHT)  # noqa: E731
    y = lambda v: _scale(v, low, high, HEIGHT - BOTTOM, TOP)  # noqa: E731
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg" style="width:100%;max-width:{WIDTH}px;font:11px sans-serif">',
             f'<text x="{LEFT}" y="14" font-weight="bold">{escape(title)}{escape(log_hint)}</text>',
             f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>']
    for value in (low, (low + high) / 2, high):
        parts.append(f'<text x="{LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.3g}</text>')
    for value, label, colour in limits:
        parts.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
                     f'stroke="{colour}" stroke-dasharray="4 3"/>'
                     f'<text x="{WIDTH - RIGHT}" y="{y(value) - 3:.1f}" text-anchor="end" fill="{colour}">'
                     f'{escape(label)}</text>')
    points = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in series)
    parts.append(f'<polyline points="{points}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for d, anchor in ((series[0][0], "start"), (series[-1][0], "end")):
        parts.append(f'<text x="{x(d):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{d:%Y-%m}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
