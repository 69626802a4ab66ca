"""Journey rules: does the page's own language speak to the reader its tags promise?

`phase-mismatch` (buyer text tagged customer, or the reverse), `stage-mismatch` (the
right phase, another stage), `cta-mismatch` (an ask that does not fit the stage) and
`language-unknown` (text that is not English is not judged). Every finding quotes
the phrases and sentences that carry the evidence.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.config import ConfigError, register_validator
from planner.rules import DocContext, rule

if TYPE_CHECKING:  # spaCy is imported only when a rule actually runs
    from planner.journey.lexicon import CompiledLexicon

_ZONE_RANK = {"title": 0, "heading": 1, "body": 2}

WHY_PHASE = {
    "buyer": ("A buyer has not bought yet. Copy that assumes an account, a subscription or a past "
              "purchase tells a prospect the page is not for them, and skips what they need to decide."),
    "customer": ("A customer has already paid and now expects results. Selling to them again (trials, demos, "
                 "comparisons, origin stories) instead of helping them succeed erodes trust after the sale."),
}


def _lexicon(ctx: DocContext) -> "CompiledLexicon":
    from planner.journey.lexicon import lexicon_for
    from planner.nlp import get_nlp

    return lexicon_for(get_nlp(ctx.config), ctx.config)


@register_validator
def _validate_lexicon(config, where: str) -> None:
    """Compile a configured lexicon up front: a broken entry is a config error (exit 2)."""
    section = config.get("journey") or {}
    if not section.get("lexicon") and not section.get("ctas"):
        return
    from planner.journey.lexicon import LexiconError, lexicon_for
    from planner.nlp import get_nlp

    try:
        lexicon_for(get_nlp(config), config)
    except LexiconError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _reading(ctx: DocContext) -> tuple[dict | None, dict, str | None, str | None]:
    """(journey analysis, prediction, tagged phase, tagged stage); the analysis is None
    when the document was not read (too short, not English, unreadable)."""
    a = ctx.analysis
    journey = a.journey if a else None
    if not journey or journey.get("skipped"):
        return None, {}, None, None
    return (journey, journey.get("predicted") or {}, *_tagged(ctx))


def _tagged(ctx: DocContext) -> tuple[str | None, str | None]:
    """(phase, stage) as tagged; the stage's own phase wins over a conflicting `phase:`
    (that conflict is `stage-phase-conflict`'s finding, not this rule's)."""
    tags = ctx.doc.tags
    if tags is None:
        return None, None
    stages = ctx.config.taxonomy["stages"]
    stage = tags.stage if tags.stage in stages else None
    phase = ctx.config.phase_of(stage) if stage else (tags.phase if tags.phase in ctx.config.taxonomy["phases"] else None)
    return phase, stage


def evidence(ctx: DocContext, journey: dict[str, Any], towards: list[str], away: list[str],
             want_phase: str | None = None, want_stage: str | None = None) -> tuple[list[str], list[dict[str, Any]], tuple[int, int] | None]:
    """(phrases, sentence records, span of the strongest sentence) supporting ``towards``
    over ``away``. Only signals that point into ``want_phase`` (when given) are quoted,
    so the quotes always read as that phase."""
    from planner.journey.explain import feature_hits
    from planner.journey.prediction import active_model, pushes
    from planner.journey.teammodel import product_names

    lex = _lexicon(ctx)
    phase_of = {s: ctx.config.phase_of(s) for s in ctx.config.stage_order()}
    ranked = pushes(journey.get("features") or {}, lex.signals, towards, away,
                    model=active_model(ctx.config), phase_of=phase_of)
    rank: dict[str, int] = {}
    learned: list[str] = []  # learned terms and product-use cues, quoted from the text
    for name, _ in ranked:
        spec = lex.signals.get(name)
        if spec is None:
            if name.startswith(("w:", "about:")):
                learned.append(name)
                rank[name] = len(rank)
            continue
        sig_phase = spec.get("phase") or phase_of.get(spec["stage"])
        if want_phase and sig_phase != want_phase:
            continue
        if want_stage and spec["stage"] != want_stage and not spec.get("phase"):
            continue
        rank[name] = len(rank)
    hits = [h for h in journey.get("signals", []) if h["signal"] in rank]
    if learned:
        hits += feature_hits(ctx.doc.prose.text, learned, product_names(ctx.config))
    # phase-level cues ("your subscription", "book a demo") first, then other explicit
    # (fixed) cues, then by strength; titles and headings before body text
    fixed = {name for name in rank if name in lex.signals and lex.signals[name].get("fixed")}
    phase_level = {name for name in fixed if lex.signals[name].get("phase")}
    hits.sort(key=lambda h: (h["signal"] not in phase_level, h["signal"] not in fixed, rank[h["signal"]],
                             _ZONE_RANK.get(h["zone"], 2), h["start"]))
    n = int((ctx.config.get("journey") or {}).get("evidence", 3))
    phrases: list[str] = []
    chosen: list[dict[str, Any]] = []
    # a broad explanation first (one phrase per signal, two for an explicit cue), then more
    for round_ in (0, 1):
        used: dict[str, int] = {}
        for h in hits:
            if len(phrases) >= n:
                break
            if round_ == 0 and used.get(h["signal"], 0) >= (2 if h["signal"] in fixed else 1):
                continue
            key = " ".join(h["phrase"].lower().split())
            if any(key in p.lower() or p.lower() in key for p in phrases):
                continue
            used[h["signal"]] = used.get(h["signal"], 0) + 1
            phrases.append(" ".join(h["phrase"].split()))
            chosen.append(h)
    return phrases, *_sentences(ctx, chosen, hits)


def _sentences(ctx: DocContext, chosen: list[dict[str, Any]], hits: list[dict[str, Any]]
               ) -> tuple[list[dict[str, Any]], tuple[int, int] | None]:
    """Sentence records for the chosen hits (each sentence once, every hit in it highlighted)."""
    analysis = ctx.analysis
    records, first, seen = [], None, set()
    for h in chosen:
        sent = analysis.sentence_at(h["start"]) if analysis else None
        sent = sent or (h["start"], h["end"])
        if sent in seen:
            continue
        seen.add(sent)
        marks = _merge(sorted({(x["start"], x["end"]) for x in hits if sent[0] <= x["start"] and x["end"] <= sent[1]}
                              | {(h["start"], h["end"])}))
        records.append(ctx.sentence_record(ctx.doc, sent[0], _trim_end(ctx, sent), marks))
        first = first or (sent[0], _trim_end(ctx, sent))
    return records, first


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping highlight spans merged into one."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _trim_end(ctx: DocContext, sent: tuple[int, int]) -> int:
    """Sentence end without trailing whitespace (spans then end on the last character)."""
    text = ctx.doc.prose.text
    end = sent[1]
    while end > sent[0] and text[end - 1].isspace():
        end -= 1
    return end


def _quote(phrases: list[str]) -> str:
    return ", ".join(f'"{p}"' for p in phrases)


@rule("phase-mismatch", "warning", "The text speaks to the other phase than its tags (buyer vs customer).",
      category="journey", options={"min_confidence": 0.59})
def phase_mismatch(ctx: DocContext):
    """
    ## What it does
    Reads the page's own language and predicts which reader it serves: a **buyer**
    (awareness, consideration, decision) or a **customer** (onboarding, adoption,
    success, advocacy). When the prediction disagrees with the tagged phase with
    confidence at or above `min_confidence`, it reports the sentences that give it
    away and suggests the tag the text supports. The signals are structural:
    possession of things only a customer has ("your subscription", "your
    workspace"), purchase in the past ("since you signed up"), UI instructions
    ("go to Settings"), troubleshooting and renewal on the customer side; evaluation
    framing ("compare", "alternatives to"), problem education ("what is"),
    pricing, trials, demos and security reviews on the buyer side. Titles and
    headings weigh more than body text. Pages under `journey.min_words` prose words
    are not judged.

    ## Why it matters
    Content written for one phase and shown to the other fails: a prospect on a
    pricing page is thanked for being a loyal customer, or someone who has just
    paid gets a founder story and a free-trial offer instead of help. The reader's
    question differs: "why should I choose this?" before the purchase, "was this
    the right choice?" after it.

    ## Example
    Fires (tagged `phase: buyer`, `stage: decision`):
    ```markdown
    Thank you for being a loyal customer. Since you signed up, your team has planned
    thousands of tasks. Your subscription renews on the date shown in your workspace.
    ```
    → `reads as customer/success, not buyer/decision: "since you signed up", "your subscription", "your workspace"`

    Does not fire: the same page tagged `stage: success`, or a decision page that
    says "Compare plans" and "Start your free trial".

    ## Options
    - `min_confidence` (default 0.59): how sure the prediction must be (the
      probability of the predicted phase, 0-1). Raise it for fewer, surer findings:
      on companies the model was not trained on, 0.59 flags about 85% of wrongly
      tagged pages with about 94% of flags right; 0.8 flags about 65% with 97% right
      (`benchmarks/journey_accuracy.py`).

    Extend or tune the signals in `planner.yml` under `journey.lexicon`.
    """
    journey, pred, tagged_phase, tagged_stage = _reading(ctx)
    if journey is None:
        return
    if not pred.get("phase") or not tagged_phase or pred["phase"] == tagged_phase:
        return
    if pred.get("confidence", 0.0) < float(ctx.options.get("min_confidence", 0.59)):
        return
    towards = ctx.config.stages_of(pred["phase"])
    away = ctx.config.stages_of(tagged_phase)
    phrases, sentences, span = evidence(ctx, journey, towards, away, want_phase=pred["phase"])
    if not phrases:
        return  # nothing quotable: a verdict without evidence is not worth an editor's time
    was = f"{tagged_phase}/{tagged_stage}" if tagged_stage else tagged_phase
    msg = (f"reads as {pred['phase']}/{pred['stage']}, not {was}: {_quote(phrases)} "
           f"(confidence {pred['confidence']:.2f})")
    yield ctx.finding(msg, span=span, evidence=phrases, fix={"phase": pred["phase"], "stage": pred["stage"]},
                      why=WHY_PHASE[tagged_phase] if tagged_phase in WHY_PHASE else "",
                      sentences=sentences)


@rule("stage-mismatch", "suggestion", "The text fits another stage of the same phase.",
      category="journey", options={"min_confidence": 0.8, "min_ratio": 3.0})
def stage_mismatch(ctx: DocContext):
    """
    ## What it does
    When the predicted phase agrees with the tags but the text reads clearly as
    another stage of that phase, suggests that stage, quoting the phrases that
    point to it: an onboarding guide that is really an advanced best-practice piece
    (success), an awareness article that is a hard sales pitch (decision).

    ## Why it matters
    Each stage answers a different question. A reader who has just bought wants a
    first small win, not quarterly optimisation; a reader who has just noticed a
    problem wants to understand it, not a price list. A page filed under the wrong
    stage also leaves a false gap, or a false sense of coverage, in the matrix.

    ## Example
    Fires (tagged `stage: onboarding`): a guide whose headings are "Calibrate your
    estimate-accuracy ratio", "Set per-role utilisation targets", "Review the model
    every quarter", for teams "with two or more quarters of history".

    Does not fire: a guide that says "Step 1: create your workspace", "invite your
    team" and "your first project".

    ## Options
    - `min_confidence` (default 0.8): probability the predicted stage must reach.
    - `min_ratio` (default 3.0): how many times likelier than the tagged stage it must be.
    """
    journey, pred, tagged_phase, tagged_stage = _reading(ctx)
    if journey is None:
        return
    if not pred.get("stage") or not tagged_stage or pred["phase"] != tagged_phase or pred["stage"] == tagged_stage:
        return
    scores = pred.get("scores") or {}
    p, q = scores.get(pred["stage"], 0.0), scores.get(tagged_stage, 0.0)
    if p < float(ctx.options.get("min_confidence", 0.8)) or p < float(ctx.options.get("min_ratio", 3.0)) * q:
        return
    stage_phase = ctx.config.phase_of(pred["stage"])
    phrases, sentences, span = evidence(ctx, journey, [pred["stage"]], [tagged_stage], want_stage=pred["stage"])
    if not phrases:
        return
    desc = ctx.config.taxonomy["stages"].get(pred["stage"], {}).get("description", "")
    msg = f"reads as {stage_phase}/{pred['stage']}, not {tagged_phase}/{tagged_stage}: {_quote(phrases)}"
    yield ctx.finding(msg, span=span, evidence=phrases, fix={"phase": stage_phase, "stage": pred["stage"]},
                      why=f"{pred['stage'].capitalize()} readers: {desc}" if desc else "", sentences=sentences)


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

    ## Why it matters
    The ask is where the journey moves forward or breaks: "buy now" in an
    awareness piece pushes a reader who has only just noticed a problem, "book a
    demo" in an onboarding guide asks someone who has already paid to be sold to,
    and "renew now" on a pricing page speaks to customers a prospect is not.

    ## Example
    Fires: `stage: awareness` with `cta: buy-now`, or a body ending
    "[Buy now](/checkout) and save 20%".

    Does not fire: `stage: awareness` with `cta: subscribe-newsletter`, or a
    decision page with "[Start your free trial](/signup)".

    ## Options
    None. Teach it your own asks under `journey.ctas` in `planner.yml`
    (`fits`, `ids`, `phrases`).
    """
    a = ctx.analysis
    journey = a.journey if a else None
    tagged_phase, stage = _tagged(ctx)
    if not stage or (journey and journey.get("skipped") == "language"):
        return
    from planner.journey.cta import field_cta

    lex = _lexicon(ctx)
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
    msg = f"call to action fits {', '.join(fits)}, not {where}: {_quote(phrases)}"
    if suggestion:
        msg += f"; for {stage}, try e.g. `cta: {suggestion}`"
    kw: dict[str, Any] = {}
    if hits:
        sentences, span = _sentences(ctx, hits[:int((ctx.config.get("journey") or {}).get("evidence", 3))], hits)
        kw = {"span": (hits[0]["start"], hits[0]["end"]), "sentences": sentences}
    else:
        kw = {"line": ctx.meta_line("cta")}
    yield ctx.finding(msg, evidence=phrases, fix={"cta": suggestion} if suggestion else None,
                      why=f"The ask should move a reader at the {stage} stage one step on, not skip ahead or go back a phase.", **kw)


@rule("language-unknown", "suggestion", "The text does not read as English; journey checks are skipped.",
      category="journey")
def language_unknown(ctx: DocContext):
    """
    ## What it does
    Notes a page whose text does not read as English (too few English function
    words), so the journey, CTA and tone checks, which use English lexicons, are
    skipped for it rather than guessing.

    ## Why it matters
    A silent pass on a page nobody could check looks like a clean bill of health.

    ## Example
    Fires: a page written in German. Does not fire: an English page, or a page too
    short to tell.

    ## Options
    None.
    """
    a = ctx.analysis
    if a is not None and a.language != "en":
        yield ctx.finding("the text does not read as English: journey and CTA checks were skipped",
                          line=ctx.doc.body_line,
                          why="The journey signals are English phrases; judging other languages with them would be noise.")
