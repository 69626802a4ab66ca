"""The home page: key figures (each a link to its detail), what to do next, the heatmap."""
from __future__ import annotations

from planner.site.context import Page, SiteContext
from planner.site.coverage_pages import axis_notes, band_legend, heatmap, plan_list
from planner.site.html import a, esc, figure, note, section
from planner.site.tone_view import _target
from planner.site.trend_page import dashboard_section, deltas

HERE = "index.md"


def _band(value: float, good: float, fair: float, higher_is_better: bool = True) -> str:
    if higher_is_better:
        return "ok" if value >= good else "warn" if value >= fair else "bad"
    return "ok" if value <= good else "warn" if value <= fair else "bad"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def figures(ctx: SiteContext) -> str:
    L = ctx.links(HERE)
    change = deltas(ctx)  # changes since the last audit, when the site is built in a git repository
    docs = ctx.audit.documents
    n = len(docs)
    out = [figure("documents", str(n), "neutral" if n else "bad", href=L.href("documents/index.md"), delta=change.get("documents"))]
    if n:
        to_fix = sum(1 for d in docs if not ctx.validly_tagged(d))
        valid = (n - to_fix) / n * 100
        out.append(figure("validly tagged", f"{valid:.0f}%", _band(valid, 95, 80), f"{to_fix} to fix" if to_fix else "none to fix",
                          href=L.href("tags-to-fix.md")))
    cov = ctx.coverage(ctx.axis)
    if cov and isinstance(cov.get("score"), (int, float)):
        s = float(cov["score"])
        basis = "by stage only: no published page has roles" if cov.get("axis_missing") else f"stages × {cov['axis']}s"
        out.append(figure("coverage score", f"{s:.0f}%", "warn" if cov.get("axis_missing") else _band(s, 70, 40), basis,
                          href=L.href("coverage/index.md"), delta=change.get("coverage score")))
    c = ctx.audit.counts()
    band = "bad" if c["error"] else "warn" if c["warning"] else "ok"
    out.append(figure("errors · warnings", f'{c["error"]} · {c["warning"]}', band,
                      _plural(c["suggestion"], "suggestion"), href=L.href("findings.md"), delta=change.get("errors · warnings")))
    t = (cov or {}).get("totals") or {}
    if n:
        dated, stale = t.get("dated", 0), t.get("stale")
        if not dated or stale is None:
            out.append(figure("stale", "unknown", "unknown", "no page has a review date", href=L.href("stale.md")))
        else:
            share = stale / dated * 100
            undated = t.get("published", dated) - dated
            out.append(figure("stale", f"{share:.0f}%", _band(share, 10, 25, False),
                              f"{stale} of {dated} reviewed over {ctx.stale_days()} days ago"
                              + (f"; {undated} undated" if undated else ""), href=L.href("stale.md"), delta=change.get("stale")))
    for phase in ctx.config.taxonomy["phases"]:
        med = ctx.median_reading_ease(phase)
        if med is None:
            continue
        tgt, _side = _target(ctx.stage_target(None, phase=phase), ("flesch_reading_ease", "reading_ease", "flesch"))
        if tgt is not None:
            b, note_text = _band(med, tgt, tgt - 10), f"median reading ease; target {tgt:.0f} or more"
        else:
            b, note_text = "neutral", "median reading ease"
        out.append(figure(f"{phase} readability", f"{med:.0f}", b, note_text, href=L.href("readability.md", phase),
                          delta=change.get(f"{phase} readability")))
    return '<div class="pl-figures">' + "".join(out) + "</div>"


def built_line(ctx: SiteContext) -> str:
    """When and from what the audit was built."""
    parts = [f"audited {esc(ctx.today.isoformat())}"]
    b = ctx.built_from
    if b:
        parts.append(f'from commit <code title="{esc(b["commit"])}">{esc(b["short"])}</code> of {esc(b["date"][:10])}'
                     + (" (with uncommitted changes)" if b.get("uncommitted") else ""))
    return " ".join(parts)


def dashboard_page(ctx: SiteContext) -> Page:
    L = ctx.links(HERE)
    site = ctx.config.path.parent.name if ctx.config.path else ""
    head = ['<h1>Content audit</h1>',
            f'<p class="pl-lead">{len(ctx.audit.documents)} documents across the buyer and customer journeys'
            + (f" in <code>{esc(site)}</code>" if site else "") + f", {built_line(ctx)}. "
            "Green is fine, amber needs a look, red needs work. Every figure links to its detail.</p>"]
    cov = ctx.coverage(ctx.axis)
    if cov:
        head.append(axis_notes(ctx, cov, HERE))
    if ctx.errors:
        head.append(note("Some views could not be built: " + esc("; ".join(ctx.errors)), "bad"))
    parts = ["".join(head), section("Key figures", figures(ctx), "key-figures")]
    items = ctx.plan()
    if items:
        parts.append(section("Do next", plan_list(ctx, items[:5], HERE)
                             + f'<p>{a(L.href("plan.md"), f"The whole plan ({len(items)} items)")}</p>', "do-next"))
    parts.append(dashboard_section(ctx, HERE))
    if cov:
        label = "stages only" if cov.get("axis_missing") else f"stages × {cov['axis']}s"
        parts.append(section(f"Coverage: {label}", band_legend(cov) + heatmap(ctx, cov, HERE)
                             + f'<p>{a(L.href("coverage/index.md"), "Coverage by role, persona, format, owner and topic")}</p>', "coverage"))
    return Page(HERE, "Dashboard", "".join(parts), meta={"hide": ["navigation"]})


def pages(ctx: SiteContext):
    yield dashboard_page(ctx)
