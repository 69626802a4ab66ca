"""`handoff-bridge`: a decision topic or persona with no onboarding follow-up."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("handoff-bridge", "suggestion", "A decision topic or persona has no onboarding follow-up.", scope="corpus", category="coverage")
def handoff_bridge(ctx: CorpusContext):
    """
    ## What it does
    For every `topic` and `persona` that has published decision content, checks that
    some published onboarding document has the same topic or persona. The finding
    points at each decision page that lacks the bridge, on its `topic:` or `persona:`
    line.

    ## Why it matters
    The handoff from buyer to customer should feel like one relationship. A security
    page that promises "SSO in minutes" needs an onboarding guide on setting up SSO;
    without it the new customer starts over on their own.

    ## Options
    `coverage.bridge` in `planner.yml`: `from` (default decision), `to` (default
    onboarding) and `axes` (default `[topic, persona]`).
    """
    yield from ev.estate_findings(ctx, "handoff-bridge")
