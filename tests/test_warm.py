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
            if rule != "key":
                verdict[1] = [{"rule": "section-drift", "message": 7}] if verdict[1] else "nothing"
    verdicts.write_text(json.dumps(data), encoding="utf-8")
    assert cli(*LINT_JSON).output == fresh
