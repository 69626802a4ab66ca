"""`tone-drift`: a document against the other documents of its stage."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.model import checked_sentences
from planner.rules.base import CorpusContext, rule
from planner.tone import drift
from planner.tone import verdicts as v
from planner.tone.voice import DIMENSION, KINDS, rate_dim

RATES = frozenset(rate_dim(k) for k in KINDS)  # the drift dimensions that are phrases per 100 words


@rule("tone-drift", "warning", "A document's tone is an outlier among the documents of its stage.", scope="corpus",
      category="tone", options={"z": {"default": 3.5, "type": "number", "exclusiveMinimum": 0},
               "z_warn": {"default": 5.0, "type": "number", "exclusiveMinimum": 0},
               "min_delta": {"default": 25, "type": "number", "minimum": 0},
               "min_peers": {"default": 5, "type": "integer", "minimum": 1}})
def tone_drift(ctx: CorpusContext):
    """
    ## What it does
    Compares each document (of at least `tone.min_words` words) with what is usual for
    its stage: the team's trained voice (`planner train` stores each stage's median and
    spread) when there is one, else the other documents of the same stage in the
    estate (of the same phase when a stage has fewer than `min_peers`), dimension by
    dimension, with a robust z-score (median and median absolute deviation, so one
    odd peer does not move the yardstick). Fires when a document is an outlier in the
    worse direction on hype, jargon, personalism, informality, readability or
    hedging (z at least `z` and at least `min_delta` points from the median), or on
    the rate of one kind of voice break (hype, officialese, writer-centred or
    buzzword phrases per 100 words, as `section-drift` counts them): a page written
    throughout in another voice, where no single paragraph stands out. Names the
    dimensions and the phrases. A clear outlier on a tone score (z at least `z_warn`)
    is reported at the rule's severity; a milder one, or one on a voice-break rate
    alone, as a suggestion. Hype, jargon and the rates need three different
    phrases: one word used all over a page ("omnichannel") is its topic, not its
    voice.

    The tone profile (`planner tone`) scores every dimension from 0 to 100:

    | dimension | measures | bands, low to high |
    |---|---|---|
    | readability | Flesch reading ease of prose sentences | very difficult <30, difficult <50, fairly difficult <60, plain <70, fairly easy <80, easy <90, very easy |
    | personalism | "you/your" against "we/our/us" (50: neither) | self-centred <25, writer-leaning <45, neutral <60, reader-centred |
    | informality | contractions, "you", short words against legal register, nominalisations, passives | stiff <20, formal <40, neutral <65, conversational <85, chatty |
    | liveliness | share of sentences that ask, exclaim, instruct or address the reader | flat <15, steady <40, lively <70, animated |
    | hype | superlatives, hype words, intensifiers, "!", capitals per 100 words | restrained <15, upbeat <35, promotional <60, hype |
    | hedging | "might", "perhaps", "we believe" per 100 words | assertive <15, measured <35, hedged <60, evasive |
    | jargon | buzzwords ("synergy", "leverage") per 100 words | plain <15, some jargon <35, jargon-heavy <60, buzzword soup |
    | phase_emotion | buyer emotions (curiosity, doubt, excitement) against customer emotions (trust, satisfaction, empowerment) | buyer-leaning <40, neutral <60, customer-leaning |

    Rates saturate: 100 * (1 - exp(-rate / k)), so more hits always score higher and
    nothing passes 100.

    ## Why it matters
    The voice must stay continuous across the journey. A help article that shouts,
    or an onboarding guide that reads like a contract, is a break in the relationship
    even when each page is fine on its own terms.

    ## Options
    `z` (3.5, Iglewicz and Hoaglin's outlier cut-off), `z_warn` (5.0), `min_delta`
    (25 points), `min_peers` (5).
    """
    base = ev.tone_baseline(ctx)
    team = base.source != "this estate"
    need = int(ctx.options["min_peers"])
    docs = ev.tone_group(ctx)
    by_stage: dict[str, list] = {}
    by_phase: dict[str, list] = {}
    for d, a in docs:
        by_stage.setdefault(d.tags.stage, []).append(a)
        by_phase.setdefault(d.tags.phase or "", []).append(a)
    tables: dict[tuple[str, str], drift.Peers] = {}

    def peers(d) -> drift.Peers | None:
        """The stage's peers (the phase's when the stage has too few), or the team's
        trained voice for the stage."""
        t = d.tags
        if team:
            fixed, n, name = base.spread(t.stage, t.phase)
            return drift.Peers(name, n, fixed=fixed) if n >= need else None
        key = ("stage", t.stage) if len(by_stage[t.stage]) - 1 >= need else ("phase", t.phase or "")
        if key not in tables:
            group = by_stage[t.stage] if key[0] == "stage" else by_phase[key[1]]
            name = f"{t.stage} documents" if key[0] == "stage" else f"{t.phase} phase documents"
            tables[key] = drift.Peers(name, len(group) - 1, values=drift.group_values(group), min_peers=need)
        return tables[key] if tables[key].count >= need else None

    only = ctx.audit.extras.get("only")
    for d, a in docs:
        if only is not None and d.relpath not in only:
            continue
        p = peers(d)
        if p is not None:  # the verdict is the page's against its peers: kept until either moves
            yield from ctx.judged(d, p.fingerprint(), lambda d=d, a=a, p=p: _judge(ctx, d, a, p, team))


def _judge(ctx, d, a, p: drift.Peers, team: bool):
    """tone-drift's finding on one page against its peers, if it is an outlier. What it
    reads of the whole page (phrases, quotes) is kept between runs (``ctx.kept``): a page
    judged again because its peers moved is not loaded whole again."""
    whole: list = []

    def load() -> list:
        if not whole:
            whole.extend(ctx.full(d))  # the phrases are in the whole analysis
        return whole

    def distinct(keys: tuple[str, ...]) -> int:
        return ctx.kept(d, "distinct " + " ".join(keys),
                        lambda: v.distinct(load()[0].prose.text, v.marks_in(load()[1], keys)), _count)

    outs = drift.outliers(a, p, ctx.options, distinct)
    if not outs:
        return
    dims = [_explained(o.dim) for o in outs]
    sentences, phrases = ctx.kept(d, "quotes " + " ".join(dims),
                                  lambda: list(ev.tone_evidence(ctx, *load(), dims)), _quotes)
    where = v.at_first_sentence(d, sentences)
    described = "; ".join(f"{o.dim} {_num(o.value)}{_unit(o.dim)} against a median of {_num(o.median)} "
                          f"(z {o.z:.1f})" for o in outs)
    quoted = f", e.g. {', '.join(repr(x) for x in phrases[:5])}" if phrases and outs[0].dim != "readability" else ""
    among = f"among {p.count} {p.name}" if not team else f"against the team's trained voice for {p.name}"
    yield ctx.finding(
        d, f"tone is an outlier {among}{v.quoted_note(a)}: {described}{quoted}. "
           f"Bring it back to the team's voice: {ev.ADVICE[_explained(outs[0].dim)]}",
        evidence=phrases, sentences=sentences, **where,
        severity=v.graded(ctx, any(o.score_dim and o.z >= ctx.options["z_warn"] for o in outs)),
        why="Readers meet many pages at one stage; one in a different voice breaks the continuity of the journey.")


def _count(kept) -> int:
    if type(kept) is not int:
        raise ValueError("not a count")
    return kept


def _quotes(kept) -> list:
    """Kept [sentences, phrases] (untrusted data) of tone_evidence's shape, else ValueError."""
    sentences, phrases = kept
    if type(kept) is not list or type(phrases) is not list or not {str}.issuperset(map(type, phrases)):
        raise ValueError("not a page's quotes")
    checked_sentences(sentences)
    return kept


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x) >= 10 else f"{x:.1f}"


def _unit(dim: str) -> str:
    """A voice-break rate is per 100 words; the tone scores are 0-100 and need no unit."""
    return " per 100 words" if dim in RATES else ""


def _explained(dim: str) -> str:
    """The score dimension whose evidence and advice explain a drift dimension."""
    return next((DIMENSION[k] for k in KINDS if rate_dim(k) == dim), dim)
