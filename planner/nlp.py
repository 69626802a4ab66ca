"""The spaCy pipeline, built once per process (placeholder until the journey checker lands)."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=4)
def _build(model: str | None) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def get_nlp(config) -> Language:
    return _build((config.get("nlp") or {}).get("model"))
