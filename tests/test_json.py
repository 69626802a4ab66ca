"""`planner lint --format json` matches its versioned contract (docs/json.md), checked against a
JSON Schema of it (planner/data/schemas/lint-output.schema.json), and its positions point
into the original files."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import CONTENT, doc


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((resources.files("planner") / "data" / "schemas" / "lint-output.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(report: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(report)]
    assert errors == []


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    """The JSON report of the example content, linted from its parent folder."""
    import os

    from click.testing import CliRunner

    from planner.cli import cli as group

    old = os.getcwd()
    os.chdir(CONTENT.parent)
    try:
        r = CliRunner().invoke(group, ["lint", "content", "--format", "json", "--fail-on", "none"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_example_content_report_matches_the_schema(example_report):
    assert_valid(example_report)
    assert example_report["schema_version"] == 1
    assert example_report["tool"]["name"] == "planner"
    assert example_report["summary"]["documents"] == len(example_report["documents"]) >= 45


def test_summary_counts_match_the_findings(example_report):
    for sev in ("error", "warning", "suggestion"):
        assert example_report["summary"][sev] == sum(1 for f in example_report["findings"] if f["severity"] == sev)


def test_paths_are_relative_with_forward_slashes(example_report):
    for rec in example_report["documents"] + example_report["findings"]:
        assert rec["path"].startswith("content/") and "\\" not in rec["path"]
        assert (CONTENT.parent / rec["path"]).is_file()


def test_every_position_lies_inside_its_file(example_report):
    for f in example_report["findings"]:
        lines = (CONTENT.parent / f["path"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= f["line"] <= f["end_line"] <= max(1, len(lines)), f
        assert f["column"] <= len(lines[f["line"] - 1]) + 1, f
        assert f["end_column"] <= len(lines[f["end_line"] - 1]) + 1, f


def test_quoted_sentences_start_where_their_position_says(example_report):
    """Each quoted sentence's first word is found at its reported line and column."""
    checked = 0
    for f in example_report["findings"]:
        lines = (CONTENT.parent / f["path"]).read_text(encoding="utf-8").splitlines()
        for s in f.get("sentences", []):
            first_word = s["text"].split()[0].strip("*_[`\"'(")
            at = lines[s["line"] - 1][s["column"] - 1:]
            assert at.lstrip("*_[`\"'(").startswith(first_word[:8]), (f["rule"], s, at[:40])
            checked += 1
    assert checked > 0


def test_documents_carry_their_tags(example_report):
    by_path = {d["path"]: d for d in example_report["documents"]}
    mis = by_path["content/get-started/your-first-report.md"]
    assert (mis["phase"], mis["stage"]) == ("buyer", "onboarding")  # the planted mis-tag, as written


def test_hostile_repo_report_still_matches_the_schema(repo, cli):
    repo.write("content/a.md", b"\xff\xfe not utf-8")
    repo.write("content/b.md", "---\n- a list\n---\nBody.\n")
    repo.write("content/c.md", "")
    repo.write("content/d.md", b"\x00\x01binary")
    repo.write("content/e.md", doc("onboarding", phase="buyer", reviewed="yesterday"))
    r = cli("lint", "--format", "json")
    assert r.exit_code == 1
    report = r.json()
    assert_valid(report)
    assert {d["path"] for d in report["documents"]} == {f"content/{n}.md" for n in "abcde"}


def test_file_names_with_control_characters_still_match_the_schema(repo, cli):
    repo.write("content/a\nb c.md", doc(stage="awarnes"))
    report = cli("lint", "--format", "json").json()
    assert_valid(report)
    assert {d["path"] for d in report["documents"]} == {"content/a\\x0ab c.md"}


def test_every_finding_says_why_it_matters_even_the_loaders(repo, cli):
    repo.write("content/a.md", b"\xff\xfe not utf-8")
    repo.write("content/b.md", "---\n- a list\n---\nBody.\n")
    findings = cli("lint", "--format", "json").json()["findings"]
    assert {f["rule"] for f in findings} == {"file-unreadable", "front-matter-invalid"}
    assert all(f.get("why") for f in findings)


def test_dates_and_yaml_values_serialise_as_plain_json(repo, cli):
    repo.write("content/a.md", doc("awareness", reviewed="2026-05-01", id="010", cta="no"))
    d = cli("lint", "--format", "json").json()["documents"][0]
    assert (d["reviewed"], d["id"], d["cta"]) == ("2026-05-01", "010", "no")


def test_findings_carry_every_contract_field(repo, cli):
    repo.write("content/a.md", doc("onboarding", phase="buyer"))
    f = cli("lint", "--format", "json").json()["findings"][0]
    for key in ("path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "evidence", "fix"):
        assert key in f
    assert (f["path"], f["line"], f["column"], f["rule"], f["severity"]) == ("content/a.md", 4, 1, "stage-phase-conflict", "error")
    assert f["evidence"] == ["phase: buyer", "stage: onboarding"] and f["fix"] == {"phase": "customer"}


def test_each_document_and_finding_is_one_line_of_the_report(repo, cli):
    repo.write("content/a.md", doc(stage="awarenes", title="Ünïcode “quotes” — dashes"))
    repo.write("content/b.md", doc(stage=None))
    text = cli("lint", "--format", "json", "--fail-on", "none").output
    report = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and lines[1] == '  "schema_version": 1,'
    records = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    {")]
    assert records == report["documents"] + report["findings"]
    assert len(report["findings"]) >= 2
    assert "Ünïcode “quotes” — dashes" in text  # UTF-8, not \u escapes
