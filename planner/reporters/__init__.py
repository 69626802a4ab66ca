"""Lint reporters: views of an Audit, one module per format, each with
``render(audit, out, *, color)``."""
from __future__ import annotations

import importlib
from typing import TextIO

# format -> the module that renders it, imported on use: a run renders one format
FORMATS: dict[str, str] = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github",
                           "junit": "junit", "markdown": "markdown_report", "concise": "concise",
                           "gitlab": "gitlab"}


def reporters() -> tuple[str, ...]:
    """Every lint format's name."""
    return tuple(FORMATS)


def render(name: str, audit, out: TextIO, *, color: bool = False) -> None:
    importlib.import_module(f"planner.reporters.{FORMATS[name]}").render(audit, out, color=color)
