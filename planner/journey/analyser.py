"""The journey analyser: fills ``Analysis.journey`` with plain data:

- ``predicted``: ``{"phase", "stage", "confidence", "stage_confidence", "scores"}``
  (``documents[].predicted`` in lint JSON). Under ``journey.min_words`` prose words,
  or for text that is not English, phase and stage are null and confidence is 0.
- ``signals``: every lexicon hit, ``{"signal", "stage", "start", "end", "phrase", "zone"}``
  with prose offsets (the evidence findings quote).
- ``features``: the model's input, so rules can explain a prediction: lexicon
  signals, how the page uses the product's names (``about:``), learned terms (``w:``).
- ``digest``: the prose's digest; a page a team model was trained on is judged by its
  cross-fitted (out-of-fold) prediction, marked ``"cross_fitted": true``. When the
  predicted phase is not the tagged one, ``predicted.mistag_confidence`` is how sure
  the reading is that the tag is wrong: the number `phase-mismatch` compares with its
  ``min_confidence``, so a page it abstains on shows why.
- ``ctas``: calls to action found in the body (links, buttons, headings, imperative
  sentences), ``{"cta", "fits", "start", "end", "phrase", "context"}``.
"""
from __future__ import annotations

import weakref
from typing import Any

from spacy.tokens import Doc

from planner.journey.cta import body_ctas
from planner.journey.lexicon import CompiledLexicon, lexicon_for
from planner.journey import teammodel, voices
from planner.journey.estate import product_names
from planner.journey.about import about_features
from planner.journey.prediction import (active_model, from_scores, mismatch_confidence, predict, tagged_reading,
                                        vocabulary)
from planner.journey.signals import features, find_hits
from planner.journey.vocab import lexical_features, terms
from planner.model import Analysis, Document
from planner.userregex import watch

DEFAULT_MIN_WORDS = 50


_MEMO: dict[int, tuple[weakref.ref, Any, CompiledLexicon]] = {}


def compiled(sdoc: Doc, config) -> CompiledLexicon:
    """The compiled lexicon for this run's configuration, memoised per config object
    (kept off the config itself, which is pickled to worker processes)."""
    memo = _MEMO.get(id(config))
    if memo is not None and memo[0]() is config and memo[1] is sdoc.vocab:
        return memo[2]
    from planner.nlp import get_nlp

    lex = lexicon_for(get_nlp(config), config)
    if len(_MEMO) > 16:
        _MEMO.clear()
    _MEMO[id(config)] = (weakref.ref(config), sdoc.vocab, lex)
    return lex


def empty_prediction(stages: list[str]) -> dict[str, Any]:
    return {"phase": None, "stage": None, "confidence": 0.0, "stage_confidence": 0.0, "scores": {}}


def analyse_journey(doc: Document, sdoc: Doc, analysis: Analysis, config) -> None:
    section = config.get("journey") or {}
    stages = config.stage_order()
    phase_of = {s: config.phase_of(s) for s in stages}
    result: dict[str, Any] = {"predicted": empty_prediction(stages), "signals": [], "features": {}, "ctas": [],
                              "skipped": None}
    analysis.journey = result
    if analysis.language != "en":
        result["skipped"] = "language"
        return
    lex = compiled(sdoc, config)
    with watch() as slow:  # a team's regex that ran out of time: a regex-timeout finding
        hits = find_hits(sdoc, doc.prose, lex)
    if slow:
        result["regex_timeouts"] = slow
    for h in hits:
        spec = lex.signals[h["signal"]]
        h["stage"] = spec["stage"]
    quoted = voices.quoted_spans(doc.prose)
    hits = voices.own_hits(hits, quoted)  # a quotation is someone else's words, not the page's
    result["signals"] = hits
    result["ctas"] = body_ctas(doc, sdoc, analysis, lex)
    if analysis.words < int(section.get("min_words", DEFAULT_MIN_WORDS)):
        result["skipped"] = "short"
        return
    names = product_names(config)
    model = active_model(config)
    feats = features(hits, analysis.words, doc.prose, lex.signals)
    own = voices.own_text(doc.prose.text, quoted)
    feats.update(about_features(doc.prose, analysis.words, voices.own_sentences(analysis.sentences, quoted), names,
                                own))
    vocab = vocabulary(model)
    if vocab:
        feats.update(lexical_features(terms(own, names), vocab))
    result["features"] = {k: round(v, 4) for k, v in feats.items()}
    digest = teammodel.text_digest(doc.prose.text)
    result["digest"] = digest
    team = teammodel.team_model(config)
    crossfit = ((team or {}).get("journey") or {}).get("documents", {}).get(digest)
    if crossfit and set(crossfit["scores"]) == set(stages):
        result["predicted"] = {**from_scores(crossfit["scores"], stages, phase_of), "cross_fitted": True}
    else:
        result["predicted"] = predict(result["features"], lex.signals, stages, phase_of, model)
    tagged = tagged_reading(doc.tags, config)
    if tagged[0] and result["predicted"]["phase"] != tagged[0]:
        result["predicted"]["mistag_confidence"] = mismatch_confidence(result["predicted"], tagged[1])
