"""Cheap "is this English?" check, so English-only signals are not run on other languages.

English running text is ~35–55% function words (the, and, of, to, you, ...); technical
English rarely drops below 20%, and a page of it at or over 12% is English at once (the
fast path: nearly every page). Below that, or on a short text, a low English share is
not enough: a plan table, a feature list or a label ("Unlimited public projects.
Priority technical support.") has hardly any function words in any language. So the
check asks for **evidence of another language**: its own function words
(``planner/data/language/function_words.txt``: French, German, Spanish, Portuguese,
Dutch, Italian), letters English does not use (é, ü, ñ, ç, ß, ...), endings no
English word has ("-zione", "-heit", "-atie") and elisions ("l'espace",
"dell'account"). A text is not English when that evidence outweighs its English
function words and makes up a fair share of it (see :func:`decide`). A text with no
function words in any language and no foreign letters stays English: there is nothing
to tell it by, and English is the product's language.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import IS_ALPHA, IS_STOP, LENGTH, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc

from planner.nlp import members, sorted_ids

MIN_WORDS = 30  # from this many words a low English share may say "not English" (with evidence)
MIN_EVIDENCE = 2  # foreign words needed at the least, however short the text
EVIDENCE_SHARE = 0.15  # and this share of the words
SAMPLE = 3000  # tokens looked at: the opening of a long document is enough
THRESHOLD = 0.12  # English stop-word share from which a text of MIN_WORDS is English at once

# letters of the six languages' alphabets that English words do not carry (loanwords
# such as "café" are few, and one or two never make the evidence share)
_FOREIGN_LETTERS = re.compile(r"[àâäáãåçéèêëíìîïñóòôöõøúùûüÿßœæ]")
# word endings of those languages no English word has
_FOREIGN_ENDINGS = ("zione", "zioni", "heit", "keit", "ungen", "atie", "aties", "ieren", "ierte", "isch", "ische",
                    "ischen", "mente", "ción", "ções", "lijk", "lijke", "ioni", "enza")
_ELISIONS = ("l'", "d'", "qu'", "dell'", "un'", "all'", "nell'", "sull'", "dall'", "c'", "n'", "s'", "j'")
_ELISIONS_RIGHT = tuple(e.replace("'", "\u2019") for e in _ELISIONS)


@lru_cache(maxsize=1)
def _function_words() -> numpy.ndarray:
    """The other languages' function words as sorted LOWER hashes (for nlp.members)."""
    words: set[str] = set()
    text = resources.files("planner").joinpath("data/language/function_words.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and ":" in line:
            words.update(line.split(":", 1)[1].split())
    from spacy.lang.en.stop_words import STOP_WORDS  # an English stop word is never foreign evidence

    return sorted_ids(hash_string(w) for w in words - STOP_WORDS)


def stopword_ratio(sdoc: Doc) -> tuple[float, int]:
    """(share of alphabetic tokens that are English stop words, alphabetic tokens seen)."""
    ratio, words, _ = _shares(sdoc)
    return ratio, words


def _shares(sdoc: Doc) -> tuple[float, int, numpy.ndarray | None]:
    if not len(sdoc):
        return 0.0, 0, None
    # arrays: no Token objects per word; Doc.to_array then a slice, since Span.to_array
    # is ten times slower than the Doc's even on the whole of a long document
    arr = sdoc.to_array([IS_ALPHA, IS_STOP, LOWER, LENGTH])[:SAMPLE]
    alpha = arr[:, 0] == 1
    words = int(alpha.sum())
    stops = int((alpha & (arr[:, 1] == 1)).sum())
    return (stops / words if words else 0.0), words, arr


def foreign_evidence(sdoc: Doc, arr: numpy.ndarray) -> int:
    """How many of the sampled words are another language's: its function words, words
    with letters English does not use or endings no English word has, elisions."""
    found = members(arr[:, 2], _function_words())
    n = int(found.sum())
    for i in numpy.flatnonzero(~found).tolist():  # only on the rare texts that get here
        w = sdoc[i].lower_
        if len(w) > 1 and (_FOREIGN_LETTERS.search(w) or w.endswith(_FOREIGN_ENDINGS)
                           or w.startswith(_ELISIONS) or w.startswith(_ELISIONS_RIGHT)):
            n += 1
    return n


def decide(words: int, english: int, foreign: int) -> str:
    """The verdict from counts: ``words`` (alphabetic) sampled, ``english`` of them English
    function words, ``foreign`` of them evidence of another language."""
    if foreign >= MIN_EVIDENCE and foreign >= EVIDENCE_SHARE * words and foreign > english:
        return "unknown"
    return "en"


def detect_language(sdoc: Doc) -> str:
    """``"en"``, or ``"unknown"`` when the text clearly is not English."""
    ratio, words, arr = _shares(sdoc)
    if arr is None or (words >= MIN_WORDS and ratio >= THRESHOLD):
        return "en"  # running English: most pages stop here
    # English function words of two letters or more: "a", "i", "o" and "e" are words
    # of the other languages too (Italian "i piani", Portuguese "a sua")
    english = int(((arr[:, 0] == 1) & (arr[:, 1] == 1) & (arr[:, 3] > 1)).sum())
    return decide(words, english, foreign_evidence(sdoc, arr))
