"""`stage-phase-conflict`: the stage belongs to the other phase."""
from __future__ import annotations

from planner.rules.base import DocContext, rule


@rule("stage-phase-conflict", "error", "The stage belongs to the other phase.")
def stage_phase_conflict(ctx: DocContext):
    """
    ## What it does
    Checks that the `stage` belongs to the `phase` given in the same front matter.

    ## Why it matters
    `phase: buyer` with `stage: onboarding` cannot both be true: one of them sends the
    page to the wrong reader (a prospect, or someone who has already paid), and the
    page is counted in the wrong half of the journey.

    ## Options
    None.
    """
    tags = ctx.doc.tags
    if not tags or tags.phase_implied or not tags.phase or not tags.stage:
        return
    expected = ctx.config.phase_of(tags.stage)
    if expected and tags.phase in ctx.config.taxonomy["phases"] and expected != tags.phase:
        yield ctx.finding(
            f"stage '{tags.stage}' is a {expected} stage but phase is '{tags.phase}': set `phase: {expected}`, or pick a {tags.phase} stage ({', '.join(ctx.config.stages_of(tags.phase))})",
            line=ctx.meta_line("phase"), evidence=[f"phase: {tags.phase}", f"stage: {tags.stage}"], fix={"phase": expected},
            why="One of the two tags sends the page to the wrong reader.")
