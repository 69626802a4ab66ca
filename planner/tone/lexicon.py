"""Tone lexicons (every ``planner/data/tone/*.yml`` file: ``lexicons.yml`` and one file
per voice family, ``hype.yml``, ``officialese.yml``, ``writer.yml``, ``buzzwords.yml``),
extended by ``tone.lexicons`` in planner.yml, compiled once per process."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from planner.yamltext import load_yaml
from planner.userregex import UserPattern

PHRASE_LISTS = ("hype", "superlatives", "intensifiers", "evaluative", "ease_claims", "hedges", "jargon",
                "buzz_terms", "legalistic", "formal_register", "company_voice", "company_mentions", "buyer_emotions", "customer_emotions")
WORD_LISTS = ("imperative_verbs", "caps_allowed", "emphatic", "self_praise", "self_praise_between",
              "self_praise_modals", "self_praise_steps", "our_things", "narrative_verbs",
              "narrative_cues", "nominal_suffixes", "buzz_suffixes", "buzz_suffix_exceptions",
              "nominal_nouns", "participles")


@lru_cache(maxsize=1)
def builtin_lexicons() -> dict[str, list[str]]:
    """Every list of every lexicon file shipped in ``planner/data/tone`` (a list name
    appears in one file only)."""
    out: dict[str, list[str]] = {}
    folder = resources.files("planner") / "data" / "tone"
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".yml")), key=lambda p: p.name):
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        for k, v in data.items():
            out.setdefault(k, []).extend(str(x) for x in v)
    return out


def entry_pattern(entry: str) -> str:
    """One lexicon entry as a regular expression (see the header of lexicons.yml)."""
    entry = entry.strip()
    if entry.startswith("re:"):
        return f"(?:{entry[3:]})"
    star = entry.endswith("*")
    words = entry.rstrip("*").split()
    body = r"\s+".join(re.escape(w).replace("'", "['’]") for w in words)
    head = r"\b" if entry[:1].isalnum() else ""
    tail = r"[\w'’-]*" if star else (r"\b" if entry.rstrip("*")[-1:].isalnum() else "")
    return head + body + tail


def compile_list(entries: list[str]) -> re.Pattern | None:
    # longest first, so "the most powerful" wins over "most powerful"
    entries = sorted({e.strip() for e in entries if e.strip()}, key=lambda e: (-len(e), e))
    plain = [entry_pattern(e) for e in entries if not e.startswith("re:")]
    raw = [entry_pattern(e) for e in entries if e.startswith("re:")]
    alts = []
    if plain:
        # a hyphen glued on means another word: "non-robust", "best-in-class-ish"
        alts.append(r"(?<![\w-])(?:" + "|".join(plain) + r")(?!-\w)")
    alts += raw
    return re.compile("|".join(alts), re.I) if alts else None


WORD = re.compile(r"[^\W_][\w'’-]*")
# Everyday words, most common first: a phrase search starts from its rarest-looking
# word ("the end user" from "end"; "is to be" from "be", not "is").
EVERYDAY = {w: i for i, w in enumerate("""the of and to a in is you that it for on are with as be this
your was we by or at from not have an will if all our they more one use can when which so do what there
about also just been time may set user new any other out up its here way data each these those than into
only very much most should would were their them then no who where why users request requests click event
events us used using must""".split())}


def norm(word: str) -> str:
    return word.lower().replace("’", "'")


@dataclass(frozen=True)
class Lexicons:
    """``index``: anchor word -> [(phrase words, anchor position, last word is a prefix,
    list name)], longest phrase first. The anchor is the phrase's longest plain word
    (usually its rarest), so common words like "the" or "you" never start a search.
    ``prefixes``: first three letters -> [(prefix, list name)] for one-word ``word*``
    entries; ``patterns``: entries that are not plain words (``re:``, "#1"), one regex
    per list."""

    index: dict[str, list[tuple[tuple[str, ...], int, bool, str]]]
    prefixes: dict[str, list[tuple[str, str]]]
    patterns: dict[str, re.Pattern]
    imperative_verbs: frozenset[str]
    caps_allowed: frozenset[str]
    emphatic: frozenset[str]  # words that shout when capitalised, beyond everyday words
    self_praise: frozenset[str]  # "we <verb>": the writer praising itself
    self_praise_between: frozenset[str]  # the one word "we <word> <verb>" may have between ("we have built")
    self_praise_modals: frozenset[str]  # "we can help": praise, unless the verb is a step ("we can build")
    self_praise_steps: frozenset[str]  # making verbs: after a modal, a tutorial's step
    our_things: frozenset[str]  # "our <thing>": the product or company put first
    narrative_verbs: frozenset[str]  # "we <verb>" of a tutorial: "we add", "we can"
    narrative_cues: frozenset[str]  # "<cue> we" of a tutorial: "now we", "if we"
    nominal: re.Pattern  # nominalisations, by suffix
    nominal_word: re.Pattern  # one word that is a nominalisation (fullmatch), any length
    nominal_nouns: frozenset[str]  # other nouns hiding a verb ("removal"), for "the <noun> of"
    buzz_suffixes: frozenset[str]  # "-driven", "-first": compounds that are buzzwords ("insight-led")
    buzz_suffix_exceptions: frozenset[str]  # first halves that make them technical ("event-driven")
    passive: re.Pattern  # "is/are/was ... <participle>"
    participles: frozenset[str]  # irregular participles ("done", "given")
    user_patterns: tuple[tuple[str, UserPattern], ...] = ()  # a team's `re:` entries, time-bounded


def merged(extra: dict[str, Any] | None) -> dict[str, list[str]]:
    lex = {k: list(v) for k, v in builtin_lexicons().items()}
    for name, entries in (extra or {}).items():
        lex.setdefault(name, [])
        lex[name] += [str(e) for e in entries or [] if str(e) not in lex[name]]
    return lex


def _words_of(entry: str) -> list[str] | None:
    """The entry as a sequence of word tokens, or None when it is not one."""
    body = entry.rstrip("*")
    words = [norm(w) for w in WORD.findall(body)]
    return words if words and " ".join(words) == " ".join(norm(body).split()) else None


def _user_patterns(extra: dict[str, Any]) -> list[tuple[str, str, UserPattern]]:
    """A team's ``re:`` entries, each its own time-bounded pattern named for its entry
    (the shipped ones are ours and join their list's one regex)."""
    builtin = builtin_lexicons()
    out = []
    for name in PHRASE_LISTS:
        for i, entry in enumerate(extra.get(name) or []):
            entry = str(entry).strip()
            if entry.startswith("re:") and entry not in builtin.get(name, []):
                out.append((name, entry, UserPattern(entry_pattern(entry), f"tone.lexicons.{name}[{i}] {entry!r}")))
    return out


@lru_cache(maxsize=8)
def _compiled(extra_json: str) -> Lexicons:
    extra = json.loads(extra_json)
    lex = merged(extra)
    user_patterns = _user_patterns(extra)
    bounded = {(name, entry) for name, entry, _ in user_patterns}
    index: dict[str, list] = {}
    prefixes: dict[str, list] = {}
    odd: dict[str, list[str]] = {}
    for name in PHRASE_LISTS + ("exceptions",):
        for entry in lex.get(name, []):
            entry = entry.strip()
            if (name, entry) in bounded:
                continue
            words = None if entry.startswith("re:") else _words_of(entry)
            star = entry.endswith("*")
            if words is None or (star and len(words[-1]) < 3):
                odd.setdefault(name, []).append(entry)
            elif star and len(words) == 1:
                prefixes.setdefault(words[0][:3], []).append((words[0], name))
            else:
                plain = words[:-1] if star else words
                # the rarest-looking word: the longest that is not an everyday word
                anchor = max(range(len(plain)), key=lambda i: (plain[i] not in EVERYDAY, EVERYDAY.get(plain[i], 0),
                                                                len(plain[i])))
                index.setdefault(words[anchor], []).append((tuple(words), anchor, star, name))
    for cands in index.values():
        cands.sort(key=lambda c: -len(c[0]))
    return Lexicons(
        index=index, prefixes=prefixes,
        patterns={name: p for name, entries in odd.items() if (p := compile_list(entries)) is not None},
        imperative_verbs=frozenset(norm(w) for w in lex.get("imperative_verbs", [])),
        caps_allowed=frozenset(norm(w) for w in lex.get("caps_allowed", [])),
        emphatic=frozenset(norm(w) for name in ("hype", "superlatives", "intensifiers", "emphatic")
                           for e in lex.get(name, []) for w in WORD.findall(e.rstrip("*")) if len(w) > 3),
        self_praise=frozenset(norm(w) for w in lex.get("self_praise", [])),
        self_praise_between=frozenset(norm(w) for w in lex.get("self_praise_between", [])),
        self_praise_modals=frozenset(norm(w) for w in lex.get("self_praise_modals", [])),
        self_praise_steps=frozenset(norm(w) for w in lex.get("self_praise_steps", [])),
        our_things=frozenset(norm(w) for w in lex.get("our_things", [])),
        narrative_verbs=frozenset(norm(w) for w in lex.get("narrative_verbs", [])),
        narrative_cues=frozenset(norm(w) for w in lex.get("narrative_cues", [])),
        nominal=_suffix_pattern(lex.get("nominal_suffixes", [])),
        nominal_word=re.compile(r"[a-z]{3,}(?:" + _alternation(lex.get("nominal_suffixes", [])) + r")s?"),
        nominal_nouns=frozenset(norm(w) for w in lex.get("nominal_nouns", [])),
        buzz_suffixes=frozenset(norm(w) for w in lex.get("buzz_suffixes", [])),
        buzz_suffix_exceptions=frozenset(norm(w) for w in lex.get("buzz_suffix_exceptions", [])),
        passive=_passive_pattern(lex.get("participles", [])),
        participles=frozenset(norm(w) for w in lex.get("participles", [])),
        user_patterns=tuple((name, p) for name, _, p in user_patterns),
    )


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(norm(w)) for w in sorted(set(words), key=lambda w: (-len(w), w))) or "(?!)"


def _suffix_pattern(suffixes: list[str]) -> re.Pattern:
    """Words of eight letters or more ending in a nominalising suffix ("configuration")."""
    return re.compile(r"\b(?=[a-z]{8})[a-z]{4,}(?:" + _alternation(suffixes) + r")(?:s|es)?\b")


def _passive_pattern(participles: list[str]) -> re.Pattern:
    """A form of "be", an optional -ly adverb, then a participle ("is then applied")."""
    # \b(?:is|are|...) with each word's first letter leading (then the look-behind that
    # is \b): the engine then skips to those letters instead of trying every position
    be = "|".join(rf"{w[0]}(?<!\w{w[0]}){w[1:]}" for w in ("is", "are", "was", "were", "be", "been", "being"))
    return re.compile(rf"(?:{be})[ \t\n]+(?:[a-z]+ly[ \t\n]+)?(?:[a-z]{{3,}}ed|" + _alternation(participles) + r")\b")


def lexicons(config) -> Lexicons:
    """The compiled lexicons for a configuration."""
    extra = ((config.get("tone") or {}).get("lexicons") or {}) if config is not None else {}
    return _compiled(json.dumps(extra, sort_keys=True))
