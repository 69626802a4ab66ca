"""Adapt the shipped journey model to one team's pages (`planner train`).

The team's validly tagged documents are the training set, but some tags are wrong
(that is why the team runs planner), so:

- **cross-fitting**: the documents are split into ``FOLDS`` folds; each fold is
  predicted by a model fitted on the others. These out-of-fold predictions are the
  cross-validated accuracy the command reports, and are stored in the model so that
  an unchanged training page is always judged by a model that never saw it;
- pages whose out-of-fold prediction confidently contradicts their tag are **left
  out** of the final fit and listed, and less confident contradictions are
  down-weighted;
- the fit is pulled towards the shipped weights (an L2 penalty on the difference,
  not on the weights), so a small estate adapts the shipped model rather than
  replacing it, and it may add the team's own recurring terms to the vocabulary.

Deterministic: folds come from sorted text digests, the optimiser is full-batch.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from planner.journey import train
from planner.journey.prediction import from_scores, load_model, logits, softmax
from planner.journey.vocab import lexical_features

FOLDS = 5
TEAM_L2 = 0.02  # pull towards the shipped weights (the shipped model is fitted with 0.005 towards zero); chosen on dev (benchmarks: dev-train)
TEAM_EPOCHS = 150  # the fit starts from the shipped weights: few steps are needed
CROSSFIT_EPOCHS = 100  # the five out-of-fold fits only have to rank and flag pages
LEAVE_OUT_CONFIDENCE = 0.75  # out-of-fold phase confidence against the tag above which a page is left out
DOUBT_WEIGHT = 0.3  # loss weight of a page whose out-of-fold phase contradicts its tag less surely
NEW_TERMS = 300  # the team's own recurring terms added to the vocabulary, at most
NEW_TERM_MIN_DOCS = 3
MIN_PER_PHASE = 4
MIN_DOCUMENTS = 10
STRONG_MIN_PAGES = 2  # a term reported as a stage's language is on at least this many of its pages


class TooFewDocuments(ValueError):
    """The estate is too small to learn from; the message names the numbers."""


def check_size(rows: Sequence[dict[str, Any]], phases: Sequence[str]) -> None:
    """Refuse, naming what is short, an estate too small to learn from: the model learns
    where one phase's language ends and the other's begins, so it needs both."""
    per = {p: sum(1 for r in rows if r["phase"] == p) for p in phases}
    short = [p for p, v in per.items() if v < MIN_PER_PHASE]
    have = ", ".join(f"{v} {p}" for p, v in per.items())
    if len(rows) < MIN_DOCUMENTS:
        raise TooFewDocuments(
            f"too few validly tagged documents to learn from: {len(rows)} ({have}); planner train needs at "
            f"least {MIN_DOCUMENTS}, and {MIN_PER_PHASE} in each phase")
    if short:
        raise TooFewDocuments(
            f"too few {' and '.join(short)} pages to learn from: {len(rows)} validly tagged documents ({have}); "
            f"planner train needs at least {MIN_PER_PHASE} in each phase, to learn where one phase's language "
            "ends and the other's begins")


def team_vocabulary(rows: Sequence[dict[str, Any]], base: Sequence[str]) -> list[str]:
    """The shipped vocabulary plus the team's own terms used on several of its pages."""
    have = set(base)
    df: dict[str, int] = {}
    for r in rows:
        for t in r["terms"]:
            if t not in have:
                df[t] = df.get(t, 0) + 1
    limit = train.VOCAB_MAX_SHARE * len(rows)
    new = [t for t, c in df.items() if NEW_TERM_MIN_DOCS <= c <= limit]
    new.sort(key=lambda t: (-df[t], t))
    return sorted(have | set(new[:NEW_TERMS]))


def _fit(rows, vocab, offsets, base, stages, phase_of, weights=None, epochs: int = TEAM_EPOCHS) -> dict[str, Any]:
    X = [{**r["feats"], **lexical_features(r["terms"], vocab)} for r in rows]
    names = sorted({f for x in X for f in x if not f.startswith("dens:")} | set(base.get("features") or []))
    model = train.fit(X, [r["stage"] for r in rows], stages=stages, l2=TEAM_L2, epochs=epochs,
                      feature_names=names, offsets=offsets, phase_of=phase_of, prior=base, sample_weight=weights)
    model["temperature"] = base.get("temperature", 1.0)
    return model


def _probs(row, model, offset, stages) -> dict[str, float]:
    vocab = frozenset(model.get("vocabulary") or ())
    z = logits({**row["feats"], **lexical_features(row["terms"], vocab)}, {}, stages, model)
    return softmax({s: z[s] + offset.get(s, 0.0) for s in stages}, model.get("temperature", 1.0))


def folds_of(rows: Sequence[dict[str, Any]], k: int = FOLDS) -> list[int]:
    """Each row's fold, from its rank in digest order (stable, content-derived)."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].get("digest") or "", rows[i]["path"]))
    fold = [0] * len(rows)
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


def adapt(rows: Sequence[dict[str, Any]], config, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The team's journey model and what training learned:
    ``{"model", "documents" (digest -> out-of-fold scores), "cross_validated",
    "left_out", "doubtful", "per_stage"}``. Raises :class:`TooFewDocuments`."""
    stages = config.stage_order()
    phase_of = {s: config.phase_of(s) for s in stages}
    check_size(rows, list(config.taxonomy["phases"]))
    base = base or load_model()
    vocab_list = team_vocabulary(rows, base.get("vocabulary") or [])
    vocab = frozenset(vocab_list)
    offsets = train.prior_offsets(rows, config)
    fold = folds_of(rows)
    oof: list[dict[str, float]] = [{}] * len(rows)
    for f in range(FOLDS):
        idx = [i for i in range(len(rows)) if fold[i] != f]
        held = [i for i in range(len(rows)) if fold[i] == f]
        if not held:
            continue
        m = _fit([rows[i] for i in idx], vocab, [offsets[i] for i in idx], base, stages, phase_of,
                 epochs=CROSSFIT_EPOCHS)
        for i in held:
            oof[i] = _probs(rows[i], m, offsets[i], stages)
    preds = [from_scores(p, stages, phase_of) for p in oof]
    weights, left_out, doubtful = [], [], []
    for r, p in zip(rows, preds):
        against = p["phase"] != r["phase"]
        if against and p["confidence"] >= LEAVE_OUT_CONFIDENCE:
            left_out.append({"path": r["path"], "tagged": r["stage"], "reads_as": f"{p['phase']}/{p['stage']}",
                             "confidence": p["confidence"]})
            weights.append(0.0)
        elif against:
            doubtful.append(r["path"])
            weights.append(DOUBT_WEIGHT)
        else:
            weights.append(1.0)
    keep = [i for i, w in enumerate(weights) if w > 0]
    model = _fit([rows[i] for i in keep], vocab, [offsets[i] for i in keep], base, stages, phase_of,
                 [weights[i] for i in keep])
    n = len(rows)
    per_stage = {s: sum(1 for i in keep if rows[i]["stage"] == s) for s in stages}
    return {
        "model": model,
        "documents": {r["digest"]: {"scores": {s: round(p[s], 4) for s in stages}}
                      for r, p in zip(rows, oof) if r.get("digest")},
        "cross_validated": {"documents": n,
                            "phase_accuracy": round(sum(p["phase"] == r["phase"] for r, p in zip(rows, preds)) / n, 3),
                            "stage_accuracy": round(sum(p["stage"] == r["stage"] for r, p in zip(rows, preds)) / n, 3)},
        "left_out": left_out, "doubtful": doubtful, "per_stage": per_stage,
        "new_terms": len(vocab_list) - len(base.get("vocabulary") or []),
    }


def strongest_terms(model: dict[str, Any], stages: Sequence[str], rows: Sequence[dict[str, Any]],
                    n: int = 8) -> dict[str, list[str]]:
    """Per stage, the stage's language in the team's own words: the quotable learned
    terms on at least ``STRONG_MIN_PAGES`` of that stage's pages ``rows`` (those learned
    from), ranked by how much they set those pages apart: the term's weight above the
    other stages' average, times how many of the pages carry it. A term on no page of
    the stage (the shipped vocabulary knows terms from other companies' pages) or on one
    page only (that page's topic) says nothing an editor can act on: a stage with
    fewer pages shows none."""
    from planner.journey.explain import quotable

    w = model.get("weights", {})
    vocab = frozenset(t for t in model.get("vocabulary") or () if quotable(t))
    counts: dict[str, dict[str, int]] = {s: {} for s in stages}
    for r in rows:
        pages = counts.get(r["stage"])
        if pages is not None:
            for t in vocab.intersection(r["terms"]):
                pages[t] = pages.get(t, 0) + 1
    out = {}
    for s in stages:
        others = [o for o in stages if o != s]
        score = {t: (w.get(s, {}).get("w:" + t, 0.0)
                     - sum(w.get(o, {}).get("w:" + t, 0.0) for o in others) / max(len(others), 1)) * c
                 for t, c in counts[s].items() if c >= STRONG_MIN_PAGES}
        out[s] = [t for t in sorted(score, key=lambda t: (-score[t], t))[:n] if score[t] > 0]
    return out


def log_loss(probs: Sequence[dict[str, float]], labels: Sequence[str]) -> float:
    return -sum(math.log(max(p.get(y, 0.0), 1e-12)) for p, y in zip(probs, labels)) / max(len(labels), 1)
