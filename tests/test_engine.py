"""The engine: one per-file step, a result store that is data (never code), executors
that agree, and one audit() every command uses."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from planner import engine
from planner.config import build_config, load_config
from planner.engine import executors, keys, unit
from planner.engine.store import Store
from tests.conftest import doc

LINT_JSON = ("lint", "-f", "json", "--fail-on", "none")


def _stores(root: Path) -> list[Path]:
    return sorted((root / ".planner-cache" / "results").rglob("[0-9][0-9].json"))  # the shards, not judged.json


def _count_checks(monkeypatch) -> list[str]:
    """Relpaths the per-file step sees, in this process."""
    seen: list[str] = []
    real = unit.check

    def counting(sources, config):
        seen.extend(s.relpath for s in sources)
        return real(sources, config)

    monkeypatch.setattr(executors, "check", counting)
    monkeypatch.setattr(executors.Prestarted, "available", staticmethod(lambda: False))  # count in this process
    return seen


def test_a_second_run_reads_the_store_and_agrees_with_a_fresh_one(repo, cli, monkeypatch):
    repo.write("content/a.md", doc(stage="awareness", body="Your trial ends soon. Buy now.\n"))
    repo.write("content/b.md", doc(stage=None))
    first = cli(*LINT_JSON).json()
    assert _stores(repo.root)
    seen = _count_checks(monkeypatch)
    assert cli(*LINT_JSON).json() == first
    assert seen == []  # nothing checked again
    assert cli(*LINT_JSON, "--no-cache").json() == first


def test_an_edit_rechecks_only_the_edited_file(repo, cli, monkeypatch):
    repo.write("content/a.md", doc(stage=None))
    repo.write("content/b.md", doc(stage="awareness"))
    cli(*LINT_JSON)
    repo.write("content/b.md", doc(stage="awarenes"))
    seen = _count_checks(monkeypatch)
    r = cli(*LINT_JSON).json()
    assert seen == ["content/b.md"]
    assert {f["path"] for f in r["findings"]} == {"content/a.md", "content/b.md"}
    assert r == cli(*LINT_JSON, "--no-cache").json()


def test_an_edit_checked_by_the_pre_started_worker_gives_the_same_report(repo, cli):
    if not executors.Prestarted.available():
        pytest.skip("no fork or one CPU: no pre-started worker")
    repo.write("content/a.md", doc(stage=None))
    repo.write("content/b.md", doc(stage="awareness", body="Your trial ends soon. Buy now.\n"))
    cli(*LINT_JSON)
    repo.write("content/b.md", doc(stage="awareness", body="Your subscription renews soon. Renew now.\n"))
    assert cli(*LINT_JSON).json() == cli(*LINT_JSON, "--no-cache").json()


def test_linting_one_file_keeps_the_stored_results_of_the_others(repo, cli, monkeypatch):
    for name in "abc":
        repo.write(f"content/{name}.md", doc(stage="awareness", body=f"Words about {name}.\n"))
    cli(*LINT_JSON)
    cli(*LINT_JSON, "content/a.md")
    seen = _count_checks(monkeypatch)
    cli(*LINT_JSON)
    assert seen == []


def test_a_result_is_keyed_by_content_configuration_tool_and_team_model(repo, monkeypatch):
    config = load_config(repo.root)
    digest = keys.run_digest(config)
    assert keys.file_key(digest, "content/a.md", "1" * 64) != keys.file_key(digest, "content/a.md", "2" * 64)
    assert keys.file_key(digest, "content/a.md", "1" * 64) != keys.file_key(digest, "content/b.md", "1" * 64)
    assert keys.run_digest(build_config({"content": {"required": ["title"]}}, root=repo.root)) != digest
    repo.write(".planner/model.json", '{"format": "planner-team-model", "version": 1}')
    assert keys.run_digest(config) != digest  # a trained model changes analyses
    monkeypatch.setattr(keys, "tool_key", lambda: "another version")
    assert keys.run_digest(config) not in (digest,)


def test_results_are_reused_across_commits_from_bytes_without_a_checkout(repo, monkeypatch):
    """planner trend hands the engine blobs: an unchanged file is not checked again."""
    config = load_config(repo.root)
    store = Store(repo.root / ".planner-cache", keys.run_digest(config))
    a, b = doc(stage="awareness", body="First version.\n").encode(), doc(stage="decision").encode()

    def commit(files: dict[str, bytes]):
        sources = [engine.Source(rel, repo.root / rel, data) for rel, data in files.items()]
        return engine.audit([], config, cwd=repo.root, store=store, full=False, sources=sources)

    commit({"content/a.md": a, "content/b.md": b})
    seen = _count_checks(monkeypatch)
    later = commit({"content/a.md": doc(stage="awareness", body="Second version.\n").encode(), "content/b.md": b})
    assert seen == ["content/a.md"]
    assert [d.relpath for d in later.documents] == ["content/a.md", "content/b.md"]


def test_today_is_an_input_of_the_run_not_the_clock(repo):
    import datetime as dt

    from planner.coverage import coverage_matrix

    repo.write("content/a.md", doc(stage="awareness", reviewed="2020-01-01"))
    config = load_config(repo.root)
    past = engine.audit([repo.root / "content"], config, cwd=repo.root, as_of=dt.date(2020, 6, 1))
    assert past.as_of == dt.date(2020, 6, 1)
    m = coverage_matrix(past)
    assert m["today"] == "2020-06-01" and m["totals"]["stale"] == 0
    now = engine.audit([repo.root / "content"], config, cwd=repo.root, as_of=dt.date(2026, 6, 1))
    assert coverage_matrix(now)["totals"]["stale"] == 1


# --------------------------------------------------------------------------- untrusted stores

PAYLOAD = "import pathlib; pathlib.Path({marker!r}).write_text('ran')"


class _Exploit:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (PAYLOAD.format(marker=self.marker),))


def _plant_everywhere(folder: Path, blob: bytes) -> None:
    """``blob`` under every name the store (or an older planner) would read."""
    for store in (folder / "results").iterdir():
        for shard in store.glob("*.json"):
            shard.write_bytes(blob)
    for store in (folder / "analyses").iterdir():
        for entry in store.rglob("*.json.z"):
            entry.write_bytes(blob)
    runs = folder / "runs" / "0123456789abcdef01234567"
    runs.mkdir(parents=True, exist_ok=True)
    for i in range(64):
        (runs / f"{i:02d}.pickle").write_bytes(blob)


def test_a_planted_pickle_payload_never_runs_and_the_report_equals_a_fresh_one(repo, cli, tmp_path):
    repo.write("content/a.md", doc(stage="awareness", body="Your trial ends soon. Buy now.\n"))
    repo.write("content/b.md", doc(stage="onboardng"))
    fresh = cli(*LINT_JSON, "--no-cache").json()
    cli(*LINT_JSON)
    marker = tmp_path / "payload-ran"
    _plant_everywhere(repo.root / ".planner-cache", pickle.dumps(_Exploit(str(marker))))
    r = cli(*LINT_JSON, "-v")
    assert not marker.exists()
    assert r.json() == fresh
    assert "cache: ignored" in r.stderr  # one line per ignored file under -v
    assert cli(*LINT_JSON).json() == fresh  # and the store was rebuilt
    assert not marker.exists()


@pytest.mark.parametrize("mangle", ["truncated", "foreign", "wrong-types", "other-path", "bomb"])
def test_a_malformed_store_is_ignored_and_rebuilt(repo, cli, mangle):
    repo.write("content/a.md", doc(stage="awareness", body="Your trial ends soon. Buy now.\n"))
    repo.write("content/b.md", doc(stage=None))
    fresh = cli(*LINT_JSON, "--no-cache").json()
    cli(*LINT_JSON)
    shards = _stores(repo.root)
    for shard in shards:
        data = json.loads(shard.read_bytes())
        if mangle == "truncated":
            shard.write_bytes(shard.read_bytes()[: len(shard.read_bytes()) // 2])
            continue
        if mangle == "foreign":
            data["format"] = "something-else"
        for entry in data["entries"].values():
            if mangle == "wrong-types":
                entry["summary"]["analysis"] = {"words": "many", "tone": {"scores": {"hype": "high"}}}
                for f in entry["findings"]:
                    f["line"] = "one"
                entry["findings"].append({"path": "content/evil.md"})
            elif mangle == "other-path":
                entry["relpath"] = "content/elsewhere.md"
        if mangle == "bomb":
            shard.write_bytes(b"[" * 200_000)
            continue
        shard.write_text(json.dumps(data))
    r = cli(*LINT_JSON, "-v")
    assert r.exit_code == 0 and "Traceback" not in r.stderr
    assert r.json() == fresh
    assert cli(*LINT_JSON).json() == fresh


def test_a_store_folder_git_tracks_is_refused(repo, cli):
    def git(*args):
        subprocess.run(["git", *args], cwd=repo.root, check=True, capture_output=True)

    repo.write("content/a.md", doc(stage="onboardng"))
    fresh = cli(*LINT_JSON, "--no-cache").json()
    cli(*LINT_JSON)
    git("init", "-q")
    git("add", "-f", ".planner-cache", "content")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "a planted cache")
    for shard in _stores(repo.root):  # whatever a pull request says the results are
        data = json.loads(shard.read_bytes())
        for entry in data["entries"].values():
            entry["findings"] = []
        shard.write_text(json.dumps(data))
    before = {p: p.read_bytes() for p in _stores(repo.root)}
    r = cli(*LINT_JSON)
    assert r.json() == fresh  # the planted "no findings" is not believed
    assert "git tracks" in r.stderr
    assert {p: p.read_bytes() for p in _stores(repo.root)} == before  # nor written to


def test_a_configured_store_folder_outside_the_working_tree_is_refused(repo, cli, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    repo.config(f"ci:\n  cache:\n    dir: {elsewhere}\n")
    repo.write("content/a.md", doc(stage="awareness"))
    r = cli(*LINT_JSON)
    assert r.exit_code == 0 and "outside the working tree" in r.stderr
    assert not list(elsewhere.iterdir())


def test_no_cache_neither_reads_nor_writes_the_cache_folder(repo, cli):
    """--no-cache: the product names inferred from the estate are not taken from, nor
    kept in, the cache folder either (a planted memo is not believed)."""
    repo.write("content/a.md", doc(stage="awareness"))
    fresh = cli(*LINT_JSON, "--no-cache").json()
    cli(*LINT_JSON)
    cli(*LINT_JSON)  # the names are kept beside a store an earlier run made
    memo = repo.root / ".planner-cache" / "estate-names.json"
    data = json.loads(memo.read_text())
    planted = {sig: ["Plantedname"] for sig in data}
    memo.write_text(json.dumps(planted))
    before = sorted(p.relative_to(repo.root) for p in (repo.root / ".planner-cache").rglob("*"))
    assert cli(*LINT_JSON, "--no-cache").json() == fresh
    assert json.loads(memo.read_text()) == planted
    assert sorted(p.relative_to(repo.root) for p in (repo.root / ".planner-cache").rglob("*")) == before


def test_inferred_names_another_checkout_left_in_a_shared_cache_are_not_believed(repo, cli):
    """The names memo is keyed by the file list and the commit checked out: a memo that a
    pull request's job left in a cache folder it shares with the main branch's (same file
    list, names from its own pages) does not name the main branch's products."""
    import subprocess

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo.root, check=True,
                       capture_output=True)

    repo.write("content/a.md", doc(stage="awareness"))
    repo.write(".gitignore", ".planner-cache/\n")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "main")
    fresh = cli(*LINT_JSON, "--no-cache").json()
    cli(*LINT_JSON)
    cli(*LINT_JSON)  # the names are kept beside a store an earlier run made
    memo = repo.root / ".planner-cache" / "estate-names.json"
    planted = {sig: ["Plantedname"] for sig in json.loads(memo.read_text())}
    memo.write_text(json.dumps(planted))
    assert "Plantedname" in json.dumps(cli(*LINT_JSON).json())  # same commit, same pages: the memo is used
    git("commit", "-q", "--allow-empty", "-m", "another checkout")
    again = cli(*LINT_JSON).json()
    assert "Plantedname" not in json.dumps(again) and again == fresh


# --------------------------------------------------------------------------- executors

def test_worker_processes_give_the_same_audit_as_one_process(repo):
    from planner.reporters.json_report import audit_json

    repo.write("content/bad.md", doc(stage=None))
    repo.write("content/typo.md", doc(stage="awarenes"))
    for i in range(6):
        repo.write(f"content/d{i}.md", doc(stage="decision", body=f"Start your trial {i}. Plans start at $9.\n"))
    pooled = build_config({"ci": {"parallel": {"workers": 2, "min_documents": 2}}}, root=repo.root)
    one = build_config({"ci": {"parallel": {"workers": 1}}}, root=repo.root)
    if executors.cpu_count() < 2:
        pytest.skip("one CPU: the pool is never used")
    assert isinstance(executors.executor_for(pooled, None, 8), executors.Pool)
    a = engine.audit([repo.root / "content"], pooled, cwd=repo.root, full=False)
    b = engine.audit([repo.root / "content"], one, cwd=repo.root, full=False)
    assert audit_json(a) == audit_json(b)


def test_workers_are_capped_at_the_cpu_count(repo):
    config = build_config({"ci": {"parallel": {"workers": 100000, "min_documents": 1}}}, root=repo.root)
    assert executors.workers_for(config, 10**6) <= executors.cpu_count()
    assert executors.workers_for(config, 3) <= 3


def test_concurrent_runs_share_the_store_safely(repo):
    for i in range(6):
        repo.write(f"content/d{i}.md", doc(stage="awareness", body=f"Document number {i} about planning.\n"))
    cmd = [sys.executable, "-m", "planner", *LINT_JSON]
    procs = [subprocess.Popen(cmd, cwd=repo.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    results = [json.loads(o[0]) for o in outs]
    assert results[0] == results[1] == results[2]
    assert not list((repo.root / ".planner-cache").rglob("*.tmp"))
    again = subprocess.run(cmd, cwd=repo.root, capture_output=True, text=True, timeout=300)
    assert json.loads(again.stdout) == results[0]


def test_a_corpus_finding_on_a_summary_run_quotes_the_same_evidence(repo, cli):
    """tone-drift reads summaries and loads the outlier whole for its evidence."""
    from planner.rules import registry

    example = next(ex for ex in registry()["tone-drift"].examples if ex.fires)
    for rel, text in example.files.items():
        repo.write(rel, text)
    repo.config(example.config)
    fresh = cli(*LINT_JSON, "--no-cache").json()
    cli(*LINT_JSON)
    warm = cli(*LINT_JSON).json()
    drift = [f for f in warm["findings"] if f["rule"] == "tone-drift"]
    assert drift and drift[0]["sentences"] and warm == fresh


def test_no_pickle_or_marshal_in_the_package():
    root = Path(__file__).resolve().parents[1] / "planner"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import pickle" not in text and "import marshal" not in text, path
