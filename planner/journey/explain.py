"""Quotable evidence for features that are not lexicon signals.

Learned terms (``w:<term>``) and product-use features (``about:*``) carry weight in
the prediction like any signal, so a finding must be able to quote them: this turns
them into hit records of the same shape as the lexicon's (``signal``, ``start``,
``end``, ``phrase``, ``zone``), found in the page's own text.
"""
from __future__ import annotations

from typing import Any, Sequence

from planner.journey.about import product_spans
from planner.journey.vocab import term_spans

MAX_TERMS = 6  # strongest learned terms looked up per finding


def feature_hits(text: str, features: Sequence[str], names: Sequence[str]) -> list[dict[str, Any]]:
    """Hits for the ``w:`` and ``about:`` features among ``features`` (strongest first)."""
    out: list[dict[str, Any]] = []
    terms = [f for f in features if f.startswith("w:")][:MAX_TERMS]
    for f in terms:
        for a, b in term_spans(text, f[2:], limit=2):
            out.append({"signal": f, "start": a, "end": b, "phrase": text[a:b], "zone": "body"})
    product = [f for f in features if f in ("about:product_ui", "about:in_product", "about:title", "about:opening")]
    if product and names:
        kinds = {"about:product_ui": "ui", "about:in_product": "in"}
        want = {kinds[f] for f in product if f in kinds}
        for a, b, kind in product_spans(text, names):
            if kind in want:
                out.append({"signal": "about:product_ui" if kind == "ui" else "about:in_product",
                            "start": a, "end": b, "phrase": text[a:b], "zone": "body"})
                if len(out) > 40:
                    break
    return out
