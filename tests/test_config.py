"""planner.yml: found upward, every key optional, invalid config is one line naming the
file and the key, exit code 2, never a traceback; teams can extend the taxonomy."""
from __future__ import annotations

import pytest

from planner.config import ConfigError, build_config, find_config, load_config
from tests.conftest import doc


def lint_error(repo, cli, config_text: str) -> str:
    repo.config(config_text)
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint")
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr  # one line, no traceback
    assert "Traceback" not in r.stderr
    assert "planner.yml" in lines[0]
    return lines[0]


@pytest.mark.parametrize("text, fragments", [
    ("contnet:\n  paths: [content]\n", ["planner.yml:1", "unknown key 'contnet'", "did you mean 'content'"]),
    ("content:\n  pths: [content]\n", ["planner.yml:2", "'content.pths'", "did you mean 'paths'"]),
    ("content:\n  paths: content\n", ["planner.yml:2", "'content.paths'", "expected a list"]),
    ("content:\n  max_bytes: big\n", ["'content.max_bytes'", "expected a whole number"]),
    ("content:\n  required: [title, stagee]\n", ["'content.required[1]'", "did you mean 'stage'"]),
    ("rules:\n  tag-missing: fatal\n", ["planner.yml:2", "'rules.tag-missing'", "off, suggestion, warning, error"]),
    ("rules:\n  tag-missing: {severity: fatal}\n", ["'rules.tag-missing.severity'", "expected one of"]),
    ("rules:\n  tag-missing: {severity: warning, optons: {}}\n", ["'rules.tag-missing.optons'", "did you mean 'options'"]),
    ("rules:\n  tag-mising: error\n", ["planner.yml:2", "'rules.tag-mising' is not a rule", "did you mean 'tag-missing'"]),
    ("taxonomy:\n  stages:\n    awareness: {phase: customer}\n", ["planner.yml:3", "'taxonomy.stages.awareness.phase'", "both phases"]),
    ("taxonomy:\n  stages:\n    renewal: {phase: byer}\n", ["'taxonomy.stages.renewal.phase'", "did you mean 'buyer'"]),
    ("taxonomy:\n  stages:\n    renewal: {}\n", ["'taxonomy.stages.renewal' needs 'phase'"]),
    ("taxonomy:\n  stages:\n    x: {phase: buyer, after: success}\n", ["'taxonomy.stages.x'", "customer stage"]),
    ("taxonomy:\n  phases:\n    awareness: {}\n", ["'taxonomy.stages.awareness' is also a phase"]),
    ("taxonomy:\n  aliases:\n    stage: {tofu: nowhere}\n", ["'taxonomy.aliases.stage.tofu'", "unknown stage 'nowhere'"]),
    ("taxonomy:\n  aliases:\n    stage: {onboarding: success}\n", ["'taxonomy.aliases.stage.onboarding'", "both a stage and an alias"]),
    ("taxonomy:\n  aliases:\n    stag: {a: b}\n", ["'taxonomy.aliases.stag'", "did you mean 'stage'"]),
    ("taxonomy:\n  formats: blog\n", ["'taxonomy.formats'", "expected a list"]),
    ("- content\n- rules\n", ["must be a mapping"]),
    ("content: [\n", ["invalid YAML"]),
    ("a: &a [x, x]\nb: [*a, *a]\n", ["anchors and aliases"]),
])
def test_invalid_config_is_one_line_naming_file_and_key_exit_2(repo, cli, text, fragments):
    line = lint_error(repo, cli, text)
    for fragment in fragments:
        assert fragment in line, line


def test_config_that_is_not_utf8_is_exit_2(repo, cli):
    repo.write("planner.yml", b"content:\n  paths: [caf\xe9]\n")
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint")
    assert r.exit_code == 2 and "not UTF-8" in r.stderr


def test_missing_explicit_config_is_exit_2(repo, cli):
    r = cli("--config", "nope.yml", "lint")
    assert r.exit_code == 2 and "nope.yml" in r.stderr and "Traceback" not in r.stderr


def test_config_is_found_by_searching_upward(repo, monkeypatch):
    repo.config("content:\n  required: [title]\n")
    sub = repo.root / "content" / "deep" / "er"
    sub.mkdir(parents=True)
    assert find_config(sub) == repo.root / "planner.yml"
    monkeypatch.chdir(sub)
    cfg = load_config()
    assert cfg["content"]["required"] == ["title"] and cfg.root == repo.root


def test_every_key_is_optional(repo):
    cfg = build_config({})
    assert cfg["content"]["required"] == ["title", "stage"]
    assert cfg.stage_order()[:3] == ["awareness", "consideration", "decision"]


def test_team_extension_stage_role_and_aliases(repo, cli):
    repo.config("""
        taxonomy:
          stages:
            expansion: {phase: customer, after: success, description: "Grows the account."}
          roles:
            technical-evaluator: {description: "Checks the fit."}
          aliases:
            stage: {upsell: expansion, tofu: awareness}
            role: {evaluator: technical-evaluator}
    """)
    cfg = load_config(repo.root)
    assert cfg.stage_order() == ["awareness", "consideration", "decision", "onboarding", "adoption",
                                 "success", "expansion", "advocacy"]
    assert cfg.phase_of("expansion") == "customer"
    repo.write("content/a.md", doc("upsell", roles=["evaluator"]))
    repo.write("content/b.md", doc("expansion", roles=["technical-evaluator"], title="B"))
    r = cli("lint", "--format", "json")
    assert r.exit_code == 0, r.output
    stages = {d["path"]: (d["stage"], d["phase"], d["roles"]) for d in r.json()["documents"]}
    assert stages["content/a.md"] == ("expansion", "customer", ["technical-evaluator"])
    # `expansion` was a default alias of success; the team's own stage wins over it
    assert "expansion" not in cfg.taxonomy["aliases"]["stage"]


def test_roles_may_be_added_as_a_plain_list(repo):
    cfg = build_config({"taxonomy": {"roles": ["technical-evaluator"]}})
    assert cfg.roles() == ["end-user", "economic-buyer", "champion", "technical-evaluator"]


def test_rule_severity_override_applies(repo, cli):
    repo.config("rules:\n  tag-missing: warning\n")
    repo.write("content/a.md", doc(None))
    r = cli("lint", "--format", "json")
    assert r.exit_code == 0  # warnings do not fail at the default --fail-on error
    assert [(f["rule"], f["severity"]) for f in r.json()["findings"]] == [("tag-missing", "warning")]


def test_rule_off_silences_it(repo, cli):
    repo.config("rules:\n  tag-missing: 'off'\n")
    repo.write("content/a.md", doc(None))
    assert cli("lint").exit_code == 0


def test_builtin_rule_severity_is_configurable(repo, cli):
    repo.config("rules:\n  file-unreadable: warning\n")
    repo.write("content/a.md", b"caf\xe9\n")
    r = cli("lint", "--format", "json")
    assert r.exit_code == 0 and r.json()["findings"][0]["severity"] == "warning"


def test_config_error_is_an_exception_with_the_key():
    with pytest.raises(ConfigError, match="content.paths"):
        build_config({"content": {"paths": 3}})
