"""Tone drift rules: a passage against the rest of its document, a document against its
stage peers, and decision-stage against onboarding-stage content on the same topic."""
from __future__ import annotations

import numpy as np

from planner.model import Analysis, Document
from planner.rules import CorpusContext, rule
from planner.tone import scales, targets_for
from planner.tone import verdicts as v

ADVICE = {
    "hype": "cut the claims and superlatives",
    "jargon": "replace buzzwords with the plain thing they stand for",
    "personalism": "write to the reader ('you') instead of about 'we' and 'our product'",
    "informality": "use active verbs and everyday words instead of legal register and nominalisations",
    "readability": "split the long sentences",
    "hedging": "commit to what is true and drop the hedges",
}


def _evidence(ctx, doc: Document, a: Analysis, dims: list[str], start: int = 0, end: int = 1 << 60):
    """(quoted sentences, phrases) explaining departures on ``dims``, worst first."""
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


def _described(deps) -> str:
    return "; ".join(f"{d} {v.fmt(p)} ({scales.band(d, p)}) against {v.fmt(r)}" for d, p, r in deps)


@rule("section-drift", "warning", "One paragraph or section departs from the voice of the rest of its page.",
      scope="corpus", category="tone", options={"strictness": 1.0})
def section_drift(ctx: CorpusContext):
    """
    ## What it does
    Scores every paragraph (of at least 12 words) and every heading section on four
    kinds of voice break, each from its own lexicon files (`planner/data/tone/`):
    **hype** (praise, intensifiers, "just works", superlatives), **officialese**
    ("prior to", "shall", "the submission of", impersonal passives), **writer-centred**
    (the company talking about itself: "our mission", "we're proud", we/our against
    you/your) and **buzzwords** ("unlock", "drive alignment", "stakeholders"). A
    passage departs when it holds clearly more of a kind than is usual *for this page*:
    the higher of the rate in the rest of the document and the stage's usual rate
    (the team's trained voice from `planner train`, else this estate's own, shrunk
    towards planner's shipped profile when the estate is small). The finding quotes
    the phrases, says how many per 100 words against the rest of the page and the
    stage, and gives a rewrite direction. A clear departure (three or more different
    phrases, well above usual) is a warning; a borderline one (two phrases) a
    suggestion. A page that is uniformly in another voice is `tone-drift`'s matter.

    ## Why it matters
    One voice across a page is what makes it trustworthy. A sales pitch pasted into an
    onboarding guide, or a legal paragraph in a friendly how-to, tells the reader that
    nobody owns this page, and the break is where they stop reading.

    ## Example
    Fires: a plain help article with one paragraph reading "Honestly, the new editor
    is a joy to use: everything feels snappy and polished, and formatting is now
    genuinely effortless."
    Does not fire: the same article where every paragraph describes what the editor
    does, or a page that is all marketing copy (that is `tone-drift`'s call).

    ## Options
    `strictness` (1.0): multiplies the thresholds; 1.5 reports only sharper breaks.
    Extend the lexicons under `tone.lexicons` in `planner.yml` (lists `evaluative`,
    `ease_claims`, `formal_register`, `company_voice`, `buzz_terms`, ...).
    """
    from planner.tone import breaks

    docs = [(d, ctx.audit.analyses.get(d.relpath)) for d in ctx.audit.documents]
    docs = [(d, a) for d, a in docs if v.profiled(a) and "voice" in a.tone]
    base = _baseline(ctx)
    only = ctx.audit.extras.get("only")
    for d, a in docs:
        if only is not None and d.relpath not in only:
            continue
        t = d.tags
        usual, group = base.rates(t.stage if t else None, t.phase if t else None)
        yield from breaks.findings(ctx, d, a, usual, group, base.source)


def _group(ctx: CorpusContext):
    """(document, analysis) of every staged, profiled document long enough to judge;
    worked out once per audit for both corpus rules."""
    mw = v.min_words(ctx.config)
    memo = ctx.audit.extras.get("tone_group")
    if memo is not None and memo[0] == (len(ctx.audit.documents), mw):
        return memo[1]
    out = []
    for d in ctx.audit.documents:
        a = ctx.audit.analyses.get(d.relpath)
        if d.tags is not None and d.tags.stage and v.profiled(a) and a.words >= mw:
            out.append((d, a))
    ctx.audit.extras["tone_group"] = ((len(ctx.audit.documents), mw), out)
    return out


@rule("tone-drift", "warning", "A document's tone is an outlier among the documents of its stage.", scope="corpus",
      category="tone", options={"z": 3.5, "z_warn": 5.0, "min_delta": 25, "min_peers": 5})
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

    ## Example
    Fires: an adoption how-to with hype 99 and personalism 18 among adoption peers at
    hype 0 and personalism 85.
    Does not fire: an adoption how-to a little livelier than its peers.

    A clear outlier (z at least `z_warn`) is reported at the rule's severity, a
    milder one as a suggestion. Hype and jargon need three different phrases: one
    word used all over a page ("omnichannel") is its topic, not its voice.

    ## Options
    `z` (3.5, Iglewicz and Hoaglin's outlier cut-off), `z_warn` (5.0), `min_delta`
    (25 points), `min_peers` (5).
    """
    from planner.tone import drift

    base = _baseline(ctx)
    team = base.source != "this estate"
    need = int(ctx.options["min_peers"])
    docs = _group(ctx)
    by_stage: dict[str, list] = {}
    by_phase: dict[str, list] = {}
    for d, a in docs:
        by_stage.setdefault(d.tags.stage, []).append(a)
        by_phase.setdefault(d.tags.phase or "", []).append(a)
    tables: dict[tuple[str, str], drift.Peers] = {}

    def peers(d) -> drift.Peers | None:
        """The stage's peers (the phase's when the stage has too few)."""
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
        outs = drift.outliers(d, a, p, ctx.options) if p is not None else []
        if not outs:
            continue
        sentences, phrases = _evidence(ctx, d, a, [_explained(o.dim) for o in outs])
        where = v.at_first_sentence(d, sentences)
        described = "; ".join(f"{o.dim} {_num(o.value)} against a median of {_num(o.median)} (z {o.z:.1f})"
                              for o in outs)
        quoted = f", e.g. {', '.join(repr(x) for x in phrases[:5])}" if phrases and outs[0].dim != "readability" else ""
        among = f"among {p.count} {p.name}" if not team else f"against the team's trained voice for {p.name}"
        yield ctx.finding(
            d, f"tone is an outlier {among}: {described}{quoted}. "
               f"Bring it back to the team's voice: {ADVICE[_explained(outs[0].dim)]}",
            evidence=phrases, sentences=sentences, **where, severity=v.graded(ctx, any(o.score_dim and o.z >= ctx.options["z_warn"] for o in outs)),
            why="Readers meet many pages at one stage; one in a different voice breaks the continuity of the journey.")


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x) >= 10 else f"{x:.1f}"


def _explained(dim: str) -> str:
    """The score dimension whose evidence and advice explain a drift dimension."""
    from planner.tone.voice import DIMENSION, KINDS, rate_dim

    return next((DIMENSION[k] for k in KINDS if rate_dim(k) == dim), dim)


def _baseline(ctx):
    """The voice baseline of the audit (the team's trained voice, else the estate's),
    worked out once and shared by the tone rules."""
    from planner.tone.voice import estate_baseline, team_voice

    base = ctx.audit.extras.get("tone_baseline")
    if base is None:
        base = estate_baseline(ctx.audit.documents, ctx.audit.analyses, ctx.config, team_voice(ctx.config))
        ctx.audit.extras["tone_baseline"] = base
    return base


def _miss(ctx, d: Document, a: Analysis) -> float:
    """How far a document is from its own targets (0: on target)."""
    t = targets_for(ctx.config, d.tags.phase, d.tags.stage, d.tags.format)
    r, s = a.readability or {}, a.tone["scores"]
    miss = 0.0
    if r.get("flesch_reading_ease") is not None and "flesch_min" in t:
        miss += max(0.0, t["flesch_min"] - r["flesch_reading_ease"]) / 30
    if r.get("grade") is not None and "grade_max" in t:
        miss += max(0.0, r["grade"] - t["grade_max"]) / 6
    if "hype_max" in t:
        miss += max(0.0, s["hype"] - t["hype_max"]) / 25
    return miss


def _gap_values(a: Analysis) -> list[float]:
    r, s = a.readability or {}, a.tone["scores"]
    return [np.nan if x is None else x for x in (r.get("flesch_reading_ease"), r.get("grade"), s["informality"],
                                                 s["hype"], s["personalism"])]


def _gap_mask(rows, x: list[float], o) -> "np.ndarray":
    """Which of the pairs (``rows`` against ``x``) have at least one gap handoff_drift reports."""
    with np.errstate(invalid="ignore"):
        gap = np.abs(rows - np.array(x, dtype=float))
        low, high = np.minimum(rows, x), np.maximum(rows, x)
        mask = (gap[:, 0] >= o["flesch_gap"]) & (low[:, 0] < 45)
        mask |= (gap[:, 1] >= o["grade_gap"]) & (high[:, 1] >= 12)
        tone = gap[:, 2:] >= o["tone_gap"]
        mask |= tone[:, 0] & (low[:, 2] < 25)
        mask |= tone[:, 1] & (high[:, 3] >= 50)
        mask |= tone[:, 2] & (low[:, 4] < 30)
    return mask


@rule("handoff-drift", "warning", "Decision-stage and onboarding content on the same topic differ sharply in tone.",
      scope="corpus", category="tone", options={"flesch_gap": 30, "grade_gap": 6, "tone_gap": 35})
def handoff_drift(ctx: CorpusContext):
    """
    ## What it does
    Pairs each onboarding document (the first customer stage) with the decision-stage
    documents (the last buyer stage) that share its `topic`, or, when either has no
    topic, its `persona`. Fires when a pair differs sharply, and one side is hard
    going: reading ease `flesch_gap` points apart with one under 45, grade `grade_gap`
    apart with one at 12 or more, or `tone_gap` points apart in informality (one
    under 25), hype (one at 50 or more) or personalism (one under 30). The finding sits on the document further from
    its own targets and names both.

    ## Why it matters
    The handoff from buyer to customer should feel like one relationship. If the
    decision page promises "set up in minutes" and the onboarding guide on the same
    topic reads like homework, the new customer feels the promise was broken, at the
    moment they are deciding whether they chose well.

    ## Example
    Fires: a breezy "Security and permissions, made simple" page (reading ease 81)
    paired by `topic: permissions` with an onboarding guide at reading ease 9.
    Does not fire: both pages in short, plain sentences.

    ## Options
    `flesch_gap` (30), `grade_gap` (6), `tone_gap` (35).
    """
    buyer, customer = ctx.config.stages_of("buyer"), ctx.config.stages_of("customer")
    if not buyer or not customer:
        return
    last, first = buyer[-1], customer[0]
    docs = _group(ctx)
    decision = [x for x in docs if x[0].tags.stage == last]
    # index the decision pages by topic and persona, so pairing is linear in the estate
    # (the same pairs, in the same order, as comparing every onboarding page with every
    # decision page)
    by_topic: dict[str, list[int]] = {}
    by_persona: dict[str, list[int]] = {}
    untopical_by_persona: dict[str, list[int]] = {}
    for i, (dd, _) in enumerate(decision):
        t2 = dd.tags
        if t2.topic:
            by_topic.setdefault(t2.topic, []).append(i)
        if t2.persona:
            by_persona.setdefault(t2.persona, []).append(i)
            if not t2.topic:
                untopical_by_persona.setdefault(t2.persona, []).append(i)

    def candidates(t1) -> list[int]:
        if not t1.topic:
            return by_persona.get(t1.persona, []) if t1.persona else []
        found = by_topic.get(t1.topic, [])
        if t1.persona and t1.persona in untopical_by_persona:
            found = sorted(found + untopical_by_persona[t1.persona])
        return found

    o = ctx.options
    # Topics are few, so pairs still grow with the square of the estate: a vectorised
    # first pass keeps only the pairs with a gap, which the exact checks below then
    # describe (None is NaN there, and NaN never passes a comparison, as None never
    # passes the `is not None` tests).
    table = np.array([_gap_values(da) for _, da in decision], dtype=float).reshape(len(decision), 5)
    for od, oa in (x for x in docs if x[0].tags.stage == first):
        idx = np.array(candidates(od.tags), dtype=np.intp)
        if not len(idx):
            continue
        for dd, da in (decision[i] for i in idx[_gap_mask(table[idx], _gap_values(oa), o)]):
            t1, t2 = od.tags, dd.tags
            if t1.topic and t2.topic:
                via = f"topic '{t1.topic}'" if t1.topic == t2.topic else None
            else:
                via = f"persona '{t1.persona}'" if t1.persona and t1.persona == t2.persona else None
            if via is None:
                continue
            gaps = []
            ro, rd = oa.readability or {}, da.readability or {}
            fo, fd = ro.get("flesch_reading_ease"), rd.get("flesch_reading_ease")
            go, gd = ro.get("grade"), rd.get("grade")
            # a gap counts when it is wide and one side is hard going (or stiff, loud, self-centred)
            if fo is not None and fd is not None and abs(fo - fd) >= o["flesch_gap"] and min(fo, fd) < 45:
                gaps.append(f"reading ease {fd:.0f} → {fo:.0f}")
            if go is not None and gd is not None and abs(go - gd) >= o["grade_gap"] and max(go, gd) >= 12:
                gaps.append(f"grade {gd:.1f} → {go:.1f}")
            for dim, worst in (("informality", min), ("hype", max), ("personalism", min)):
                so, sd = oa.tone["scores"][dim], da.tone["scores"][dim]
                bad = {"informality": 25, "hype": 50, "personalism": 30}[dim]
                if abs(so - sd) >= o["tone_gap"] and (worst(so, sd) < bad if worst is min else worst(so, sd) >= bad):
                    gaps.append(f"{dim} {sd:.0f} ({scales.band(dim, sd)}) → {so:.0f} ({scales.band(dim, so)})")
            if not gaps:
                continue
            here, ha, other = (dd, da, od) if _miss(ctx, dd, da) > _miss(ctx, od, oa) else (od, oa, dd)
            sentences, phrases = _evidence(ctx, here, ha, ["readability", "informality", "hype", "personalism"])
            where = v.at_first_sentence(here, sentences)
            yield ctx.finding(
                here, f"tone breaks across the buyer-to-customer handoff ({via}): from the {last} page "
                      f"{dd.relpath} to the {first} page {od.relpath}: {'; '.join(gaps)}. "
                      f"Bring {here.relpath} into the voice of {other.relpath} so the promise and the first steps "
                      f"sound like one relationship",
                evidence=[dd.relpath, od.relpath] + phrases[:4], sentences=sentences, **where,
                fix={"pair": [dd.relpath, od.relpath]},
                why="If marketing promises simplicity and onboarding reads like homework, trust erodes at the "
                    "moment the new customer checks whether they chose well.")
