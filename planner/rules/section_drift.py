"""`section-drift`: a paragraph or section in another voice than the rest of its page."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule
from planner.tone import breaks
from planner.tone import verdicts as v


@rule("section-drift", "warning", "One paragraph or section departs from the voice of the rest of its page.",
      scope="corpus", category="tone", options={"strictness": {"default": 1.0, "type": "number", "exclusiveMinimum": 0}})
def section_drift(ctx: CorpusContext):
    """
    ## What it does
    Scores every paragraph (of at least 12 words), every list (its items together) and
    every heading section on four
    kinds of voice break, each counted from its own lexicon files in
    `planner/data/tone/`: **hype** (praise, intensifiers, "just works", superlatives),
    **officialese** ("prior to", "shall", "the submission of", duty in the passive),
    **writer-centred** (the company talking about itself: "our mission", "we're
    proud", we/our against you/your) and **buzzwords** ("unlock", "drive alignment",
    "stakeholders", "-led" compounds). A passage departs when it holds clearly more of
    a kind than is usual *for this page*: the higher of the rate in the rest of the
    page and the stage's usual rate (the team's trained voice from `planner train`,
    else this estate's own, shrunk towards planner's shipped profile when the estate
    is small). The finding quotes the phrases, gives the rate per 100 words against
    the rest of the page and the stage, and a rewrite direction. A clear departure
    (well above usual, three or more different phrases) is a warning; a borderline
    one (two phrases; overlapping phrases count once) and a whole section in another
    voice are suggestions. A page
    uniformly in another voice is `tone-drift`'s finding, not this rule's. A
    quotation (a customer's testimonial, a quoted report) is someone else's voice: it
    is never a voice break and does not count in the rest of the page.

    ## Why it matters
    One voice across a page is what makes it trustworthy. A sales pitch pasted into an
    onboarding guide, or a legal paragraph in a friendly how-to, tells the reader that
    nobody owns this page, and the break is where they stop reading.

    ## Options
    `strictness` (1.0): multiplies the thresholds; 1.5 reports only sharper breaks.
    Extend the lexicons under `tone.lexicons` in `planner.yml` (`evaluative`,
    `ease_claims`, `formal_register`, `company_voice`, `buzz_terms`, ...); see
    docs/tone.md.
    """
    base = ev.tone_baseline(ctx)
    only = ctx.audit.extras.get("only")
    yardsticks: dict[tuple, tuple] = {}  # (stage, phase) -> usual rates, where from, inputs: once per group
    for d in ctx.audit.documents:
        if only is not None and d.relpath not in only:
            continue
        a = ctx.audit.analyses.get(d.relpath)
        if not v.profiled(a) or "voice" not in a.tone:
            continue
        t = d.tags
        where = (t.stage, t.phase) if t else (None, None)
        if where not in yardsticks:
            usual, _group = base.rates(*where)
            said = base.described(*where)
            # the verdict is the page's against its stage's usual rates: kept until either moves
            yardsticks[where] = usual, said, repr((sorted(usual.items()), said))
        usual, said, inputs = yardsticks[where]
        yield from ctx.judged(d, inputs, lambda d=d, a=a, usual=usual, said=said:
                              breaks.findings(ctx, d, a, dict(usual), said))
