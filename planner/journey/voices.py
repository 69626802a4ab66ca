"""Whose words the journey reading counts: the page's own, not the quotations in it.

A case study quotes its customer ("our team uses it every day", "we renewed for three
years"), a launch post quotes a user, an explainer quotes a definition: someone else's
words, not the page speaking to its reader. The Markdown extractor marks them
(:attr:`planner.model.Block.quoted`, planner/quotations.py), and the journey reading
leaves them out as tone does: no lexicon hit, learned term or product-use feature is
taken from a quotation, and no finding quotes one as evidence.
"""
from __future__ import annotations

from typing import Any, Sequence

from planner import quotations
from planner.journey.vocab import terms
from planner.model import Prose

# True reads quotations as the page's own words, as before they were marked (kept for
# the benchmark's comparison; the shipped model is fitted with False)
COUNT_QUOTATIONS = False


def quoted_spans(prose: Prose) -> list[tuple[int, int]]:
    """(start, end) prose offsets of the quotations the reading leaves out, in order."""
    return [] if COUNT_QUOTATIONS else quotations.quoted_spans(prose.blocks)


def own_hits(hits: list[dict[str, Any]], spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """``hits`` without those that start inside a quotation."""
    return list(quotations.unquoted(hits, spans, lambda h: h["start"])) if spans else hits


def own_sentences(sentences: Sequence[Sequence[int]], spans: list[tuple[int, int]]) -> Sequence[Sequence[int]]:
    """The sentences that do not start inside a quotation."""
    return quotations.unquoted(sentences, spans, lambda s: s[0])


def own_text(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the quotations blanked (same length, so offsets still hold)."""
    if not spans:
        return text
    parts, last = [], 0
    for a, b in spans:
        parts += (text[last:a], " " * (b - a))
        last = b
    parts.append(text[last:])
    return "".join(parts)


def page_text(prose: Prose) -> str:
    """The page's own words: ``prose.text`` with its quotations blanked."""
    return own_text(prose.text, quoted_spans(prose))


def page_terms(prose: Prose, names: Sequence[str]) -> set[str]:
    """The learned-term candidates of the page's own words (planner/journey/vocab.py)."""
    return terms(page_text(prose), names)
