"""Tone and readability profile of a document and of each of its sections.

The ``tone`` analyser (:func:`analyse_tone`) fills ``Analysis.readability`` and
``Analysis.tone`` with plain JSON-able data:

``readability``: ``flesch_reading_ease``, ``grade`` (Flesch-Kincaid), ``sentence_mean``,
``sentence_spread`` (standard deviation, words), ``long_share`` (sentences over 25
words), counted on prose sentences only.

``tone``:
- ``scores``: {dimension: 0-100} (planner.tone.scales documents each scale);
- ``bands``: {dimension: band name};
- ``evidence``: {dimension: [{"start", "end", "text", "kind"}]}, the phrases and
  sentences that moved each score (prose offsets);
- ``sections``: one profile per heading-delimited section (index, heading, line,
  start, end, words, counts, scores, bands);
- ``paragraphs``: profiles of paragraphs long enough to judge on their own;
- ``voice``: hits of each kind of voice break (hype, officialese, writer-centred,
  buzzwords) per paragraph and for the whole document (planner.tone.voice);
- ``counts``, ``marks`` (every match, by kind) and ``prose_sentences``
  ([start, end, words, syllables]): the raw material the tone rules work from;
- ``quoted`` (only on a page that quotes someone): ``blocks``, ``words`` and the
  ``counts`` of its quotations (:attr:`planner.model.Block.quoted`), which every
  other measure but readability leaves out: they are not the page's own voice.

Non-English documents (``Analysis.language != "en"``) get no profile.
"""
from __future__ import annotations

from typing import Any

from planner.config import ConfigError
from planner.model import Analysis, Document
from planner.tone import scales
from planner.tone.lexicon import PHRASE_LISTS, entry_pattern, lexicons
from planner.tone.profile import count, hardest, set_quotes_aside, summed
from planner.tone.voice import paragraph_rows
from planner.userregex import PatternError, UserPattern, watch

__all__ = ["profile_document", "targets_for", "scales"]

EVIDENCE_LIMIT = 12
TARGET_KEYS = ("flesch_min", "grade_max", "hype_max", "personalism_min", "jargon_max")

# which marks explain which dimension, and in which direction (+ raises the score)
_EVIDENCE = {
    "hype": [("hype", "+")],
    "personalism": [("we", "-")],
    "informality": [("legal", "-"), ("passive", "-"), ("nominal", "-"), ("contraction", "+")],
    "liveliness": [("lively", "+")],
    "hedging": [("hedge", "+")],
    "jargon": [("jargon", "+")],
    "phase_emotion": [("buyer", "-"), ("customer", "+")],
}


def tone_settings(config) -> dict[str, Any]:
    return (config.get("tone") if config is not None else None) or {}


def targets_for(config, phase: str | None, stage: str | None, fmt: str | None) -> dict[str, float]:
    """The readability and tone targets for a document: all, then its phase, stage and
    format, the more specific winning."""
    t = tone_settings(config).get("targets") or {}
    out: dict[str, float] = dict(t.get("all") or {})
    for table, key in (("phases", phase), ("stages", stage), ("formats", fmt)):
        if key:
            out.update((t.get(table) or {}).get(key) or {})
    return out


def _evidence(text: str, marks: dict[str, list], stats: list, s: dict[str, Any]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for dim, sources in _EVIDENCE.items():
        items: list[dict] = []
        for key, sign in sources:
            if dim == "informality" and sign == "+" and (s.get("informality") or 50) < 50:
                continue  # a stiff text is explained by what stiffens it
            if dim == "phase_emotion" and ((sign == "+") != ((s.get("phase_emotion") or 50) >= 50)):
                continue  # explain the side it leans to
            for m in marks.get(key, []):
                items.append({"start": m[0], "end": m[1], "text": text[m[0]:m[1]], "kind": m[2] if len(m) > 2 else key,
                              "effect": sign})
                if len(items) >= EVIDENCE_LIMIT:
                    break
            if len(items) >= EVIDENCE_LIMIT:
                break
        out[dim] = items
    out["readability"] = [{"start": a, "end": b, "text": text[a:b], "kind": "hard sentence", "effect": "-",
                           "words": w, "grade": g} for a, b, w, g in hardest(stats, n=3)]
    return out


def profile_document(doc: Document, analysis: Analysis, config) -> None:
    """Fill ``analysis.readability`` and ``analysis.tone`` for one parsed document."""
    if analysis.language != "en" or not doc.ok:
        analysis.readability = None
        analysis.tone = None
        return
    settings = tone_settings(config)
    min_par = int(settings.get("min_paragraph_words", 40))
    prose = doc.prose
    text, blocks = prose.text, prose.blocks
    with watch() as slow:  # a team's `re:` entry that ran out of time: a regex-timeout finding
        counts, marks, stats = count(text, blocks, analysis.sentences, lexicons(config))
    # quotations (a customer's testimonial, a quoted report) are someone else's voice:
    # every measure of the page's own leaves them out; readability keeps them (the
    # reader reads them, and the writer chose and can trim them)
    quoted = [b for b in blocks if b.quoted]
    aside = set_quotes_aside(counts, marks, blocks) if quoted else None
    sections = []
    by_section: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        by_section.setdefault(b.section, []).append(i)
    per_section = [summed(counts, by_section.get(sec.index, ())) for sec in prose.sections]
    # when every block is in one section (as extract makes them), summing the sections
    # gives the very sum of the blocks, counts being whole numbers, halves and quarters
    # (exact in binary): one pass over the blocks' counts instead of two
    one_each = sorted(by_section) == sorted(sec.index for sec in prose.sections)
    total = summed(per_section, range(len(per_section))) if one_each else summed(counts, range(len(blocks)))
    s = scales.scores(total)
    for sec, c in zip(prose.sections, per_section):
        ss = scales.scores(c)
        sections.append({"index": sec.index, "heading": sec.heading, "level": sec.level, "line": sec.line,
                         "start": sec.start, "end": sec.end, "words": int(c["words"]), "counts": c,
                         "scores": ss, "bands": scales.bands(ss)})
    paragraphs = []
    for i, b in enumerate(blocks):
        if b.kind == "paragraph" and counts[i]["words"] >= min_par:
            ss = scales.scores(counts[i])
            paragraphs.append({"start": b.start, "end": b.end, "line": b.line, "section": b.section,
                               "words": int(counts[i]["words"]), "counts": counts[i], "scores": ss})
    analysis.readability = scales.readability_summary(total)
    analysis.tone = {
        "scores": s,
        "bands": scales.bands(s),
        "evidence": _evidence(text, marks, stats, s),
        "sections": sections,
        "paragraphs": paragraphs,
        "voice": paragraph_rows(prose, counts, int(settings.get("min_words", 80))),
        "counts": total,
        "marks": marks,
        "prose_sentences": stats,
    }
    if aside is not None:
        analysis.tone["quoted"] = {"blocks": len(quoted), "words": int(aside["words"]),
                                   "counts": {k: v for k, v in aside.items() if v}}
    if slow:
        analysis.tone["regex_timeouts"] = slow


def analyse_tone(doc: Document, sdoc, analysis: Analysis, config) -> None:
    """The tone analyser (planner.analysis): one parsed document's profile."""
    profile_document(doc, analysis, config)


def check_lexicons(config, where: str) -> None:
    """A configured tone lexicon entry that is not a valid pattern is a config error."""
    extra = tone_settings(config).get("lexicons") or {}
    for name, entries in extra.items():
        if name not in PHRASE_LISTS:
            continue
        for i, entry in enumerate(entries):
            if not str(entry).strip().startswith("re:"):
                continue  # a plain entry is escaped: always a valid pattern
            try:
                UserPattern(entry_pattern(str(entry)), "")  # on the engine user patterns run on
            except PatternError as exc:
                at = config.at(["tone", "lexicons", name, i]) if hasattr(config, "at") else where
                raise ConfigError(f"{at}: 'tone.lexicons.{name}[{i}]' is not a valid pattern: {exc}") from None
