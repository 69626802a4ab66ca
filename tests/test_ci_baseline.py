"""The baseline ratchet: record, fail only on new findings, report fixed entries."""
from __future__ import annotations

import json

from tests.conftest import doc


def test_baseline_round_trip_new_finding_fails_old_one_does_not(repo, cli):
    repo.write("content/old.md", doc(stage=None))
    r = cli("lint", "--update-baseline", "baseline.json", "--no-cache")
    assert r.exit_code == 0 and "recorded 1 finding" in r.stderr
    assert cli("lint", "--baseline", "baseline.json", "--no-cache").exit_code == 0
    repo.write("content/new.md", doc(stage="awarenes"))
    r = cli("lint", "--baseline", "baseline.json", "--format", "json", "--no-cache")
    assert r.exit_code == 1
    assert {f["path"] for f in r.json()["findings"]} == {"content/new.md"}


def test_a_moved_finding_keeps_its_fingerprint(repo, cli):
    p = repo.write("content/old.md", doc(stage="awarenes", body="One.\n"))
    cli("lint", "--update-baseline", "baseline.json", "--no-cache")
    p.write_text(p.read_text().replace("title: A title\n", "title: A title\nowner: marketing\nformat: blog\n"))
    r = cli("lint", "--baseline", "baseline.json", "--format", "json", "--no-cache")
    assert r.exit_code == 0, r.output
    assert r.json()["findings"] == []


def test_fixed_entries_are_reported_so_the_file_can_shrink(repo, cli):
    p = repo.write("content/old.md", doc(stage=None))
    cli("lint", "--update-baseline", "baseline.json", "--no-cache")
    p.write_text(doc(stage="awareness"))
    r = cli("lint", "--baseline", "baseline.json", "--no-cache")
    assert r.exit_code == 0 and "no longer occur" in r.stderr
    cli("lint", "--baseline", "baseline.json", "--update-baseline", "--no-cache")
    assert json.loads((repo.root / "baseline.json").read_text())["findings"] == []


def test_baseline_file_is_sorted_one_finding_per_line(repo, cli):
    repo.write("content/b.md", doc(stage=None))
    repo.write("content/a.md", doc(stage="awarenes", roles=["champoin"]))
    cli("lint", "--update-baseline", "baseline.json", "--no-cache")
    text = (repo.root / "baseline.json").read_text()
    entries = json.loads(text)["findings"]
    keys = [(e["path"], e["rule"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys) and len(entries) >= 3
    rows = [l for l in text.splitlines() if l.strip().startswith('{"')]
    assert len(rows) == len(entries)
    again = cli("lint", "--update-baseline", "baseline.json", "--no-cache")
    assert again.exit_code == 0 and (repo.root / "baseline.json").read_text() == text


def test_a_broken_baseline_is_a_usage_error(repo, cli):
    repo.write("content/a.md", doc())
    repo.write("baseline.json", "{not json")
    r = cli("lint", "--baseline", "baseline.json", "--no-cache")
    assert r.exit_code == 2
    assert cli("lint", "--baseline", "missing.json", "--no-cache").exit_code == 2
