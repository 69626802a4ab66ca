"""Quoted voices: a customer's testimonial or a quoted report is not the page's own
voice. The extractor marks quotations (Block.quoted); tone leaves them out of every
measure but readability, and its findings say how many words they left out."""
from __future__ import annotations

import pytest

from planner.config import default_config
from planner.markdown import extract, restored, stored
from tests.conftest import DEV_CORPUS, doc
from tests.test_tone_rules import PITCH, WE, findings, plain


def quoted(body: str) -> list[str]:
    prose, _ = extract(body, 0, 1)
    return [prose.text[b.start:b.end] for b in prose.blocks if b.quoted]


def test_a_block_quote_that_opens_with_a_quotation_mark_is_a_quotation():
    body = ("The team moved in a week.\n\n"
            "> \u201cAcme is the best tool we've ever used.\u201d\n> \u2014 Jane Doe, CTO\n")
    assert quoted(body) == ["\u201cAcme is the best tool we've ever used.\u201d \u2014 Jane Doe, CTO"]


@pytest.mark.parametrize("callout", [
    "> **Note:** \"Save\" keeps a draft.\n",
    "> [!NOTE]\n> \"Save\" keeps a draft.\n",
    "> \U0001F4D8 \"Save\" keeps a draft.\n",
    "> Warning: this deletes the board.\n",
])
def test_a_callout_block_quote_stays_the_pages_own_voice(callout):
    assert quoted("Some text.\n\n" + callout) == []


def test_a_block_quote_ending_in_an_attribution_line_is_a_quotation():
    body = "> We had a visibility problem, not a people problem.\n>\n> \u2014 Dana Okafor, Head of Planning\n"
    assert len(quoted(body)) == 2


def test_a_block_quote_led_in_by_a_verb_of_saying_is_a_quotation_and_a_bare_colon_is_not():
    assert quoted("The trade press reports:\n\n> Sales of planning tools doubled last year.\n") \
        == ["Sales of planning tools doubled last year."]
    assert quoted("Continuing the example above:\n\n> Jobs do not share storage.\n") == []
    # a code block between the lead-in and the block quote: not led in
    assert quoted("The log says:\n\n```\nok\n```\n\n> Jobs do not share storage.\n") == []


def test_a_paragraph_quoted_whole_with_its_attribution_is_a_quotation():
    body = ('"We used to argue about the numbers," she says. "Now we argue about the plan."\n\n'
            '"Save" keeps a draft and "Publish" shares it with your team.\n\n'
            '"Moving fast" is frightening. "Trying it for three weeks" is not.\n')
    assert quoted(body) == ['"We used to argue about the numbers," she says. "Now we argue about the plan."']


def test_a_testimonial_over_several_paragraphs_is_quoted_whole():
    body = ("\u201cWe needed something our coordinators could build with.\n\n"
            "Within a week they had built three tools.\n\n"
            "An absolute model for customer service.\u201d\n\n"
            "Acme now runs forty apps.\n")
    assert quoted(body) == ["\u201cWe needed something our coordinators could build with.",
                            "Within a week they had built three tools.",
                            "An absolute model for customer service.\u201d"]


def test_a_quotation_never_closed_is_not_a_quotation():
    assert quoted('"We needed something.\n\nWithin a week they had built three tools.\n') == []


def test_the_stored_extract_keeps_which_blocks_are_quotations():
    text = "Intro.\n\n> \u201cBest tool ever.\u201d says Jane.\n"
    prose, comments = extract(text, 0, 1)
    back, _ = restored(stored(prose, comments), text)
    assert [b.quoted for b in back.blocks] == [False, True]
    data = stored(prose, comments)
    data["blocks"][1][6] = 2  # not a flag
    assert restored(data, text) is None


TESTIMONIAL = ("> \u201c" + PITCH.replace("\n", " ") + "\u201d\n> \u2014 Jane Doe, CTO of Acme\n")


def test_a_customers_hype_in_a_testimonial_is_not_the_pages_hype(repo, cli):
    repo.write("content/case.md", doc("consideration", plain(4) + "\n" + TESTIMONIAL + "\n" + plain(2)))
    repo.write("content/own.md", doc("consideration", plain(4) + "\n" + PITCH + "\n\n" + plain(2)))
    found = findings(cli)
    assert not [f for f in found if f["path"] == "content/case.md" and f["rule"] in ("hype", "section-drift")]
    assert {"hype", "section-drift"} & {f["rule"] for f in found if f["path"] == "content/own.md"}


def test_a_customers_we_in_a_testimonial_is_not_self_centred_and_the_finding_says_what_was_left_out(repo, cli):
    story = "> \u201c" + WE + "\u201d says Dana, our customer.\n"
    repo.write("content/case.md", doc("consideration", WE + "\n\n" + WE + "\n\n" + story))
    found = [f for f in findings(cli) if f["path"] == "content/case.md" and f["rule"] == "self-centred"]
    assert found and "quoted from others" in found[0]["message"]
    assert not any(s["text"].startswith("\u201c") for s in found[0]["sentences"])


def test_readability_still_counts_the_quotations_the_reader_reads(repo, cli):
    from planner.analysis import analyse_documents
    from planner.loader import load_document

    path = repo.write("content/case.md", doc("consideration", "Short intro here.\n\n" + TESTIMONIAL))
    config = default_config(repo.root)
    d = load_document(path, config, repo.root)
    a = analyse_documents([d], config)[d.relpath]
    assert a.readability["words"] > 30  # the testimonial's sentences are read
    assert a.tone["quoted"]["words"] > 30 and a.tone["scores"]["hype"] == 0.0


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="the development corpus is not here")
def test_real_case_studies_testimonials_are_quotations_and_doc_callouts_are_not():
    config = default_config()
    from planner.loader import load_document

    def marked(name: str) -> tuple[int, int]:
        d = load_document(DEV_CORPUS / name, config)
        quotes = [b for b in d.prose.blocks if b.kind == "blockquote"]
        return sum(b.quoted for b in quotes), len(quotes)

    assert marked("haystack--telus-user-story.md") == (3, 3)  # "“...” says Kelsey."
    assert marked("budibase--customers-pays-basque.md") == (7, 7)
    assert marked("buildkite--best-practices-caching.md") == (0, 6)  # "> 📘 ..." notes
    assert marked("travis--caching.md")[0] == 0  # "> Please note that ..."


def test_planner_tone_json_says_how_much_of_the_page_is_quoted(repo, cli):
    repo.write("content/case.md", doc("consideration", plain(2) + "\n" + TESTIMONIAL))
    repo.write("content/plain.md", doc("consideration", plain(2)))
    r = cli("tone", "--format", "json")
    assert r.exit_code == 0, r.output
    by_path = {d["path"]: d for d in r.json()["documents"]}
    assert by_path["content/case.md"]["quoted"]["blocks"] == 1
    assert by_path["content/case.md"]["quoted"]["words"] > 30
    assert "quoted" not in by_path["content/plain.md"]


def test_a_block_quote_note_that_opens_with_a_quoted_button_name_stays_the_pages_own_voice():
    assert quoted('Some text.\n\n> "Save" keeps a draft; "Publish" shares it with your team.\n') == []
