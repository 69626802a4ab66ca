"""`--format markdown`: a compact table for a pull-request comment or a job summary."""
from __future__ import annotations

import re
from typing import TextIO

from planner.reporters.ci_common import rule_url, shown
from planner.textsafe import visible

MAX_ROWS = 50  # a PR comment is read, not scrolled; the rest is one command away
_ICON = {"error": "🔴 error", "warning": "🟡 warning", "suggestion": "🔵 suggestion"}


def cell(text: str) -> str:
    """Table-safe: pipes escaped, newlines folded, long messages cut."""
    text = visible(" ".join(str(text).split())).replace("|", "\\|")
    return text if len(text) <= 160 else text[:157] + "…"


def code(text: str) -> str:
    """``text`` as an inline code span in a table cell: fenced with one backtick more
    than its longest run of them (CommonMark), so a file name holding a backtick stays
    one span and is shown as it is."""
    text = cell(text)
    run = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(audit, out: TextIO, *, color: bool = False) -> None:
    findings = shown(audit)
    c = audit.counts()
    docs = len(audit.documents)
    out.write("### planner content lint\n\n")
    if not findings:
        out.write(f"✅ No problems in {docs} document{'s' if docs != 1 else ''}.\n")
    else:
        out.write(f"**{c['error']}** errors · **{c['warning']}** warnings · **{c['suggestion']}** suggestions "
                  f"in {docs} document{'s' if docs != 1 else ''}\n\n")
        out.write("| | File | Line | Rule | Message |\n|---|---|---:|---|---|\n")
        for f in findings[:MAX_ROWS]:
            url = rule_url(audit.config, f.rule)
            rule = f"[`{f.rule}`]({url})" if url else f"`{f.rule}`"
            out.write(f"| {_ICON.get(f.severity, f.severity)} | {code(f.path)} | {f.line} | {rule} | {cell(f.message)} |\n")
        if len(findings) > MAX_ROWS:
            out.write(f"\n…and {len(findings) - MAX_ROWS} more. Run `planner lint` locally for the full list.\n")
    notes = []
    baselined = sum(1 for f in audit.findings if f.baseline)
    if baselined:
        notes.append(f"{baselined} known finding{'s' if baselined != 1 else ''} accepted by the baseline")
    if audit.baseline_stale:
        n = len(audit.baseline_stale)
        notes.append(f"{n} baseline entr{'ies' if n != 1 else 'y'} fixed — shrink it with `planner lint --update-baseline`")
    if audit.suppressed:
        notes.append(f"{len(audit.suppressed)} suppressed inline")
    if notes:
        out.write("\n_" + "; ".join(notes) + "._\n")
