"""planner.yml: found upward, every key optional, invalid config is one line naming the
file and the key, exit code 2, never a traceback; teams can extend the taxonomy."""
from __future__ import annotations

import os

import pytest

from planner.config import ConfigError, build_config, find_config, load_config
from tests.conftest import doc


def lint_error(repo, cli, config_text: str, fragments=()) -> str:
    repo.config(config_text)
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint")
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr  # one line, no traceback
    assert "Traceback" not in r.stderr
    assert "planner.yml" in lines[0]
    for fragment in fragments:  # each piece the one line must name
        assert fragment in lines[0], lines[0]
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
    lint_error(repo, cli, text, fragments)


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


# --------------------------------------------------------------------------- rule options

@pytest.mark.parametrize("text, fragments", [
    ("rules:\n  phase-mismatch: {options: {min_confidence: high}}\n",
     ["planner.yml:2", "'rules.phase-mismatch.options.min_confidence' is text 'high'", "expected a number from 0 to 1"]),
    ("rules:\n  phase-mismatch:\n    options:\n      min_confidence: 7\n",
     ["planner.yml:4", "is the number 7", "expected a number from 0 to 1"]),
    ("rules:\n  tone-drift: {options: {z: x}}\n", ["'rules.tone-drift.options.z'", "expected a number, above 0"]),
    ("rules:\n  hype: {options: {min_hits: x}}\n", ["'rules.hype.options.min_hits'", "expected a number, at least 0"]),
    ("rules:\n  hype: {options: {min_hits: true}}\n", ["'rules.hype.options.min_hits' is true", "expected a number"]),
    ("rules:\n  section-drift: {options: {strictness: x}}\n", ["'rules.section-drift.options.strictness'", "above 0"]),
    ("rules:\n  section-drift: {options: {strictness: 0}}\n", ["is the number 0", "above 0"]),
    ("rules:\n  handoff-drift: {options: {flesch_gap: null}}\n", ["'rules.handoff-drift.options.flesch_gap' is empty (null)"]),
    ("rules:\n  readability: {options: {passage_flesch: []}}\n", ["'rules.readability.options.passage_flesch' is a list"]),
    ("rules:\n  tone-drift: {options: {min_peers: 2.5}}\n", ["expected a whole number, at least 1"]),
    ("rules:\n  stage-mismatch: {options: {min_ratio: 0.5}}\n", ["'rules.stage-mismatch.options.min_ratio'", "at least 1"]),
])
def test_a_rule_option_of_the_wrong_type_or_range_is_one_line_naming_file_line_key_and_what_fits(repo, cli, text, fragments):
    lint_error(repo, cli, text, fragments)


@pytest.mark.parametrize("text, fragments", [
    ("rules:\n  phase-mismatch: {options: {min_confidance: 0.9}}\n",
     ["planner.yml:2", "unknown option 'rules.phase-mismatch.options.min_confidance'", "did you mean 'min_confidence'",
      "expected one of: min_confidence"]),
    ("rules:\n  tag-missing: {options: {foo: 1}}\n", ["unknown option 'rules.tag-missing.options.foo'", "tag-missing has no options"]),
])
def test_an_unknown_rule_option_is_a_config_error_with_did_you_mean(repo, cli, text, fragments):
    lint_error(repo, cli, text, fragments)


def test_a_bad_rule_option_stops_coverage_as_it_stops_lint(repo, cli):
    repo.config("rules:\n  phase-mismatch: {options: {min_confidence: high}}\n")
    repo.write("content/a.md", doc("awareness"))
    r = cli("coverage")
    assert r.exit_code == 2 and "internal error" not in r.stderr
    assert "'rules.phase-mismatch.options.min_confidence'" in r.stderr


def test_every_rule_option_is_declared_with_a_type_and_its_default_fits_it():
    from planner.config_checks import option_fits
    from planner.rules import registry

    for rule in registry().values():
        assert set(rule.option_specs) == set(rule.options), rule.id
        for key, spec in rule.option_specs.items():
            assert spec.get("type") in ("number", "integer", "boolean", "string"), (rule.id, key)
            assert option_fits(spec["default"], spec), (rule.id, key)


def test_rule_options_in_range_are_accepted_and_a_whole_float_is_a_whole_number(repo, cli):
    repo.config("rules:\n  tone-drift: {options: {min_peers: 2.0, z: 4}}\n  phase-mismatch: {options: {min_confidence: 1}}\n")
    repo.write("content/a.md", doc("awareness"))
    assert cli("lint").exit_code == 0


# --------------------------------------------------------------------------- YAML's booleans

@pytest.mark.parametrize("setting", ["off", "no", "false", "{severity: off}"])
def test_a_bare_off_as_a_rule_severity_switches_the_rule_off(repo, cli, setting):
    repo.config(f"rules:\n  tag-missing: {setting}\n")
    repo.write("content/a.md", doc(None))
    r = cli("lint", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert not r.json()["findings"]


@pytest.mark.parametrize("setting, key", [("on", "'rules.tag-missing'"), ("yes", "'rules.tag-missing'"),
                                          ("{severity: on}", "'rules.tag-missing.severity'")])
def test_a_bare_on_as_a_rule_severity_says_which_word_to_write(repo, cli, setting, key):
    line = lint_error(repo, cli, f"rules:\n  tag-missing: {setting}\n")
    assert f"planner.yml:2: {key} is true" in line
    assert "YAML reads a bare on, yes or true as true" in line and "'off'" in line


@pytest.mark.parametrize("text, fragments", [
    ("content:\n  follow_symlinks: no\n", ["'content.follow_symlinks' is false", "put the word in quotes", "inside, none, all"]),
    ("journey:\n  lexicon:\n    x: {stage: success, phrases: [yes]}\n", ["'journey.lexicon.x.phrases[0]' is true", "put the word in quotes"]),
])
def test_a_bare_yes_or_no_where_text_is_expected_says_yaml_read_it_as_a_boolean(repo, cli, text, fragments):
    lint_error(repo, cli, text, fragments)


@pytest.mark.parametrize("text, fragment", [
    ("tone:\n  targets:\n    all: {grade_max: .nan}\n", "planner.yml:3: 'tone.targets.all.grade_max' is .nan; expected a finite number"),
    ("coverage:\n  imbalance_ratio: .inf\n", "planner.yml:2: 'coverage.imbalance_ratio' is .inf"),
    ("coverage:\n  plan: {gap: -.inf}\n", "'coverage.plan.gap' is -.inf"),
    ("rules:\n  phase-mismatch: {options: {min_confidence: .NaN}}\n", "'rules.phase-mismatch.options.min_confidence' is .nan"),
])
def test_nan_and_inf_are_config_errors_wherever_a_number_is_read(repo, cli, text, fragment):
    assert fragment in lint_error(repo, cli, text)


# --------------------------------------------------------------------------- names that name nothing

@pytest.mark.parametrize("text, fragments", [
    ("tone:\n  targets:\n    stages:\n      onbording: {grade_max: 8}\n",
     ["planner.yml:4", "'tone.targets.stages.onbording'", "did you mean 'onboarding'", "expected one of: awareness"]),
    ("tone:\n  targets:\n    phases:\n      byer: {hype_max: 40}\n", ["'tone.targets.phases.byer'", "did you mean 'buyer'"]),
    ("tone:\n  targets:\n    formats:\n      podcast: {grade_max: 8}\n", ["'tone.targets.formats.podcast'", "taxonomy's formats"]),
])
def test_a_tone_target_for_a_stage_phase_or_format_the_taxonomy_lacks_is_a_config_error(repo, cli, text, fragments):
    lint_error(repo, cli, text, fragments)


def test_a_tone_target_for_a_stage_the_team_added_is_accepted(repo, cli):
    repo.config("taxonomy:\n  stages:\n    expansion: {phase: customer, after: success}\n"
                "tone:\n  targets:\n    stages:\n      expansion: {grade_max: 9}\n")
    repo.write("content/a.md", doc("awareness"))
    assert cli("lint").exit_code == 0


def test_a_configured_journey_model_that_does_not_exist_is_a_warning_naming_it(repo, cli):
    repo.config("journey:\n  model: models/team.json\n")
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint")
    assert r.exit_code == 0
    assert ("planner: warning: planner.yml:2: 'journey.model' names models/team.json (relative to planner.yml), "
            "which does not exist") in r.stderr
    assert "`planner train` writes it there" in r.stderr


def test_train_does_not_warn_that_the_model_it_is_writing_does_not_exist(repo, cli):
    import shutil

    from tests.conftest import CONTENT

    shutil.rmtree(repo.root / "content")
    shutil.copytree(CONTENT, repo.root / "content")
    repo.config("journey:\n  model: models/team.json\n")
    (repo.root / "models").mkdir()
    r = cli("train")
    assert r.exit_code == 0 and (repo.root / "models" / "team.json").is_file()
    assert "journey.model" not in r.stderr
    (repo.root / "models" / "team.json").unlink()
    r = cli("train", "-o", "other.json")  # journey.model is still missing after this run: say so
    assert r.exit_code == 0 and "'journey.model' names models/team.json" in r.stderr


def test_an_nlp_model_that_is_not_installed_is_one_warning_naming_it(repo, cli):
    repo.config("nlp:\n  model: no_such_pipeline_xyz\n")
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint", "--no-cache")
    assert r.exit_code == 0
    assert r.stderr.count("'nlp.model' 'no_such_pipeline_xyz' is not installed") == 1
    assert "planner: warning: planner.yml:2:" in r.stderr


@pytest.mark.parametrize("value", ["../models/x", "pkg.sub", "./pipeline"])
def test_an_nlp_model_that_is_not_a_package_name_is_a_config_error(repo, cli, value):
    repo.config(f"nlp:\n  model: '{value}'\n")
    r = cli("lint")
    assert r.exit_code == 2 and "not a package name" in r.stderr


def test_an_nlp_model_inside_the_repository_is_refused_never_imported(repo, cli, monkeypatch):
    """Loading a pipeline imports it: a package planted in the repository must not run."""
    repo.write("planted_pipeline/__init__.py", "raise SystemExit('imported')\n")
    repo.config("nlp:\n  model: planted_pipeline\n")
    monkeypatch.syspath_prepend(str(repo.root))  # as `python -m planner` puts the working folder first
    r = cli("lint")
    assert r.exit_code == 2 and "inside the repository" in r.stderr


def test_the_default_journey_model_missing_is_no_warning(repo, cli):
    repo.config("journey:\n  min_words: 50\n")
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint")
    assert r.exit_code == 0 and "journey.model" not in r.stderr


@pytest.mark.parametrize("text, fragments", [
    ("coverage:\n  columns:\n    role: [end-user, econmic-buyer]\n",
     ["planner.yml:3", "'coverage.columns.role[1]' is 'econmic-buyer'", "did you mean 'economic-buyer'"]),
    ("coverage:\n  column_weights:\n    economic-buyr: 1.2\n",
     ["planner.yml:3", "'coverage.column_weights.economic-buyr'", "did you mean 'economic-buyer'"]),
    ("taxonomy:\n  personas: [ops]\n  topics: [billing]\ncoverage:\n  column_weights:\n    nosuch: 1.2\n",
     ["planner.yml:6", "'coverage.column_weights.nosuch' is not a role, persona, format, owner or topic"]),
])
def test_coverage_columns_and_weights_for_values_the_taxonomy_lacks_are_config_errors(repo, cli, text, fragments):
    lint_error(repo, cli, text, fragments)


def test_coverage_weights_for_a_persona_of_an_open_taxonomy_are_accepted(repo, cli):
    repo.config("coverage:\n  column_weights: {ops-manager: 1.2, guide: 2}\n  columns: {persona: [ops-manager]}\n")
    repo.write("content/a.md", doc("awareness"))
    assert cli("lint").exit_code == 0


@pytest.mark.parametrize("text, message", [
    ("coverage:\n  stage_weights:\n    onbording: 2\n",
     "planner.yml:3: 'coverage.stage_weights.onbording' is not a stage (did you mean 'onboarding'?)"),
    ("coverage:\n  bridge:\n    to: onbording\n",
     "planner.yml:3: 'coverage.bridge.to' is 'onbording', not a stage (did you mean 'onboarding'?)"),
    ("coverage:\n  bands:\n    gap: 2\n", "planner.yml:2: 'coverage.bands' needs a band starting at 0"),
])
def test_coverage_setting_errors_name_the_line_and_the_stage_meant(repo, cli, text, message):
    repo.config(text)
    r = cli("coverage")
    assert r.exit_code == 2 and message in r.stderr


def test_every_planner_yml_example_in_the_docs_is_accepted(tmp_path):
    """Each ```yaml block of the docs made of planner.yml sections loads and passes every
    check: a documented key the code refuses would be a lie."""
    import re

    import yaml

    from planner.config import sections
    from planner.config_checks import check_config
    from tests.conftest import REPO

    seen = 0
    for page in sorted((REPO / "docs").glob("*.md")):
        for block in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            data = next(yaml.safe_load_all(block), None)
            if isinstance(data, dict) and data and set(data) <= set(sections()):
                check_config(build_config(data, root=tmp_path))
                seen += 1
    assert seen >= 10


def _special_config(kind: str, path) -> None:
    import os

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        os.symlink("/dev/zero", path)
    elif kind == "dangling link":
        os.symlink("gone.yml", path)
    else:
        path.mkdir()


@pytest.mark.parametrize("kind, said", [("fifo", "a named pipe (FIFO), not a file"),
                                        ("device", "a character device, not a file"),
                                        ("dangling link", "a symbolic link to 'gone.yml', which does not exist"),
                                        ("folder", "a folder, not a file")])
def test_a_planner_yml_that_is_not_a_file_is_an_error_not_a_hang_nor_the_parent_folders_config(repo, kind, said):
    import subprocess
    import sys

    repo.config("content:\n  required: [title]\n")  # the parent's: must not be used instead
    team = repo.root / "team"
    (team / "content").mkdir(parents=True)
    _special_config(kind, team / "planner.yml")
    for args in (["lint"], ["--config", "planner.yml", "lint"]):
        if kind == "folder" and "--config" in args:
            continue  # click's own "is a directory" answers that one
        r = subprocess.run([sys.executable, "-m", "planner", *args], cwd=team, capture_output=True, text=True,
                           timeout=120, env={**os.environ, "PLANNER_NO_DAEMON": "1"})
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("planner: error: planner.yml: ") and said in r.stderr, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_a_planner_yml_over_a_megabyte_is_a_config_error_naming_it_not_seconds_of_reading(repo, cli):
    from planner.config import MAX_CONFIG_BYTES

    filler = "# generated\n" * (MAX_CONFIG_BYTES // 12 + 1)
    repo.config("content:\n  required: [title]\n" + filler)
    r = cli("lint")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("planner: error: planner.yml: configuration over 1 MB")
    repo.config("content:\n  required: [title]\n" + filler[: MAX_CONFIG_BYTES // 2])  # large, but a configuration
    assert cli("lint").exit_code == 0


def test_the_config_text_is_composed_once_however_many_keys_are_located(repo, monkeypatch):
    """Finding a key's line composes the YAML; the taxonomy checks locate each stage,
    so composing per lookup made reading a large planner.yml quadratic-like (7 passes)."""
    import yaml

    import planner.yamltext as yamltext

    calls = []
    real = yaml.compose
    monkeypatch.setattr(yamltext.yaml, "compose", lambda *a, **k: calls.append(1) or real(*a, **k))
    repo.config(f"# {repo.root}\ntaxonomy:\n  personas: [ops-manager]\ncontent:\n  required: [title]\n")
    cfg = load_config()
    assert cfg.at(["content", "required"]).endswith(":5") and cfg.at(["taxonomy", "personas"]).endswith(":3")
    assert len(calls) == 1
