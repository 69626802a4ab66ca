"""One page per stage: what the stage is for, its documents, and its tone profile."""
from __future__ import annotations

from typing import Iterator

from planner.site import tone_view
from planner.site.context import Page, SiteContext
from planner.site.documents import docs_table
from planner.site.html import a, esc, section, table, tag


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield index_page(ctx)
    for stage in ctx.stages():
        yield stage_page(ctx, stage)


def _docs(ctx: SiteContext, stage: str) -> list:
    return sorted((d for d in ctx.audit.documents if d.tags and d.tags.stage == stage), key=lambda d: ctx.title_of(d).lower())


def index_page(ctx: SiteContext) -> Page:
    here = "stages/index.md"
    L = ctx.links(here)
    rows = []
    for stage in ctx.stages():
        spec = ctx.config.taxonomy["stages"][stage]
        docs = _docs(ctx, stage)
        pub = sum(1 for d in docs if d.tags.status == "published")
        rows.append([a(L.href(ctx.stage_uri(stage)), esc(stage)), tag(spec.get("phase"), spec.get("phase")),
                     esc(spec.get("description", "")), f"{pub} published" + (f", {len(docs) - pub} other" if len(docs) > pub else "")])
    body = ('<h1>Stages</h1><p class="pl-lead">The journey in order: the buyer stages are the foundation, '
            'and the handoff to onboarding should feel like one continuous relationship.</p>'
            + table(["Stage", "Phase", "What it is for", "Documents"], rows, label="Stages"))
    return Page(here, "Stages", body)


def stage_page(ctx: SiteContext, stage: str) -> Page:
    here = ctx.stage_uri(stage)
    spec = ctx.config.taxonomy["stages"][stage]
    docs = _docs(ctx, stage)
    head = (f'<h1>{esc(stage)} {tag(spec.get("phase"), spec.get("phase"))}</h1>'
            f'<p class="pl-lead">{esc(spec.get("description", ""))}</p>')
    listing = docs_table(ctx, docs, here, f"Documents at {stage}") if docs else \
        '<p class="pl-note pl-note--bad">No document is tagged with this stage: readers at this point of the journey find nothing.</p>'
    analyses = [ctx.audit.analyses[d.relpath] for d in docs if d.relpath in ctx.audit.analyses]
    profile = tone_view.stage_profile(ctx, analyses, stage) + tone_view.describe_targets(ctx.stage_target(stage))
    body = head + section(f"Documents ({len(docs)})", listing, "documents") + section("Tone profile against the stage targets", profile, "tone")
    return Page(here, stage, body, meta={"search": "head"})
