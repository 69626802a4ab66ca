"""Teams extend and tune the journey lexicon in planner.yml; broken entries are config errors."""
from __future__ import annotations

import pytest

from tests.conftest import doc

FLEET_BODY = """
Most fleets lose hours every week to routes planned on guesswork, and the cost adds up:
fuel, overtime and late deliveries. In this article we look at why route planning is hard,
what the research says about idle time, and the habits of fleets that deliver on time.

Mount the sensor on each vehicle and pair your device with the hub: mount the sensor first,
then pair your device, then register your device for the weekly report.
"""


def _lint(repo, cli):
    return cli("lint", "--format", "json", "--fail-on", "none")


def test_a_team_signal_from_config_becomes_evidence(repo, cli):
    repo.config("""
    journey:
      lexicon:
        hardware-install:
          stage: onboarding
          weight: 3.0
          phrases: ["mount the sensor", "{pair|register} your device"]
    """)
    repo.write("content/fleet.md", doc("awareness", FLEET_BODY, title="Telematics for fleets"))
    r = _lint(repo, cli)
    assert r.exit_code == 0, r.stderr
    data = r.json()
    predicted = data["documents"][0]["predicted"]
    assert predicted["phase"] == "customer" and predicted["stage"] == "onboarding"
    [f] = [f for f in data["findings"] if f["rule"] == "phase-mismatch"]
    assert {e.lower() for e in f["evidence"]} & {"mount the sensor", "pair your device", "register your device"}


def test_without_the_team_signal_the_same_page_is_not_flagged(repo, cli):
    repo.write("content/fleet.md", doc("awareness", FLEET_BODY, title="Telematics for fleets"))
    data = _lint(repo, cli).json()
    assert not [f for f in data["findings"] if f["rule"] == "phase-mismatch"]


def test_phrases_added_to_a_built_in_signal_extend_it(repo, cli):
    repo.config("""
    journey:
      ctas:
        academy: {fits: [success, adoption], ids: ["academy"], phrases: ["enrol in the academy"]}
    """)
    body = """
    Most teams miss deadlines for the same few reasons, and none of them is laziness. Work
    arrives from too many places, estimates are guesses, and nobody can see who is overloaded
    until it is too late. In this article we look at why deadlines slip and what research says.
    """
    repo.write("content/post.md", doc("awareness", body, title="Why teams miss deadlines", cta="enroll-academy"))
    data = _lint(repo, cli).json()
    [f] = [f for f in data["findings"] if f["rule"] == "cta-mismatch"]
    assert "cta: enroll-academy" in f["evidence"]


def test_a_built_in_signal_can_be_switched_off(repo, cli):
    repo.config("""
    journey:
      lexicon:
        owned-possession: {enabled: false}
    """)
    repo.write("content/a.md", doc("success", "Your subscription renews soon. " * 20, title="Renewal"))
    data = _lint(repo, cli).json()
    assert data["documents"][0]["predicted"]["phase"] in ("buyer", "customer")


def test_a_broken_regex_is_a_config_error_naming_the_entry(repo, cli):
    repo.config("""
    journey:
      lexicon:
        my-signal: {stage: adoption, regex: ["(unclosed"]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "journey.lexicon.my-signal.regex[0]" in r.stderr and "planner.yml" in r.stderr
    assert "internal error" not in r.stderr


def test_an_unknown_stage_in_a_signal_is_a_config_error(repo, cli):
    repo.config("""
    journey:
      lexicon:
        my-signal: {stage: onbaording, phrases: ["hello"]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "journey.lexicon.my-signal.stage" in r.stderr and "onbaording" in r.stderr


def test_a_bad_token_pattern_is_a_config_error(repo, cli):
    repo.config("""
    journey:
      lexicon:
        my-signal: {stage: adoption, patterns: [[{"NOPE": "x"}]]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "journey.lexicon.my-signal.patterns[0]" in r.stderr


def test_a_wrongly_typed_weight_is_a_config_error(repo, cli):
    repo.config("""
    journey:
      lexicon:
        my-signal: {stage: adoption, weight: heavy, phrases: ["x"]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "journey.lexicon.my-signal.weight" in r.stderr


def test_a_title_only_signal_ignores_the_body(repo, cli):
    repo.config("""
    journey:
      lexicon:
        release-notes-title:
          stage: adoption
          weight: 4.0
          presence: true
          zones: [title]
          phrases: ["release notes"]
    """)
    body = FLEET_BODY.replace("Mount the sensor", "Read the release notes").replace("mount the sensor", "read the release notes")
    repo.write("content/a.md", doc("awareness", body, title="Why route planning is hard"))
    repo.write("content/b.md", doc("awareness", body, title="Release notes"))
    data = _lint(repo, cli).json()
    predicted = {d["path"]: d["predicted"] for d in data["documents"]}
    assert predicted["content/a.md"]["phase"] == "buyer"
    assert predicted["content/b.md"]["phase"] == "customer"


def test_an_unknown_zone_is_a_config_error(repo, cli):
    repo.config("""
    journey:
      lexicon:
        my-signal: {stage: adoption, zones: [footer], phrases: ["x"]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "journey.lexicon.my-signal.zones" in r.stderr


def test_alternatives_nest_inside_alternatives():
    from planner.journey.lexicon import expand

    assert expand("{prizes|submit your {post|talk}}") == ["prizes", "submit your post", "submit your talk"]
    assert expand("your {plan|account} {page|tab}") == ["your plan page", "your plan tab", "your account page",
                                                        "your account tab"]


@pytest.mark.parametrize("attr, needs", [("POS", "a part-of-speech tagger"), ("TAG", "a part-of-speech tagger"),
                                         ("MORPH", "a morphologizer"), ("DEP", "a dependency parser"),
                                         ("ENT_TYPE", "an entity recognizer")])
def test_a_pattern_needing_a_component_the_pipeline_lacks_is_a_config_error_naming_key_and_line(repo, cli, attr, needs):
    repo.config(f"""
    journey:
      lexicon:
        my-signal:
          stage: success
          patterns:
            - [{{LOWER: renew}}]
            - [{{LEMMA: renew}}, {{{attr}: X}}]
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2 and "internal error" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("planner: error: planner.yml:8: journey.lexicon.my-signal.patterns[1][1] uses " + attr)
    assert needs in line and "token patterns may use:" in line and "LOWER" in line and "LEMMA" in line


@pytest.mark.parametrize("token, fragment", [("{LOWR: x}", "LOWR, which is not a token attribute (did you mean 'LOWER'?)"),
                                             ("{_: {foo: 1}}", "uses _, which names custom extension attributes")])
def test_an_unknown_or_extension_pattern_attribute_is_a_config_error(repo, cli, token, fragment):
    repo.config(f"""
    journey:
      lexicon:
        my-signal: {{stage: adoption, patterns: [[{token}]]}}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2 and "internal error" not in r.stderr
    assert "planner.yml:4: journey.lexicon.my-signal.patterns[0][0]" in r.stderr and fragment in r.stderr


def test_spacys_own_pattern_complaint_is_quoted_with_the_key(repo, cli):
    repo.config("""
    journey:
      lexicon:
        my-signal: {stage: adoption, patterns: [[{LOWER: {IN: [a, 1]}}]]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "journey.lexicon.my-signal.patterns[0] is not a valid spaCy token pattern: [pattern -> 0 -> LOWER" in r.stderr


def test_any_spacy_error_while_trying_a_team_pattern_is_a_lexicon_error(monkeypatch):
    from planner.config import default_config
    from planner.journey import lexicon
    from planner.nlp import get_nlp

    class Failing(lexicon.Matcher):
        def __call__(self, *args, **kwargs):
            raise KeyError("[E999] something spaCy only notices when matching")

    monkeypatch.setattr(lexicon, "Matcher", Failing)
    data = lexicon.merged({"lexicon": {"my-signal": {"stage": "adoption", "patterns": [[{"LOWER": "renew"}]]}}})
    stages = {s: spec["phase"] for s, spec in default_config().taxonomy["stages"].items()}
    with pytest.raises(lexicon.LexiconError, match=r"journey.lexicon.my-signal.patterns\[0\] is not a valid spaCy token pattern: .*E999"):
        lexicon.compile_lexicon(get_nlp(None), data, stages)


def test_part_of_speech_in_a_pattern_is_allowed_when_the_pipeline_tags(monkeypatch):
    from planner.journey import lexicon
    from planner.nlp import get_nlp

    nlp = get_nlp(None)
    monkeypatch.setattr(lexicon, "_probe", lambda _nlp: type("Tagged", (), {"has_annotation": lambda self, a: True})())
    assert "POS" in lexicon.pattern_attributes(nlp) and "DEP" in lexicon.pattern_attributes(nlp)


@pytest.mark.parametrize("key, name, fragment", [
    ("lexicon", "essay-framin", "switches off a built-in signal that does not exist (did you mean 'essay-framing'?)"),
    ("lexicon", "nosuchbuiltin", "switches off a built-in signal that does not exist;"),
    ("ctas", "webinr", "switches off a built-in call to action that does not exist"),
])
def test_switching_off_a_built_in_that_does_not_exist_is_a_config_error(repo, cli, key, name, fragment):
    repo.config(f"""
    journey:
      {key}:
        {name}: {{enabled: false}}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert f"planner.yml:4: 'journey.{key}.{name}' {fragment}" in r.stderr


def test_extending_a_misspelt_built_in_signal_suggests_the_built_in(repo, cli):
    repo.config("""
    journey:
      lexicon:
        owned-posession: {phrases: ["your fleet dashboard"]}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2
    assert "planner.yml:4: journey.lexicon.owned-posession is not a built-in signal (did you mean 'owned-possession'?)" in r.stderr


@pytest.mark.parametrize("entry, fragment", [
    ('phrases: ["{|}"]', "journey.lexicon.my-signal.phrases[0] '{|}' stands for no words"),
    ('phrases: ["' + "{a|b}" * 20 + '"]', "stands for more than 1000 phrases; split it into several entries"),
    ('lemmas: ["' + "sign up " * 10 + '"]', "stands for more than 1000 phrases with their inflected forms"),
    ('phrases: ["' + "{a|" * 3000 + "b" + "}" * 3000 + '"]', "nests {...} groups 3000 deep; at most 10 levels"),
    # few phrases, but each level multiplies the steps: a million before the budget
    ('phrases: ["' + "{{{a|a}|c}|d}" * 9 + '"]', "stands for more than 1000 phrases"),
])
def test_a_phrase_standing_for_no_words_or_too_many_is_a_config_error_not_a_hang(repo, cli, entry, fragment):
    repo.config(f"""
    journey:
      lexicon:
        my-signal: {{stage: adoption, {entry}}}
    """)
    repo.write("content/a.md", doc("awareness"))
    r = _lint(repo, cli)
    assert r.exit_code == 2 and "internal error" not in r.stderr
    assert "planner.yml:4: journey.lexicon.my-signal." in r.stderr and fragment in r.stderr
