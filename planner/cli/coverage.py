"""`planner coverage` (stages x an axis, as a heatmap) and `planner plan` (the ranked backlog)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from planner.cli.common import (ContentPath, EXIT_FINDINGS, EXIT_OK, FormatChoice, PlannerError, audit_options, emit,
                                output_option, use_color)
from planner.cli.lint import report_journey_model, run_audit
from planner.coverage import AXES, axis_field, coverage_matrix, exact_score
from planner.plan import build_plan

SYMBOLS = {"gap": "✗", "thin": "~", "covered": "✓", "crowded": "≡"}
STYLES = {"gap": "bold white on red", "thin": "black on yellow", "covered": "black on green", "crowded": "white on blue"}
FORMATS = ["table", "json", "csv", "markdown"]


def _symbol(band: str) -> str:
    return SYMBOLS.get(band, band[:1])


def _legend(m: dict[str, Any]) -> str:
    bands = list(m["bands"].items())
    parts = []
    for i, (name, low) in enumerate(bands):
        high = bands[i + 1][1] - 1 if i + 1 < len(bands) else None
        rng = f"{low}" if high == low else f"{low}–{high}" if high is not None else f"{low}+"
        parts.append(f"{_symbol(name)} {name} {rng}" + (" (possible duplication)" if name == "crowded" else ""))
    unknown = "   ? unknown value, outside the score" if m["unknown_columns"] else ""
    return "  ".join(parts) + f"   +N in progress   !N stale (reviewed over {m['stale_days']} days ago){unknown}"


def _cell_text(c: dict[str, Any]) -> str:
    # a column outside the score (an unknown value) is counted, not judged: no band symbol
    s = f"{_symbol(c['band'])} {c['published']}" if c.get("scored", True) else f"{c['published']}"
    if c["in_progress"]:
        s += f" +{c['in_progress']}"
    if c["stale"]:
        s += f" !{c['stale']}"
    return s


ALL = "all documents"


def _header(col: str, m: dict[str, Any]) -> str:
    return f"{col} ?" if col in m["unknown_columns"] else col


def _columns(m: dict[str, Any]) -> list[str]:
    """The columns shown: one column of stage totals when nobody tags the axis."""
    return [ALL] if m.get("axis_missing") else m["columns"]


def _rows(m: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(phase shown on its first stage only, stage, cells in column order)."""
    by = {(c["stage"], c["column"]): c for c in m["cells"]}
    rows, last = [], None
    for s in m["stages"]:
        if m.get("axis_missing"):
            t = m["stage_totals"][s["stage"]]
            stale = sum(c["stale"] for c in m["cells"] if c["stage"] == s["stage"])
            cells = [{**t, "stale": stale, "scored": True}]
        else:
            cells = [by[(s["stage"], col)] for col in m["columns"]]
        rows.append((s["phase"] if s["phase"] != last else "", s["stage"], cells))
        last = s["phase"]
    return rows


def score_line(m: dict[str, Any]) -> str:
    basis = (f"weighted share of stages with at least {m['min_per_cell']} published document{'s' if m['min_per_cell'] != 1 else ''}; "
             f"by stage only: no published document has `{axis_field(m['axis'])}`") if m.get("axis_missing") else \
        f"weighted share of cells with at least {m['min_per_cell']} published document{'s' if m['min_per_cell'] != 1 else ''}"
    return f"Score: {m['score']:.1f}% ({basis})"


def stale_text(t: dict[str, Any]) -> str:
    """Stale is only known for pages with a review date."""
    if not t.get("dated") or t.get("stale") is None:
        return "stale unknown (no published document has a `reviewed` date)"
    undated = t["published"] - t["dated"]
    return f"{t['stale']} stale" + (f" ({undated} published without a `reviewed` date)" if undated else "")


def check_lines(checks: list[dict[str, Any]]) -> list[str]:
    """One line per journey problem; bridge checks grouped by topic or persona."""
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()
    for c in checks:
        if c["check"] != "handoff-bridge":
            lines.append(f"{c['check']}: {c['message']} ({c['path']})")
            continue
        key = (c["axis"], c["value"])
        if key in seen:
            continue
        seen.add(key)
        docs = c["documents"]
        lines.append(f"handoff-bridge: {c['axis']} '{c['value']}' has decision content but no published {c['stage']} "
                     f"content ({', '.join(docs[:3])}{', ...' if len(docs) > 3 else ''})")
    return lines


def stage_totals(m: dict[str, Any]) -> dict[str, str]:
    """Distinct documents per stage (a document with two roles counts once)."""
    return {s: f"{t['published']}" + (f" +{t['in_progress']}" if t["in_progress"] else "") for s, t in m["stage_totals"].items()}


def _summary_lines(m: dict[str, Any], top: int = 5) -> list[str]:
    t = m["totals"]
    lines = [score_line(m),
             f"Confidence: {m['confidence']['level']} ({m['confidence']['message']})",
             f"Health: {t['healthy']} of {t['published']} published documents have no error or warning findings of their own "
             f"(journey checks aside); "
             f"{stale_text(t)}; {t['in_progress']} in progress"]
    low = [b for b, _ in sorted(m["bands"].items(), key=lambda kv: kv[1])[:2]]
    thin = [f"{s} ({t['published']} published)" for s, t in m["stage_totals"].items() if t["band"] in low]
    if thin:
        lines.append("Thin stages: " + ", ".join(thin))
    warnings = [f"Warning: {w}" for w in m["warnings"]]
    if m.get("axis_missing"):  # the first thing to read: the matrix cannot be judged by this axis
        lines.insert(0, warnings.pop(0))
    lines += warnings
    if m["untagged"]:
        lines.append(f"Untagged ({len(m['untagged'])}, not counted):")
        lines += [f"  {u['path']}: {u['reason']}" for u in m["untagged"]]
    if m["checks"]:
        lines.append("Journey checks:")
        lines += [f"  {line}" for line in check_lines(m["checks"])]
    if m["gaps"]:
        lines.append(f"Top gaps ({len(m['gaps'])}):")
        lines += [f"  {g['stage']}{'' if m.get('axis_missing') else ' × ' + g['column']} (weight {g['weight']:g})" for g in m["gaps"][:top]]
        if len(m["gaps"]) > top:
            lines.append(f"  ... and {len(m['gaps']) - top} more")
    else:
        lines.append("No gaps: every scored cell reaches min_per_cell.")
    lines.append("Next: `planner plan` ranks what to write or fix first.")
    return lines


def render_table(m: dict[str, Any], out, color: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    import shutil

    # output goes through a buffer, so rich cannot see the terminal: tell it the width
    width = max(shutil.get_terminal_size((160, 24)).columns, 100) if color else 160
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, highlight=False, width=width, emoji=False)
    t = m["totals"]
    by = f"stage only (no published document has `{axis_field(m['axis'])}`)" if m.get("axis_missing") else m["axis"]
    title = f"Coverage by {by}: {t['published']} published, {t['in_progress']} in progress, as of {m['today']}"
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("phase", style="bold")
    table.add_column("stage", no_wrap=True)
    for col in _columns(m):
        table.add_column(_header(col, m), justify="center")
    table.add_column("stage total", justify="right", style="dim")
    totals = stage_totals(m)
    last = None
    for phase, stage, cells in _rows(m):
        if phase and last is not None:
            table.add_section()
        last = phase or last
        row = [phase, stage]
        for c in cells:
            row.append(Text(f" {_cell_text(c)} ", style=STYLES.get(c["band"], "") if color and c["scored"] else ""))
        row.append(totals[stage])
        table.add_row(*row)
    console.print(table)
    out.write("\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n")
    # plain writes: long lines wrap in the reader's terminal, not at an assumed width
    out.write(_legend(m) + "\n\n")
    for line in _summary_lines(m):
        out.write(line + "\n")


def render_markdown(m: dict[str, Any], out) -> None:
    t = m["totals"]
    out.write(f"## Coverage by {m['axis']}\n\n")
    out.write(f"**Score {m['score']:.1f}%**{' by stage only' if m.get('axis_missing') else ''} · confidence {m['confidence']['level']} · "
              f"{t['published']} published, {t['in_progress']} in progress, {stale_text(t)} · as of {m['today']}\n\n")
    out.write("| phase | stage | " + " | ".join(_header(c, m) for c in _columns(m)) + " |\n")
    out.write("|---|---|" + "---|" * len(_columns(m)) + "\n")
    for phase, stage, cells in _rows(m):
        out.write(f"| {phase} | {stage} | " + " | ".join(_cell_text(c) for c in cells) + " |\n")
    out.write(f"\n{_legend(m)}\n\n")
    for line in _summary_lines(m)[1:]:
        out.write(("  - " + line.strip() if line.startswith("  ") else "- " + line) + "\n")


def render_csv(m: dict[str, Any], out) -> None:
    w = csv.writer(out, lineterminator="\n")
    # `documents` is every page in the cell, published first (as in the JSON); the last
    # column names the in-progress ones, so `published` and the list can be told apart
    w.writerow(["phase", "stage", "column", "published", "in_progress", "healthy", "stale", "band", "scored", "weight", "documents",
                "in_progress_documents"])
    for c in m["cells"]:
        w.writerow([c["phase"], c["stage"], c["column"], c["published"], c["in_progress"], c["healthy"], c["stale"],
                    c["band"], "yes" if c["scored"] else "no", c["weight"], ";".join(c["documents"]),
                    ";".join(c["in_progress_documents"])])


def _empty_message(audit, paths: tuple[str, ...]) -> str:
    where = ", ".join(paths) if paths else ", ".join(audit.config["content"]["paths"])
    return (f"No content documents found in {where}: nothing to map yet. "
            f"Start with `planner new \"Title\" --stage awareness --role end-user`.")


def _today(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlannerError(f"--today is {value!r}; expected a date like 2026-05-01") from None


_paths = click.argument("paths", nargs=-1, type=ContentPath())
_today_opt = click.option("--today", "today", metavar="DATE", help="Judge staleness as of this date (default: today).")


class Percent(click.FloatRange):
    """A percentage from 0 to 100, with or without its sign (`--fail-under 80%`, as
    coverage.py's own gate is often written)."""

    def __init__(self) -> None:
        super().__init__(0, 100)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.strip().endswith("%"):
            value = value.strip()[:-1]
        return super().convert(value, param, ctx)


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """FloatRange lets nan through (every comparison with it is false): a gate that
    can never fail is a usage error."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a percentage between 0 and 100", ctx, param)
    return value


def _percent_under(score: float, limit: float) -> str:
    """The score with just enough decimals to show it is under ``limit`` (89.58, not 89.6)."""
    for digits in range(1, 7):
        if round(score, digits) < limit:
            return f"{score:.{digits}f}"
    return repr(score)


@click.command("coverage")
@_paths
@click.option("--by", "axis", type=click.Choice(AXES), default=None,
              help="Columns of the matrix (default: coverage.axis, else role).")
@click.option("-f", "--format", "fmt", type=FormatChoice(FORMATS), default="table", show_default=True,
              help="table for people, json/csv for scripts, markdown for PR comments.")
@click.option("--fail-under", type=Percent(), metavar="PERCENT", callback=_finite,
              help="Exit 1 when the coverage score is below PERCENT (a CI gate).")
@output_option
@_today_opt
@audit_options
@click.pass_context
def coverage_cmd(ctx: click.Context, paths: tuple[str, ...], axis: str | None, fmt: str, fail_under: float | None,
                 output: Path | None, today: str | None, verbose: bool, no_cache: bool) -> None:
    """Map published content onto the journey: stages x roles (or --by persona,
    format, owner, topic), with the weighted score, journey checks and top gaps.
    PATHS are files or folders (default: content.paths from planner.yml, else ./content).

    \b
    Examples:
      planner coverage                      heatmap of the content folder
      planner coverage --by topic           stages x topics
      planner coverage --format json        the versioned coverage JSON
      planner coverage --fail-under 80      CI: exit 1 below 80%
    """
    day = _today(today)
    audit = run_audit(ctx, paths, no_cache=no_cache, verbose=verbose)
    report_journey_model(audit, verbose=verbose)
    m = coverage_matrix(audit, axis, today=day)
    empty = not audit.documents
    buf = io.StringIO()
    if fmt == "json":
        json.dump(m, buf, indent=2, ensure_ascii=False)
        buf.write("\n")
    elif fmt == "csv":
        render_csv(m, buf)
    elif empty:
        buf.write(_empty_message(audit, paths) + "\n")
    elif fmt == "markdown":
        render_markdown(m, buf)
    else:
        render_table(m, buf, output is None and use_color(sys.stdout))
    emit(buf.getvalue(), output)
    if empty and fmt in ("json", "csv"):
        click.echo(_empty_message(audit, paths), err=True)
    exact = exact_score(audit, axis, today=day)
    if fail_under is not None and exact < fail_under:
        click.echo(f"planner: coverage score {_percent_under(exact, fail_under)}% is under --fail-under {fail_under:g}%", err=True)
        ctx.exit(EXIT_FINDINGS)
    ctx.exit(EXIT_OK)


# --------------------------------------------------------------------------- plan

def render_plan_text(items: list[dict[str, Any]], out, color: bool, total: int) -> None:
    def style(s: str, **kw) -> str:
        return click.style(s, **kw) if color else s

    kind_colour = {"tag": "red", "fix": "red", "bridge": "magenta", "gap": "yellow", "thin": "yellow", "review": "cyan", "crowded": "blue"}
    for i in items:
        head = f"{i['rank']:>3}. {style(('[' + i['kind'] + ']').ljust(10), fg=kind_colour.get(i['kind']))}{i['title']}"
        prio = "(priority " + format(i["priority"], "g") + ")"
        out.write(f"{head}  {style(prio, dim=True)}\n")
        out.write(f"       why: {i['why']}\n")
        sug = i["suggested"]
        if sug.get("format"):
            out.write(f"       suggest: {sug['format']}, owned by {sug.get('owner') or '-'}\n")
        elif sug.get("owner"):
            out.write(f"       owner: {sug['owner']}\n")
        if i["command"]:
            out.write(f"       $ {i['command']}\n")
        elif i["kind"] == "tag":  # nothing to run: name the pages to edit
            out.write(f"       pages: {_some(i['documents'])}\n")
    if total > len(items):
        out.write(f"\n{len(items)} of {total} items shown; --limit {total} for all.\n")
    elif not items:
        out.write("Nothing to do: no gaps, no findings to fix, nothing stale.\n")


def _some(paths: list[str], n: int = 5) -> str:
    return ", ".join(paths[:n]) + (f" and {len(paths) - n} more" if len(paths) > n else "")


def render_plan_markdown(items: list[dict[str, Any]], out) -> None:
    out.write("## Content plan\n\n| # | kind | what | why | next step |\n|---|---|---|---|---|\n")
    for i in items:
        nxt = (f"`{i['command']}`" if i["command"] else f"edit {_some(i['documents'])}" if i["kind"] == "tag"
               else f"{i['suggested'].get('owner') or ''}".strip() or "-")
        cells = [str(i["rank"]), i["kind"], i["title"], i["why"], nxt]
        out.write("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")


def render_plan_csv(items: list[dict[str, Any]], out) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["rank", "kind", "priority", "phase", "stage", "axis", "column", "path", "title", "why", "format", "owner", "command"])
    for i in items:
        w.writerow([i["rank"], i["kind"], i["priority"], i["phase"] or "", i["stage"] or "", i["axis"] or "", i["column"] or "",
                    i["path"] or "", i["title"], i["why"], i["suggested"].get("format") or "", i["suggested"].get("owner") or "",
                    i["command"] or ""])


@click.command("plan")
@_paths
@click.option("-f", "--format", "fmt", type=FormatChoice(FORMATS), default="table", show_default=True,
              help="table for people, json/csv for scripts, markdown for PR comments.")
@click.option("-n", "--limit", type=click.IntRange(min=0), default=None, help="Show the first N items only.")
@click.option("--by", "axis", type=click.Choice(AXES), default=None, help="Axis for the gaps (default: coverage.axis, else role).")
@output_option
@_today_opt
@audit_options
@click.pass_context
def plan_cmd(ctx: click.Context, paths: tuple[str, ...], fmt: str, limit: int | None, axis: str | None,
             output: Path | None, today: str | None, verbose: bool, no_cache: bool) -> None:
    """What to write or fix next, in order: coverage gaps, the decision-to-onboarding
    bridge, documents with findings, stale documents, crowded cells. Each item says
    why it ranks there, suggests a format and an owner, and gaps come with a ready
    `planner new` command. PATHS are files or folders (default: content.paths from
    planner.yml, else ./content).

    \b
    Examples:
      planner plan --limit 10
      planner plan --format markdown > plan.md
    """
    day = _today(today)
    audit = run_audit(ctx, paths, no_cache=no_cache, verbose=verbose)
    report_journey_model(audit, verbose=verbose)
    every = build_plan(audit, axis=axis, today=day)
    items = every if limit is None else every[:limit]
    buf = io.StringIO()
    if fmt == "json":
        m = coverage_matrix(audit, axis, today=day)
        json.dump({"schema_version": 1, "axis": m["axis"], "today": m["today"], "total": len(every), "items": items},
                  buf, indent=2, ensure_ascii=False)
        buf.write("\n")
    elif fmt == "csv":
        render_plan_csv(items, buf)
    elif not audit.documents:
        buf.write(_empty_message(audit, paths) + "\n")
    elif fmt == "markdown":
        render_plan_markdown(items, buf)
    else:
        render_plan_text(items, buf, output is None and use_color(sys.stdout), len(every))
    emit(buf.getvalue(), output)
    ctx.exit(EXIT_OK)
