"""The analysis cache and the incremental run store: hits, invalidation, corruption, concurrency."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import doc


def _cache(root: Path):
    from planner.cache import AnalysisCache
    from planner.config import load_config
    from planner.loader import load_document

    config = load_config(root)
    d = load_document(root / "content" / "a.md", config, root)
    return AnalysisCache(root / ".planner-cache", config, tool="t1"), d, config


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".planner-cache" / "analysis").rglob("*.json"))


def test_a_second_run_reads_the_cache_and_agrees(repo, cli):
    repo.write("content/a.md", doc(stage="awareness", body="Your trial ends soon. Buy now.\n"))
    first = cli("lint", "-f", "json", "--fail-on", "none").json()
    assert len(_entries(repo.root)) == 1
    second = cli("lint", "-f", "json", "--fail-on", "none").json()
    assert first == second
    third = cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").json()
    assert third == first


def test_cache_invalidates_on_content_config_and_version(repo):
    from planner.analysis import analyse_documents
    from planner.cache import AnalysisCache
    from planner.config import load_config

    repo.write("content/a.md", doc(body="First words.\n"))
    cache, d, config = _cache(repo.root)
    cache.put(d, analyse_documents([d], config)[d.relpath])
    assert cache.get(d) is not None
    repo.write("content/a.md", doc(body="Other words.\n"))
    _, changed, _ = _cache(repo.root)
    assert cache.get(changed) is None                                   # content
    other_tool = AnalysisCache(repo.root / ".planner-cache", config, tool="t2")
    assert other_tool.get(d) is None                                    # tool version
    repo.config("content:\n  required: [title]\n")
    other_config = AnalysisCache(repo.root / ".planner-cache", load_config(repo.root), tool="t1")
    assert other_config.get(d) is None                                  # configuration


def test_a_corrupt_or_half_written_entry_is_recovered(repo, cli):
    repo.write("content/a.md", doc(body="Some words.\n"))
    cache, d, config = _cache(repo.root)
    from planner.analysis import analyse_documents

    cache.put(d, analyse_documents([d], config)[d.relpath])
    entry = _entries(repo.root)[0]
    entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])   # killed mid-write
    assert cache.get(d) is None and not entry.exists()
    cache.put(d, analyse_documents([d], config)[d.relpath])
    assert cache.get(d) is not None
    entry.write_text(json.dumps({"key": "someone else", "analysis": {}}))
    assert cache.get(d) is None


def test_a_corrupt_run_store_is_a_cold_run(repo, cli):
    repo.write("content/a.md", doc(stage=None))
    first = cli("lint", "-f", "json", "--fail-on", "none").json()
    for p in (repo.root / ".planner-cache" / "runs").rglob("*.pickle"):
        p.write_bytes(b"\x80\x05garbage")
    assert cli("lint", "-f", "json", "--fail-on", "none").json() == first


def test_incremental_run_rechecks_only_the_changed_file(repo, cli):
    repo.write("content/a.md", doc(stage=None))
    repo.write("content/b.md", doc(stage="awareness"))
    cli("lint", "--fail-on", "none")
    repo.write("content/b.md", doc(stage="awarenes"))
    r = cli("lint", "-f", "json", "--fail-on", "none").json()
    assert {f["path"] for f in r["findings"]} == {"content/a.md", "content/b.md"}
    assert r == cli("lint", "-f", "json", "--fail-on", "none", "--no-cache").json()


def test_concurrent_runs_share_the_cache_safely(repo):
    for i in range(6):
        repo.write(f"content/d{i}.md", doc(stage="awareness", body=f"Document number {i} about planning.\n"))
    cmd = [sys.executable, "-m", "planner", "lint", "-f", "json", "--fail-on", "none"]
    procs = [subprocess.Popen(cmd, cwd=repo.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    results = [json.loads(o[0]) for o in outs]
    assert results[0] == results[1] == results[2]
    assert not list((repo.root / ".planner-cache").rglob("*.tmp"))
    again = subprocess.run(cmd, cwd=repo.root, capture_output=True, text=True, timeout=300)
    assert json.loads(again.stdout) == results[0]


def test_parallel_analysis_agrees_with_one_process(repo):
    from planner.analysis import analyse_documents
    from planner.config import build_config
    from planner.loader import load_document
    from planner.parallel import analyse_parallel

    paths = [repo.write(f"content/d{i}.md", doc(body=f"Start your trial {i}. Set up your team.\n")) for i in range(8)]
    config = build_config({"ci": {"parallel": {"workers": 2, "min_documents": 2}}}, root=repo.root)
    docs = [load_document(p, config, repo.root) for p in paths]
    par = analyse_parallel(docs, config)
    one = analyse_documents(docs, config)
    assert {k: v.to_dict() for k, v in par.items()} == {k: v.to_dict() for k, v in one.items()}


def test_worker_processes_give_the_same_audit_as_one_process(repo):
    from planner.config import build_config
    from planner.incremental import RunStore
    from planner.loader import discover
    from planner.pipeline import build_audit
    from planner.reporters.json_report import audit_json

    repo.write("content/bad.md", doc(stage=None))
    repo.write("content/typo.md", doc(stage="awarenes"))
    for i in range(6):
        repo.write(f"content/d{i}.md", doc(stage="decision", body=f"Start your trial {i}. Plans start at $9.\n"))
    config = build_config({"ci": {"parallel": {"workers": 2, "min_documents": 2}}}, root=repo.root)
    from planner.analysis import analyse_documents

    store = RunStore(None, config, analyse_documents)
    files, _ = discover([repo.root / "content"], config)
    assert store.precompute(files, config, repo.root) == len(files)
    par = build_audit([repo.root / "content"], config, cwd=repo.root, load=store.load, analyse=store.analyse,
                      check=store.check)
    one = build_audit([repo.root / "content"], config, cwd=repo.root)
    assert audit_json(par) == audit_json(one)
    assert len(store.reused) == len(files)
