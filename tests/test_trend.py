"""`planner trend` on scripted repositories with dated commits: each point equals what
`planner coverage --format json` and `planner lint --format json` say in a checkout of
that commit; sampling; a shallow clone; an invalid planner.yml in history; hostile file
names; the JSON and CSV shapes."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO, doc
from tests.trend_support import commit, git, init

OLD_GUIDE = doc(stage="onboarding", title="Old guide", roles=["end-user"], status="published", reviewed="2025-01-10",
                body="Set up your workspace in five minutes. Invite your team and plan your first week together.\n")
DATES = ["2026-01-05T10:00:00+01:00", "2026-01-12T09:00:00+01:00", "2026-01-14T16:30:00+01:00",
         "2026-01-19T10:00:00+01:00", "2026-01-26T10:00:00+01:00", "2026-02-02T10:00:00+01:00"]


def _retag(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Six dated commits over the example estate: add a folder, retag, delete, edit,
    change planner.yml, break it, fix it. One page's review date makes it stale between
    the first and second commits, so "today" must be each commit's date."""
    root = tmp_path_factory.mktemp("history") / "estate"
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("README.md"))
    held = root.parent / "held-blog"
    shutil.move(str(root / "content" / "blog"), str(held))
    (root / "content" / "help" / "old-guide.md").write_text(OLD_GUIDE, encoding="utf-8")
    init(root)
    ids = [commit(root, "start without the blog", DATES[0])]
    shutil.move(str(held), str(root / "content" / "blog"))
    ids.append(commit(root, "add the blog", DATES[1]))
    _retag(root / "content" / "help" / "jira-integration.md", "stage: adoption", "stage: onboarding")
    (root / "content" / "emails" / "welcome-to-tandemly.md").unlink()
    with (root / "content" / "blog" / "five-planning-habits.md").open("a", encoding="utf-8") as fh:
        fh.write("\nBook a demo today and see your plan in one place.\n")
    ids.append(commit(root, "retag jira, drop the welcome email, edit a post", DATES[2]))
    (root / "planner.yml").write_text("coverage:\n  min_per_cell: 2\n", encoding="utf-8")
    ids.append(commit(root, "coverage: two pages per cell", DATES[3]))
    (root / "planner.yml").write_text("coverage:\n  min_per_cel: 2\n", encoding="utf-8")
    ids.append(commit(root, "a typo in planner.yml", DATES[4]))
    (root / "planner.yml").write_text("coverage:\n  min_per_cell: 1\n  axis: persona\n", encoding="utf-8")
    ids.append(commit(root, "planner.yml fixed; coverage by persona", DATES[5]))
    return root, ids


def trend_json(cli, *args) -> dict:
    r = cli("trend", "--format", "json", "--no-cache", *args)
    assert r.exit_code == 0, r.stderr
    return r.json()


# --------------------------------------------------------------------------- equal to the other commands

def test_each_point_equals_coverage_and_lint_at_that_commit(history, cli, monkeypatch, tmp_path):
    root, ids = history
    monkeypatch.chdir(root)
    data = trend_json(cli)
    points = data["points"]
    assert [p["commit"] for p in points] == ids
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))  # lint and coverage share one store
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(root), str(checkout))
    monkeypatch.chdir(checkout)
    for p in points:
        git(checkout, "checkout", "-q", p["commit"])
        lint = cli("lint", "--format", "json", "--fail-on", "none")
        cov = cli("coverage", "--format", "json", "--today", p["today"])
        if p["error"]:  # the commit with the typo: both commands refuse its planner.yml, and so does the point
            assert lint.exit_code == cov.exit_code == 2
            assert p["error"] in lint.stderr and "min_per_cel" in p["error"]
            assert p["score"] is None and p["findings"] == {}
            continue
        lj, cj = lint.json(), cov.json()
        assert p["documents"] == lj["summary"]["documents"] == cj["totals"]["documents"]
        assert p["findings"] == {k: lj["summary"][k] for k in ("error", "warning", "suggestion")}
        assert p["rules"] == dict(Counter(f["rule"] for f in lj["findings"]))
        assert p["product_names"] == lj["tool"]["journey"]["product_names"] == ["Tandemly"]  # inferred at that commit
        assert p["phase_mismatch"] == sum(1 for f in lj["findings"] if f["rule"] == "phase-mismatch")
        assert p["score"] == cj["score"] and p["axis"] == cj["axis"] and p["score_basis"] == cj["score_basis"]
        for key in ("published", "in_progress", "stale", "untagged"):
            assert p[key] == cj["totals"][key], key
        assert p["stages"] == {s: {"published": v["published"], "in_progress": v["in_progress"]}
                               for s, v in cj["stage_totals"].items()}
        if p is points[0]:  # a week later the old guide is stale: "today" is the commit's date, not the run's
            later = cli("coverage", "--format", "json", "--today", points[1]["today"]).json()
            assert later["totals"]["stale"] == p["stale"] + 1
    # the history moved every number the trend is for
    ok = [p for p in points if not p["error"]]
    assert ok[0]["documents"] < ok[1]["documents"] and ok[2]["documents"] == ok[1]["documents"] - 1
    assert ok[2]["score"] > ok[3]["score"]  # two pages per cell
    assert ok[-1]["axis"] == "persona" and [p["config"] for p in points] == ["defaults"] * 3 + ["planner.yml"] * 3


def test_config_now_audits_every_commit_with_todays_planner_yml(history, cli, monkeypatch):
    root, ids = history
    monkeypatch.chdir(root)
    data = trend_json(cli, "--config-now")
    assert data["config"] == "now"
    assert all(p["error"] is None and p["config"] == "now" and p["axis"] == "persona" for p in data["points"])
    by_commit = trend_json(cli)
    assert by_commit["config"] == "commit" and by_commit["points"][0]["axis"] == "role"


def test_a_second_run_reuses_the_store(history, cli, monkeypatch, tmp_path):
    root, _ = history
    monkeypatch.chdir(root)
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "store"))
    first = cli("trend", "--format", "json")
    stored = sorted(p.relative_to(tmp_path) for p in (tmp_path / "store").rglob("*") if p.is_file())
    assert any(p.suffix == ".z" for p in stored) and any(p.suffix == ".json" for p in stored)
    import planner.engine.unit as unit

    checked: list[str] = []
    real = unit.check
    monkeypatch.setattr(unit, "check", lambda sources, config: checked.extend(s.relpath for s in sources) or real(sources, config))
    import planner.engine.executors as executors

    monkeypatch.setattr(executors, "check", unit.check)
    second = cli("trend", "--format", "json")
    assert checked == []  # every file version of every commit came from the store
    assert second.json()["points"] == first.json()["points"]


# --------------------------------------------------------------------------- sampling

@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """Eleven commits over two months: three on one day, two more in its week."""
    root = tmp_path_factory.mktemp("busy") / "estate"
    (root / "content").mkdir(parents=True)
    init(root)
    dates = ["2026-03-02T09:00:00+00:00", "2026-03-02T12:00:00+00:00", "2026-03-02T17:00:00+00:00",
             "2026-03-04T10:00:00+00:00", "2026-03-08T22:00:00+00:00", "2026-03-09T10:00:00+00:00",
             "2026-03-23T10:00:00+00:00", "2026-03-31T10:00:00+00:00", "2026-04-01T10:00:00+00:00",
             "2026-04-15T10:00:00+00:00", "2026-04-30T10:00:00+00:00"]
    ids = []
    for i, d in enumerate(dates):
        (root / "content" / f"page-{i}.md").write_text(doc(stage="awareness", title=f"Page {i}"), encoding="utf-8")
        ids.append(commit(root, f"page {i}", d))
    return root, ids


@pytest.mark.parametrize("every, expected", [
    ("commit", list(range(11))),
    ("day", [2, 3, 4, 5, 6, 7, 8, 9, 10]),       # the last of the three on 2 March
    ("week", [4, 5, 6, 8, 9, 10]),               # ISO weeks: 2-8 March ends with the Sunday commit; 31 March and 1 April share one
    ("month", [7, 10]),
])
def test_every_keeps_the_last_commit_of_each_period(busy, cli, monkeypatch, every, expected):
    root, ids = busy
    monkeypatch.chdir(root)
    data = trend_json(cli, "--every", every)
    assert [p["commit"] for p in data["points"]] == [ids[i] for i in expected]
    assert data["history"]["every"] == every and data["history"]["commits"] == 11


def test_since_and_until_take_dates_or_refs(busy, cli, monkeypatch):
    root, ids = busy
    monkeypatch.chdir(root)
    git(root, "tag", "v1", ids[5])
    assert [p["commit"] for p in trend_json(cli, "--since", "2026-03-09", "--until", "2026-04-01")["points"]] == ids[5:9]
    assert [p["commit"] for p in trend_json(cli, "--since", "v1", "--until", ids[7])["points"]] == ids[5:8]
    r = cli("trend", "--since", "no-such-thing")
    assert r.exit_code == 2 and "neither a date" in r.stderr


def test_since_a_merged_side_branch_starts_where_the_first_parent_line_meets_it(tmp_path, cli, monkeypatch):
    """A side branch's tip was never on the line: a point there would invent a drop."""
    root = tmp_path / "merged"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text(doc(), encoding="utf-8")
    init(root)
    fork = commit(root, "one", "2026-02-02T10:00:00+00:00")
    git(root, "checkout", "-q", "-b", "feat")
    (root / "content" / "b.md").write_text(doc(title="B"), encoding="utf-8")
    commit(root, "feat", "2026-02-03T10:00:00+00:00")
    git(root, "checkout", "-q", "main")
    (root / "content" / "c.md").write_text(doc(title="C"), encoding="utf-8")
    main2 = commit(root, "main2", "2026-02-04T10:00:00+00:00")
    git(root, "merge", "-q", "--no-ff", "feat", "-m", "merge", date="2026-02-05T10:00:00+00:00")
    merge = git(root, "rev-parse", "HEAD").strip()
    monkeypatch.chdir(root)
    r = cli("trend", "--format", "json", "--no-cache", "--since", "feat")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert [p["commit"] for p in data["points"]] == [fork, main2, merge]
    assert [p["documents"] for p in data["points"]] == [1, 2, 3]
    assert any("not on the first-parent line" in n and fork[:7] in n for n in data["notes"])
    assert "not on the first-parent line" in r.stderr
    table = cli("trend", "--no-cache", "--since", "feat").output
    assert "Note: --since feat is not on the first-parent line" in table


def test_default_is_one_point_per_commit_up_to_60_then_weekly(tmp_path, cli, monkeypatch):
    import datetime as dt

    root = tmp_path / "long"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text(doc(), encoding="utf-8")
    init(root)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(61)]
    for day in days:
        commit(root, f"day {day}", f"{day.isoformat()}T10:00:00+00:00")
    monkeypatch.chdir(root)
    data = trend_json(cli)
    assert data["history"]["commits"] == 61 and data["history"]["every"] == "week"
    assert len(data["points"]) == len({d.isocalendar()[:2] for d in days})
    assert len(trend_json(cli, "--since", "2026-01-03")["points"]) == 59  # 59 commits: one point each


# --------------------------------------------------------------------------- bad input

def test_a_shallow_clone_says_how_many_commits_it_sees_and_how_to_fetch_more(history, cli, monkeypatch, tmp_path):
    root, ids = history
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(shallow))
    monkeypatch.chdir(shallow)
    r = cli("trend", "--format", "json", "--no-cache")
    assert r.exit_code == 0
    data = r.json()
    assert [p["commit"] for p in data["points"]] == ids[-2:]
    assert data["history"]["shallow"] is True and data["history"]["visible"] == 2
    assert "only 2 commits" in r.stderr and "fetch-depth: 0" in r.stderr
    table = cli("trend", "--no-cache")
    assert "shallow clone: only 2 commits" in table.output and "fetch-depth: 0" in table.output


def test_outside_a_repository_is_a_clear_usage_error(repo, cli):
    repo.write("content/a.md", doc())
    r = cli("trend")
    assert r.exit_code == 2
    assert "not inside a git repository" in r.stderr and "Traceback" not in r.stderr


def test_an_invalid_planner_yml_in_history_is_a_point_with_a_note(history, cli, monkeypatch):
    root, ids = history
    monkeypatch.chdir(root)
    r = cli("trend", "--no-cache")
    assert r.exit_code == 0
    row = next(line for line in r.output.splitlines() if ids[4][:7] in line)
    assert "planner.yml" in row and "min_per_cel" in r.output


def test_a_broken_planner_yml_today_is_the_newest_points_note_not_the_end(history, cli, monkeypatch, tmp_path):
    root, ids = history
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    git(clone, "checkout", "-q", ids[4])  # the commit with the typo in planner.yml
    monkeypatch.chdir(clone)
    r = cli("trend", "--format", "json", "--no-cache")
    assert r.exit_code == 0
    points = r.json()["points"]
    assert [p["commit"] for p in points] == ids[:5]
    assert points[-1]["error"] and "min_per_cel" in points[-1]["error"] and points[-2]["error"] is None
    assert cli("trend", "--config-now", "--no-cache").exit_code == 2  # today's planner.yml for every point: refused


def test_hostile_names_and_links_in_history_are_findings_not_crashes(tmp_path, cli, monkeypatch):
    root = tmp_path / "hostile"
    (root / "content").mkdir(parents=True)
    (root / "content" / "ok.md").write_text(doc(), encoding="utf-8")
    (root / "content" / "new\nline -rf.md").write_text(doc(title="Odd name"), encoding="utf-8")
    (root / "content").joinpath("link.md").symlink_to("/etc/passwd")
    (root / "content" / "inside.md").symlink_to("ok.md")
    init(root)
    (root.joinpath(b"content/caf\xe9.md".decode("utf-8", "surrogateescape"))).write_text(doc(), encoding="utf-8")
    (root / "content" / "big.md").write_text(doc(body="word " * 300_000), encoding="utf-8")
    commit(root, "odd files", "2026-05-01T10:00:00+00:00")
    monkeypatch.chdir(root)
    data = trend_json(cli)
    p = data["points"][0]
    assert p["error"] is None and p["documents"] == 6
    assert p["rules"]["file-unreadable"] == 4  # two links not followed, a name that is not UTF-8, a file too large
    r = cli("trend", "--format", "json", "--no-cache")
    assert "\\udc" not in r.output and "root:" not in r.output  # no surrogate escapes, nothing from /etc/passwd


# --------------------------------------------------------------------------- shapes

def test_output_into_a_missing_folder_is_a_clear_error(history, cli, monkeypatch):
    root, _ = history
    monkeypatch.chdir(root)
    r = cli("trend", "--format", "csv", "-o", "reports/2026/trend.csv")
    assert r.exit_code == 2
    assert "does not exist" in r.stderr and not (root / "reports").exists()


def test_json_shape(history, cli, monkeypatch):
    root, _ = history
    monkeypatch.chdir(root)
    data = trend_json(cli)
    assert set(data) == {"schema_version", "tool", "history", "config", "today", "notes", "points"}
    assert data["schema_version"] == 1 and data["today"] == "commit-date"
    dates = [p["date"] for p in data["points"]]
    assert dates == sorted(dates)  # oldest first
    keys = {"commit", "short", "date", "subject", "config", "today", "score", "score_basis", "axis", "documents",
            "published", "in_progress", "stale", "untagged", "phase_mismatch", "stages", "findings", "rules",
            "readability", "tone", "product_names", "error"}
    assert all(set(p) == keys for p in data["points"])
    good = data["points"][0]
    assert set(good["findings"]) == {"error", "warning", "suggestion"}
    assert set(good["readability"]) == {"buyer", "customer"} and "flesch_reading_ease" in good["readability"]["buyer"]
    assert "personalism" in good["tone"]["customer"]


def test_csv_shape_is_one_row_per_point_ready_for_a_spreadsheet(history, cli, monkeypatch):
    root, ids = history
    monkeypatch.chdir(root)
    r = cli("trend", "--format", "csv", "--no-cache")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [row["commit"] for row in rows] == ids
    head = r.output.splitlines()[0].split(",")
    assert head[:6] == ["commit", "date", "today", "subject", "config", "score"] and head[-1] == "note"
    assert {"errors", "warnings", "suggestions", "stage_awareness", "rule_phase-mismatch",
            "buyer_readability_flesch_reading_ease", "customer_tone_personalism"} <= set(head)
    bad = rows[4]
    assert bad["score"] == "" and "min_per_cel" in bad["note"]
    assert all(re.fullmatch(r"\d+(\.\d)?", row["score"]) for i, row in enumerate(rows) if i != 4)


def test_csv_quotes_a_subject_a_spreadsheet_would_run(tmp_path, cli, monkeypatch):
    root = tmp_path / "formula"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text(doc(), encoding="utf-8")
    init(root)
    commit(root, "=HYPERLINK(\"http://x\")", "2026-05-01T10:00:00+00:00")
    monkeypatch.chdir(root)
    row = next(csv.DictReader(io.StringIO(cli("trend", "--format", "csv", "--no-cache").output)))
    assert row["subject"].startswith("'=")
    assert json.loads(cli("trend", "--format", "json", "--no-cache").output)["points"][0]["subject"].startswith("=")


def test_versions_of_one_file_are_never_in_one_analysis_batch():
    from planner.engine import Source
    from planner.engine.executors import BATCH
    from planner.trend.run import spaced

    todo = [Source(f"content/{i}.md", None, b"") for i in range(40)]
    todo += [Source("content/3.md", None, b"v2"), Source("content/3.md", None, b"v3")] + [Source("hot.md", None, b"")] * 5
    runs = spaced(todo)
    assert sorted(id(s) for r in runs for s in r) == sorted(id(s) for s in todo)  # each version checked once
    for run in runs:
        for start in range(len(run)):
            names = [s.relpath for s in run[start:start + BATCH]]
            assert len(names) == len(set(names))
    assert len(runs[0]) > 40 and len(runs) <= 5  # one pool-sized run, a few small ones for the hot file
