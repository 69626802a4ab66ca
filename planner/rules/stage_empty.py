"""`stage-empty`: a journey stage with no published content."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("stage-empty", "warning", "A journey stage has no published content.", scope="corpus", category="coverage")
def stage_empty(ctx: CorpusContext):
    """
    ## What it does
    Checks that every stage of the journey (awareness to advocacy) has at least one
    published document. The finding points at a page of the stage before the hole
    (or after it, when the first stage is empty): the page whose readers have nowhere
    to go next. Runs only on an estate of at least `coverage.lint_min_documents`
    placed documents (default 10), so linting one file never reports it.

    ## Why it matters
    Rich awareness blogging and nothing for onboarding is the classic coverage gap:
    readers drop out of the journey exactly where the content stops.

    ## Options
    `coverage.lint_min_documents` in `planner.yml`. The stages are the taxonomy's.
    """
    yield from ev.estate_findings(ctx, "stage-empty")
