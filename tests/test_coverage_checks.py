"""Journey-level checks: in the coverage output and as corpus findings in lint."""
from __future__ import annotations

import datetime as dt

from planner.config import load_config
from planner.coverage import coverage_matrix
from planner import engine
from tests.conftest import doc

TODAY = dt.date(2026, 6, 1)
STAGES = ("awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy")
ROLES = ["end-user", "economic-buyer", "champion"]


def audit_of(repo):
    return engine.audit([repo.root / "content"], load_config(repo.root), cwd=repo.root)


def checks(repo, name):
    return [c for c in coverage_matrix(audit_of(repo), today=TODAY)["checks"] if c["check"] == name]


def full_estate(repo, skip=()):
    """One published page per stage for every role, except the stages in ``skip``."""
    for stage in STAGES:
        if stage not in skip:
            repo.write(f"content/{stage}.md", doc(stage, roles=ROLES))


def coverage_findings(r, rule):
    return [f for f in r.json()["findings"] if f["rule"] == rule]


def test_handoff_bridge_names_a_decision_topic_without_onboarding_content(repo):
    full_estate(repo, skip=("decision", "onboarding"))
    repo.write("content/decision-automation.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    repo.write("content/decision-sso.md", doc("decision", roles=["champion"], topic="permissions"))
    repo.write("content/onboarding-sso.md", doc("onboarding", roles=["champion"], topic="permissions"))
    found = checks(repo, "handoff-bridge")
    assert [(c["axis"], c["value"], c["path"]) for c in found] == [("topic", "automation", "content/decision-automation.md")]
    assert found[0]["line"] == 5  # the `topic:` line of the decision page


def test_handoff_bridge_covers_personas_and_ignores_drafts(repo):
    full_estate(repo, skip=("decision", "onboarding"))
    repo.write("content/decision.md", doc("decision", persona="finance-director"))
    repo.write("content/onboarding.md", doc("onboarding", persona="finance-director", status="draft"))
    found = checks(repo, "handoff-bridge")
    assert [(c["axis"], c["value"]) for c in found] == [("persona", "finance-director")]
    assert "content/onboarding.md in progress" in found[0]["message"]


def test_stage_empty_points_at_the_stage_before_the_hole(repo):
    full_estate(repo, skip=("onboarding",))
    found = checks(repo, "stage-empty")
    assert [(c["stage"], c["path"]) for c in found] == [("onboarding", "content/decision.md")]


def test_role_phase_gap_reports_a_role_missing_from_the_customer_phase(repo):
    for stage in STAGES:
        roles = ROLES if stage in ("awareness", "consideration", "decision") else ["end-user", "champion"]
        repo.write(f"content/{stage}.md", doc(stage, roles=roles))
    found = checks(repo, "role-phase-gap")
    assert [(c["role"], c["phase"], c["path"]) for c in found] == [("economic-buyer", "customer", "content/decision.md")]


def test_phase_imbalance_beyond_the_ratio(repo):
    repo.config("coverage:\n  imbalance_ratio: 2\n")
    for i in range(5):
        repo.write(f"content/blog-{i}.md", doc("awareness", roles=["end-user"]))
    repo.write("content/start.md", doc("onboarding", roles=["end-user"]))
    repo.write("content/tips.md", doc("success", roles=["end-user"]))
    found = checks(repo, "phase-imbalance")
    assert len(found) == 1 and found[0]["counts"] == {"buyer": 5, "customer": 2}
    assert found[0]["path"] == "content/start.md"  # the first page of the lighter phase


def test_a_balanced_complete_estate_passes_every_check(repo):
    full_estate(repo)
    assert coverage_matrix(audit_of(repo), today=TODAY)["checks"] == []


def test_lint_reports_journey_checks_as_findings_on_an_estate(repo, cli):
    repo.config("coverage:\n  lint_min_documents: 5\n")
    full_estate(repo, skip=("advocacy",))
    repo.write("content/decision-automation.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    bridge = coverage_findings(r, "handoff-bridge")
    assert [(f["path"], f["line"], f["severity"]) for f in bridge] == [("content/decision-automation.md", 5, "suggestion")]
    empty = coverage_findings(r, "stage-empty")
    assert [(f["path"], f["severity"]) for f in empty] == [("content/success.md", "warning")]


def test_lint_of_a_few_files_reports_no_estate_gaps(repo, cli):
    repo.write("content/pricing.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert not [f for f in r.json()["findings"]
                if f["rule"] in ("stage-empty", "handoff-bridge", "role-phase-gap", "phase-imbalance")]


def test_coverage_rules_are_listed_and_explained(cli):
    out = cli("rules").output
    for rid in ("stage-empty", "phase-imbalance", "handoff-bridge", "role-phase-gap"):
        assert rid in out
    text = cli("explain", "handoff-bridge").output
    assert "## Why it matters" in text or "Why it matters" in text


def test_consecutive_empty_stages_are_one_check(repo):
    for i in range(3):
        repo.write(f"content/blog-{i}.md", doc("awareness", roles=ROLES))
    repo.write("content/help.md", doc("adoption", roles=ROLES))
    found = checks(repo, "stage-empty")
    assert [(c["stages"], c["path"]) for c in found] == [
        (["consideration", "decision", "onboarding"], "content/blog-0.md"),
        (["success", "advocacy"], "content/help.md")]
    assert "no published consideration, decision, onboarding content" in found[0]["message"]


def _todo(r, rule):
    return [(f["path"], f["fix"]["text"]) for f in coverage_findings(r, rule)]


def test_stage_empty_says_what_to_write_and_where_to_link_it(repo, cli):
    repo.config("coverage:\n  lint_min_documents: 5\n")
    full_estate(repo, skip=("awareness", "adoption", "success"))
    repo.write("content/tips.md", doc("success", roles=ROLES, status="draft"))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert _todo(r, "stage-empty") == [
        ("content/consideration.md", "write an awareness page (has just noticed a problem; educational, problem-first, "
                                     "little or no product) and link this page from it"),
        ("content/onboarding.md", "publish the page in progress (content/tips.md), or write an adoption page (uses the "
                                  "product day to day: feature how-tos, workflows, tutorials) and link it from this page, "
                                  "then one for success")]
    assert "do: write an awareness page" in cli("lint", "-v", "--fail-on", "none").output


def test_phase_imbalance_says_where_the_lighter_phase_is_thinnest(repo, cli):
    repo.config("coverage:\n  lint_min_documents: 5\n")
    for i in range(5):
        repo.write(f"content/blog-{i}.md", doc("awareness", roles=ROLES))
    repo.write("content/start.md", doc("onboarding", roles=ROLES))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert _todo(r, "phase-imbalance") == [(
        "content/start.md", "write customer pages before more buyer ones, starting where the customer journey is "
                            "thinnest: adoption (0 published) and success (0 published)")]


def test_role_phase_gap_says_write_for_the_role_or_tag_the_page_that_serves_it(repo, cli):
    repo.config("coverage:\n  lint_min_documents: 5\n")
    for stage in STAGES:
        roles = ROLES if stage in ("awareness", "consideration", "decision") else ["end-user", "champion"]
        repo.write(f"content/{stage}.md", doc(stage, roles=roles))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert _todo(r, "role-phase-gap") == [(
        "content/decision.md", "write a customer page for the economic-buyer (has the budget and the final say; needs "
                               "ROI, risk and outcomes), or add `economic-buyer` to the `roles:` of a published customer "
                               "page that already serves them")]
