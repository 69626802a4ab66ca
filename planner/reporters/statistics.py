"""`planner lint --statistics`: how many findings each rule has, most first (as ruff's
``--statistics``), in text or JSON: where an estate's problems concentrate, for a team
deciding what to fix, configure or baseline first."""
from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

import click

from planner.model import SEVERITY_RANK
from planner.reporters.ci_common import shown
from planner.reporters.text import SEVERITY_COLOURS, summary_line

FORMATS = ("text", "json")


def statistics(audit) -> list[dict[str, Any]]:
    """[{rule, severity, count}] of the findings that count (not baselined), most first,
    then the most severe, then by rule id."""
    counts = Counter((f.rule, f.severity) for f in shown(audit))
    order = sorted(counts.items(), key=lambda kv: (-kv[1], -SEVERITY_RANK.get(kv[0][1], 0), kv[0][0]))
    return [{"rule": rule, "severity": severity, "count": n} for (rule, severity), n in order]


def render(fmt: str, audit, out: TextIO, *, color: bool = False) -> None:
    rows = statistics(audit)
    if fmt == "json":
        from planner.reporters.json_report import audit_json, write_json

        data = audit_json(audit, records=False)
        write_json({"schema_version": data["schema_version"], "tool": data["tool"], "summary": data["summary"],
                    "statistics": rows}, out)
        return
    width = max((len(str(r["count"])) for r in rows), default=1)
    for r in rows:
        severity = click.style(r["severity"].ljust(10), fg=SEVERITY_COLOURS.get(r["severity"], "cyan")) \
            if color else r["severity"].ljust(10)
        out.write(f"{str(r['count']).rjust(width)}  {severity} {r['rule']}\n")
    out.write(summary_line(audit) + "\n")
