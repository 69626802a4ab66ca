"""Train the shipped journey model: multinomial logistic regression over signal,
product-use (``about:``) and learned-term (``w:``) features.

Reproducible and offline: ``python -m planner.journey.train CORPUS_DIR`` reads
labelled Markdown (front matter ``stage:``), treats each company (the file-name
prefix before ``--``) as its own estate (its product names inferred from its own
pages, as a team's lint run would), builds the learned vocabulary from terms used by
several companies, fits the weights (L2, class-balanced) and a softmax temperature
on leave-one-company-out predictions, and writes planner/data/journey/model.json.
numpy is used here only; prediction is pure Python. `planner train` adapts this
model to one team's pages with the same :func:`fit` (planner/journey/adapt.py).
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
VOCAB_MIN_COMPANIES = 5  # a term enters the vocabulary only when this many companies use it
VOCAB_MAX_TERMS = 1500
VOCAB_MAX_SHARE = 0.6  # terms on more pages than this say nothing
PHASE_WEIGHT = 2.0  # weight of the phase log-loss next to the stage log-loss


def fit(X: Sequence[dict[str, float]], y: Sequence[str], stages: Sequence[str] = STAGES, l2: float = L2,
        epochs: int = EPOCHS, feature_names: Sequence[str] | None = None,
        offsets: Sequence[dict[str, float]] | None = None, phase_weight: float = PHASE_WEIGHT,
        phase_of: dict[str, str] | None = None, prior: dict[str, Any] | None = None,
        sample_weight: Sequence[float] | None = None) -> dict[str, Any]:
    """Weights and biases of a class-balanced, L2-regularised softmax regression.
    ``offsets`` are fixed per-row logits (the set weights of fixed signals), learned around;
    ``dens:`` features (fixed signals) are never learned. The loss is the stage
    log-loss plus ``phase_weight`` times the phase log-loss (a phase's probability is
    the sum of its stages'): the phase-mismatch rule acts on that probability, so it
    is trained for directly, not only through the stages. With ``prior`` (a model of
    the same shape), the weights are pulled towards the prior's instead of towards
    zero: a team's model adapts the shipped one rather than replacing it.
    ``sample_weight`` scales each row's loss (down-weighting doubtful labels)."""
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
    if sample_weight is not None:
        sw = sw * np.asarray(sample_weight, dtype=float)
    O = np.zeros((len(X), k))
    for r, o in enumerate(offsets or []):
        for j, st in enumerate(stages):
            O[r, j] = o.get(st, 0.0)
    W0, b0 = np.zeros((len(names), k)), np.zeros(k)
    if prior is not None:
        pw = prior.get("weights", {})
        for j, st in enumerate(stages):
            for f, v in (pw.get(st) or {}).items():
                if f in col:
                    W0[col[f], j] = v
            b0[j] = (prior.get("bias") or {}).get(st, 0.0)
    W, b = W0.copy(), b0.copy()
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
        gW = A.T @ G + l2 * (W - W0)
        gb = G.sum(0) + (l2 * (b - b0) if prior is not None else 0.0)
        for p, g, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    keep = [i for i in range(len(names)) if not names[i].startswith("w:") or np.abs(W[i]).max() > 1e-3]
    weights = {s: {names[i]: round(float(W[i, j]), 5) for i in keep if abs(W[i, j]) > 1e-4}
               for j, s in enumerate(stages)}
    vocab = sorted(names[i][2:] for i in keep if names[i].startswith("w:"))
    return {"stages": list(stages), "features": [names[i] for i in keep], "weights": weights,
            "bias": {s: round(float(b[j]), 5) for j, s in enumerate(stages)}, "temperature": 1.0,
            "vocabulary": vocab}


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


def group_of(relpath: str) -> str:
    """A corpus file's company: its file-name prefix before ``--``."""
    return Path(relpath).name.split("--")[0]


def analyse_estate(docs, config, names: list[str] | None = None):
    """(config, analyses) for one estate's documents, its product names resolved as a
    lint run would: ``names`` when given, else config, team model or inferred from
    these documents. The returned config is a copy carrying that estate view."""
    import copy

    from planner.journey.estate import attach

    config = copy.copy(config)
    config.estate = None
    attach(config, (d.prose.text for d in docs if d.ok))
    if names is not None:
        config.estate["product_names"] = list(names)
    return config, journey_analyses(docs, config)


def rows_of(docs, analyses, config) -> list[dict[str, Any]]:
    """Training rows for the validly tagged, analysed documents: [{path, group, stage,
    phase, feats, terms, words, digest}]. ``feats`` leaves out learned terms (``w:``):
    they depend on the vocabulary, which training builds from ``terms``."""
    from planner.journey.estate import product_names
    from planner.journey.voices import page_terms

    names = product_names(config)
    stages = set(config.taxonomy["stages"])
    out = []
    for d in docs:
        a = analyses.get(d.relpath)
        if a is None or a.journey is None or a.journey.get("skipped") or not d.tags or d.tags.stage not in stages:
            continue
        out.append({"path": d.relpath, "group": group_of(d.relpath), "stage": d.tags.stage,
                    "phase": config.phase_of(d.tags.stage), "words": a.words,
                    "feats": {k: v for k, v in a.journey["features"].items() if not k.startswith("w:")},
                    "terms": page_terms(d.prose, names), "digest": a.journey.get("digest")})
    return out


def estate_rows(docs, config, names: list[str] | None = None) -> list[dict[str, Any]]:
    """:func:`rows_of` one estate, analysed as its own repository."""
    config, analyses = analyse_estate(docs, config, names)
    return rows_of(docs, analyses, config)


def load_corpus(folder: Path, config=None) -> list[dict[str, Any]]:
    """Every labelled document of a corpus folder, each company analysed as its own estate."""
    from planner.config import default_config
    from planner.loader import load_document

    config = config or default_config()
    docs = [load_document(p, config, folder) for p in sorted(folder.glob("*--*.md"))]
    groups: dict[str, list] = {}
    for d in docs:
        groups.setdefault(group_of(d.relpath), []).append(d)
    return [r for g in sorted(groups) for r in estate_rows(groups[g], config)]


def build_vocabulary(rows: list[dict[str, Any]], min_groups: int = VOCAB_MIN_COMPANIES,
                     max_terms: int = VOCAB_MAX_TERMS) -> list[str]:
    """Terms used by at least ``min_groups`` groups and at most ``VOCAB_MAX_SHARE`` of pages."""
    groups: dict[str, set[str]] = {}
    df: dict[str, int] = {}
    for r in rows:
        for t in r["terms"]:
            groups.setdefault(t, set()).add(r["group"])
            df[t] = df.get(t, 0) + 1
    ok = [t for t, g in groups.items() if len(g) >= min_groups and df[t] <= VOCAB_MAX_SHARE * len(rows)]
    ok.sort(key=lambda t: (-len(groups[t]), -df[t], t))
    return sorted(ok[:max_terms])


def design(rows: list[dict[str, Any]], vocab: Sequence[str]) -> list[dict[str, float]]:
    """Each row's full feature vector: its features plus learned terms from ``vocab``."""
    from planner.journey.vocab import lexical_features

    v = frozenset(vocab)
    return [{**r["feats"], **lexical_features(r["terms"], v)} for r in rows]


def prior_offsets(rows: list[dict[str, Any]], config=None) -> list[dict[str, float]]:
    """Each row's logits from the fixed signals alone (their set weights)."""
    from planner.config import default_config
    from planner.journey.lexicon import lexicon_for
    from planner.journey.prediction import logits
    from planner.nlp import get_nlp

    config = config or default_config()
    lex = lexicon_for(get_nlp(config), config)
    stages = config.stage_order()
    phase_of = {s: config.phase_of(s) for s in stages}
    empty = {"weights": {}, "bias": {}, "features": []}
    return [logits({f: v for f, v in r["feats"].items() if f.startswith("dens:")}, lex.signals, stages, empty, phase_of)
            for r in rows]


def train_model(rows: list[dict[str, Any]], l2: float = L2, offsets=None) -> dict[str, Any]:
    """A model fitted on ``rows``, with its vocabulary built from them."""
    vocab = build_vocabulary(rows)
    offsets = offsets if offsets is not None else prior_offsets(rows)
    return fit(design(rows, vocab), [r["stage"] for r in rows], l2=l2, offsets=offsets)


def cross_validate(rows: list[dict[str, Any]], l2: float = L2) -> tuple[list[dict[str, float]], dict[str, Any]]:
    """Leave-one-group-out logits for every row (same order), and each group's model
    (trained without it: its vocabulary too)."""
    from planner.journey.prediction import logits
    from planner.journey.vocab import lexical_features

    offsets = prior_offsets(rows)
    out: list[dict[str, float] | None] = [None] * len(rows)
    models = {}
    for g in sorted({r["group"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["group"] != g]
        model = train_model([rows[i] for i in idx], l2, [offsets[i] for i in idx])
        models[g] = model
        vocab = frozenset(model["vocabulary"])
        for i, r in enumerate(rows):
            if r["group"] == g:
                z = logits({**r["feats"], **lexical_features(r["terms"], vocab)}, {}, STAGES, model)
                out[i] = {s: z[s] + offsets[i][s] for s in STAGES}
    return out, models  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "journey" / "model.json")
    ap.add_argument("--l2", type=float, default=L2)
    args = ap.parse_args(argv)
    rows = load_corpus(args.corpus)
    held_out, _ = cross_validate(rows, args.l2)
    temperature = fit_temperature(held_out, [r["stage"] for r in rows])
    model = train_model(rows, args.l2)
    model["temperature"] = temperature
    model["trained_on"] = {"documents": len(rows), "groups": len({r["group"] for r in rows}), "l2": args.l2}
    from planner.fsutil import atomic_write_text

    atomic_write_text(args.out, json.dumps(model, indent=1, sort_keys=True) + "\n")
    print(f"wrote {args.out} ({len(model['features'])} features, temperature {temperature})")


if __name__ == "__main__":
    main()
