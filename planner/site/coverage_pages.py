"""Coverage heatmaps (one page per axis; every cell links to its list of documents)
and the gaps-and-plan page."""
from __future__ import annotations

from typing import Any, Iterator

from planner.site.context import AXES, Page, SiteContext
from planner.site.html import a, esc, note, section, slug, table, tag

BAND_HELP = {"gap": "no published document", "thin": "1–2 published", "covered": "3–5 published",
             "crowded": "6 or more: possible duplication"}


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield overview_page(ctx)
    for axis in AXES:
        yield axis_page(ctx, axis)
    yield plan_page(ctx)


def cell_anchor(stage: str, column: str) -> str:
    return f"cell-{slug(stage)}-{slug(column)}"


def heatmap(ctx: SiteContext, cov: dict[str, Any], here: str, compact: bool = False) -> str:
    """The stages x columns grid; each cell is a link to that cell's document list."""
    L = ctx.links(here)
    target = ctx.axis_uri(cov.get("axis", "role"))
    columns = [str(c) for c in cov.get("columns", [])]
    cells = {(c.get("stage"), str(c.get("column"))): c for c in cov.get("cells", []) if isinstance(c, dict)}
    head = "<th></th>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    rows, last_phase = [], None
    for st in cov.get("stages", []):
        stage = st.get("stage") if isinstance(st, dict) else str(st)
        phase = st.get("phase") if isinstance(st, dict) else ctx.config.phase_of(stage)
        if phase != last_phase:
            rows.append(f'<tr class="pl-heat__phase"><th colspan="{len(columns) + 1}">{esc(phase)} journey</th></tr>')
            last_phase = phase
        tds = []
        for col in columns:
            c = cells.get((stage, col), {})
            band = str(c.get("band", "gap"))
            pub, prog = int(c.get("published", 0) or 0), int(c.get("in_progress", 0) or 0)
            stale = int(c.get("stale", 0) or 0)
            extra = (f'<span class="pl-heat__sub">+{prog} in progress</span>' if prog else "") + \
                    (f'<span class="pl-heat__sub">{stale} stale</span>' if stale and not compact else "")
            title = f"{stage} × {col}: {pub} published, {prog} in progress, {stale} stale — {band}"
            href = L.href(target, cell_anchor(stage, col))
            tds.append(f'<td class="pl-heat__cell pl-band--{slug(band)}"><a href="{href}" title="{esc(title)}">'
                       f'<span class="pl-heat__n">{pub}</span>{extra}</a></td>')
        stage_link = a(L.href(ctx.stage_uri(stage)), esc(stage)) if stage in ctx.config.taxonomy["stages"] else esc(stage)
        rows.append(f'<tr><th scope="row">{stage_link}</th>{"".join(tds)}</tr>')
    return f'<table class="pl-heat"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def band_legend() -> str:
    return '<p class="pl-legend">' + "".join(
        f'<span class="pl-legend__item"><span class="pl-key pl-band--{b}"></span>{esc(b)}: {esc(h)}</span>'
        for b, h in BAND_HELP.items()) + "</p>"


def overview_page(ctx: SiteContext) -> Page:
    here = "coverage/index.md"
    L = ctx.links(here)
    cov = ctx.coverage("role")
    links = " · ".join(a(L.href(ctx.axis_uri(ax)), f"by {esc(ax)}") for ax in AXES)
    body = f'<h1>Coverage</h1><p class="pl-lead">Where the journey is thin: stages down the side, readers across. Other views: {links}.</p>'
    body += _axis_body(ctx, cov, "role", here) if cov else _missing()
    return Page(here, "Coverage", body)


def _missing() -> str:
    return note("Coverage is not available in this installation (planner.coverage is missing).", "warn")


def _axis_body(ctx: SiteContext, cov: dict[str, Any], axis: str, here: str) -> str:
    L = ctx.links(here)
    score = cov.get("score")
    parts = []
    if isinstance(score, (int, float)):
        parts.append(f'<p class="pl-score">Coverage score <strong>{score:.0f}%</strong> '
                     f'<span class="pl-muted">share of cells with enough published content, weighted by stage</span></p>')
    parts.append(band_legend())
    parts.append(heatmap(ctx, cov, ctx.axis_uri(axis)) if here == ctx.axis_uri(axis) else heatmap(ctx, cov, here))
    gaps = [g for g in cov.get("gaps", []) if isinstance(g, dict)]
    if gaps:
        rows = [[a(L.href(ctx.axis_uri(axis), cell_anchor(str(g.get("stage")), str(g.get("column")))), esc(g.get("stage"))),
                 esc(g.get("column")), tag(g.get("band", "gap"), g.get("band", "gap")),
                 esc(f'{g["weight"]:.1f}' if isinstance(g.get("weight"), (int, float)) else "")] for g in gaps[:30]]
        parts.append(section("Biggest gaps", table(["Stage", axis, "Band", "Weight"], rows), f"gaps-{axis}"))
    return "".join(parts)


def axis_page(ctx: SiteContext, axis: str) -> Page:
    here = ctx.axis_uri(axis)
    L = ctx.links(here)
    cov = ctx.coverage(axis)
    title = f"Coverage by {axis}"
    body = f'<h1>{esc(title)}</h1>'
    if not cov:
        return Page(here, title, body + _missing())
    body += _axis_body(ctx, cov, axis, here)
    # the cells' document lists, each an anchor target of the heatmap
    by_path = {d.relpath: d for d in ctx.audit.documents}
    lists = []
    for c in cov.get("cells", []):
        if not isinstance(c, dict):
            continue
        stage, col = str(c.get("stage")), str(c.get("column"))
        docs = [p for p in c.get("documents", []) if isinstance(p, str)]
        items = []
        for p in docs:
            d = by_path.get(p)
            uri = ctx.doc_uri(p)
            label = esc(ctx.title_of(d)) if d else esc(p)
            status = f' {tag(d.tags.status)}' if d and d.tags and d.tags.status != "published" else ""
            items.append(f"<li>{a(L.href(uri), label) if uri else label}{status}</li>")
        content = f"<ul>{''.join(items)}</ul>" if items else '<p class="pl-muted">Nothing here yet.</p>'
        lists.append(f'<div class="pl-cell" id="{cell_anchor(stage, col)}"><h3>{esc(stage)} × {esc(col)} '
                     f'{tag(c.get("band", "gap"), c.get("band", "gap"))}</h3>{content}</div>')
    body += section("Documents by cell", '<div class="pl-cells">' + "".join(lists) + "</div>", f"cells-{axis}")
    return Page(here, title, body)


def plan_item(ctx: SiteContext, item: dict[str, Any], L, n: int) -> str:
    """One backlog item: what, why, and the ready command when there is one."""
    what = item.get("title") or item.get("summary") or item.get("what") or item.get("action") or item.get("message") or item.get("kind", "")
    kind = str(item.get("kind") or item.get("type") or "")
    why = item.get("why") or item.get("reason") or ""
    path = item.get("path") or (item.get("document") if isinstance(item.get("document"), str) else None)
    link = ""
    if isinstance(path, str) and ctx.doc_uri(path):
        link = " " + a(L.href(ctx.doc_uri(path)), "open audit page", "pl-small")
    meta = []
    for key in ("stage", "column", "format", "owner"):
        if isinstance(item.get(key), str) and item.get(key):
            meta.append(f"{key} {esc(item[key])}")
    cmd = item.get("command")
    cmd_html = f'<pre class="pl-cmd"><code>{esc(cmd)}</code></pre>' if isinstance(cmd, str) and cmd else ""
    score = item.get("score", item.get("priority"))
    score_html = f'<span class="pl-plan__score" title="priority">{score:.1f}</span>' if isinstance(score, (int, float)) else ""
    return (f'<li class="pl-plan__item pl-plan--{slug(kind or "item")}"><span class="pl-plan__n">{n}</span>'
            f'<div><div class="pl-plan__head">{tag(kind, kind) if kind else ""}<strong>{esc(what)}</strong>{score_html}{link}</div>'
            + (f'<p class="pl-small">{esc(" · ".join(meta))}</p>' if meta else "")
            + (f'<p class="pl-why">{esc(why)}</p>' if why else "") + cmd_html + "</div></li>")


def plan_list(ctx: SiteContext, items: list[dict], here: str) -> str:
    L = ctx.links(here)
    return '<ol class="pl-plan">' + "".join(plan_item(ctx, it, L, i) for i, it in enumerate(items, 1) if isinstance(it, dict)) + "</ol>"


def plan_page(ctx: SiteContext) -> Page:
    here = "plan.md"
    items = ctx.plan()
    body = '<h1>Gaps and plan</h1><p class="pl-lead">What to write or fix next, most valuable first. Each item says why it ranks where it does; gaps come with a ready <code>planner new</code> command.</p>'
    if items is None:
        body += note("The plan is not available in this installation (planner.plan is missing).", "warn")
    elif not items:
        body += note("Nothing to do: no gaps, no documents to fix, nothing stale.", "ok")
    else:
        body += plan_list(ctx, items, here)
    return Page(here, "Gaps and plan", body)
