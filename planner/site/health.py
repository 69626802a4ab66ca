"""The pages behind the dashboard's health figures: stale documents, readability
against the targets, and documents whose tags need fixing."""
from __future__ import annotations

from typing import Iterator

from planner.site.context import Page, SiteContext
from planner.site.documents import title_cell
from planner.site.html import a, esc, inline, note, section, table, tag
from planner.site.tone_view import _target

READ_KEYS = ("flesch_reading_ease", "reading_ease", "flesch")


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield stale_page(ctx)
    yield readability_page(ctx)
    yield tags_to_fix_page(ctx)


def _stage(ctx: SiteContext, doc) -> str:
    stage = doc.tags.stage if doc.tags else None
    return tag(stage, ctx.config.phase_of(stage) or "unknown") if stage else '<span class="pl-muted">untagged</span>'


def stale_page(ctx: SiteContext) -> Page:
    here = "stale.md"
    L = ctx.links(here)
    days = ctx.stale_days()
    live = [d for d in ctx.audit.documents if d.tags and d.tags.status == "published"]
    dated = [d for d in live if d.tags.reviewed]
    stale = sorted((d for d in dated if ctx.is_stale(d)), key=lambda d: d.tags.reviewed)
    undated = sorted((d for d in live if not d.tags.reviewed), key=lambda d: d.relpath)
    body = [f'<h1>Stale documents</h1><p class="pl-lead">Published pages whose <code>reviewed</code> date is more than '
            f'{days} days before {esc(ctx.today.isoformat())}: facts, prices and screenshots drift. Oldest first.</p>']
    if not dated:
        body.append(note("Staleness is unknown: no published page has a <code>reviewed</code> date. "
                         "Add <code>reviewed: YYYY-MM-DD</code> to the front matter when a page is checked.", "warn"))
    elif not stale:
        body.append(note(f"Nothing stale: all {len(dated)} dated pages were reviewed in the last {days} days.", "ok"))
    else:
        rows = [[(title_cell(ctx, d, L), ctx.title_of(d).lower()), _stage(ctx, d), esc(ctx.owner_of(d)),
                 (esc(d.tags.reviewed.isoformat()), d.tags.reviewed.isoformat()),
                 ((ctx.today - d.tags.reviewed).days, (ctx.today - d.tags.reviewed).days)] for d in stale]
        body.append(section(f"Stale ({len(stale)} of {len(dated)} dated)",
                            table(["Document", "Stage", "Owner", "Reviewed", "Days ago"], rows, label="Stale documents",
                                  row_data=[{"owner": ctx.owner_of(d), "stage": d.tags.stage or ""} for d in stale],
                                  filters="owner stage"), "stale"))
    if undated and dated:
        rows = [[title_cell(ctx, d, L), _stage(ctx, d), esc(ctx.owner_of(d))] for d in undated]
        body.append(section(f"No review date ({len(undated)})", table(["Document", "Stage", "Owner"], rows,
                                                                      label="Documents without a review date"), "undated"))
    return Page(here, "Stale documents", "".join(body), meta={"search": "head"})


def readability_page(ctx: SiteContext) -> Page:
    here = "readability.md"
    L = ctx.links(here)
    body = ['<h1>Readability</h1><p class="pl-lead">Flesch reading ease of each published page (higher is easier; '
            '60–70 is plain English), against the target of its phase. Hardest first.</p>']
    for phase in ctx.config.taxonomy["phases"]:
        docs = [d for d in ctx.audit.documents if d.tags and ctx.config.phase_of(d.tags.stage) == phase
                and ctx.reading_ease(d.relpath) is not None]
        docs.sort(key=lambda d: ctx.reading_ease(d.relpath))
        tgt, _ = _target(ctx.stage_target(None, phase=phase), READ_KEYS)
        med = ctx.median_reading_ease(phase)
        lead = (f'<p>Median {med:.0f}' if med is not None else "<p>No scores") + \
               (f"; target {tgt:.0f} or more: {sum(1 for d in docs if ctx.reading_ease(d.relpath) < tgt)} below it.</p>"
                if tgt is not None else "; no target is configured for this phase.</p>")
        rows = []
        for d in docs:
            v = ctx.reading_ease(d.relpath)
            verdict = ("" if tgt is None else tag("below target", "warn") if v < tgt else tag("meets target", "ok"))
            rows.append([(title_cell(ctx, d, L), ctx.title_of(d).lower()), _stage(ctx, d), (f"{v:.0f}", f"{v:.1f}"), verdict])
        content = lead + (table(["Document", "Stage", "Reading ease", "Target"], rows, label=f"{phase} readability",
                                row_data=[{"stage": d.tags.stage or "", "owner": ctx.owner_of(d)} for d in docs],
                                filters="stage owner") if rows else "")
        body.append(section(f"{phase.capitalize()} journey", content, phase))
    return Page(here, "Readability", "".join(body), meta={"search": "head"})


def tags_to_fix_page(ctx: SiteContext) -> Page:
    here = "tags-to-fix.md"
    L = ctx.links(here)
    bad = [d for d in ctx.audit.documents if not ctx.validly_tagged(d)]
    body = ['<h1>Tags to fix</h1><p class="pl-lead">Documents that are not validly tagged: the coverage matrix and the '
            f'plan cannot place them. {a(L.href("guide/tagging.md"), "The tagging guide")} says what each field takes.</p>']
    if not bad:
        body.append(note("Every document is validly tagged.", "ok"))
    else:
        rows = []
        for d in bad:
            fs = [f for f in ctx.findings_for(d.relpath) if f.rule in ("front-matter-invalid", "tag-missing", "tag-unknown",
                                                                     "stage-phase-conflict", "file-unreadable")]
            why = "<br>".join(f'{a(L.href(ctx.rule_uri(f.rule)), f"<code>{esc(f.rule)}</code>")} line {f.line}: {inline(f.message)}'
                              for f in fs) or "no stage"
            rows.append([title_cell(ctx, d, L), why])
        body.append(table(["Document", "What is wrong"], rows, label="Documents to tag"))
    return Page(here, "Tags to fix", "".join(body), meta={"search": "head"})
