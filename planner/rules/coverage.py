"""Coverage rules: journey-level gaps reported as corpus findings in `planner lint`.

The checks themselves live in :mod:`planner.coverage` (``journey_checks``) so lint, the
coverage output and the site agree. Each finding points at the page where the journey
breaks: the decision page with no onboarding follow-up, the last page a role reads.
"""
from __future__ import annotations

from planner.rules import CorpusContext, rule


def _estate(audit):
    """(placed documents, journey checks, documents by path), worked out once per audit
    for the four rules."""
    from planner.coverage import journey_checks, place

    memo = audit.extras.get("lint_journey_checks")
    if memo is None or memo[0] != len(audit.documents):
        placed, _ = place(audit)
        memo = audit.extras["lint_journey_checks"] = (len(audit.documents), placed, journey_checks(audit, placed),
                                                      {p.path: p.doc for p in placed})
    return memo[1], memo[2], memo[3]


def _findings(ctx: CorpusContext, check_id: str):
    from planner.coverage import settings

    placed, checks, docs = _estate(ctx.audit)
    # a handful of files is a spot check, not an estate: stage gaps would be noise
    if len(placed) < int(settings(ctx.config).get("lint_min_documents", 10)):
        return
    for check in checks:
        if check["check"] != check_id or check["path"] is None:
            continue
        doc = docs.get(check["path"])
        if doc is None:
            continue
        # evidence is what the finding is about (it keys baselines), not the related pages
        yield ctx.finding(doc, check["message"], line=check["line"], evidence=check.get("evidence", []), why=check["why"])


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

    ## Example
    Fires: twelve published pages from awareness to success and none tagged
    `stage: advocacy`.
    Does not fire: one published `stage: advocacy` page (a draft alone does not count,
    but is mentioned).

    ## Options
    `coverage.lint_min_documents` in `planner.yml`. The stages are the taxonomy's.
    """
    yield from _findings(ctx, "stage-empty")


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

    ## Example
    Fires: 20 published buyer documents and 5 customer documents (4 to 1).
    Does not fire: 12 buyer and 9 customer documents.

    ## Options
    `coverage.imbalance_ratio` in `planner.yml` (a number, at least 1).
    """
    yield from _findings(ctx, "phase-imbalance")


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

    ## Example
    Fires: a decision page with `topic: automation` and no onboarding page with
    `topic: automation`.
    Does not fire: `content/trust/automation.md` (decision, `topic: automation`) and
    `content/get-started/first-automation.md` (onboarding, `topic: automation`).

    ## Options
    `coverage.bridge` in `planner.yml`: `from` (default decision), `to` (default
    onboarding) and `axes` (default `[topic, persona]`).
    """
    yield from _findings(ctx, "handoff-bridge")


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

    ## Example
    Fires: `economic-buyer` appears on pricing and ROI pages only, on no onboarding,
    adoption, success or advocacy page.
    Does not fire: one published success page with `roles: [economic-buyer]`.

    ## Options
    None beyond the taxonomy's roles.
    """
    yield from _findings(ctx, "role-phase-gap")
