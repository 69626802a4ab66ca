"""The journey lexicon: default data files merged with a team's `journey.lexicon`,
compiled once into spaCy matchers and regexes.

A signal is a named group of patterns pointing at one stage. Compilation is cached
by the lexicon's content, so every document of a run shares one set of matchers.
"""
from __future__ import annotations

import copy
import difflib
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher

from planner.yamltext import load_yaml
from planner.nlp import sorted_ids
from planner.userregex import PatternError, UserPattern


_ALT = re.compile(r"\{([^{}]*)\}")


class LexiconError(ValueError):
    """A lexicon entry that cannot be compiled; the message starts with the entry's key
    (``journey.lexicon.<name>.patterns[0]``)."""


# Token attributes a pattern may use: the tokenizer's own (any pipeline has them) ...
_LEXICAL_ATTRS = frozenset({
    "ORTH", "TEXT", "NORM", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "SPACY", "IS_ALPHA", "IS_ASCII",
    "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
    "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_EMAIL", "LIKE_URL", "OP"})
# ... and those a pipeline component must set: attribute -> (annotation, what sets it).
# The default pipeline has a lemmatizer and sentence boundaries, no tagger, parser or NER.
_ANNOTATED_ATTRS = {
    "LEMMA": ("LEMMA", "a lemmatizer"), "POS": ("POS", "a part-of-speech tagger"), "TAG": ("TAG", "a part-of-speech tagger"),
    "MORPH": ("MORPH", "a morphologizer"), "DEP": ("DEP", "a dependency parser"),
    "SENT_START": ("SENT_START", "sentence boundaries"), "IS_SENT_START": ("SENT_START", "sentence boundaries"),
    "ENT_TYPE": ("ENT_IOB", "an entity recognizer"), "ENT_IOB": ("ENT_IOB", "an entity recognizer"),
    "ENT_ID": ("ENT_IOB", "an entity recognizer"), "ENT_KB_ID": ("ENT_IOB", "an entity recognizer")}
_PROBE = "Sign up for the plan. Your team signed up in May."


@lru_cache(maxsize=4)
def _probe(nlp: Language):
    """A short document through the whole pipeline: what it annotates, and a text to
    try a team's patterns on before any page is read."""
    return nlp(_PROBE)


def pattern_attributes(nlp: Language) -> list[str]:
    """The token attributes patterns may use with this pipeline."""
    doc = _probe(nlp)
    return sorted(_LEXICAL_ATTRS | {a for a, (ann, _) in _ANNOTATED_ATTRS.items() if doc.has_annotation(ann)})


def _check_attributes(nlp: Language, at: str, pattern: Any) -> None:
    """A token attribute the pipeline does not set fails at match time (spaCy E155) or
    never matches: name it here, with what is allowed."""
    if not isinstance(pattern, list):
        return  # spaCy's own validation names the shape that is wrong
    allowed = pattern_attributes(nlp)
    for j, tok in enumerate(pattern):
        for key in tok if isinstance(tok, dict) else ():
            attr = str(key).upper()
            if attr in allowed:
                continue
            if attr in _ANNOTATED_ATTRS:
                why = f"needs {_ANNOTATED_ATTRS[attr][1]} and the pipeline has none (see `nlp.model`)"
            elif attr == "_":
                why = "names custom extension attributes and the pipeline sets none"
            else:
                close = difflib.get_close_matches(attr, allowed, n=1, cutoff=0.6)
                why = "is not a token attribute" + (f" (did you mean '{close[0]}'?)" if close else "")
            raise LexiconError(f"{at}[{j}] uses {key}, which {why}; token patterns may use: {', '.join(allowed)}")


# Most phrases one entry may stand for (alternatives times inflected forms): twenty
# `{a|b}` groups in a row are a million phrases, minutes of compiling before any page.
MAX_PHRASES = 1000
MAX_NESTING = 10  # {a|{b|{c}}} is 3


class TooManyPhrases(ValueError):
    """An entry's alternatives (and inflections) multiply past :data:`MAX_PHRASES`."""


def expand(template: str, _budget: list[int] | None = None) -> list[str]:
    """``"your {plan|account}"`` -> ``["your plan", "your account"]`` (whitespace tidied).
    Groups nest: ``"{a|submit your {post|talk}}"`` -> a, submit your post, submit your talk.
    Raises :class:`TooManyPhrases` past :data:`MAX_PHRASES`, or when nested groups make
    more than ten times that many steps (``_budget``, shared down the recursion)."""
    budget = [10 * MAX_PHRASES] if _budget is None else _budget
    parts = _ALT.split(template)
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    if math.prod(len(c) for c in choices) > MAX_PHRASES:
        raise TooManyPhrases(template)
    out: dict[str, None] = {}  # in first-seen order
    tried: set[str] = set()
    for combo in itertools.product(*choices):
        s = "".join(combo)
        if s in tried:
            continue
        tried.add(s)
        budget[0] -= 1
        if budget[0] < 0:
            raise TooManyPhrases(template)
        for e in (expand(s, budget) if _ALT.search(s) else [" ".join(s.split())]):
            if e:
                out[e] = None
        if len(out) > MAX_PHRASES:
            raise TooManyPhrases(template)
    return list(out)


def _lemma_of(word: str) -> str:
    from planner.nlp import LEMMA_OVERRIDES, _lemma_table

    if word in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[word]
    table = _lemma_table()
    got = table.get(word, word) if table is not None else word
    return got if isinstance(got, str) else word


@lru_cache(maxsize=4096)
def word_forms(word: str) -> tuple[str, ...]:
    """``word`` and its regular inflections that the lemmatizer maps back to it
    ("sign" -> sign, signs, signed, signing). Matching these on LOWER equals matching
    the lemma, without a per-token lemma check at match time."""
    w = word.lower()
    if not w.isalpha():
        return (w,)
    cands = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        cands |= {w[:-1] + "ing", w[:-1] + "ed"}
    if w.endswith("y"):
        cands |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou":
        cands |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return tuple(sorted(c for c in cands if c == w or _lemma_of(c) == w))


def inflections(phrase: str) -> list[str]:
    """Every combination of the inflected forms of a phrase's words (:class:`TooManyPhrases`
    past :data:`MAX_PHRASES`)."""
    forms = [word_forms(w) for w in phrase.split()]
    if math.prod(len(f) for f in forms) > MAX_PHRASES:
        raise TooManyPhrases(phrase)
    return [" ".join(p) for p in itertools.product(*forms)]


def _phrases(at: str, item: Any, lemmas: bool = False) -> list[str]:
    """The phrases a `phrases`/`lemmas` entry stands for; :class:`LexiconError` naming
    the entry when it is not text, has unbalanced braces, stands for no words or for
    too many phrases."""
    if not isinstance(item, str) or not item.strip():
        raise LexiconError(f"{at} is {item!r}; expected a non-empty phrase")
    if item.count("{") != item.count("}"):
        raise LexiconError(f"{at} {item!r} has unbalanced braces")
    depth = deepest = 0
    for ch in item:
        depth += (ch == "{") - (ch == "}")
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:  # expand() recurses once per level
        raise LexiconError(f"{at} nests {{...}} groups {deepest} deep; at most {MAX_NESTING} levels")
    try:
        texts = expand(item)
        if lemmas:  # matched as every inflected form, on LOWER (fast)
            forms: list[str] = []
            for t in texts:
                forms.extend(inflections(t))
                if len(forms) > MAX_PHRASES:
                    raise TooManyPhrases(item)
            texts = forms
    except TooManyPhrases:
        raise LexiconError(f"{at} {item!r} stands for more than {MAX_PHRASES} phrases"
                           f"{' with their inflected forms' if lemmas else ''}; split it into several entries") from None
    if not texts:
        raise LexiconError(f"{at} {item!r} stands for no words")
    return texts


@lru_cache(maxsize=1)
def default_data() -> dict[str, Any]:
    folder = resources.files("planner") / "data" / "journey"
    lex = load_yaml((folder / "lexicon.yml").read_text(encoding="utf-8")) or {}
    cta = load_yaml((folder / "cta.yml").read_text(encoding="utf-8")) or {}
    return {"signals": lex.get("signals", {}), "ctas": cta.get("ctas", {})}


def merged(section: dict[str, Any] | None) -> dict[str, Any]:
    """Default signals and CTAs with the config's `journey.lexicon` / `journey.ctas` applied.

    A known signal's pattern lists are extended (or replaced with ``replace: true``),
    its stage and weight overridden; ``enabled: false`` removes it; a new name adds one."""
    data = copy.deepcopy(default_data())
    section = section or {}
    for key, target in (("lexicon", data["signals"]), ("ctas", data["ctas"])):
        for name, spec in (section.get(key) or {}).items():
            spec = dict(spec or {})
            if spec.pop("enabled", True) is False:
                target.pop(name, None)
                continue
            replace = spec.pop("replace", False)
            base = {} if replace or name not in target else target[name]
            for k, v in spec.items():
                if isinstance(v, list) and isinstance(base.get(k), list):
                    base[k] = base[k] + [x for x in v if x not in base[k]]
                else:
                    base[k] = v
            target[name] = base
    return data


@dataclass
class CompiledLexicon:
    signals: dict[str, dict[str, Any]]  # name -> {stage, weight}
    ctas: dict[str, dict[str, Any]]  # name -> {fits, ids: [[words]], ...}
    phrase_lower: PhraseMatcher | None = None
    phrase_lemma: PhraseMatcher | None = None
    matcher: Matcher | None = None
    regexes: list[tuple[str, re.Pattern | UserPattern]] = field(default_factory=list)  # UserPattern: a team's
    cta_lower: PhraseMatcher | None = None
    key: str = ""
    # LOWER hashes one of which every token pattern needs (None: some pattern needs none
    # we can name, so the Matcher always runs). A doc with none of them cannot match.
    matcher_triggers: Any = None  # their hashes, sorted (planner.nlp.sorted_ids)
    # most tokens any token pattern can span (None: some pattern is unbounded), so the
    # Matcher need only look at windows this wide around trigger words
    matcher_width: int | None = None


def _required_lowers(pattern: Any) -> set[str] | None:
    """Lower-cased words one of which a token of ``pattern`` must be, or None when no
    token has such a plain LOWER/ORTH/TEXT constraint (exact value or ``IN`` list)."""
    if not isinstance(pattern, list):
        return None
    for tok in pattern:
        if not isinstance(tok, dict) or tok.get("OP", "+") not in ("+", "1"):
            continue  # optional or negated tokens guarantee nothing
        for attr in ("LOWER", "ORTH", "TEXT"):
            v = tok.get(attr)
            if isinstance(v, str):
                return {v.lower()}
            if isinstance(v, dict) and set(v) == {"IN"} and isinstance(v["IN"], list) \
                    and v["IN"] and all(isinstance(x, str) for x in v["IN"]):
                return {x.lower() for x in v["IN"]}
    return None


def _max_width(pattern: Any) -> int | None:
    """Most tokens ``pattern`` can match, or None when unbounded (``*``, ``+``, ranges)."""
    if not isinstance(pattern, list):
        return None
    width = 0
    for tok in pattern:
        if not isinstance(tok, dict) or tok.get("OP", "1") not in ("1", "?", "!"):
            return None
        width += 1
    return width


def _uses_regex(pattern: Any) -> bool:
    """True when a spaCy token pattern has a REGEX operator anywhere in it."""
    if isinstance(pattern, dict):
        return any(k == "REGEX" or _uses_regex(v) for k, v in pattern.items())
    if isinstance(pattern, list):
        return any(_uses_regex(v) for v in pattern)
    return False


def _try_pattern(nlp: Language, at: str, pattern: Any) -> None:
    """Add a team's pattern to a matcher of its own and run it on a short document, so
    that whatever spaCy objects to (when adding or when matching) is a config error
    naming the entry, not a failure halfway through a run."""
    try:
        probe = Matcher(nlp.vocab)
        probe.add("probe", [pattern])
        probe(_probe(nlp))
    except Exception as exc:  # spaCy raises several kinds (MatchPatternError, ValueError, KeyError, ...)
        lines = str(exc).splitlines()
        detail = next((ln.lstrip("- ").strip() for ln in lines if ln.lstrip().startswith("- [")), lines[0] if lines else repr(exc))
        raise LexiconError(f"{at} is not a valid spaCy token pattern: {detail}") from None


def _check_stage(where: str, stage: Any, stages: set[str]) -> None:
    if stage not in stages:
        raise LexiconError(f"{where}.stage is {stage!r}; expected one of: {', '.join(sorted(stages))}")


def compile_lexicon(nlp: Language, data: dict[str, Any], stages: dict[str, str]) -> CompiledLexicon:
    """Build the matchers; raise :class:`LexiconError` naming the first broken entry.
    ``stages`` maps each stage to its phase."""
    phases = set(stages.values())
    learned = set(default_data()["signals"])  # the shipped model is trained on these
    trusted = {rx for spec in default_data()["signals"].values() for rx in spec.get("regex") or []}
    shipped = {json.dumps(p, sort_keys=True, default=str) for spec in default_data()["signals"].values()
               for p in spec.get("patterns") or []}
    vocab = nlp.vocab
    lower, lemma = PhraseMatcher(vocab, attr="LOWER"), None
    matcher, regexes = Matcher(vocab), []
    triggers: set[str] | None = set()
    width: int | None = 0
    signals: dict[str, dict[str, Any]] = {}
    for name, spec in data["signals"].items():
        where = f"journey.lexicon.{name}"
        if not isinstance(spec, dict):
            raise LexiconError(f"{where} must be a mapping with stage, weight and patterns")
        phase = spec.get("phase")
        if phase is not None:
            if phase not in phases:
                raise LexiconError(f"{where}.phase is {phase!r}; expected one of: {', '.join(sorted(phases))}")
            stage = spec.get("stage") or next(s for s, p in stages.items() if p == phase)
        else:
            close = difflib.get_close_matches(name, list(learned), n=1, cutoff=0.8) if name not in learned else []
            if spec.get("stage") is None and close:  # meant to extend a built-in signal
                raise LexiconError(f"{where} is not a built-in signal (did you mean '{close[0]}'?); "
                                   "a signal of your own needs a stage or phase")
            _check_stage(where, spec.get("stage"), set(stages))
            stage = spec["stage"]
        weight = spec.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool):
            raise LexiconError(f"{where}.weight is {weight!r}; expected a number")
        # a team's own signal has no trained weights: it counts with its set weight
        fixed = spec.get("fixed", name not in learned)
        signals[name] = {"stage": stage, "phase": phase, "weight": float(weight), "fixed": bool(fixed),
                         "presence": bool(spec.get("presence", False))}
        zones = spec.get("zones")
        if zones is not None:
            if not isinstance(zones, list) or not set(zones) <= {"title", "heading", "body"}:
                raise LexiconError(f"{where}.zones is {zones!r}; expected a list of: title, heading, body")
            signals[name]["zones"] = list(zones)
        for kind in ("phrases", "lemmas", "regex", "patterns"):
            items = spec.get(kind) or []
            if not isinstance(items, list):
                raise LexiconError(f"{where}.{kind} must be a list")
            for i, item in enumerate(items):
                at = f"{where}.{kind}[{i}]"
                if kind in ("phrases", "lemmas"):
                    lower.add(name, [nlp.make_doc(t) for t in _phrases(at, item, lemmas=kind == "lemmas")])
                elif kind == "regex":
                    try:
                        # the shipped patterns are ours; a team's run with a time bound
                        regexes.append((name, re.compile(item, re.I | re.M) if item in trusted
                                        else UserPattern(item, f"journey.lexicon.{name}.regex {item!r}", multiline=True)))
                    except (re.error, PatternError, TypeError) as exc:
                        raise LexiconError(f"{at} {item!r} is not a valid regular expression: {exc}") from None
                else:
                    if _uses_regex(item):
                        raise LexiconError(f"{at} uses REGEX, which spaCy runs without a time bound; "
                                           "put the expression in the signal's `regex:` list instead")
                    if json.dumps(item, sort_keys=True, default=str) not in shipped:
                        _check_attributes(nlp, at, item)
                        _try_pattern(nlp, at, item)
                    matcher.add(name, [item])
                    need = _required_lowers(item)
                    triggers = None if need is None or triggers is None else triggers | need
                    w = _max_width(item)
                    width = None if w is None or width is None else max(width, w)
        if not any(spec.get(k) for k in ("phrases", "lemmas", "regex", "patterns")):
            raise LexiconError(f"{where} has no phrases, lemmas, regex or patterns")
    cta_lower = PhraseMatcher(vocab, attr="LOWER")
    ctas: dict[str, dict[str, Any]] = {}
    for name, spec in data["ctas"].items():
        where = f"journey.ctas.{name}"
        if not isinstance(spec, dict) or not isinstance(spec.get("fits"), list) or not spec["fits"]:
            raise LexiconError(f"{where} needs `fits`: a list of stages")
        for s in spec["fits"]:
            if s not in stages:
                raise LexiconError(f"{where}.fits names unknown stage {s!r}; expected one of: {', '.join(sorted(stages))}")
        ids = []
        for i, item in enumerate(spec.get("ids") or []):
            if not isinstance(item, str) or not item.strip():
                raise LexiconError(f"{where}.ids[{i}] is {item!r}; expected words")
            ids.append(re.split(r"[\s_-]+", item.lower().strip()))
        for i, item in enumerate(spec.get("phrases") or []):
            cta_lower.add(name, [nlp.make_doc(t) for t in _phrases(f"{where}.phrases[{i}]", item)])
        ctas[name] = {"fits": list(spec["fits"]), "ids": ids,
                      "suggest": str(spec.get("suggest") or "-".join(ids[0] if ids else [name]))}
    trigger_ids = None if triggers is None else sorted_ids(vocab.strings.add(t) for t in triggers)
    return CompiledLexicon(signals=signals, ctas=ctas, phrase_lower=lower, phrase_lemma=lemma,
                           matcher=matcher if len(matcher) else None, regexes=regexes, cta_lower=cta_lower,
                           matcher_triggers=trigger_ids, matcher_width=width)


_CACHE: dict[tuple[int, str], CompiledLexicon] = {}
_FAST: dict[tuple[int, str], CompiledLexicon] = {}  # (nlp, user section + stages) -> the same lexicon


def lexicon_for(nlp: Language, config) -> CompiledLexicon:
    """The compiled lexicon for this pipeline and configuration (memoised)."""
    section = (config.get("journey") or {}) if config is not None else {}
    stages = {s: spec["phase"] for s, spec in config.taxonomy["stages"].items()}
    # merged() deep-copies the default lexicon: ~10% of a cold run when done per
    # document. It is a pure function of the user's section, so key on that first.
    fast = (id(nlp), json.dumps([section, stages], sort_keys=True, default=str))
    lex = _FAST.get(fast)
    if lex is not None:
        return lex
    data = merged(section)
    key = json.dumps([data, stages], sort_keys=True, default=str)
    ck = (id(nlp), key)
    lex = _CACHE.get(ck)
    if lex is None:
        lex = compile_lexicon(nlp, data, stages)
        lex.key = key
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[ck] = lex
    if len(_FAST) > 8:
        _FAST.clear()
    _FAST[fast] = lex
    return lex

