"""Stage and phase prediction from signal features: a linear model, pure Python.

logit(stage) = bias + sum(weight[stage][feature] * value). The weights are trained
on labelled documents (planner/journey/train.py) and shipped in
planner/data/journey/model.json; a signal a team adds in config has no trained
weight, so its own ``weight`` counts towards its stage instead. Probabilities are
a softmax with a temperature fitted on held-out predictions, so a confidence of 0.9
means about nine in ten such predictions are right.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

PRIOR_SCALE = 1.0  # logit per unit of feature for an untrained (team-added) signal


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    """The shipped model, or an empty one (priors only) if it is missing."""
    path = resources.files("planner") / "data" / "journey" / "model.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"weights": {}, "bias": {}, "temperature": 1.0, "features": []}


def active_model(config) -> dict[str, Any]:
    """The team model's linear model when `planner train` wrote one, else the shipped one."""
    from planner.journey.teammodel import team_model

    team = team_model(config) if config is not None else None
    return team["journey"]["model"] if team else load_model()


_SETS: dict[tuple[int, str], tuple[Any, frozenset[str]]] = {}


def _set_of(model: dict[str, Any], key: str) -> frozenset[str]:
    """``model[key]`` as a frozenset, memoised per model object (looked up per document)."""
    got = _SETS.get((id(model), key))
    if got is None or got[0] is not model:
        if len(_SETS) > 16:
            _SETS.clear()
        got = _SETS[(id(model), key)] = (model, frozenset(model.get(key) or ()))
    return got[1]


def vocabulary(model: dict[str, Any]) -> frozenset[str]:
    """The model's learned terms."""
    return _set_of(model, "vocabulary")


_SIGNAL_PREFIXES = ("share:", "head:", "dens:")


def _signal_of(feature: str) -> str:
    """The lexicon signal a feature belongs to; other features (``about:``, ``w:``)
    keep their own name."""
    return feature.split(":", 1)[1] if feature.startswith(_SIGNAL_PREFIXES) else feature


def trained_features(model: dict[str, Any]) -> frozenset[str]:
    return _set_of(model, "features")


def _prior_targets(spec: dict[str, Any], stages: list[str], phase_of: dict[str, str] | None) -> list[str]:
    """Stages an untrained signal adds its weight to: its stage, or every stage of its phase."""
    if spec.get("phase") and phase_of:
        return [s for s in stages if phase_of.get(s) == spec["phase"]]
    return [spec["stage"]] if spec["stage"] in stages else []


def logits(feats: dict[str, float], signals: dict[str, dict[str, Any]], stages: list[str],
           model: dict[str, Any] | None = None, phase_of: dict[str, str] | None = None) -> dict[str, float]:
    model = model if model is not None else load_model()
    weights, bias = model.get("weights", {}), model.get("bias", {})
    floor = min(bias.values()) - 1.0 if bias else 0.0
    trained = trained_features(model)
    out = {}
    items = list(feats.items())
    for s in stages:
        w = weights.get(s)
        z = bias.get(s, floor)
        if w:
            get = w.get
            for f, v in items:  # in the features' order: the sum's rounding depends on it
                z += get(f, 0.0) * v
        out[s] = z
    for f, v in feats.items():
        if f in trained:
            continue
        spec = signals.get(_signal_of(f))
        if spec:
            for s in _prior_targets(spec, stages, phase_of):
                out[s] += PRIOR_SCALE * spec["weight"] * v
    return out


def softmax(z: dict[str, float], temperature: float = 1.0) -> dict[str, float]:
    t = max(temperature, 1e-6)
    m = max(z.values())
    e = {k: math.exp((v - m) / t) for k, v in z.items()}
    total = sum(e.values())
    return {k: v / total for k, v in e.items()}


def predict(feats: dict[str, float], signals: dict[str, dict[str, Any]], stages: list[str],
            phase_of: dict[str, str], model: dict[str, Any] | None = None) -> dict[str, Any]:
    """``{"phase", "stage", "confidence", "stage_confidence", "scores"}``.

    ``confidence`` is the probability of the predicted phase (the one the
    phase-mismatch rule acts on); ``stage_confidence`` that of the predicted stage."""
    model = model if model is not None else load_model()
    probs = softmax(logits(feats, signals, stages, model, phase_of), model.get("temperature", 1.0))
    return from_scores(probs, stages, phase_of)


def from_scores(probs: dict[str, float], stages: list[str], phase_of: dict[str, str]) -> dict[str, Any]:
    """The prediction record for stage probabilities ``probs``."""
    phases: dict[str, float] = {}
    for s, p in probs.items():
        phases[phase_of[s]] = phases.get(phase_of[s], 0.0) + p
    phase = max(phases, key=phases.get)
    # the stage is chosen inside the predicted phase, so the two never disagree
    stage = max((s for s in stages if phase_of[s] == phase), key=probs.get)
    return {"phase": phase, "stage": stage, "confidence": round(phases[phase], 4),
            "stage_confidence": round(probs[stage], 4),
            "scores": {s: round(probs[s], 4) for s in stages}}


def tagged_reading(tags, config) -> tuple[str | None, str | None]:
    """(phase, stage) as tagged; the stage's own phase wins over a conflicting `phase:`
    (that conflict is `stage-phase-conflict`'s finding, not the journey rules')."""
    if tags is None:
        return None, None
    stage = tags.stage if tags.stage in config.taxonomy["stages"] else None
    phase = config.phase_of(stage) if stage else (tags.phase if tags.phase in config.taxonomy["phases"] else None)
    return phase, stage


def mismatch_confidence(pred: dict[str, Any], tagged_stage: str | None) -> float:
    """How sure the reading is that a tag of the other phase is wrong: the predicted
    phase's probability against the tagged stage's, P(phase) / (P(phase) + p(stage)).
    A page whose text gives its tagged stage almost nothing is surer to be mistagged
    than one whose tagged stage is the runner-up: the checker is most often wrong on
    pages that sit between the phases, and those still give their own stage weight.
    Never below the phase confidence; that confidence alone when only a phase is tagged."""
    conf = float(pred.get("confidence") or 0.0)
    p_tag = (pred.get("scores") or {}).get(tagged_stage) if tagged_stage else None
    if p_tag is None or conf <= 0.0:
        return conf
    return round(conf / (conf + max(0.0, float(p_tag))), 4)  # a team model's scores are untrusted


def shown_confidence(x: float) -> str:
    """A confidence as findings and reports show it: two decimals, rounded down and at
    most 0.99, so 0.9994 (or a 1.0 rounded up from 0.99996) reads 0.99: a statistical
    reading is never shown as certain, and the value shown is never above the one
    compared with a threshold."""
    return f"{min(math.floor(float(x) * 100 + 1e-9), 99) / 100:.2f}"


def contributions(feats: dict[str, float], signals: dict[str, dict[str, Any]], stage: str,
                  model: dict[str, Any] | None = None, phase_of: dict[str, str] | None = None) -> dict[str, float]:
    """How much each signal adds to ``stage``'s logit (its explanation)."""
    model = model if model is not None else load_model()
    w = model.get("weights", {}).get(stage, {})
    trained = trained_features(model)
    out: dict[str, float] = {}
    for f, v in feats.items():
        name = _signal_of(f)
        if f in trained:
            c = w.get(f, 0.0) * v
        else:
            spec = signals.get(name)
            c = PRIOR_SCALE * spec["weight"] * v if spec and stage in _prior_targets(spec, [stage], phase_of) else 0.0
        out[name] = out.get(name, 0.0) + c
    return out


def pushes(feats: dict[str, float], signals: dict[str, dict[str, Any]], towards: list[str], away: list[str],
           model: dict[str, Any] | None = None, phase_of: dict[str, str] | None = None) -> list[tuple[str, float]]:
    """Signals ranked by how much they favour the ``towards`` stages over the ``away``
    stages (best of each group), strongest first; only those that do favour them."""
    model = model if model is not None else load_model()
    to = [contributions(feats, signals, s, model, phase_of) for s in towards]
    aw = [contributions(feats, signals, s, model, phase_of) for s in away]
    names = set().union(*to, *aw) if (to or aw) else set()
    ranked = []
    for n in names:
        d = max(c.get(n, 0.0) for c in to) - max((c.get(n, 0.0) for c in aw), default=0.0)
        if d > 0:
            ranked.append((n, d))
    # ties by name: a set's order changes between processes, the evidence quoted must not
    ranked.sort(key=lambda x: (-x[1], x[0]))
    return ranked
