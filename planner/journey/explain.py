"""Quotable evidence for features that are not lexicon signals.

Learned terms (``w:<term>``) and product-use features (``about:*``) carry weight in
the prediction like any signal, so a finding must be able to quote them: this turns
them into hit records of the same shape as the lexicon's (``signal``, ``start``,
``end``, ``phrase``, ``zone``), found in the page's own text.
"""
from __future__ import annotations

from typing import Any, Sequence

from planner.journey.about import product_spans
from planner.journey.vocab import PLACEHOLDER, term_spans

MAX_TERMS = 6  # strongest learned terms looked up per finding
# words that weigh in the model as style but explain nothing when quoted alone
_FUNCTION = frozenset("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each even ever every few for from further
had has have having he her here hers him his how however i if in into is it its itself just least less like made
make many may me might more most much must my near need no nor not now of off often on once one only or other our
out over own per quite rather same she should since so some still such than that the their them then there these
they this those though through thus to too under until up upon us very was we well were what when where whether
which while who whom whose why will with within without would yet you your yours""".split())


def quotable(term: str) -> bool:
    """A learned term worth quoting: a word pair with a content word, or a content word
    of four letters or more."""
    words = term.split()
    if any(w.startswith(PLACEHOLDER) for w in words):
        return False
    if len(words) > 1:
        return any(w not in _FUNCTION and len(w) > 2 for w in words)
    return len(term) >= 4 and term not in _FUNCTION


def feature_hits(text: str, features: Sequence[str], names: Sequence[str]) -> list[dict[str, Any]]:
    """Hits for the ``w:`` and ``about:`` features among ``features`` (strongest first)."""
    out: list[dict[str, Any]] = []
    terms = [f for f in features if f.startswith("w:") and quotable(f[2:])]
    terms = sorted(terms[:2 * MAX_TERMS], key=lambda f: " " not in f)[:MAX_TERMS]  # pairs explain more than words
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
