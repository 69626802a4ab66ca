"""The trend's views: a table for people, JSON for scripts, CSV for a spreadsheet."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, TextIO

from planner.trend.point import READABILITY
from planner.trend.run import Trend

SEVERITIES = ("error", "warning", "suggestion")
COUNTS = ("errors", "warnings", "suggestions")  # CSV headers: "error" alone would read as a note


def header_lines(t: Trend) -> list[str]:
    """What the numbers are: how many commits, how sampled, which configuration, which "today"."""
    r = t.range
    per = {"commit": "one point per commit", "day": "the last commit of each day",
           "week": "the last commit of each week", "month": "the last commit of each month"}[r.every]
    span = f", {r.points[0].date.date()} to {r.points[-1].date.date()}" if r.points else ""
    lines = [f"History: {len(r.commits)} commit{'s' if len(r.commits) != 1 else ''} on the first-parent line, "
             f"{len(t.points)} point{'s' if len(t.points) != 1 else ''} ({per}){span}",
             "Configuration: " + ("today's planner.yml for every point (--config-now)" if t.config_now
                                  else "each commit's own planner.yml (--config-now: today's for every point)"),
             "Today: each commit's date (review ages, and so stale counts, are judged as of it)"]
    return lines + [f"Note: {n}" for n in t.notes]


def _signed(x: float | None) -> str:
    return "" if x is None else "0.0" if round(x, 1) == 0 else f"{x:+.1f}"


def render_table(t: Trend, out: TextIO, color: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, highlight=False, width=160, emoji=False)
    table = Table(show_lines=False, title_justify="left")
    for name, justify in (("date", "left"), ("commit", "left"), ("score", "right"), ("change", "right"),
                          ("docs", "right"), ("published", "right"), ("in progress", "right"), ("stale", "right"),
                          ("errors", "right"), ("warnings", "right"), ("suggestions", "right"),
                          ("phase mismatch", "right"), ("note", "left")):
        table.add_column(name, justify=justify, no_wrap=name != "note")
    last = None
    for p in t.points:
        if p["error"]:
            table.add_row(p["today"], p["short"], "", "", "", "", "", "", "", "", "", "", f"[red]{_plain(p['error'])}[/]"
                          if color else _plain(p["error"]))
            continue
        change = _signed(p["score"] - last) if last is not None else ""
        last = p["score"]
        f = p["findings"]
        table.add_row(p["today"], p["short"], f"{p['score']:.1f}%", change, str(p["documents"]), str(p["published"]),
                      str(p["in_progress"]), "?" if p["stale"] is None else str(p["stale"]),
                      *(str(f.get(s, 0)) for s in SEVERITIES), str(p["phase_mismatch"]), _plain(p["subject"])[:60])
    console.print(table)
    out.write("\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n")
    for line in header_lines(t):
        out.write(line + "\n")


def _plain(text: str) -> str:
    """Commit subjects and error notes come from the repository: no markup, no control characters."""
    from rich.markup import escape

    return escape("".join(ch if ch.isprintable() else " " for ch in str(text)))


def render_json(t: Trend, out: TextIO) -> None:
    json.dump(t.to_json(), out, indent=2, ensure_ascii=False)
    out.write("\n")


def csv_columns(points: list[dict[str, Any]]) -> list[str]:
    """Fixed columns, then one per stage, rule, and phase measure met in any point."""
    stages: list[str] = []
    rules: set[str] = set()
    phases: dict[str, set[str]] = {}
    for p in points:
        stages += [s for s in p["stages"] if s not in stages]
        rules.update(p["rules"])
        for phase, m in p["readability"].items():
            phases.setdefault(phase, set()).update(f"readability_{k}" for k in m)
        for phase, m in p["tone"].items():
            phases.setdefault(phase, set()).update(f"tone_{k}" for k in m)
    return (["commit", "date", "today", "subject", "config", "score", "score_basis", "documents", "published",
             "in_progress", "stale", "untagged", *COUNTS, "phase_mismatch"]
            + [f"stage_{s}" for s in stages] + [f"rule_{r}" for r in sorted(rules)]
            + [f"{phase}_{k}" for phase in phases for k in sorted(phases[phase], key=_measure_order)] + ["note"])


def _measure_order(k: str) -> tuple[int, str]:
    return (0 if k.removeprefix("readability_") in READABILITY else 1, k)


def csv_row(p: dict[str, Any], columns: list[str]) -> list[Any]:
    flat: dict[str, Any] = {k: p.get(k) for k in ("commit", "date", "today", "subject", "config", "score", "score_basis",
                                                  "documents", "published", "in_progress", "stale", "untagged",
                                                  "phase_mismatch")}
    flat["note"] = p["error"]
    flat.update({c: p["findings"].get(s) for c, s in zip(COUNTS, SEVERITIES)} if not p["error"] else {})
    flat.update({f"stage_{s}": v["published"] for s, v in p["stages"].items()})
    if not p["error"]:
        flat.update({f"rule_{r}": p["rules"].get(r, 0) for r in (c[5:] for c in columns if c.startswith("rule_"))})
    for phase, m in p["readability"].items():
        flat.update({f"{phase}_readability_{k}": v for k, v in m.items()})
    for phase, m in p["tone"].items():
        flat.update({f"{phase}_tone_{k}": v for k, v in m.items()})
    return ["" if flat.get(c) is None else flat[c] for c in columns]


def render_csv(t: Trend, out: TextIO) -> None:
    """One row per point, oldest first; an empty cell is "not known" (a point with an error, no review dates)."""
    w = csv.writer(out, lineterminator="\n")
    columns = csv_columns(t.points)
    w.writerow(columns)
    for p in t.points:
        w.writerow([_cell(v) for v in csv_row(p, columns)])


def _cell(v: Any) -> Any:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: commit subjects
    and notes come from the repository, so such text is quoted with a leading '."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v
