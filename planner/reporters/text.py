"""`--format text`: grouped by file, `line:col  severity  rule  message`, a summary line."""
from __future__ import annotations

from itertools import groupby
from typing import TextIO

import click

from planner.reporters.ci_common import todo
from planner.textsafe import visible

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "suggestion": "cyan"}


def clean(text: str) -> str:
    """``text`` safe for one terminal line: control characters become visible escapes
    (so a file cannot colour, move or clear the terminal, nor split one finding in two)."""
    return visible(str(text).replace("\t", " ").replace("\n", "\\n").replace("\r", "\\r"))


def summary_line(audit) -> str:
    c = audit.counts()
    total = sum(c.values())
    docs = len(audit.documents)
    noun = "document" if docs == 1 else "documents"
    if not total:
        return f"✔ no problems in {docs} {noun}"
    parts = [f"{c[s]} {s}{'' if c[s] == 1 else 's'}" for s in ("error", "warning", "suggestion")]
    return f"✖ {total} problem{'' if total == 1 else 's'} ({', '.join(parts)}) in {docs} {noun}"


def render(audit, out: TextIO, *, color: bool = False) -> None:
    def style(s: str, **kw) -> str:
        return click.style(s, **kw) if color else s

    shown = [f for f in audit.findings if not f.baseline]
    for path, group in groupby(shown, key=lambda f: f.path):
        out.write(style(clean(path), underline=True) + "\n")
        for f in group:
            pos = f"{f.line}:{f.column}".ljust(8)
            sev = style(f.severity.ljust(10), fg=SEVERITY_COLOURS.get(f.severity))
            out.write(f"  {pos}{sev} {style(f.rule.ljust(21), dim=True)} {clean(f.message)}\n")
            if audit.extras.get("verbose"):
                for s in f.sentences[:3]:
                    out.write(f"  {'':8}{'':10} {style('>', dim=True)} {s['line']}: {clean(s['text'])}\n")
                if f.why:
                    out.write(f"  {'':8}{'':10} {style('why:', bold=True)} {clean(f.why)}\n")
                if todo(f):
                    out.write(f"  {'':8}{'':10} {style('do:', bold=True)} {clean(todo(f))}\n")
        out.write("\n")
    line = summary_line(audit)
    c = audit.counts()
    fg = "red" if c["error"] else "yellow" if c["warning"] else "green" if not sum(c.values()) else "cyan"
    out.write(style(line, fg=fg, bold=True) + "\n")
    baselined = sum(1 for f in audit.findings if f.baseline)
    if baselined:
        out.write(f"  ({baselined} known finding{'s' if baselined != 1 else ''} hidden by the baseline)\n")
    if audit.suppressed:
        out.write(f"  ({len(audit.suppressed)} suppressed inline)\n")
