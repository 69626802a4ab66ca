"""Lint reporters: views of an Audit, one module per format, each with
``render(audit, out, *, color)``."""
from __future__ import annotations

from typing import Callable, TextIO


def reporters() -> dict[str, Callable]:
    """Every lint format, by name. Imported on first use: a run renders one format."""
    from planner.reporters import github, json_report, junit, markdown_report, sarif, text

    return {"text": text.render, "json": json_report.render, "sarif": sarif.render, "github": github.render,
            "junit": junit.render, "markdown": markdown_report.render}


def render(name: str, audit, out: TextIO, *, color: bool = False) -> None:
    reporters()[name](audit, out, color=color)
