"""`--format concise`: one finding per line, ``path:line:col: severity: message [rule]``,
the compiler-style line editors' error lists and `grep` read without configuration
(Vim's default 'errorformat', Emacs' compilation mode, and the errors and warnings in
VS Code's ``$gcc`` problem matcher), as ruff's ``--output-format concise`` and Vale's
``--output=line``; then the summary line."""
from __future__ import annotations

from typing import TextIO

from planner.reporters.ci_common import shown
from planner.reporters.text import clean, summary_line


def line(f) -> str:
    """One finding as its line (names and messages with control characters shown escaped)."""
    return f"{clean(f.path)}:{f.line}:{f.column}: {f.severity}: {clean(f.message)} [{f.rule}]"


def render(audit, out: TextIO, *, color: bool = False) -> None:
    for f in shown(audit):
        out.write(line(f) + "\n")
    out.write(summary_line(audit) + "\n")
