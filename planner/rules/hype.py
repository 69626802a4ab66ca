"""`hype`: superlatives, intensifiers and shouting instead of substance."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule
from planner.tone import verdicts as v

WHY_HYPE = ("Buyers are sceptical: unproven claims read as over-promising, and a customer who has already "
            "paid wants instructions, not a pitch. Show what the reader can do and the proof.")


@rule("hype", "warning", "Superlatives, intensifiers and shouting instead of substance.", category="tone",
      options={"min_hits": 4, "passage_score": 60})
def hype(ctx: DocContext):
    """
    ## What it does
    Measures hype (0-100): superlatives ("the most powerful", "best-in-class"),
    hype words ("revolutionary", "game-changing"), intensifiers ("incredibly",
    "absolutely"), exclamation marks and words in capitals for emphasis ("NOW"), per
    100 words. Fires once for the whole document when it is far over its stage's
    hype budget (`tone.targets.*.hype_max`: lower for customer content); otherwise
    on each paragraph that is a pitch on its own (`passage_score` or more, three or
    more different phrases); otherwise, one step below the rule's severity, when the
    document is mildly over budget.

    ## Why it matters
    Over-promising is the classic buyer-journey failure, and it costs trust twice: the
    buyer discounts every claim, and the customer who bought on them feels misled.
    After the sale, hype reads as not listening.

    ## Options
    `min_hits` (4): weighted hits needed before anything is said. `passage_score` (60):
    a paragraph at or above it, with at least three different phrases, is reported
    on its own. The budgets are
    `tone.targets.*.hype_max` in `planner.yml`; extend the word lists with
    `tone.lexicons.hype`, `superlatives`, `intensifiers`.
    """
    a = ctx.analysis
    if not v.profiled(a):
        return
    tone, budget = a.tone, ev.targets(ctx).get("hype_max", 35)
    score, hits = tone["scores"]["hype"], tone["counts"]["hype"]
    over = a.words >= v.min_words(ctx.config) and score > budget and hits >= ctx.options["min_hits"]
    strong = score >= max(budget + 30, 60)
    hot = [p for p in tone.get("paragraphs", [])
           if v.hot_hype(ctx.doc.prose.text, a, p, ctx.options["passage_score"], ctx.options["min_hits"])]
    if over and (strong or not hot):  # the whole document is the problem: one finding
        marks = v.marks_in(a, ["hype"])
        sentences = v.quote(ctx, ctx.doc, a, marks)
        yield ctx.finding(
            f"hype {score:.0f}/100 is over the {ev.where(ctx)} budget of {budget:.0f}: "
            f"{', '.join(repr(p) for p in v.phrases(ctx.doc, marks))}. Replace claims with what the reader can do "
            f"and the evidence (numbers, steps, names)",
            **v.at_first_sentence(ctx.doc, sentences),
            severity=v.graded(ctx, strong), evidence=v.phrases(ctx.doc, marks, 10),
            sentences=sentences, why=WHY_HYPE, fix={"remove": v.phrases(ctx.doc, marks, 10)})
        return
    for p in hot:  # a pitch inside an otherwise calm document: where it is
        marks = v.marks_in(a, ["hype"], p["start"], p["end"])
        yield ctx.finding(
            f"this paragraph is a sales pitch (hype {p['scores']['hype']:.0f}/100): "
            f"{', '.join(repr(x) for x in v.phrases(ctx.doc, marks))}. Say what the reader can do, plainly",
            span=(p["start"], p["end"]), evidence=v.phrases(ctx.doc, marks, 10),
            sentences=v.quote(ctx, ctx.doc, a, marks, n=2), why=WHY_HYPE)
