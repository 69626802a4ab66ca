"""`phase-mismatch`: buyer text tagged customer, or the reverse."""
from __future__ import annotations

from planner.journey.prediction import mismatch_confidence, shown_confidence
from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule

WHY_PHASE = {
    # the cues differ (an account, a subscription, set-up steps in the product): say what they share
    "buyer": ("A buyer has not bought yet. Copy written for someone who already has the product (their account "
              "or subscription, steps inside the product, a past purchase) tells a prospect the page is not for "
              "them, and skips what they need to decide."),
    "customer": ("A customer has already paid and now expects results. Selling to them again (trials, demos, "
                 "comparisons, origin stories) instead of helping them succeed erodes trust after the sale."),
}

# what a page tagged for this phase must be rewritten for, when its tag is the right one
REWRITE_FOR = {
    "buyer": "someone who has not bought yet: their problem, the options, what it costs, why choose you",
    "customer": "someone who has already paid: how to set up, get results and get help",
}


@rule("phase-mismatch", "warning", "The text speaks to the other phase than its tags (buyer vs customer).",
      category="journey", options={"min_confidence": {"default": 0.95, "type": "number", "minimum": 0, "maximum": 1}})
def phase_mismatch(ctx: DocContext):
    """
    ## What it does
    Reads the page's own language and predicts which reader it serves: a **buyer**
    (awareness, consideration, decision) or a **customer** (onboarding, adoption,
    success, advocacy). When the prediction disagrees with the tagged phase with
    confidence at or above `min_confidence`, it reports the sentences that give it
    away, its confidence (rounded down: a reading is never shown as certain), and
    what to do (`fix`, printed as `do:` by `planner lint -v`): if the text is
    right, the tag it supports (with `phase:` too when the file writes one); if
    the tag is right, whom to rewrite the quoted sentences for. It reads what the page is
    about: the team's product (how often and where it names it, "in <Product>"
    instructions, the product's own UI and account language) or the field the
    team works in (a tutorial that never uses the product is buyer/awareness,
    however many steps it has). The signals are structural:
    possession of things only a customer has ("your subscription", "your
    workspace"), purchase in the past ("since you signed up"), UI instructions
    ("go to Settings"), troubleshooting and renewal on the customer side; evaluation
    framing ("compare", "alternatives to"), problem education ("what is"),
    pricing, trials, demos and security reviews on the buyer side. Titles and
    headings weigh more than body text. Pages under `journey.min_words` prose words
    are not judged.

    ## Why it matters
    Content written for one phase and shown to the other fails: a prospect on a
    pricing page is thanked for being a loyal customer, or someone who has just
    paid gets a founder story and a free-trial offer instead of help. The reader's
    question differs: "why should I choose this?" before the purchase, "was this
    the right choice?" after it.

    ## Options
    - `min_confidence` (default 0.95): how sure the checker must be that the tag
      is wrong, 0-1: the predicted phase's probability against the tagged stage's,
      P(phase) / (P(phase) + p(tagged stage)); a tagged stage the text gives almost
      nothing is surer to be wrong than the runner-up stage. Below it the
      prediction is still in the JSON (`documents[].predicted`, with this
      number as `mistag_confidence`) but no warning is raised: the checker abstains rather than
      guesses. On companies the model never saw (`benchmarks/journey_accuracy.py`,
      check/), 0.95 keeps false flags under 3% of correctly tagged pages and
      catches about eight wrongly tagged pages in ten; 0.85 catches about nine in
      ten at about 4% false flags. After `planner train` the same threshold
      catches more (see docs/train.md).

    Extend or tune the signals in `planner.yml` under `journey.lexicon`.
    """
    found = verdict(ctx, float(ctx.options.get("min_confidence", 0.95)))
    if found is None:
        return
    pred, was, confidence, (phrases, sentences, span) = found
    tagged_phase = ev.tagged(ctx)[0]
    msg = (f"reads as {pred['phase']}/{pred['stage']}, not {was}: {ev.quote(phrases)} "
           f"(confidence {shown_confidence(confidence)})")
    fix = {"phase": pred["phase"], "stage": pred["stage"], "text": todo(ctx, pred, was, tagged_phase)}
    yield ctx.finding(msg, span=span, evidence=phrases, fix=fix,
                      why=WHY_PHASE[tagged_phase] if tagged_phase in WHY_PHASE else "",
                      sentences=sentences)


def todo(ctx: DocContext, pred: dict, was: str, tagged_phase: str | None) -> str:
    """The two ways out, in words: retag (the text is right) or rewrite (the tag is)."""
    tags = ctx.doc.tags
    # a `phase:` written in the file must change with the stage, or stage-phase-conflict fires
    retag = (f"`phase: {pred['phase']}`, `stage: {pred['stage']}`" if tags and tags.phase and not tags.phase_implied
             else f"`stage: {pred['stage']}`")
    reader = REWRITE_FOR.get(tagged_phase or "") or f"a {tagged_phase} reader{ev.note(ctx.config, 'phases', tagged_phase)}"
    return (f"if the text is right, retag the page {retag}; if the tag is right (it is meant for {was}), "
            f"rewrite the quoted sentences for {reader}")


def verdict(ctx: DocContext, min_confidence: float) -> tuple[dict, str, float, tuple] | None:
    """(prediction, tagged "phase/stage", confidence, evidence) when the text reads as the
    other phase surely enough to say so, else None. Shared with `cta-mismatch`, whose
    advice must not contradict this rule's on the same page."""
    journey, pred, tagged_phase, tagged_stage = ev.reading(ctx)
    if journey is None:
        return None
    if not pred.get("phase") or not tagged_phase or pred["phase"] == tagged_phase:
        return None
    confidence = mismatch_confidence(pred, tagged_stage)
    if confidence < min_confidence:
        return None
    towards = ctx.config.stages_of(pred["phase"])
    away = ctx.config.stages_of(tagged_phase)
    found = ev.evidence(ctx, journey, towards, away, want_phase=pred["phase"])
    if not found[0]:
        return None  # nothing quotable: a verdict without evidence is not worth an editor's time
    was = f"{tagged_phase}/{tagged_stage}" if tagged_stage else tagged_phase
    return pred, was, confidence, found


def reads_as(ctx: DocContext) -> dict | None:
    """The prediction (phase, stage) when `phase-mismatch`, as configured, reports this
    page as the other phase; None when it does not (or is off)."""
    severity, options = phase_mismatch.effective(ctx.config)
    if severity == "off":
        return None
    found = verdict(ctx, float(options.get("min_confidence", 0.95)))
    return found[0] if found else None
