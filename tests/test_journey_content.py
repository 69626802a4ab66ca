"""The example estate: planted journey problems are caught, correct pages stay clean."""
from __future__ import annotations

from pathlib import Path

import pytest

from planner.config import default_config
from planner import engine

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def audit():
    config = default_config(REPO)
    return engine.audit([REPO / "content"], config, cwd=REPO)


def _paths(audit, rule):
    return sorted({f.path for f in audit.findings if f.rule == rule})


def test_planted_phase_mismatches_are_caught_and_nothing_else(audit):
    assert _paths(audit, "phase-mismatch") == [
        "content/blog/connect-slack-notifications.md",
        "content/emails/welcome-to-tandemly.md",
        "content/pricing/loyalty-discount.md",
    ]


def test_planted_cta_mismatches_are_caught_and_nothing_else(audit):
    assert _paths(audit, "cta-mismatch") == [
        "content/blog/five-planning-habits.md",
        "content/emails/welcome-to-tandemly.md",
        "content/pricing/loyalty-discount.md",
    ]


def test_the_advanced_guide_tagged_onboarding_gets_a_stage_suggestion(audit):
    [f] = [f for f in audit.findings if f.rule == "stage-mismatch" and f.path.endswith("advanced-capacity-modeling.md")]
    assert {k: f.fix[k] for k in ("phase", "stage")} == {"phase": "customer", "stage": "success"}


def test_the_loyalty_page_quotes_customer_language(audit):
    [f] = [f for f in audit.findings if f.rule == "phase-mismatch" and f.path.endswith("loyalty-discount.md")]
    assert f.message.startswith("reads as customer/success, not buyer/decision: ")
    assert any("renew" in e.lower() or "your" in e.lower() or "thank you" in e.lower() for e in f.evidence)
    assert {k: f.fix[k] for k in ("phase", "stage")} == {"phase": "customer", "stage": "success"}


def test_the_welcome_email_quotes_buyer_language_and_its_demo_ask(audit):
    [f] = [f for f in audit.findings if f.rule == "phase-mismatch" and f.path.endswith("welcome-to-tandemly.md")]
    assert f.message.startswith("reads as buyer/")
    [c] = [f for f in audit.findings if f.rule == "cta-mismatch" and f.path.endswith("welcome-to-tandemly.md")]
    assert "cta: book-a-demo" in c.evidence


def test_every_document_has_a_prediction_in_range(audit):
    for doc in audit.documents:
        p = audit.analyses[doc.relpath].journey["predicted"]
        assert 0.5 <= p["confidence"] <= 1.0 and p["phase"] in ("buyer", "customer")
