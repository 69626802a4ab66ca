"""Voice breaks as findings: the paragraph (or section) that departs, the phrases that
make it depart, by how much, what the rest of the page sounds like, and what to do.

Severity earns trust: a clear departure (``warn`` score and three different phrases)
is reported at the rule's severity; a borderline one (``suggest`` score and two
phrases) one step lower, as a suggestion. The scores are planner.tone.departures'
"how far above usual"; the thresholds differ by kind because the kinds differ in how
often ordinary pages use their words (set on a development corpus so that each kind
raises about as many suggestions on untouched pages).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from planner.model import VOICE_MIN_HITS, Analysis, Document, Finding, checked_sentences
from planner.tone import verdicts as v
from planner.tone.departures import Departure, paragraph_departures
from planner.tone.voice import DIMENSION, LABEL, MARKS

# kind -> (suggestion score, warning score)
THRESHOLDS = {"hype": (3.0, 4.0), "officialese": (2.5, 3.5), "writer": (4.0, 5.0), "buzzwords": (3.0, 4.5)}
MIN_PHRASES = (2, 3)  # different phrases for a suggestion, for a warning
PRONOUNS = frozenset({"we", "our", "ours", "us", "ourselves", "we're", "we've", "we'll", "we'd", "we’re", "we’ve",
                      "we’ll", "we’d"})

TURNS = {"hype": "turns to praise", "officialese": "turns to officialese",
         "writer": "turns to the company talking about itself", "buzzwords": "turns to buzzwords"}
REWRITE = {
    "hype": "Describe what the feature does and let the reader judge: a number ('loads in under a second'), "
            "a step or a name instead of the praise; drop 'really', 'truly', 'effortless'",
    "officialese": "Say it to the reader in the page's own voice: 'you' for 'the user', 'before' for 'prior to', "
                   "'must' for 'shall', the verb for the noun ('submit' for 'the submission of'), and active verbs "
                   "('we review your request' for 'the request will be reviewed')",
    "writer": "Turn it round to the reader: lead with what they get or can do now; keep at most one sentence about "
              "the company, and only if it helps them decide",
    "buzzwords": "Say the plain thing each phrase stands for: who does what, with which feature, and what changes "
                 "for the reader ('see every failed build in one list' for 'unlock actionable insights')",
}
WHY = {
    "hype": "Praise the reader did not ask for reads as a sales pitch: in a guide or a help page it makes them doubt "
            "the facts around it. Buyers discount claims; customers who have paid want instructions.",
    "officialese": "A paragraph in the register of a contract tells the reader someone else wrote it, for someone "
                   "else; it slows them down where they need to act and breaks the voice the page had built.",
    "writer": "Customer-centric copy starts from the reader's situation and outcome; a paragraph about the "
              "company's team, mission or pride makes the reader wait for what is in it for them.",
    "buzzwords": "Buzzwords sound like meaning but give the reader nothing to check or act on; a paragraph of them "
                 "reads as filler and costs trust in the concrete claims around it.",
}


def _marks(analysis: Analysis, kind: str, start: int, end: int) -> list:
    if kind == "writer":  # "our mission", "we built" explain more than a plain "we"
        return (v.marks_in(analysis, ["company"], start, end) + v.marks_in(analysis, ["we"], start, end,
                kinds={"self", "our"})) or v.marks_in(analysis, ["we"], start, end)
    return v.marks_in(analysis, MARKS[kind], start, end)


def _phrases(doc: Document, analysis: Analysis, kind: str, start: int, end: int) -> list[str]:
    """The different phrases behind a departure, in text order; a phrase inside or
    overlapping another ("commencement" in "the commencement of"; "we're always
    grateful" and "grateful to") and a plain "we"/"our" (which only explains when
    nothing else does) are not counted as phrases of their own."""
    text = doc.prose.text
    out: list[str] = []
    for s, e in v.spans(_marks(analysis, kind, start, end)):  # overlapping marks are one phrase
        t = " ".join(text[s:e].split())
        if t.lower() in PRONOUNS or any(t.lower() in o.lower() for o in out):
            continue
        out = [o for o in out if o.lower() not in t.lower()] + [t]
    return out[:12]


def _per100(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x else "0"


def _people(analysis: Analysis, row: list) -> str:
    """Who the passage talks about, against the rest of the page."""
    counts = analysis.tone["counts"]
    here_you, here_we = row[3], row[4]
    return (f"; we/our {here_we:.0f} against you/your {here_you:.0f} here, {counts['we'] - here_we:.0f} against "
            f"{counts['you'] - here_you:.0f} in the rest of the page")


def _grade(dep: Departure, n_phrases: int, strictness: float) -> str | None:
    """"warning", "suggestion" or None for a departure with ``n_phrases`` different phrases."""
    suggest, warn = THRESHOLDS[dep.kind]
    if dep.score >= warn * strictness and n_phrases >= MIN_PHRASES[1]:
        return "warning"
    if dep.score >= suggest * strictness and n_phrases >= MIN_PHRASES[0]:
        return "suggestion"
    return None


def judged(voice: dict[str, Any], usual: dict[str, float], phrases_of: Callable[[str, int, int], list[str]],
           strictness: float = 1.0, min_rest: int = 80) -> list[tuple[str, Departure, str, list[str], list]]:
    """(what, departure, grade, phrases, row) for every paragraph (then section) that
    departs, its strongest kind only; a section is reported only when none of its
    paragraphs is. A passage needs ``min_rest`` words of page around it to depart from.
    ``voice`` is the page's voice record (numbers only, in the stored summary);
    ``phrases_of(kind, start, end)`` reads the phrases from the whole analysis, and is
    called only for passages whose numbers already depart."""
    out: list[tuple[str, Departure, str, list[str], list]] = []
    taken: list[tuple[int, int]] = []
    total_words = (voice.get("total") or [0])[0]
    for what, rows in (("paragraph", voice.get("rows") or []), ("section", voice.get("sections") or [])):
        by_start = {r[0]: r for r in rows}
        seen: set[int] = set()
        # a departure below every kind's suggestion score is skipped below: never built
        deps = paragraph_departures({"rows": rows, "total": voice.get("total")}, usual, min_hits=VOICE_MIN_HITS,
                                    min_score=min(t[0] for t in THRESHOLDS.values()) * strictness)
        for dep in deps:  # strongest kind of each passage first
            if dep.start in seen or any(dep.start < e and s < dep.end for s, e in taken):
                continue
            if total_words - dep.words < min_rest or dep.score < THRESHOLDS[dep.kind][0] * strictness:
                continue  # (nearly) the whole page: nothing to depart from, a tone-drift matter; or too close
            phrases = phrases_of(dep.kind, dep.start, dep.end)
            # an exclamation mark is listed (it is part of the voice) but is not a phrase
            grade = _grade(dep, sum(not set(p) <= {"!"} for p in phrases), strictness)
            if grade is None:
                continue
            if what == "section":
                grade = "suggestion"  # a whole section in another voice is a milder, broader matter
            seen.add(dep.start)
            out.append((what, dep, grade, phrases, by_start[dep.start]))
        taken += [(d.start, d.end) for w, d, *_ in out if w == what]
    return out


def findings(ctx, doc, analysis: Analysis, usual: dict[str, float], said: str) -> Iterator[Finding]:
    """section-drift's findings for one document against ``usual`` (hits per word by kind
    for the document's stage; ``said``: where that rate comes from, for the message).
    ``doc`` and ``analysis`` may be the stored summaries: what a departing passage
    quotes is read from the whole document, once, and kept between runs (``ctx.kept``),
    so a page judged again because its stage's usual rates moved is not loaded whole
    again."""
    strictness = float(ctx.options.get("strictness", 1.0))
    explicit = ctx.config.rule_setting(ctx.rule.id)[0] is not None
    whole: list[tuple[Document, Analysis]] = []
    passages: dict[tuple[str, int, int], list] = {}

    def passage(kind: str, start: int, end: int) -> list:
        """[phrases, quoted sentences, position, "paragraph" or "list"] of a passage of ``kind``."""
        got = passages.get((kind, start, end))
        if got is None:
            got = passages[kind, start, end] = ctx.kept(
                doc, f"{kind} {start} {end}", lambda: _passage(ctx, doc, whole, kind, start, end), _checked)
        return got

    voice = analysis.tone.get("voice") or {}
    for what, dep, grade, phrases, row in judged(voice, usual, lambda *p: passage(*p)[0], strictness,
                                                 v.min_words(ctx.config)):
        _, sentences, (line, column, end_line, end_column), block = passage(dep.kind, dep.start, dep.end)
        name = f"this {block}" if what == "paragraph" else "this section"
        people = _people(analysis, row) if dep.kind in ("writer", "officialese") else ""
        kind = LABEL[dep.kind] if LABEL[dep.kind] == DIMENSION[dep.kind] else f"{LABEL[dep.kind]}, {DIMENSION[dep.kind]}"
        message = (
            f"{name} {TURNS[dep.kind]} ({kind}): {', '.join(repr(p) for p in phrases[:6])}. "
            f"{_per100(dep.rate)} such phrases per 100 words, against {_per100(dep.rest_rate)} in the rest of the "
            f"page and {_per100(dep.usual_rate)} {said}{people}. {REWRITE[dep.kind]}")
        yield ctx.finding(
            doc, message, line=line, column=column, end_line=end_line, end_column=end_column, evidence=phrases,
            severity=ctx.severity if explicit or grade == "warning" else "suggestion", sentences=sentences,
            fix={"kind": LABEL[dep.kind], "dimension": DIMENSION[dep.kind], "phrases": phrases,
                 "per_100_words": round(dep.rate, 2), "rest_per_100_words": round(dep.rest_rate, 2),
                 "usual_per_100_words": round(dep.usual_rate, 2), "score": round(dep.score, 2)},
            why=WHY[dep.kind])


def _passage(ctx, doc, whole: list, kind: str, start: int, end: int) -> list:
    """What a finding on a passage quotes, from the whole document (loaded once into
    ``whole``): its different phrases of ``kind``, the sentences that hold most of them,
    its position in the file (as ``ctx.finding`` takes it) and what it is ("paragraph",
    or "list" for a whole list). JSON data."""
    if not whole:
        whole.append(ctx.full(doc))
    d, a = whole[0]
    position = list(d.prose_position(start, end)) if d.ok else [None, 1, None, None]
    block = d.prose.block_at(start) if d.ok else None
    return [_phrases(d, a, kind, start, end), v.quote(ctx, d, a, _marks(a, kind, start, end), n=2), position,
            "list" if block is not None and block.kind == "list_item" else "paragraph"]


def _checked(kept: Any) -> list:
    """A kept passage (untrusted data) when it has _passage's shape, else ValueError."""
    phrases, sentences, position, block = kept
    if type(kept) is not list or type(phrases) is not list or not {str}.issuperset(map(type, phrases)) \
            or block not in ("paragraph", "list") or type(position) is not list or len(position) != 4 \
            or not {int, type(None)}.issuperset(map(type, position)):
        raise ValueError("not a passage's evidence")
    checked_sentences(sentences)
    return kept
