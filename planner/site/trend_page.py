"""The trend page (coverage score and findings over the git history, as charts with
their data table), the dashboard's per-stage sparklines, and its "since the last audit"
deltas. All of it only when the site is built inside a git repository.

The history is ``planner trend`` over the last year (the default sampling: a point per
commit up to 60 commits, else weekly), through the same engine and store as the audit.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from planner.site.charts import DASHES, MARKERS, Series, legend, line_chart, sparkline
from planner.site.context import Page, SiteContext
from planner.site.html import a, esc, note, section, table

HERE = "trend.md"
WINDOW_DAYS = 365
_MEMO: dict[tuple, Any] = {}  # the last history computed in this process
SEVERITIES = ("error", "warning", "suggestion")


def history(config: Any, paths: list[Path], root: Path, store: Any, warn: Callable[[str], None] = lambda m: None):
    """The trend of the last year for a site built at ``root``, or None outside a git
    repository (or when the history cannot be read: ``warn`` says why)."""
    from planner import gitutil
    from planner.config import find_config
    from planner.config_errors import ConfigError
    from planner.trend.run import trend
    from planner.trend.sampling import Bound, SamplingError

    top = gitutil.toplevel(root)
    tip = gitutil.resolve(top, "HEAD") if top is not None else None
    if top is None or tip is None:
        return None
    key = (str(top), tip, str(root), config.fingerprint(), tuple(str(p) for p in paths))
    if key in _MEMO:  # `mkdocs serve` rebuilds on every edit; the history only moves with HEAD
        return _MEMO[key]
    try:
        head = gitutil.log(top, tip)[-1]
        since = Bound(date=head.date.date() - dt.timedelta(days=WINDOW_DAYS))
        explicit = config.path if config.path is not None and config.path != find_config(root) else None
        _MEMO.clear()
        _MEMO[key] = trend(top, root, config, paths=key[-1], since=since, store=store, explicit=explicit)
        return _MEMO[key]
    except (gitutil.GitError, SamplingError, ConfigError, OSError) as exc:
        # find_config refuses a planner.yml that is not a file (a FIFO, a dangling link)
        warn(f"planner: no trend page: {exc}")  # the rest of the site is built as usual
        return None


def _points(ctx: SiteContext) -> list[dict[str, Any]]:
    t = getattr(ctx, "trend", None)
    return t.points if t is not None else []


def _date(p: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(p["today"])


def _label(p: dict[str, Any]) -> str:
    return f"{p['today']} ({p['short']})"


def previous(ctx: SiteContext) -> dict[str, Any] | None:
    """The last audited point before the commit the site is built from: what "since the
    last audit" compares with."""
    head = (ctx.built_from or {}).get("commit")
    earlier = [p for p in _points(ctx) if p["commit"] != head and not p["error"]]
    return earlier[-1] if earlier else None


def _signed(change: float, unit: str = "", digits: int = 0) -> str:
    if round(change, digits) == 0:
        return "no change"
    return f"{change:+.{digits}f}{unit}".replace("-", "−")


def deltas(ctx: SiteContext) -> dict[str, str]:
    """Dashboard figure label -> its change since the previous point."""
    p = previous(ctx)
    if p is None:
        return {}
    since = f" since {p['today']}"
    cov = ctx.coverage(ctx.axis) or {}
    c = ctx.audit.counts()
    out = {"documents": _signed(len(ctx.audit.documents) - p["documents"]) + since}
    if isinstance(cov.get("score"), (int, float)) and p["score"] is not None:
        out["coverage score"] = _signed(cov["score"] - p["score"], " pts", 1) + since
    was = p["findings"]
    parts = [f"{_signed(c[s] - was.get(s, 0))} {s}s" for s in ("error", "warning") if c[s] != was.get(s, 0)]
    out["errors · warnings"] = (", ".join(parts) if parts else "no change") + since
    stale = (cov.get("totals") or {}).get("stale")
    if stale is not None and p["stale"] is not None:
        out["stale"] = (_signed(stale - p["stale"]) + (" stale" if stale != p["stale"] else "")) + since
    for phase in ctx.config.taxonomy["phases"]:
        now, then = ctx.median_reading_ease(phase), (p["readability"].get(phase) or {}).get("flesch_reading_ease")
        if now is not None and then is not None:
            out[f"{phase} readability"] = _signed(now - then, "", 1) + since
    return out


def dashboard_section(ctx: SiteContext, here: str) -> str:
    """Per-stage sparklines of published documents, with the trend page's link."""
    pts = [p for p in _points(ctx) if not p["error"]]
    if len(pts) < 2:
        return ""
    L = ctx.links(here)
    rows = []
    for stage in ctx.stages():
        values = [p["stages"].get(stage, {}).get("published") for p in pts]
        known = [v for v in values if v is not None]
        if not known:
            continue
        words = (f"{stage}: published documents from {known[0]} on {pts[0]['today']} to {known[-1]} on {pts[-1]['today']}, "
                 f"lowest {min(known)}, highest {max(known)}")
        rows.append(f'<li class="pl-sparks__row"><span class="pl-sparks__stage">{esc(stage)}</span>'
                    f'{sparkline(values, words, "phase-" + (ctx.config.phase_of(stage) or "none"))}'
                    f'<span class="pl-sparks__now">{known[-1]}</span></li>')
    body = (f'<p class="pl-small pl-muted">Published documents per stage at {len(pts)} points from {esc(pts[0]["today"])} '
            f'to {esc(pts[-1]["today"])}. {a(L.href(HERE), "The trend: score and findings over time")}</p>'
            f'<ul class="pl-sparks">{"".join(rows)}</ul>')
    return section("Stages over time", body, "stages-over-time")


def _series(pts: list[dict[str, Any]]) -> list[Series]:
    return [Series(f"{s}s", [None if p["error"] else p["findings"].get(s, 0) for p in pts], s, MARKERS[i], DASHES[i])
            for i, s in enumerate(SEVERITIES)]


def _describe(pts: list[dict[str, Any]], key: str, what: str, unit: str = "") -> str:
    vals = [(p["today"], p[key]) for p in pts if p[key] is not None]
    if not vals:
        return f"No {what}: no commit in range could be audited."
    first, last = vals[0], vals[-1]
    low, high = min(v for _, v in vals), max(v for _, v in vals)
    return (f"{what.capitalize()} went from {first[1]:g}{unit} on {first[0]} to {last[1]:g}{unit} on {last[0]}; "
            f"lowest {low:g}{unit}, highest {high:g}{unit}. The table below has every point.")


def _table(pts: list[dict[str, Any]]) -> str:
    headers = ["Date", "Commit", "Score", "Change", "Documents", "Published", "In progress", "Stale",
               "Errors", "Warnings", "Suggestions", "Phase mismatch", "Note"]
    rows, last = [], None
    for p in pts:
        commit = f'<code title="{esc(p["commit"])}">{esc(p["short"])}</code>'
        if p["error"]:
            rows.append([(esc(p["today"]), p["today"]), commit] + [""] * 10 + [esc(p["error"])])
            continue
        change = ("", 0) if last is None else (esc(_signed(p["score"] - last, " pts", 1)), p["score"] - last)
        last = p["score"]
        stale = ("unknown", -1) if p["stale"] is None else (str(p["stale"]), p["stale"])
        rows.append([(esc(p["today"]), p["today"]), commit, (f"{p['score']:.1f}%", p["score"]), change,
                     *((str(p[k]), p[k]) for k in ("documents", "published", "in_progress")), stale,
                     *((str(p["findings"].get(s, 0)), p["findings"].get(s, 0)) for s in SEVERITIES),
                     (str(p["phase_mismatch"]), p["phase_mismatch"]), esc(p["subject"])])
    rows.reverse()  # newest first: the row a reader looks for
    return table(headers, rows, "pl-trend", label="Trend data, newest first")


def trend_page(ctx: SiteContext) -> Page:
    t = ctx.trend
    pts = t.points
    per = {"commit": "one point per commit", "day": "the last commit of each day",
           "week": "the last commit of each week", "month": "the last commit of each month"}[t.range.every]
    head = ['<h1>Trend</h1>',
            f'<p class="pl-lead">{len(pts)} point{"s" if len(pts) != 1 else ""} over the last year of git history '
            f'({esc(per)}, first-parent line). Each point is what <code>planner coverage</code> and '
            f'<code>planner lint</code> said at that commit, with that commit\'s planner.yml, judging review ages as of '
            f'the commit\'s date. <code>planner trend</code> gives the same numbers as a table, JSON or CSV.</p>']
    for n in t.notes:
        head.append(note(esc(n), "warn"))
    bad = [p for p in pts if p["error"]]
    if bad:
        head.append(note(f"{len(bad)} commit{'s' if len(bad) != 1 else ''} could not be audited (see the notes in the "
                         "table); the lines have a gap there.", "warn"))
    parts = ["".join(head)]
    if not pts:
        parts.append(section("No history yet", note("No commit in the last year touched the content.", "info"), "no-history"))
        return Page(HERE, "Trend", "".join(parts))
    dates, labels = [_date(p) for p in pts], [_label(p) for p in pts]
    score = Series("coverage score", [p["score"] for p in pts], "score", "circle")
    parts.append(section("Coverage score", line_chart("trend-score", "Coverage score over time",
                                                      _describe(pts, "score", "the coverage score", "%"), dates, labels,
                                                      [score], y_max=100, unit="%"), "coverage-score"))
    series = _series(pts)
    totals = [{**p, "total": None if p["error"] else sum(p["findings"].values())} for p in pts]
    parts.append(section("Findings", legend(series) + line_chart("trend-findings", "Findings over time, by severity",
                                                               _describe(totals, "total", "the number of findings"),
                                                               dates, labels, series), "findings-over-time"))
    parts.append(section("Data", _table(pts), "data"))
    return Page(HERE, "Trend", "".join(parts), meta={"search": "head"})


def pages(ctx: SiteContext):
    if getattr(ctx, "trend", None) is not None:
        yield trend_page(ctx)
