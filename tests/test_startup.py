"""What a one-file `planner lint` leaves out of its start-up stays out (each was a
measurable part of it), and the shortcuts give what the long way gave."""
from __future__ import annotations

import random
import subprocess
import sys

import numpy

from planner.nlp import sorted_ids

# Imported by nothing a lint runs: spaCy's command line (typer, weasel, requests, httpx,
# jinja2), textstat (planner counts syllables itself) and numpy's masked arrays.
NOT_AT_START_UP = ("typer", "weasel", "requests", "httpx", "jinja2", "textstat", "numpy.ma", "spacy.cli.download")

SMALL_PAGE = """---
title: Your first week
stage: onboarding
roles: [end-user]
---
Welcome aboard. Set up your workspace, invite your team and plan your first week.
"""

CONSOLE = f"""
import os, sys
real_exit = os._exit
def leave(code):
    names = [m for m in {NOT_AT_START_UP!r} if m in sys.modules]
    sys.stderr.write("\\nIMPORTED " + " ".join(names) + "\\n")
    real_exit(code)
os._exit = leave
sys.argv = ["planner", "lint", "--no-cache", "--fail-on", "none"]
from planner.__main__ import main
main()
"""


def test_one_file_lint_imports_no_command_line_libraries(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "first-week.md").write_text(SMALL_PAGE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", CONSOLE], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "1 document" in out.stdout
    assert out.stderr.rstrip().splitlines()[-1] == "IMPORTED"


def test_sorted_ids_are_numpys_unique_keys():
    rng = random.Random(7)
    for n in (0, 1, 2, 50, 3000):
        ids = [rng.getrandbits(64) for _ in range(n)] + ([0, 2**63, 2**64 - 1] if n > 1 else [])
        ids += ids[: n // 2]
        got, want = sorted_ids(iter(ids)), numpy.unique(numpy.fromiter(ids, dtype="uint64"))
        assert got.dtype == want.dtype and got.tolist() == want.tolist()
