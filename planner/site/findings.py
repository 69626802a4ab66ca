"""The findings page: every finding of the estate in one table, grouped by document
(title, path under it), filterable by stage, phase, owner, rule, severity and status,
sortable by column. Each row links to the finding's card on its document page."""
from __future__ import annotations

from typing import Iterator

from planner.site.context import Page, SiteContext
from planner.site.html import SEV_ICON, a, esc, inline, note, slug

HERE = "findings.md"
SEV_RANK = {"error": 0, "warning": 1, "suggestion": 2}
COLUMNS = ("Severity", "Line", "Rule", "Message")


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield findings_page(ctx)


def finding_anchor(f) -> str:
    return f"finding-{slug(f.rule)}-{f.line}"


def findings_page(ctx: SiteContext) -> Page:
    L = ctx.links(HERE)
    findings = [f for f in ctx.audit.findings if not f.baseline]
    by_doc: dict[str, list] = {}
    for f in findings:
        by_doc.setdefault(f.path, []).append(f)
    docs = {d.relpath: d for d in ctx.audit.documents}
    # documents with the worst findings first, then by path
    order = sorted(by_doc, key=lambda p: (min(SEV_RANK.get(f.severity, 9) for f in by_doc[p]), p))
    c = ctx.audit.counts()
    body = [f'<h1>Findings</h1><p class="pl-lead">{c["error"]} errors, {c["warning"]} warnings and {c["suggestion"]} '
            f'suggestions in {len(by_doc)} documents, grouped by document, errors first. '
            f'Download: {a(L.asset("data/findings.csv"), "CSV")} · {a(L.asset("data/findings.json"), "JSON")} '
            '(the same as <code>planner lint --format json</code>).</p>']
    if not findings:
        body.append(note("No findings: every document passes every enabled rule.", "ok"))
        return Page(HERE, "Findings", "".join(body))
    groups = []
    for path in order:
        d = docs.get(path)
        t = d.tags if d else None
        uri = ctx.doc_uri(path)
        title = esc(ctx.title_of(d)) if d else esc(path)
        head = (a(L.href(uri), title) if uri else title) + f'<span class="pl-group__path">{esc(path)}</span>'
        stage = (t.stage if t else "") or ""
        data = {"stage": stage, "phase": ctx.config.phase_of(stage) or "", "owner": (t.owner if t else "") or "",
                "status": (t.status if t else "") or ""}
        shared = "".join(f' data-{k}="{esc(v)}"' for k, v in data.items() if v)
        rows = []
        for f in sorted(by_doc[path], key=lambda f: (SEV_RANK.get(f.severity, 9), f.line)):
            href = L.href(uri, finding_anchor(f)) if uri else None
            line = a(href, str(f.line)) if href else str(f.line)
            rows.append(f'<tr data-severity="{esc(f.severity)}" data-rule="{esc(f.rule)}"{shared}>'
                        f'<td data-sort="{SEV_RANK.get(f.severity, 9)}"><span class="pl-sev pl-sev--{slug(f.severity)}">'
                        f'<span aria-hidden="true">{SEV_ICON.get(f.severity, "")}</span> {esc(f.severity)}</span></td>'
                        f'<td data-sort="{f.line}">{line}</td>'
                        f'<td>{a(L.href(ctx.rule_uri(f.rule)), f"<code>{esc(f.rule)}</code>")}</td>'
                        f'<td>{inline(f.message)}</td></tr>')
        groups.append(f'<tbody class="pl-group" data-group="{esc(path)}"><tr class="pl-group__head">'
                      f'<th colspan="{len(COLUMNS)}" scope="rowgroup">{head}</th></tr>{"".join(rows)}</tbody>')
    heads = "".join(f'<th scope="col">{h}</th>' for h in COLUMNS)
    body.append('<div class="pl-scroll" role="region" aria-label="Findings" tabindex="0">'
                '<table class="pl-table pl-findings" id="findings-table" data-sortable="1" data-grouped="1" '
                'data-filters="stage phase owner rule severity status">'
                f'<caption class="pl-sr">Findings, grouped by document</caption><thead><tr>{heads}</tr></thead>'
                + "".join(groups) + "</table></div>")
    return Page(HERE, "Findings", "".join(body), meta={"search": "none"})
