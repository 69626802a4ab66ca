"""Regular expressions from planner.yml (journey.lexicon.*.regex, `re:` entries in
tone.lexicons) run with a time bound: a pattern that backtracks without end becomes a
finding naming the entry on the document where it ran out of time, and the run goes on.

Each case runs planner in a subprocess under a timeout, so a regression fails the test
instead of hanging the suite.
"""
from __future__ import annotations

import json
import textwrap

import pytest

from tests.conftest import doc
from tests.test_hostile import run_planner

LINE = "a" * 41 + "!"  # the 41-character line of the report
BODY = f"Most plans slip by Wednesday, and nobody sees it coming.\n\n{LINE}\n\nHere is how to spot it early.\n"


@pytest.fixture
def estate(repo):
    repo.write("content/slow.md", doc("awareness", title="Why plans slip", roles=["end-user"], body=BODY))
    repo.write("content/control.md", doc("onboarding", phase="buyer", title="Set up reports"))
    return repo


def lint(root, timeout: float = 120) -> dict:
    r = run_planner(root, "lint", "--format", "json", "--fail-on", "none", "--no-cache", timeout=timeout)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "internal error" not in r.stderr
    return json.loads(r.stdout)


def rules_on(report: dict, path: str) -> list[str]:
    return [f["rule"] for f in report["findings"] if f["path"] == path]


@pytest.mark.parametrize("pattern", ["(a|aa)+$", "^(a|[a-z])+$"])
def test_a_journey_regex_that_runs_away_is_a_finding_naming_the_entry(estate, pattern):
    estate.config(f"""
        journey:
          lexicon:
            runaway:
              stage: awareness
              regex: ['{pattern}']
        """)
    report = lint(estate.root)
    [f] = [f for f in report["findings"] if f["rule"] == "regex-timeout"]
    assert f["path"] == "content/slow.md" and f["severity"] == "error"
    assert "journey.lexicon.runaway" in f["message"] and pattern in f["message"]
    assert "stage-phase-conflict" in rules_on(report, "content/control.md")  # the run went on


def test_a_tone_lexicon_regex_that_runs_away_is_a_finding_naming_the_entry(estate):
    estate.config("""
        tone:
          lexicons:
            hype: [epic, 're:(a|aa)+$']
        """)
    report = lint(estate.root)
    [f] = [f for f in report["findings"] if f["rule"] == "regex-timeout"]
    assert f["path"] == "content/slow.md"
    assert "tone.lexicons.hype[1]" in f["message"] and "(a|aa)+$" in f["message"]
    assert "stage-phase-conflict" in rules_on(report, "content/control.md")


def test_the_nested_quantifier_of_the_report_finishes_and_still_matches(estate):
    """`(a+)+$` on the 41-character line hung CI; the bounded engine answers at once."""
    estate.config("""
        journey:
          lexicon:
            shouting:
              stage: awareness
              regex: ['(a+)+$']
        """)
    report = lint(estate.root, timeout=60)
    assert "regex-timeout" not in rules_on(report, "content/slow.md")


def test_a_regex_in_a_spacy_token_pattern_is_a_config_error(estate):
    """spaCy runs REGEX token attributes with Python's re, which has no time bound."""
    estate.config("""
        journey:
          lexicon:
            tokens:
              stage: awareness
              patterns:
                - [{TEXT: {REGEX: '(a+)+$'}}]
        """)
    r = run_planner(estate.root, "lint", timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "journey.lexicon.tokens.patterns[0]" in r.stderr and "REGEX" in r.stderr and "regex:" in r.stderr


def test_user_regexes_still_match_as_before(estate):
    estate.config(textwrap.dedent("""
        journey:
          lexicon:
            wednesday:
              stage: awareness
              regex: ['slip(s|ped)? by \\w+day']
        tone:
          lexicons:
            hedges: ['re:nobody sees it']
        """))
    r = run_planner(estate.root, "lint", "--format", "json", "--fail-on", "none", "--no-cache", timeout=120)
    assert r.returncode == 0, r.stderr
    from planner.config import load_config
    from planner.loader import load_document
    from planner.analysis import analyse_documents

    config = load_config(estate.root)
    d = load_document(estate.root / "content" / "slow.md", config, estate.root)
    a = analyse_documents([d], config)[d.relpath]
    assert any(h["signal"] == "wednesday" and h["phrase"] == "slip by Wednesday" for h in a.journey["signals"])
    assert a.tone["counts"]["hedges"] >= 1


def test_the_rule_is_documented(cli):
    r = cli("explain", "regex-timeout")
    assert r.exit_code == 0 and "time" in r.output and "journey.lexicon" in r.output
