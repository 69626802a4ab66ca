"""Tone rules firing and not firing: readability, hype, self-centred, section-drift,
tone-drift, handoff-drift; and the example content's planted tone problems."""
from __future__ import annotations

import pytest

from tests.conftest import CONTENT, doc

TONE = {"readability", "hype", "self-centred", "section-drift", "tone-drift", "handoff-drift"}

PLAIN = [
    "Open the board you want to plan and pick a column for new work. Each card is one task, with an owner "
    "and a due date.",
    "Drag a card to move it. The owner gets a note when the date is close, so nothing slips past the end of "
    "the week.",
    "You can filter the board by person or by label. Save a filter to come back to it later, or share it "
    "with your team.",
    "When a task is done, move it to the last column. The report at the end of the week counts what moved "
    "and what did not.",
]
PITCH = ("Get ready to be amazed! Our revolutionary, best-in-class engine is the most powerful planning tool ever "
         "built, and it is incredibly easy to use. Teams see jaw-dropping results from day one. Don't miss out: "
         "upgrade NOW and unleash the full power of your team!")
LEGAL = ("Prior to the commencement of any configuration activity, it is recommended that the identification of all "
         "parties to whom administrative privileges are to be assigned be undertaken, inasmuch as the subsequent "
         "modification of such assignments may necessitate the involvement of the owner. It should be noted that "
         "the foregoing obligations apply notwithstanding any arrangement entered into in respect of access by "
         "means of an external provider, and the verification thereof shall remain with the organisation.")
WE = ("We designed our platform around our own experience. Our founders spent a decade building software, and we "
      "poured everything we learned into our product. We believe our approach is unique, and we are proud of what "
      "our team built. Our roadmap reflects our vision, and we are committed to it.")


def plain(n: int = 4) -> str:
    return "\n\n".join(PLAIN[i % len(PLAIN)] for i in range(n)) + "\n"


def findings(cli, *paths: str) -> list[dict]:
    r = cli("lint", "--format", "json", "--fail-on", "none", *paths)
    assert r.exit_code == 0, r.output + r.stderr
    return [f for f in r.json()["findings"] if f["rule"] in TONE]


def rules_at(found: list[dict], path: str) -> set[str]:
    return {f["rule"] for f in found if f["path"] == path}


def on_lines(f: dict, first: int, last: int) -> bool:
    spans = [(f["line"], f["end_line"])] + [(s["line"], s["end_line"]) for s in f.get("sentences", [])]
    return any(a <= last and first <= b for a, b in spans)


def test_plain_guide_is_quiet(repo, cli):
    repo.write("content/guide.md", doc("adoption", plain(6)))
    assert findings(cli) == []


def test_hype_fires_on_a_pitch_and_quotes_the_phrases(repo, cli):
    repo.write("content/pitch.md", doc("adoption", PITCH + "\n\n" + PITCH.replace("engine", "planner") + "\n"))
    hype = [f for f in findings(cli) if f["rule"] == "hype"]
    assert len(hype) == 1 and hype[0]["severity"] == "warning"
    assert "budget" in hype[0]["message"]
    assert {"revolutionary", "best-in-class"} <= set(hype[0]["evidence"])
    assert hype[0]["sentences"] and hype[0]["sentences"][0]["highlights"]


def test_hype_budget_is_lower_for_customer_content(repo, cli):
    body = plain(12) + "\nIt is the best planner on the market, and honestly amazing!\n"
    repo.write("content/buyer.md", doc("consideration", body))
    repo.write("content/customer.md", doc("adoption", body))
    found = findings(cli)
    assert "hype" in rules_at(found, "content/customer.md")
    assert "hype" not in rules_at(found, "content/buyer.md")


def test_hype_paragraph_in_a_plain_guide_is_reported_where_it_is(repo, cli):
    body = plain(8) + "\n" + PITCH + "\n\n" + plain(8)
    path = repo.write("content/guide.md", doc("consideration", body))
    line = path.read_text().splitlines().index(PITCH) + 1
    hits = [f for f in findings(cli) if f["rule"] in ("hype", "section-drift") and on_lines(f, line, line)]
    assert hits


def test_self_centred_fires_on_self_praise_not_on_tutorial_we(repo, cli):
    repo.write("content/about.md", doc("consideration", WE + "\n\n" + WE + "\n\n" + plain(1)))
    tutorial = ("Now we add a step to the pipeline. We run it and we look at the output. Then we change the "
                "query and we run it again, so we can compare the two results side by side.\n\n") * 3
    repo.write("content/tutorial.md", doc("adoption", tutorial))
    found = findings(cli)
    selfish = [f for f in found if f["rule"] == "self-centred"]
    assert [f["path"] for f in selfish] == ["content/about.md"]
    assert "personalism" in selfish[0]["message"]
    assert "self-centred" not in rules_at(found, "content/tutorial.md")


def test_readability_fires_over_the_stage_target_with_the_hardest_sentence(repo, cli):
    repo.write("content/dense.md", doc("onboarding", LEGAL + "\n\n" + LEGAL + "\n"))
    repo.write("content/plain.md", doc("onboarding", plain(4)))
    found = findings(cli)
    read = [f for f in found if f["rule"] == "readability" and f["path"] == "content/dense.md"]
    assert read and "target" in read[0]["message"]
    assert read[0]["sentences"][0]["text"].startswith(("Prior", "It should"))
    assert "readability" not in rules_at(found, "content/plain.md")


def test_readability_target_comes_from_config(repo, cli):
    repo.config("""
        tone:
          targets:
            stages:
              onboarding: {flesch_min: 0, grade_max: 40}
    """)
    repo.write("content/dense.md", doc("onboarding", LEGAL + "\n\n" + LEGAL + "\n"))
    msgs = [f["message"] for f in findings(cli) if f["rule"] == "readability"]
    assert not [m for m in msgs if "target" in m]


def test_section_drift_fires_on_a_pasted_passage_and_names_the_section(repo, cli):
    body = plain(4) + "\n## Before you start\n\n" + LEGAL + "\n\n## Next steps\n\n" + plain(4)
    path = repo.write("content/guide.md", doc("onboarding", body))
    line = path.read_text().splitlines().index(LEGAL) + 1
    drift = [f for f in findings(cli) if f["rule"] == "section-drift"]
    assert len(drift) == 1 and on_lines(drift[0], line, line)
    assert "informality" in drift[0]["message"]


def test_section_drift_is_quiet_on_a_consistent_document(repo, cli):
    body = plain(4) + "\n## Set up\n\n" + plain(4) + "\n## Next steps\n\n" + plain(4)
    repo.write("content/guide.md", doc("onboarding", body))
    assert "section-drift" not in rules_at(findings(cli), "content/guide.md")


def test_short_documents_get_a_profile_but_no_drift_verdict(repo, cli):
    repo.write("content/short.md", doc("onboarding", PLAIN[0] + "\n\n" + LEGAL[:200] + ".\n"))
    found = findings(cli)
    assert not {"section-drift", "tone-drift"} & rules_at(found, "content/short.md")
    r = cli("tone", "--format", "json")
    assert r.json()["documents"][0]["scores"]["informality"] is not None


def _peers(repo, stage: str, n: int) -> None:
    for i in range(n):
        repo.write(f"content/peer{i}.md", doc(stage, "\n\n".join(PLAIN[(i + k) % 4] for k in range(5)) + "\n"))


def test_tone_drift_flags_the_outlier_among_stage_peers(repo, cli):
    _peers(repo, "adoption", 6)
    repo.write("content/loud.md", doc("adoption", "\n\n".join([PITCH, WE, PITCH.replace("NOW", "today"), WE]) + "\n"))
    found = findings(cli)
    drift = [f for f in found if f["rule"] == "tone-drift"]
    assert [f["path"] for f in drift] == ["content/loud.md"]
    assert "hype" in drift[0]["message"] and "median" in drift[0]["message"]


def test_tone_drift_needs_enough_peers(repo, cli):
    _peers(repo, "adoption", 2)
    repo.write("content/loud.md", doc("adoption", "\n\n".join([PITCH, WE, PITCH, WE]) + "\n"))
    assert "tone-drift" not in rules_at(findings(cli), "content/loud.md")


BREEZY = ("Security should not slow you down. You decide who sees what, and you can set it all up in minutes. "
          "Connect your login provider and you are done. People sign in with the login they have. When someone "
          "leaves, switch them off in one place. No tickets. No spreadsheets. Just clear roles.\n\n") * 2


@pytest.mark.parametrize("decision_tags,onboarding_tags,pairs", [
    ({"topic": "permissions"}, {"topic": "permissions"}, True),
    ({"topic": "billing"}, {"topic": "permissions"}, False),
    ({"persona": "it-admin"}, {"persona": "it-admin"}, True),
    ({"persona": "it-admin"}, {"persona": "ops-manager"}, False),
])
def test_handoff_drift_pairs_decision_and_onboarding_by_topic_or_persona(repo, cli, decision_tags,
                                                                         onboarding_tags, pairs):
    repo.write("content/decision.md", doc("decision", BREEZY, **decision_tags))
    repo.write("content/onboarding.md", doc("onboarding", (LEGAL + "\n\n") * 3, **onboarding_tags))
    handoff = [f for f in findings(cli) if f["rule"] == "handoff-drift"]
    assert bool(handoff) is pairs
    if pairs:
        assert handoff[0]["path"] == "content/onboarding.md"
        assert "content/decision.md" in handoff[0]["message"] and "content/onboarding.md" in handoff[0]["message"]


def test_handoff_drift_is_quiet_when_both_sides_are_plain(repo, cli):
    repo.write("content/decision.md", doc("decision", BREEZY, topic="permissions"))
    repo.write("content/onboarding.md", doc("onboarding", plain(6), topic="permissions"))
    assert not [f for f in findings(cli) if f["rule"] == "handoff-drift"]


def test_rule_severity_and_off_come_from_config(repo, cli):
    repo.config("""
        rules:
          hype: "off"
          readability: error
    """)
    repo.write("content/pitch.md", doc("onboarding", (PITCH + "\n\n") * 2 + LEGAL + "\n"))
    found = findings(cli)
    assert "hype" not in {f["rule"] for f in found}
    assert {f["severity"] for f in found if f["rule"] == "readability"} == {"error"}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """Lint JSON of the example content estate, once for this module."""
    import json
    import os

    from click.testing import CliRunner

    from planner.cli import cli as group

    cwd = os.getcwd()
    os.chdir(CONTENT.parent)
    try:
        r = CliRunner().invoke(group, ["lint", "content", "--format", "json", "--fail-on", "none"],
                               catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return json.loads(r.stdout)


def test_planted_off_tone_piece_is_caught(example):
    found = [f for f in example["findings"] if f["path"] == "content/help/automation-rules-guide.md"
             and f["severity"] == "warning"]
    assert {"hype", "self-centred", "tone-drift", "section-drift"} <= {f["rule"] for f in found}
    # the two planted paragraphs, each as the kind it is
    kinds = {f["fix"]["kind"] for f in found if f["rule"] == "section-drift"}
    assert {"hype", "buzzwords"} <= kinds


def test_planted_officialese_onboarding_page_is_caught(example):
    found = [f for f in example["findings"] if f["path"] == "content/get-started/set-up-permissions-and-sso.md"
             and f["rule"] == "tone-drift" and f["severity"] == "warning"]
    assert found and "informality" in found[0]["message"]


def test_planted_handoff_pair_is_caught_naming_both(example):
    handoff = [f for f in example["findings"] if f["rule"] == "handoff-drift"]
    assert any("content/trust/security-and-permissions.md" in f["message"]
               and "content/get-started/set-up-permissions-and-sso.md" in f["message"]
               and "permissions" in f["message"] for f in handoff)


def test_well_written_example_content_stays_quiet_at_warning_level(example):
    planted = {"content/help/automation-rules-guide.md", "content/get-started/set-up-permissions-and-sso.md",
               "content/trust/security-and-permissions.md"}
    noisy = {f["path"] for f in example["findings"]
             if f["rule"] in TONE and f["severity"] in ("warning", "error") and f["path"] not in planted}
    assert noisy == set()


def test_lint_json_carries_tone_dimensions_and_readability(example):
    rec = next(d for d in example["documents"] if d["path"] == "content/help/automation-rules-guide.md")
    assert set(rec["tone"]) >= {"readability", "personalism", "informality", "liveliness", "hype", "hedging",
                                "jargon", "phase_emotion"}
    assert rec["tone"]["hype"] > 80
    assert set(rec["readability"]) >= {"flesch_reading_ease", "grade", "sentence_mean", "sentence_spread",
                                       "long_share"}
