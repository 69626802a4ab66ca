"""`role-phase-gap`: a role with no content in a whole phase."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("role-phase-gap", "suggestion", "A role has no content in a whole phase.", scope="corpus", category="coverage")
def role_phase_gap(ctx: CorpusContext):
    """
    ## What it does
    Checks that every role of the taxonomy (end user, economic buyer, champion) has
    at least one published document in each phase. The finding points at the role's
    last page before the gap (its last buyer page when the customer phase is empty,
    its first customer page when the buyer phase is).

    ## Why it matters
    In B2B the customer is a buying committee. An economic buyer courted with ROI
    pages and then given nothing once they have paid (no value review, no renewal
    material) is the reader who decides the renewal.

    ## Options
    None beyond the taxonomy's roles.
    """
    yield from ev.estate_findings(ctx, "role-phase-gap")
