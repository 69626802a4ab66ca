"""One audit page per document, and the documents index."""
from __future__ import annotations

import posixpath
from typing import Any, Iterator

from planner.model import Document, Finding
from planner.site import tone_view
from planner.site.context import Page, SiteContext
from planner.site.findings import finding_anchor
from planner.site.html import SEV_ICON, a, esc, highlight, inline, section, severity, slug, sr, table, tag

FIELDS = ("id", "phase", "stage", "roles", "persona", "format", "owner", "cta", "status", "reviewed", "topic")
SEV_ORDER = {"error": 0, "warning": 1, "suggestion": 2}


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield index_page(ctx)
    yield from folder_pages(ctx)
    for doc in ctx.audit.documents:
        yield document_page(ctx, doc)


def counts(ctx: SiteContext, relpath: str) -> dict[str, int]:
    c = {"error": 0, "warning": 0, "suggestion": 0}
    for f in ctx.findings_for(relpath):
        c[f.severity] = c.get(f.severity, 0) + 1
    return c


def count_badges(c: dict[str, int]) -> str:
    """Finding counts as icon + number (+ the word for screen readers): not colour alone."""
    parts = [f'<span class="pl-count pl-count--{s}"><span aria-hidden="true">{SEV_ICON.get(s, "")}</span> {n}'
             f'{sr(f" {s}" + ("s" if n != 1 else ""))}</span>' for s, n in c.items() if n]
    return "".join(parts) or '<span class="pl-count pl-count--clean"><span aria-hidden="true">✓</span> 0<span class="pl-sr"> findings</span></span>'


def _sort_count(c: dict[str, int]) -> str:
    """Worst first when sorted descending: errors, then warnings, then suggestions."""
    return f"{c.get('error', 0):04d}{c.get('warning', 0):04d}{c.get('suggestion', 0):04d}"


def title_cell(ctx: SiteContext, doc: Document, L) -> str:
    """The document's title (a link to its page) with its path under it: titles repeat."""
    return (a(L.href(ctx.doc_uri(doc.relpath)), esc(ctx.title_of(doc)))
            + f'<span class="pl-group__path">{esc(doc.relpath)}</span>')


def doc_row(ctx: SiteContext, doc: Document, here: str) -> list:
    L = ctx.links(here)
    t = doc.tags
    stage = t.stage if t and t.stage else None
    order = {s: i for i, s in enumerate(ctx.stages())}
    c = counts(ctx, doc.relpath)
    return [(title_cell(ctx, doc, L), ctx.title_of(doc).lower()),
            (tag(stage, ctx.config.phase_of(stage) or "unknown") if stage else '<span class="pl-muted">untagged</span>',
             f"{order.get(stage, 99):02d}"),
            esc(", ".join(t.roles) if t else ""), esc(ctx.owner_of(doc)), esc(t.status if t else ""),
            (esc(t.reviewed.isoformat()) if t and t.reviewed else "", t.reviewed.isoformat() if t and t.reviewed else ""),
            (count_badges(c), _sort_count(c))]


DOC_HEADERS = ["Document", "Stage", "Roles", "Owner", "Status", "Reviewed", "Findings"]


def doc_data(ctx: SiteContext, doc: Document) -> dict[str, str]:
    t = doc.tags
    stage = t.stage if t and t.stage else ""
    c = counts(ctx, doc.relpath)
    worst = next((s for s in ("error", "warning", "suggestion") if c.get(s)), "none")
    return {"stage": stage, "phase": ctx.config.phase_of(stage) or "", "owner": ctx.owner_of(doc),
            "status": t.status if t else "", "severity": worst}


def docs_table(ctx: SiteContext, docs: list[Document], here: str, label: str) -> str:
    return table(DOC_HEADERS, [doc_row(ctx, d, here) for d in docs], "pl-docs", label=label,
                 row_data=[doc_data(ctx, d) for d in docs], filters="stage phase owner status severity")


def index_page(ctx: SiteContext) -> Page:
    here = "documents/index.md"
    L = ctx.links(here)
    order = {s: i for i, s in enumerate(ctx.stages())}
    docs = sorted(ctx.audit.documents, key=lambda d: (order.get(d.tags.stage if d.tags else None, 99), ctx.title_of(d).lower()))
    body = (f"<h1>Documents</h1><p class=\"pl-lead\">{len(docs)} documents in journey order. "
            "Each links to its audit page: tags, the journey reading, every finding and the tone profile. "
            f"{a(L.href('search.md'), 'Search their text')} · download {a(L.asset('data/documents.csv'), 'CSV')} · "
            f"{a(L.asset('data/documents.json'), 'JSON')}.</p>"
            + docs_table(ctx, docs, here, "Documents"))
    return Page(here, "Documents", body, meta={"search": "none"})


# --------------------------------------------------------------------------- one document

def document_page(ctx: SiteContext, doc: Document) -> Page:
    here = ctx.doc_uri(doc.relpath)
    L = ctx.links(here)
    t = doc.tags
    title = ctx.title_of(doc)
    findings = sorted(ctx.findings_for(doc.relpath), key=lambda f: (SEV_ORDER.get(f.severity, 9), f.line))
    c = counts(ctx, doc.relpath)
    analysis = ctx.audit.analyses.get(doc.relpath)
    stage = t.stage if t else None

    source = ctx.source_url(doc.relpath)
    head = [f'<h1 class="pl-doc-title">{esc(title)}</h1>',
            f'<p class="pl-path"><code>{esc(doc.relpath)}</code>',
            f" · {analysis.words} words" if analysis else "",
            (" · " + tag("stale review", "bad")) if ctx.is_stale(doc) else "",
            (f' · <a href="{esc(source)}">Edit the source file</a>' if source else ""), "</p>"]
    summary = _summary(ctx, doc, c, analysis, L)
    parts = ["".join(head) + summary, section("Tags", _tags(ctx, doc, L), "tags")]
    if analysis is not None:
        parts.append(section("Journey reading", _journey(ctx, doc, analysis, L), "journey"))
    parts.append(section(f"Findings ({len(findings)})", _findings(ctx, doc, findings, L), "findings"))
    sup = [f for f in ctx.audit.suppressed if f.path == doc.relpath]
    if sup or doc.suppressions:
        parts.append(section("Suppressed", _suppressed(ctx, doc, sup, L), "suppressed"))
    if analysis is not None:
        parts.append(section("Readability and tone", tone_view.profile(ctx, analysis, stage, t.format if t else None), "tone"))
    return Page(here, title, "".join(parts), meta={"search": "head"})


def _summary(ctx: SiteContext, doc: Document, c: dict[str, int], analysis, L) -> str:
    t = doc.tags
    stage = t.stage if t else None
    bits = []
    if stage:
        bits.append(f'<span class="pl-kv"><span>Tagged</span>{_stage_link(ctx, stage, L)}</span>')
    pred = (analysis.journey or {}).get("predicted") if analysis and isinstance(analysis.journey, dict) else None
    if isinstance(pred, dict) and pred.get("stage"):
        agree = pred.get("stage") == stage
        bits.append(f'<span class="pl-kv"><span>Reads as</span>{_stage_link(ctx, pred["stage"], L)}'
                    f'<span class="pl-conf">{esc(_sureness(ctx, pred))}</span>'
                    + ('<span class="pl-agree">matches</span>' if agree else '<span class="pl-disagree">differs</span>') + "</span>")
    bits.append(f'<span class="pl-kv"><span>Findings</span>{count_badges(c)}</span>')
    return '<div class="pl-summary">' + "".join(bits) + "</div>"


def _stage_link(ctx: SiteContext, stage: str, L) -> str:
    phase = ctx.config.phase_of(stage)
    label = f"{phase} / {stage}" if phase else stage
    if phase:
        return a(L.href(ctx.stage_uri(stage)), esc(label), f"pl-tag pl-tag--{slug(phase)}")
    return tag(label, "unknown")


def _pct(v: Any) -> str:
    """A probability as a percentage that never rounds up to a certainty it is not."""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return ""
    if 0.995 <= v < 1:
        return ">99%"
    if 0 < v < 0.005:
        return "<1%"
    return f"{float(v) * 100:.0f}%"


def _sureness(ctx: SiteContext, pred: dict) -> str:
    """How sure the reading is, phase and stage apart: a page can be surely customer
    and only fairly surely success ("customer 100% sure" read as the stage's was wrong)."""
    phase = ctx.config.phase_of(pred["stage"]) or pred.get("phase") or "phase"
    parts = [f"{phase} {p} sure" for p in [_pct(pred.get("confidence"))] if p]
    parts += [f"{pred['stage']} {p}" for p in [_pct(pred.get("stage_confidence"))] if p]
    return " · ".join(parts)


def _tags(ctx: SiteContext, doc: Document, L) -> str:
    t = doc.tags
    if t is None:
        return '<p class="pl-note pl-note--bad">The front matter could not be read, so this document is not placed in the journey. See the findings below.</p>'
    d = t.to_dict()
    rows = []
    for key in FIELDS:
        v = d.get(key)
        if key == "phase" and t.phase_implied and v:
            shown = esc(v) + ' <span class="pl-muted">(from the stage)</span>'
        elif key == "stage" and v:
            shown = _stage_link(ctx, v, L)
        elif isinstance(v, list):
            shown = " ".join(tag(x) for x in v) if v else '<span class="pl-muted">—</span>'
        elif v in (None, ""):
            shown = '<span class="pl-muted">—</span>'
        else:
            shown = esc(v)
        if key == "reviewed" and ctx.is_stale(doc):
            shown += " " + tag(f"older than {ctx.stale_days()} days", "bad")
        rows.append([f"<code>{esc(key)}</code>", shown])
    return table(["Field", "Value"], rows, "pl-kvtable")


def _journey(ctx: SiteContext, doc: Document, analysis, L) -> str:
    j = analysis.journey if isinstance(analysis.journey, dict) else None
    if not j:
        return '<p class="pl-muted">No journey reading for this document (the journey analyser is not installed, or the text is too short).</p>'
    pred = j.get("predicted") or {}
    out = []
    if pred.get("stage"):
        phase = ctx.config.phase_of(pred["stage"]) or pred.get("phase") or "its"
        phase_p, stage_p = _pct(pred.get("confidence")), _pct(pred.get("stage_confidence"))
        out.append(f'<p>The text reads as {_stage_link(ctx, pred["stage"], L)}: the {esc(phase)} phase with '
                   f'<strong>{esc(phase_p or "unknown")} confidence</strong>'
                   + (f', the {esc(pred["stage"])} stage with <strong>{esc(stage_p)}</strong> (the bars below)'
                      if stage_p else "") + '.</p>')
    elif pred:
        out.append('<p class="pl-muted">Too little text for a confident reading.</p>')
    scores = pred.get("scores") or {}
    if isinstance(scores, dict) and scores:
        from planner.site.html import bar

        rows = []
        for stage in ctx.stages():
            if stage in scores and isinstance(scores[stage], (int, float)):
                rows.append(bar(float(scores[stage]) * 100, label=stage, fmt="{:.0f}%"))
        out.append('<div class="pl-bars pl-bars--scores">' + "".join(rows) + "</div>")
    out.append(evidence_sentences(ctx, doc, analysis))
    return "".join(out)


def _signals(j: dict) -> list[dict]:
    """Evidence signals with prose offsets, whatever the analyser calls the list."""
    for key in ("signals", "evidence", "matches"):
        v = j.get(key)
        if isinstance(v, list):
            return [s for s in v if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
    return []


def evidence_sentences(ctx: SiteContext, doc: Document, analysis, limit: int = 8) -> str:
    """The sentences carrying the strongest journey evidence, phrases highlighted by phase."""
    sigs = _signals(analysis.journey or {})
    if not sigs:
        return ""
    text = doc.prose.text
    import bisect

    sents = analysis.sentences or []
    starts = [x[0] for x in sents]
    by_sentence: dict[tuple[int, int], list[dict]] = {}
    for s in sigs:
        i = bisect.bisect_right(starts, s["start"]) - 1
        span = (sents[i][0], sents[i][1]) if i >= 0 and sents[i][0] <= s["start"] < sents[i][1] else (s["start"], s["end"])
        by_sentence.setdefault(tuple(span), []).append(s)
    ranked = sorted(by_sentence.items(), key=lambda kv: -sum(float(x.get("weight", 1) or 1) for x in kv[1]))[:limit]
    items = []
    for (a0, b0), ss in sorted(ranked, key=lambda kv: kv[0][0]):
        sentence = text[a0:b0]
        marked = highlight(sentence, [[x["start"] - a0, x["end"] - a0,
                                       f"pl-mark pl-mark--{slug(ctx.config.phase_of(x.get('stage')) or 'x')}"] for x in ss])
        order = {st: i for i, st in enumerate(ctx.stages())}
        stages = sorted({str(x.get("stage")) for x in ss if x.get("stage")}, key=lambda st: order.get(st, 99))
        line = doc.prose_position(a0, b0)[0] if doc.ok else None
        items.append(f'<li><blockquote class="pl-quote">{marked}</blockquote><span class="pl-quote__meta">'
                     + (f"line {line} · " if line else "") + esc("signals " + ", ".join(stages)) + "</span></li>")
    return ('<p class="pl-small">Phrases that drove the reading, in their sentences '
            '(<mark class="pl-mark pl-mark--buyer">buyer</mark> · <mark class="pl-mark pl-mark--customer">customer</mark>):</p>'
            '<ul class="pl-quotes">' + "".join(items) + "</ul>")


FIELD_NAMES = {"role": "roles"}  # a fix names the front-matter field as it is written


def _fix(fix: Any) -> str:
    if not fix:
        return ""
    if isinstance(fix, dict):
        if isinstance(fix.get("text"), str) and fix["text"]:
            return inline(fix["text"])  # the advice in words; the other keys are the same advice for tools
        parts = []
        for k, v in fix.items():
            if k in ("text", "message", "suggestion", "replace", "instead") and isinstance(v, str):
                parts.append(inline(v))
            else:
                value = ", ".join(map(str, v)) if isinstance(v, list) else v
                parts.append(f"set <code>{esc(FIELD_NAMES.get(k, k))}</code> to <code>{esc(value)}</code>")
        return "; ".join(parts)
    return inline(fix)


def finding_card(ctx: SiteContext, f: Finding, L, show_path: bool = False, docs: dict | None = None) -> str:
    where = f"line {f.line}"
    title = ""
    if show_path and ctx.doc_uri(f.path):
        d = (docs or {}).get(f.path)
        name = esc(ctx.title_of(d)) if d else esc(f.path)
        title = (f'<p class="pl-finding__doc">{a(L.href(ctx.doc_uri(f.path), finding_anchor(f)), name)}'
                 f'<span class="pl-group__path">{esc(f.path)}</span></p>')
    rule = a(L.href(ctx.rule_uri(f.rule)), esc(f.rule), "pl-rule")
    quotes = "".join(f'<blockquote class="pl-quote">{highlight(str(s.get("text", "")), s.get("highlights") or [])}'
                     f'<span class="pl-quote__meta">line {esc(s.get("line", "?"))}</span></blockquote>'
                     for s in (f.sentences or [])[:5] if isinstance(s, dict))
    if not quotes and f.evidence:
        quotes = '<p class="pl-evidence">' + " ".join(f'<mark class="pl-mark">{esc(e)}</mark>' for e in f.evidence[:8]) + "</p>"
    why = f'<p class="pl-why"><strong>Why it matters:</strong> {inline(f.why)}</p>' if f.why else ""
    todo = _fix(f.fix)
    todo_html = f'<p class="pl-todo"><strong>What to do:</strong> {todo}</p>' if todo else ""
    anchor = "" if show_path else f' id="{finding_anchor(f)}"'
    return (f'<div class="pl-finding pl-finding--{slug(f.severity)}"{anchor}>{title}'
            f'<div class="pl-finding__head">{severity(f.severity)}<span class="pl-line">{where}</span>{rule}</div>'
            f'<p class="pl-finding__msg">{inline(f.message)}</p>{quotes}{why}{todo_html}</div>')


def _findings(ctx: SiteContext, doc: Document, findings: list[Finding], L) -> str:
    if not findings:
        return '<p class="pl-note pl-note--ok">No findings: this document passes every enabled rule.</p>'
    return "".join(finding_card(ctx, f, L) for f in findings)


def _suppressed(ctx: SiteContext, doc: Document, sup: list[Finding], L) -> str:
    out = []
    if doc.suppressions:
        rows = [[f"line {s.line}", esc(s.kind), esc(", ".join(s.rules) or "all rules"),
                 esc(s.reason) or '<span class="pl-muted">no reason given</span>',
                 "used" if s.used else tag("unused", "warn")] for s in doc.suppressions]
        out.append(table(["Where", "Kind", "Rules", "Reason", ""], rows))
    if sup:
        out.append("<p class=\"pl-small\">Findings silenced by them:</p>"
                   + "".join(f'<p class="pl-small">{severity(f.severity)} line {f.line} · '
                             f'{a(L.href(ctx.rule_uri(f.rule)), esc(f.rule))}: {inline(f.message)}</p>' for f in sup))
    return "".join(out)


def folders(ctx: SiteContext) -> dict[str, list[Document]]:
    """Documents by the folder of their page, folders sorted."""
    out: dict[str, list[Document]] = {}
    for doc in ctx.audit.documents:
        out.setdefault(posixpath.dirname(ctx.doc_uri(doc.relpath)), []).append(doc)
    return {k: sorted(out[k], key=lambda d: ctx.title_of(d).lower()) for k in sorted(out)}


def folder_uri(folder: str) -> str:
    return f"{folder}/index.md"


def folder_pages(ctx: SiteContext) -> Iterator[Page]:
    """One page per folder: its documents as a table (the navigation's entry point on
    estates too big to list every document in the sidebar)."""
    for folder, docs in folders(ctx).items():
        if folder == "documents":
            continue  # documents at the top level are listed on documents/index.md
        here = folder_uri(folder)
        name = folder[len("documents/"):]
        body = (f"<h1>{esc(name)}</h1><p class=\"pl-lead\">{len(docs)} documents in this folder.</p>"
                + docs_table(ctx, docs, here, f"Documents in {name}"))
        yield Page(here, name, body, meta={"search": "none"})


def nav_groups(ctx: SiteContext, size: int = 100, list_documents: bool = True) -> list:
    """The Documents part of the navigation: a section per folder (its index page, then
    its documents in groups of at most ``size``), or only the folder pages when
    ``list_documents`` is false (big estates: every page then carries a short nav)."""
    out: list = []
    for folder, docs in folders(ctx).items():
        uris = [ctx.doc_uri(d.relpath) for d in docs]
        if folder == "documents":
            out.extend(uris if list_documents else [])
            continue
        name = folder[len("documents/"):]
        if not list_documents:
            out.append({name: folder_uri(folder)})
            continue
        chunks = [uris[i:i + size] for i in range(0, len(uris), size)]
        if len(chunks) == 1:
            out.append({name: [folder_uri(folder)] + chunks[0]})
        else:
            out.append({name: [folder_uri(folder)] + [{f"{name} ({n}/{len(chunks)})": c} for n, c in enumerate(chunks, 1)]})
    return out
