"""`stage-empty`: a journey stage with no published content."""
from __future__ import annotations

from typing import Any

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("stage-empty", "warning", "A journey stage has no published content.", scope="corpus", category="coverage")
def stage_empty(ctx: CorpusContext):
    """
    ## What it does
    Checks that every stage of the journey (awareness to advocacy) has at least one
    published document. The finding points at a page of the stage before the hole
    (or after it, when the first stage is empty): the page whose readers have nowhere
    to go next. Its `fix` (`do:` in `planner lint -v`) says what to write, and where
    to link it from: publish the pages of that stage in progress, or write the first
    page of the missing stage. Runs only on an estate of at least `coverage.lint_min_documents`
    placed documents (default 10), so linting one file never reports it.

    ## Why it matters
    Rich awareness blogging and nothing for onboarding is the classic coverage gap:
    readers drop out of the journey exactly where the content stops.

    ## Options
    `coverage.lint_min_documents` in `planner.yml`. The stages are the taxonomy's.
    """
    yield from ev.estate_findings(ctx, "stage-empty", todo=lambda check, page: _todo(ctx, check, page))


def _todo(ctx: CorpusContext, check: dict[str, Any], page) -> str | None:
    """Publish what is in progress, or write the first page of the hole, linked from
    the page the finding sits on."""
    stages = check.get("stages") or []
    if not stages:
        return None
    order = ctx.config.stage_order()
    here = page.tags.stage if page.tags else None
    # the page hands on to the hole, or (the journey starts with it) the hole leads to it
    after = here in order and order.index(here) < order.index(stages[0])
    first = stages[-1] if not after else stages[0]
    link = "link it from this page" if after else "link this page from it"
    drafts = check.get("documents") or []
    text = f"write {'an' if first[:1] in 'aeiou' else 'a'} {first} page{ev.stage_note(ctx.config, first)} and {link}"
    if len(stages) > 1:
        rest = [s for s in stages if s != first]
        text += f", then one for {'each of ' if len(rest) > 1 else ''}{', '.join(rest)}"
    if drafts:
        text = f"publish {'the page' if len(drafts) == 1 else 'the pages'} in progress ({', '.join(drafts)}), or " + text
    return text
