"""Shared reasoning of the tone rules: which scores are bad, enough evidence, quoted
sentences and phrases.

Rules read only plain data from ``Analysis.tone`` (counts, marks, section and
paragraph profiles), so a cached analysis gives the same findings.
"""
from __future__ import annotations

from typing import Any, Iterable

from planner.model import Analysis, Document
from planner.tone import tone_settings
from planner.tone.profile import hardest

# Tone scores that can go wrong: the direction that is worse (+1: higher is worse), the
# least distance from peers that counts, and the band a page must reach on its own (so
# a calm page among calmer ones is fine). tone-drift judges pages on them.
VOICE = {
    "hype": (+1, 30.0, 50.0),
    "jargon": (+1, 30.0, 60.0),
    "personalism": (-1, 35.0, 20.0),
    "informality": (-1, 30.0, 20.0),
    "readability": (-1, 40.0, 12.0),
    "hedging": (+1, 40.0, 60.0),
}
# which evidence marks explain a departure on each dimension
MARKS_FOR = {"hype": ("hype",), "jargon": ("jargon",), "personalism": ("we",), "hedging": ("hedge",),
             "informality": ("legal", "passive", "nominal")}


def profiled(analysis: Analysis | None) -> bool:
    return bool(analysis and analysis.tone and analysis.language == "en")


def quoted_words(analysis: Analysis | None) -> int:
    """Words of the page's quotations that its tone measures leave out (0 when it quotes
    no one). Read defensively: a summary comes back from the store."""
    q = ((analysis.tone if analysis else None) or {}).get("quoted")
    words = q.get("words") if isinstance(q, dict) else None
    return words if type(words) is int and words > 0 else 0


def quoted_note(analysis: Analysis | None) -> str:
    """" (not counting 42 words quoted from others)" for a verdict on the page's own
    voice, so an editor knows the customer's testimonial was not held against it."""
    n = quoted_words(analysis)
    return f" (not counting {n:,} {'word' if n == 1 else 'words'} quoted from others)" if n else ""


def min_words(config) -> int:
    return int(tone_settings(config).get("min_words", 80))


def sentence_bounds(doc: Document, analysis: Analysis, pos: int) -> tuple[int, int]:
    """The sentence around prose offset ``pos``, clipped to its block (a heading is not
    part of the sentence after it)."""
    span = analysis.sentence_at(pos) or (pos, pos + 1)
    block = doc.prose.block_at(pos)
    if block is None:
        return span
    return max(span[0], block.start), min(span[1], block.end)


def marks_in(analysis: Analysis, keys: Iterable[str], start: int = 0, end: int = 1 << 60,
             kinds: set[str] | None = None) -> list[list[Any]]:
    marks = (analysis.tone or {}).get("marks", {})
    out = [m for k in keys for m in marks.get(k, []) if start <= m[0] < end
           and (kinds is None or (len(m) > 2 and m[2] in kinds))]
    return sorted(out, key=lambda m: m[0])


def quote(ctx, doc: Document, analysis: Analysis, marks: list[list[Any]], n: int = 3) -> list[dict]:
    """Sentence records for the ``n`` sentences holding most of ``marks`` (most first,
    then in text order), with the marked phrases highlighted."""
    by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for m in marks:
        s, e = sentence_bounds(doc, analysis, m[0])
        by_sentence.setdefault((s, e), []).append((max(s, m[0]), min(e, m[1])))
    top = sorted(by_sentence.items(), key=lambda kv: (-len(kv[1]), kv[0][0]))[:n]
    return [ctx.sentence_record(doc, s, e, hl) for (s, e), hl in top]


def at_first_sentence(doc: Document, sentences: list[dict]) -> dict[str, int]:
    """Where a whole-document finding points: its first quoted sentence, else the body's
    first line (keyword arguments for ``ctx.finding``)."""
    if not sentences:
        return {"line": doc.body_line}
    first = sentences[0]
    return {k: first[k] for k in ("line", "column", "end_line", "end_column")}


def spans(marks: list[list[Any]]) -> list[tuple[int, int]]:
    """The marks' spans in text order, overlapping ones joined: "we're always grateful"
    and "grateful to" are one expression, "we're always grateful to", not two phrases."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((m[0], m[1]) for m in marks):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def phrases(doc: Document, marks: list[list[Any]], n: int = 6) -> list[str]:
    """The different phrases of ``marks`` in text order (overlapping marks as one; the
    same phrase in another case once: 'Really' and 'really')."""
    out: list[str] = []
    seen: set[str] = set()
    for s, e in spans(marks):
        t = " ".join(doc.prose.text[s:e].split())
        if t and t.lower() not in seen and not set(t) <= {"!"}:
            out.append(t)
            seen.add(t.lower())
        if len(out) >= n:
            break
    return out


def hard_quotes(ctx, doc: Document, analysis: Analysis, start: int = 0, end: int | None = None,
                n: int = 3) -> tuple[list[dict], list[list]]:
    stats = (analysis.tone or {}).get("prose_sentences", [])
    hard = hardest(stats, start, end, n=n)
    return [ctx.sentence_record(doc, s, e) for s, e, _w, _g in sorted(hard)], hard


def distinct(doc_text: str, marks: list[list[Any]]) -> int:
    """How many different phrases ``marks`` hold (overlapping marks are one phrase)."""
    return len({" ".join(doc_text[s:e].lower().split()) for s, e in spans(marks)})


def enough(dim: str, counts: dict[str, float], whole: bool = False) -> bool:
    """Enough evidence for a verdict on ``dim``: on 40 words one "probably" is already a
    high hedging rate, but not a voice. ``whole``: the counts are a whole document."""
    if dim == "hype":
        return counts.get("hype", 0) >= 4
    if dim == "jargon":
        return counts.get("jargon", 0) >= 4
    if dim == "hedging":
        return counts.get("hedges", 0) >= 4
    if dim == "personalism":  # narrative "we" ("now we add a step") is not self-centred; self-praise is
        if whole:
            return counts.get("self", 0) >= 4 and counts.get("self", 0) * 100 >= 0.6 * max(1, counts["words"])
        return counts.get("self", 0) >= 3 and counts.get("we", 0) >= 6
    if dim == "informality":  # technical writing is full of passives; legal register is the tell
        return counts.get("legal", 0) >= 3
    if dim == "readability":
        return counts.get("prose_sentences", 0) >= 2 and counts.get("long_sentences", 0) >= 2
    return True


def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0f}"


def graded(ctx, strong: bool) -> str:
    """The rule's severity when the case is strong; one step down (suggestion) when it
    is mild, unless the team set the rule's severity explicitly in planner.yml."""
    if ctx.config.rule_setting(ctx.rule.id)[0] is not None or strong:
        return ctx.severity
    return "suggestion"

