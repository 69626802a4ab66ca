"""The per-document hot path's shortcuts give exactly what the straightforward
computation gives: nominalisations found word by word, lemmas looked up in arrays,
the sentencizer's punctuation memo, the Markdown parser without its normalize rule."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt

from planner.config import default_config
from planner.markdown import _parser, extract
from planner.nlp import LEMMA_OVERRIDES, _lemma_table, build
from planner.tone.lexicon import lexicons
from planner.tone.profile import _in_words, _Words, count

TRICKY = ("The configuration of the implementation_configuration and re-configuration, "
          "pre_organisations; l'organisation 2configurations configuration2 éorganisation "
          "Configurations ORGANISATION-wide self-management-dependency disappointments. "
          "maintenance_performance performance-maintenance _improvement improvement_")


def _marks_by_regex(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(_Words(text).low)]


def test_nominalisations_found_word_by_word_are_those_the_pattern_finds_in_the_text():
    lex = lexicons(default_config())
    for text in (TRICKY, TRICKY.upper(), TRICKY.replace(" ", "_"), TRICKY.replace(" ", "-"), "", "_", "tion"):
        w = _Words(text)
        found = sorted((w.starts[k] + s, w.starts[k] + e)
                       for word, spans in _in_words(w, lex.nominal).items() for k in w.positions(word)
                       for s, e in spans if not (s == 0 and w.seps[k].endswith("_")))
        assert found == _marks_by_regex(text, lex.nominal), text


def test_nominal_marks_come_sorted_and_counted_once_each():
    lex = lexicons(default_config())
    from planner.model import Block

    _, marks, _ = count(TRICKY, [Block("paragraph", 0, len(TRICKY), 1)], [[0, len(TRICKY)]], lex)
    assert [tuple(m) for m in marks["nominal"]] == _marks_by_regex(TRICKY, lex.nominal)


def test_lemmas_from_the_arrays_are_the_lemmas_the_table_gives():
    nlp = build(None)
    lemmatizer = nlp.get_pipe("planner_lemmatizer")
    words = ["Buying", "DOES", "numbers", "data", "running", "The", "us", "ran", "Xyzzy", "mice"]
    # enough distinct words that the arrays are rebuilt, then every word again from them
    text = " ".join(words + [f"word{i}" for i in range(3000)] + words)
    for _ in range(2):
        doc = nlp(text)
        assert len(lemmatizer._keys) > 0
        for t in doc:
            lower = t.text.lower()
            want = LEMMA_OVERRIDES.get(lower) or _lemma_table().get(lower, lower)
            assert t.lemma_ == (want if isinstance(want, str) else lower), t.text


def test_the_sentencizer_splits_with_its_memoised_punctuation_as_without():
    nlp = build(None)
    doc = nlp("It works. Does it? Yes! Next line\n\nA heading\n\nA paragraph... and more; fine.")
    assert [s.text for s in doc.sents] == ["It works.", "Does it?", "Yes!", "Next line\n\n", "A heading\n\n",
                                            "A paragraph... and more; fine."]


def test_markdown_with_carriage_returns_and_nuls_parses_as_markdown_it_would():
    stock = MarkdownIt("commonmark", {"html": True}).enable("table")
    for body in ("a\r\nb\r\rc\x00d *x*\r\n\r\n# h\r", "\x00", "x\r", "| a |\r\n|---|\r\n| b |\r\n"):
        ours = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
        assert [t.as_dict() for t in _parser().parse(ours)] == [t.as_dict() for t in stock.parse(body)]
        # the prose is what the normalised text gives, its offsets those of the text as it is
        prose, normal = extract(body, 0, 1)[0], extract(ours, 0, 1)[0]
        assert prose.text == normal.text and [b.kind for b in prose.blocks] == [b.kind for b in normal.blocks]
        assert all(o < 0 or body[o] == ch for ch, o in zip(prose.text, prose.offsets))
