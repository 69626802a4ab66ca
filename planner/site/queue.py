"""My queue: one page per owner with what is theirs to do, most valuable first: the
plan items they own, and their documents' findings and reviews."""
from __future__ import annotations

from typing import Iterator

from planner.site.context import Page, SiteContext
from planner.site.coverage_pages import plan_list
from planner.site.documents import counts, docs_table
from planner.site.html import a, esc, note, section, table


def owners(ctx: SiteContext) -> list[str]:
    """Owners named by a document or suggested by a plan item, sorted."""
    found = {ctx.owner_of(d) for d in ctx.audit.documents} | {
        (i.get("suggested") or {}).get("owner") or "" for i in (ctx.plan() or [])}
    return sorted(o for o in found if o)


def _items(ctx: SiteContext, owner: str) -> list[dict]:
    return [i for i in (ctx.plan() or []) if (i.get("suggested") or {}).get("owner") == owner]


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield index_page(ctx)
    for owner in owners(ctx):
        yield owner_page(ctx, owner)


def index_page(ctx: SiteContext) -> Page:
    here = "queue/index.md"
    L = ctx.links(here)
    rows = []
    for o in owners(ctx):
        docs = [d for d in ctx.audit.documents if ctx.owner_of(d) == o]
        with_findings = sum(1 for d in docs if any(counts(ctx, d.relpath).values()))
        rows.append([a(L.href(ctx.queue_uri(o)), esc(o)), (str(len(_items(ctx, o))), len(_items(ctx, o))),
                     (str(len(docs)), len(docs)), (str(with_findings), with_findings)])
    unowned = sum(1 for d in ctx.audit.documents if not ctx.owner_of(d))
    body = ('<h1>Queues</h1><p class="pl-lead">What each owner has to do, from the plan and their own documents. '
            'Owners come from each page\'s <code>owner</code> tag; new pages go to the owner the plan suggests.</p>'
            + (table(["Owner", "Plan items", "Documents", "With findings"], rows, label="Owners") if rows else
               note("No owners yet: add <code>owner:</code> to the front matter.", "warn"))
            + (f'<p>{unowned} documents have no <code>owner</code>.</p>' if unowned else ""))
    return Page(here, "Queues", body)


def owner_page(ctx: SiteContext, owner: str) -> Page:
    here = ctx.queue_uri(owner)
    items = _items(ctx, owner)
    docs = [d for d in ctx.audit.documents if ctx.owner_of(d) == owner]
    todo = [d for d in docs if any(counts(ctx, d.relpath).values()) or ctx.is_stale(d)]
    body = (f'<h1>Queue: {esc(owner)}</h1><p class="pl-lead">{len(items)} plan items and {len(todo)} of {len(docs)} '
            f'documents with findings or an overdue review.</p>'
            + section(f"Plan items ({len(items)})", plan_list(ctx, items, here) if items else note("Nothing planned.", "ok"), "plan")
            + section(f"Documents to look at ({len(todo)})", docs_table(ctx, todo, here, f"Documents of {owner} to look at")
                      if todo else note("Every document is clean and reviewed.", "ok"), "documents"))
    return Page(here, f"Queue: {owner}", body, meta={"search": "head"})
