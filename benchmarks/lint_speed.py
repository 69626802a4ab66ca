"""Speed of `planner lint` on a generated estate, with proselint as the reference.

    .venv/bin/python benchmarks/lint_speed.py            # 10,000 documents (~8.4 M words)
    .venv/bin/python benchmarks/lint_speed.py --docs 2000 --skip-proselint

Measures, end to end through the real command line (start-up included):
  cold   every rule on, empty cache: words per second
  warm   the same run again after one file changed (the incremental cache's case)
  small  one small file in its own repository, no cache (start-up, spaCy, lexicons)
  proselint on the same corpus in the same run, as words per second and a ratio.

Targets (2-core machine): cold >= 150k words/s, warm <= 1.5 s, small <= 1.5 s.
proselint is installed into the venv by this script if missing (benchmark only; it is
not a dependency of planner).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus_gen import generate  # noqa: E402

BIN = Path(sys.executable).parent
PLANNER = [str(BIN / "planner")] if (BIN / "planner").exists() else [sys.executable, "-m", "planner"]


def run(cmd: list[str], cwd: Path, **kw) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_COLOR": "1"}
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, **kw)
    return time.perf_counter() - t, r


def every_rule_on(work: Path) -> None:
    """planner.yml turning on any rule that is off by default (at suggestion)."""
    _, r = run(PLANNER + ["rules", "--format", "json"], work)
    rules = json.loads(r.stdout)
    lines = ["# benchmark: every rule on", "rules:"]
    off = [x["id"] for x in rules if x["default"] == "off"]
    lines += [f"  {rid}: suggestion" for rid in off] or ["  {}"]
    if not off:
        lines = ["# benchmark: every rule is on by default"]
    (work / "planner.yml").write_text("\n".join(lines) + "\n")


def ensure_proselint() -> list[str] | None:
    exe = BIN / "proselint"
    if not exe.exists():
        print("installing proselint into the venv (benchmark reference only)...", flush=True)
        r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "proselint"], capture_output=True, text=True)
        if r.returncode != 0 or not exe.exists():
            print("  proselint could not be installed:", r.stderr.strip().splitlines()[-1:] or "?")
            return None
    return [str(exe)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/planner-lint-speed"))
    ap.add_argument("--skip-proselint", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="repetitions of the small-file and warm runs (median)")
    args = ap.parse_args()

    work: Path = args.workdir
    stamp = work / f".generated-{args.docs}"
    if not stamp.exists():
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        t = time.perf_counter()
        words = generate(work / "content", args.docs)
        stamp.write_text(str(words))
        print(f"generated {args.docs} documents, {words:,} words in {time.perf_counter() - t:.1f}s")
    words = int(stamp.read_text())
    every_rule_on(work)
    cache = work / ".planner-cache"
    lint = PLANNER + ["lint", "content", "--format", "json", "--output", str(work / "report.json"), "--fail-on", "none"]

    print(f"corpus: {args.docs} documents, {words:,} words, {os.cpu_count()} cores")
    shutil.rmtree(cache, ignore_errors=True)
    cold, r = run(lint, work)
    if r.returncode != 0:
        sys.exit(f"planner failed: {r.stderr}")
    findings = len(json.loads((work / "report.json").read_text())["findings"])
    print(f"cold   {cold:7.2f} s  {words / cold:>10,.0f} words/s   ({findings} findings; target >= 150,000)")

    warm_times = []
    target = sorted((work / "content").rglob("*.md"))[len(list((work / 'content').glob('*'))) // 2]
    original = target.read_text()
    for i in range(args.repeat):
        target.write_text(original + f"\nOne more sentence about the weekly plan, edit {i}.\n")
        t, r = run(lint, work)
        warm_times.append(t)
    warm = statistics.median(warm_times)
    print(f"warm   {warm:7.2f} s  after one file changed (median of {args.repeat}; target <= 1.5 s)")
    unchanged, _ = run(lint, work)
    print(f"       {unchanged:7.2f} s  nothing changed")
    # the same two cases with the default text report, which is what `planner lint` prints
    text = PLANNER + ["lint", "content", "--fail-on", "none"]
    t_text, _ = run(text, work)
    print(f"       {t_text:7.2f} s  nothing changed, text report")
    target.write_text(original + "\nOne more sentence about the weekly plan, a text-report edit.\n")
    t_text, _ = run(text, work)
    print(f"       {t_text:7.2f} s  after one file changed, text report")
    target.write_text(original)

    small_repo = work / "small"
    small_repo.mkdir(exist_ok=True)
    small = small_repo / "one.md"
    small.write_text("---\ntitle: Set up your first board\nstage: onboarding\nroles: [end-user]\n---\n"
                     "Welcome aboard. Open Settings, choose Boards, and create your first board. "
                     "Invite two colleagues so the board has owners. Your first small win is a shared plan "
                     "that everyone can see. When the import finishes, check each row has an owner.\n")
    small_times = []
    for _ in range(args.repeat):
        t, r = run(PLANNER + ["lint", "one.md", "--no-cache", "--fail-on", "none"], small_repo)
        small_times.append(t)
    small_t = statistics.median(small_times)
    print(f"small  {small_t:7.2f} s  one small file, no cache, start-up included (median of {args.repeat}; target <= 1.5 s)")
    t, r = run(PLANNER + ["lint", "one.md", "--fail-on", "none"], small_repo)
    t, r = run(PLANNER + ["lint", "one.md", "--fail-on", "none"], small_repo)
    print(f"       {t:7.2f} s  the same file again, cached")

    if not args.skip_proselint:
        exe = ensure_proselint()
        if exe:
            pt, r = run(exe + ["-o", "compact", "check", "content"], work)
            print(f"proselint {pt:7.2f} s  {words / pt:>10,.0f} words/s  -> planner cold is {pt / cold:.2f}x proselint's speed")


if __name__ == "__main__":
    main()
