"""The fast warm path: compact stored analyses, stat-based skipping, linear hand-off pairing."""
from __future__ import annotations

import copy
import json
import os
import pickle

import pytest

from tests.conftest import doc
from tests.test_tone_rules import BREEZY, LEGAL


def _analysis(repo):
    from planner.analysis import analyse_documents
    from planner.config import load_config
    from planner.loader import load_document

    repo.write("content/a.md", doc("onboarding", "Open Settings. We believe our revolutionary tool might help.\n\n"
                                   + LEGAL + "\n"))
    config = load_config(repo.root)
    d = load_document(repo.root / "content" / "a.md", config, repo.root)
    return analyse_documents([d], config)[d.relpath]


def test_a_stored_analysis_reads_back_whole(repo):
    from planner.incremental import LazyAnalysis, pack

    real = _analysis(repo)
    lazy = LazyAnalysis.restore(*pack(real))
    assert lazy.words == real.words and lazy.readability == real.readability
    assert lazy.tone["scores"] == real.tone["scores"] and lazy.journey.get("predicted") == real.journey.get("predicted")
    assert lazy.to_dict() == real.to_dict()
    assert json.dumps(lazy.tone, sort_keys=True) == json.dumps(real.tone, sort_keys=True)

    fresh = LazyAnalysis.restore(*pack(real))  # every other way in decodes the rest too
    assert "paragraphs" in fresh.tone and fresh.tone["marks"] == real.tone["marks"]
    assert dict(LazyAnalysis.restore(*pack(real)).tone) == real.tone
    assert sorted(LazyAnalysis.restore(*pack(real)).journey) == sorted(real.journey)
    assert copy.deepcopy(LazyAnalysis.restore(*pack(real)).tone) == real.tone
    assert pickle.loads(pickle.dumps(LazyAnalysis.restore(*pack(real)).journey)) == real.journey
    assert LazyAnalysis.restore(*pack(real)).sentences == real.sentences


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(repo, cli):
    old = doc(stage="awareness", body="Plans start small.\n")
    repo.write("content/a.md", old)
    path = repo.root / "content" / "a.md"
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))  # old enough to trust its stat
    cli("lint", "--fail-on", "none")
    cli("lint", "--fail-on", "none")  # the stat is recorded now
    path.write_text(old.replace("awareness", "awarenes"))  # same size
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    r = cli("lint", "-f", "json", "--fail-on", "none").json()
    assert [f["rule"] for f in r["findings"] if f["path"] == "content/a.md"] == ["tag-unknown"]
    assert r == cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").json()


def test_a_warm_run_gives_the_same_report_as_a_cold_one(repo, cli):
    for i in range(4):
        repo.write(f"content/d{i}.md", doc("decision", BREEZY, topic="permissions", persona="it-admin"))
    repo.write("content/o.md", doc("onboarding", (LEGAL + "\n\n") * 3, topic="permissions"))
    cold = cli("lint", "-f", "json", "--fail-on", "none").json()
    assert any(f["rule"] == "handoff-drift" for f in cold["findings"])
    assert cli("lint", "-f", "json", "--fail-on", "none").json() == cold
    assert cli("lint", "-f", "json", "--fail-on", "none").json() == cold


@pytest.mark.parametrize("decision_tags,onboarding_tags,pairs", [
    ({"topic": "permissions", "persona": "it-admin"}, {"persona": "it-admin"}, True),
    ({"persona": "it-admin"}, {"topic": "permissions", "persona": "it-admin"}, True),
    ({"topic": "billing", "persona": "it-admin"}, {"topic": "permissions", "persona": "it-admin"}, False),
    ({"topic": "permissions"}, {"persona": "it-admin"}, False),
])
def test_handoff_pairs_by_persona_when_one_side_has_no_topic(repo, cli, decision_tags, onboarding_tags, pairs):
    repo.write("content/decision.md", doc("decision", BREEZY, **decision_tags))
    repo.write("content/onboarding.md", doc("onboarding", (LEGAL + "\n\n") * 3, **onboarding_tags))
    found = cli("lint", "-f", "json", "--fail-on", "none").json()["findings"]
    assert any(f["rule"] == "handoff-drift" for f in found) is pairs


def test_linting_one_file_keeps_the_stored_results_of_the_others(repo, cli, monkeypatch):
    for i in range(3):
        repo.write(f"content/d{i}.md", doc(stage="awareness", body=f"Plans start small, number {i}.\n"))
    cli("lint", "--fail-on", "none")
    cli("lint", "content/d0.md", "--fail-on", "none")
    monkeypatch.setenv("PLANNER_CACHE_STATS", "1")
    r = cli("lint", "--fail-on", "none")
    assert "3 of 3 documents reused" in r.stderr


def _store_files(repo) -> dict[str, int]:
    return {str(p): p.stat().st_ino for p in (repo.root / ".planner-cache" / "runs").rglob("*.pickle")}


def test_an_edit_rewrites_only_its_own_shard_of_the_run_store(repo, cli):
    for i in range(12):
        repo.write(f"content/d{i}.md", doc(stage="awareness", body=f"Plans start small, number {i}.\n"))
    cli("lint", "--fail-on", "none")
    before = _store_files(repo)
    assert len(before) > 1
    repo.write("content/d5.md", doc(stage="awareness", body="Plans start small, edited.\n"))
    cli("lint", "--fail-on", "none")
    after = _store_files(repo)
    assert set(after) == set(before)
    assert len([p for p in before if after[p] != before[p]]) == 1  # atomically replaced: a new inode


def _edited_estate(repo, cli):
    for i in range(3):
        repo.write(f"content/d{i}.md", doc(stage="awareness", body=f"Plans start small, number {i}.\n"))
    cli("lint", "--fail-on", "none")
    repo.write("content/d1.md", doc(stage="awarenes", body="Plans start small, edited.\n"))


@pytest.mark.skipif(not __import__("planner.warm").warm.WarmWorker.available(),
                    reason="the pre-started worker needs fork and two cores")
def test_a_warm_run_hands_the_edited_file_to_the_pre_started_worker(repo, cli, monkeypatch):
    _edited_estate(repo, cli)
    monkeypatch.setenv("PLANNER_CACHE_STATS", "1")
    r = cli("lint", "-f", "json", "--fail-on", "none")
    assert "2 of 3 documents reused, 1 processed by the pre-started worker" in r.stderr
    assert any(f["rule"] == "tag-unknown" and f["path"] == "content/d1.md" for f in r.json()["findings"])
    assert r.json() == cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").json()


def test_a_failing_pre_started_worker_only_means_the_file_is_checked_in_process(repo, cli, monkeypatch):
    from planner import parallel

    _edited_estate(repo, cli)  # the worker imports _work_documents from planner.parallel when it runs

    def broken(paths):
        raise RuntimeError("worker failed")

    monkeypatch.setattr(parallel, "_work_documents", broken)
    monkeypatch.setenv("PLANNER_CACHE_STATS", "1")
    r = cli("lint", "-f", "json", "--fail-on", "none")
    assert "0 processed by the pre-started worker" in r.stderr
    assert r.json() == cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").json()


def test_a_broken_file_handed_to_the_pre_started_worker_is_still_one_clear_finding(repo, cli):
    _edited_estate(repo, cli)
    repo.write("content/d1.md", "---\ntitle: [unclosed\n---\nBody.\n")
    r = cli("lint", "-f", "json", "--fail-on", "none").json()
    assert [f["rule"] for f in r["findings"] if f["path"] == "content/d1.md"] == ["front-matter-invalid"]
    assert r == cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").json()


def test_a_warm_json_report_is_byte_for_byte_the_cold_one(repo, cli):
    for i in range(4):
        repo.write(f"content/d{i}.md", doc("decision", BREEZY, topic="permissions", title=f"Plans “{i}”"))
    cold = cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").output
    cli("lint", "-f", "json", "--fail-on", "none")
    assert cli("lint", "-f", "json", "--fail-on", "none").output == cold  # every line from the store
    repo.write("content/d2.md", doc("decision", BREEZY + "\n\nOne more line.\n", topic="permissions", title="Plans “2”"))
    edited = cli("lint", "-f", "json", "--fail-on", "none").output
    assert edited == cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").output


def test_a_run_from_a_sub_folder_keeps_the_whole_estate_s_stored_results(repo, cli, monkeypatch):
    for i in range(3):
        repo.write(f"content/d{i}.md", doc(stage="awareness", body=f"Plans start small, number {i}.\n"))
    repo.write("notes/one.md", doc(stage="awareness"))
    repo.config("content:\n  paths: [content]\n")
    cli("lint", "content", "--fail-on", "none")  # paths as typed: relative to this folder
    monkeypatch.chdir(repo.root / "notes")  # planner.yml, so the cache folder, is found upward
    cli("lint", "one.md", "--fail-on", "none")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PLANNER_CACHE_STATS", "1")
    assert "3 of 3 documents reused" in cli("lint", "content", "--fail-on", "none").stderr
