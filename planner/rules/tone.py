"""Tone rules: readability, hype, self-centred copy, and drift (within a document,
against stage peers, and across the buyer-to-customer handoff)."""
from __future__ import annotations

from planner.rules import DocContext, rule
from planner.tone import targets_for
from planner.tone import verdicts as v

WHY_HYPE = ("Buyers are sceptical: unproven claims read as over-promising, and a customer who has already "
            "paid wants instructions, not a pitch. Show what the reader can do and the proof.")
WHY_SELF = ("Customer-centric copy talks about the reader's situation and outcomes; copy about 'we' and "
            "'our product' is customer-focused at best and reads as the company talking to itself.")


def _targets(ctx: DocContext) -> dict:
    t = ctx.doc.tags
    return targets_for(ctx.config, t.phase if t else None, t.stage if t else None, t.format if t else None)


def _where(ctx: DocContext) -> str:
    t = ctx.doc.tags
    return (t.stage or t.phase or "this") if t else "this"


@rule("readability", "suggestion", "The text is harder to read than its stage's target.", category="tone",
      options={"passage_flesch": 10, "passage_sentence_mean": 30})
def readability(ctx: DocContext):
    """
    ## What it does
    Compares the document's Flesch reading ease and Flesch-Kincaid grade, counted on
    prose sentences only (not headings, lists, tables or code), with the targets for
    its phase, stage and format (`tone.targets`), and quotes the hardest sentences.
    When the document as a whole is on target, it points at single paragraphs that
    are very hard going (Flesch reading ease under `passage_flesch`, sentences
    averaging `passage_sentence_mean` words, 30 points below the document).
    Far below target (30 points or 6 grades) is reported at the rule's severity;
    closer misses one step lower.

    ## Why it matters
    A buyer skims and leaves; a new customer who meets a wall of text in the
    onboarding guide decides the product is hard. Marketing promised simplicity:
    the first steps must deliver it.

    ## Example
    Fires on an onboarding guide (target grade 8):
    "Prior to the commencement of any configuration activity, the identification of
    the individuals who are to be designated as administrators should be undertaken."
    Does not fire: "Before you start, pick the people who will be admins."

    ## Options
    `passage_flesch` (10) and `passage_sentence_mean` (30) for single paragraphs.
    Targets live in `tone.targets` in `planner.yml` (`flesch_min`, `grade_max`).
    """
    a = ctx.analysis
    if not v.profiled(a) or not a.readability:
        return
    r, t = a.readability, _targets(ctx)
    fre, grade = r.get("flesch_reading_ease"), r.get("grade")
    whole = False
    if r.get("words", 0) >= v.min_words(ctx.config) and fre is not None:
        misses = []
        gap = 0.0
        if "flesch_min" in t and max(0.0, fre) < t["flesch_min"]:  # compared on the bounded 0-100 scale
            misses.append(f"reading ease {fre:.0f} (target at least {t['flesch_min']:.0f})")
            gap = max(gap, (t["flesch_min"] - fre) / 30)
        if "grade_max" in t and grade is not None and grade > t["grade_max"]:
            misses.append(f"grade {grade:.1f} (target at most {t['grade_max']:.0f})")
            gap = max(gap, (grade - t["grade_max"]) / 6)
        if misses:
            whole = True
            sentences, hard = v.hard_quotes(ctx, ctx.doc, a)
            span = (hard[0][0], hard[0][1]) if hard else None
            yield ctx.finding(
                f"harder to read than {_where(ctx)} content should be: {' and '.join(misses)}; sentences average "
                f"{r['sentence_mean']:.0f} words. Split the longest sentences and prefer short, common words",
                span=span, line=None if span else ctx.doc.body_line, severity=v.graded(ctx, gap >= 1.0),
                evidence=[s["text"][:120] for s in sentences], sentences=sentences,
                fix={"flesch_min": t.get("flesch_min"), "grade_max": t.get("grade_max")},
                why="Readers who have to work to understand a page stop reading; new customers blame the product.")
    if whole:
        return  # the document's finding already quotes its hardest sentences
    doc_ease = a.tone["scores"]["readability"]
    for p in a.tone.get("paragraphs", []):
        c = p["counts"]
        mean = c["prose_words"] / c["prose_sentences"] if c["prose_sentences"] else 0
        ease = p["scores"]["readability"]
        if ease is not None and ease < ctx.options["passage_flesch"] and mean >= ctx.options["passage_sentence_mean"] \
                and (doc_ease is None or doc_ease - ease >= 30):
            sentences, _ = v.hard_quotes(ctx, ctx.doc, a, p["start"], p["end"], n=2)
            yield ctx.finding(
                f"this paragraph is very hard going (reading ease {p['scores']['readability']:.0f}, sentences "
                f"averaging {mean:.0f} words): break it into short sentences that each say one thing",
                span=(p["start"], p["end"]), severity="suggestion" if ctx.config.rule_setting(ctx.rule.id)[0] is None
                else ctx.severity, sentences=sentences, evidence=[s["text"][:120] for s in sentences],
                why="A paragraph that has to be read twice is where readers give up.")


@rule("hype", "warning", "Superlatives, intensifiers and shouting instead of substance.", category="tone",
      options={"min_hits": 4})
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
    finding, with the milder words too ("a joy to use", "effortless").

    ## Why it matters
    Over-promising is the classic buyer-journey failure, and it costs trust twice: the
    buyer discounts every claim, and the customer who bought on them feels misled.
    After the sale, hype reads as not listening.

    ## Example
    Fires: "Our revolutionary, best-in-class engine is the most powerful automation
    EVER built!!"
    Does not fire: "Rules run within a few seconds of the trigger; a workspace can
    run up to 250 of them."

    ## Options
    `min_hits` (4): weighted hits needed before anything is said. The budgets are
    `tone.targets.*.hype_max` in `planner.yml`; extend the word lists with
    `tone.lexicons.hype`, `superlatives`, `intensifiers`.
    """
    a = ctx.analysis
    if not v.profiled(a):
        return
    tone, budget = a.tone, _targets(ctx).get("hype_max", 35)
    score, hits = tone["scores"]["hype"], tone["counts"]["hype"]
    over = a.words >= v.min_words(ctx.config) and score > budget and hits >= ctx.options["min_hits"]
    strong = score >= max(budget + 30, 60)
    if over:  # the whole document is the problem; a pitch in one paragraph is section-drift's
        marks = v.marks_in(a, ["hype"])
        sentences = v.quote(ctx, ctx.doc, a, marks)
        yield ctx.finding(
            f"hype {score:.0f}/100 is over the {_where(ctx)} budget of {budget:.0f}: "
            f"{', '.join(repr(p) for p in v.phrases(ctx.doc, marks))}. Replace claims with what the reader can do "
            f"and the evidence (numbers, steps, names)",
            **v.at_first_sentence(ctx.doc, sentences),
            severity=v.graded(ctx, strong), evidence=v.phrases(ctx.doc, marks, 10),
            sentences=sentences, why=WHY_HYPE, fix={"remove": v.phrases(ctx.doc, marks, 10)})


def _praise(a) -> list:
    """The company talking about itself, in text order: "our mission", "we built", "our platform"."""
    return sorted(v.marks_in(a, ["company"]) + v.marks_in(a, ["we"], kinds={"self", "our"}), key=lambda m: m[0])


@rule("self-centred", "warning", "The copy talks about 'we' and 'our product' more than the reader.",
      category="tone", options={"min_self": 4, "min_company": 3})
def self_centred(ctx: DocContext):
    """
    ## What it does
    Measures personalism (0-100): "you/your" against "we/our/us", where "our product"
    and "we built" (the writer praising itself) count double. Fires when the document
    is under its personalism floor (`tone.targets.*.personalism_min`) and praises
    itself at least `min_self` times (and at least once per 170 words). It is a
    warning when the document is far under (10 points, twice `min_self`) and the
    company talks about itself at least `min_company` times ("our mission", "we're
    proud", "our founders"); otherwise a suggestion (an organisation's "our services"
    voice is writer-leaning, not self-praise). Narrative "we" in a tutorial ("now we
    add a step") is not self-praise and does not fire on its own. One paragraph about
    the company in a reader-centred page is `section-drift`'s finding.

    ## Why it matters
    Customer-centric content starts from the reader's needs and outcomes. Copy about
    the company ("we are proud", "our world-class platform") is customer-focused at
    best: it makes the reader do the work of finding what is in it for them.

    ## Example
    Fires: "We built our platform for teams like yours. Our engineers obsessed over
    every detail, and we are proud of what we created."
    Does not fire: "You can set up your first rule in five minutes."

    ## Options
    `min_self` (4) and `min_company` (3); the floor is
    `tone.targets.*.personalism_min` in `planner.yml`.
    """
    a = ctx.analysis
    if not v.profiled(a):
        return
    tone, floor = a.tone, _targets(ctx).get("personalism_min", 30)
    score, selfish = tone["scores"]["personalism"], tone["counts"].get("self", 0)
    over = a.words >= v.min_words(ctx.config) and score < floor and selfish >= ctx.options["min_self"] \
        and v.enough("personalism", tone["counts"], whole=True)
    # a warning needs the company talking about itself ("our mission", "we're proud"), not
    # only an organisation's "our services" voice
    strong = score <= floor - 10 and selfish >= 2 * ctx.options["min_self"] \
        and tone["counts"].get("company", 0) >= ctx.options["min_company"]
    if over:  # the whole document is about the writer; one paragraph about it is section-drift's
        marks = v.marks_in(a, ["we"])
        sentences = v.quote(ctx, ctx.doc, a, marks)
        yield ctx.finding(
            f"the copy is about the writer, not the reader: personalism {score:.0f}/100 (floor {floor:.0f}; "
            f"{tone['counts']['we']:.0f} we/our against {tone['counts']['you']:.0f} you/your), e.g. "
            f"{', '.join(repr(p) for p in v.phrases(ctx.doc, _praise(a)))}. "
            f"Rewrite from the reader's side: what they get, what they can do",
            **v.at_first_sentence(ctx.doc, sentences),
            severity=v.graded(ctx, strong), evidence=v.phrases(ctx.doc, marks, 10), sentences=sentences, why=WHY_SELF)
