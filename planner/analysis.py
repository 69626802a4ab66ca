"""Analyse: Document -> Analysis, one spaCy pass per document shared by every analyser.

The journey checker (planner.journey) and the tone profiler (planner.tone) each read
the same parsed text; nothing here knows their internals. Importing this module imports
spaCy, so callers import it only when a document needs analysing (a run whose results
are all stored never pays spaCy's start-up).
"""
from __future__ import annotations

from typing import Callable, Iterable

from planner.journey import analyse_journey
from planner.language import detect_language
from planner.model import Analysis, Document
from planner.nlp import get_nlp, parse, sentence_spans
from planner.tone import analyse_tone

# (name, fn(doc, spacy_doc, analysis, config) -> None), in order: each fills its part
ANALYSERS: tuple[tuple[str, Callable], ...] = (
    ("journey", analyse_journey),
    ("tone", analyse_tone),
)


def analyse_documents(docs: Iterable[Document], config, progress: Callable[[int], None] | None = None
                      ) -> dict[str, Analysis]:
    """Analysis for every readable document, by relpath."""
    docs = [d for d in docs if d.ok]
    nlp = get_nlp(config)
    out: dict[str, Analysis] = {}
    texts = (d.prose.text for d in docs)
    for doc, sdoc in zip(docs, parse(nlp, texts, batch_size=64)):
        a = Analysis(words=doc.prose.words, sentences=sentence_spans(sdoc))
        a.language = detect_language(sdoc)
        for _name, fn in ANALYSERS:
            fn(doc, sdoc, a, config)
        out[doc.relpath] = a
        if progress:
            progress(1)
    return out
