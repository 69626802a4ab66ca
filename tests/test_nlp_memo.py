"""The tokenizer memo (planner.nlp._prime): pages give the very tokens spaCy gives
without it, however many pages came before and whatever special cases they hold."""
from __future__ import annotations

import spacy

from planner.nlp import TOKENIZER_MEMO, build, parse

PAGES = [
    "Don't worry: it's set up in 5 min. (e.g. invite your team) :) We'll see.\n\nNext steps...",
    "Set up your workspace, invite your team and plan your first week. Don't wait!",
    "U.S. teams can't use it yet; it's coming e.g. in Q3. Mr. Smith's team (re-)tested it.",
    "plan your first week, don't wait: invite your team. Set up... your workspace!",
]


def test_memoised_tokens_are_the_tokens_spacy_gives_without_the_memo():
    nlp = build(None)
    plain = spacy.blank("en").tokenizer  # spaCy's own, memo as shipped
    assert nlp.tokenizer.max_cache_size == TOKENIZER_MEMO
    for _ in range(2):  # the second time every chunk comes from the memo
        for page, doc in zip(PAGES, parse(nlp, PAGES)):
            assert [(t.text, t.idx, t.whitespace_) for t in doc] == [(t.text, t.idx, t.whitespace_) for t in plain(page)]
