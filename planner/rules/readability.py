"""`readability`: harder to read than the stage's target."""
from __future__ import annotations

import math

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule
from planner.tone import verdicts as v


@rule("readability", "suggestion", "The text is harder to read than its stage's target.", category="tone",
      options={"passage_flesch": {"default": 10, "type": "number"},
               "passage_sentence_mean": {"default": 30, "type": "number", "minimum": 1}})
def readability(ctx: DocContext):
    """
    ## What it does
    Compares the document's Flesch reading ease and Flesch-Kincaid grade, counted on
    prose sentences only (not headings, lists, tables or code), with the targets for
    its phase, stage and format (`tone.targets`), quotes the hardest sentences, and
    says which of the two things reading ease is made of is the cause: long sentences
    (20 words or more on average) or long words (1.6 syllables or more), with the
    advice that fits.
    When the document as a whole is on target, it points at single paragraphs that
    are very hard going (Flesch reading ease under `passage_flesch`, sentences
    averaging `passage_sentence_mean` words, 30 points below the document).
    Far below target (30 points or 6 grades) is reported at the rule's severity;
    closer misses one step lower.

    ## Why it matters
    A buyer skims and leaves; a new customer who meets a wall of text in the
    onboarding guide decides the product is hard. Marketing promised simplicity:
    the first steps must deliver it.

    ## Options
    `passage_flesch` (10) and `passage_sentence_mean` (30) for single paragraphs.
    Targets live in `tone.targets` in `planner.yml` (`flesch_min`, `grade_max`).
    """
    a = ctx.analysis
    if not v.profiled(a) or not a.readability:
        return
    r, t = a.readability, ev.targets(ctx)
    fre, grade = r.get("flesch_reading_ease"), r.get("grade")
    whole = False
    if r.get("words", 0) >= v.min_words(ctx.config) and fre is not None:
        misses = []
        gap = 0.0
        if "flesch_min" in t and max(0.0, fre) < t["flesch_min"]:  # compared on the bounded 0-100 scale
            misses.append(f"reading ease {_below(max(0.0, fre), t['flesch_min'])} "  # the 0-100 scale `tone` shows
                          f"(target at least {_num(t['flesch_min'])})")
            gap = max(gap, (t["flesch_min"] - fre) / 30)
        if "grade_max" in t and grade is not None and grade > t["grade_max"]:
            misses.append(f"grade {_above(grade, t['grade_max'])} (target at most {_num(t['grade_max'])})")
            gap = max(gap, (grade - t["grade_max"]) / 6)
        if misses:
            whole = True
            per_word = _per_word(a.tone["counts"])
            cause = _cause(r["sentence_mean"], per_word)
            sentences, hard = v.hard_quotes(ctx, ctx.doc, a)
            span = (hard[0][0], hard[0][1]) if hard else None
            yield ctx.finding(
                f"harder to read than {ev.where(ctx)} content should be: {' and '.join(misses)}; "
                f"{_advice(cause, r['sentence_mean'], per_word)}",
                span=span, line=None if span else ctx.doc.body_line, severity=v.graded(ctx, gap >= 1.0),
                evidence=[s["text"][:120] for s in sentences], sentences=sentences,
                fix={"flesch_min": t.get("flesch_min"), "grade_max": t.get("grade_max"), "cause": cause,
                     "sentence_mean": round(r["sentence_mean"], 1), "syllables_per_word": round(per_word, 2)},
                why="Readers who have to work to understand a page stop reading; new customers blame the product.")
    if whole:
        return  # the document's finding already quotes its hardest sentences
    doc_ease = a.tone["scores"]["readability"]
    for p in a.tone.get("paragraphs", []):
        c = p["counts"]
        mean = c["prose_words"] / c["prose_sentences"] if c["prose_sentences"] else 0
        ease = p["scores"]["readability"]
        if ease is not None and ease < ctx.options["passage_flesch"] and mean >= ctx.options["passage_sentence_mean"] \
                and (doc_ease is None or doc_ease - ease >= 30):
            sentences, _ = v.hard_quotes(ctx, ctx.doc, a, p["start"], p["end"], n=2)
            yield ctx.finding(
                f"this paragraph is very hard going (reading ease {p['scores']['readability']:.0f}, sentences "
                f"averaging {mean:.0f} words): break it into short sentences that each say one thing",
                span=(p["start"], p["end"]), severity="suggestion" if ctx.config.rule_setting(ctx.rule.id)[0] is None
                else ctx.severity, sentences=sentences, evidence=[s["text"][:120] for s in sentences],
                why="A paragraph that has to be read twice is where readers give up.")


# Flesch's two inputs, where plain English sits: sentences of 15 to 20 words, about 1.5
# syllables a word (Flesch, "The Art of Readable Writing"; plainlanguage.gov).
LONG_SENTENCES = 20.0
LONG_WORDS = 1.6


def _per_word(counts: dict) -> float:
    words = counts.get("prose_words") or 0
    return counts.get("syllables", 0) / words if words else 0.0


def _cause(sentence_mean: float, per_word: float) -> str:
    """Which of reading ease's two inputs makes the page hard: "long words", "long
    sentences", "both", or "mixed" (each a little over plain English, neither far)
    (judged on the numbers as the message shows them, so it never contradicts itself)."""
    long_sentences, long_words = round(sentence_mean) >= LONG_SENTENCES, round(per_word, 1) >= LONG_WORDS
    return {(True, False): "long sentences", (False, True): "long words", (True, True): "both"}.get(
        (long_sentences, long_words), "mixed")


def _advice(cause: str, sentence_mean: float, per_word: float) -> str:
    """The numbers and the advice that fits the cause: an editor splits long sentences and
    swaps long words, but a page of ten-word sentences is not helped by splitting them."""
    said = f"sentences average {sentence_mean:.0f} words and words {per_word:.1f} syllables"
    if cause == "long words":
        return (f"{said}: the words are long (plain English is about 1.5), not the sentences. Prefer short, "
                f"common words ('use' for 'utilise', 'help' for 'facilitate', 'about' for 'regarding')")
    if cause == "long sentences":
        return (f"{said}: the sentences are long (plain English is 15 to 20 words). Split the longest ones so "
                f"that each says one thing")
    return f"{said}. Split the longest sentences and prefer short, common words"


def _num(x: float) -> str:
    return f"{x:.0f}" if x == round(x) else f"{x:.1f}"


def _below(x: float, target: float) -> str:
    """``x`` (under ``target``) rounded so that it still reads as under it: 49.6, not 50."""
    shown = f"{x:.0f}"
    return shown if float(shown) < target else f"{math.floor(x * 10) / 10:.1f}"


def _above(x: float, target: float) -> str:
    """``x`` (over ``target``) rounded so that it still reads as over it: 8.04, not 8.0."""
    shown = f"{x:.1f}"
    return shown if float(shown) > target else f"{math.ceil(x * 100) / 100:.2f}"
