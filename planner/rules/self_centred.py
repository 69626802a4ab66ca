"""`self-centred`: copy about 'we' and 'our product' more than the reader."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule
from planner.tone import verdicts as v

WHY_SELF = ("Customer-centric copy talks about the reader's situation and outcomes; copy about 'we' and "
            "'our product' is customer-focused at best and reads as the company talking to itself.")

WHY_WE = ("Readers look for themselves in the text: a page that speaks as 'we' and 'our services' makes them "
          "translate every sentence into their own situation before they can act on it.")


@rule("self-centred", "warning", "The copy talks about 'we' and 'our product' more than the reader.",
      category="tone", options={"min_self": {"default": 4, "type": "integer", "minimum": 0},
               "min_company": {"default": 3, "type": "integer", "minimum": 0}})
def self_centred(ctx: DocContext):
    """
    ## What it does
    Measures personalism (0-100): "you/your" against "we/our/us", where "our product"
    and "we built" (the writer praising itself) count double. Fires when the document
    is under its personalism floor (`tone.targets.*.personalism_min`) and praises
    itself at least `min_self` times (and at least once per 170 words). It is a
    warning when the document is far under (10 points, twice `min_self`) and the
    company talks about itself at least `min_company` times ("our mission", "we're
    proud", "our founders"), or praises itself in as many different ways ("we built",
    "we poured", "we've created"); otherwise a suggestion. When the company does
    not talk about itself that way, the message says the page speaks as "we"
    rather than that it is about the company (an organisation's "our services"
    voice, or a customer telling its own story, is writer-leaning, not self-praise).
    Narrative "we" in a tutorial ("now we add a step", "we can build the form") is
    not self-praise and does not fire on its own. A quoted customer's "we" (a
    testimonial, "“we cut planning time in half,” says Dana") is left out. One paragraph about the company in
    a reader-centred page is `section-drift`'s finding.

    ## Why it matters
    Customer-centric content starts from the reader's needs and outcomes. Copy about
    the company ("we are proud", "our world-class platform") is customer-focused at
    best: it makes the reader do the work of finding what is in it for them.

    ## Options
    `min_self` (4) and `min_company` (3); the floor is
    `tone.targets.*.personalism_min` in `planner.yml`.
    """
    a = ctx.analysis
    if not v.profiled(a):
        return
    tone, floor = a.tone, ev.targets(ctx).get("personalism_min", 30)
    score, selfish = tone["scores"]["personalism"], tone["counts"].get("self", 0)
    over = a.words >= v.min_words(ctx.config) and score < floor and selfish >= ctx.options["min_self"] \
        and v.enough("personalism", tone["counts"], whole=True)
    # the company talking about itself ("our mission", "we're proud"), not only an
    # organisation's "our services" voice
    about_itself = tone["counts"].get("company", 0) >= ctx.options["min_company"] \
        or v.distinct(ctx.doc.prose.text, v.marks_in(a, ["we"], kinds={"self"})) >= ctx.options["min_company"]
    strong = score <= floor - 10 and selfish >= 2 * ctx.options["min_self"] and about_itself
    if over:  # the whole document is about the writer; one paragraph about it is section-drift's
        marks = v.marks_in(a, ["we"])
        sentences = v.quote(ctx, ctx.doc, a, marks)
        praise = v.phrases(ctx.doc, _praise(a), 10)
        said = (f"personalism {score:.0f}/100 (floor {floor:.0f}; {tone['counts']['we']:.0f} we/our against "
                f"{tone['counts']['you']:.0f} you/your{v.quoted_note(a)}), e.g. {', '.join(repr(p) for p in praise[:6])}")
        message = (f"the copy is about the writer, not the reader: {said}. Rewrite from the reader's side: what "
                   f"they get, what they can do") if about_itself else (
                   f"the copy speaks as 'we' and 'our', hardly to the reader: {said}. Talk to the reader ('you "
                   f"can', 'your team') and keep 'we' for what the company itself does")
        yield ctx.finding(
            message,
            **v.at_first_sentence(ctx.doc, sentences),
            severity=v.graded(ctx, strong), evidence=praise or v.phrases(ctx.doc, marks, 10), sentences=sentences,
            why=WHY_SELF if about_itself else WHY_WE)


def _praise(a) -> list:
    """The company talking about itself, in text order: "our mission", "we built", "our platform"."""
    return sorted(v.marks_in(a, ["company"]) + v.marks_in(a, ["we"], kinds={"self", "our"}), key=lambda m: m[0])
