"""Each tag rule fires where it should (with a message that says how to fix it) and stays
quiet where it should not."""
from __future__ import annotations

import pytest

from tests.conftest import doc

TAG_RULES = {"front-matter-invalid", "file-unreadable", "tag-missing", "tag-unknown", "stage-phase-conflict", "duplicate-id"}


def findings(cli, *paths, rule: str | None = None) -> list[dict]:
    r = cli("lint", "--format", "json", "--fail-on", "none", *paths)
    assert r.exit_code == 0, r.output + r.stderr
    out = [f for f in r.json()["findings"] if f["rule"] in TAG_RULES]
    return [f for f in out if rule is None or f["rule"] == rule]


# --------------------------------------------------------------------------- tag-missing

def test_tag_missing_fires_for_a_missing_stage_with_the_stages_listed(repo, cli):
    repo.write("content/a.md", doc(None))
    [f] = findings(cli)
    assert f["rule"] == "tag-missing" and f["severity"] == "error"
    assert "missing 'stage'" in f["message"] and "awareness" in f["message"] and "advocacy" in f["message"]


def test_tag_missing_fires_for_an_empty_title(repo, cli):
    repo.write("content/a.md", "---\ntitle:\nstage: awareness\n---\nBody.\n")
    [f] = findings(cli)
    assert f["rule"] == "tag-missing" and "'title'" in f["message"] and f["line"] == 2


def test_tag_missing_names_a_misspelt_key(repo, cli):
    repo.write("content/a.md", "---\ntitle: T\nstgae: awareness\n---\nBody.\n")
    got = {(f["rule"], f["line"]) for f in findings(cli)}
    assert ("tag-missing", 3) in got
    [f] = findings(cli, rule="tag-missing")
    assert "did you mean 'stage'" in f["message"]


def test_tag_missing_quiet_when_required_fields_present(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    assert findings(cli) == []


def test_required_fields_are_configurable(repo, cli):
    repo.config("content:\n  required: [title, stage, roles, owner]\n")
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    [f] = findings(cli)
    assert f["rule"] == "tag-missing" and "'owner'" in f["message"]


def test_tag_missing_does_not_pile_on_broken_front_matter(repo, cli):
    repo.write("content/a.md", "---\ntitle: [unclosed\n---\nBody.\n")
    assert [f["rule"] for f in findings(cli)] == ["front-matter-invalid"]


# --------------------------------------------------------------------------- tag-unknown

def test_tag_unknown_suggests_the_closest_value(repo, cli):
    repo.write("content/a.md", doc("awarness", roles=["champoin"]))
    got = findings(cli, rule="tag-unknown")
    messages = " | ".join(f["message"] for f in got)
    assert "unknown stage 'awarness'" in messages and "did you mean 'awareness'" in messages
    assert "unknown role 'champoin'" in messages and "did you mean 'champion'" in messages
    assert {f["line"] for f in got} == {3, 4}
    assert {tuple(f["fix"].items()) for f in got} == {(("stage", "awareness"),), (("role", "champion"),)}


@pytest.mark.parametrize("stage, roles, fmt", [
    ("tofu", ["user"], "blog"),
    ("retention", ["budget-holder"], "guide"),
    ("evangelist", ["advocate"], "case-study"),
    ("Bottom of funnel", ["end-user"], "faq"),
])
def test_tag_unknown_quiet_for_aliases(repo, cli, stage, roles, fmt):
    repo.write("content/a.md", doc(stage, roles=roles, format=fmt))
    assert findings(cli) == []


def test_tag_unknown_checks_format_owner_and_status(repo, cli):
    repo.write("content/a.md", doc("awareness", format="blgo", owner="marketting", status="pubished"))
    got = sorted(f["message"].split(":")[0] for f in findings(cli, rule="tag-unknown"))
    assert got == ["unknown format 'blgo'", "unknown owner 'marketting'", "unknown status 'pubished'"]


def test_tag_unknown_for_a_number_stage(repo, cli):
    repo.write("content/a.md", doc("5"))
    [f] = findings(cli)
    assert f["rule"] == "tag-unknown" and "unknown stage '5'" in f["message"]


def test_tag_unknown_warns_about_a_misspelt_key_but_not_custom_keys(repo, cli):
    repo.write("content/a.md", doc("awareness", rolse="[end-user]", author="Sam", tags="[x]", description="d"))
    [f] = findings(cli)
    assert f["rule"] == "tag-unknown" and f["severity"] == "warning"
    assert "'rolse'" in f["message"] and "did you mean 'role" in f["message"]


def test_team_taxonomy_values_are_known(repo, cli):
    repo.config("taxonomy:\n  formats: [podcast]\n  roles:\n    technical-evaluator: {}\n")
    repo.write("content/a.md", doc("awareness", format="podcast", roles=["technical-evaluator"]))
    assert findings(cli) == []


# --------------------------------------------------------------------------- stage-phase-conflict

def test_stage_phase_conflict_fires_on_the_phase_line(repo, cli):
    repo.write("content/a.md", doc("onboarding", phase="buyer"))
    [f] = findings(cli)
    assert f["rule"] == "stage-phase-conflict" and f["line"] == 4
    assert "onboarding" in f["message"] and "set `phase: customer`" in f["message"]
    assert f["fix"] == {"phase": "customer"}


@pytest.mark.parametrize("fields", [{"phase": "customer"}, {}, {"phase": "post-purchase"}])
def test_stage_phase_conflict_quiet_when_consistent_or_implied(repo, cli, fields):
    repo.write("content/a.md", doc("onboarding", **fields))
    assert findings(cli) == []


# --------------------------------------------------------------------------- duplicate-id

def test_duplicate_id_fires_on_both_documents(repo, cli):
    repo.write("content/a.md", doc("awareness", id="pricing"))
    repo.write("content/b.md", doc("decision", id="pricing"))
    got = findings(cli)
    assert sorted((f["path"], f["rule"]) for f in got) == [("content/a.md", "duplicate-id"), ("content/b.md", "duplicate-id")]
    assert "content/b.md" in got[0]["message"] and got[0]["line"] == 4


def test_duplicate_id_quiet_for_distinct_ids_and_default_path_ids(repo, cli):
    repo.write("content/a.md", doc("awareness", id="pricing"))
    repo.write("content/b.md", doc("decision", id="pricing-2024"))
    repo.write("content/c/a.md", doc("decision"))  # id defaults to its path: content/c/a
    assert findings(cli) == []


# --------------------------------------------------------------------------- front-matter-invalid / file-unreadable

def test_front_matter_invalid_fires_with_line_and_advice(repo, cli):
    repo.write("content/a.md", "---\ntitle: T\nstage: awareness\nstage: decision\n---\nBody.\n")
    [f] = findings(cli)
    assert (f["rule"], f["line"]) == ("front-matter-invalid", 4) and "remove the other" in f["message"]


def test_front_matter_invalid_quiet_for_good_front_matter(repo, cli):
    repo.write("content/a.md", doc("awareness", roles=["end-user"], reviewed="2026-01-02"))
    assert findings(cli) == []


def test_file_unreadable_fires_for_non_utf8_and_others_still_checked(repo, cli):
    repo.write("content/a.md", b"---\ntitle: T\nstage: awareness\n---\n\x92quoted\x92\n")
    repo.write("content/b.md", doc("onboarding", phase="buyer"))
    got = sorted((f["path"], f["rule"], f["line"]) for f in findings(cli))
    assert got == [("content/a.md", "file-unreadable", 5), ("content/b.md", "stage-phase-conflict", 4)]


def test_file_unreadable_quiet_for_utf8(repo, cli):
    repo.write("content/a.md", doc("awareness", body="Caf\u00e9 \u2019quoted\u2019 \U0001F600\n"))
    assert findings(cli) == []


def test_file_unreadable_for_a_file_over_the_size_limit(repo, cli):
    repo.config("content:\n  max_bytes: 100\n")
    repo.write("content/a.md", doc("awareness", body="word " * 100))
    [f] = findings(cli)
    assert f["rule"] == "file-unreadable" and "content.max_bytes" in f["message"]
