"""`--format gitlab`: GitLab's code quality report (a subset of Code Climate's JSON), so
a merge request shows each finding on its diff, as ruff's ``--output-format gitlab``.

    [{"description": "...", "check_name": "phase-mismatch", "fingerprint": "...",
      "severity": "minor", "location": {"path": "content/pricing.md", "lines": {"begin": 14, "end": 14}}}]

Paths are repository-relative (GitLab matches them against the diff) and the
fingerprint is the finding's own (the baseline's and SARIF's), which does not move
with line numbers, so GitLab tells new findings from ones already on the target branch.
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from planner.reporters.ci_common import repository_prefix, shown
from planner.textsafe import json_safe

# GitLab's severities: info, minor, major, critical, blocker
SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}


def issue(f, prefix: str) -> dict[str, Any]:
    end = f.end_line if f.end_line is not None and f.end_line >= f.line else f.line
    return {"description": f"{f.message} [{f.rule}]", "check_name": f.rule, "fingerprint": f.fingerprint,
            "severity": SEVERITY.get(f.severity, "minor"),
            "location": {"path": f.path if f.path.startswith("/") else prefix + f.path,
                         "lines": {"begin": max(1, f.line), "end": max(1, end)}}}


def render(audit, out: TextIO, *, color: bool = False) -> None:
    prefix = repository_prefix(audit)
    out.write(json_safe(json.dumps([issue(f, prefix) for f in shown(audit)], ensure_ascii=False, indent=2)) + "\n")
