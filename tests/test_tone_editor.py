"""The tone checker as an editor meets it: verdicts that are right on the text, numbers
that mean something to a writer, advice that fits the cause (the session 7 review)."""
from __future__ import annotations

from pathlib import Path

from planner.rules import readability as readability_rule
from planner.tone import verdicts as v
from tests.conftest import doc
from tests.test_tone import profile
from tests.test_tone_rules import example, findings, plain  # noqa: F401  (example: a fixture)

# An IT-management explainer in the inclusive "we": the writer speaks as the reader's
# own IT department ("our services"), not as the vendor praising itself.
INCLUSIVE = (
    "Configuration management helps us keep track of our services and the assets behind them. As we iterate, "
    "we can build a clearer picture of our IT services, and we must build these links into our service design. "
    "We measure value by what our IT team delivers to colleagues. Once we've created a record for each server, "
    "we can see which of our services depend on it, and our IT team can plan changes with fewer surprises. "
    "Our services change every week, so we can build the record step by step, and our teams keep it current.")


def _self_marks(tmp_path: Path, body: str) -> list[str]:
    d, a = profile(tmp_path, body)
    return [d.prose.text[m[0]:m[1]].lower() for m in v.marks_in(a, ["we"], kinds={"self"})]


def test_a_modal_or_an_object_between_we_and_the_verb_is_not_self_praise(tmp_path):
    assert _self_marks(tmp_path, "We can build a form here. We must build the list first. We measure value by "
                                 "cost. Once we've created the list, we look at it again.\n") == []


def test_we_with_an_auxiliary_or_adverb_before_the_verb_is_still_self_praise(tmp_path):
    found = _self_marks(tmp_path, "We have built a planner. We also offer support. We carefully designed it. "
                                  "We are proud of it, and of what we've created. We can help.\n")
    assert found == ["we have built", "we also offer", "we carefully designed", "we are proud", "we've created",
                     "we can help"]


def test_an_organisations_inclusive_we_is_at_most_a_suggestion(repo, cli):
    repo.write("content/itsm.md", doc("awareness", (INCLUSIVE + "\n\n") * 3))
    selfish = [f for f in findings(cli) if f["rule"] == "self-centred"]
    assert all(f["severity"] == "suggestion" for f in selfish)
    assert not {"we can build", "we must build", "we measure value"} & {e.lower() for f in selfish
                                                                       for e in f["evidence"]}


def test_overlapping_phrases_are_one_expression():
    text = "As ever, we're always grateful to you. Grateful!"
    a, b = text.index("we're"), text.index("grateful to")
    marks = [[a, b + len("grateful")], [b, b + len("grateful to")]]
    assert v.spans(marks) == [(a, b + len("grateful to"))]
    assert v.distinct(text, marks) == 1


def test_one_grateful_expression_is_not_a_writer_centred_break(repo, cli):
    body = (plain(6) + "\nAs a non-profit organisation we're always grateful to receive any and all donations to "
            "help our work, and allow us to employ more people to work on the product directly.\n\n" + plain(6))
    repo.write("content/give.md", doc("advocacy", body))
    assert [f for f in findings(cli) if f["rule"] == "section-drift"] == []


def test_the_same_phrase_in_another_case_is_named_once(tmp_path):
    d, a = profile(tmp_path, "Really, it is the best. It really is the best tool, and The best one.\n")
    got = v.phrases(d, v.marks_in(a, ["hype"]))
    assert [p.lower() for p in got] == sorted({p.lower() for p in got}, key=[p.lower() for p in got].index)
    assert len([p for p in got if p.lower() == "really"]) == 1


def test_praise_denied_is_not_hype(tmp_path):
    d, a = profile(tmp_path, "The tool is far from perfect, and it is not the best fit for every team.\n")
    assert v.marks_in(a, ["hype", "mild_hype"]) == []
    d, a = profile(tmp_path, "The tool is perfect, and it is the best one.\n", name="b.md")
    assert len(v.marks_in(a, ["hype", "mild_hype"])) == 2


def test_a_missed_target_never_reads_as_met():
    _below, _above = readability_rule._below, readability_rule._above
    assert _below(49.7, 50) == "49.7" and _below(42.3, 60) == "42"
    assert _above(8.04, 8) == "8.04" and _above(8.001, 8) == "8.01" and _above(10.4, 10) == "10.4"


def _readability_message(repo, cli, paragraph: str, cause: str) -> str:
    repo.write("content/page.md", doc("onboarding", (paragraph * 3 + "\n\n") * 3))
    read = [f for f in findings(cli) if f["rule"] == "readability"]
    assert len(read) == 1 and read[0]["fix"]["cause"] == cause
    assert set(read[0]["fix"]) >= {"flesch_min", "grade_max", "sentence_mean", "syllables_per_word"}
    return read[0]["message"]


def test_readability_advice_names_long_words_when_the_sentences_are_short(repo, cli):
    message = _readability_message(repo, cli, (
        "Administrative configuration necessitates organisational authorisation. Documentation regarding "
        "authentication is available. Synchronisation functionality operates continuously. Notification "
        "preferences are individually customisable. "), "long words")
    assert "the words are long" in message and "Split" not in message and "syllables" in message
    assert "reading ease -" not in message  # on the 0-100 scale `planner tone` shows


def test_readability_advice_names_long_sentences_when_the_words_are_short(repo, cli):
    message = _readability_message(repo, cli, (
        "When you open the board you can see each card and who has it and when it is due and what is left to do "
        "on it, and if a card is late you can drag it to the next week or give it to a friend who has more time "
        "this week than you do. "), "long sentences")
    assert "the sentences are long" in message


def test_tone_drift_gives_phrase_rates_per_100_words(example):
    drift = [f for f in example["findings"] if f["rule"] == "tone-drift"
             and f["path"] == "content/help/automation-rules-guide.md"]
    assert drift and "hype phrases 13 per 100 words against" in drift[0]["message"]


PRAISE_LIST = """Why teams like the new exporter:

- Honestly, the new exporter is a joy to use.
- Everything feels snappy and polished.
- Pulling your data out is now genuinely effortless.
- You'll love it, it is truly amazing!
"""
PLAIN_LIST = """What the file holds:

- one task per row, with its owner and due date;
- the status and the labels of each task;
- archived tasks, when you tick **Include archived**.
"""


def test_a_list_of_short_bullets_in_another_voice_is_one_passage(repo, cli):
    path = repo.write("content/export.md", doc("adoption", plain(4) + "\n" + PRAISE_LIST + "\n" + plain(4)))
    line = path.read_text().splitlines().index("- Honestly, the new exporter is a joy to use.") + 1
    drift = [f for f in findings(cli) if f["rule"] == "section-drift"]
    assert len(drift) == 1 and drift[0]["message"].startswith("this list turns to praise")
    assert drift[0]["line"] == line and drift[0]["end_line"] == line + 3


def test_a_plain_list_in_a_plain_page_is_quiet(repo, cli):
    repo.write("content/export.md", doc("adoption", plain(4) + "\n" + PLAIN_LIST + "\n" + plain(4)))
    assert [f for f in findings(cli) if f["rule"] == "section-drift"] == []


def test_a_small_estates_usual_rate_says_it_is_mostly_the_reference_profile(repo, cli):
    repo.write("content/export.md", doc("adoption", plain(4) + "\n" + PRAISE_LIST + "\n" + plain(4)))
    drift = [f for f in findings(cli) if f["rule"] == "section-drift"]
    assert drift and "in adoption pages (mostly planner's reference profile: this estate has" in drift[0]["message"]
    assert "of this estate" not in drift[0]["message"]


def test_an_inclusive_we_is_told_it_speaks_as_we_not_that_it_is_about_the_company(repo, cli):
    repo.write("content/itsm.md", doc("awareness", (INCLUSIVE + "\n\n") * 3))
    selfish = [f for f in findings(cli) if f["rule"] == "self-centred"]
    assert selfish and selfish[0]["message"].startswith("the copy speaks as 'we' and 'our', hardly to the reader")
    assert "about the writer" not in selfish[0]["message"]


def test_a_page_not_in_english_is_told_its_tone_was_not_checked(repo, cli):
    repo.write("content/de.md", doc("adoption", (
        "Unsere Plattform ist die beste der Welt. Wir haben sie mit Liebe gebaut, und wir sind sehr stolz darauf. "
        "Sie werden begeistert sein, wie einfach alles funktioniert, und unser Team hilft Ihnen jeden Tag.\n")))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    unknown = [f for f in r.json()["findings"] if f["rule"] == "language-unknown"]
    assert unknown and "tone" in unknown[0]["message"]


def test_one_word_and_an_exclamation_mark_are_not_two_phrases(repo, cli):
    body = plain(6) + "\nThe exporter instantly supports every board on every plan, in all modes!\n\n" + plain(6)
    repo.write("content/export.md", doc("onboarding", body))
    assert [f for f in findings(cli) if f["rule"] == "section-drift"] == []
