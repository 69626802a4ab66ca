"""`stage-mismatch`: the right phase, another stage."""
from __future__ import annotations

from planner.journey.prediction import shown_confidence
from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule


@rule("stage-mismatch", "suggestion", "The text fits another stage of the same phase.",
      category="journey", options={"min_confidence": {"default": 0.8, "type": "number", "minimum": 0, "maximum": 1},
               "min_ratio": {"default": 3.0, "type": "number", "minimum": 1}})
def stage_mismatch(ctx: DocContext):
    """
    ## What it does
    When the predicted phase agrees with the tags but the text reads clearly as
    another stage of that phase, suggests that stage, quoting the phrases that
    point to it: an onboarding guide that is really an advanced best-practice piece
    (success), an awareness article that is a hard sales pitch (decision). The
    message ends with the predicted stage's probability (its confidence, rounded
    down); the `fix` says what to do (`do:` in `planner lint -v`): retag the page
    if the text is right, or rewrite the quoted passages for the tagged stage's
    readers if the tag is.

    ## Why it matters
    Each stage answers a different question. A reader who has just bought wants a
    first small win, not quarterly optimisation; a reader who has just noticed a
    problem wants to understand it, not a price list. A page filed under the wrong
    stage also leaves a false gap, or a false sense of coverage, in the matrix.

    ## Options
    - `min_confidence` (default 0.8): probability the predicted stage must reach.
    - `min_ratio` (default 3.0): how many times likelier than the tagged stage it must be.
    """
    journey, pred, tagged_phase, tagged_stage = ev.reading(ctx)
    if journey is None:
        return
    if not pred.get("stage") or not tagged_stage or pred["phase"] != tagged_phase or pred["stage"] == tagged_stage:
        return
    scores = pred.get("scores") or {}
    p, q = scores.get(pred["stage"], 0.0), scores.get(tagged_stage, 0.0)
    if p < float(ctx.options.get("min_confidence", 0.8)) or p < float(ctx.options.get("min_ratio", 3.0)) * q:
        return
    stage_phase = ctx.config.phase_of(pred["stage"])
    phrases, sentences, span = ev.evidence(ctx, journey, [pred["stage"]], [tagged_stage], want_stage=pred["stage"])
    if not phrases:
        return
    msg = (f"reads as {stage_phase}/{pred['stage']}, not {tagged_phase}/{tagged_stage}: {ev.quote(phrases)} "
           f"(confidence {shown_confidence(p)})")
    fix = {"phase": stage_phase, "stage": pred["stage"],
           "text": f"if the text is right, retag the page `stage: {pred['stage']}`; if the tag is right, rewrite "
                   f"the quoted passages for {tagged_stage} readers{ev.stage_note(ctx.config, tagged_stage)}"}
    why = (f"The text is written for {pred['stage']} readers{ev.stage_note(ctx.config, pred['stage'])}, the tag files it "
           f"for {tagged_stage} readers: each stage answers a different question, and a page under the wrong "
           "stage leaves a false gap, or a false sense of coverage, in the matrix.")
    yield ctx.finding(msg, span=span, evidence=phrases, fix=fix, why=why, sentences=sentences)
