"""Speed of `planner trend` on a scripted history of real documents.

    .venv/bin/python benchmarks/trend_speed.py               # 3 rounds
    .venv/bin/python benchmarks/trend_speed.py --rounds 1 --keep

The repository: 26 weekly commits over real pages of the labelled dev corpus (26
companies), one folder per company. The first commit holds 300 of them; each week after
adds 7 more, edits 5 (a paragraph cut: the text stays real), retags 3 (a neighbouring
stage of the same phase, a new review date or a draft published) and, every other week,
deletes one, ending at 462 documents. Deterministic: the same seed builds the same
history, commit ids included.

Measured end to end through the real command line, start-up included:

  lint      one cold `planner lint --format json` of the final estate (empty store)
  trend     the whole `planner trend --format json` (empty store), 26 points
  again     the same trend a second time (the store from the run before)

Each round starts from empty stores. Targets: trend <= 4x one cold lint, a second run
<= 3 s. Wall and CPU seconds (the command and its worker processes) are medians over
``--rounds``; the machine's load average is printed with them, since the machine is
shared. The benchmark also checks that the last point counts the estate's documents and
findings as lint does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
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
WEEKS, START, ADD, EDIT, RETAG = 26, 300, 7, 5, 3
STAGES = {"buyer": ["awareness", "consideration", "decision"],
          "customer": ["onboarding", "adoption", "success", "advocacy"]}


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


def place(src: Path) -> str:
    company, _, slug = src.name.partition("--")
    return f"content/{company}/{slug}"


def edit(path: Path, rng: random.Random) -> None:
    """Cut one paragraph of the body (not the first): an editor's trim, on real text."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    paras = body.split("\n\n")
    if len(paras) > 2:
        del paras[rng.randrange(1, len(paras))]
    path.write_text(head + sep + "\n\n".join(paras), encoding="utf-8")


def retag(path: Path, rng: random.Random, day: dt.date) -> None:
    """A tagging change a team makes in review: another stage of the same phase, a
    review date, or a draft marked published."""
    text = path.read_text(encoding="utf-8")
    phase = re.search(r"^phase:\s*(\w+)", text, re.M)
    stage = re.search(r"^stage:\s*(\w+)", text, re.M)
    choice = rng.randrange(3)
    if choice == 0 and phase and stage and phase.group(1) in STAGES:
        others = [s for s in STAGES[phase.group(1)] if s != stage.group(1)]
        text = text[:stage.start(1)] + rng.choice(others) + text[stage.end(1):]
    elif choice == 1 or not re.search(r"^status:", text, re.M):
        text = re.sub(r"^reviewed:.*\n", "", text, flags=re.M)
        text = text.replace("\n---\n", f"\nreviewed: {day.isoformat()}\n---\n", 1)
    else:
        text = re.sub(r"^status:.*$", "status: published", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def build_history(root: Path, corpus: Path, seed: int = 16) -> None:
    """The scripted repository at ``root``."""
    docs = sorted(p for p in corpus.glob("*.md") if "--" in p.name)
    if len(docs) < START + ADD * (WEEKS - 1):
        sys.exit(f"{corpus}: {len(docs)} documents, need {START + ADD * (WEEKS - 1)}")
    rng = random.Random(seed)
    rng.shuffle(docs)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "planner.yml").write_text("content:\n  paths: [content]\n", encoding="utf-8")
    (root / ".gitignore").write_text(".planner-cache/\n", encoding="utf-8")
    live: list[str] = []
    for week in range(WEEKS):
        day = dt.date(2026, 1, 5) + dt.timedelta(weeks=week)
        new = docs[:START] if week == 0 else docs[START + ADD * (week - 1): START + ADD * week]
        for src in new:
            dest = root / place(src)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            live.append(place(src))
        if week:
            old = sorted(set(live) - {place(s) for s in new})
            for rel in rng.sample(old, EDIT):
                edit(root / rel, rng)
            for rel in rng.sample(old, RETAG):
                retag(root / rel, rng, day)
            if week % 2 == 1:
                gone = rng.choice(old)
                (root / gone).unlink()
                live.remove(gone)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"week {week + 1}: {len(live)} documents", date=f"{day.isoformat()}T10:00:00+00:00")
    return len(live), versions(root)


def versions(root: Path) -> int:
    """Distinct (path, content) pairs over the history: the files a trend must check once."""
    seen = set()
    for oid in git(root, "rev-list", "HEAD").split():
        for line in git(root, "ls-tree", "-r", oid, "--", "content").splitlines():
            meta, _, path = line.partition("\t")
            seen.add((path, meta.split()[2]))
    return len(seen)


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the command and its children, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1", **env})
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[-4:])} failed ({r.returncode}): {r.stderr[-800:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), r


def round_(root: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    lint_store, trend_store = root.parent / "store-lint", root.parent / "store-trend"
    for s in (lint_store, trend_store):
        shutil.rmtree(s, ignore_errors=True)
    out["load"] = os.getloadavg()[0]
    out["lint_s"], out["lint_cpu_s"], lint = timed(PLANNER + ["lint", "--format", "json", "--fail-on", "none"], root,
                                                   {"PLANNER_CACHE_DIR": str(lint_store)})
    trend_cmd = PLANNER + ["trend", "--format", "json"]
    out["trend_s"], out["trend_cpu_s"], first = timed(trend_cmd, root, {"PLANNER_CACHE_DIR": str(trend_store)})
    out["again_s"], out["again_cpu_s"], second = timed(trend_cmd, root, {"PLANNER_CACHE_DIR": str(trend_store)})
    out["ratio"] = out["trend_s"] / out["lint_s"]
    out["ratio_cpu"] = out["trend_cpu_s"] / out["lint_cpu_s"]
    report, points = json.loads(lint.stdout), json.loads(first.stdout)["points"]
    last = points[-1]
    summary = report["summary"]
    if len(points) != WEEKS or last["documents"] != summary["documents"] \
            or last["findings"] != {k: summary[k] for k in ("error", "warning", "suggestion")}:
        sys.exit(f"the last point does not match lint: {last['documents']} documents {last['findings']} vs {summary}")
    if json.loads(second.stdout)["points"] != points:
        sys.exit("the second run's points differ from the first's")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/planner-trend-speed"))
    ap.add_argument("--keep", action="store_true", help="reuse the repository of an earlier run (same seed, same history)")
    args = ap.parse_args()

    root = args.workdir / "repo"
    if not (args.keep and (root / ".git").is_dir()):
        build_history(root, args.corpus)
    n = sum(1 for _ in (root / "content").rglob("*.md"))
    words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in (root / "content").rglob("*.md"))
    print(f"{WEEKS} weekly commits, {n} documents ({words:,} words) at the end, "
          f"{versions(root)} distinct file versions over the history", flush=True)
    rounds = []
    for i in range(args.rounds):
        r = round_(root)
        rounds.append(r)
        print(json.dumps({"round": i + 1, **{k: round(v, 3) for k, v in r.items()}}), flush=True)
    med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    loads = [r["load"] for r in rounds]
    print(f"\n{os.cpu_count()} CPUs; load average {min(loads):.1f}-{max(loads):.1f} at the start of a round; "
          f"medians of {len(rounds)} round(s)")
    print(f"  lint   {med['lint_s']:6.2f} s  ({med['lint_cpu_s']:.1f} CPU-s)   one cold lint of the final estate")
    print(f"  trend  {med['trend_s']:6.2f} s  ({med['trend_cpu_s']:.1f} CPU-s)   {med['ratio']:.2f}x lint by wall, "
          f"{med['ratio_cpu']:.2f}x by CPU   target <= 4x")
    print(f"  again  {med['again_s']:6.2f} s  ({med['again_cpu_s']:.1f} CPU-s)   second run   target <= 3 s")


if __name__ == "__main__":
    main()
