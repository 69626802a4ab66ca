"""The language check: terse English (plan tables, feature lists) is English; other
languages are told by their own words, even in one short Latinate sentence.

The sentences are in tests/language_samples.py."""
from __future__ import annotations

import pytest

from planner.language import decide, detect_language
from planner.nlp import get_nlp
from tests.conftest import doc
from tests.language_samples import ENGLISH_PROSE, ENGLISH_TERSE, ENGLISH_UNSEEN, FOREIGN

# no function word and no letter of either language: nothing to tell them by (docs/tone.md, Limits)
UNTELLABLE = {"Centraal beheer van toegangsrechten. Verplichte aanmelding via een identiteitsprovider."}


def language(text: str) -> str:
    return detect_language(get_nlp()(text))


@pytest.mark.parametrize("text", ENGLISH_TERSE + ENGLISH_UNSEEN)
def test_short_latinate_english_without_function_words_is_english(text):
    assert language(text) == "en"


def test_a_long_run_of_terse_english_lines_is_english():
    table = "\n\n".join(ENGLISH_TERSE)  # 60 words, almost no "the", "of", "and"
    assert len(table.split()) >= 30
    assert language(table) == "en"


def test_english_prose_is_english():
    assert all(language(t) == "en" for t in ENGLISH_PROSE)


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_sentences_of_other_languages_are_not_english_even_one_short_latinate_sentence(lang):
    said = {t: language(t) for t in FOREIGN[lang]}
    assert {t for t, v in said.items() if v == "en"} == UNTELLABLE & set(FOREIGN[lang])
    assert language(" ".join(FOREIGN[lang])) == "unknown"


def test_a_sentence_with_nothing_of_either_language_stays_english():
    assert [language(t) for t in UNTELLABLE] == ["en"]


def test_a_foreign_name_or_two_in_short_english_is_still_english():
    assert language("Ask José or Zoë in support.") == "en"
    assert language("Kurz und gut.") == "en"  # one word of evidence is not enough


def test_evidence_must_outweigh_the_english_function_words():
    assert decide(words=10, english=0, foreign=2) == "unknown"
    assert decide(words=10, english=3, foreign=2) == "en"
    assert decide(words=100, english=5, foreign=10) == "en"  # under a share of 15%
    assert decide(words=100, english=5, foreign=20) == "unknown"


def test_a_pricing_page_of_plan_lines_is_linted_as_english(repo, cli):
    plans = "\n".join(f"- {line}" for t in ENGLISH_TERSE for line in t.split(". "))
    repo.write("content/pricing.md", doc("decision", plans + "\n"))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert r.exit_code == 0, r.output
    assert not [f for f in r.json()["findings"] if f["rule"] == "language-unknown"]
    assert r.json()["documents"][0]["tone"]


def test_a_short_page_in_another_language_is_not_judged_as_english(repo, cli):
    repo.write("content/tarifs.md", doc("decision", " ".join(FOREIGN["fr"][:2]) + "\n"))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert [f["rule"] for f in r.json()["findings"] if f["rule"] == "language-unknown"] == ["language-unknown"]
