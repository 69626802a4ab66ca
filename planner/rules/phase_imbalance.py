"""`phase-imbalance`: buyer and customer content badly out of balance."""
from __future__ import annotations

from typing import Any

from planner.rules import evidence as ev
from planner.rules.base import CorpusContext, rule


@rule("phase-imbalance", "suggestion", "Buyer and customer content are badly out of balance.", scope="corpus", category="coverage")
def phase_imbalance(ctx: CorpusContext):
    """
    ## What it does
    Compares the number of published buyer-phase and customer-phase documents and
    reports when one side outnumbers the other by more than `coverage.imbalance_ratio`
    (default 3 to 1). The finding points at the first page of the lighter phase; its
    `fix` (`do:` in `planner lint -v`) names the lighter phase's two thinnest stages,
    where new pages help the journey most.

    ## Why it matters
    Buyer content is the foundation, and the customer journey is where loyalty and
    referrals are won. An estate of thirty blog posts and three help articles wins
    deals and then leaves customers alone.

    ## Options
    `coverage.imbalance_ratio` in `planner.yml` (a number, at least 1).
    """
    yield from ev.estate_findings(ctx, "phase-imbalance", todo=lambda check, page: _todo(ctx, check))


def _todo(ctx: CorpusContext, check: dict[str, Any]) -> str | None:
    """Where to write for the lighter phase: its thinnest stages first."""
    counts = check.get("counts") or {}
    if len(counts) < 2:
        return None
    a, b = list(counts)[:2]  # the two phases the check compares, in the taxonomy's order
    heavy, light = (a, b) if counts[a] >= counts[b] else (b, a)
    per = ev.published_per_stage(ctx)
    thin = sorted(ctx.config.stages_of(light), key=lambda s: (per.get(s, 0), ctx.config.stage_order().index(s)))[:2]
    where = " and ".join(f"{s} ({per.get(s, 0)} published)" for s in thin)
    return (f"write {light} pages before more {heavy} ones, starting where the {light} journey is thinnest: {where}")
