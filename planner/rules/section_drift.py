"""`section-drift`: a passage against the rest of its document."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule
from planner.rules.hype import hype
from planner.rules.self_centred import self_centred
from planner.tone import verdicts as v


@rule("section-drift", "warning", "One section or paragraph departs from the voice of the rest of its document.",
      category="tone", options={"strictness": 1.0})
def section_drift(ctx: DocContext):
    """
    ## What it does
    Profiles every heading-delimited section (at least `tone.min_words` words) and
    every paragraph of at least `tone.min_paragraph_words` words, and compares each
    with the rest of its document. Fires when a passage is much worse on one of hype,
    jargon, personalism (with self-praise), informality (legal register),
    readability or hedging: 30-40 points on the 0-100 scale, bad in its own right
    (for example hype 50 or more), and backed by at least three or four hits (one
    "might" in a short paragraph is not a voice). Reports the smallest passage that
    departs, with the phrases responsible; a paragraph that `hype` or `self-centred`
    already reports is not reported again for the same reason.

    ## Why it matters
    One voice across a page is what makes it trustworthy. A sales pitch pasted into an
    onboarding guide, or a legal paragraph in a friendly how-to, tells the reader that
    nobody owns this page, and the break is where they stop reading.

    ## Options
    `strictness` (1.0): multiplies the distances; 1.5 reports only sharper breaks.
    The sizes are `tone.min_words` and `tone.min_paragraph_words` in `planner.yml`.
    """
    a = ctx.analysis
    if not v.profiled(a):
        return
    mw = v.min_words(ctx.config)
    total = a.tone["counts"]
    candidates = [("paragraph", p["start"], p["end"], p["counts"], p["scores"], None) for p in a.tone["paragraphs"]]
    candidates += [("section", s["start"], s["end"], s["counts"], s["scores"], s["heading"])
                   for s in a.tone["sections"] if s["words"] >= mw]
    reported: list[tuple[int, int]] = []
    hype_sev, hype_opts = hype.effective(ctx.config)
    self_sev, self_opts = self_centred.effective(ctx.config)
    hype_on, self_on = hype_sev != "off", self_sev != "off"
    for kind, start, end, counts, scores, heading in candidates:
        if any(start < e and s < end for s, e in reported):
            continue
        rest, rest_words = v.rest_scores(total, counts)
        if rest_words < mw:
            continue
        # a paragraph the hype or self-centred rule already reports is not reported twice
        skip = set()
        if kind == "paragraph":
            para = {"start": start, "end": end, "counts": counts, "scores": scores}
            if hype_on and v.hot_hype(ctx.doc.prose.text, a, para, hype_opts["passage_score"], hype_opts["min_hits"]):
                skip.add("hype")
            if self_on and v.hot_self(para, self_opts["passage_personalism"]):
                skip.add("personalism")
        deps = v.departures(scores, rest, float(ctx.options["strictness"]), counts, skip)
        if skip and not deps:
            reported.append((start, end))  # the other rule's finding covers it; its section is not repeated
        if not deps:
            continue
        reported.append((start, end))
        sentences, phrases = ev.tone_evidence(ctx, ctx.doc, a, [d[0] for d in deps], start, end)
        name = f"section '{heading}'" if heading else ("opening section" if kind == "section" else "paragraph")
        quoted = f" ({', '.join(repr(p) for p in phrases[:5])})" if phrases and deps[0][0] != "readability" else ""
        yield ctx.finding(
            f"this {name} departs from the voice of the rest of the document: {ev.described(deps)}{quoted}. "
            f"Rewrite it to match the rest: {ev.ADVICE[deps[0][0]]}",
            span=(start, end), evidence=phrases, sentences=sentences,
            why="A passage in another voice (a pitch in a guide, legal text in a how-to) breaks the reader's trust "
                "in the whole page.")
