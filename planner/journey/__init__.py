"""The journey checker: which reader does a page's own language speak to?

The analyser (planner.journey.analyser) fills ``Analysis.journey``; this package
module stays light (no spaCy), so a run served from the cache can still ask for the
team model's digest (:func:`model_digest`, part of every cache key) and the
estate's product names without loading the NLP stack.
"""
from __future__ import annotations

from typing import Any

from planner.journey.teammodel import TeamModelError, model_digest

__all__ = ["TeamModelError", "model_digest", "analyse_journey"]


def __getattr__(name: str) -> Any:  # the analyser needs spaCy: import it only when asked for
    if name in ("analyse_journey", "compiled", "empty_prediction", "DEFAULT_MIN_WORDS"):
        from planner.journey import analyser

        return getattr(analyser, name)
    raise AttributeError(name)
