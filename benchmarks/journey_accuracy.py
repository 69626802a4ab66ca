"""Journey checker accuracy and speed on a labelled corpus (default: ../shared/corpus/dev).

    .venv/bin/python benchmarks/journey_accuracy.py [CORPUS] [--seeds 5] [--json FILE]

Reports, for the shipped model (what a linter run sees) and, honestly, for
leave-one-company-out cross-validation (each company predicted by a model trained
on the others, since the real check is on companies never seen):

- phase accuracy; stage accuracy, macro-F1 and per-stage F1;
- calibration: accuracy of the phase among predictions at or above each confidence;
- phase-mismatch on seeded copies where 30% of the documents are re-tagged with a
  stage of the opposite phase: precision, recall and false-flag rate (flags on
  correctly tagged documents), running the real rule code;
- throughput of the shared spaCy pass and of the journey analysis (words/s).

A company is the file-name prefix before ``--``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.config import default_config  # noqa: E402
from planner.journey import prediction, train  # noqa: E402
from planner.journey.lexicon import lexicon_for  # noqa: E402
from planner.loader import load_document  # noqa: E402
from planner.model import Tags  # noqa: E402
from planner.nlp import get_nlp, parse, sentence_spans  # noqa: E402
from planner.rules import DocContext, registry  # noqa: E402

STAGES = train.STAGES


def load(folder: Path, config):
    docs = [load_document(p, config, folder) for p in sorted(folder.glob("*--*.md"))]
    docs = [d for d in docs if d.tags and d.tags.stage in STAGES]
    return docs, train.journey_analyses(docs, config)


def cv_predictions(docs, analyses, config) -> dict[str, dict[str, Any]]:
    """Leave-one-company-out predictions, in the same shape as Analysis.journey.predicted."""
    lex = lexicon_for(get_nlp(config), config)
    phase_of = {s: config.phase_of(s) for s in STAGES}
    rows = [{"path": d.relpath, "group": d.relpath.split("--")[0], "stage": d.tags.stage,
             "feats": analyses[d.relpath].journey["features"]} for d in docs]
    offsets = train.prior_offsets(rows, config)
    temperature = prediction.load_model().get("temperature", 1.0)
    out, models = {}, {}
    for g in sorted({r["group"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["group"] != g]
        model = train.fit([rows[i]["feats"] for i in idx], [rows[i]["stage"] for i in idx],
                          offsets=[offsets[i] for i in idx])
        model["temperature"] = temperature
        models[g] = model
        for r in rows:
            if r["group"] == g:
                out[r["path"]] = prediction.predict(r["feats"], lex.signals, STAGES, phase_of, model)
    return out, models


def scores(docs, preds, config) -> dict[str, Any]:
    n = len(docs)
    gold = {d.relpath: d.tags.stage for d in docs}
    ok_phase = sum(config.phase_of(gold[p]) == preds[p]["phase"] for p in gold)
    ok_stage = sum(gold[p] == preds[p]["stage"] for p in gold)
    f1 = {}
    for s in STAGES:
        tp = sum(1 for p in gold if gold[p] == s and preds[p]["stage"] == s)
        fp = sum(1 for p in gold if gold[p] != s and preds[p]["stage"] == s)
        fn = sum(1 for p in gold if gold[p] == s and preds[p]["stage"] != s)
        f1[s] = round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0
    calib = {}
    for th in (0.5, 0.7, 0.8, 0.9, 0.95):
        sel = [p for p in gold if preds[p]["confidence"] >= th]
        right = sum(config.phase_of(gold[p]) == preds[p]["phase"] for p in sel)
        calib[f">={th}"] = {"n": len(sel), "accuracy": round(right / len(sel), 3) if sel else None}
    return {"documents": n, "phase_accuracy": round(ok_phase / n, 3), "stage_accuracy": round(ok_stage / n, 3),
            "stage_macro_f1": round(sum(f1.values()) / len(f1), 3), "stage_f1": f1, "calibration": calib}


def seeded_mismatch(docs, analyses, preds, config, seeds: int, models=None) -> dict[str, Any]:
    """Re-tag 30% of documents with a stage of the other phase; run the phase-mismatch rule."""
    rule = registry()["phase-mismatch"]
    results = []
    for seed in range(seeds):
        rng = random.Random(seed)
        flipped = set(rng.sample(range(len(docs)), round(0.3 * len(docs))))
        tp = fp = fn = tn = 0
        for i, d in enumerate(docs):
            a = analyses[d.relpath]
            original = d.tags
            journey = dict(a.journey, predicted=preds[d.relpath])
            saved = a.journey
            a.journey = journey
            if i in flipped:
                other = "customer" if config.phase_of(original.stage) == "buyer" else "buyer"
                d.tags = Tags(id=original.id, title=original.title, stage=rng.choice(config.stages_of(other)), phase=other)
            try:
                if models is not None:  # evidence ranking with the fold's own model
                    fold = models[d.relpath.split("--")[0]]
                    prediction.load_model = lambda fold=fold: fold  # type: ignore[assignment]
                flagged = any(True for _ in rule.check(DocContext(rule, d, a, config)))
            finally:
                d.tags, a.journey = original, saved
                prediction.load_model = _ORIGINAL_LOAD
            if i in flipped:
                tp += flagged
                fn += not flagged
            else:
                fp += flagged
                tn += not flagged
        results.append((tp, fp, fn, tn))
    tp, fp, fn, tn = (sum(r[k] for r in results) for k in range(4))
    return {"seeds": seeds, "flipped_per_seed": round(0.3 * len(docs)),
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "false_flag_rate": round(fp / (fp + tn), 3) if fp + tn else None,
            "min_confidence": rule.effective(config)[1].get("min_confidence")}


_ORIGINAL_LOAD = prediction.load_model


def false_alarms(docs, analyses, preds, config, rule_id: str) -> dict[str, Any]:
    """Findings of ``rule_id`` on the corpus as labelled (every label taken as right)."""
    rule = registry()[rule_id]
    flagged = []
    for d in docs:
        a = analyses[d.relpath]
        saved = a.journey
        a.journey = dict(saved, predicted=preds[d.relpath])
        try:
            if any(True for _ in rule.check(DocContext(rule, d, a, config))):
                flagged.append(Path(d.relpath).name)
        finally:
            a.journey = saved
    return {"documents_flagged": len(flagged), "rate": round(len(flagged) / len(docs), 3), "files": flagged}


def speed(docs, config) -> dict[str, Any]:
    from planner.journey import analyse_journey
    from planner.language import detect_language
    from planner.model import Analysis

    nlp = get_nlp(config)
    texts = [d.prose.text for d in docs]
    words = sum(d.prose.words for d in docs)
    list(parse(nlp, texts[:5]))
    best_parse = best_journey = float("inf")
    for _ in range(3):  # best of three: the machine is shared
        t = time.perf_counter()
        sdocs = list(parse(nlp, texts))
        best_parse = min(best_parse, time.perf_counter() - t)
        t = time.perf_counter()
        for d, s in zip(docs, sdocs):
            a = Analysis(words=d.prose.words, sentences=sentence_spans(s))
            a.language = detect_language(s)
            analyse_journey(d, s, a, config)
        best_journey = min(best_journey, time.perf_counter() - t)
    return {"words": words, "spacy_pass_words_per_s": round(words / best_parse),
            "journey_words_per_s": round(words / best_journey),
            "spacy_pass_plus_journey_words_per_s": round(words / (best_parse + best_journey))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="journey checker accuracy and speed")
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args(argv)
    config = default_config()
    docs, analyses = load(args.corpus, config)
    shipped = {d.relpath: analyses[d.relpath].journey["predicted"] for d in docs}
    cv, models = cv_predictions(docs, analyses, config)
    report = {
        "corpus": str(args.corpus), "companies": len({d.relpath.split("--")[0] for d in docs}),
        "cross_validated": {**scores(docs, cv, config),
                            "seeded_phase_mismatch": seeded_mismatch(docs, analyses, cv, config, args.seeds, models),
                            "stage_mismatch_on_labelled": false_alarms(docs, analyses, cv, config, "stage-mismatch")},
        "shipped_model": {**scores(docs, shipped, config),
                          "seeded_phase_mismatch": seeded_mismatch(docs, analyses, shipped, config, args.seeds),
                          "stage_mismatch_on_labelled": false_alarms(docs, analyses, shipped, config, "stage-mismatch")},
        "cta_mismatch_on_labelled": false_alarms(docs, analyses, shipped, config, "cta-mismatch"),
    }
    if not args.no_speed:
        report["speed"] = speed(docs, config)
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
