"""`planner lint --changed --base REF`: one line per pull request with the coverage score
before -> after, new and fixed findings, and the stages touched, in the text report and
the GitHub job summary; equal to what lint and coverage say on each side."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter

import pytest

from tests.conftest import REPO, doc
from tests.trend_support import commit, git, init

GAP_FILLER = doc(stage="advocacy", title="Refer a peer team", roles=["champion"], status="published",
                 body="Invite a peer team you work with. When they join, both teams get a month of planning free.\n")
HYPE = "\nOur revolutionary, world-class, game-changing platform is the best-in-class solution EVER!!\n"


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    root = tmp_path_factory.mktemp("pull-request") / "estate"
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("README.md"))
    shutil.rmtree(root / "content" / "community")  # advocacy starts empty: a gap the pull request fills
    init(root)
    commit(root, "main", "2026-04-01T10:00:00+00:00")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "content" / "community").mkdir()
    (root / "content" / "community" / "refer-a-peer.md").write_text(GAP_FILLER, encoding="utf-8")
    with (root / "content" / "blog" / "five-planning-habits.md").open("a", encoding="utf-8") as fh:
        fh.write(HYPE)
    commit(root, "feature", "2026-04-02T10:00:00+00:00")
    (root / "content" / "help" / "jira-integration.md").unlink()  # uncommitted: the working tree counts
    return root


@pytest.fixture
def pull_request(estate, monkeypatch):
    monkeypatch.chdir(estate)
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(estate.parent / "store"))
    return estate


def _side(cli, root, ref):
    """lint and coverage JSON of a checkout of ``ref`` (main), or of the working tree (None)."""
    if ref is None:
        return cli("lint", "--format", "json", "--fail-on", "none").json(), cli("coverage", "--format", "json").json()
    other = root.parent / "main-checkout"
    if not other.exists():
        git(root.parent, "clone", "-q", "-b", ref, str(root), str(other))
    import os

    here = os.getcwd()
    os.chdir(other)
    try:
        return cli("lint", "--format", "json", "--fail-on", "none").json(), cli("coverage", "--format", "json").json()
    finally:
        os.chdir(here)


def test_the_change_line_equals_lint_and_coverage_on_each_side(pull_request, cli):
    r = cli("lint", "--changed", "--base", "main", "--fail-on", "none")
    line = r.output.strip().splitlines()[-1]
    m = re.fullmatch(r"planner: this change against main \(([0-9a-f]{7})\): coverage ([\d.]+)% -> ([\d.]+)% \(([+-][\d.]+)\); "
                     r"(\d+) new findings?, (\d+) fixed; stages touched: (.*)", line)
    assert m, line
    main_lint, main_cov = _side(cli, pull_request, "main")
    pr_lint, pr_cov = _side(cli, pull_request, None)
    assert float(m.group(2)) == main_cov["score"] and float(m.group(3)) == pr_cov["score"]
    assert float(m.group(3)) > float(m.group(2))  # the advocacy gap is filled
    was = Counter(f["fingerprint"] for f in main_lint["findings"])
    now = Counter(f["fingerprint"] for f in pr_lint["findings"])
    assert int(m.group(5)) == sum((now - was).values()) >= 1  # the hype paragraph
    assert int(m.group(6)) == sum((was - now).values())
    assert m.group(7) == "awareness, adoption, advocacy"  # the edited post, the deleted help page, the new page
    assert m.group(1) == git(pull_request, "rev-parse", "main").strip()[:7]


def test_machine_formats_keep_stdout_clean_and_the_job_summary_gets_the_line(pull_request, cli, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = cli("lint", "--changed", "--base", "main", "--format", "json", "--fail-on", "none")
    json.loads(r.output)  # the report is still JSON
    assert "planner: this change against main" in r.stderr
    text = summary.read_text(encoding="utf-8")
    assert re.search(r"\*\*planner\*\* against `main` \(`[0-9a-f]{7}`\): coverage \*\*[\d.]+% → [\d.]+%\*\* "
                     r"\([+-][\d.]+\) · \d+ new findings? · \d+ fixed · stages touched: awareness, adoption, advocacy", text), text
    cli("lint", "--changed", "--base", "main", "--format", "github", "--fail-on", "none")
    assert summary.read_text(encoding="utf-8").count("**planner** against") == 2  # one line per run, appended


def test_a_base_that_cannot_be_audited_says_why_and_lint_still_reports(tmp_path, cli, monkeypatch):
    root = tmp_path / "broken-base"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text(doc(), encoding="utf-8")
    (root / "planner.yml").write_text("coverage: [\n", encoding="utf-8")
    init(root)
    commit(root, "a broken planner.yml on main", "2026-04-01T10:00:00+00:00")
    git(root, "checkout", "-q", "-b", "fix")
    (root / "planner.yml").write_text("coverage:\n  min_per_cell: 1\n", encoding="utf-8")
    monkeypatch.chdir(root)
    r = cli("lint", "--changed", "--base", "main", "--fail-on", "none", "--no-cache")
    assert r.exit_code == 0
    assert "no change summary against main" in r.output and "invalid YAML" in r.output


def test_without_changed_there_is_no_change_line(pull_request, cli):
    r = cli("lint", "--fail-on", "none")
    assert "this change against" not in r.output + r.stderr
