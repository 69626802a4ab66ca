"""`readability`: harder to read than the stage's target."""
from __future__ import annotations

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
    its phase, stage and format (`tone.targets`), and quotes the hardest sentences.
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
            misses.append(f"reading ease {fre:.0f} (target at least {t['flesch_min']:.0f})")
            gap = max(gap, (t["flesch_min"] - fre) / 30)
        if "grade_max" in t and grade is not None and grade > t["grade_max"]:
            misses.append(f"grade {grade:.1f} (target at most {t['grade_max']:.0f})")
            gap = max(gap, (grade - t["grade_max"]) / 6)
        if misses:
            whole = True
            sentences, hard = v.hard_quotes(ctx, ctx.doc, a)
            span = (hard[0][0], hard[0][1]) if hard else None
            yield ctx.finding(
                f"harder to read than {ev.where(ctx)} content should be: {' and '.join(misses)}; sentences average "
                f"{r['sentence_mean']:.0f} words. Split the longest sentences and prefer short, common words",
                span=span, line=None if span else ctx.doc.body_line, severity=v.graded(ctx, gap >= 1.0),
                evidence=[s["text"][:120] for s in sentences], sentences=sentences,
                fix={"flesch_min": t.get("flesch_min"), "grade_max": t.get("grade_max")},
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
