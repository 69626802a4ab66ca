"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::group::content/pricing.md
    ::warning file=content/pricing.md,line=14,endLine=14,col=1,endColumn=48,title=phase-mismatch::message
    ::endgroup::

Annotations appear on the pull request's diff. When ``$GITHUB_STEP_SUMMARY`` is set,
the compact Markdown report is appended to the job summary as well.
"""
from __future__ import annotations

import os
from itertools import groupby
from typing import TextIO

from planner.discovery import name_bytes
from planner.reporters.ci_common import GITHUB_LEVEL, explained, shown
from planner.textsafe import visible


def escape_data(s: str) -> str:
    """Workflow-command data: line breaks encoded, other controls shown (never obeyed by the log)."""
    return visible(s, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(f) -> str:
    # the name's own characters (a newline in it encoded as %0A, as GitHub decodes it), so the
    # annotation lands on the file; bytes that are not UTF-8 stay shown as \xNN
    name = name_bytes(f.path).decode("utf-8", "backslashreplace")
    props = [("file", name), ("line", str(f.line))]
    end_line = f.end_line if f.end_line is not None else f.line
    props.append(("endLine", str(end_line)))
    props.append(("col", str(f.column)))
    if f.end_column is not None:
        props.append(("endColumn", str(f.end_column)))
    props.append(("title", f"{f.rule} ({f.severity})"))
    message = explained(f)
    body = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{GITHUB_LEVEL.get(f.severity, 'warning')} {body}::{escape_data(message)}"


def write_step_summary(audit) -> None:
    """Append the Markdown report to the job summary page (GitHub appends, so we do)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    import io

    from planner.reporters.markdown_report import render as markdown

    buf = io.StringIO()
    markdown(audit, buf)
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(buf.getvalue() + "\n")
    except OSError:
        pass  # a summary is a courtesy; the annotations are the report


def render(audit, out: TextIO, *, color: bool = False) -> None:
    if not audit.documents and not audit.extras.get("force_excluded"):
        # a gate that checked nothing passes: say it where the run's page shows it, not only in the log
        out.write(f"::warning title={escape_property('planner checked no documents')}::" + escape_data(
            "no content file was found (content.paths, content.include, the PATHs given); the step passed "
            "without checking anything") + "\n")
    for path, group in groupby(shown(audit), key=lambda f: f.path):
        out.write(f"::group::{escape_data(path)}\n")
        for f in group:
            out.write(command(f) + "\n")
        out.write("::endgroup::\n")
    from planner.reporters.text import summary_line

    out.write(summary_line(audit) + "\n")
    write_step_summary(audit)
