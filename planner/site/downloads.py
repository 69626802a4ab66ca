"""The audit as data next to the pages: findings, documents and the plan as CSV and
JSON (the same records as `planner lint --format json` and `planner plan --format
json`), and the full-text search index of the document bodies."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterator

from planner.site.context import Page, SiteContext
from planner.site.html import a, esc, page_url, table

DATA = "data"
SEARCH_INDEX = "assets/planner/search.json"
_SPACE = re.compile(r"\s+")


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:  # a cell that a spreadsheet would run as a formula is quoted as text
        w.writerow(["'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in r])
    return buf.getvalue().encode("utf-8")


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")


def files(ctx: SiteContext) -> dict[str, bytes]:
    from planner.reporters import render
    from planner.reporters.json_report import document_record

    audit = ctx.audit
    docs = {d.relpath: d for d in audit.documents}
    out: dict[str, bytes] = {}
    buf = io.StringIO()
    render("json", audit, buf)
    out[f"{DATA}/findings.json"] = buf.getvalue().encode("utf-8")
    rows = []
    for f in audit.findings:
        if f.baseline:
            continue
        d = docs.get(f.path)
        t = d.tags if d else None
        rows.append([f.path, ctx.title_of(d) if d else "", f.line, f.column, f.severity, f.rule, f.message,
                     (t.stage if t else "") or "", (t.owner if t else "") or "", (t.status if t else "") or ""])
    out[f"{DATA}/findings.csv"] = _csv(["path", "title", "line", "column", "severity", "rule", "message", "stage", "owner", "status"], rows)

    records = []
    for d in audit.documents:
        rec = document_record(d, audit.analyses.get(d.relpath))
        c = {"error": 0, "warning": 0, "suggestion": 0}
        for f in ctx.findings_for(d.relpath):
            c[f.severity] = c.get(f.severity, 0) + 1
        rec["findings"] = c
        rec["stale"] = ctx.is_stale(d)
        rec["page"] = page_url(ctx.doc_uri(d.relpath) or "", ctx.use_dir)
        records.append(rec)
    out[f"{DATA}/documents.json"] = _json({"schema_version": 1, "documents": records})
    cols = ["path", "id", "title", "phase", "stage", "roles", "persona", "format", "owner", "status", "reviewed", "topic", "words"]
    out[f"{DATA}/documents.csv"] = _csv(cols + ["errors", "warnings", "suggestions", "stale", "page"], [
        [";".join(r.get(k) or []) if k == "roles" else r.get(k) for k in cols]
        + [r["findings"]["error"], r["findings"]["warning"], r["findings"]["suggestion"], "yes" if r["stale"] else "no", r["page"]]
        for r in records])

    items = ctx.plan() or []
    cov = ctx.coverage(ctx.axis) or {}
    out[f"{DATA}/plan.json"] = _json({"schema_version": 1, "axis": cov.get("axis"), "today": cov.get("today"),
                                      "total": len(items), "items": items})
    out[f"{DATA}/plan.csv"] = _csv(
        ["rank", "kind", "priority", "phase", "stage", "axis", "column", "path", "title", "why", "format", "owner", "command"],
        [[i.get("rank"), i.get("kind"), i.get("priority"), i.get("phase") or "", i.get("stage") or "", i.get("axis") or "",
          i.get("column") or "", i.get("path") or "", i.get("title"), i.get("why"), (i.get("suggested") or {}).get("format") or "",
          (i.get("suggested") or {}).get("owner") or "", i.get("command") or ""] for i in items])
    out[SEARCH_INDEX] = search_index(ctx)
    return out


def search_index(ctx: SiteContext) -> bytes:
    """Every document's prose, for the search page: [page, title, path, stage, owner, text].
    Plain text only (the prose the linter reads), one line per document."""
    rows = []
    for d in ctx.audit.documents:
        t = d.tags
        rows.append([page_url(ctx.doc_uri(d.relpath) or "", ctx.use_dir), ctx.title_of(d), d.relpath,
                     (t.stage if t else "") or "", (t.owner if t else "") or "", _SPACE.sub(" ", d.prose.text).strip()])
    body = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    return ('{"version": 1, "fields": ["page", "title", "path", "stage", "owner", "text"], "documents": [\n'
            + body + "\n]}\n").encode("utf-8")


DESCRIPTIONS = [
    ("findings.csv", "Every finding: path, title, line, severity, rule, message, stage, owner, status."),
    ("findings.json", "The lint report, as <code>planner lint --format json</code> writes it."),
    ("documents.csv", "Every document: its tags, word count, finding counts, whether it is stale, its audit page."),
    ("documents.json", "The same records with the journey reading, readability and tone."),
    ("plan.csv", "The ranked plan, as <code>planner plan --format csv</code>."),
    ("plan.json", "The ranked plan, as <code>planner plan --format json</code>."),
]


def pages(ctx: SiteContext) -> Iterator[Page]:
    here = "downloads.md"
    L = ctx.links(here)
    rows = [[a(L.asset(f"{DATA}/{name}"), f"<code>{esc(name)}</code>"), text] for name, text in DESCRIPTIONS]
    body = ('<h1>Downloads</h1><p class="pl-lead">The audit as data, for spreadsheets and scripts. '
            'Cells that a spreadsheet would read as a formula are written as text.</p>'
            + table(["File", "What it holds"], rows, label="Downloads"))
    yield Page(here, "Downloads", body)
