"""Tone-break detection on real documents: insert off-voice paragraphs into real pages,
run the real pipeline, count what the tone rules catch and what they say about
untouched pages.

    .venv/bin/python benchmarks/tone_detection.py                      # dev corpus, one estate
    .venv/bin/python benchmarks/tone_detection.py --corpus ../shared/corpus/check
    .venv/bin/python benchmarks/tone_detection.py --per-company        # each company its own estate
    .venv/bin/python benchmarks/tone_detection.py --show-misses        # never the held-out set, never check/
    .venv/bin/python benchmarks/tone_detection.py --proselint --speed

The paragraphs live beside this script in ``tone_breaks/``:

- ``tuning.yml``: ordinary-sounding breaks of four kinds (mild hype, officialese,
  writer-centred, light buzzwords), 30 per kind: the set the detector is tuned on;
- ``probe.yml``: 12 per kind, written after the first tuning round in words the
  lexicons did not have then, and tuned on since: the hardest set;
- ``heldout.yml``: 33 per kind, written before any tuning and never tuned on: only
  its aggregate figures are ever printed;
- ``caricature.yml``: the loud end of each kind, five per kind.

1. False alarms: the corpus is copied untouched into a temporary folder and linted
   with ``planner.engine.audit``; warning-level tone findings there are false
   alarms, reported per 100 documents (suggestions separately).
2. Detection: every paragraph of a set is inserted ``--repeat`` times, each time into
   a different document, after a randomly chosen prose paragraph (after the whole
   quotation when that paragraph is part of one: the break is in the page's own
   voice); a round inserts into at most a fifth of the documents (so the estate's own
   baseline stays mostly untouched) and the corpus is linted once per round. A break is caught when a tone
   finding other than ``readability`` has its lines, or the lines of a sentence it
   quotes, overlapping the inserted paragraph.
3. ``--proselint``: proselint's diagnostics on the same documents (caught when one
   lands on the inserted paragraph; diagnostics per untouched document).
4. ``--speed``: CPU time of the whole pipeline with and without tone, one process, with
   the garbage collector off as ``planner lint`` runs it.

On ``check/`` (documents held back from tuning) the script prints aggregate figures
only, never a document name or a per-document result.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from planner.config import default_config  # noqa: E402
from planner.loader import load_document  # noqa: E402
from planner import engine  # noqa: E402

DATA = Path(__file__).resolve().parent / "tone_breaks"
TONE_RULES = {"readability", "hype", "self-centred", "tone-drift", "section-drift", "handoff-drift"}
CATCHING = TONE_RULES - {"readability"}  # a readability finding is not a catch
KINDS = ("hype", "officialese", "writer-centred", "buzzwords")
ROUND_SHARE = 5  # at most 1 document in 5 gets a paragraph in one round


@dataclass
class Insertion:
    set: str
    kind: str
    index: int
    doc: str  # file name inside the estate copy
    first: int
    last: int


def load_sets(names: list[str]) -> dict[str, list[tuple[str, int, str]]]:
    out = {}
    for name in names:
        data = yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
        out[name] = [(kind, i, text) for kind in KINDS for i, text in enumerate(data.get(kind) or [])]
    return out


def company(name: str) -> str:
    return name.split("--", 1)[0]


def copy_corpus(src: Path, dst: Path, per_company: bool) -> dict[str, Path]:
    """Copy ``<company>--<slug>.md`` files; one folder per company with ``per_company``."""
    out = {}
    for p in sorted(src.glob("*--*.md")):
        folder = dst / company(p.name) if per_company else dst
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, folder / p.name)
        out[p.name] = folder / p.name
    return out


def estates(root: Path, per_company: bool) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir()) if per_company else [root]


def lint(root: Path, per_company: bool) -> tuple[dict[str, list], int, int]:
    """(tone findings by file name, documents, words) over every estate under ``root``."""
    by_name: dict[str, list] = defaultdict(list)
    docs = words = 0
    for folder in estates(root, per_company):
        audit = engine.audit([folder], default_config(folder), cwd=folder)
        docs += len(audit.documents)
        words += sum(a.words for a in audit.analyses.values())
        for f in audit.findings:
            if f.rule in TONE_RULES:
                by_name[Path(f.path).name].append(f)
    return by_name, docs, words


MOVED_OUT_OF_QUOTES = [0]  # insertions after a quoted paragraph, moved to the quotation's end


def insert(path: Path, text: str, rng: random.Random) -> tuple[int, int] | None:
    """Insert ``text`` as a paragraph after a random prose paragraph; (first, last) line.
    After a paragraph that is a quotation it goes after the quotation's last block: the
    inserted paragraph is meant in the page's own voice, and a testimonial can run over
    several paragraphs (the random choice is the same either way, so nothing else moves)."""
    config = default_config(path.parent)
    doc = load_document(path, config, path.parent)
    if not doc.ok:
        return None
    paras = [b for b in doc.prose.blocks if b.kind == "paragraph" and len(doc.prose.text[b.start:b.end].split()) >= 8]
    if not paras:
        return None
    b = rng.choice(paras)
    if b.quoted:  # never inside someone else's words (a testimonial over several paragraphs): after them
        MOVED_OUT_OF_QUOTES[0] += 1
        blocks = doc.prose.blocks
        i = blocks.index(b)
        while i + 1 < len(blocks) and blocks[i + 1].quoted:
            i += 1
        b = blocks[i]
    _l, _c, end_line, _ec = doc.prose_position(b.start, b.end)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[end_line:end_line] = ["", text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return end_line + 2, end_line + 2


def lands(f, first: int, last: int) -> bool:
    spans = [(f.line, f.end_line or f.line)] + [(s["line"], s["end_line"]) for s in f.sentences]
    return any(a <= last and first <= b for a, b in spans)


def rounds(items: list, eligible: list[str], repeat: int, rng: random.Random) -> list[list[tuple]]:
    """Assign every (item, copy) to a document, at most ``len(eligible) // ROUND_SHARE``
    per round and no document twice in a round; an item's copies go to different
    documents."""
    work = [(it, r) for r in range(repeat) for it in items]
    rng.shuffle(work)
    size = max(1, len(eligible) // ROUND_SHARE)
    out, used = [], defaultdict(set)
    for start in range(0, len(work), size):
        chunk, pool = [], rng.sample(eligible, len(eligible))
        for it, _r in work[start:start + size]:
            key = (it[0], it[1])
            doc = next(d for d in pool if d not in used[key])
            pool.remove(doc)
            used[key].add(doc)
            chunk.append((it, doc))
        out.append(chunk)
    return out


def eligible_docs(files: dict[str, Path]) -> list[str]:
    out = []
    for name, path in files.items():
        doc = load_document(path, default_config(path.parent), path.parent)
        if doc.ok and any(b.kind == "paragraph" and len(doc.prose.text[b.start:b.end].split()) >= 8
                          for b in doc.prose.blocks):
            out.append(name)
    return out


def run_set(name: str, items: list, args, tmp: Path, rng: random.Random) -> tuple[list, list, dict]:
    """Insert a set round by round: ([(insertion, findings that catch it)],
    [(insertion, proselint caught it)], untouched-document stats)."""
    results, pros, untouched_warn, untouched_docs = [], [], 0, 0
    base = tmp / "base"
    names = eligible_docs(copy_corpus(args.corpus, base, args.per_company))
    for k, chunk in enumerate(rounds(items, names, args.repeat, rng)):
        folder = tmp / f"{name}-{k}"
        files = copy_corpus(args.corpus, folder, args.per_company)
        placed = []
        for (kind, index, text), doc in chunk:
            where = insert(files[doc], text, rng)
            if where:
                placed.append(Insertion(name, kind, index, doc, *where))
        found, n_docs, _ = lint(folder, args.per_company)
        for ins in placed:
            results.append((ins, [f for f in found.get(ins.doc, []) if f.rule in CATCHING and lands(f, ins.first, ins.last)]))
        touched = {ins.doc for ins in placed}
        untouched_docs += n_docs - len(touched)
        untouched_warn += sum(1 for n, fs in found.items() if n not in touched for f in fs
                              if f.severity in ("warning", "error"))
        if args.proselint:
            pros += proselint_round(folder, placed)
        shutil.rmtree(folder)
    return results, pros, {"untouched_docs": untouched_docs, "untouched_warnings": untouched_warn}


def proselint_diagnostics(paths: list[Path]) -> dict[str, list[int]]:
    """File name -> lines of proselint's diagnostics (its command line, JSON output:
    ``proselint check -o json``, proselint 0.16)."""
    exe = Path(sys.executable).parent / "proselint"
    out: dict[str, list[int]] = {}
    for i in range(0, len(paths), 50):
        batch = paths[i:i + 50]
        r = subprocess.run([str(exe), "check", "-o", "json", *map(str, batch)], capture_output=True, text=True)
        try:
            result = json.loads(r.stdout).get("result") or {}
        except (json.JSONDecodeError, AttributeError):
            continue
        for uri, entry in result.items():
            name = uri.rsplit("/", 1)[-1]
            out[name] = [d["pos"][0] for d in (entry or {}).get("diagnostics") or [] if d.get("pos")]
    return out


def proselint_round(folder: Path, placed: list[Insertion]) -> list[tuple[Insertion, bool]]:
    diags = proselint_diagnostics([p for p in folder.rglob("*.md") if p.name in {i.doc for i in placed}])
    return [(ins, any(ins.first <= (line or 0) <= ins.last for line in diags.get(ins.doc, []))) for ins in placed]


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "n/a"


def table(results: list, set_names: list[str]) -> list[str]:
    """Markdown rows: detection by kind, any severity (warning level in brackets)."""
    rows = ["| set | " + " | ".join(KINDS) + " | all |", "|---|" + "---|" * (len(KINDS) + 1)]
    for s in set_names:
        cells = []
        for kinds in [[k] for k in KINDS] + [list(KINDS)]:
            rs = [(i, f) for i, f in results if i.set == s and i.kind in kinds]
            caught = sum(1 for _, f in rs if f)
            warned = sum(1 for _, f in rs if any(x.severity in ("warning", "error") for x in f))
            cells.append(f"{pct(caught, len(rs))} ({pct(warned, len(rs))}) of {len(rs)}")
        rows.append(f"| {s} | " + " | ".join(cells) + " |")
    return rows


def speed(corpus: Path, tmp: Path) -> str:
    """Whole pipeline with and without tone, CPU seconds in this process (best of two),
    timed as ``planner lint`` runs it: with the cyclic garbage collector off."""
    from planner import analysis
    from planner.cli.lint import collector_off
    from planner.config import build_config

    folder = tmp / "speed"
    copy_corpus(corpus, folder, False)
    saved = analysis.ANALYSERS

    # one process: above 400 files the engine hands the work to worker processes, whose
    # CPU time process_time() would not count
    one = {"ci": {"parallel": {"workers": 1}}}

    def once(tone: bool) -> tuple[float, int]:
        if tone:
            config = build_config(one, root=folder)
        else:
            analysis.ANALYSERS = tuple(a for a in saved if a[0] != "tone")
            config = build_config({**one, "rules": {r: "off" for r in TONE_RULES}}, root=folder)
        try:
            with collector_off():
                t = time.process_time()
                audit = engine.audit([folder], config, cwd=folder)
                return time.process_time() - t, sum(a.words for a in audit.analyses.values())
        finally:
            analysis.ANALYSERS = saved

    once(True)  # the first pass fills spaCy's vocabulary and the syllable memo
    with_tone = min(once(True) for _ in range(2))
    without = min(once(False) for _ in range(2))
    words = with_tone[1]
    return (f"speed (CPU time, one process, best of two): whole pipeline with tone {words / with_tone[0]:,.0f} "
            f"words/s ({with_tone[0]:.2f} s), without tone {words / without[0]:,.0f} words/s ({without[0]:.2f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--sets", default="tuning,probe,heldout,caricature")
    ap.add_argument("--repeat", type=int, default=2, help="documents each paragraph is inserted into")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-company", action="store_true", help="lint each company as its own estate")
    ap.add_argument("--show-misses", action="store_true",
                    help="list the misses of every set but heldout (never on check/)")
    ap.add_argument("--proselint", action="store_true", help="proselint on the same documents")
    ap.add_argument("--speed", action="store_true", help="time the pipeline with and without tone")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    held_back = args.corpus.resolve().name == "check"
    if args.proselint and not (Path(sys.executable).parent / "proselint").exists():
        sys.exit("--proselint: proselint is not installed in this environment (pip install proselint)")
    set_names = [s for s in args.sets.split(",") if s]
    sets = load_sets(set_names)
    rng = random.Random(args.seed)
    engine.audit([REPO / "content"], default_config(REPO), cwd=REPO)  # warm-up: spaCy, lexicons, CMU dictionary

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        copy_corpus(args.corpus, tmp / "pristine", args.per_company)
        clean, n_docs, words = lint(tmp / "pristine", args.per_company)
        warn = [f for fs in clean.values() for f in fs if f.severity in ("warning", "error")]
        sugg = [f for fs in clean.values() for f in fs if f.severity == "suggestion" and f.rule in CATCHING]
        pros = None
        if args.proselint:
            d = proselint_diagnostics(sorted((tmp / "pristine").rglob("*--*.md")))
            pros = sum(len(v) for v in d.values()) / max(1, n_docs)
        results, extra, untouched = [], [], {"untouched_docs": 0, "untouched_warnings": 0}
        for name in set_names:
            res, p, u = run_set(name, sets[name], args, tmp, rng)
            results += res
            extra += p
            for k in untouched:
                untouched[k] += u[k]
        speed_line = speed(args.corpus, tmp) if args.speed else None

    mode = "each company its own estate" if args.per_company else "one estate"
    print(f"corpus: {args.corpus.name} ({n_docs} documents, {words:,} words), {mode}; repeat {args.repeat}, "
          f"seed {args.seed}")
    print(f"false alarms (untouched corpus): {len(warn)} warning-level tone findings = "
          f"{100 * len(warn) / n_docs:.1f} per 100 documents; tone suggestions (not readability) "
          f"{100 * len(sugg) / n_docs:.1f} per 100")
    print("  by rule: " + (", ".join(f"{r} {c}" for r, c in Counter(f.rule for f in warn).most_common()) or "none"))
    print(f"false alarms on the untouched documents of the insertion rounds: {untouched['untouched_warnings']} = "
          f"{100 * untouched['untouched_warnings'] / max(1, untouched['untouched_docs']):.1f} per 100")
    print("detection by kind, any severity (warning level):")
    for row in table(results, set_names):
        print("  " + row)
    if MOVED_OUT_OF_QUOTES[0]:
        print(f"  insertions moved from after a quoted paragraph to the end of its quotation: {MOVED_OUT_OF_QUOTES[0]}")
    rules = Counter(f.rule for _, fs in results for f in {x.rule: x for x in fs}.values())
    print("  rules on the inserted paragraphs: " + ", ".join(f"{r} {c}" for r, c in rules.most_common()))
    if pros is not None:
        for s in set_names:
            rs = [hit for i, hit in extra if i.set == s]
            print(f"proselint, {s}: {pct(sum(rs), len(rs))} of {len(rs)} inserted paragraphs get a diagnostic")
        print(f"proselint on the untouched corpus: {pros:.1f} diagnostics per document")
    if speed_line:
        print(speed_line)
    if args.show_misses and not held_back:
        for ins, fs in results:
            if ins.set != "heldout" and not fs:
                print(f"  missed {ins.set} {ins.kind} #{ins.index} in {ins.doc}")
    if args.json:
        summary = {s: {k: [sum(1 for i, f in results if i.set == s and i.kind == k and f),
                           sum(1 for i, f in results if i.set == s and i.kind == k)] for k in KINDS}
                   for s in set_names}
        args.json.write_text(json.dumps({"corpus": args.corpus.name, "documents": n_docs, "mode": mode,
                                         "false_alarms_per_100": round(100 * len(warn) / n_docs, 2),
                                         "detection": summary}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
