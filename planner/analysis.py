"""Analyse: Document -> Analysis, one spaCy pass per document shared by every analyser.

The journey checker (planner.journey) and the tone profiler (planner.tone) each read
the same parsed text; nothing here knows their internals.
"""
from __future__ import annotations

from typing import Callable, Iterable

from planner.model import Analysis, Document

# (name, fn(doc, spacy_doc, analysis, config) -> None); each analyser fills its field.
_ANALYSERS: list[tuple[str, Callable]] = []


def analyser(name: str):
    """Register an analyser that fills part of an Analysis from one parsed document."""
    def wrap(fn: Callable) -> Callable:
        _ANALYSERS.append((name, fn))
        return fn
    return wrap


def _load_analysers() -> None:
    """Import the analysers for their @analyser registrations (lazily: they need spaCy)."""
    import planner.journey.analyser  # noqa: F401
    import planner.tone  # noqa: F401


def analyse_documents(docs: Iterable[Document], config, progress: Callable[[int], None] | None = None
                      ) -> dict[str, Analysis]:
    """Analysis for every readable document, by relpath."""
    # spaCy is imported here, not at module level: a fully cached run never needs it
    from planner.language import detect_language
    from planner.nlp import get_nlp, parse, sentence_spans

    _load_analysers()
    docs = [d for d in docs if d.ok]
    nlp = get_nlp(config)
    out: dict[str, Analysis] = {}
    texts = (d.prose.text for d in docs)
    for doc, sdoc in zip(docs, parse(nlp, texts, batch_size=64)):
        a = Analysis(words=doc.prose.words, sentences=sentence_spans(sdoc))
        a.language = detect_language(sdoc)
        for _name, fn in _ANALYSERS:
            fn(doc, sdoc, a, config)
        out[doc.relpath] = a
        if progress:
            progress(1)
    return out
