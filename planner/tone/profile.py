"""Counting: prose text -> per-block counts and evidence marks -> the tone profile.

Everything is regular expressions over the prose text plus the sentence offsets the
shared spaCy pass produced (``Analysis.sentences``), so the profile costs a few
regex scans per document. Sentences are clipped to their block: the blank pipeline's
sentencizer runs a heading into the next paragraph, and list items into each other.

Readability counts only *prose* sentences (paragraphs and block quotes): headings,
list items and table cells are not run-on prose, and code never reaches the prose
text. Lexical dimensions (hype, we/you, jargon, ...) count every block.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from itertools import accumulate, compress
from typing import Any, Iterator

from planner.quotations import quoted_spans, unquoted
from planner.tone import scales
from planner.tone.lexicon import Lexicons
from planner.tone.readability import _SYLLABLES, SYLLABLE_CACHE, is_shouting, mostly_capitals, syllables

PROSE_KINDS = frozenset({"paragraph", "blockquote"})
SENTENCE_KINDS = frozenset({"paragraph", "blockquote", "list_item"})
LONG_SENTENCE = 25  # words; the usual plain-language ceiling (GOV.UK, Cutts' Oxford Guide)

YOU = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'll", "you'd"})
WE_ALL = frozenset({"we", "our", "ours", "ourselves", "we're", "we've", "we'll", "we'd", "us"})
APOSTROPHE_WORD = re.compile(r"\b[a-z]+'(?:t|re|ve|ll|m|d|s)\b")  # filtered below: "'s" is mostly possessive
APOSTROPHE_TAIL = re.compile(r"'(?:t|re|ve|ll|m|d|s)\b")  # its end: scanned for from the apostrophe
CONTRACTED_S = frozenset({"it's", "that's", "there's", "here's", "what's", "let's", "who's", "where's", "he's",
                          "she's"})
SPLIT = re.compile(r"([^\W_][\w'-]*)")
# \b[A-Z]{2,}\b, written to start with a capital so the engine skips from capital to
# capital (the look-behind is \b before the first one)
CAPS = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]+\b")
EXCLAIM = re.compile(r"!+(?=\s|$|[\"'’”)*_])")
# list -> (mark key, count key, weight, kind): where a lexicon hit is recorded
LIST_COUNT = {
    "hype": ("hype", "hype", 1.0, "hype"), "superlatives": ("hype", "hype", 1.0, "superlative"),
    "intensifiers": ("hype", ("hype", "intensifiers"), 0.5, "intensifier"),
    "evaluative": ("mild_hype", "mild_hype", 1.0, "evaluative"), "ease_claims": ("mild_hype", "mild_hype", 1.0, "ease"),
    "hedges": ("hedge", "hedges", 1.0, ""), "jargon": ("jargon", "jargon", 1.0, ""),
    "buzz_terms": ("buzz", "buzz", 0.75, ""), "legalistic": ("legal", "legal", 1.0, ""),
    "formal_register": ("formal", "formal", 0.5, ""), "company_voice": ("company", "company", 1.0, ""),
    "company_mentions": ("company", "company", 0.5, ""),
    "buyer_emotions": ("buyer", "buyer_em", 1.0, ""), "customer_emotions": ("customer", "customer_em", 1.0, ""),
}
CODE_BEFORE = frozenset(".-/_%{}[]<>=$@#\\")  # ".NET", "/OWNER", "{ID"
CODE_AFTER = frozenset("-/_%{}[]<>=$@#\\(")  # "OWNER/", "COUNT(", "ID}"
RELATIVE = frozenset({"that", "what", "which", "where", "how", "why"})  # "what we've created": not a step
CAPS_TERM = 3  # a word in capitals this often in one document is a name or a term, not shouting


def _clip_sentences(sentences: list[list[int]], blocks) -> list[tuple[int, int, int]]:
    """(start, end, block index) for every sentence piece inside a block."""
    out: list[tuple[int, int, int]] = []
    j = 0
    for bi, b in enumerate(blocks):
        while j < len(sentences) and sentences[j][1] <= b.start:
            j += 1
        k = j
        while k < len(sentences) and sentences[k][0] < b.end:
            s, e = max(sentences[k][0], b.start), min(sentences[k][1], b.end)
            if e > s:
                out.append((s, e, bi))
            k += 1
    return out


class _Counter:
    def __init__(self, blocks) -> None:
        self.blocks = blocks
        self.starts = [b.start for b in blocks]
        zero = dict.fromkeys(scales.COUNT_KEYS, 0)
        self.counts = [zero.copy() for _ in blocks]
        self.marks: dict[str, list[list[Any]]] = {}

    def block_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.blocks[i].end else -1

    def mark(self, key: str, count_key: str | tuple | None, s: int, e: int, weight: float = 1.0,
             kind: str = "") -> None:
        bi = self.block_of(s)
        if bi < 0:
            return
        for ck in (count_key,) if isinstance(count_key, str) else count_key or ():
            self.counts[bi][ck] += weight
        self.marks.setdefault(key, []).append((s, e, kind) if kind else (s, e))  # tuples of atoms: the GC stops tracking them


class _Words:
    """The document's words (lower case, straight apostrophes) with their offsets,
    split in C (one regex split), so per-word Python work is only ever done for hits."""

    def __init__(self, text: str) -> None:
        low = text.lower().replace("’", "'")
        if len(low) != len(text):  # a few characters change length when lowered ("İ")
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text).replace("’", "'")
        self.low = low
        parts = SPLIT.split(low)
        self.seps = parts[0::2]  # seps[i] precedes words[i]; seps[-1] trails
        self.words = parts[1::2]
        offs = list(accumulate(map(len, parts)))
        self.starts = offs[0::2][:len(self.words)]
        self.ends = offs[1::2]
        self.counter = Counter(self.words)
        self._at: dict[str, list[int]] = {}

    def index(self, wanted: set[str]) -> None:
        """Find every occurrence of the ``wanted`` words in one pass (cheaper than
        searching the list once per occurrence of each, and only hits allocate)."""
        at = {x: [] for x in wanted if x in self.counter and x not in self._at}
        if not at:
            return
        words = self.words
        # the membership tests run in C (map, compress): Python sees only the hits
        for i in compress(range(len(words)), map(at.__contains__, words)):
            at[words[i]].append(i)
        self._at.update(at)

    def positions(self, word: str) -> list[int]:
        """Where ``word`` occurs (word indices)."""
        found = self._at.get(word)
        if found is not None:
            return found
        out, i, words = [], -1, self.words
        for _ in range(self.counter.get(word, 0)):
            i = words.index(word, i + 1)
            out.append(i)
        return out

    def joined(self, i: int, j: int) -> bool:
        """True when words i..j are separated by whitespace only."""
        return all(self.seps[k].isspace() for k in range(i + 1, j + 1))


def _lexicon_matches(w: _Words, lex: Lexicons) -> list[tuple[int, int, str]]:
    """(first word, last word, list name) of every lexicon phrase; overlapping phrases
    of one list count once, and phrases inside an ``exceptions`` match not at all."""
    words, n = w.words, len(w.words)
    hits: list[tuple[int, int, str]] = []
    counter = w.counter
    for word in counter.keys() & lex.index.keys():  # (set intersection, in C)
        for k in w.positions(word):
            for phrase, anchor, star, name in lex.index[word]:
                if len(phrase) == 1:  # the word itself (never a prefix: those are in lex.prefixes)
                    hits.append((k, k, name))
                    continue
                i, j = k - anchor, k - anchor + len(phrase) - 1
                if i < 0 or j >= n:
                    continue
                if (tuple(words[i:j + 1]) == phrase if not star else
                        tuple(words[i:j]) == phrase[:-1] and words[j].startswith(phrase[-1])) and w.joined(i, j):
                    hits.append((i, j, name))
    prefixed = [(word, name) for word in counter for prefix, name in lex.prefixes.get(word[:3], ())
                if word.startswith(prefix)]
    w.index({word for word, _ in prefixed})  # one pass, not a list search per occurrence
    for word, name in prefixed:
        hits.extend((k, k, name) for k in w.positions(word))
    blocked = {x for i, j, name in hits if name == "exceptions" for x in range(i, j + 1)}
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    taken: dict[str, int] = {}
    out = []
    for i, j, name in hits:
        if name == "exceptions" or i in blocked or taken.get(name, -1) >= i:
            continue
        taken[name] = j
        out.append((i, j, name))
    return out


def count(text: str, blocks, sentences: list[list[int]], lex: Lexicons) -> tuple[list[dict], dict, list]:
    """Per-block counts, evidence marks by kind, and prose-sentence stats
    ``[start, end, words, syllables]``."""
    c = _Counter(blocks)
    counts = c.counts
    w = _Words(text)
    nominals = _in_words(w, lex.nominal)
    w.index((w.counter.keys() & lex.index.keys()) | WE_ALL | INDEXED | nominals.keys())
    words, starts, ends = w.words, w.starts, w.ends
    vocab = w.counter
    shorts = frozenset(x for x in vocab if len(x) <= 5 and x.isalpha())
    for bi, b in enumerate(blocks):
        a, z = bisect.bisect_left(starts, b.start), bisect.bisect_left(starts, b.end)
        if z > a:  # set lookups mapped in C over the block's words: no per-word Python
            ws = words[a:z]
            counts[bi]["words"] = z - a
            counts[bi]["short_words"] = sum(map(shorts.__contains__, ws))
            counts[bi]["you"] = sum(map(YOU.__contains__, ws))
    for word in [x for x in WE_ALL if x in vocab]:
        for k in w.positions(word):
            if word == "us" and text[starts[k]:ends[k]] == "US":
                continue  # the country
            c.mark("we", "we", starts[k], ends[k])
            if word in ("we", "we'll") and _narrative(words, k, lex):
                c.counts[c.block_of(starts[k])]["we_narrative"] += 1  # "now we add", "we can run"
            if word in ("we", "we're", "we've"):  # "we built", "we're proud": the writer praising itself
                j = _praise_at(words, k, lex)
                if j is not None and w.joined(k, j) and not _narrated(words, k, j, lex):
                    c.mark("we", "self", starts[k], ends[j], kind="self")
            if word == "our":  # "our product" weighs double: it also puts the product first
                for j in (k + 1, k + 2):
                    if j < len(words) and words[j] in lex.our_things and w.joined(k, j):
                        c.mark("we", ("we", "self"), starts[k], ends[j], kind="our")
                        break
    for a, z in _apostrophe_words(w.low):
        g = w.low[a:z]
        if not g.endswith("'s") or g in CONTRACTED_S:
            if not g.endswith("'t") or g.endswith("n't"):
                c.mark("contraction", "contractions", a, z)
    for word, spans in nominals.items():  # grouped by word: sorted by start below
        for k in w.positions(word):
            at, after_underscore = w.starts[k], w.seps[k].endswith("_")
            for s, e in spans:
                if not (s == 0 and after_underscore):  # see _in_words
                    c.mark("nominal", "nominal", at + s, at + e)
    for m in lex.passive.finditer(w.low):
        c.mark("passive", "passive", m.start(), m.end())
    _officialese(c, w, lex)
    _compounds(c, w, lex)
    for i, j, name in _lexicon_matches(w, lex):
        key, count_key, weight, kind = LIST_COUNT[name]
        c.mark(key, count_key, starts[i], ends[j], weight, kind)  # (a tuple of count keys counts in each)
    for name, pattern in (*lex.patterns.items(), *lex.user_patterns):  # user patterns: time-bounded
        if name in LIST_COUNT:
            key, count_key, weight, kind = LIST_COUNT[name]
            for m in pattern.finditer(text):
                c.mark(key, count_key, m.start(), m.end(), weight, kind)
    _shouting(c, text, lex)
    for m in EXCLAIM.finditer(text):
        c.mark("hype", "hype", m.start(), m.end(), scales.HYPE_WEIGHTS["exclamation"] * min(3, len(m.group(0))),
               "exclamation")

    syl_of = _SYLLABLES
    # (not ``vocab.keys() - syl_of.keys()``: that walks the whole memo for every document)
    missing = {word: syllables(word) for word in vocab if word not in syl_of}
    if len(syl_of) + len(missing) <= SYLLABLE_CACHE:
        syl_of.update(missing)  # keyed exactly as the words are (some change when lowered again)
        get = syl_of.__getitem__
    else:  # the memo is full (pathological input): this document's words only
        get = {word: syl_of.get(word) or missing[word] for word in vocab}.__getitem__
    syl_before = [0, *accumulate(map(get, words))]  # syllables of words[:i], so a sentence costs O(1)
    stats: list[list[int]] = []
    for s, e, bi in _clip_sentences(sentences, blocks):
        kind = blocks[bi].kind
        if kind not in SENTENCE_KINDS:
            continue
        a, z = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        if z <= a:
            continue
        cnt = counts[bi]
        cnt["sentences"] += 1
        tail = text[s:e].rstrip(" \t\n*_\"'’”)")
        sw = words[a:z]
        how = ("question" if tail.endswith("?") else "exclamation" if tail.endswith("!")
               else "instruction" if sw[0] in lex.imperative_verbs
               else "address" if not YOU.isdisjoint(sw) else "")
        if how:
            cnt["lively"] += 1
            if how != "address":
                c.marks.setdefault("lively", []).append((s, e, how))
        n = z - a
        if kind in PROSE_KINDS and n >= 3:
            syl = syl_before[z] - syl_before[a]
            cnt["prose_words"] += n
            cnt["prose_sentences"] += 1
            cnt["syllables"] += syl
            cnt["sq_len"] += n * n
            if n > LONG_SENTENCE:
                cnt["long_sentences"] += 1
            stats.append((s, e, n, syl))
    for marks in c.marks.values():
        marks.sort(key=lambda m: m[0])
    return counts, c.marks, stats


# what a quotation keeps in its block's counts: the reader reads it, so it counts for
# readability; every other count is the page's own voice, which a quotation is not
READING_KEYS = ("prose_words", "prose_sentences", "syllables", "long_sentences", "sq_len")


def set_quotes_aside(counts: list[dict], marks: dict[str, list], blocks) -> dict[str, float]:
    """Take the quoted blocks' voice out of ``counts`` and ``marks`` (in place): their
    counts but the reading ones go to the total returned, their marks nowhere. Called
    only for a page with a quotation (:attr:`planner.model.Block.quoted`)."""
    aside = dict.fromkeys(scales.COUNT_KEYS, 0)
    for b, c in zip(blocks, counts):
        if b.quoted:
            for k in scales.COUNT_KEYS:
                if k not in READING_KEYS and c[k]:
                    aside[k] += c[k]
                    c[k] = 0
    spans = quoted_spans(blocks)
    for key, found in marks.items():
        marks[key] = list(unquoted(found, spans, lambda m: m[0]))
    return aside


def _apostrophe_words(low: str) -> Iterator[tuple[int, int]]:
    """The spans ``APOSTROPHE_WORD.finditer(low)`` gives, found from the apostrophes:
    that regex tries every word start in the text, this only the few apostrophes, and
    steps back over the letters before each (same matches: the word must start where
    the letters do, after a non-word character or at the start, and matches never
    overlap)."""
    last = 0
    for m in APOSTROPHE_TAIL.finditer(low):
        p = i = m.start()
        while i > 0 and "a" <= low[i - 1] <= "z":
            i -= 1
        if i == p or i < last or (i > 0 and (low[i - 1].isalnum() or low[i - 1] == "_")):
            continue
        last = m.end()
        yield i, last


# pattern -> (every word matched alone so far, those of them with matches -> the matches)
_IN_WORD: dict[re.Pattern, tuple[set[str], dict[str, tuple[tuple[int, int], ...]]]] = {}
IN_WORD_MEMO = 500_000  # distinct words memoised per pattern; a bound for pathological input


def _in_words(w: _Words, pattern: re.Pattern) -> dict[str, tuple[tuple[int, int], ...]]:
    """The page's words in which ``pattern`` matches, with the matches' spans in the word.

    For a pattern whose matches hold letters only and run from one word boundary to
    the next (nominalisations): such a match never leaves a word of :data:`SPLIT`,
    and what the pattern finds in a word alone it finds in the text, but for one case
    the caller handles: after "_" a word has no boundary at its start. Each distinct
    word is matched once per process; scanning every page whole was ~6% of the tone
    analysis."""
    seen, matching = _IN_WORD.setdefault(pattern, (set(), {}))
    new = set(w.counter).difference(seen)  # (in C, the words' hashes reused)
    if new:
        found = {x: spans for x in new if (spans := tuple(m.span() for m in pattern.finditer(x)))}
        if len(seen) + len(new) <= IN_WORD_MEMO:
            seen.update(new)
            matching.update(found)
        else:  # the memo is full (pathological input): this document's new words alone
            matching = {**matching, **found}
    return {x: matching[x] for x in w.counter.keys() & matching.keys()}


DETERMINERS = frozenset({"the", "a", "an", "any", "such"})
INDEXED = frozenset({"of", "be"})  # the words _officialese starts from
MODALS = frozenset({"shall", "must", "should", "will", "may"})


def _officialese(c: _Counter, w: _Words, lex: Lexicons) -> None:
    """Two constructions of officialese, found from the words around "of" and "be" (no
    regex scan of the text): a verb hidden in a noun, "the submission of", "any
    modification of"; and a duty in the passive, "shall be deemed", "must not be
    submitted", "is to be done" ("can be" is everyday documentation)."""
    words, starts, ends = w.words, w.starts, w.ends
    for k in w.positions("of"):
        if k >= 2 and words[k - 2] in DETERMINERS and w.joined(k - 2, k) and (
                words[k - 1] in lex.nominal_nouns or lex.nominal_word.fullmatch(words[k - 1])):
            c.mark("nominal_of", "nominal_of", starts[k - 2], ends[k])
    n = len(words)
    for k in w.positions("be"):
        i = k - 2 if k >= 2 and words[k - 1] == "not" else k - 1
        duty = i >= 0 and (words[i] in MODALS or (words[i] == "to" and i >= 1 and words[i - 1] in ("is", "are")))
        if not duty:
            continue
        j = k + 2 if k + 2 < n and words[k + 1].endswith("ly") else k + 1
        if j < n and ((len(words[j]) > 4 and words[j].endswith("ed")) or words[j] in lex.participles) \
                and w.joined(i, j):
            c.mark("modal_passive", "modal_passive", starts[i - 1 if words[i] == "to" else i], ends[j])


def _compounds(c: _Counter, w: _Words, lex: Lexicons) -> None:
    """Buzzword compounds by their second half ("insight-led", "future-ready"), unless the
    first half makes them technical ("event-driven", "test-driven")."""
    found = []
    for word in w.counter:
        if "-" not in word:
            continue
        head, _, tail = word.rpartition("-")
        if tail in lex.buzz_suffixes and head and head.rpartition("-")[2] not in lex.buzz_suffix_exceptions:
            found.append(word)
    w.index(set(found))  # one pass, not a list search per occurrence
    for word in found:
        for k in w.positions(word):
            c.mark("buzz", "buzz", w.starts[k], w.ends[k], LIST_COUNT["buzz_terms"][2])


def _praise_at(words: list[str], k: int, lex: Lexicons) -> int | None:
    """Where the verb is when "we" at ``k`` praises the writer: right after it ("we
    built"), or after one word that keeps it praise ("we have built", "we carefully
    designed", "we can help"); None for "we measure value" or a tutorial's "we can
    build"."""
    if k + 1 < len(words) and words[k + 1] in lex.self_praise:
        return k + 1
    if k + 2 >= len(words) or words[k + 2] not in lex.self_praise:
        return None
    mid = words[k + 1]
    if mid in lex.self_praise_between or (mid.endswith("ly") and len(mid) > 4):
        return k + 2
    if mid in lex.self_praise_modals and words[k + 2] not in lex.self_praise_steps:
        return k + 2
    return None


def _narrated(words: list[str], k: int, j: int, lex: Lexicons) -> bool:
    """"we ... <verb>" at ``k``..``j`` is a step the writer and reader take together
    ("once we've created the list", "as we iterate"), not the writer's pride: a
    tutorial's cue before "we" and a tutorial's verb. A relative word before it ("what
    we've created", "the tool that we built") leaves it the writer's."""
    return k > 0 and words[k - 1] in lex.narrative_cues and words[k - 1] not in RELATIVE \
        and words[j] in lex.narrative_verbs


def _narrative(words: list[str], k: int, lex: Lexicons) -> bool:
    """A tutorial's "we" (the writer and the reader doing the steps together): "now we
    add", "if we run", "we can see", "we'll need"."""
    return (k > 0 and words[k - 1] in lex.narrative_cues) or words[k] == "we'll" or (
        k + 1 < len(words) and words[k + 1] in lex.narrative_verbs)


def _shouting(c: _Counter, text: str, lex: Lexicons) -> None:
    """Capitals used for emphasis ("NOW", "BLOWN"); not acronyms, recurring terms,
    placeholders in paths ("/repos/OWNER/REPO") or blocks of code-like capitals (SQL)."""
    seen: dict[str, list[tuple[int, int]]] = {}
    for m in CAPS.finditer(text):
        seen.setdefault(m.group(0), []).append(m.span())
    per_block: dict[int, int] = {}
    found: list[tuple[int, int, int]] = []
    for word, spans in seen.items():
        if len(spans) >= CAPS_TERM or not is_shouting(word, lex.caps_allowed, lex.emphatic):
            continue
        for s, e in spans:
            bi = c.block_of(s)
            if bi < 0 or c.blocks[bi].kind in ("table_cell", "title") or text[s - 1:s] in CODE_BEFORE \
                    or text[e:e + 1] in CODE_AFTER:
                continue
            per_block[bi] = per_block.get(bi, 0) + 1
            found.append((s, e, bi))
    for s, e, bi in found:
        b = c.blocks[bi]
        if per_block[bi] < 3 and not mostly_capitals(text[b.start:b.end]):
            c.mark("hype", "hype", s, e, scales.HYPE_WEIGHTS["caps"], "caps")


def summed(counts: list[dict], indices) -> dict[str, float]:
    total = dict.fromkeys(scales.COUNT_KEYS, 0)
    for i in indices:
        for k, v in counts[i].items():
            if v:
                total[k] += v
    return total


def sentence_grade(words: int, syl: int) -> float:
    return scales.fk_grade(words, 1, syl) or 0.0


def hardest(stats: list[list[int]], start: int = 0, end: int | None = None, n: int = 3,
            min_words: int = 12) -> list[list[Any]]:
    """The ``n`` hardest prose sentences in [start, end): [start, end, words, grade]."""
    end = end if end is not None else 1 << 60
    pool = [(sentence_grade(w, y), s, e, w) for s, e, w, y in stats if s >= start and e <= end and w >= min_words]
    pool.sort(key=lambda t: (-t[0], -t[3], t[1]))
    return [[s, e, w, round(g, 1)] for g, s, e, w in pool[:n]]
