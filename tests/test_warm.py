"""A warm run (the store filled by an earlier run, one page changed) gives exactly the
report of a cold run, also when the change moves a stage's voice baseline, and keeps
corpus rules' verdicts on the pages whose yardstick did not move."""
from __future__ import annotations

import json
import shutil

import pytest

from planner.engine.store import Store
from tests.conftest import REPO

LINT_JSON = ("lint", "content", "-f", "json", "--fail-on", "none")
HYPE = ("\nOur revolutionary, best-in-class automation is truly game-changing: the most powerful, "
        "world-class and effortless way to supercharge every workflow your team will ever run.\n")


@pytest.fixture
def estate(repo):
    """The example estate (content/) in a fresh repository."""
    shutil.rmtree(repo.root / "content")
    shutil.copytree(REPO / "content", repo.root / "content")
    return repo


def _drift(report: str, path: str) -> list[str]:
    return [f["message"] for f in json.loads(report)["findings"]
            if f["path"] == path and f["rule"] in ("section-drift", "tone-drift")]


def test_a_warm_run_after_a_change_that_moves_a_baseline_equals_a_cold_run(estate, cli):
    before = cli(*LINT_JSON).output
    page = estate.root / "content/help/jira-integration.md"  # an adoption page
    page.write_text(page.read_text(encoding="utf-8") + HYPE, encoding="utf-8")
    warm = cli(*LINT_JSON).output
    assert warm == cli(*LINT_JSON, "--no-cache").output
    # the adoption pages' usual hype moved: an unchanged page's verdict was judged again
    other = "content/help/automation-rules-guide.md"
    assert _drift(warm, other) and _drift(warm, other) != _drift(before, other)


def test_pages_judged_again_against_a_moved_baseline_are_quoted_without_loading_them(estate, cli, monkeypatch):
    from planner.rules.base import CorpusContext

    cli(*LINT_JSON)
    page = estate.root / "content/help/jira-integration.md"  # moves the adoption pages' usual hype
    page.write_text(page.read_text(encoding="utf-8") + HYPE, encoding="utf-8")
    loaded: list[tuple[str, str]] = []
    real = CorpusContext.full

    def counting(self, doc):
        loaded.append((self.rule.id, doc.relpath))
        return real(self, doc)

    monkeypatch.setattr(CorpusContext, "full", counting)
    warm = cli(*LINT_JSON).output
    other = "content/help/automation-rules-guide.md"
    assert _drift(warm, other)  # judged again by section-drift and tone-drift (the first test)
    assert {rel for _, rel in loaded} == {"content/help/jira-integration.md"}  # only the changed page
    assert warm == cli(*LINT_JSON, "--no-cache").output


def test_a_text_report_after_a_change_equals_a_cold_one(estate, cli):
    text = ("lint", "content", "-f", "text", "-v", "--fail-on", "none")
    cli(*text)
    page = estate.root / "content/blog/recurring-work-is-eating-your-week.md"
    page.write_text(page.read_text(encoding="utf-8") + HYPE, encoding="utf-8")
    assert cli(*text).output == cli(*text, "--no-cache").output


def test_unchanged_pages_against_an_unchanged_yardstick_are_not_loaded_whole(estate, cli, monkeypatch):
    cli(*LINT_JSON)
    loaded: list[str] = []
    real = Store.analysis

    def counting(self, key):
        loaded.append(key)
        return real(self, key)

    monkeypatch.setattr(Store, "analysis", counting)
    assert cli(*LINT_JSON).output == cli(*LINT_JSON, "--no-cache").output
    assert loaded == []  # every corpus verdict came from the store


def test_a_stored_verdict_that_is_not_planner_data_is_judged_again(estate, cli):
    fresh = cli(*LINT_JSON, "--no-cache").output
    cli(*LINT_JSON)
    [verdicts] = (estate.root / ".planner-cache" / "results").rglob("judged.json")
    data = json.loads(verdicts.read_text(encoding="utf-8"))
    for page in data["entries"].values():
        for rule, verdict in page.items():
            if rule == "~evidence":  # what the rules quoted of the page: of the wrong shape
                for kept in verdict.values():
                    for i, what in enumerate(kept):
                        kept[what] = [[7], [{"text": 1}], "here"] if i % 2 else [["a"], [{"text": "b"}], [1, 1, 1, 1]]
            elif rule != "key":
                verdict[1] = [{"rule": "section-drift", "message": 7}] if verdict[1] else "nothing"
    verdicts.write_text(json.dumps(data), encoding="utf-8")
    assert cli(*LINT_JSON).output == fresh


def test_unchanged_files_are_not_read_again(estate, cli, monkeypatch):
    from planner.engine import run

    monkeypatch.setattr(run, "RACY_NS", -1 << 62)  # every file counts as long unchanged
    cli(*LINT_JSON)
    page = estate.root / "content/help/jira-integration.md"
    page.write_text(page.read_text(encoding="utf-8") + HYPE, encoding="utf-8")
    read: list[str] = []
    real = run.read_source
    monkeypatch.setattr(run, "read_source", lambda path, config: read.append(path.as_posix()) or real(path, config))
    warm = cli(*LINT_JSON).output
    # the changed page only: no other page read, nor loaded whole to quote it (its kept quotes serve)
    assert read == ["content/help/jira-integration.md"]
    assert warm == cli(*LINT_JSON, "--no-cache").output


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(estate, cli, monkeypatch):
    import os

    from planner.engine import run

    monkeypatch.setattr(run, "RACY_NS", -1 << 62)
    cli(*LINT_JSON)
    page = estate.root / "content/help/jira-integration.md"
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("title: Sync tasks", "title: Sink tasks"), encoding="utf-8")  # same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old modification time
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    assert cli(*LINT_JSON).output == cli(*LINT_JSON, "--no-cache").output
    assert '"title": "Sink tasks' in cli(*LINT_JSON).output


@pytest.mark.parametrize("garbage", ['{"format": "planner-results"}', "[[[", '{"entries": {"content/a.md": 1}}'])
def test_a_file_index_that_is_not_planner_data_is_ignored(estate, cli, garbage):
    fresh = cli(*LINT_JSON, "--no-cache").output
    cli(*LINT_JSON)
    for index in (estate.root / ".planner-cache" / "results").rglob("files.json"):
        index.write_text(garbage, encoding="utf-8")
    assert cli(*LINT_JSON, "-v").output == fresh


def test_a_deleted_file_leaves_the_file_index_and_the_verdicts(estate, cli, monkeypatch):
    from planner.engine import run

    monkeypatch.setattr(run, "RACY_NS", -1 << 62)  # every file counts as long unchanged: all are indexed
    cli(*LINT_JSON)
    gone = "content/help/jira-integration.md"
    results = estate.root / ".planner-cache" / "results"

    def stored() -> dict[str, set[str]]:
        [index] = results.rglob("files.json")
        [verdicts] = results.rglob("judged.json")
        return {"index": set(json.loads(index.read_text(encoding="utf-8"))["entries"]),
                "verdicts": set(json.loads(verdicts.read_text(encoding="utf-8"))["entries"])}

    assert all(gone in paths for paths in stored().values())
    (estate.root / gone).unlink()
    warm = cli(*LINT_JSON).output
    assert warm == cli(*LINT_JSON, "--no-cache").output
    after = stored()
    assert {k: gone in v for k, v in after.items()} == {"index": False, "verdicts": False}
    assert len(after["index"]) == json.loads(warm)["summary"]["documents"]  # every other file is still indexed


def test_linting_one_file_keeps_the_other_files_in_the_file_index(estate, cli, monkeypatch):
    from planner.engine import run

    monkeypatch.setattr(run, "RACY_NS", -1 << 62)
    documents = json.loads(cli(*LINT_JSON).output)["summary"]["documents"]
    cli("lint", "content/help/jira-integration.md", "-f", "json", "--fail-on", "none")
    page = estate.root / "content/help/jira-integration.md"
    page.write_text(page.read_text(encoding="utf-8") + HYPE, encoding="utf-8")
    cli("lint", "content/help/jira-integration.md", "-f", "json", "--fail-on", "none")
    [index] = (estate.root / ".planner-cache" / "results").rglob("files.json")
    assert len(json.loads(index.read_text(encoding="utf-8"))["entries"]) == documents
