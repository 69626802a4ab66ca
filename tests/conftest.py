"""Shared fixtures: small content repositories on disk and an in-process CLI runner."""
from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
DEV_CORPUS = REPO.parent / "shared" / "corpus" / "dev"


def doc(stage: str | None = "awareness", body: str = "Some words about planning.\n", **fields) -> str:
    """A Markdown document with front matter built from keyword fields."""
    fm = {"title": fields.pop("title", "A title")}
    if stage is not None:
        fm["stage"] = stage
    fm.update(fields)
    lines = ["---"]
    for k, v in fm.items():
        if isinstance(v, list):
            lines.append(f"{k}: [{', '.join(v)}]")
        else:
            lines.append(f"{k}: {v}")
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A content repository in a temporary folder, as the working directory.

    ``repo.write("content/a.md", text)`` adds a file; ``repo.config(yaml_text)`` writes
    planner.yml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()

    class Repo:
        root = tmp_path

        def write(self, rel: str, text: str | bytes) -> Path:
            p = tmp_path / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                p.write_bytes(text)
            else:
                p.write_text(text, encoding="utf-8")
            return p

        def config(self, text: str) -> Path:
            return self.write("planner.yml", textwrap.dedent(text))

    return Repo()


class Result:
    def __init__(self, r):
        self.exit_code, self.output, self.stderr = r.exit_code, r.stdout, r.stderr
        self.exception = r.exception

    def json(self):
        return json.loads(self.output)


@pytest.fixture
def cli(monkeypatch):
    """Run `planner ARGS...` in-process; returns exit_code, output (stdout), stderr."""
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        from planner.cli import cli as group

        r = runner.invoke(group, list(args), input=input, catch_exceptions=False)
        return Result(r)

    return run
