"""The command line as a user meets it: exit codes, the text format, colour, `planner
new`, `planner schema`, `planner rules` / `explain`, and one-line errors."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import jsonschema
import pytest

from planner.loader import load_document
from tests.conftest import CONTENT, doc

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def tree_hashes(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``root`` with its content hash and mtime."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.relative_to(root).as_posix()] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


# --------------------------------------------------------------------------- exit codes

def test_exit_0_when_clean(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint")
    assert r.exit_code == 0 and "no problems in 1 document" in r.output


def test_exit_1_on_an_error_finding(repo, cli):
    repo.write("content/a.md", doc(None))
    assert cli("lint").exit_code == 1


@pytest.mark.parametrize("severity, fail_on, code", [
    ("warning", "error", 0), ("warning", "warning", 1), ("warning", "suggestion", 1),
    ("suggestion", "warning", 0), ("suggestion", "suggestion", 1),
    ("error", "none", 0), ("error", "error", 1),
])
def test_fail_on_levels(repo, cli, severity, fail_on, code):
    repo.config(f"rules:\n  tag-missing: {severity}\n")
    repo.write("content/a.md", doc(None))
    assert cli("lint", "--fail-on", fail_on).exit_code == code


def test_exit_2_for_a_missing_path(repo, cli):
    r = cli("lint", "content/nope.md")
    assert r.exit_code == 2 and "nope.md" in r.stderr


def test_configured_content_paths_replace_the_default(repo, cli):
    repo.config("content:\n  paths: [docs]\n")
    repo.write("docs/a.md", doc(None))
    r = cli("lint", "--format", "json")
    assert r.exit_code == 1 and [d["path"] for d in r.json()["documents"]] == ["docs/a.md"]


@pytest.mark.parametrize("entry", ["/", "../elsewhere", "content/../../elsewhere"])
def test_configured_content_paths_outside_the_repository_are_a_config_error(repo, cli, entry):
    """planner.yml comes from the repository: it may not point the lint at the machine's files."""
    repo.config(f'content:\n  paths: ["{entry}"]\n')
    r = cli("lint")
    assert r.exit_code == 2 and "outside the repository" in r.stderr and "planner.yml:2" in r.stderr


def test_a_folder_outside_the_repository_named_on_the_command_line_is_linted(repo, cli, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "a.md").write_text(doc("awareness"), encoding="utf-8")
    r = cli("lint", str(elsewhere), "--format", "json")
    assert r.exit_code == 0 and len(r.json()["documents"]) == 1


def test_planners_own_folders_are_never_content_even_when_the_whole_repository_is(repo, cli):
    repo.config('content:\n  paths: ["."]\n')
    repo.write("content/a.md", doc("awareness"))
    repo.write(".planner-cache/site/docs/findings.md", "# Findings\n")  # the audit site's build copy
    repo.write(".planner/notes.md", "# not a page\n")
    r = cli("lint", "--format", "json")
    assert [d["path"] for d in r.json()["documents"]] == ["content/a.md"]


# the fragments are the user's own input or planner's words, never click's wording (which
# a click release may change)
@pytest.mark.parametrize("argv, fragment", [
    (["lint", "--format", "xml"], "'xml'"),
    (["lint", "--bogus"], "--bogus"),
    (["lnt"], "lnt"),
    (["lint", "--fail-on", "sometimes"], "--fail-on"),
    (["explain", "tag-mising"], "did you mean 'tag-missing'"),
    (["new", "T", "--stage", "onbording"], "did you mean 'onboarding'"),
])
def test_usage_errors_are_one_line_and_exit_2(repo, capsys, argv, fragment):
    from planner.cli import main

    with pytest.raises(SystemExit) as e:
        main(argv)
    err = capsys.readouterr().err
    assert e.value.code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("planner: error:"), err
    assert fragment in err


def test_bad_config_through_main_is_one_line_exit_2(repo, capsys):
    from planner.cli import main

    repo.config("content:\n  pahts: [content]\n")
    with pytest.raises(SystemExit) as e:
        main(["lint"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and len(err.strip().splitlines()) == 1
    assert "planner.yml:2" in err and "did you mean 'paths'" in err


def test_unwritable_output_is_one_line_exit_2(repo, capsys):
    from planner.cli import main

    repo.write("content/a.md", doc("awareness"))
    (repo.root / "out").write_text("a file, not a folder")
    with pytest.raises(SystemExit) as e:
        main(["lint", "--format", "json", "--output", "out/report.json"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bare_planner_shows_help(capsys):
    from planner.cli import main

    with pytest.raises(SystemExit) as e:
        main([])
    assert e.value.code == 0 and "lint" in capsys.readouterr().out


def test_every_command_in_the_table_loads_under_its_own_name():
    import click

    from planner.cli import COMMANDS, cli as group

    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name, COMMANDS[name]


def test_lint_imports_no_other_command_module(tmp_path):
    """`planner lint` starts without the site, training, trend or coverage modules."""
    import subprocess
    import sys

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(doc("awareness"), encoding="utf-8")
    probe = ("import sys; from planner.cli import main\n"
             "try:\n    main(['lint', '--no-cache', '--fail-on', 'none'])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('planner.cli.')), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert r.stderr.strip().splitlines()[-1] == "['planner.cli.common', 'planner.cli.lint']", r.stderr


# --------------------------------------------------------------------------- text format

def test_text_format_groups_by_file_with_position_severity_rule_message(repo, cli):
    repo.write("content/a.md", doc("onboarding", phase="buyer"))
    repo.write("content/b.md", doc(None))
    r = cli("lint")
    lines = r.output.splitlines()
    assert lines[0] == "content/a.md"
    assert re.match(r"^  4:1 +error +stage-phase-conflict +stage 'onboarding' is a customer stage", lines[1])
    assert "content/b.md" in lines
    assert re.search(r"^  1:1 +error +tag-missing +missing 'stage'", r.output, re.M)
    assert lines[-1].startswith("✖ 2 problems (2 errors, 0 warnings, 0 suggestions) in 2 documents")
    assert not ANSI.search(r.output)


def test_colour_only_when_forced_and_never_with_no_color(repo, cli, monkeypatch):
    repo.write("content/a.md", doc(None))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    from click.testing import CliRunner

    from planner.cli import cli as group

    coloured = CliRunner().invoke(group, ["lint"], color=True).output
    assert ANSI.search(coloured)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(group, ["lint"], color=True).output
    assert not ANSI.search(plain)
    assert ANSI.sub("", coloured) == plain


def test_output_file_gets_the_report_and_stderr_the_summary(repo, cli):
    repo.write("content/a.md", doc(None))
    r = cli("lint", "--format", "json", "--output", "report.json")
    assert r.exit_code == 1 and r.output == ""
    assert json.loads((repo.root / "report.json").read_text())["summary"]["error"] == 1
    assert "1 problem" in r.stderr


# --------------------------------------------------------------------------- lint never writes to content

def test_lint_never_writes_to_content(repo, cli):
    repo.write("content/a.md", doc("onboarding", phase="buyer"))
    repo.write("content/b.md", "\ufeff---\r\ntitle: T\r\nstage: awareness\r\nstage: decision\r\n---\r\nBody.\r\n")
    repo.write("content/c.md", b"\x92 not utf-8\n")
    before = tree_hashes(repo.root / "content")
    for fmt in ("text", "json"):
        cli("lint", "--format", fmt)
    cli("lint", "content/a.md", "-v")
    assert tree_hashes(repo.root / "content") == before


def test_lint_of_the_example_content_writes_nothing_into_it(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    before = tree_hashes(CONTENT)
    r = cli("lint", str(CONTENT), "--format", "json", "--fail-on", "none")
    assert r.exit_code == 0
    assert tree_hashes(CONTENT) == before


# --------------------------------------------------------------------------- planner new

def test_new_writes_a_tagged_draft_that_lints_clean(repo, cli):
    r = cli("new", "Your first week with Acme!", "--stage", "onboarding", "--role", "end-user", "--format", "checklist")
    assert r.exit_code == 0, r.stderr
    path = repo.root / "content" / "your-first-week-with-acme.md"
    assert path.exists() and "created content/your-first-week-with-acme.md" in r.output.replace(str(repo.root) + "/", "")
    from planner.config import default_config

    d = load_document(path, default_config(), repo.root)
    assert d.problems == []
    assert d.meta["title"] == "Your first week with Acme!"
    assert (d.tags.phase, d.tags.stage, d.tags.roles, d.tags.status) == ("customer", "onboarding", ["end-user"], "draft")
    assert d.tags.reviewed == dt.date.today() and d.tags.format == "checklist"
    tags = cli("lint", "--format", "json", "--fail-on", "none").json()["findings"]
    assert [f for f in tags if f["rule"] in ("tag-missing", "tag-unknown", "stage-phase-conflict", "front-matter-invalid")] == []


def test_new_resolves_aliases_and_implies_the_phase(repo, cli):
    assert cli("new", "Compare plans", "--stage", "bofu", "--role", "decision-maker").exit_code == 0
    text = (repo.root / "content" / "compare-plans.md").read_text()
    assert "phase: buyer\nstage: decision\nroles: [economic-buyer]" in text


def test_new_refuses_to_overwrite(repo, cli):
    target = repo.write("content/pricing.md", "my own words\n")
    r = cli("new", "Pricing", "--stage", "decision")
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert target.read_text() == "my own words\n"
    assert sorted(p.name for p in (repo.root / "content").iterdir()) == ["pricing.md"]  # no temp file left


def test_new_slug_handles_unicode_and_punctuation(repo, cli):
    assert cli("new", "Café: ROI — in 5 minutes?", "--stage", "decision", "--dir", "drafts").exit_code == 0
    assert (repo.root / "drafts" / "cafe-roi-in-5-minutes.md").exists()


def test_new_keeps_a_non_latin_title_in_the_file_name_and_two_never_collide(repo, cli):
    assert cli("new", "はじめての一週間", "--stage", "onboarding").exit_code == 0
    assert cli("new", "Πρώτη εβδομάδα", "--stage", "onboarding").exit_code == 0
    names = sorted(p.name for p in (repo.root / "content").iterdir())
    assert names == sorted(["はじめての一週間.md", "πρώτη-εβδομάδα.md"])
    findings = cli("lint", "--format", "json", "--fail-on", "none").json()["findings"]
    assert [f for f in findings if f["rule"] in ("tag-missing", "tag-unknown", "front-matter-invalid", "duplicate-id")] == []


def test_new_refuses_an_empty_title(repo, cli):
    r = cli("new", "  ", "--stage", "awareness")
    assert r.exit_code == 2 and "title is empty" in r.stderr
    assert not (repo.root / "content").exists() or list((repo.root / "content").iterdir()) == []


def test_lint_that_found_no_content_files_says_nothing_was_checked(repo, cli):
    (repo.root / "content" / "dir.md").mkdir(parents=True)
    r = cli("lint", "content/dir.md")
    assert r.exit_code == 0 and "nothing was checked" in r.stderr


def test_new_title_with_quotes_round_trips(repo, cli):
    assert cli("new", 'The "real" cost: a \\ story', "--stage", "awareness").exit_code == 0
    from planner.config import default_config

    d = load_document(next((repo.root / "content").glob("*.md")), default_config(), repo.root)
    assert d.meta["title"] == 'The "real" cost: a \\ story' and d.problems == []


def test_new_is_atomic_and_never_replaces_a_file_that_appears(tmp_path):
    from planner.fsutil import atomic_write_text

    target = tmp_path / "a.md"
    atomic_write_text(target, "first", overwrite=False)
    with pytest.raises(FileExistsError):
        atomic_write_text(target, "second", overwrite=False)
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # the temporary file is gone


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    import os

    from planner import fsutil

    target = tmp_path / "report.json"
    target.write_text("old")

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write_text(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --------------------------------------------------------------------------- schema

def test_schema_is_valid_json_schema_and_validates_the_example_content(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    r = cli("schema")
    assert r.exit_code == 0
    schema = json.loads(r.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    from planner.config import default_config

    cfg = default_config()
    lint = cli("lint", str(CONTENT), "--format", "json", "--fail-on", "none").json()
    mis_tagged = {Path(f["path"]).name for f in lint["findings"] if f["rule"] in ("tag-unknown", "tag-missing")}
    invalid = set()
    for path in sorted(CONTENT.rglob("*.md")):
        if path.name == "README.md":
            continue
        meta = load_document(path, cfg, tmp_path).meta
        if list(validator.iter_errors(meta)):
            invalid.add(path.name)
    assert invalid == mis_tagged
    assert "business-case-template.md" in invalid  # the planted `champoin`


def test_schema_rejects_what_the_linter_rejects():
    from planner.config import default_config
    from planner.schema import front_matter_schema

    v = jsonschema.Draft202012Validator(front_matter_schema(default_config()))
    assert not list(v.iter_errors({"title": "T", "stage": "tofu", "roles": ["buyer"]}))  # aliases are fine
    assert list(v.iter_errors({"title": "T", "stage": "awarness"}))
    assert list(v.iter_errors({"title": "T"}))  # stage is required by default
    assert list(v.iter_errors({"title": ["a"], "stage": "awareness"}))


def test_schema_includes_team_extensions(repo, cli):
    repo.config("taxonomy:\n  stages:\n    expansion: {phase: customer, after: success}\n  roles:\n    technical-evaluator: {}\n")
    schema = cli("schema").json()
    assert "expansion" in schema["properties"]["stage"]["enum"]
    assert "technical-evaluator" in schema["properties"]["roles"]["items"]["enum"]


# --------------------------------------------------------------------------- rules / explain

SECTIONS = ("## What it does", "## Why it matters", "## Example", "## Options")


def test_every_rule_is_documented_with_the_four_sections():
    from planner.rules import registry

    problems = []
    for rid, r in sorted(registry().items()):
        if not re.fullmatch(r"[a-z]+(-[a-z]+)*", rid):
            problems.append(f"{rid}: id is not kebab-case")
        if r.severity not in ("error", "warning", "suggestion"):
            problems.append(f"{rid}: default severity {r.severity!r}")
        if not r.summary.strip():
            problems.append(f"{rid}: no summary")
        positions = [r.doc.find(s) for s in SECTIONS]
        for s, pos in zip(SECTIONS, positions):
            if pos == -1:
                problems.append(f"{rid}: no '{s}' section")
        if all(p >= 0 for p in positions) and positions != sorted(positions):
            problems.append(f"{rid}: sections out of order")
        example = r.doc[r.doc.find("## Example"):r.doc.find("## Options")] if "## Example" in r.doc else ""
        if example and not ("Fires" in example or "fires" in example):
            problems.append(f"{rid}: the Example section has no case that fires")
        if example and not re.search(r"[Dd]oes not fire|[Qq]uiet|[Nn]ot fire", example):
            problems.append(f"{rid}: the Example section has no case that does not fire")
    assert problems == []


def test_rules_lists_every_rule_with_severity(cli, repo):
    from planner.rules import registry

    r = cli("rules")
    assert r.exit_code == 0
    for rid, rule in registry().items():
        assert re.search(rf"^{re.escape(rid)} +{rule.severity} ", r.output, re.M), rid
    data = cli("rules", "--format", "json").json()
    assert {d["id"] for d in data} == set(registry())


def test_rules_shows_the_effective_severity(cli, repo):
    repo.config("rules:\n  tag-missing: warning\n")
    row = next(d for d in cli("rules", "--format", "json").json() if d["id"] == "tag-missing")
    assert (row["severity"], row["default"]) == ("warning", "error")


def test_explain_prints_the_rule_documentation(cli, repo):
    r = cli("explain", "tag-unknown")
    assert r.exit_code == 0
    assert r.output.startswith("# tag-unknown")
    for s in SECTIONS:
        assert s in r.output
    assert "champoin" in r.output


def test_new_quotes_values_that_yaml_would_misread(repo, cli):
    assert cli("new", "No", "--stage", "awareness", "--cta", "book: a demo", "--persona", "yes").exit_code == 0
    from planner.config import default_config

    d = load_document(repo.root / "content" / "no.md", default_config(), repo.root)
    assert d.problems == [] and (d.tags.id, d.tags.cta, d.tags.persona) == ("no", "book: a demo", "yes")


def test_new_checks_format_and_owner_against_the_taxonomy(repo, cli):
    r = cli("new", "T", "--stage", "awareness", "--format", "blgo")
    assert r.exit_code == 2 and "did you mean 'blog'" in r.stderr
    assert not any((repo.root / "content").iterdir())


def test_shell_completion_completes_command_names():
    import os
    import subprocess
    import sys

    env = dict(os.environ, COMP_WORDS="planner li", COMP_CWORD="1", _PLANNER_COMPLETE="bash_complete")
    out = subprocess.run([sys.executable, "-m", "planner"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "plain,lint" in out.stdout.splitlines()
