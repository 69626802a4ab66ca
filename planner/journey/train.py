"""Train the journey model: multinomial logistic regression over signal features.

Reproducible and offline: ``python -m planner.journey.train CORPUS_DIR`` reads
labelled Markdown (front matter ``stage:``), extracts the same features the linter
uses, fits the weights (L2, class-balanced) and a softmax temperature on
leave-one-group-out predictions (a group is the file-name prefix before ``--``:
one company), and writes planner/data/journey/model.json. numpy is used here only;
prediction is pure Python.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any, Sequence

STAGES = ["awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy"]
L2 = 0.005
EPOCHS = 600
PHASE_WEIGHT = 2.0  # weight of the phase log-loss next to the stage log-loss


def fit(X: Sequence[dict[str, float]], y: Sequence[str], stages: Sequence[str] = STAGES, l2: float = L2,
        epochs: int = EPOCHS, feature_names: Sequence[str] | None = None,
        offsets: Sequence[dict[str, float]] | None = None, phase_weight: float = PHASE_WEIGHT,
        phase_of: dict[str, str] | None = None) -> dict[str, Any]:
    """Weights and biases of a class-balanced, L2-regularised softmax regression.
    ``offsets`` are fixed per-row logits (the set weights of fixed signals), learned around;
    ``dens:`` features (fixed signals) are never learned. The loss is the stage
    log-loss plus ``phase_weight`` times the phase log-loss (a phase's probability is
    the sum of its stages'): the phase-mismatch rule acts on that probability, so it
    is trained for directly, not only through the stages."""
    import numpy as np

    if phase_of is None:
        from planner.config import default_config

        config = default_config()
        phase_of = {s: config.phase_of(s) for s in stages}

    names = sorted(feature_names or {f for x in X for f in x if not f.startswith("dens:")})
    col = {f: i for i, f in enumerate(names)}
    A = np.zeros((len(X), len(names)))
    for r, x in enumerate(X):
        for f, v in x.items():
            if f in col:
                A[r, col[f]] = v
    k = len(stages)
    Y = np.zeros((len(X), k))
    for r, label in enumerate(y):
        Y[r, stages.index(label)] = 1.0
    phases = sorted({phase_of[s] for s in stages})
    M = np.array([[1.0 if phase_of[s] == ph else 0.0 for ph in phases] for s in stages])
    same_phase = (Y @ M) @ M.T  # 1 for every stage of the row's own phase
    counts = Y.sum(0)
    cw = np.where(counts > 0, len(X) / (k * np.maximum(counts, 1)), 0.0)
    sw = (Y * cw).sum(1)
    O = np.zeros((len(X), k))
    for r, o in enumerate(offsets or []):
        for j, st in enumerate(stages):
            O[r, j] = o.get(st, 0.0)
    W, b = np.zeros((len(names), k)), np.zeros(k)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    n = sw.sum()
    for t in range(1, epochs + 1):  # Adam on the full batch: small data, smooth loss
        Z = A @ W + b + O
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = P - Y
        if phase_weight:  # d(-log sum of the own phase's probabilities)/dZ
            own = (P * same_phase).sum(1, keepdims=True)
            G += phase_weight * (P - same_phase * P / np.maximum(own, 1e-12))
        G *= sw[:, None] / n
        gW = A.T @ G + l2 * W
        gb = G.sum(0)
        for p, g, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    weights = {s: {f: round(float(W[i, j]), 5) for i, f in enumerate(names) if abs(W[i, j]) > 1e-4}
               for j, s in enumerate(stages)}
    return {"stages": list(stages), "features": names, "weights": weights,
            "bias": {s: round(float(b[j]), 5) for j, s in enumerate(stages)}, "temperature": 1.0}


def fit_temperature(logit_rows: Sequence[dict[str, float]], y: Sequence[str]) -> float:
    """The temperature minimising held-out log loss (grid search; one parameter)."""
    best, best_t = math.inf, 1.0
    for i in range(20, 401):
        t = i / 100
        loss = 0.0
        for z, label in zip(logit_rows, y):
            m = max(z.values())
            s = sum(math.exp((v - m) / t) for v in z.values())
            loss -= (z[label] - m) / t - math.log(s)
        if loss < best:
            best, best_t = loss, t
    return best_t


def journey_analyses(docs, config) -> dict[str, Any]:
    """Analysis with only the journey part filled (the other analysers are not needed here)."""
    from planner.journey import analyse_journey
    from planner.language import detect_language
    from planner.model import Analysis
    from planner.nlp import get_nlp, parse, sentence_spans

    docs = [d for d in docs if d.ok]
    out = {}
    for d, sdoc in zip(docs, parse(get_nlp(config), (d.prose.text for d in docs))):
        a = Analysis(words=d.prose.words, sentences=sentence_spans(sdoc))
        a.language = detect_language(sdoc)
        analyse_journey(d, sdoc, a, config)
        out[d.relpath] = a
    return out


def load_corpus(folder: Path, config=None) -> list[dict[str, Any]]:
    """Each labelled document's features: [{path, group, stage, phase, feats, words}]."""
    from planner.config import default_config
    from planner.loader import load_document

    config = config or default_config()
    docs = [load_document(p, config, folder) for p in sorted(folder.glob("*.md")) if p.name != "LABELS.md"]
    analyses = journey_analyses(docs, config)
    out = []
    for d in docs:
        a = analyses.get(d.relpath)
        if a is None or a.journey is None or not d.tags or d.tags.stage not in STAGES:
            continue
        out.append({"path": d.relpath, "group": Path(d.relpath).name.split("--")[0], "stage": d.tags.stage,
                    "phase": config.phase_of(d.tags.stage), "feats": a.journey["features"], "words": a.words})
    return out


def prior_offsets(rows: list[dict[str, Any]], config=None) -> list[dict[str, float]]:
    """Each row's logits from the fixed signals alone (their set weights)."""
    from planner.config import default_config
    from planner.journey.lexicon import lexicon_for
    from planner.journey.prediction import logits
    from planner.nlp import get_nlp

    config = config or default_config()
    lex = lexicon_for(get_nlp(config), config)
    phase_of = {s: config.phase_of(s) for s in STAGES}
    empty = {"weights": {}, "bias": {}, "features": []}
    return [logits({f: v for f, v in r["feats"].items() if f.startswith("dens:")}, lex.signals, STAGES, empty, phase_of)
            for r in rows]


def cross_validate(rows: list[dict[str, Any]], l2: float = L2) -> list[dict[str, float]]:
    """Leave-one-group-out logits for every row (same order)."""
    from planner.journey.prediction import logits

    offsets = prior_offsets(rows)
    out: list[dict[str, float] | None] = [None] * len(rows)
    for g in sorted({r["group"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["group"] != g]
        model = fit([rows[i]["feats"] for i in idx], [rows[i]["stage"] for i in idx], l2=l2,
                    offsets=[offsets[i] for i in idx])
        for i, r in enumerate(rows):
            if r["group"] == g:
                z = logits(r["feats"], {}, STAGES, model)
                out[i] = {s: z[s] + offsets[i][s] for s in STAGES}
    return out  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "journey" / "model.json")
    ap.add_argument("--l2", type=float, default=L2)
    args = ap.parse_args(argv)
    rows = load_corpus(args.corpus)
    held_out = cross_validate(rows, args.l2)
    temperature = fit_temperature(held_out, [r["stage"] for r in rows])
    model = fit([r["feats"] for r in rows], [r["stage"] for r in rows], l2=args.l2, offsets=prior_offsets(rows))
    model["temperature"] = temperature
    model["trained_on"] = {"documents": len(rows), "groups": len({r["group"] for r in rows}), "l2": args.l2}
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['features'])} features, temperature {temperature})")


if __name__ == "__main__":
    main()
