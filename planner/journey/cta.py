"""Calls to action: the `cta:` front-matter value and CTA-like text in the body.

A CTA phrase in the body counts only where it acts as an ask: link text, bold text
(how buttons are written in Markdown), a heading, or a sentence that opens with it
("Start your free trial today."). A passing mention ("you can buy more seats
later") is not an ask.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.tokens import Doc

from planner.journey.lexicon import CompiledLexicon
from planner.model import Analysis, Document


MAX_CTAS = 200  # asks looked at per page: enough, and bounded on huge pages


class _Index:
    """Block and sentence lookup by offset, built once per page (bisect, not scans)."""

    def __init__(self, doc: Document, analysis: Analysis) -> None:
        self.blocks = doc.prose.blocks
        self.block_starts = [b.start for b in self.blocks]
        self.sentences = analysis.sentences
        self.sentence_starts = [s[0] for s in self.sentences]

    def block(self, pos: int):
        i = bisect.bisect_right(self.block_starts, pos) - 1
        return self.blocks[i] if i >= 0 and self.blocks[i].start <= pos <= self.blocks[i].end else None

    def sentence(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1]:
            return self.sentences[i][0], self.sentences[i][1]
        return None


def _context(doc: Document, index: _Index, start: int, end: int) -> str | None:
    block = index.block(start)
    if block is not None and block.kind in ("heading", "title"):
        return "heading" if block.kind == "heading" else None
    a, b = doc.prose.source_span(start, end)
    text = doc.text
    before = text[max(0, a - 80):a]
    after = text[b:b + 80]
    # link text: an unclosed "[" before, "](" or "][" after
    lb = before.rfind("[")
    if lb != -1 and "]" not in before[lb:] and "\n" not in before[lb:]:
        rb = after.find("]")
        if rb != -1 and "\n" not in after[:rb] and after[rb + 1:rb + 2] in ("(", "["):
            return "link"
    for mark in ("**", "__"):
        lm = before.rfind(mark)
        line_after = after.split("\n", 1)[0]
        rm = line_after.find(mark)
        if lm != -1 and "\n" not in before[lm:] and rm != -1:
            # a button is a short bold label, not a bold lead-in to a longer sentence
            extra = len((before[lm + len(mark):] + " " + line_after[:rm]).split())
            if extra <= 2:
                return "button"
    sent = index.sentence(start)
    if sent is not None and block is not None and block.kind == "paragraph":
        lead = doc.prose.text[sent[0]:start]
        if not re.search(r"[A-Za-z0-9]", lead):
            return "imperative"
    return None


def body_ctas(doc: Document, sdoc: Doc, analysis: Analysis, lex: CompiledLexicon) -> list[dict[str, Any]]:
    """CTA asks in the body, in reading order."""
    if lex.cta_lower is None or not len(lex.cta_lower):
        return []
    strings = sdoc.vocab.strings
    out: list[dict[str, Any]] = []
    last_end = -1
    matches = sorted(lex.cta_lower(sdoc), key=lambda m: (m[1], -(m[2] - m[1])))
    text = doc.prose.text  # Doc.text rebuilds the string token by token
    index = _Index(doc, analysis)
    for match_id, s, e in matches[:MAX_CTAS]:
        a, b = sdoc[s].idx, sdoc[e - 1].idx + len(sdoc[e - 1])
        if a < last_end:
            continue
        ctx = _context(doc, index, a, b)
        if ctx is None:
            continue
        name = strings[match_id]
        last_end = b
        out.append({"cta": name, "fits": list(lex.ctas[name]["fits"]), "start": a, "end": b,
                    "phrase": text[a:b], "context": ctx})
    return out


def field_cta(value: str | None, lex: CompiledLexicon) -> str | None:
    """The CTA kind named by a `cta:` value such as ``book-a-demo``, or None."""
    if not value:
        return None
    words = re.split(r"[\s_-]+", value.lower().strip())
    best, best_len = None, 0
    for name, spec in lex.ctas.items():
        for ids in spec["ids"]:
            n = len(ids)
            for i in range(len(words) - n + 1):
                if words[i:i + n] == ids and n > best_len:
                    best, best_len = name, n
    return best
