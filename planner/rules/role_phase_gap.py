"""`role-phase-gap`: a role with no content in a whole phase."""
from __future__ import annotations

from typing import Any

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("role-phase-gap", "suggestion", "A role has no content in a whole phase.", scope="corpus", category="coverage")
def role_phase_gap(ctx: CorpusContext):
    """
    ## What it does
    Checks that every role of the taxonomy (end user, economic buyer, champion) has
    at least one published document in each phase. The finding points at the role's
    last page before the gap (its last buyer page when the customer phase is empty,
    its first customer page when the buyer phase is). Its `fix` (`do:` in `planner
    lint -v`) says what to do: write a page of that phase for the role, or add the
    role to the `roles:` of a page that already serves it.

    ## Why it matters
    In B2B the customer is a buying committee. An economic buyer courted with ROI
    pages and then given nothing once they have paid (no value review, no renewal
    material) is the reader who decides the renewal.

    ## Options
    None beyond the taxonomy's roles.
    """
    yield from ev.estate_findings(ctx, "role-phase-gap", todo=lambda check, page: _todo(ctx, check))


def _todo(ctx: CorpusContext, check: dict[str, Any]) -> str | None:
    """Write for the role in the empty phase, or tag the page that already serves it."""
    role, phase = check.get("role"), check.get("phase")
    if not role:
        return None
    who = f"the {role}{ev.note(ctx.config, 'roles', role)}"
    if phase is None:
        return f"add `{role}` to the `roles:` of the pages that already serve {who}, or write for them"
    return (f"write a {phase} page for {who}, or add `{role}` to the `roles:` of a published {phase} "
            "page that already serves them")
