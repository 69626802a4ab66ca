"""`cta-mismatch`: an ask that does not fit the stage."""
from __future__ import annotations

from typing import Any

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule
from planner.rules.phase_mismatch import reads_as as _reads_as


def _distance(order: list[str], a: str, b: str) -> int:
    return abs(order.index(a) - order.index(b)) if a in order and b in order else 99


@rule("cta-mismatch", "warning", "The call to action does not fit the tagged stage.",
      category="journey")
def cta_mismatch(ctx: DocContext):
    """
    ## What it does
    Checks the page's call to action against its stage: the `cta:` front-matter
    value, and CTA-like text in the body (link text, bold "buttons", headings,
    sentences that open with the ask, such as "Start your free trial", "Book a
    demo", "Refer a friend", "Renew now", "Upgrade your plan"). A `cta:` value must
    fit the stage; a body ask is reported when it belongs to the other phase, or
    is two or more stages away ("Buy now" in an awareness post). CTA values the
    lexicon does not know are not judged.

    When `phase-mismatch` reports the page as the other phase, the advice follows
    the text, not the tag, so the two findings never pull apart: an ask that fits
    what the page reads as says so and points to the retag (its `fix` is the tag
    `phase-mismatch` suggests), with the ask for the tagged stage as the other
    way; an ask that fits neither suggests the ask for the stage the page reads
    as.

    ## Why it matters
    The ask is where the journey moves forward or breaks: "buy now" in an
    awareness piece pushes a reader who has only just noticed a problem, "book a
    demo" in an onboarding guide asks someone who has already paid to be sold to,
    and "renew now" on a pricing page speaks to customers a prospect is not.

    ## Options
    None. Teach it your own asks under `journey.ctas` in `planner.yml`
    (`fits`, `ids`, `phrases`).
    """
    a = ctx.analysis
    journey = a.journey if a else None
    tagged_phase, stage = ev.tagged(ctx)
    if not stage or (journey and journey.get("skipped") == "language"):
        return
    # imported here, as ev.lexicon does: the journey package needs spaCy, which a run with
    # nothing to analyse never loads
    from planner.journey.cta import field_cta

    lex = ev.lexicon(ctx)
    order = ctx.config.stage_order()
    phase_of = {s: ctx.config.phase_of(s) for s in order}
    bad: list[tuple[str, str | None, dict[str, Any] | None]] = []  # (kind, field value, body hit)
    field_value = ctx.doc.tags.cta if ctx.doc.tags else None
    field_kind = field_cta(field_value, lex)
    if field_kind and stage not in lex.ctas[field_kind]["fits"]:
        bad.append((field_kind, field_value, None))
    for hit in (journey or {}).get("ctas", []):
        fits = hit["fits"]
        if stage in fits:
            continue
        same_phase = [f for f in fits if phase_of.get(f) == tagged_phase]
        if same_phase and min(_distance(order, stage, f) for f in same_phase) < 2 and hit["cta"] != field_kind:
            continue
        bad.append((hit["cta"], None, hit))
    if not bad:
        return
    phrases, hits, kinds = [], [], []
    for kind, value, hit in bad:
        text = f"cta: {value}" if value else " ".join(hit["phrase"].split())
        if text.lower() not in (p.lower() for p in phrases):
            phrases.append(text)
        if hit:
            hits.append(hit)
        if kind not in kinds:
            kinds.append(kind)
    fits = sorted({f for k in kinds for f in lex.ctas[k]["fits"]}, key=lambda s: order.index(s) if s in order else 99)
    suggestion = next((spec["suggest"] for spec in lex.ctas.values() if stage in spec["fits"]), None)
    where = f"{tagged_phase}/{stage}"
    msg = f"call to action fits {', '.join(fits)}, not {where}: {ev.quote(phrases)}"
    fix: dict[str, Any] | None = {"cta": suggestion} if suggestion else None
    other = _reads_as(ctx)
    if other:
        # phase-mismatch says the text is the other phase: advice that only fits the tag
        # would contradict it (retag and change the ask, and the ask no longer fits)
        read = f"{other['phase']}/{other['stage']}"
        if all(other["stage"] in lex.ctas[k]["fits"] for k in kinds):
            msg += (f"; the ask fits what the page reads as, {read}: retag the page (see phase-mismatch)"
                    + (f", or, if it is meant for {where}, rewrite it and try e.g. `cta: {suggestion}`" if suggestion else ""))
            fix = {"phase": other["phase"], "stage": other["stage"]}
        else:
            theirs = next((spec["suggest"] for spec in lex.ctas.values() if other["stage"] in spec["fits"]), None)
            if theirs:
                msg += f"; the page reads as {read} (see phase-mismatch): for {other['stage']}, try e.g. `cta: {theirs}`"
                msg += f"; if it is meant for {where}, `cta: {suggestion}`" if suggestion else ""
                fix = {"cta": theirs}
            elif suggestion:
                msg += f"; for {stage}, try e.g. `cta: {suggestion}`"
    elif suggestion:
        msg += f"; for {stage}, try e.g. `cta: {suggestion}`"
    kw: dict[str, Any] = {}
    if hits:
        sentences, span = ev.sentences(ctx, hits[:int((ctx.config.get("journey") or {}).get("evidence", 3))], hits)
        kw = {"span": (hits[0]["start"], hits[0]["end"]), "sentences": sentences}
    else:
        kw = {"line": ctx.meta_line("cta")}
    yield ctx.finding(msg, evidence=phrases, fix=fix,
                      why=f"The ask should move a reader at the {stage} stage one step on, not skip ahead or go back a phase.", **kw)
