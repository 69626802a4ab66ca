"""`handoff-bridge`: a decision topic or persona with no onboarding follow-up."""
from __future__ import annotations

from typing import Any

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("handoff-bridge", "suggestion", "A decision topic or persona has no onboarding follow-up.", scope="corpus", category="coverage")
def handoff_bridge(ctx: CorpusContext):
    """
    ## What it does
    For every `topic` and `persona` that has published decision content, checks that
    some published onboarding document has the same topic or persona. The finding
    points at each decision page that lacks the bridge, on its `topic:` or `persona:`
    line, and says what to do (its `fix`): publish an onboarding page with the same
    `topic:` or `persona:` that picks up where the decision page leaves off, or tag
    the onboarding page that already covers it.

    ## Why it matters
    The handoff from buyer to customer should feel like one relationship. A security
    page that promises "SSO in minutes" needs an onboarding guide on setting up SSO;
    without it the new customer starts over on their own.

    ## Options
    `coverage.bridge` in `planner.yml`: `from` (default decision), `to` (default
    onboarding) and `axes` (default `[topic, persona]`).
    """
    yield from ev.estate_findings(ctx, "handoff-bridge", todo=_todo)


def _todo(check: dict[str, Any], page: Any = None) -> str | None:
    """Publish the follow-up, or tag the one that exists: the two ways the bridge is built."""
    axis, value, dst = check.get("axis"), check.get("value"), check.get("stage")
    if not (axis and value and dst):
        return None
    field = f"roles: [{value}]" if axis == "role" else f"{axis}: {value}"
    an = "an" if dst[:1].lower() in "aeiou" else "a"
    return (f"publish {an} {dst} page tagged `{field}` that picks up where this one leaves off, "
            f"or add `{field}` to the {dst} page that already covers it")
