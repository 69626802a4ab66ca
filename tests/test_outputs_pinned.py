"""The lint reports of the example estate (content/) are pinned byte for byte, so a
change to the engine, the cache or a reporter cannot move them unnoticed.

A change meant to alter findings (rule logic, lexicons, the model) updates the pinned
files on purpose: ``PLANNER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_outputs_pinned.py``,
then review the diff of tests/golden/ like any other change.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {"content-lint.json": ("--format", "json"), "content-lint-verbose.txt": ("--format", "text", "-v")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_estate_report_matches_the_pinned_one(name, cli, monkeypatch):
    monkeypatch.chdir(REPO)
    out = cli("lint", "content", *CASES[name], "--fail-on", "none", "--no-cache").output
    path = GOLDEN / name
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
