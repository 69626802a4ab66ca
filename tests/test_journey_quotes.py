"""The journey reading counts the page's own words, not the quotations in it: a case
study's testimonial in the customer's voice ("our subscription", "we renewed") is not
the page speaking to a customer (planner/journey/voices.py)."""
from __future__ import annotations

from planner.analysis import analyse_documents
from planner.config import default_config
from planner.loader import load_document
from tests.conftest import doc

STORY = """
Northwind is a logistics company with 400 people across six warehouses. Their
operations team planned every shipment in spreadsheets, and deadlines slipped
whenever a planner was away.

## The challenge

Before they switched, each warehouse kept its own sheet. Nobody could see who was
overloaded until a delivery was already late, and managers spent Friday afternoons
reconciling numbers by hand.

## The results

Within three months, Northwind cut the time spent on weekly planning by half and
stopped missing delivery windows. Managers now see every warehouse's load in one view.

{testimonial}

Read more customer stories, or compare plans to see which one fits your team.
"""

CUSTOMER_WORDS = ("Since we signed up, our subscription has paid for itself many times over. Our team uses it "
                  "every day: we set up our workspace in an afternoon, our account manager walked us through "
                  "the billing settings under Settings > Billing, and we renewed our subscription for three more years.")

QUOTED = f"> “{CUSTOMER_WORDS}”\n>\n> — Dana Okafor, Head of Operations, Northwind"


def analysed(repo, body: str, name: str = "case"):
    path = repo.write(f"content/{name}.md", doc("consideration", body, title="How Northwind cut planning time in half",
                                                format="case-study"))
    config = default_config(repo.root)
    d = load_document(path, config, repo.root)
    return d, analyse_documents([d], config)[d.relpath]


def test_a_testimonials_customer_words_are_not_counted_as_the_pages_own(repo):
    d, a = analysed(repo, STORY.format(testimonial=QUOTED))
    quote = next(b for b in d.prose.blocks if b.quoted)
    inside = [h for h in a.journey["signals"] if quote.start <= h["start"] < quote.end]
    assert inside == []  # "billing", "settings", "set up" in the customer's mouth: no signal
    feats = a.journey["features"]
    assert not any(k.endswith(("renewal-and-billing", "ui-instructions", "first-steps")) for k in feats)
    assert not any(k.startswith("w:") and ("subscription" in k or "renewed" in k) for k in feats)
    assert a.journey["predicted"]["phase"] == "buyer"


def test_counting_quotations_again_brings_the_customers_words_back_as_signals(repo, monkeypatch):
    # the switch the benchmark compares with: the reading before quotations were left out
    from planner.journey import voices

    _, own = analysed(repo, STORY.format(testimonial=QUOTED), "own")
    monkeypatch.setattr(voices, "COUNT_QUOTATIONS", True)
    _, counted = analysed(repo, STORY.format(testimonial=QUOTED), "counted")
    assert {"renewal-and-billing", "ui-instructions", "first-steps"} <= {h["signal"] for h in counted.journey["signals"]}
    assert not {"renewal-and-billing", "ui-instructions", "first-steps"} & {h["signal"] for h in own.journey["signals"]}


def test_a_case_study_whose_testimonial_says_our_subscription_gets_no_phase_mismatch(repo, cli):
    repo.write("content/case.md", doc("consideration", STORY.format(testimonial=QUOTED),
                                      title="How Northwind cut planning time in half", format="case-study"))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    data = r.json()
    assert not [f for f in data["findings"] if f["rule"] == "phase-mismatch"]
    quoted_words = {"subscription", "renewed", "billing", "workspace"}
    for f in data["findings"]:  # no journey finding quotes the customer's words as the page's
        if f["rule"] in ("stage-mismatch", "cta-mismatch"):
            assert not quoted_words & {w.lower().strip("“”\"") for e in f.get("evidence", []) for w in e.split()}
