"""Charts as inline SVG: a line chart over time and a sparkline.

Drawn by hand rather than with a charting library: a few lines and markers need no
script, so the charts show without JavaScript, in print and offline, take the theme's
colours from CSS custom properties (light and dark), scale to a phone through their
``viewBox``, and are images with a text alternative (``role="img"``, a title and a
description) whose data table sits under them. Series differ by colour, line pattern
and marker shape, never by colour alone.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from planner.site.html import esc, slug

W, H = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 44
MARKERS = ("circle", "square", "triangle")
DASHES = ("", "9 5", "2 5")


@dataclass
class Series:
    name: str
    values: list[float | None]  # one per point; None: no value (a commit that could not be audited)
    kind: str  # CSS modifier: pl-series--<kind>
    marker: str = "circle"
    dash: str = ""


def nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    base = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * base:
            return step * base
    return 10 * base


def _x_positions(dates: list[dt.date]) -> list[float]:
    """Time-proportional positions; evenly spaced when every point has the same date."""
    span = W - LEFT - RIGHT
    if len(dates) == 1:
        return [LEFT + span / 2]
    first, last = min(dates), max(dates)
    days = (last - first).days
    if days == 0:
        return [LEFT + span * i / (len(dates) - 1) for i in range(len(dates))]
    return [LEFT + span * (d - first).days / days for d in dates]


def _marker(shape: str, x: float, y: float, r: float = 5.0) -> str:
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}"/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - r * 1.2:.1f}L{x + r * 1.1:.1f} {y + r * .8:.1f}L{x - r * 1.1:.1f} {y + r * .8:.1f}Z"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points with a value: a missing value breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p is None:
            runs.append([])
        else:
            runs[-1].append(p)
    return [r for r in runs if r]


def line_chart(chart_id: str, title: str, desc: str, dates: list[dt.date], labels: list[str], series: list[Series],
               *, y_max: float | None = None, unit: str = "") -> str:
    """An accessible SVG line chart: ``labels`` name each point in the markers'
    tooltips; ``desc`` says in words what the chart shows (the table under it has every
    number)."""
    top = y_max if y_max is not None else nice_max(max((v for s in series for v in s.values if v is not None), default=1))
    xs = _x_positions(dates)
    plot_h = H - TOP - BOTTOM

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    cid = slug(chart_id)
    out = [f'<svg class="pl-chart" id="{cid}" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{cid}-t {cid}-d" '
           f'preserveAspectRatio="xMidYMid meet"><title id="{cid}-t">{esc(title)}</title><desc id="{cid}-d">{esc(desc)}</desc>']
    out.append('<g class="pl-chart__grid" aria-hidden="true">')
    for i in range(5):
        v = top * i / 4
        y = y_of(v)
        text = f"{v:g}{unit}"
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text x="{LEFT - 8}" y="{y + 6:.1f}" text-anchor="end">{esc(text)}</text>')
    for i in _tick_indexes(dates):
        anchor = "start" if xs[i] < LEFT + 40 else "end" if xs[i] > W - RIGHT - 40 else "middle"
        out.append(f'<text x="{xs[i]:.1f}" y="{H - 14}" text-anchor="{anchor}">{esc(_short_date(dates[i]))}</text>')
    out.append("</g>")
    for s in series:
        pts = [None if v is None else (xs[i], y_of(v)) for i, v in enumerate(s.values)]
        out.append(f'<g class="pl-series pl-series--{slug(s.kind)}">')
        for run in _segments(pts):
            d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in run)
            dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
            out.append(f'<path class="pl-series__line" d="{d}"{dash}/>')
        for i, p in enumerate(pts):
            if p is not None:
                value = s.values[i]
                shown = f"{value:.1f}{unit}" if unit else f"{value:g}"
                out.append(f'<g class="pl-series__point"><title>{esc(labels[i])}: {esc(s.name)} {esc(shown)}</title>'
                           f"{_marker(s.marker, *p)}</g>")
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def legend(series: list[Series]) -> str:
    """The series' names beside a sample of their line and marker."""
    items = []
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        sample = (f'<svg class="pl-chart__key" viewBox="0 0 36 14" aria-hidden="true" focusable="false">'
                  f'<g class="pl-series pl-series--{slug(s.kind)}"><path class="pl-series__line" d="M2 7L34 7"{dash}/>'
                  f'<g class="pl-series__point">{_marker(s.marker, 18, 7, 4)}</g></g></svg>')
        items.append(f"<li>{sample}{esc(s.name)}</li>")
    return '<ul class="pl-legend">' + "".join(items) + "</ul>"


def sparkline(values: list[float | None], label: str, kind: str = "spark") -> str:
    """A small line of ``values`` (oldest first) with its last value marked; ``label``
    says the same in words."""
    w, h, pad = 120, 28, 4
    known = [v for v in values if v is not None]
    top = max(known, default=1) or 1
    n = len(values)
    pts = [None if v is None else (pad + (w - 2 * pad) * (i / (n - 1) if n > 1 else .5), h - pad - (h - 2 * pad) * v / top)
           for i, v in enumerate(values)]
    paths = "".join(f'<path class="pl-series__line" d="M{"L".join(f"{x:.1f} {y:.1f}" for x, y in run)}"/>'
                    for run in _segments(pts))
    last = next((p for p in reversed(pts) if p is not None), None)
    dot = f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.6"/>' if last else ""
    return (f'<svg class="pl-spark" viewBox="0 0 {w} {h}" role="img" aria-label="{esc(label)}">'
            f'<g class="pl-series pl-series--{slug(kind)}">{paths}<g class="pl-series__point">{dot}</g></g></svg>')


def _tick_indexes(dates: list[dt.date], most: int = 4) -> list[int]:
    """Points whose dates label the x axis: the first, the last, and evenly between."""
    n = len(dates)
    if n <= most:  # every point, unless two share a date (their labels would overlap)
        return list(range(n)) if len(set(dates)) == n else sorted({0, n - 1})
    step = (n - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def _short_date(d: dt.date) -> str:
    return d.strftime("%d %b %Y").lstrip("0")
