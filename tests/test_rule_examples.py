"""Every rule's examples (the Markdown file beside its module, shown by `planner explain`
and on the site) run through the real pipeline: each "Fires" example makes the rule
report at least one finding, each "Does not fire" example none."""
from __future__ import annotations

from pathlib import Path

import pytest

from planner.config_checks import load_checked_config
from planner import engine
from planner.rules import RULES, Example, Rule

CASES = [pytest.param(r, ex, id=f"{r.id}-{i}-{'fires' if ex.fires else 'quiet'}")
         for r in RULES for i, ex in enumerate(r.examples, 1)]


def run_example(rule: Rule, example: Example, root: Path) -> list:
    """The findings of ``rule`` when its example is linted as a repository at ``root``."""
    (root / "content").mkdir()
    for rel, text in example.files.items():
        assert rel.startswith("content/") and ".." not in rel, rel
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if example.config is not None:
        (root / "planner.yml").write_text(example.config, encoding="utf-8")
    audit = engine.audit([root / "content"], load_checked_config(root), cwd=root)
    return [f for f in audit.findings if f.rule == rule.id]


@pytest.mark.parametrize("rule, example", CASES)
def test_rule_example_fires_or_stays_quiet_as_documented(rule, example, tmp_path):
    found = run_example(rule, example, tmp_path)
    if example.fires:
        assert found, f"{rule.id}: expected a finding for {example.note!r}"
    else:
        assert not found, f"{rule.id}: expected no finding for {example.note!r}, got {[f.message for f in found]}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_an_example_that_fires_and_one_that_does_not(rule):
    kinds = {ex.fires for ex in rule.examples}
    assert kinds == {True, False}, f"{rule.id}: examples {[ex.note for ex in rule.examples]}"


def test_explain_shows_the_examples_that_run(cli, repo):
    from planner.rules import registry

    rule = registry()["phase-mismatch"]
    text = cli("explain", "phase-mismatch").output
    assert rule.examples_text in text
    for ex in rule.examples:
        assert ex.note in text
