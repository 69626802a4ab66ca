"""The shared spaCy pass: case-insensitive lemmas, block-aware sentences, chunking, language."""
from __future__ import annotations

from planner.language import detect_language
from planner.nlp import build, get_nlp, parse, sentence_spans


def test_lemmas_ignore_case_and_fix_known_lookup_errors():
    nlp = get_nlp()
    d = nlp("BUYING these Numbers first DOES help as Signed")
    assert [t.lemma_ for t in d] == ["buy", "these", "number", "first", "do", "help", "as", "sign"]


def test_a_heading_without_a_full_stop_does_not_run_into_the_next_paragraph():
    nlp = get_nlp()
    text = "A thank-you discount on your renewal\n\nThank you for being a loyal customer. Renew now."
    spans = sentence_spans(nlp(text))
    assert [text[a:b].strip() for a, b in spans] == [
        "A thank-you discount on your renewal", "Thank you for being a loyal customer.", "Renew now."]


def test_text_longer_than_max_length_is_chunked_not_rejected():
    nlp = build.__wrapped__(None)  # a private pipeline: the shared one keeps its limit
    nlp.max_length = 2000
    long = "Since you signed up, your team planned more. Click Settings to renew.\n\n" * 200
    docs = list(parse(nlp, ["short text", long, "another one"]))
    assert [d.text for d in docs] == ["short text", long, "another one"]
    spans = sentence_spans(docs[1])
    assert len([1 for a, b in spans if long[a:b].strip()]) == 400
    assert docs[1][-3].lemma_ == "renew"


def test_english_and_other_languages_are_told_apart():
    nlp = get_nlp()
    en = "Most teams miss deadlines for the same few reasons, and none of them is laziness. " * 4
    de = "Die meisten Teams verpassen Termine aus denselben Gründen, und keiner davon ist Faulheit. " * 4
    assert detect_language(nlp(en)) == "en"
    assert detect_language(nlp(de)) == "unknown"
    assert detect_language(nlp("Kurz und gut.")) == "en"  # too short to tell: judged as usual


def test_a_configured_trained_pipeline_that_is_not_installed_falls_back_to_the_blank_one(repo, cli):
    from tests.conftest import doc

    repo.config("""
    nlp:
      model: en_pipeline_that_is_not_installed
    """)
    repo.write("content/a.md", doc("awareness", "Most teams miss deadlines for the same few reasons. " * 12))
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert r.exit_code == 0
    assert r.json()["documents"][0]["predicted"]["phase"] == "buyer"
