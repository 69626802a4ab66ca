"""`planner tone`: the tone and readability profile of each document (and section)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from planner.cli.common import ContentPath, EXIT_OK, FormatChoice, audit_options, emit_rendered, output_option
from planner.cli.lint import report_journey_model, run_audit
from planner.tone import scales, targets_for

FORMATS = ["table", "json", "csv"]
SHORT = {"readability": "ease", "personalism": "you", "informality": "informal", "liveliness": "lively",
         "hype": "hype", "hedging": "hedge", "jargon": "jargon", "phase_emotion": "lean"}
SCHEMA_VERSION = 1


def _misses(scores: dict[str, Any], readability: dict[str, Any], t: dict[str, float]) -> set[str]:
    """Dimensions (and "grade") that miss the document's targets."""
    out = set()
    fre, grade = readability.get("flesch_reading_ease"), readability.get("grade")
    if fre is not None and fre < t.get("flesch_min", -1):
        out.add("readability")
    if grade is not None and grade > t.get("grade_max", 1e9):
        out.add("grade")
    for dim, key, worse in (("hype", "hype_max", 1), ("jargon", "jargon_max", 1), ("personalism", "personalism_min", -1)):
        if key in t and scores.get(dim) is not None and worse * (scores[dim] - t[key]) > 0:
            out.add(dim)
    return out


def records(audit, sections: bool) -> list[dict[str, Any]]:
    out = []
    for d in audit.documents:
        a = audit.analyses.get(d.relpath)
        tags = d.tags
        rec: dict[str, Any] = {"path": d.relpath, "title": tags.title if tags else None,
                               "phase": tags.phase if tags else None, "stage": tags.stage if tags else None,
                               "words": a.words if a else 0}
        if a is None or not a.tone:
            rec["skipped"] = "unreadable" if a is None else ("not English" if a.language != "en" else "no text")
            out.append(rec)
            continue
        t = targets_for(audit.config, rec["phase"], rec["stage"], tags.format if tags else None)
        rec.update(readability=a.readability, scores=a.tone["scores"], bands=a.tone["bands"], targets=t,
                   misses=sorted(_misses(a.tone["scores"], a.readability or {}, t)),
                   evidence={k: [{"text": e["text"], "line": d.prose_position(e["start"], e["end"])[0]} for e in ev]
                             for k, ev in a.tone["evidence"].items()})
        if a.tone.get("quoted"):  # what the scores leave out as someone else's words (docs/tone.md#quotations)
            rec["quoted"] = {k: a.tone["quoted"][k] for k in ("blocks", "words")}
        if sections:
            rec["sections"] = [{"heading": s["heading"], "line": s["line"], "words": s["words"],
                                "readability": scales.readability_summary(s["counts"]),
                                "scores": s["scores"], "bands": s["bands"]} for s in a.tone["sections"]]
        out.append(rec)
    return out


def _cell(rec: dict[str, Any], dim: str) -> str:
    v = rec["scores"].get(dim)
    return "-" if v is None else f"{v:.0f}" + ("!" if dim in rec["misses"] else "")


def render_table(recs: list[dict[str, Any]], out, color: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, highlight=False, width=200, emoji=False)
    n = len(recs)
    table = Table(title=f"Tone profile: {n} document{'' if n == 1 else 's'} (0-100 scales; ! misses the stage target)",
                  title_justify="left")
    table.add_column("document", overflow="fold")
    table.add_column("stage")
    table.add_column("grade", justify="right")
    for dim in scales.DIMENSIONS:
        table.add_column(SHORT[dim], justify="right")
    for rec in recs:
        if "scores" not in rec:
            table.add_row(rec["path"], rec["stage"] or "", "", f"skipped: {rec['skipped']}")
            continue
        grade = (rec["readability"] or {}).get("grade")
        g = "-" if grade is None else f"{grade:.1f}" + ("!" if "grade" in rec["misses"] else "")
        style = "bold red" if rec["misses"] and color else None
        table.add_row(rec["path"], rec["stage"] or "", g, *(_cell(rec, d) for d in scales.DIMENSIONS), style=style)
        for s in rec.get("sections", []):
            if not s["heading"] and s["words"] == 0:
                continue
            sg = s["readability"]["grade"]
            table.add_row(f"  § {s['heading'] or '(opening)'} ({s['words']} words)", "",
                          "-" if sg is None else f"{sg:.1f}",
                          *("-" if s["scores"].get(d) is None else f"{s['scores'][d]:.0f}" for d in scales.DIMENSIONS),
                          style="dim" if color else None)
    console.print(table)
    out.write("\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n")
    out.write("ease: Flesch reading ease (higher is easier); grade: Flesch-Kincaid; you: personalism (you/your "
              "against we/our); lean: phase emotion (0 buyer, 100 customer). `planner explain tone-drift` and "
              "`planner tone --format json` give the bands and the phrases behind each score.\n")


def render_csv(recs: list[dict[str, Any]], out) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["path", "section", "line", "stage", "words", "flesch_reading_ease", "grade", "sentence_mean",
                "long_share", *scales.DIMENSIONS, "misses"])
    for rec in recs:
        if "scores" not in rec:
            w.writerow([rec["path"], "", "", rec["stage"] or "", rec["words"], *[""] * (4 + len(scales.DIMENSIONS)),
                        f"skipped: {rec['skipped']}"])
            continue
        rows = [("", 1, rec["words"], rec["readability"] or {}, rec["scores"], ";".join(rec["misses"]))]
        rows += [(s["heading"] or "(opening)", s["line"], s["words"], s["readability"], s["scores"], "")
                 for s in rec.get("sections", [])]
        for heading, line, words, r, sc, misses in rows:
            w.writerow([rec["path"], heading, line, rec["stage"] or "", words, r.get("flesch_reading_ease"),
                        r.get("grade"), r.get("sentence_mean"), r.get("long_share"),
                        *(sc.get(d) for d in scales.DIMENSIONS), misses])


def render_json(recs: list[dict[str, Any]], out) -> None:
    payload = {"schema_version": SCHEMA_VERSION,
               "dimensions": {d: {"bands": [{"below": up, "band": name} for up, name in scales.BANDS[d]]}
                              for d in scales.DIMENSIONS},
               "documents": recs}
    json.dump(payload, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


@click.command("tone")
@click.argument("paths", nargs=-1, type=ContentPath())
@click.option("-f", "--format", "fmt", type=FormatChoice(FORMATS), default="table", show_default=True,
              help="table for people, json (with the phrases behind each score) or csv for spreadsheets.")
@click.option("--sections", is_flag=True, help="Also profile every heading-delimited section.")
@output_option
@audit_options
@click.pass_context
def tone_cmd(ctx: click.Context, paths: tuple[str, ...], fmt: str, sections: bool, output: Path | None,
             verbose: bool, no_cache: bool) -> None:
    """Show the tone and readability profile of each document.

    Every dimension is a 0-100 score with a named band: readability (Flesch reading
    ease, with the grade), personalism (you vs we), informality, liveliness, hype,
    hedging, jargon, and the phase-emotion lean (0 buyer, 100 customer). A `!`
    marks a score that misses the stage's target (tone.targets in planner.yml).
    PATHS are files or folders (default: content.paths from planner.yml, else ./content).

    \b
    Examples:
      planner tone                         every document, as a table
      planner tone content/help --sections one folder, section by section
      planner tone --format json           with the phrases behind each score
      planner tone --format csv -o tone.csv
    """
    audit = run_audit(ctx, paths, full=True, no_cache=no_cache, verbose=verbose)
    report_journey_model(audit, verbose=verbose)
    recs = records(audit, sections)
    emit_rendered(recs, fmt, output, json=render_json, csv=render_csv, table=render_table)
    ctx.exit(EXIT_OK)
