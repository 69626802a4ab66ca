"""Coverage heatmaps (one page per axis; every cell links to its list of documents)
and the gaps-and-plan page."""
from __future__ import annotations

from typing import Any, Iterator

from planner.coverage import NONE, axis_field
from planner.site.context import AXES, Page, SiteContext
from planner.site.html import a, esc, note, section, slug, sr, table, tag

BAND_HELP = {"gap": "no published document", "thin": "1–2 published", "covered": "3–5 published",
             "crowded": "6 or more: possible duplication"}
# the same symbols as `planner coverage`: a band never depends on colour alone
SYMBOLS = {"gap": "✗", "thin": "~", "covered": "✓", "crowded": "≡"}
ALL = "all documents"


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield overview_page(ctx)
    for axis in AXES:
        yield axis_page(ctx, axis)
    yield plan_page(ctx)


def cell_anchor(stage: str, column: str) -> str:
    return f"cell-{slug(stage)}-{slug(column)}"


def _help(cov: dict[str, Any]) -> dict[str, str]:
    """Band descriptions from the configured minimums."""
    bands = sorted((cov.get("bands") or {}).items(), key=lambda kv: kv[1])
    if not bands:
        return BAND_HELP
    out = {}
    for i, (name, low) in enumerate(bands):
        high = bands[i + 1][1] - 1 if i + 1 < len(bands) else None
        rng = "none" if high == 0 else f"{low}" if high == low else f"{low}–{high}" if high is not None else f"{low} or more"
        out[name] = f"{rng} published" + (": possible duplication" if name == "crowded" else "")
    return out


def _columns(cov: dict[str, Any]) -> list[str]:
    return [ALL] if cov.get("axis_missing") else [str(c) for c in cov.get("columns", [])]


def _cells(cov: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    if cov.get("axis_missing"):  # one column of stage totals, each cell the union of its row
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for c in cov.get("cells", []):
            row = out.setdefault((c["stage"], ALL), {"stage": c["stage"], "column": ALL, "published": 0, "in_progress": 0,
                                                      "stale": 0, "documents": [], "scored": True})
            for k in ("published", "in_progress", "stale"):
                row[k] += int(c.get(k, 0) or 0)
            row["documents"] += [d for d in c.get("documents", []) if d not in row["documents"]]
        for (stage, _), row in out.items():
            row["band"] = cov["stage_totals"][stage]["band"]
        return out
    return {(c.get("stage"), str(c.get("column"))): c for c in cov.get("cells", []) if isinstance(c, dict)}


def _outside(cov: dict[str, Any], col: str) -> bool:
    return not cov.get("axis_missing") and (col == NONE or col in (cov.get("unknown_columns") or []))


def heatmap(ctx: SiteContext, cov: dict[str, Any], here: str) -> str:
    """The stages x columns grid; each cell links to that cell's document list. Columns
    outside the score (unknown values, no value) stand apart and carry no band."""
    L = ctx.links(here)
    target = ctx.axis_uri(cov.get("axis", "role"))
    columns = _columns(cov)
    cells = _cells(cov)
    unknown = set(cov.get("unknown_columns") or [])

    def head(c: str) -> str:
        if c in unknown:
            return f'<th scope="col" class="pl-heat__outside">{esc(c)}<span class="pl-heat__why">unknown value · outside the score</span></th>'
        if c == NONE and not cov.get("axis_missing"):
            return (f'<th scope="col" class="pl-heat__outside">no {esc(axis_field(cov.get("axis", "role")))}'
                    '<span class="pl-heat__why">outside the score</span></th>')
        return f'<th scope="col">{esc(c)}</th>'

    rows, last_phase = [], None
    for st in cov.get("stages", []):
        stage = st.get("stage") if isinstance(st, dict) else str(st)
        phase = st.get("phase") if isinstance(st, dict) else ctx.config.phase_of(stage)
        if phase != last_phase:
            rows.append(f'<tr class="pl-heat__phase"><th colspan="{len(columns) + 1}" scope="colgroup">{esc(phase)} journey</th></tr>')
            last_phase = phase
        tds = []
        for col in columns:
            c = cells.get((stage, col), {})
            pub, prog = int(c.get("published", 0) or 0), int(c.get("in_progress", 0) or 0)
            stale = int(c.get("stale", 0) or 0)
            extra = (f'<span class="pl-heat__sub">+{prog} in progress</span>' if prog else "") + \
                    (f'<span class="pl-heat__sub">{stale} stale</span>' if stale else "")
            href = L.href(target, cell_anchor(stage, col)) if not cov.get("axis_missing") else L.href(ctx.stage_uri(stage))
            if _outside(cov, col):
                tds.append(f'<td class="pl-heat__cell pl-band--outside"><a href="{href}"><span class="pl-heat__n">{pub}</span>'
                           f'{sr(f"published, {stage}, outside the score")}{extra}</a></td>')
                continue
            band = str(c.get("band", "gap"))
            tds.append(f'<td class="pl-heat__cell pl-band--{slug(band)}"><a href="{href}">'
                       f'<span class="pl-heat__n"><span class="pl-heat__sym" aria-hidden="true">{SYMBOLS.get(band, "")}</span>{pub}</span>'
                       f'{sr(f"published: {band}")}{extra}</a></td>')
        stage_link = a(L.href(ctx.stage_uri(stage)), esc(stage)) if stage in ctx.config.taxonomy["stages"] else esc(stage)
        rows.append(f'<tr><th scope="row">{stage_link}</th>{"".join(tds)}</tr>')
    label = f"Coverage heatmap: stages by {'stage only' if cov.get('axis_missing') else cov.get('axis', 'role')}"
    return (f'<div class="pl-scroll" role="region" aria-label="{esc(label)}" tabindex="0"><table class="pl-heat">'
            f'<caption class="pl-sr">{esc(label)}: published documents per cell</caption>'
            f'<thead><tr><td></td>{"".join(head(c) for c in columns)}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def band_legend(cov: dict[str, Any] | None = None) -> str:
    helps = _help(cov or {})
    items = "".join(f'<li><span class="pl-key pl-band--{slug(b)}" aria-hidden="true">{SYMBOLS.get(b, "")}</span>'
                    f'<strong>{esc(b)}</strong>: {esc(h)}</li>' for b, h in helps.items())
    if cov and (cov.get("unknown_columns") or (NONE in (cov.get("columns") or []) and not cov.get("axis_missing"))):
        items += '<li><span class="pl-key pl-band--outside" aria-hidden="true"></span><strong>outside the score</strong>: unknown or no value</li>'
    return f'<ul class="pl-legend" aria-label="Legend">{items}</ul>'


def axis_notes(ctx: SiteContext, cov: dict[str, Any], here: str) -> str:
    """What the figures cannot see: an axis nobody tags, unknown values."""
    L = ctx.links(here)
    out = []
    field = axis_field(cov.get("axis", "role"))
    if cov.get("axis_missing"):
        out.append(note(f"No document has <code>{esc(field)}</code>: tag {esc(field)} or view coverage by stage only. "
                        f"Until then the score counts stages, not stage × {esc(cov.get('axis', 'role'))} cells, "
                        f"and the plan ranks tagging first. {a(L.href('guide/tagging.md'), 'How to tag')}", "warn"))
    unknown = cov.get("unknown_columns") or []
    if unknown:
        vals = ", ".join(f"<code>{esc(u)}</code>" for u in unknown)
        out.append(note(f"Unknown {esc(field)} values {vals} are shown apart, outside the score: "
                        f"fix the tag or add the value to the taxonomy.", "warn"))
    return "".join(out)


def overview_page(ctx: SiteContext) -> Page:
    here = "coverage/index.md"
    L = ctx.links(here)
    cov = ctx.coverage(ctx.axis)
    links = " · ".join(a(L.href(ctx.axis_uri(ax)), f"by {esc(ax)}") for ax in AXES)
    body = f'<h1>Coverage</h1><p class="pl-lead">Where the journey is thin: stages down the side, readers across. Other views: {links}.</p>'
    body += _axis_body(ctx, cov, ctx.axis, here) if cov else _missing()
    return Page(here, "Coverage", body)


def _missing() -> str:
    return note("Coverage is not available in this installation (planner.coverage is missing).", "warn")


def _score(cov: dict[str, Any]) -> str:
    score = cov.get("score")
    if not isinstance(score, (int, float)):
        return ""
    basis = ("share of stages with enough published content, weighted by stage (by stage only)"
             if cov.get("axis_missing") else "share of cells with enough published content, weighted by stage")
    conf = cov.get("confidence") or {}
    conf_html = f' <span class="pl-muted">Confidence {esc(conf.get("level"))}: {esc(conf.get("message"))}.</span>' if conf.get("level") else ""
    return f'<p class="pl-score">Coverage score <strong>{score:.0f}%</strong> <span class="pl-muted">{basis}.</span>{conf_html}</p>'


def _axis_body(ctx: SiteContext, cov: dict[str, Any], axis: str, here: str) -> str:
    L = ctx.links(here)
    parts = [axis_notes(ctx, cov, here), _score(cov), band_legend(cov), heatmap(ctx, cov, here)]
    head = "".join(parts)
    gaps = [g for g in cov.get("gaps", []) if isinstance(g, dict)]
    if not gaps:
        return head
    rows = []
    for g in gaps[:30]:
        stage, col = str(g.get("stage")), str(g.get("column"))
        where = L.href(ctx.stage_uri(stage)) if cov.get("axis_missing") else L.href(ctx.axis_uri(axis), cell_anchor(stage, col))
        rows.append([a(where, esc(stage) + ("" if cov.get("axis_missing") else f" × {esc(col)}")),
                     tag(g.get("band", "gap"), g.get("band", "gap")),
                     (esc(f'{g["weight"]:.1f}' if isinstance(g.get("weight"), (int, float)) else ""), g.get("weight", 0))])
    return head + section("Biggest gaps", table(["Cell", "Band", "Weight"], rows, label="Biggest gaps"), f"gaps-{axis}")


def axis_page(ctx: SiteContext, axis: str) -> Page:
    here = ctx.axis_uri(axis)
    L = ctx.links(here)
    cov = ctx.coverage(axis)
    title = f"Coverage by {axis}"
    body = f'<h1>{esc(title)}</h1>'
    if not cov:
        return Page(here, title, body + _missing())
    body += _axis_body(ctx, cov, axis, here)
    by_path = {d.relpath: d for d in ctx.audit.documents}
    lists = []
    for c in cov.get("cells", []):
        if not isinstance(c, dict):
            continue
        stage, col = str(c.get("stage")), str(c.get("column"))
        items = []
        for p in (p for p in c.get("documents", []) if isinstance(p, str)):
            d = by_path.get(p)
            uri = ctx.doc_uri(p)
            label = esc(ctx.title_of(d)) if d else esc(p)
            status = f' {tag(d.tags.status)}' if d and d.tags and d.tags.status != "published" else ""
            stale = f' {tag("stale", "stale")}' if p in c.get("stale_documents", []) else ""
            items.append(f"<li>{a(L.href(uri), label) if uri else label}{status}{stale}</li>")
        content = f"<ul>{''.join(items)}</ul>" if items else '<p class="pl-muted">Nothing here yet.</p>'
        band = "outside the score" if _outside(cov, col) or cov.get("axis_missing") else c.get("band", "gap")
        lists.append(f'<div class="pl-cell" id="{cell_anchor(stage, col)}"><h3>{esc(stage)} × {esc(col)} '
                     f'{tag(band, "neutral" if band == "outside the score" else band)}</h3>{content}</div>')
    body += section("Documents by cell", '<div class="pl-cells">' + "".join(lists) + "</div>", f"cells-{axis}")
    return Page(here, title, body, meta={"search": "head"})


# --------------------------------------------------------------------------- the plan

KIND_WORD = {"tag": "tag pages", "fix": "fix", "bridge": "bridge", "gap": "gap", "thin": "thin", "review": "review", "crowded": "overlap"}


def plan_item(ctx: SiteContext, item: dict[str, Any], L, n: int) -> str:
    """One backlog item: what, why, where it points, and the ready command when there is one."""
    what = str(item.get("title") or item.get("kind", ""))
    kind = str(item.get("kind") or "")
    why = item.get("why") or ""
    links = []
    path = item.get("path")
    if isinstance(path, str) and ctx.doc_uri(path):
        links.append(a(L.href(ctx.doc_uri(path)), f"<code>{esc(path)}</code>"))
    stage, col, axis = item.get("stage"), item.get("column"), item.get("axis")
    if kind in ("gap", "thin", "bridge", "crowded") and isinstance(stage, str):
        if col and col != NONE and axis:
            links.append(a(L.href(ctx.axis_uri(axis), cell_anchor(stage, str(col))), f"heatmap cell {esc(stage)} × {esc(col)}"))
        else:
            links.append(a(L.href(ctx.stage_uri(stage)), f"stage {esc(stage)}"))
    if kind == "tag":
        links.append(a(L.href("guide/tagging.md"), "tagging guide"))
    docs = [d for d in item.get("documents") or [] if isinstance(d, str) and d != path]
    if docs and kind in ("bridge", "tag"):
        links += [a(L.href(ctx.doc_uri(d)), f"<code>{esc(d)}</code>") for d in docs[:5] if ctx.doc_uri(d)]
        if len(docs) > 5:
            links.append(f"and {len(docs) - 5} more")
    sug = item.get("suggested") or {}
    meta = [f"suggested format {esc(sug['format'])}" if sug.get("format") else "",
            f"owner {esc(sug['owner'])}" if sug.get("owner") else ""]
    meta_html = " · ".join(m for m in meta if m)
    cmd = item.get("command")
    cmd_html = f'<pre class="pl-cmd"><code>{esc(cmd)}</code></pre>' if isinstance(cmd, str) and cmd else ""
    score = item.get("priority")
    score_html = f'<span class="pl-plan__score">priority {format(score, "g")}</span>' if isinstance(score, (int, float)) else ""
    owner = sug.get("owner") or ""
    return (f'<li class="pl-plan__item pl-plan--{slug(kind or "item")}" data-kind="{esc(kind)}" data-stage="{esc(stage or "")}"'
            f' data-owner="{esc(owner)}"><span class="pl-plan__n" aria-hidden="true">{n}</span>'
            f'<div><div class="pl-plan__head">{tag(KIND_WORD.get(kind, kind), kind) if kind else ""}<strong>{esc(what)}</strong>{score_html}</div>'
            + (f'<p class="pl-small">{" · ".join(links)}</p>' if links else "")
            + (f'<p class="pl-why">{esc(why)}</p>' if why else "")
            + (f'<p class="pl-small pl-muted">{meta_html}</p>' if meta_html else "") + cmd_html + "</div></li>")


def plan_list(ctx: SiteContext, items: list[dict], here: str, filters: bool = False) -> str:
    L = ctx.links(here)
    attrs = ' data-filters="kind stage owner" data-label="plan items"' if filters else ""
    return f'<ol class="pl-plan"{attrs}>' + "".join(plan_item(ctx, it, L, it.get("rank", i)) for i, it in enumerate(items, 1) if isinstance(it, dict)) + "</ol>"


def plan_page(ctx: SiteContext) -> Page:
    here = "plan.md"
    L = ctx.links(here)
    items = ctx.plan()
    body = ('<h1>Gaps and plan</h1><p class="pl-lead">What to write or fix next, most valuable first. Each item says why it '
            'ranks where it does (its priority: the higher, the sooner); gaps come with a ready <code>planner new</code> command. '
            f'Download: {a(L.asset("data/plan.csv"), "CSV")} · {a(L.asset("data/plan.json"), "JSON")}.</p>')
    cov = ctx.coverage(ctx.axis)
    if cov:
        body += axis_notes(ctx, cov, here)
    if items is None:
        body += note("The plan is not available in this installation (planner.plan is missing).", "warn")
    elif not items:
        body += note("Nothing to do: no gaps, no documents to fix, nothing stale.", "ok")
    else:
        body += plan_list(ctx, items, here, filters=True)
    return Page(here, "Gaps and plan", body, meta={"search": "head"})
