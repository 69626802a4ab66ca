"""phase-mismatch, stage-mismatch, cta-mismatch and language-unknown on realistic pages."""
from __future__ import annotations

import math

from planner.journey.prediction import mismatch_confidence
from tests.conftest import doc

CUSTOMER_BODY = """
Thank you for being a loyal customer. Since you signed up, your team has planned
thousands of tasks and shipped every milestone on time.

## How your renewal works

Your subscription renews on the date shown under **Settings > Billing** in your workspace.
If you renew at least 30 days early, we apply the discount to your account automatically.
Your account manager can walk you through your usage over the past year and help you
choose the right plan for the next one. Your users keep their roles and permissions.
"""

BUYER_BODY = """
Why teams choose a shared planner over spreadsheets: one place for every project,
and a clear view of who is overloaded before deadlines slip.

## Compare plans

Compare our plans side by side. The Team plan is $12 per user per month, billed annually,
and the Business plan adds portfolio views, SSO and priority support. Every plan starts
with a free trial, no credit card required.

Start your free trial today, or request a demo and see how we stack up against the
alternatives you are evaluating.
"""

ADVANCED_BODY = """
This guide is for teams that have run their planning here for several months and want to
move beyond the basics. It assumes several months of history with effort estimates.

## Step 1: calculate historical velocity

Compare estimates with actuals for each person over time and optimise your estimates.

## Step 2: tune utilisation targets

Fine-tune utilisation targets per role. Advanced teams review the model every quarter,
fine-tuning targets as the team changes. Optimisation at this level needs historical data
and a settled weekly rhythm; mature teams revisit it each quarter.
"""


def _lint(repo, cli, **files):
    for name, text in files.items():
        repo.write(f"content/{name}.md", text)
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert r.exit_code == 0, r.output + r.stderr
    return r.json()


def _rules(data, rule):
    return [f for f in data["findings"] if f["rule"] == rule]


def test_customer_language_on_a_buyer_page_is_a_phase_mismatch_with_quoted_evidence(repo, cli):
    data = _lint(repo, cli, loyalty=doc("decision", CUSTOMER_BODY, phase="buyer", title="A thank-you discount on your renewal"))
    [f] = _rules(data, "phase-mismatch")
    assert f["severity"] == "warning"
    assert f["message"].startswith("reads as customer/success, not buyer/decision: ")
    assert {k: f["fix"][k] for k in ("phase", "stage")} == {"phase": "customer", "stage": "success"}
    assert len(f["evidence"]) == 3 and all(f'"{e}"' in f["message"] for e in f["evidence"])
    assert any("since you signed up" in e.lower() or "your" in e.lower() for e in f["evidence"])
    assert f["why"]


def test_phase_mismatch_spans_point_at_the_quoted_text_in_the_file(repo, cli):
    data = _lint(repo, cli, loyalty=doc("decision", CUSTOMER_BODY, phase="buyer", title="A thank-you discount on your renewal"))
    [f] = _rules(data, "phase-mismatch")
    lines = (repo.root / "content" / "loyalty.md").read_text().splitlines()
    first = f["sentences"][0]  # the finding's own span is the strongest sentence
    assert (f["line"], f["column"], f["end_line"]) == (first["line"], first["column"], first["end_line"])
    quoted = set()
    for s in f["sentences"]:
        # the sentence starts where the record says (Markdown markup aside)
        assert lines[s["line"] - 1][s["column"] - 1:].startswith(s["text"].split()[0])
        covered = "\n".join(lines[s["line"] - 1:s["end_line"]])
        for a, b in s["highlights"]:
            text = s["text"][a:b]
            assert text.lower() in covered.lower()
            quoted.add(text.lower())
    # every evidence phrase is highlighted in a quoted sentence
    assert all(any(e.lower() in q or q in e.lower() for q in quoted) for e in f["evidence"])


def test_a_quoted_sentence_keeps_its_inline_code_and_highlights_still_point_at_the_phrases(repo, cli):
    body = CUSTOMER_BODY.replace("under **Settings > Billing** in your workspace",
                                 "under `Settings > Billing` in your workspace (run `plan renew  --dry-run` first)")
    data = _lint(repo, cli, loyalty=doc("decision", body, phase="buyer", title="A thank-you discount on your renewal"))
    [f] = _rules(data, "phase-mismatch")
    quoted = {s["text"]: s for s in f["sentences"]}
    renew = [t for t in quoted if t.startswith("Your subscription renews")]
    assert renew, quoted
    # not "shown under  in your workspace (run  first)": the code is where the writer put it
    assert "shown under `Settings > Billing` in your workspace (run `plan renew --dry-run` first)." in renew[0]
    for s in f["sentences"]:
        for a, b in s["highlights"]:
            assert "`" not in s["text"][a:b] and s["text"][a:b].strip() == s["text"][a:b]


def test_the_same_customer_page_tagged_success_raises_no_journey_finding(repo, cli):
    data = _lint(repo, cli, loyalty=doc("success", CUSTOMER_BODY, title="A thank-you discount on your renewal"))
    assert not _rules(data, "phase-mismatch")
    assert not _rules(data, "cta-mismatch")
    predicted = data["documents"][0]["predicted"]
    assert predicted["phase"] == "customer"
    assert set(predicted["scores"]) == {"awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy"}
    assert abs(sum(predicted["scores"].values()) - 1) < 0.01


def test_buyer_language_in_an_onboarding_email_is_a_phase_mismatch(repo, cli):
    data = _lint(repo, cli, welcome=doc("onboarding", BUYER_BODY, title="Welcome aboard"))
    [f] = _rules(data, "phase-mismatch")
    assert f["message"].startswith("reads as buyer/")
    assert f["fix"]["phase"] == "buyer"


def test_a_pricing_page_with_buyer_language_raises_no_phase_mismatch(repo, cli):
    data = _lint(repo, cli, pricing=doc("decision", BUYER_BODY, title="Plans and pricing"))
    assert not _rules(data, "phase-mismatch")
    assert data["documents"][0]["predicted"]["phase"] == "buyer"


def test_confidence_threshold_is_an_option(repo, cli):
    # a renewal section under a buyer-side intro: customer, sure but not certain (the
    # threshold is 0-1, so a page read as certain cannot be silenced by it)
    body = CUSTOMER_BODY.split("## How")[1] + BUYER_BODY.split("## Compare plans")[0]
    page = doc("decision", body, phase="buyer", title="A thank-you discount on your renewal")
    data = _lint(repo, cli, loyalty=page)
    assert _rules(data, "phase-mismatch")
    confidence = mismatch_confidence(data["documents"][0]["predicted"], "decision")
    assert confidence < 1.0
    repo.config(f"""
    rules:
      phase-mismatch: {{options: {{min_confidence: {(confidence + 1) / 2:.5f}}}}}
    """)
    data = _lint(repo, cli, loyalty=page)
    assert data["documents"][0]["predicted"]["phase"] == "customer"
    assert not _rules(data, "phase-mismatch")  # below the threshold: the prediction is there, no finding


def test_an_abstained_prediction_shows_the_confidence_the_rule_compared_and_no_warning(repo, cli):
    body = CUSTOMER_BODY.split("## How")[1] + BUYER_BODY.split("## Compare plans")[0]
    page = doc("decision", body, phase="buyer", title="A thank-you discount on your renewal")
    data = _lint(repo, cli, loyalty=page, plans=doc("decision", BUYER_BODY, title="Plans and pricing"))
    docs = {d["path"]: d["predicted"] for d in data["documents"]}
    loyalty = docs["content/loyalty.md"]
    assert loyalty["mistag_confidence"] == mismatch_confidence(loyalty, "decision") > loyalty["confidence"]
    assert "mistag_confidence" not in docs["content/plans.md"]  # read as its own phase: nothing to doubt
    repo.config(f"""
    rules:
      phase-mismatch: {{options: {{min_confidence: {min(0.99999, loyalty["mistag_confidence"] + 0.0001):.5f}}}}}
    """)
    data = _lint(repo, cli, loyalty=page)
    assert not _rules(data, "phase-mismatch")
    assert data["documents"][0]["predicted"]["mistag_confidence"] == loyalty["mistag_confidence"]


def test_short_pages_get_no_prediction_and_no_mismatch(repo, cli):
    body = "Since you signed up, your subscription renews in your workspace. Renew now.\n"
    data = _lint(repo, cli, short=doc("awareness", body, title="Short"))
    assert data["documents"][0]["predicted"]["confidence"] == 0
    assert data["documents"][0]["predicted"]["phase"] is None
    assert not _rules(data, "phase-mismatch") and not _rules(data, "stage-mismatch")


def test_an_advanced_piece_tagged_onboarding_gets_a_stage_suggestion(repo, cli):
    data = _lint(repo, cli, adv=doc("onboarding", ADVANCED_BODY, title="Advanced capacity modelling"))
    [f] = _rules(data, "stage-mismatch")
    assert f["severity"] == "suggestion"
    assert {k: f["fix"][k] for k in ("phase", "stage")} == {"phase": "customer", "stage": "success"}
    assert not _rules(data, "phase-mismatch")


def test_a_phase_mismatch_says_what_to_do_retag_or_rewrite_for_the_tagged_reader(repo, cli):
    data = _lint(repo, cli, loyalty=doc("decision", CUSTOMER_BODY, phase="buyer", title="A thank-you discount on your renewal"),
                 welcome=doc("onboarding", BUYER_BODY, title="Welcome aboard"))
    [buyer_page] = [f for f in _rules(data, "phase-mismatch") if f["path"].endswith("loyalty.md")]
    # `phase: buyer` is written in the file: the retag must change it with the stage
    assert buyer_page["fix"]["text"].startswith(
        "if the text is right, retag the page `phase: customer`, `stage: success`; "
        "if the tag is right (it is meant for buyer/decision), rewrite the quoted sentences for someone who has not bought yet")
    [customer_page] = [f for f in _rules(data, "phase-mismatch") if f["path"].endswith("welcome.md")]
    assert "retag the page `stage: " in customer_page["fix"]["text"] and "`phase:" not in customer_page["fix"]["text"]
    assert "for someone who has already paid" in customer_page["fix"]["text"]
    text = cli("lint", "-v", "--fail-on", "none").output
    assert "do: if the text is right, retag the page `phase: customer`, `stage: success`" in text


def test_the_why_of_a_buyer_page_read_as_customer_covers_steps_inside_the_product(repo, cli):
    # a verdict driven by set-up steps, not by an account or a subscription: the why must still fit it
    body = """
    Open Settings > Integrations and click Connect next to Slack. Choose the channel, then click Save.

    ## Choose what to send

    Go to Settings > Notifications and pick the events to post. Click Add rule, choose a project and
    click Save. Open the project, click the bell icon and choose Mute to pause it for a while.
    """
    data = _lint(repo, cli, slack=doc("awareness", body * 2, title="Connect Slack notifications"))
    [f] = _rules(data, "phase-mismatch")
    assert f["why"].startswith("A buyer has not bought yet. Copy written for someone who already has the product "
                               "(their account or subscription, steps inside the product, a past purchase)")


def test_a_stage_mismatch_shows_its_confidence_and_says_what_to_do(repo, cli):
    data = _lint(repo, cli, adv=doc("onboarding", ADVANCED_BODY, title="Advanced capacity modelling"))
    [f] = _rules(data, "stage-mismatch")
    p = data["documents"][0]["predicted"]["scores"]["success"]
    assert f["message"].endswith(f"(confidence {math.floor(p * 100 + 1e-9) / 100:.2f})")
    assert f["fix"]["text"] == ("if the text is right, retag the page `stage: success`; if the tag is right, rewrite the "
                                "quoted passages for onboarding readers (has just bought: first steps, set-up, the first small win)")
    assert f["why"].startswith("The text is written for success readers (wants more value: ")


def test_a_journey_confidence_is_never_shown_as_certain():
    from planner.journey.prediction import shown_confidence

    assert shown_confidence(0.9994) == "0.99" and shown_confidence(1.0) == "0.99"
    assert shown_confidence(0.95) == "0.95" and shown_confidence(0.29) == "0.29" and shown_confidence(0.9549) == "0.95"


def test_a_first_steps_guide_tagged_onboarding_gets_no_stage_suggestion(repo, cli):
    body = """
    Welcome aboard! This guide walks you through your first week, step by step.

    ## Step 1: set up your workspace

    Sign in for the first time and create your workspace. Give it your team's name.

    ## Step 2: invite your team

    Go to Settings > Members and click Invite. Add your teammates' email addresses.

    ## Step 3: create your first project

    Click New project, pick a template and add your first tasks. That's your first small win.
    """
    data = _lint(repo, cli, first=doc("onboarding", body, title="Getting started: your first week"))
    assert not _rules(data, "stage-mismatch") and not _rules(data, "phase-mismatch")
    assert data["documents"][0]["predicted"]["stage"] == "onboarding"


AWARENESS_BODY = """
Most teams miss deadlines for the same few reasons, and none of them is laziness.
Work arrives from too many places, estimates are guesses, and nobody can see who is
overloaded until it is too late. In this article we look at why deadlines slip and
what the research says about planning in teams that ship on time.

## The problem with invisible work

Invisible work is the work nobody planned: the urgent request, the quick favour.
"""


def test_buy_now_cta_on_an_awareness_post_is_a_cta_mismatch(repo, cli):
    body = AWARENESS_BODY + "\nBuy the Business plan today and save 20%. [Buy now](/checkout).\n"
    data = _lint(repo, cli, post=doc("awareness", body, title="Why teams miss deadlines", cta="buy-now"))
    [f] = _rules(data, "cta-mismatch")
    assert "cta: buy-now" in f["evidence"] and "Buy now" in f["evidence"]
    assert f["fix"] == {"cta": "subscribe-newsletter"}
    line = (repo.root / "content" / "post.md").read_text().splitlines()[f["line"] - 1]
    assert line[f["column"] - 1:].startswith("Buy now")


def test_soft_cta_on_an_awareness_post_is_fine(repo, cli):
    body = AWARENESS_BODY + "\n[Subscribe to our newsletter](/newsletter) for one practical idea a week.\n"
    data = _lint(repo, cli, post=doc("awareness", body, title="Why teams miss deadlines", cta="subscribe-newsletter"))
    assert not _rules(data, "cta-mismatch")


def test_passing_mention_of_buying_is_not_a_call_to_action(repo, cli):
    body = AWARENESS_BODY + "\nSome teams buy a bigger tool when a better habit would do.\n"
    data = _lint(repo, cli, post=doc("awareness", body, title="Why teams miss deadlines"))
    assert not _rules(data, "cta-mismatch")


def test_book_a_demo_link_in_an_onboarding_guide_is_a_cta_mismatch(repo, cli):
    body = """
    Welcome! Here is what to do in your first week: set up your workspace, invite your
    team and create your first project. Each step takes a few minutes.

    ## Step 1: create your workspace

    Sign in and go to Settings to name your workspace. Then invite your teammates.

    Want to see more? [Book a demo](/demo) with our sales team.
    """
    data = _lint(repo, cli, first=doc("onboarding", body, title="Your first week"))
    [f] = _rules(data, "cta-mismatch")
    assert "Book a demo" in f["evidence"]
    assert f["sentences"] and f["sentences"][0]["text"] == "Book a demo with our sales team."


def test_cta_mismatch_does_not_contradict_phase_mismatch_when_the_ask_fits_what_the_page_reads_as(repo, cli):
    """Retagging as phase-mismatch says and changing the ask as cta-mismatch used to say
    made a new cta-mismatch: the ask fits the text, so the fix is the tag."""
    body = CUSTOMER_BODY + "\nRenew now and lock in your loyalty rate.\n"
    data = _lint(repo, cli, loyalty=doc("decision", body, phase="buyer", title="A thank-you discount on your renewal",
                                        cta="renew-plan"))
    [phase] = _rules(data, "phase-mismatch")
    [cta] = _rules(data, "cta-mismatch")
    assert cta["fix"] == {"phase": "customer", "stage": "success"}
    assert {k: phase["fix"][k] for k in ("phase", "stage")} == cta["fix"]
    assert "the ask fits what the page reads as, customer/success: retag the page (see phase-mismatch)" in cta["message"]
    assert "or, if it is meant for buyer/decision, rewrite it and try e.g. `cta: start-free-trial`" in cta["message"]


def test_cta_mismatch_without_a_phase_mismatch_suggests_the_ask_for_the_tagged_stage(repo, cli):
    body = CUSTOMER_BODY + "\nRenew now and lock in your loyalty rate.\n"
    repo.write("planner.yml", "rules:\n  phase-mismatch: 'off'\n")
    data = _lint(repo, cli, loyalty=doc("decision", body, phase="buyer", title="A thank-you discount on your renewal",
                                        cta="renew-plan"))
    [cta] = _rules(data, "cta-mismatch")
    assert cta["fix"] == {"cta": "start-free-trial"} and "see phase-mismatch" not in cta["message"]


def test_trial_cta_on_a_decision_page_is_fine(repo, cli):
    data = _lint(repo, cli, pricing=doc("decision", BUYER_BODY, title="Plans and pricing", cta="start-free-trial"))
    assert not _rules(data, "cta-mismatch")


def test_unknown_cta_values_are_not_judged(repo, cli):
    data = _lint(repo, cli, post=doc("awareness", AWARENESS_BODY, title="Why teams miss deadlines", cta="enroll-academy"))
    assert not _rules(data, "cta-mismatch")


def test_non_english_text_is_skipped_with_a_suggestion(repo, cli):
    body = """
    Die meisten Teams verpassen Termine aus denselben Gründen, und keiner davon ist Faulheit.
    Die Arbeit kommt aus zu vielen Richtungen, Schätzungen sind Vermutungen, und niemand sieht,
    wer überlastet ist, bis es zu spät ist. In diesem Artikel zeigen wir, warum Termine
    rutschen und was die Forschung über Planung in Teams sagt, die pünktlich liefern.
    Seit Sie sich angemeldet haben, verlängert sich Ihr Abonnement automatisch.
    """
    data = _lint(repo, cli, de=doc("decision", body, title="Warum Teams Termine verpassen"))
    [f] = _rules(data, "language-unknown")
    assert f["severity"] == "suggestion"
    assert not _rules(data, "phase-mismatch")
    assert data["documents"][0]["language"] == "unknown"


def test_handoff_bridge_findings_say_what_to_do_in_json_and_verbose_text(cli, monkeypatch):
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    data = cli("lint", "content", "--format", "json", "--fail-on", "none", "--no-cache").json()
    bridges = _rules(data, "handoff-bridge")
    assert bridges and all(f["fix"] and f["fix"]["text"].startswith("publish an onboarding page tagged `") for f in bridges)
    [auto] = [f for f in bridges if f["path"] == "content/trust/automation-for-enterprise-teams.md"]
    assert auto["fix"]["text"] == ("publish an onboarding page tagged `topic: automation` that picks up where this one "
                                   "leaves off, or add `topic: automation` to the onboarding page that already covers it")
    text = cli("lint", "content", "-v", "--fail-on", "none", "--no-cache").output
    assert "do: publish an onboarding page tagged `topic: automation`" in text
