"""Evidence the rules share: the sentences and phrases a finding quotes, and the readings
several rules start from.

- journey rules (`phase-mismatch`, `stage-mismatch`, `cta-mismatch`): the tagged phase
  and stage, the compiled lexicon, the signals that support a prediction, quoted
  sentences with the signals highlighted;
- tag rules (`tag-missing`, `tag-unknown`): a front-matter key that is a typo of a field;
- tone drift rules (`section-drift`, `tone-drift`, `handoff-drift`): the documents long
  enough to judge, and the phrases that explain a departure;
- estate rules (`stage-empty`, `phase-imbalance`, `handoff-bridge`, `role-phase-gap`):
  the journey checks of :mod:`planner.coverage` as findings.

Rules read only plain data (Document, Analysis, Audit), so a stored analysis gives the
same findings as a fresh one.
"""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, Callable

from planner.coverage import journey_checks, place, settings
from planner.journey.prediction import tagged_reading  # pure Python: no spaCy
from planner.loader import KNOWN_KEYS
from planner.model import Analysis, Document
from planner.rules.base import CorpusContext, DocContext
from planner.tone import targets_for
from planner.tone import verdicts as v

if TYPE_CHECKING:  # spaCy is imported only when a journey rule actually runs
    from planner.journey.lexicon import CompiledLexicon

# --------------------------------------------------------------------------- journey

_ZONE_RANK = {"title": 0, "heading": 1, "body": 2}


def lexicon(ctx: DocContext) -> "CompiledLexicon":
    # imported here: the lexicon needs spaCy, which a run with nothing to analyse never loads
    from planner.journey.lexicon import lexicon_for
    from planner.nlp import get_nlp

    return lexicon_for(get_nlp(ctx.config), ctx.config)


def reading(ctx: DocContext) -> tuple[dict | None, dict, str | None, str | None]:
    """(journey analysis, prediction, tagged phase, tagged stage); the analysis is None
    when the document was not read (too short, not English, unreadable)."""
    a = ctx.analysis
    journey = a.journey if a else None
    if not journey or journey.get("skipped"):
        return None, {}, None, None
    return (journey, journey.get("predicted") or {}, *tagged(ctx))


def tagged(ctx: DocContext) -> tuple[str | None, str | None]:
    """(phase, stage) as tagged; the stage's own phase wins over a conflicting `phase:`
    (that conflict is `stage-phase-conflict`'s finding, not this rule's)."""
    return tagged_reading(ctx.doc.tags, ctx.config)


def evidence(ctx: DocContext, journey: dict[str, Any], towards: list[str], away: list[str],
             want_phase: str | None = None, want_stage: str | None = None) -> tuple[list[str], list[dict[str, Any]], tuple[int, int] | None]:
    """(phrases, sentence records, span of the strongest sentence) supporting ``towards``
    over ``away``. Only signals that point into ``want_phase`` (when given) are quoted,
    so the quotes always read as that phase."""
    from planner.journey.explain import feature_hits
    from planner.journey.prediction import active_model, pushes
    from planner.journey.estate import product_names
    from planner.journey.voices import page_text

    lex = lexicon(ctx)
    phase_of = {s: ctx.config.phase_of(s) for s in ctx.config.stage_order()}
    ranked = pushes(journey.get("features") or {}, lex.signals, towards, away,
                    model=active_model(ctx.config), phase_of=phase_of)
    rank: dict[str, int] = {}
    learned: list[str] = []  # learned terms and product-use cues: quoted from the page's text
    for name, _ in ranked:
        spec = lex.signals.get(name)
        if spec is None:
            if name.startswith(("w:", "about:")):
                learned.append(name)
                rank[name] = len(rank)
            continue
        sig_phase = spec.get("phase") or phase_of.get(spec["stage"])
        if want_phase and sig_phase != want_phase:
            continue
        if want_stage and spec["stage"] != want_stage and not spec.get("phase"):
            continue
        rank[name] = len(rank)
    hits = [h for h in journey.get("signals", []) if h["signal"] in rank]
    if learned:  # found in the page's own words: a quotation is not what the page reads as
        hits += feature_hits(page_text(ctx.doc.prose), learned, product_names(ctx.config))
    # phase-level cues ("your subscription", "book a demo") first, then other explicit
    # (fixed) cues, then by strength; titles and headings before body text
    fixed = {name for name in rank if name in lex.signals and lex.signals[name].get("fixed")}
    phase_level = {name for name in fixed if lex.signals[name].get("phase")}
    hits.sort(key=lambda h: (h["signal"] not in phase_level, h["signal"] not in fixed, rank[h["signal"]],
                             _ZONE_RANK.get(h["zone"], 2), h["start"]))
    n = int((ctx.config.get("journey") or {}).get("evidence", 3))
    phrases: list[str] = []
    chosen: list[dict[str, Any]] = []
    # a broad explanation first (one phrase per signal, two for an explicit cue), then more
    for round_ in (0, 1):
        used: dict[str, int] = {}
        for h in hits:
            if len(phrases) >= n:
                break
            if round_ == 0 and used.get(h["signal"], 0) >= (2 if h["signal"] in fixed else 1):
                continue
            key = " ".join(h["phrase"].lower().split())
            if any(key in p.lower() or p.lower() in key for p in phrases):
                continue
            used[h["signal"]] = used.get(h["signal"], 0) + 1
            phrases.append(" ".join(h["phrase"].split()))
            chosen.append(h)
    return phrases, *sentences(ctx, chosen, hits)


def sentences(ctx: DocContext, chosen: list[dict[str, Any]], hits: list[dict[str, Any]]
              ) -> tuple[list[dict[str, Any]], tuple[int, int] | None]:
    """Sentence records for the chosen hits (each sentence once, every hit in it highlighted)."""
    analysis = ctx.analysis
    records, first, seen = [], None, set()
    for h in chosen:
        sent = analysis.sentence_at(h["start"]) if analysis else None
        sent = sent or (h["start"], h["end"])
        if sent in seen:
            continue
        seen.add(sent)
        marks = _merge(sorted({(x["start"], x["end"]) for x in hits if sent[0] <= x["start"] and x["end"] <= sent[1]}
                              | {(h["start"], h["end"])}))
        records.append(ctx.sentence_record(ctx.doc, sent[0], _trim_end(ctx, sent), marks))
        first = first or (sent[0], _trim_end(ctx, sent))
    return records, first


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping highlight spans merged into one."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _trim_end(ctx: DocContext, sent: tuple[int, int]) -> int:
    """Sentence end without trailing whitespace (spans then end on the last character)."""
    text = ctx.doc.prose.text
    end = sent[1]
    while end > sent[0] and text[end - 1].isspace():
        end -= 1
    return end


def quote(phrases: list[str]) -> str:
    return ", ".join(f'"{p}"' for p in phrases)


# --------------------------------------------------------------------------- tags

def misspelt_key(key: str) -> str | None:
    """The front-matter field ``key`` is probably a typo of, if any."""
    if key in KNOWN_KEYS:
        return None
    # strict cutoff: one transposed or missing letter, not any look-alike (`tags` is not `stage`)
    close = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.75)
    return close[0] if close else None


# --------------------------------------------------------------------------- tone

def targets(ctx: DocContext) -> dict:
    """The readability and tone targets of the document's phase, stage and format."""
    t = ctx.doc.tags
    return targets_for(ctx.config, t.phase if t else None, t.stage if t else None, t.format if t else None)


def where(ctx: DocContext) -> str:
    """The document's stage (or phase) as a finding names it."""
    t = ctx.doc.tags
    return (t.stage or t.phase or "this") if t else "this"


# --------------------------------------------------------------------------- tone drift

ADVICE = {
    "hype": "cut the claims and superlatives",
    "jargon": "replace buzzwords with the plain thing they stand for",
    "personalism": "write to the reader ('you') instead of about 'we' and 'our product'",
    "informality": "use active verbs and everyday words instead of legal register and nominalisations",
    "readability": "split the long sentences",
    "hedging": "commit to what is true and drop the hedges",
}


def tone_evidence(ctx, doc: Document, a: Analysis, dims: list[str], start: int = 0, end: int = 1 << 60):
    """(quoted sentences, phrases) explaining departures on ``dims``, worst first. Needs
    the whole analysis (``ctx.full``): a summary has no marks to quote."""
    if "marks" not in (a.tone or {}):
        raise ValueError(f"{doc.relpath}: evidence needs the whole analysis, not its summary (ctx.full)")
    for dim in dims:
        if dim == "readability":
            sentences, _ = v.hard_quotes(ctx, doc, a, start, end, n=2)
            if sentences:
                return sentences, [s["text"][:100] for s in sentences]
            continue
        if dim == "personalism":
            marks = v.marks_in(a, ["we"], start, end, kinds={"self", "our"}) or v.marks_in(a, ["we"], start, end)
        elif dim == "informality":  # legal register and passives say more than a long noun
            marks = v.marks_in(a, ["legal", "passive"], start, end) or v.marks_in(a, ["nominal"], start, end)
        else:
            marks = v.marks_in(a, v.MARKS_FOR[dim], start, end)
        if marks:
            return v.quote(ctx, doc, a, marks, n=2), v.phrases(doc, marks, 8)
    return [], []




def tone_baseline(ctx: CorpusContext):
    """The voice baseline of the audit (the team's trained voice, else the estate's own,
    planner.tone.voice), worked out once and shared by section-drift and tone-drift."""
    from planner.journey.teammodel import team_voice
    from planner.tone.voice import estate_baseline

    base = ctx.audit.extras.get("tone_baseline")
    if base is None:
        base = estate_baseline(ctx.audit.documents, ctx.audit.analyses, ctx.config, team_voice(ctx.config))
        ctx.audit.extras["tone_baseline"] = base
    return base


def tone_group(ctx: CorpusContext) -> list[tuple[Document, Analysis]]:
    """(document, analysis) of every staged, profiled document long enough to judge,
    worked out once and shared by tone-drift and handoff-drift."""
    got = ctx.audit.extras.get("tone_group")
    if got is None:
        mw = v.min_words(ctx.config)
        analyses = ctx.audit.analyses
        got = ctx.audit.extras["tone_group"] = [
            (d, a) for d in ctx.audit.documents
            if d.tags is not None and d.tags.stage and v.profiled(a := analyses.get(d.relpath)) and a.words >= mw]
    return got


# --------------------------------------------------------------------------- estate

def _estate_checks(ctx: CorpusContext) -> tuple[list, list[dict]]:
    """The placed documents and the estate's journey checks (from the tags alone), worked
    out once and shared by the four rules that report them."""
    got = ctx.audit.extras.get("journey_checks")
    if got is None:
        placed, _ = place(ctx.audit)
        got = ctx.audit.extras["journey_checks"] = placed, journey_checks(ctx.audit, placed)
    return got


def published_per_stage(ctx: CorpusContext) -> dict[str, int]:
    """Published, placed documents per stage, in journey order (what the estate rules count)."""
    placed, _ = _estate_checks(ctx)
    counts = {s: 0 for s in ctx.config.stage_order()}
    for p in placed:
        if p.published and p.stage in counts:
            counts[p.stage] += 1
    return counts


def note(config, kind: str, name: str | None) -> str:
    """The taxonomy's description of a stage, phase or role (``kind``: "stages",
    "phases", "roles") in brackets, lower-cased to run on in a sentence after its name:
    " (about to choose: pricing and plans, ...)"; "" when it has none."""
    desc = str((config.taxonomy[kind].get(name or "") or {}).get("description", "")).strip().rstrip(".")
    # its sentences run on as clauses: "Has just noticed a problem. Educational" -> "has just
    # noticed a problem; educational" (an acronym such as "ROI" keeps its capitals)
    parts = [p[:1].lower() + p[1:] if p[1:2].islower() else p for p in desc.split(". ")]
    return f" ({'; '.join(parts)})" if desc else ""


def stage_note(config, stage: str) -> str:
    return note(config, "stages", stage)


def estate_findings(ctx: CorpusContext, check_id: str,
                    todo: Callable[[dict[str, Any], Document], str | None] | None = None):
    """The findings of one kind of journey check (planner.coverage), each on the page
    where the journey breaks; ``todo(check, page)``, when given, is what to do (the
    finding's ``fix``, as text)."""
    placed, checks = _estate_checks(ctx)
    # a handful of files is a spot check, not an estate: stage gaps would be noise
    if len(placed) < int(settings(ctx.config).get("lint_min_documents", 10)):
        return
    docs = {p.path: p.doc for p in placed}
    for check in checks:
        if check["check"] != check_id or check["path"] is None:
            continue
        doc = docs.get(check["path"])
        if doc is None:
            continue
        # evidence is what the finding is about (it keys baselines), not the related pages
        text = todo(check, doc) if todo else None
        yield ctx.finding(doc, check["message"], line=check["line"], evidence=check.get("evidence", []), why=check["why"],
                          fix={"text": text} if text else None)
