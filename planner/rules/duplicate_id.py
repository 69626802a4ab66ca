"""`duplicate-id`: two documents share one id."""
from __future__ import annotations

from collections import defaultdict

from planner.rules.base import CorpusContext, rule


@rule("duplicate-id", "error", "Two documents share one id.", scope="corpus")
def duplicate_id(ctx: CorpusContext):
    """
    ## What it does
    Checks that no two documents have the same `id` (the path stands in for a missing
    id).

    ## Why it matters
    The id is the stable key that links a page across audits, baselines and the
    decision-to-onboarding handoff. Two pages with one id overwrite each other there.

    ## Options
    None.
    """
    by_id = defaultdict(list)
    for doc in ctx.audit.documents:
        if doc.tags:
            by_id[doc.tags.id].append(doc)
    for ident, docs in by_id.items():
        if len(docs) < 2:
            continue
        for doc in docs:
            others = ", ".join(d.relpath for d in docs if d is not doc)
            yield ctx.finding(doc, f"id '{ident}' is also used by {others}: give each document its own id",
                              line=doc.meta_lines.get("id", 1), evidence=[ident],
                              why="Ids key baselines and handoff pairs; a shared id makes pages overwrite each other.")
