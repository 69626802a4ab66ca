"""Which prose blocks are someone else's words: quotations, not the page's own voice.

A case study quotes its customer ("> “Acme is the best tool we've ever used” — Jane,
CTO"); a blog post quotes a newspaper ("Heise.de reports:" then a block quote). Tone
measures the page's own voice, so it leaves these out (planner.tone.profile), and the
Markdown extractor marks them (:attr:`planner.model.Block.quoted`) as it builds the
blocks. Every test here reads a block's first and last characters or its lead-in, once
per block: no pass over the text.

A block quote is a quotation when it

- opens with a quotation mark and its first paragraph is quoted whole, but for an
  attribution (``> “We needed a framework ...” says Nils.``; not ``> "Save" keeps a
  draft``, a note that names a button), or
- ends in an attribution line of its own (``> — Dana Okafor, Head of Operations``), or
- follows, with nothing in between, a paragraph that names someone saying it and
  ends with a colon ("Heise.de reports:", "Wikipedia says:", "as Nils put it:"); a
  colon alone is not enough ("Continuing the example above:" leads into the page's
  own notes as often as into a quotation);

and is not a callout: most block quotes in documentation are the page's own notes
(``> [!NOTE]``, ``> 📘 ...``, ``> Note: ...``, ``> :::tip``), which stay the page's voice.

Outside block quotes, a paragraph is a quotation when it is quoted whole: it opens
with a quotation mark and its last closing mark ends it, or is followed only by a
short attribution (``“...,” says Kelsey.``, ``"..." — Priya Raman, Finance Director``).
A quotation that runs over several paragraphs (opening mark on the first, closing mark
at the end of the last, as long testimonials are printed) is quoted whole too. A
quotation inside a sentence of the writer's own ("As Kelsey put it, “...”") is not
marked: the sentence is the writer's.
"""
from __future__ import annotations

import bisect
from typing import Callable, Sequence, TypeVar

from planner.model import Block, Prose

T = TypeVar("T")

# opening mark -> the marks that close it
CLOSERS = {'"': '"', "“": "”", "„": "“”", "«": "»", "‘": "’", "‚": "‘’"}
DASHES = ("—", "–", "―", "~", "--")  # an attribution line: "— Jane Doe, CTO"
ATTRIBUTION_WORDS = 8  # what may follow the closing mark: ", says Kelsey." ("-- Name, title" may run longer)
DASHED_ATTRIBUTION_WORDS = 20
# verbs of saying a lead-in ends with ("Heise.de reports:"): grammar, not a tone lexicon
SAYING = frozenset({"says", "said", "say", "writes", "wrote", "reports", "reported", "explains", "explained",
                    "recalls", "recalled", "adds", "added", "tells", "told", "asks", "asked", "quote", "quoted",
                    "quotes", "according", "remembers", "admits", "admitted", "tweeted", "posted", "announced",
                    "states", "stated", "argues", "argued", "concludes", "concluded", "advises", "advised",
                    "comments", "commented", "summarises", "summarizes", "summed", "sums", "puts", "put", "words"})
CALLOUT_WORDS = frozenset({"note", "notes", "tip", "tips", "hint", "warning", "caution", "important", "info",
                           "danger", "notice", "attention", "remember", "tl;dr", "nb", "n.b", "please"})


def _lead(s: str) -> int:
    """Index of the first letter, digit or quotation mark of ``s`` (past emphasis
    leftovers and spaces), or len(s)."""
    for i, ch in enumerate(s):
        if ch.isalnum() or ch in CLOSERS:
            return i
        if not (ch.isspace() or ch in "*_~"):  # a symbol: an emoji or a "[!" opener
            return i
    return len(s)


def opening_mark(s: str) -> str:
    """The quotation mark ``s`` opens with, or ""."""
    i = _lead(s)
    return s[i] if i < len(s) and s[i] in CLOSERS else ""


def is_callout(s: str) -> bool:
    """A documentation note rather than a quotation: "[!NOTE]", ":::tip", an emoji or
    a symbol first, or a first word such as "Note:", "Warning", "Tip"."""
    i = _lead(s)
    if i >= len(s):
        return False
    if not (s[i].isalnum() or s[i] in CLOSERS):
        return True
    first = s[i:i + 16].split(None, 1)[0].rstrip(":.,!-").lower() if s[i:i + 16].split() else ""
    return first in CALLOUT_WORDS


def _outside(s: str, mark: str, inside: bool) -> tuple[list[str], bool]:
    """The stretches of ``s`` outside quotation marks of ``mark``'s kind, and whether
    the end of ``s`` is still inside a quotation; ``inside``: ``s`` starts inside one."""
    closers = CLOSERS[mark]
    out, piece = [], []
    for ch in s:
        if inside and ch in closers:
            inside = False
        elif not inside and ch == mark:
            inside = True
            out.append("".join(piece))
            piece = []
        elif not inside:
            piece.append(ch)
    out.append("".join(piece))
    return out, inside


def _attribution(t: str) -> bool:
    """Text between or after quoted words that only says who said them: "says Kelsey",
    ", he advises.", "— Priya Raman, Finance Director" (or nothing)."""
    t = t.strip(" \t\n.,;:!?*_()")
    if not t:
        return True
    words = t.split()
    if t.startswith(DASHES):
        return len(words) <= DASHED_ATTRIBUTION_WORDS
    return len(words) <= ATTRIBUTION_WORDS and not SAYING.isdisjoint(w.strip(".,;:").lower() for w in words)


def _quoted_whole(s: str, mark: str, inside: bool = False) -> tuple[bool, bool]:
    """(every word of ``s`` is quoted or an attribution, the quotation is still open at
    its end)."""
    outside, still_open = _outside(s, mark, inside)
    return all(map(_attribution, outside)), still_open


def mark(prose: Prose, source: str, groups: list[list[int]], group_starts: list[int]) -> None:
    """Set ``quoted`` on the blocks of ``prose`` that are quotations.

    ``groups``: for each outermost block quote, the indices of its blocks;
    ``group_starts``: the file offset where each block quote begins (its ``>``), to tell
    whether the paragraph before it leads straight into it. ``source`` is the file text."""
    text, blocks = prose.text, prose.blocks
    in_quote = {i for g in groups for i in g}
    for g, at in zip(groups, group_starts):
        if not g:
            continue
        first, last = blocks[g[0]], blocks[g[-1]]
        head = text[first.start:first.end]
        if is_callout(head):
            continue
        opens = opening_mark(head)
        quoted = (opens and _quoted_whole(head, opens)[0]) \
            or (len(g) > 1 and text[last.start:last.end].lstrip().startswith(DASHES)) \
            or _led_in(prose, source, g[0], at, in_quote)
        if quoted:
            for i in g:
                blocks[i].quoted = True
    _paragraphs(text, blocks, in_quote)


def _led_in(prose: Prose, source: str, i: int, at: int, in_quote: set[int]) -> bool:
    """The block before block ``i`` is a paragraph of the page's own that ends with a
    colon and leads straight into the block quote starting at file offset ``at`` (only
    blank lines between: no code block, no list)."""
    j = i - 1
    blocks = prose.blocks
    if j < 0 or j in in_quote or blocks[j].kind != "paragraph":
        return False
    lead = prose.text[blocks[j].start:blocks[j].end].rstrip(" *_")
    if not lead.endswith(":") or SAYING.isdisjoint(lead[-200:].lower().replace(":", " ").replace(",", " ").split()):
        return False
    end = prose.source_span(blocks[j].start, blocks[j].end)[1]  # just past the lead-in's last character
    return 0 < end <= at and not source[end:at].strip(" \t\n*_")


def _paragraphs(text: str, blocks: list[Block], in_quote: set[int]) -> None:
    """Paragraphs quoted whole, alone or as a run (see the module's docstring)."""
    n = len(blocks)
    i = 0
    while i < n:
        b = blocks[i]
        # (most paragraphs start with a letter: no copy of their text is made)
        if b.kind != "paragraph" or i in in_quote or b.start >= b.end or text[b.start].isalnum():
            i += 1
            continue
        s = text[b.start:b.end]
        mark_ = opening_mark(s)
        if not mark_:
            i += 1
            continue
        whole, still_open = _quoted_whole(s, mark_)
        if whole and not still_open:
            b.quoted = True
            i += 1
            continue
        if not (whole and still_open):
            i += 1
            continue
        # a quotation that runs on: the paragraphs up to the one it closes in, if any,
        # all in the same section and none of them a heading, list or block quote
        j = i + 1
        while j < n and blocks[j].kind == "paragraph" and j not in in_quote and blocks[j].section == b.section:
            whole, still_open = _quoted_whole(text[blocks[j].start:blocks[j].end], mark_, inside=True)
            if not whole:
                break
            if not still_open:  # closed here: the paragraphs i..j are the quotation
                for k in range(i, j + 1):
                    blocks[k].quoted = True
                i = j
                break
            j += 1
        i += 1


def quoted_spans(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """(start, end) prose offsets of the quoted blocks, in order."""
    return [(b.start, b.end) for b in blocks if b.quoted]


def unquoted(items: Sequence[T], spans: list[tuple[int, int]], start: Callable[[T], int]) -> Sequence[T]:
    """``items`` without those whose ``start(item)`` (a prose offset) falls inside one of
    ``spans`` (:func:`quoted_spans`): what the page says in its own words. ``items``
    itself when there is no quotation (nearly every page)."""
    if not spans:
        return items
    starts = [a for a, _ in spans]

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < spans[i][1]

    return [x for x in items if not inside(start(x))]
