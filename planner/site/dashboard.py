"""The home page: key figures with traffic-light bands, the heatmap, and the top of the plan."""
from __future__ import annotations

from planner.site.context import Page, SiteContext
from planner.site.coverage_pages import band_legend, heatmap, plan_list
from planner.site.html import a, esc, figure, note, section
from planner.site.tone_view import _target

HERE = "index.md"


def _band(value: float, good: float, fair: float, higher_is_better: bool = True) -> str:
    if higher_is_better:
        return "ok" if value >= good else "warn" if value >= fair else "bad"
    return "ok" if value <= good else "warn" if value <= fair else "bad"


def figures(ctx: SiteContext) -> str:
    L = ctx.links(HERE)
    docs = ctx.audit.documents
    n = len(docs)
    out = [figure("documents", str(n), "neutral" if n else "bad", href=L.href("documents/index.md"))]
    if n:
        valid = sum(1 for d in docs if ctx.validly_tagged(d)) / n * 100
        out.append(figure("validly tagged", f"{valid:.0f}%", _band(valid, 95, 80), f"{n - round(valid * n / 100)} to fix",
                          href=L.href("guide/tagging.md")))
    cov = ctx.coverage("role")
    if cov and isinstance(cov.get("score"), (int, float)):
        s = float(cov["score"])
        out.append(figure("coverage score", f"{s:.0f}%", _band(s, 70, 40), "stages × roles", href=L.href("coverage/index.md")))
    c = ctx.audit.counts()
    band = "bad" if c["error"] else "warn" if c["warning"] else "ok"
    out.append(figure("errors · warnings", f'{c["error"]} · {c["warning"]}', band,
                      f'{c["suggestion"]} suggestions', href=L.href("findings.md")))
    dated = [d for d in docs if d.tags and d.tags.reviewed]
    if n:
        stale = sum(1 for d in docs if ctx.is_stale(d)) / n * 100
        out.append(figure("stale", f"{stale:.0f}%", _band(stale, 10, 25, False),
                          f"reviewed over {ctx.stale_days()} days ago" + (f"; {n - len(dated)} undated" if len(dated) < n else "")))
    for phase in ctx.config.taxonomy["phases"]:
        med = ctx.median_reading_ease(phase)
        if med is None:
            continue
        tgt, _side = _target(ctx.stage_target(None, phase=phase), ("flesch_reading_ease", "reading_ease", "flesch"))
        if tgt is not None:
            b = _band(med, tgt, tgt - 10)
            note_text = f"median reading ease; target ≥ {tgt:.0f}"
        else:
            b, note_text = "neutral", "median reading ease"
        out.append(figure(f"{phase} readability", f"{med:.0f}", b, note_text))
    return '<div class="pl-figures">' + "".join(out) + "</div>"


def dashboard_page(ctx: SiteContext) -> Page:
    L = ctx.links(HERE)
    site = ctx.config.path.parent.name if ctx.config.path else ""
    parts = ['<h1>Content audit</h1>',
             f'<p class="pl-lead">{len(ctx.audit.documents)} documents across the buyer and customer journeys'
             + (f" in <code>{esc(site)}</code>" if site else "") + f", audited {esc(ctx.today.isoformat())}. "
             "Green is fine, amber needs a look, red needs work. Every figure links to its detail.</p>",
             figures(ctx)]
    if ctx.errors:
        parts.append(note("Some views could not be built: " + esc("; ".join(ctx.errors)), "bad"))
    items = ctx.plan()
    if items:
        parts.append(section("Do next", plan_list(ctx, items[:5], HERE)
                             + f'<p>{a(L.href("plan.md"), f"The whole plan ({len(items)} items) →")}</p>', "do-next"))
    cov = ctx.coverage("role")
    if cov:
        parts.append(section("Coverage: stages × roles", band_legend() + heatmap(ctx, cov, HERE, compact=True)
                             + f'<p>{a(L.href("coverage/index.md"), "Coverage by role, persona, format, owner and topic →")}</p>', "coverage"))
    return Page(HERE, "Dashboard", "".join(parts), meta={"hide": ["toc"]})
