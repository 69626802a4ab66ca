"""`handoff-drift`: decision-stage against onboarding-stage content on the same topic."""
from __future__ import annotations

import numpy as np

from planner.model import Analysis, Document
from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule
from planner.tone import scales, targets_for
from planner.tone import verdicts as v


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
      scope="corpus", category="tone", options={"flesch_gap": {"default": 30, "type": "number", "minimum": 0},
               "grade_gap": {"default": 6, "type": "number", "minimum": 0},
               "tone_gap": {"default": 35, "type": "number", "minimum": 0}})
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

    ## Options
    `flesch_gap` (30), `grade_gap` (6), `tone_gap` (35).
    """
    buyer, customer = ctx.config.stages_of("buyer"), ctx.config.stages_of("customer")
    if not buyer or not customer:
        return
    last, first = buyer[-1], customer[0]
    docs = ev.tone_group(ctx)
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
    pairs: dict[str, tuple] = {}  # the worse side of each pair, in the order first met
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
            here = dd if _miss(ctx, dd, da) > _miss(ctx, od, oa) else od
            pairs.setdefault(here.relpath, (here, []))[1].append((dd, od, via, gaps))
    for here, found in pairs.values():
        # the findings on a page are its own text and these pairs: kept while both stay
        inputs = repr([(dd.relpath, od.relpath, via, gaps) for dd, od, via, gaps in found])
        yield from ctx.judged(here, inputs, lambda here=here, found=found: _findings(ctx, here, found, last, first))


def _findings(ctx, here, found: list, last: str, first: str):
    """The findings on ``here``, one per pair it is the worse side of."""
    here, ha = ctx.full(here)  # the evidence is in the whole analysis
    sentences, phrases = ev.tone_evidence(ctx, here, ha, ["readability", "informality", "hype", "personalism"])
    where = v.at_first_sentence(here, sentences)
    for dd, od, via, gaps in found:
        other = od if here.relpath == dd.relpath else dd
        yield ctx.finding(
            here, f"tone breaks across the buyer-to-customer handoff ({via}): from the {last} page "
                  f"{dd.relpath} to the {first} page {od.relpath}: {'; '.join(gaps)}. "
                  f"Bring {here.relpath} into the voice of {other.relpath} so the promise and the first steps "
                  f"sound like one relationship",
            evidence=[dd.relpath, od.relpath] + phrases[:4], sentences=sentences, **where,
            fix={"pair": [dd.relpath, od.relpath]},
            why="If marketing promises simplicity and onboarding reads like homework, trust erodes at the "
                "moment the new customer checks whether they chose well.")
