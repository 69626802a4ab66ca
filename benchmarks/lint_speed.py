"""Speed of `planner lint` on real documents, with proselint side by side in the same run.

    .venv/bin/python benchmarks/lint_speed.py                  # 10,000 documents, 3 rounds
    .venv/bin/python benchmarks/lint_speed.py --docs 2000 --rounds 1

The estate is the labelled dev corpus (real pages from 26 companies), replicated to
``--docs`` documents (copies in sub-folders: real text, not generated). Measured end
to end through the real command line, start-up included, every rule on, with planner's
modules compiled to bytecode first, as any installed planner has them:

  cold    empty result store, JSON report: words per second (and CPU seconds)
  warm    the same run again after one file changed: seconds
  warm_daemon  the same, answered by a planner daemon (`planner daemon start`, one
          warm-up request, its memo refreshed), then stopped: seconds (and the CPU
          seconds of the daemon's run; the client's own are next to none)
  small   one small file in a repository of its own, no store: seconds
  proselint on the same files in the same round: words per second, and the ratio

Words are whitespace-separated words of the files as they are on disk (front matter
included), the same input for both tools. Each figure is the median over ``--rounds``
rounds; the machine's load is printed with them, since a shared machine slows both
tools. Targets (2-core machine): cold >= 150k words/s and >= 3x proselint, warm <= 1.5 s,
small <= 1 s. proselint is a benchmark dependency only: ``pip install -e '.[bench]'``.
"""
from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import py_compile
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "dev"
BIN = Path(sys.executable).parent
PLANNER = [str(BIN / "planner")] if (BIN / "planner").exists() else [sys.executable, "-m", "planner"]
SMALL = """---
title: Your first week with Tandemly
stage: onboarding
roles: [end-user]
---
Welcome aboard. Set up your workspace, invite your team and plan your first week.
Open Settings, choose Members and invite the people you plan work with.
"""


def timed(cmd: list[str], cwd: Path, served: bool = False) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the command and its children, result). Not handed
    to a planner daemon unless ``served``."""
    env = {**os.environ, "NO_COLOR": "1"}
    if served:
        env.pop("PLANNER_NO_DAEMON", None)
    else:
        env["PLANNER_NO_DAEMON"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), r


def build_estate(work: Path, corpus: Path, n: int) -> int:
    """``n`` real documents under work/content (the corpus, copied as often as needed);
    returns their word count."""
    stamp = work / f".estate-{n}"
    originals = sorted(p for p in corpus.glob("*.md") if "--" in p.name)
    if not originals:
        sys.exit(f"no corpus documents in {corpus} (give --corpus)")
    if not stamp.exists():
        shutil.rmtree(work, ignore_errors=True)
        (work / "content").mkdir(parents=True)
        for i in range(n):
            src = originals[i % len(originals)]
            dest = work / "content" / f"copy-{i // len(originals):02d}" / src.name
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, dest)
        stamp.write_text("")
    return sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in (work / "content").rglob("*.md"))


def compile_planner() -> str:
    """Compile planner's modules, as a pip install does (an editable install does not;
    with PYTHONDONTWRITEBYTECODE set, each run would compile them again, ~0.1 s of a
    start-up that no installed planner pays). checked-hash: a stale file is ignored."""
    spec = importlib.util.find_spec("planner")
    if spec is None or not spec.submodule_search_locations:
        return "planner not importable here: not compiled"
    folder = spec.submodule_search_locations[0]
    ok = compileall.compile_dir(folder, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    return f"compiled in {folder}" if ok else f"could not compile every module in {folder}"


def proselint_cmd() -> list[str] | None:
    exe = BIN / "proselint"
    return [str(exe), "-o", "compact", "check"] if exe.exists() else None


def round_(work: Path, words: int, prose: list[str] | None, edit: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    shutil.rmtree(work / ".planner-cache", ignore_errors=True)
    lint = PLANNER + ["lint", "--format", "json", "--fail-on", "none", "-o", str(work / "report.json")]
    wall, cpu, r = timed(lint, work)
    if r.returncode != 0:
        sys.exit(f"planner lint failed: {r.stderr[-500:]}")
    out.update(cold_s=wall, cold_cpu_s=cpu, cold_wps=words / wall)
    if prose:
        wall, cpu, _ = timed(prose + ["content"], work)
        out.update(proselint_s=wall, proselint_cpu_s=cpu, proselint_wps=words / wall)
        out["ratio"] = out["cold_wps"] / out["proselint_wps"]
    text = edit.read_text(encoding="utf-8")
    edit.write_text(text + f"\nOne more sentence, written at {time.time()}.\n", encoding="utf-8")
    try:
        out["warm_s"], out["warm_cpu_s"], _ = timed(lint, work)
    finally:
        edit.write_text(text, encoding="utf-8")
    out.update(daemon_round(work, lint, edit))
    small = work / "small"
    shutil.rmtree(small, ignore_errors=True)
    (small / "content").mkdir(parents=True)
    (small / "content" / "first-week.md").write_text(SMALL, encoding="utf-8")
    out["small_s"], out["small_cpu_s"], _ = timed(PLANNER + ["lint", "--no-cache", "--fail-on", "none"], small)
    return out


def daemon_status(work: Path) -> dict:
    r = subprocess.run(PLANNER + ["daemon", "status", "--json"], cwd=work, capture_output=True, text=True)
    return json.loads(r.stdout or "null") or {}


def daemon_round(work: Path, lint: list[str], edit: Path) -> dict[str, float]:
    """The warm run answered by a planner daemon: started, one warm-up request (the
    store's files are then kept decoded), the same one-change run, stopped."""
    r = subprocess.run(PLANNER + ["daemon", "start", "--idle", "10"], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"planner daemon start failed: {r.stderr.strip()}: no daemon round")
        return {}
    try:
        timed(lint, work, served=True)
        status = daemon_status(work)
        while status.get("refreshing") or status.get("busy"):  # between requests, as a user's edits are
            time.sleep(0.2)
            status = daemon_status(work)
        cpu_before = status.get("runs_cpu_s", 0.0)
        text = edit.read_text(encoding="utf-8")
        edit.write_text(text + f"\nOne more sentence, written at {time.time()}.\n", encoding="utf-8")
        try:
            wall, _, r = timed(lint, work, served=True)
        finally:
            edit.write_text(text, encoding="utf-8")
        while daemon_status(work).get("busy"):
            time.sleep(0.2)
        served = daemon_status(work)
        if r.returncode != 0 or not served:
            print(f"the daemon's warm run failed: {r.stderr[-300:]}")
            return {}
        return {"warm_daemon_s": wall, "warm_daemon_cpu_s": served.get("runs_cpu_s", 0.0) - cpu_before}
    finally:
        subprocess.run(PLANNER + ["daemon", "stop"], cwd=work, capture_output=True, text=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/planner-lint-speed"))
    ap.add_argument("--skip-proselint", action="store_true")
    args = ap.parse_args()

    compiled = compile_planner()
    print(f"planner's bytecode: {compiled}")
    words = build_estate(args.workdir, args.corpus, args.docs)
    prose = None if args.skip_proselint else proselint_cmd()
    if prose is None and not args.skip_proselint:
        print("proselint is not installed (pip install -e '.[bench]'): planner only")
    edit = sorted((args.workdir / "content").rglob("*.md"))[0]  # the one file the warm run re-checks
    rounds = []
    for i in range(args.rounds):
        load = os.getloadavg()[0]
        r = round_(args.workdir, words, prose, edit)
        r["load"] = load
        rounds.append(r)
        print(json.dumps({"round": i + 1, **{k: round(v, 3) for k, v in r.items()}}), flush=True)
    med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0] if all(k in r for r in rounds)}
    print(f"\n{args.docs:,} real documents, {words:,} words; {os.cpu_count()} CPUs; "
          f"load average {min(r['load'] for r in rounds):.1f}-{max(r['load'] for r in rounds):.1f} at the start of a round; "
          f"medians of {len(rounds)} round(s)")
    print(f"  cold   {med['cold_s']:6.2f} s  {med['cold_wps'] / 1000:6.0f}k words/s  ({med['cold_cpu_s']:.1f} CPU-s)"
          "   target >= 150k")
    if "proselint_wps" in med:
        print(f"  proselint {med['proselint_s']:6.2f} s  {med['proselint_wps'] / 1000:6.0f}k words/s  "
              f"({med['proselint_cpu_s']:.1f} CPU-s)   planner/proselint {med['ratio']:.2f}x (target >= 3x)")
    print(f"  warm   {med['warm_s']:6.2f} s after one change, in one process ({med['warm_cpu_s']:.1f} CPU-s)"
          "   target <= 1.5 s")
    if "warm_daemon_s" in med:
        print(f"  warm   {med['warm_daemon_s']:6.2f} s after one change, answered by `planner daemon` "
              f"({med['warm_daemon_cpu_s']:.1f} CPU-s; {med['warm_daemon_s'] / med['warm_s']:.2f}x the one-process run)"
              "   target <= 1.5 s")
    print(f"  small  {med['small_s']:6.2f} s for one small file   target <= 1 s")


if __name__ == "__main__":
    main()
