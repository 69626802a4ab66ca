"""Every way the hostile-input battery found to reach "internal error", and every way
content could drive the reader's terminal, has a clear answer instead: a one-line error
naming the file and the key, a finding that says what a file is, or a visible escape.
"""
from __future__ import annotations

import json
import os
import re

import pytest

from planner.cli import main
from tests.conftest import doc


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    """`planner ARGV` through the real entry point (exit codes and one-line errors)."""
    with pytest.raises(SystemExit) as e:
        main(list(argv))
    out, err = capsys.readouterr()
    return e.value.code, out, err


def assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("planner: error:"), err
    assert "internal error" not in err
    for fragment in fragments:
        assert fragment in err, err


# --------------------------------------------------------------------------- config keys

@pytest.mark.parametrize("yaml_text, line, where, key", [
    ("rules:\n  123: error\n", 2, "rules", "123"),
    ("taxonomy:\n  stages:\n    1: {phase: buyer}\n", 3, "taxonomy.stages", "1"),
    ("taxonomy:\n  aliases:\n    stage:\n      1: awareness\n", 4, "taxonomy.aliases.stage", "1"),
    ("taxonomy:\n  roles:\n    1: {}\n", 3, "taxonomy.roles", "1"),
    ("taxonomy:\n  phases:\n    7: {}\n", 3, "taxonomy.phases", "7"),
    ("journey:\n  lexicon:\n    1: {stage: awareness, phrases: [x]}\n", 3, "journey.lexicon", "1"),
    ("journey:\n  ctas:\n    1: {fits: [awareness]}\n", 3, "journey.ctas", "1"),
    ("tone:\n  targets:\n    stages:\n      1: {}\n", 4, "tone.targets.stages", "1"),
    ("rules:\n  hype:\n    severity: warning\n    options:\n      yes: 2\n", 5, "rules.hype.options", "yes"),
    ("null: x\n", 1, "the top level", "null"),
    ("2026-01-01: x\n", 1, "the top level", "2026-01-01"),
])
def test_a_config_key_that_is_not_text_is_one_line_naming_file_line_and_key(repo, capsys, yaml_text, line, where, key):
    repo.write("content/a.md", doc("awareness"))
    repo.config(yaml_text)
    code, _, err = run_main(capsys, "lint")
    assert_one_line_error(code, err, f"planner.yml:{line}:", f"'{key}'", where, "quote")


def test_a_quoted_number_key_is_accepted(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    repo.config("taxonomy:\n  aliases:\n    stage:\n      '1': awareness\n")
    assert cli("lint", "--fail-on", "none").exit_code == 0


# --------------------------------------------------------------------------- baselines

@pytest.mark.parametrize("payload", [
    "[" * 100_000 + "]" * 100_000,
    '{"findings": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"findings": [' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "]}",
])
def test_a_baseline_nested_100000_deep_is_one_line_naming_the_file(repo, capsys, payload):
    repo.write("content/a.md", doc("awareness"))
    repo.write("deep.json", payload)
    code, _, err = run_main(capsys, "lint", "--baseline", "deep.json")
    assert_one_line_error(code, err, "deep.json", "nested")


def test_a_baseline_with_a_non_numeric_version_is_one_line(repo, capsys):
    repo.write("content/a.md", doc("awareness"))
    repo.write("b.json", json.dumps({"baseline_version": "two", "findings": []}))
    code, _, err = run_main(capsys, "lint", "--baseline", "b.json")
    assert_one_line_error(code, err, "b.json", "baseline_version")


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
    ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),
])
def test_utf16_and_utf32_files_are_called_what_they_are(repo, cli, encoding, name):
    text = doc("awareness", title="Plans that slip", body="Most weekly plans slip by Wednesday.\n")
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff", "utf-32-le": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")
    repo.write("content/wide.md", (bom + text).encode(encoding) if bom else text.encode(encoding))
    repo.write("content/nobom.md", text.encode(encoding.replace("utf-16", "utf-16-le").replace("utf-32", "utf-32-le")
                                               if "-" not in encoding else encoding))
    report = cli("lint", "--format", "json", "--fail-on", "none").json()
    for path in ("content/wide.md", "content/nobom.md"):
        [f] = [f for f in report["findings"] if f["path"] == path]
        assert f["rule"] == "file-unreadable" and name in f["message"] and "binary" not in f["message"]
        assert "re-save" in f["message"] and "UTF-8" in f["message"]


def test_a_real_binary_file_is_still_called_binary(repo, cli):
    repo.write("content/image.md", bytes(range(256)) * 8)
    report = cli("lint", "--format", "json", "--fail-on", "none").json()
    [f] = [f for f in report["findings"] if f["path"] == "content/image.md"]
    assert "binary" in f["message"]


# --------------------------------------------------------------------------- control characters

CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")  # C0 (but tab and newline), DEL, C1 in UTF-8
ESC_NAME = "esc-\x1b[2J.md"
HOSTILE = (
    '---\ntitle: "Plans \\e[31mred\\e[0m \\a \\x9b1m"\nstage: "aware\\e]8;;http://x\\e\\\\ness"\n'
    'cta: "buy\\enow"\nroles: [end-user]\n---\n'
    "Our revolutionary \x1b[5mworld-class\x1b[0m platform is the best in the world.\x07\n\n"
    "[Buy now\x1b[2K](https://example.com) and start your free trial today.\n"
)


@pytest.fixture
def hostile(repo):
    repo.write(f"content/{ESC_NAME}", HOSTILE)
    repo.write("content/ok.md", doc("onboarding", phase="buyer", title="Set up reports"))
    return repo


@pytest.mark.parametrize("argv", [
    ["lint", "--format", "text", "-v"], ["lint", "--format", "github"], ["lint", "--format", "markdown"],
    ["lint", "--format", "junit"], ["lint", "--format", "json"], ["lint", "--format", "sarif"],
    ["coverage"], ["coverage", "--format", "markdown"], ["coverage", "--format", "csv"], ["coverage", "--format", "json"],
    ["tone"], ["tone", "--format", "csv"], ["tone", "--sections"], ["tone", "--format", "json"], ["plan"],
])
def test_control_characters_from_content_never_reach_the_output_raw(hostile, cli, argv):
    r = cli(*argv, *(["--fail-on", "none"] if argv[0] == "lint" else []))
    assert r.exit_code in (0, 1), r.stderr
    raw = r.output.encode("utf-8")
    assert not CONTROL.findall(raw), CONTROL.findall(raw)[:5]
    assert not CONTROL.findall(r.stderr.encode("utf-8"))
    if argv[-1] in ("json", "sarif"):
        json.loads(r.output)  # still valid JSON
    elif "esc-" in r.output:
        assert "esc-\\x1b[2J.md" in r.output  # shown, escaped, where the name appears


def test_escaped_names_stay_distinct_from_plain_ones(hostile, cli):
    report = cli("lint", "--format", "json", "--fail-on", "none").json()
    paths = [d["path"] for d in report["documents"]]
    assert len(paths) == len(set(paths)) == 2
    assert os.path.exists(os.path.join("content", ESC_NAME))  # the file itself is untouched
