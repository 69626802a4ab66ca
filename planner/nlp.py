"""The spaCy pipeline, built once per process.

Default: the blank English pipeline (``English()``: what ``spacy.blank("en")`` builds,
without looking the language up in spaCy's registry) + ``sentencizer`` + a
case-insensitive lookup lemmatizer (the stock lookup table is case-sensitive and has a
few recurring wrong lemmas, fixed by an override table). If config ``nlp.model`` names
an installed trained pipeline, it is used instead; nothing ever requires one.

Texts longer than ``nlp.max_length`` are parsed in paragraph-aligned chunks and
joined back into one Doc, so character offsets are those of the whole text.
"""
from __future__ import annotations

import gc
import logging
import re
import types
from functools import lru_cache
from typing import Iterable, Iterator

import numpy
import spacy
import spacy_lookups_data
from spacy.attrs import IDX, IS_PUNCT, LEMMA, LENGTH, LOWER, ORTH, SENT_START
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_language_data

log = logging.getLogger(__name__)

# The lookup table's known wrong lemmas (measured against a trained pipeline).
LEMMA_OVERRIDES: dict[str, str] = {
    "as": "as", "does": "do", "doe": "do", "number": "number", "numbers": "number",
    "first": "first", "these": "these", "those": "those", "us": "we", "data": "data",
    "has": "have", "was": "be", "is": "be", "are": "be", "were": "be", "'s": "'s",
    "signed": "sign", "logged": "log", "its": "its", "less": "less", "news": "news",
    "pricing": "pricing", "billing": "billing", "onboarding": "onboarding",
    "settings": "setting", "started": "start", "left": "leave", "saw": "see",
}


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    """word -> lemma: spacy-lookups-data's English lookup table, the file spaCy's
    ``load_lookups("en", ["lemma_lookup"])`` reads, kept as a plain dict. spaCy's
    ``Table`` would hash each of its ~41,000 words on load (and find the file through
    the package entry points), ~0.05 s of every start-up; planner only looks words up,
    and a dict keyed by the word gives the same answers."""
    return load_language_data(spacy_lookups_data.en["lemma_lookup"])


def members(values: numpy.ndarray, keys: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, keys)`` for sorted, unique ``keys`` of the same dtype, by
    binary search: isin sorts both arrays on every call, which for a page's tokens
    costs more than the lookups themselves."""
    if not len(keys):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)
    return keys[at] == values


def sorted_ids(ids) -> numpy.ndarray:
    """Hashes (an iterable of ints) as the sorted, unique uint64 keys :func:`members` takes.
    Sorted in Python: the sets are small, and ``numpy.unique`` imports ``numpy.ma`` on
    first use (~0.007 s of every start-up)."""
    return numpy.array(sorted(set(ids)), dtype="uint64")


@Language.factory("planner_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> "LowerLookupLemmatizer":
    return LowerLookupLemmatizer(nlp)


class LowerLookupLemmatizer:
    """Sets ``token.lemma_`` from the lookup table keyed on ``token.lower_``.

    Lemmas are memoised by the token's lower-case hash, so the per-token work is one
    dict lookup for every word already seen in this process."""

    def __init__(self, nlp: Language) -> None:
        self.strings = nlp.vocab.strings
        self.table = _lemma_table()
        self.cache: dict[int, int] = {}
        # the cache as sorted arrays, looked up in C for a whole page at once; rebuilt
        # (from the dict) when enough new words have gone into the dict alone
        self._keys = numpy.zeros(0, dtype="uint64")
        self._lemmas = numpy.zeros(0, dtype="uint64")
        self.separators: set[int] = set()  # LOWER hashes of whitespace tokens holding a blank line
        self._separator_keys = sorted_ids(())  # the same, for members()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Work on attribute arrays, not Token objects: creating a Token per word
        # costs more than the lookup itself.
        arr = doc.to_array([LOWER, SENT_START])
        out = numpy.empty((len(doc), 2), dtype="uint64")
        out[:, 0] = self._lookup(arr[:, 0])
        starts = arr[:, 1].astype("int64")
        # Prose blocks are joined by blank lines; the sentencizer does not split there,
        # so a heading without a full stop would run into the next paragraph.
        if self.separators:
            if len(self._separator_keys) != len(self.separators):  # (the set only grows)
                self._separator_keys = sorted_ids(self.separators)
            starts[1:][members(arr[:-1, 0], self._separator_keys)] = 1
        out[:, 1] = starts.astype("uint64")
        doc.from_array([LEMMA, SENT_START], out)
        return doc

    def _lookup(self, lowers: numpy.ndarray) -> numpy.ndarray:
        """The lemma hash of every LOWER hash: the words the arrays know by binary search,
        the rest one by one through the dict (which memoises them)."""
        keys = self._keys
        if len(keys):
            at = numpy.minimum(numpy.searchsorted(keys, lowers), len(keys) - 1)
            lemmas = self._lemmas[at]
            miss = numpy.flatnonzero(keys[at] != lowers)
        else:
            lemmas = numpy.zeros(len(lowers), dtype="uint64")
            miss = numpy.arange(len(lowers))
        if len(miss):
            cache = self.cache
            lemmas[miss] = [cache.get(h) or self._lemma(h) for h in lowers[miss].tolist()]
            if len(cache) - len(keys) > max(1024, len(keys) // 4):  # geometric: a few rebuilds per run
                self._keys = numpy.fromiter(cache.keys(), dtype="uint64", count=len(cache))
                order = numpy.argsort(self._keys)
                self._keys = self._keys[order]
                self._lemmas = numpy.fromiter(cache.values(), dtype="uint64", count=len(cache))[order]
        return lemmas

    def _lemma(self, key: int) -> int:
        word = self.strings[key]
        lemma = LEMMA_OVERRIDES.get(word)
        if lemma is None:
            lemma = self.table.get(word, word)
            if not isinstance(lemma, str):
                lemma = word
        lem = self.strings.add(lemma)
        self.cache[key] = lem
        if word.isspace() and "\n\n" in word:
            self.separators.add(key)
        return lem


@lru_cache(maxsize=8)
def _punct_keys(chars: frozenset[str]) -> numpy.ndarray:
    """The sentencizer's ``punct_chars`` as :func:`members` keys. spaCy calls ``predict``
    once per document: hashing ~90 characters and sorting them each time was ~1% of a
    lint. (A string's hash does not depend on the store it is looked up in.)"""
    from spacy.strings import hash_string

    return sorted_ids(hash_string(c) for c in chars)


def _array_predict(self, docs) -> list[list[bool]]:
    """spaCy's ``Sentencizer.predict`` on attribute arrays, with the same result.

    The stock loop makes a Token object per word, most of the sentencizer's cost.
    Its rule: after a token whose text is in ``punct_chars``, the next token that is
    neither punctuation nor in ``punct_chars`` starts a sentence (and so does token 0)."""
    if not any(len(doc) for doc in docs):
        return [[] for _ in docs]
    punct = _punct_keys(frozenset(self.punct_chars))
    guesses = []
    for doc in docs:
        n = len(doc)
        if not n:
            guesses.append([])
            continue
        arr = doc.to_array([ORTH, IS_PUNCT])
        in_chars = members(arr[:, 0], punct)
        enders = numpy.flatnonzero(in_chars)
        opens = numpy.flatnonzero(~in_chars & (arr[:, 1] == 0))
        nxt = numpy.searchsorted(opens, enders, side="right")
        out = numpy.zeros(n, dtype=bool)
        out[0] = True
        out[opens[nxt[nxt < len(opens)]]] = True
        guesses.append(out.tolist())
    return guesses


def _add_sentencizer(nlp: Language, **kwargs) -> None:
    pipe = nlp.add_pipe("sentencizer", **kwargs)
    pipe.predict = types.MethodType(_array_predict, pipe)


def _freeze_heap() -> None:
    """Move what is alive now (the pipeline, its vocab, the lemma table: hundreds of
    thousands of objects that live as long as the process) out of the garbage
    collector's view, so its full collections stop walking them for every document.
    With the collector off (a short-lived worker's start-up) there is nothing to do."""
    if gc.isenabled():
        gc.collect()
        gc.freeze()


# Distinct chunks (whitespace-separated strings) the tokenizer memoises: spaCy's default,
# 10,000, is full after a few hundred pages, and every chunk it misses is split again.
TOKENIZER_MEMO = 200_000  # a bound: ~25 MB at most, for the memo and the chunks seen
_SEEN: dict[int, set[str]] = {}  # id(tokenizer) -> the chunks primed (see _prime)


def _memoise(nlp: Language) -> None:
    nlp.tokenizer.max_cache_size = TOKENIZER_MEMO
    _SEEN[id(nlp.tokenizer)] = set()


def _prime(tokenizer, text: str) -> None:
    """Tokenize each chunk of ``text`` never seen before on its own, which memoises it.

    spaCy's tokenizer does not memoise a chunk once the document it is in has met a
    special case (its flag is per document, and nearly every page has a contraction or
    an abbreviation early on), so without this most chunks are split again in every
    page. A chunk's tokens do not depend on the rest of the document, so the memo
    gives the very tokens splitting it would: the same Doc, built from the memo."""
    seen = _SEEN.get(id(tokenizer))
    if seen is None or len(seen) >= TOKENIZER_MEMO:
        return
    new = set(text.split()).difference(seen)  # split() cuts at the whitespace spaCy cuts at
    for chunk in new:
        tokenizer(chunk)
    seen.update(new)


@lru_cache(maxsize=4)
def build(model: str | None = None) -> Language:
    """The pipeline for ``model`` (an installed spaCy package name) or the blank default."""
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner"])
            if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
                _add_sentencizer(nlp, first=True)
            _memoise(nlp)
            _freeze_heap()
            return nlp
        except (OSError, ImportError) as exc:
            # said once, as a configuration warning (config_checks.nlp_model); here only for the log
            log.debug("nlp.model %r is not installed (%s); using the blank English pipeline", model, exc)
    nlp = English()  # spacy.blank("en")'s tokenizer and vocabulary, ~0.012 s sooner
    _add_sentencizer(nlp)
    nlp.add_pipe("planner_lemmatizer")
    _memoise(nlp)
    _freeze_heap()
    return nlp


def get_nlp(config=None) -> Language:
    """The process-wide pipeline for this configuration."""
    model = None
    if config is not None:
        model = (config.get("nlp") or {}).get("model")
    return build(model or None)


def _chunks(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces under ``limit`` characters, at blank lines when
    possible (so no sentence spans two chunks), else at a newline or space."""
    out: list[str] = []
    start = 0
    n = len(text)
    while n - start > limit:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = text.rfind(sep, start + 1, start + limit)
            if cut != -1:
                cut += len(sep)
                break
        if cut == -1 or cut <= start:
            cut = start + limit
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


# spaCy's tokenizer strips a chunk's prefixes and suffixes one at a time, searching the
# rest of the chunk each time: quadratic in a run of punctuation (20,000 '[' took 49 s).
# No word or URL in real prose comes near this length (none over 60 in 545 pages).
LONGEST_CHUNK = 100
_LONG_CHUNK = re.compile(r"\S{%d,}" % (LONGEST_CHUNK + 1))


def _cut(match: re.Match) -> str:
    chars = list(match.group())
    for i in range(LONGEST_CHUNK, len(chars), LONGEST_CHUNK):
        chars[i] = " "
    return "".join(chars)


def bounded(text: str) -> str:
    """``text`` with a space every LONGEST_CHUNK characters of a longer run without
    one: the same length, so every offset still points into the prose."""
    return _LONG_CHUNK.sub(_cut, text) if _LONG_CHUNK.search(text) else text


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """``nlp.pipe`` that accepts texts of any length (long ones are chunked and joined)
    and of any content (overlong runs without a space are cut: :func:`bounded`)."""
    limit = max(1000, nlp.max_length - 1)
    pending: list[str] = []

    def flush() -> Iterator[Doc]:
        yield from nlp.pipe(pending, batch_size=batch_size)
        pending.clear()

    for text in map(bounded, texts):
        _prime(nlp.tokenizer, text)
        if len(text) <= limit:
            pending.append(text)
            if len(pending) >= batch_size:
                yield from flush()
            continue
        yield from flush()
        parts = list(nlp.pipe(_chunks(text, limit), batch_size=4))
        yield Doc.from_docs(parts, ensure_whitespace=False)
    yield from flush()


def sentence_spans(doc: Doc) -> list[list[int]]:
    """[start, end) character offsets of every sentence, from attribute arrays."""
    n = len(doc)
    if not n:
        return []
    arr = doc.to_array([SENT_START, IDX, LENGTH]).astype("int64")
    starts = numpy.flatnonzero(arr[:, 0] == 1)
    if not len(starts) or starts[0] != 0:
        starts = numpy.concatenate(([0], starts))
    last = numpy.append(starts[1:], n) - 1  # each sentence's last token
    # one array op per column and one tolist(): no per-sentence Python
    return numpy.stack((arr[starts, 1], arr[last, 1] + arr[last, 2]), axis=1).tolist()
