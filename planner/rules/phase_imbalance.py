"""`phase-imbalance`: buyer and customer content badly out of balance."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("phase-imbalance", "suggestion", "Buyer and customer content are badly out of balance.", scope="corpus", category="coverage")
def phase_imbalance(ctx: CorpusContext):
    """
    ## What it does
    Compares the number of published buyer-phase and customer-phase documents and
    reports when one side outnumbers the other by more than `coverage.imbalance_ratio`
    (default 3 to 1). The finding points at the first page of the lighter phase.

    ## Why it matters
    Buyer content is the foundation, and the customer journey is where loyalty and
    referrals are won. An estate of thirty blog posts and three help articles wins
    deals and then leaves customers alone.

    ## Options
    `coverage.imbalance_ratio` in `planner.yml` (a number, at least 1).
    """
    yield from ev.estate_findings(ctx, "phase-imbalance")
