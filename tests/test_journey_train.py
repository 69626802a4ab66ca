"""`planner train` and the team model: product names, determinism, refusal, cross-fitting,
automatic pick-up, stale and corrupt models."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, doc

MODEL = Path(".planner/model.json")


@pytest.fixture
def estate(repo):
    """The example estate (50 pages, three planted phase mismatches) as its own repository."""
    shutil.rmtree(repo.root / "content")
    shutil.copytree(CONTENT, repo.root / "content")
    return repo


def _phase_flags(result) -> list[str]:
    return sorted({f["path"] for f in result.json()["findings"] if f["rule"] == "phase-mismatch"})


# -- product names ------------------------------------------------------------------------------
def test_product_names_are_inferred_from_names_that_recur_across_most_pages():
    from planner.journey.estate import infer_product_names

    pages = [
        "However, the board loves Zorblat. Open the Zorblat dashboard and click Save. We host it on GitHub.",
        "Once you sign in, Zorblat shows your projects. Zorblat keeps them in sync with GitHub.",
        "Teams use Zorblat daily. However, some use spreadsheets.",
        "What is capacity planning? It is an old idea, and Kubernetes has nothing to do with it.",
    ]
    # "However"/"Once" are capitalised by position, GitHub is a platform, Kubernetes recurs too little
    assert infer_product_names(pages) == ["Zorblat"]
    assert infer_product_names(pages[:2]) == []  # too few pages to say what recurs


def test_configured_product_names_override_the_inferred_ones(estate, cli):
    inferred = cli("lint", "--format", "json", "--fail-on", "none").json()["tool"]["journey"]
    assert inferred["product_names"] == ["Tandemly"] and inferred["names_source"] == "inferred"
    estate.config("product:\n  names: [Acme, Acme Cloud]\n")
    got = cli("lint", "--format", "json", "--fail-on", "none").json()["tool"]["journey"]
    assert got["product_names"] == ["Acme", "Acme Cloud"] and got["names_source"] == "config"


def test_how_a_page_uses_the_product_is_a_feature(estate):
    from planner.journey.about import about_features
    from planner.loader import load_document
    from planner.config import default_config

    config = default_config(estate.root)
    d = load_document(estate.root / "content/help/executive-reports.md", config, estate.root)
    feats = about_features(d.prose, d.prose.words, [], ["Tandemly"])
    assert "about:absent" not in feats and feats["about:density"] > 0
    assert about_features(d.prose, d.prose.words, [], ["Nonexistent"])["about:absent"] == 1.0


# -- training -----------------------------------------------------------------------------------
def test_training_is_deterministic_same_input_same_bytes(estate, cli):
    first = cli("train", "-o", "a.json")
    second = cli("train", "-o", "b.json")
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr
    a, b = (estate.root / "a.json").read_bytes(), (estate.root / "b.json").read_bytes()
    assert a == b
    model = json.loads(a)
    assert model["format"] == "planner-team-model" and model["version"] == 1
    assert model["journey"]["product_names"] == ["Tandemly"]
    assert list(model) == sorted(model)  # sorted keys


def test_train_prints_what_it_learned(estate, cli):
    r = cli("train")
    assert r.exit_code == 0, r.stderr
    for part in ("learned from", "product names: Tandemly", "learned from, per stage:", "cross-validated",
                 "strongest learned terms", "left out as likely mistagged", "wrote"):
        assert part in r.output
    j = cli("train", "--format", "json").json()
    assert j["documents"] >= 40 and j["product_names"] == ["Tandemly"]
    assert {"phase_accuracy", "stage_accuracy"} <= set(j["cross_validated"])
    assert set(j["per_stage"]) >= {"awareness", "adoption"} and j["strongest_terms"]


def test_train_counts_add_up_and_the_model_records_the_same_numbers(estate, cli):
    r = cli("train", "--format", "json")
    assert r.exit_code == 0, r.stderr
    j = r.json()
    trained = json.loads((estate.root / MODEL).read_text())["trained_on"]
    assert j["validly_tagged"] == 47 and j["not_used"] == 3 and len(j["left_out"]) == 3
    assert j["documents"] == j["validly_tagged"] - len(j["left_out"]) == sum(j["per_stage"].values()) == 44
    assert j["cross_validated"]["documents"] == j["validly_tagged"]
    for key in ("documents", "validly_tagged", "not_used", "per_stage", "left_out", "down_weighted"):
        assert trained[key] == j[key], key
    text = cli("train").output
    assert text.startswith("planner train: 47 validly tagged documents (3 more not used: 2 not published, 1 with a "
                           "phase its stage contradicts); 3 left out as likely mistagged; learned from 44\n")
    assert "learned from, per stage:" in text and "cross-validated on the 47 tagged pages" in text
    assert "trained on 44 documents" in cli("lint", "-v", "--fail-on", "none").stderr


def test_the_teams_voice_leaves_out_the_pages_left_out_as_mistagged(estate, cli):
    j = cli("train", "--format", "json").json()
    assert j["voice"]["documents"] == j["documents"] == 44
    voice = json.loads((estate.root / MODEL).read_text())["voice"]
    assert sum(g["documents"] for g in voice["stages"].values()) == 44


def test_train_to_another_file_says_it_is_not_used_until_configured(estate, cli):
    r = cli("train", "-o", "team.json")
    assert r.exit_code == 0, r.stderr
    assert "use it from now on" not in r.output
    assert "wrote team.json" in r.output and "do not read it: to use it, set `journey.model: team.json`" in r.output
    assert cli("lint", "--format", "json", "--fail-on", "none").json()["tool"]["journey"]["model"] is None
    assert cli("train", "-o", "team.json", "--format", "json").json()["in_use"] is False
    estate.config("journey:\n  model: team.json\n")
    assert cli("lint", "--format", "json", "--fail-on", "none").json()["tool"]["journey"]["model"]["path"] == "team.json"
    again = cli("train", "-o", "team.json")
    assert "use it from now on" in again.output  # -o naming journey.model's own file
    assert cli("train", "--format", "json").json()["in_use"] is True


def test_train_refuses_an_output_folder_that_does_not_exist(estate, cli):
    r = cli("train", "-o", "nope/m.json")
    assert r.exit_code == 2
    assert "cannot write nope/m.json: folder nope does not exist; create it first" in r.stderr
    assert not (estate.root / "nope").exists() and r.output == ""
    assert cli("train").exit_code == 0 and (estate.root / MODEL).is_file()  # .planner/ itself is made


def test_strongest_terms_are_words_on_several_of_the_stages_own_pages():
    from planner.journey.adapt import strongest_terms

    stages = ["awareness", "adoption"]
    model = {"vocabulary": ["docker", "planning", "workload", "click"],
             "weights": {"awareness": {"w:docker": 5.0, "w:planning": 1.0, "w:workload": 2.0},
                         "adoption": {"w:click": 1.0}}}
    rows = [{"stage": "awareness", "terms": {"planning", "workload"}},
            {"stage": "awareness", "terms": {"planning"}},
            {"stage": "awareness", "terms": {"planning", "other"}},
            {"stage": "adoption", "terms": {"click"}}]
    got = strongest_terms(model, stages, rows)
    # docker weighs most but is on none of the team's pages, workload on one: neither is the stage's language
    assert got == {"awareness": ["planning"], "adoption": []}


def test_a_tiny_estate_gets_a_refusal_naming_the_numbers(repo, cli):
    for i in range(3):
        repo.write(f"content/b{i}.md", doc("awareness", "What is capacity planning and why it matters to teams. " * 12))
    for i in range(3):
        repo.write(f"content/c{i}.md", doc("adoption", "In your workspace, open Settings and click Save. " * 12))
    r = cli("train")
    assert r.exit_code == 2
    assert "learn from: 6 (3 buyer, 3 customer); planner train needs at least 10, and 4 in each phase" in r.stderr
    assert not (repo.root / MODEL).exists()


def test_a_one_phase_estate_is_refused_naming_the_phase_that_is_short_and_the_pages_not_used(repo, cli):
    for i in range(12):
        repo.write(f"content/b{i}.md", doc("awareness", "What is capacity planning and why it matters to teams. " * 12))
    repo.write("content/c0.md", doc("adoption", "In your workspace, open Settings and click Save. " * 12))
    repo.write("content/draft.md", doc("onboarding", "In your workspace, open Settings and click Save. " * 12,
                                       status="draft"))
    repo.write("content/odd.md", doc("post-sale-party", "In your workspace, open Settings and click Save. " * 12))
    repo.write("content/short.md", doc("success", "Open Settings."))
    r = cli("train")
    assert r.exit_code == 2 and not (repo.root / MODEL).exists()
    assert r.stderr == ("planner: error: too few customer pages to learn from: 13 validly tagged documents (12 buyer, "
                        "1 customer); planner train needs at least 4 in each phase, to learn where one phase's language "
                        "ends and the other's begins (3 more read but not used: 1 not published, 1 with an unknown "
                        "stage, 1 too short). The shipped model is used until then.\n")


def test_train_says_why_each_page_it_read_was_not_used(estate, cli):
    estate.write("content/odd.md", doc("post-sale-party", "In your workspace, open Settings and click Save. " * 12))
    estate.write("content/notes.md", "Just some notes without front matter, " * 20 + "\n")
    j = cli("train", "--format", "json").json()
    assert j["not_used_because"] == {"not_published": 2, "untagged": 1, "unknown_stage": 1, "conflicting_phase": 1}
    assert j["not_used"] == sum(j["not_used_because"].values()) == 5


def test_mistagged_training_pages_are_still_flagged_after_training(estate, cli):
    # a correct customer page re-tagged as buyer, next to the three planted mismatches
    page = estate.root / "content/help/export-data-with-the-api.md"
    page.write_text(page.read_text().replace("phase: customer\nstage: adoption", "phase: buyer\nstage: awareness", 1))
    before = _phase_flags(cli("lint", "--format", "json", "--fail-on", "none"))
    assert "content/help/export-data-with-the-api.md" in before
    r = cli("train", "--format", "json")
    assert r.exit_code == 0, r.stderr
    after = _phase_flags(cli("lint", "--format", "json", "--fail-on", "none"))
    for planted in ("content/blog/connect-slack-notifications.md", "content/emails/welcome-to-tandemly.md",
                    "content/pricing/loyalty-discount.md", "content/help/export-data-with-the-api.md"):
        assert planted in after
    doubted = {x["path"] for x in r.json()["left_out"]} | set(r.json()["down_weighted"])
    assert "content/help/export-data-with-the-api.md" in doubted


def test_the_model_is_picked_up_automatically_and_reported(estate, cli):
    assert cli("lint", "--format", "json", "--fail-on", "none").json()["tool"]["journey"]["model"] is None
    assert cli("train").exit_code == 0
    tool = cli("lint", "--format", "json", "--fail-on", "none").json()["tool"]["journey"]
    assert tool["model"]["path"] == ".planner/model.json" and tool["model"]["stale"] is False
    assert tool["names_source"] == "model"
    v = cli("lint", "-v", "--fail-on", "none")
    assert "journey model: .planner/model.json (team model" in v.stderr
    plan = cli("plan", "--format", "json")
    assert plan.exit_code == 0


def test_the_model_digest_is_part_of_the_cache_key(estate, cli):
    from planner.config import load_config
    from planner.journey import model_digest
    from planner.journey.estate import prepare

    before = load_config(estate.root)
    prepare(before, texts=[])
    assert model_digest(before) == ""
    assert cli("train").exit_code == 0
    after = load_config(estate.root)
    prepare(after, texts=[])
    assert len(model_digest(after)) == 16
    assert before.fingerprint() != after.fingerprint()


def test_a_stale_model_is_reported_not_silently_trusted(estate, cli):
    assert cli("train").exit_code == 0
    pages = sorted((estate.root / "content").rglob("*.md"))
    for p in pages[: int(len(pages) * 0.7)]:
        p.write_text(p.read_text() + "\nA new closing paragraph, written after training.\n")
    r = cli("lint", "--format", "json", "--fail-on", "none")
    model = r.json()["tool"]["journey"]["model"]
    assert model["stale"] is True and model["stale_because"] == "new_or_changed" and model["whole_estate"] is True
    assert "STALE" in r.stderr and "planner train" in r.stderr
    assert f"STALE: {model['new_or_changed']} of the estate's 50 documents are new or changed since training (more than half)" \
        in r.stderr


def test_linting_part_of_the_estate_never_calls_a_fresh_model_stale(estate, cli):
    assert cli("train").exit_code == 0
    page = estate.root / "content/blog/five-planning-habits.md"
    page.write_text(page.read_text() + "\nA new closing paragraph, written after training.\n")
    for part in (("content/blog/five-planning-habits.md",), ("content/blog",), ("content/blog", "content/help")):
        r = cli("lint", "--format", "json", "--fail-on", "none", *part)
        model = r.json()["tool"]["journey"]["model"]
        assert model["stale"] is False and model["stale_because"] is None, (part, model)
        assert model["whole_estate"] is False and model["estate_documents"] == 50
        assert "STALE" not in r.stderr, part
    whole = cli("lint", "--format", "json", "--fail-on", "none", "content/").json()["tool"]["journey"]["model"]
    assert whole["whole_estate"] is True and whole["new_or_changed"] == 1 and whole["stale"] is False


def test_a_partial_run_is_judged_against_the_whole_estate(estate, cli):
    assert cli("train").exit_code == 0
    for i in range(30):  # 50 pages at training, 80 now: the estate grew by more than half
        estate.write(f"content/new/page-{i}.md", doc("awareness", f"Page {i} on capacity planning for teams. " * 20))
    r = cli("lint", "--format", "json", "--fail-on", "none", "content/blog/five-planning-habits.md")
    model = r.json()["tool"]["journey"]["model"]
    assert model["stale"] is True and model["stale_because"] == "estate_size", model
    assert model["new_or_changed"] == 0 and model["estate_documents"] == 80 and model["estate_at_training"] == 50
    assert "STALE: the estate has 80 documents, 50 when the model was trained (its size changed by more than half)" \
        in r.stderr
    # the new folder alone: its 30 new pages are not more than half of the estate's 80, its size is
    new = cli("lint", "--format", "json", "--fail-on", "none", "content/new").json()["tool"]["journey"]["model"]
    assert new["new_or_changed"] == 30 and new["stale_because"] == "estate_size"


def test_a_partial_run_says_stale_when_its_own_changed_pages_are_most_of_the_estate(estate, cli):
    assert cli("train").exit_code == 0
    folders = ("content/blog", "content/help", "content/get-started", "content/best-practices", "content/pricing")
    for folder in folders:
        for p in (estate.root / folder).glob("*.md"):
            p.write_text(p.read_text() + "\nA new closing paragraph, written after training.\n")
    r = cli("lint", "--format", "json", "--fail-on", "none", *folders)
    model = r.json()["tool"]["journey"]["model"]
    assert model["whole_estate"] is False and model["stale_because"] == "new_or_changed", model
    assert model["new_or_changed"] > 25 and model["estate_documents"] == 50
    assert f"STALE: at least {model['new_or_changed']} of the estate's 50 documents are new or changed" in r.stderr


def test_lint_changed_judges_staleness_on_the_whole_estate(estate, cli):
    from tests.test_ci_changed import git

    assert cli("train").exit_code == 0
    git(estate.root, "init", "-q", "-b", "main")
    git(estate.root, "add", ".")
    git(estate.root, "commit", "-qm", "start")
    page = estate.root / "content/blog/five-planning-habits.md"
    page.write_text(page.read_text() + "\nA new closing paragraph, written after training.\n")
    r = cli("lint", "--changed", "--format", "json", "--fail-on", "none")
    model = r.json()["tool"]["journey"]["model"]
    assert model["whole_estate"] is True and model["new_or_changed"] == 1 and model["stale"] is False
    assert "STALE" not in r.stderr


@pytest.mark.parametrize("content, why", [
    ("{not json", "not valid JSON"),
    ('{"format": "something-else"}', "not a planner team model"),
    ('{"format": "planner-team-model", "version": 99}', "version 99 is not supported"),
    ('{"format": "planner-team-model", "version": 1, "trained_on": {"documents": 1, "digest": "x"}, '
     '"journey": {"model": {"stages": ["awareness"], "features": [], "weights": {"awareness": {"f": "x"}}, '
     '"bias": {}, "temperature": 1}}}', "corrupt team model"),
    ('{"format": "planner-team-model", "version": 1, "trained_on": {"documents": 1, "digest": "x"}, '
     '"journey": {"model": {"stages": ["awareness"], "features": [], "weights": {}, "bias": {}}}}',
     "corrupt team model: journey.model has no weights or bias for stage 'awareness'"),
    ("[" * 100000 + "]" * 100000, "not valid JSON"),
])
def test_a_corrupt_or_foreign_model_is_a_clear_error(estate, cli, content, why):
    (estate.root / ".planner").mkdir()
    (estate.root / MODEL).write_text(content)
    for command in (("lint",), ("coverage",), ("plan",)):
        r = cli(*command)
        assert r.exit_code == 2, (command, r.stderr)
        assert why in r.stderr and ".planner/model.json" in r.stderr
        assert "Traceback" not in r.stderr + r.output
    shutil.copy(CONTENT.parent / "mkdocs.yml", estate.root / "mkdocs.yml")
    shutil.copytree(CONTENT.parent / "site", estate.root / "site")
    r = cli("build")
    assert r.exit_code == 2 and why in r.stderr, r.stderr
    # retraining replaces a broken model rather than tripping over it
    assert cli("train").exit_code == 0
    assert cli("lint", "--fail-on", "none").exit_code == 0


def test_training_on_a_folder_outside_content_paths_warns_that_later_commands_judge_the_estate(estate, cli):
    shutil.copytree(estate.root / "content", estate.root / "elsewhere")
    r = cli("train", "elsewhere")
    assert r.exit_code == 0
    assert ("planner: warning: elsewhere is outside content.paths (content): lint, coverage, plan and build judge the "
            "model against those folders") in r.stderr
    assert "outside content.paths" not in cli("train", "content/blog", "content/help").stderr
    assert "outside content.paths" not in cli("train").stderr


def test_train_names_the_down_weighted_pages_as_it_names_the_left_out_ones(estate, cli):
    j = cli("train", "--format", "json").json()
    assert j["down_weighted"], "the example estate has a page whose text leans the other way"
    text = cli("train").output
    block = text.split("down-weighted (their text leans the other way; learned from at a lower weight): ")[1]
    assert block.splitlines()[1:1 + len(j["down_weighted"])] == [f"    {p}" for p in j["down_weighted"]]


def test_the_model_line_counts_one_training_document_in_the_singular():
    from planner.journey.teammodel import summary_line

    m = {"path": "m.json", "digest": "d", "trained_on": 1, "stale": False}
    assert "trained on 1 document)" in summary_line({"product_names": [], "names_source": "none", "model": m})
    assert "trained on 44 documents)" in summary_line({"product_names": [], "names_source": "none",
                                                        "model": {**m, "trained_on": 44}})


def test_the_left_out_pages_show_their_confidence_as_lint_does(estate, cli):
    text = cli("train").output
    assert ("    content/pricing/loyalty-discount.md: tagged decision, reads as customer/success (confidence 0.99)\n"
            in text)
