"""Find journey signals in one parsed document and turn them into features.

A *hit* is one matched phrase: its prose span, its signal, and the zone it sits in
(title, heading or body). Features are per-signal densities: body hits per 100
words (log-scaled, so one long list cannot dominate) and a separate title/heading
feature, since a page's title says more about its reader than any body sentence.
"""
from __future__ import annotations

import bisect
import math
from typing import Any

import numpy
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.tokens import Doc

from planner.journey.lexicon import CompiledLexicon
from planner.nlp import members
from planner.model import Prose

MAX_HITS_PER_SIGNAL = 200


def _zones(prose: Prose) -> tuple[list[int], list[tuple[int, int, str]]]:
    """Sorted starts and (start, end, zone) of title and heading blocks."""
    spans = [(b.start, b.end, "title" if b.kind == "title" else "heading")
             for b in prose.blocks if b.kind in ("title", "heading")]
    return [s[0] for s in spans], spans


def _zone_of(pos: int, starts: list[int], spans: list[tuple[int, int, str]]) -> str:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i][2]
    return "body"


def _token_matches(sdoc: Doc, lex: CompiledLexicon) -> list[tuple[int, int, int]]:
    """The token Matcher's matches, found by running it only on windows around the
    words some pattern needs (every match holds one, and is at most
    ``matcher_width`` tokens): iterating Token objects is its whole cost."""
    matcher, triggers, width = lex.matcher, lex.matcher_triggers, lex.matcher_width
    if triggers is None:
        return list(matcher(sdoc))
    lowers = sdoc.to_array(LOWER)
    pos = numpy.flatnonzero(members(lowers, triggers))
    if not len(pos):
        return []  # no word any pattern needs: nothing can match
    if width is None:
        return list(matcher(sdoc))
    n, out = len(sdoc), []
    windows: list[list[int]] = []
    for p in pos.tolist():
        a, b = max(0, p - width + 1), min(n, p + width)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    for a, b in windows:
        out.extend((k, s + a, e + a) for k, s, e in matcher(sdoc[a:b]))
    return out


def find_hits(sdoc: Doc, prose: Prose, lex: CompiledLexicon) -> list[dict[str, Any]]:
    """Every signal hit, longest first where two hits of one signal overlap."""
    vocab_strings = sdoc.vocab.strings
    raw: list[tuple[str, int, int, int]] = []  # (signal, start_char, -length, end_char)
    idx: list[int] | None = None
    ends: list[int] = []
    for m in (lex.phrase_lower, lex.phrase_lemma, lex.matcher):
        if m is None or not len(m):
            continue
        for match_id, s, e in (_token_matches(sdoc, lex) if m is lex.matcher else m(sdoc)):
            if idx is None:  # token offsets from arrays: no Span objects per hit
                arr = sdoc.to_array([IDX, LENGTH]).astype("int64")
                idx = arr[:, 0].tolist()
                ends = (arr[:, 0] + arr[:, 1]).tolist()
            raw.append((vocab_strings[match_id], idx[s], idx[s] - ends[e - 1], ends[e - 1]))
    text = prose.text  # Doc.text rebuilds the string token by token
    starts, spans = _zones(prose)
    for name, rx in lex.regexes:
        allowed = lex.signals[name].get("zones")
        if allowed is not None and "body" not in allowed:
            # a title/heading-only signal: search those blocks, not the whole text
            # (blocks start after a newline, so ^ and $ keep their meaning)
            found = (mt for a, b, zone in spans if zone in allowed for mt in rx.finditer(text, a, b))
        else:
            found = rx.finditer(text)
        for mt in found:
            a, b = mt.span()
            if b > a:
                raw.append((name, a, a - b, b))
    raw.sort()  # by signal, start, longest first (the end follows from the start and length)
    kept: list[tuple[int, int, str, str]] = []
    last_name, last_end, count = None, -1, 0
    for name, a, _, b in raw:
        if name != last_name:
            last_name, last_end, count = name, -1, 0
        if a < last_end or count >= MAX_HITS_PER_SIGNAL:
            continue
        zone = _zone_of(a, starts, spans)
        allowed = lex.signals[name].get("zones")
        if allowed is not None and zone not in allowed:
            continue
        last_end, count = b, count + 1
        kept.append((a, b, name, zone))
    kept.sort()  # by start and end; then by signal, as they were kept (the zone follows from the start)
    return [{"signal": name, "start": a, "end": b, "phrase": text[a:b], "zone": zone} for a, b, name, zone in kept]


SHARE_SCALE = 3.0
SHARE_SMOOTHING = 10  # pseudo-hits: a page with few signals gets small shares, so low confidence
TITLE_WEIGHT = 1.5


def features(hits: list[dict[str, Any]], words: int, prose: Prose,
             signals: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Feature vector (sparse).

    ``share:<signal>``: the signal's share of all body hits of learned signals (what
    the page mostly talks like; robust to how wordy a house style is);
    ``head:<signal>``: ``TITLE_WEIGHT`` when the title carries it, plus the share of
    headings that do (capped at 1): titles and headings say more than body text;
    ``dens:<signal>`` for fixed signals (strong, rare cues with a set weight, such as
    "since you signed up"): log-scaled hits per 100 words plus the heading part."""
    body: dict[str, int] = {}
    title: dict[str, int] = {}
    heading: dict[str, int] = {}
    for h in hits:
        table = body if h["zone"] == "body" else title if h["zone"] == "title" else heading
        table[h["signal"]] = table.get(h["signal"], 0) + 1
    n_headings = sum(1 for b in prose.blocks if b.kind == "heading")
    fixed = {n for n, spec in signals.items() if spec.get("fixed")}
    out: dict[str, float] = {}
    total = sum(c for n, c in body.items() if n not in fixed)
    per = 100.0 / max(words, 50)
    for name, c in body.items():
        if name in fixed:
            # a page-type cue ("FAQ", "case study") counts once it is there at all
            out["dens:" + name] = math.log1p(c * per) + (1.0 if signals[name].get("presence") else 0.0)
        else:
            out["share:" + name] = SHARE_SCALE * c / (total + SHARE_SMOOTHING)
    for name in set(title) | set(heading):
        v = TITLE_WEIGHT * min(1, title.get(name, 0)) + min(1.0, 2.0 * heading.get(name, 0) / max(3, n_headings))
        key = ("dens:" if name in fixed else "head:") + name
        out[key] = out.get(key, 0.0) + v
    return out
