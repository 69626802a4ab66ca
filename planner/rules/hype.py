"""`hype`: superlatives, intensifiers and shouting instead of substance."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule
from planner.tone import verdicts as v

WHY_HYPE = ("Buyers are sceptical: unproven claims read as over-promising, and a customer who has already "
            "paid wants instructions, not a pitch. Show what the reader can do and the proof.")


@rule("hype", "warning", "Superlatives, intensifiers and shouting instead of substance.", category="tone",
      options={"min_hits": {"default": 4, "type": "number", "minimum": 0}})
def hype(ctx: DocContext):
    """
    ## What it does
    Measures hype (0-100): superlatives ("the most powerful", "best-in-class"),
    hype words ("revolutionary", "game-changing"), intensifiers ("incredibly",
    "absolutely"), exclamation marks and words in capitals for emphasis ("NOW"), per
    100 words. Fires once for the whole document when it is over its stage's hype
    budget (`tone.targets.*.hype_max`: lower for customer content): at the rule's
    severity when far over (30 points, or a score of 60), one step lower when mildly
    over. One paragraph of praise in an otherwise plain page is `section-drift`'s
    finding, with the milder words too ("a joy to use", "effortless"). Quotations (a
    customer's testimonial in a case study) are not the page's voice: they are left
    out, and the message says how many words that was.

    ## Why it matters
    Over-promising is the classic buyer-journey failure, and it costs trust twice: the
    buyer discounts every claim, and the customer who bought on them feels misled.
    After the sale, hype reads as not listening.

    ## Options
    `min_hits` (4): weighted hits needed before anything is said. The budgets are
    `tone.targets.*.hype_max` in `planner.yml`; extend the word lists with
    `tone.lexicons.hype`, `superlatives`, `intensifiers`.
    """
    a = ctx.analysis
    if not v.profiled(a):
        return
    tone, budget = a.tone, ev.targets(ctx).get("hype_max", 35)
    score, hits = tone["scores"]["hype"], tone["counts"]["hype"]
    # a page of at least a paragraph's length (tone.min_paragraph_words): a short page that
    # is all pitch is as loud as a long one
    over = a.words >= int(v.tone_settings(ctx.config).get("min_paragraph_words", 40)) and score > budget \
        and hits >= ctx.options["min_hits"]
    strong = score >= max(budget + 30, 60)
    if over:  # the whole document is the problem; a pitch in one paragraph is section-drift's
        marks = v.marks_in(a, ["hype"])
        sentences = v.quote(ctx, ctx.doc, a, marks)
        yield ctx.finding(
            f"hype {score:.0f}/100 is over the {ev.where(ctx)} budget of {budget:.0f}{v.quoted_note(a)}: "
            f"{', '.join(repr(p) for p in v.phrases(ctx.doc, marks))}. Replace claims with what the reader can do "
            f"and the evidence (numbers, steps, names)",
            **v.at_first_sentence(ctx.doc, sentences),
            severity=v.graded(ctx, strong), evidence=v.phrases(ctx.doc, marks, 10),
            sentences=sentences, why=WHY_HYPE, fix={"remove": v.phrases(ctx.doc, marks, 10)})
