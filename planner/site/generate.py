"""The audit site as sources: every generated page, asset, download and the navigation,
from one Audit. Both ways of building the site use this: `planner build` writes it to a
build folder as Markdown files (planner.site.build), the MkDocs plugin serves it from
memory (planner.site.plugin)."""
from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from planner import engine
from planner.model import Audit
from planner.site.context import AXES, Page, SiteContext

log = logging.getLogger("mkdocs.plugins.planner")

ASSETS = "assets/planner"
CSS_URI = f"{ASSETS}/planner.css"
JS_URI = f"{ASSETS}/planner.js"


@dataclass
class SiteSources:
    pages: list[Page]
    files: dict[str, bytes] = field(default_factory=dict)  # src_uri -> bytes: assets, downloads, search index
    nav: list[Any] = field(default_factory=list)
    omitted_from_nav: bool = False  # big estates: document pages are reached from their folder pages
    ctx: SiteContext | None = None


def site_audit(paths: list[Path], config: Any, root: Path, store: Any = None) -> Audit:
    """The audit the site shows: as `planner lint` runs it, through the engine and the
    same result store (``store``, else the configured one), with every document whole
    (the pages quote and profile them)."""
    from planner.journey.estate import prepare
    from planner.discovery import discover

    prepare(config, files=discover(paths, config)[0])  # names and team model: part of the store's digest
    if store is None or store.digest != engine.run_digest(config):
        store = open_store(config)
    audit = engine.audit(paths, config, cwd=root, store=store, full=True)
    _say_journey_model(audit)
    return audit


def _say_journey_model(audit: Audit) -> None:
    """Which journey model and product names judged the pages (-v), and a stale model always."""
    import logging

    from planner.journey.teammodel import summary_line

    info = audit.extras.get("journey")
    if info:
        stale = bool(info.get("model") and info["model"]["stale"])
        logging.getLogger("mkdocs.plugins.planner").log(logging.WARNING if stale else logging.INFO,
                                                        "planner: %s", summary_line(info))


def open_store(config: Any) -> Any:
    """The configured result store; why it is refused goes to the build's log."""
    return engine.open_store(config, warn=lambda msg: log.warning("planner: %s", msg))


def _page_modules() -> list:
    from planner.site import (coverage_pages, dashboard, documents, downloads, findings, health, queue, reference,
                              search_page, stages, trend_page)

    # the trend page shows only when the site is built inside a git repository; the
    # dashboard takes its deltas (html.figure(delta=...)) and sparklines
    return [dashboard, coverage_pages, trend_page, findings, health, queue, stages, documents, reference, search_page,
            downloads]


def asset(name: str) -> bytes:
    return (resources.files("planner.site") / "assets" / name).read_bytes()


def generate(audit: Audit, *, use_directory_urls: bool = True, handwritten: list[str] | None = None,
             group_size: int = 100, nav_documents_max: int = 300, today: _dt.date | None = None,
             built_from: dict[str, Any] | None = None, edit_url: str | None = None,
             links_relative_to: str = "page", trend: Any = None) -> SiteSources:
    """Every page, file and the navigation of the audit site (``trend``: the history,
    planner.site.trend_page.history)."""
    from planner.site import downloads

    ctx = SiteContext(audit, use_directory_urls=use_directory_urls, today=today, built_from=built_from, edit_url=edit_url,
                      links_relative_to=links_relative_to)
    ctx.trend = trend
    pages: list[Page] = []
    for mod in _page_modules():
        pages.extend(mod.pages(ctx))
    files = {CSS_URI: asset("planner.css"), JS_URI: asset("planner.js")}
    files.update(downloads.files(ctx))
    listed = len(audit.documents) <= nav_documents_max
    mine = {p.src_uri for p in pages}
    others = [h for h in handwritten or [] if h not in mine]  # a generated page replaces a hand-written one
    return SiteSources(pages, files, navigation(ctx, others, group_size, listed), not listed, ctx)


def navigation(ctx: SiteContext, handwritten: list[str], group_size: int, listed: bool) -> list:
    from planner.rules import registry
    from planner.site.documents import nav_groups
    from planner.site.queue import owners

    return [
        {"Dashboard": "index.md"},
        {"Plan": "plan.md"},
        {"Findings": "findings.md"},
        {"Coverage": ["coverage/index.md"] + [{f"By {ax}": ctx.axis_uri(ax)} for ax in AXES]},
        *([{"Trend": "trend.md"}] if ctx.trend is not None else []),
        {"Stages": ["stages/index.md"] + [ctx.stage_uri(s) for s in ctx.stages()]},
        {"Documents": ["documents/index.md", "search.md", "stale.md", "readability.md", "tags-to-fix.md"]
         + nav_groups(ctx, group_size, listed)},
        {"Queues": ["queue/index.md"] + [ctx.queue_uri(o) for o in owners(ctx)]},
        {"Rules": ["rules/index.md"] + [ctx.rule_uri(r) for r in sorted(registry())]},
        {"Guides": ["guide/tagging.md", "suppressions.md", "downloads.md"] + handwritten},
    ]
