"""`tone-drift`: a document against the other documents of its stage."""
from __future__ import annotations

import bisect

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule
from planner.tone import verdicts as v

MAD_FLOOR = {"readability": 8.0, "personalism": 10.0, "informality": 8.0, "hype": 8.0, "hedging": 8.0,
             "jargon": 8.0}


@rule("tone-drift", "warning", "A document's tone is an outlier among the documents of its stage.", scope="corpus",
      category="tone", options={"z": 3.5, "min_delta": 25, "min_peers": 5})
def tone_drift(ctx: CorpusContext):
    """
    ## What it does
    Compares each document (of at least `tone.min_words` words) with the other
    documents of the same stage in the corpus (of the same phase when a stage has
    fewer than `min_peers`), dimension by dimension, with a robust z-score (median and
    median absolute deviation, so one odd peer does not move the yardstick). Fires
    when a document is an outlier in the worse direction on hype, jargon,
    personalism, informality, readability or hedging: z at least `z` and at least
    `min_delta` points from the peers' median. Names the dimensions and the phrases.

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
    `z` (3.5, Iglewicz and Hoaglin's outlier cut-off), `min_delta` (25 points),
    `min_peers` (5).
    """
    docs = ev.tone_group(ctx)
    by_stage: dict[str, list] = {}
    by_phase: dict[str, list] = {}
    for d, a in docs:
        by_stage.setdefault(d.tags.stage, []).append((d, a))
        by_phase.setdefault(d.tags.phase or "", []).append((d, a))
    need = int(ctx.options["min_peers"])

    # Each group's values, sorted, once per dimension: a document's peers are its group
    # minus itself, so removing its own value gives exactly the peers' values (linear
    # in the estate instead of quadratic).
    def _values(group_docs: list) -> dict[str, list[float]]:
        scores = [ga.tone["scores"] for _, ga in group_docs]
        return {dim: sorted(s[dim] for s in scores if s.get(dim) is not None) for dim in v.VOICE}

    stage_vals = {k: _values(g) for k, g in by_stage.items() if len(g) > need}
    phase_vals: dict[str, dict[str, list[float]]] = {}  # only for stages with too few peers
    for d, a in docs:
        n_peers, group = len(by_stage[d.tags.stage]) - 1, d.tags.stage
        if n_peers >= need:
            table = stage_vals[group]
        else:
            key = d.tags.phase or ""
            n_peers, group = len(by_phase[key]) - 1, f"{d.tags.phase} phase"
            if key not in phase_vals:
                phase_vals[key] = _values(by_phase[key])
            table = phase_vals[key]
        if n_peers < need:
            continue
        outs = []
        scores = a.tone["scores"]
        for dim, (sign, _delta, floor) in v.VOICE.items():
            x = scores.get(dim)
            if x is None:
                continue
            # the cheap conditions first: most documents are not bad on most dimensions
            bad = x >= floor if sign > 0 else x <= floor
            if not bad or len(table[dim]) - 1 < need or not v.enough(dim, a.tone["counts"], whole=True):
                continue
            vals = table[dim].copy()
            del vals[bisect.bisect_left(vals, x)]  # the document's own value
            z, med = v.robust_z(x, vals, MAD_FLOOR[dim])
            if sign * z >= ctx.options["z"] and sign * (x - med) >= ctx.options["min_delta"]:
                outs.append((dim, x, med, abs(z)))
        if not outs:
            continue
        outs.sort(key=lambda o: -o[3])
        d, a = ctx.full(d)  # the evidence is in the whole analysis
        sentences, phrases = ev.tone_evidence(ctx, d, a, [o[0] for o in outs])
        where = v.at_first_sentence(d, sentences)
        described = "; ".join(f"{dim} {x:.0f} against a median of {med:.0f} (z {z:.1f})" for dim, x, med, z in outs)
        quoted = f", e.g. {', '.join(repr(p) for p in phrases[:5])}" if phrases and outs[0][0] != "readability" else ""
        yield ctx.finding(
            d, f"tone is an outlier among {n_peers} {group} documents: {described}{quoted}. "
               f"Bring it back to the team's voice: {ev.ADVICE[outs[0][0]]}",
            evidence=phrases, sentences=sentences, **where,
            why="Readers meet many pages at one stage; one in a different voice breaks the continuity of the journey.")
