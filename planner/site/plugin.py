"""The MkDocs plugin: run the audit once per build and add the audit pages in memory.

Pages are created with ``File.generated`` (MkDocs 1.6) and never written into the
docs folder. ``mkdocs serve`` also watches the content folders and planner.yml.
"""
from __future__ import annotations

import logging
import time
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from planner import engine
from planner.config import ConfigError
from planner.config_checks import load_checked_config
from planner.site.context import AXES, Page, SiteContext
from planner.site.html import esc, wrap

log = logging.getLogger("mkdocs.plugins.planner")
CSS_URI = "assets/planner/planner.css"


def _audit(paths: list[Path], config: Any, root: Path) -> Any:
    """The audit as `planner lint` runs it, with the same result store, every document
    whole (the pages quote and profile them)."""
    store = engine.open_store(config, warn=log.warning)
    return engine.audit(paths, config, cwd=root, store=store, full=True)


class PlannerPluginConfig(MkConfig):
    config_file = c.Optional(c.Type(str))  # planner.yml, relative to mkdocs.yml; default: searched upward
    paths = c.ListOfItems(c.Type(str), default=[])  # content folders, relative to mkdocs.yml; default: planner.yml's
    nav = c.Type(bool, default=True)  # build the navigation (when mkdocs.yml has no `nav`)
    group_size = c.Type(int, default=100)  # documents per navigation section
    nav_documents_max = c.Type(int, default=300)  # above this, the nav lists folders, not every document


class PlannerPlugin(BasePlugin[PlannerPluginConfig]):
    """``plugins: [search, planner]`` in mkdocs.yml."""

    def __init__(self) -> None:
        self._pages: dict[str, Page] = {}
        self._search: dict[str, str] = {}  # src_uri -> the light HTML the search index gets
        self._root: Path = Path.cwd()
        self._pconfig: Any = None
        self.audit: Any = None

    # -- configuration ----------------------------------------------------------------
    def _load_planner_config(self) -> Any:
        explicit = (self._root / self.config.config_file) if self.config.config_file else None
        try:
            return load_checked_config(self._root, explicit)
        except ConfigError as exc:
            raise PluginError(f"planner: {exc}") from None

    def _content_paths(self) -> list[Path]:
        if self.config.paths:
            return [self._root / p for p in self.config.paths]
        return [self._pconfig.root / p for p in self._pconfig["content"]["paths"]]

    def on_config(self, config: Any) -> Any:
        self._root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self._pconfig = self._load_planner_config()
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    # -- pages ------------------------------------------------------------------------
    def _generate(self, config: Any) -> list[Page]:
        from planner.site import coverage_pages, dashboard, documents, reference, stages

        paths = [p for p in self._content_paths() if p.exists()]
        if not paths:
            log.warning("planner: no content folder found (%s)", ", ".join(str(p) for p in self._content_paths()))
        t0 = time.perf_counter()
        self.audit = _audit(paths, self._pconfig, self._root)
        t1 = time.perf_counter()
        ctx = SiteContext(self.audit, use_directory_urls=config.use_directory_urls)
        out: list[Page] = [dashboard.dashboard_page(ctx)]
        for mod in (coverage_pages, stages, documents, reference):
            out.extend(mod.pages(ctx))
        self._ctx = ctx
        log.info("planner: audited %d documents in %.1fs, generated %d pages in %.1fs",
                 len(self.audit.documents), t1 - t0, len(out), time.perf_counter() - t1)
        return out

    def on_files(self, files: Files, config: Any) -> Files:
        pages = self._generate(config)
        self._pages, self._search = {}, {}
        for page in pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:  # a hand-written page of the same name is replaced
                log.info("planner: generated page replaces %s", page.src_uri)
                files.remove(existing)
            meta = dict(page.meta)
            if not meta.get("markdown"):
                meta.setdefault("hide", ["toc"])  # HTML pages have no Markdown headings to list
            if meta.pop("markdown", False):
                content, full = page.body, None
            else:
                # Python-Markdown would only pass the HTML through, slowly: it gets a stub,
                # and the page's HTML is swapped in after conversion (on_page_content).
                content, full = '<div class="planner"></div>\n', wrap(page.body)
            search = meta.pop("search", None)
            files.append(File.generated(config, page.src_uri, content=content))
            self._pages[page.src_uri] = Page(page.src_uri, page.title, full or "", meta)
            if full is not None:
                self._search[page.src_uri] = f"<h1>{esc(page.title)}</h1>" + (search or "")
        css = (resources.files("planner.site") / "assets" / "planner.css").read_text(encoding="utf-8")
        if files.get_file_from_path(CSS_URI) is None:
            files.append(File.generated(config, CSS_URI, content=css))
        if self.config.nav and not config.nav:
            self._mk_config = config
            config.nav = self._nav(files)
        return files

    def _nav(self, files: Files) -> list:
        from planner.rules import registry
        from planner.site.documents import nav_groups

        ctx = self._ctx
        listed = len(ctx.audit.documents) <= self.config.nav_documents_max
        if not listed:  # document pages are reached from their folder pages, the index and search
            self._mk_config.validation.nav.omitted_files = logging.DEBUG
        handwritten = sorted(f.src_uri for f in files.documentation_pages()
                             if f.src_uri not in self._pages and not f.generated_by)
        return [
            {"Dashboard": "index.md"},
            {"Plan": "plan.md"},
            {"Findings": "findings.md"},
            {"Coverage": ["coverage/index.md"] + [{f"By {ax}": ctx.axis_uri(ax)} for ax in AXES]},
            {"Stages": ["stages/index.md"] + [ctx.stage_uri(s) for s in ctx.stages()]},
            {"Documents": ["documents/index.md"] + nav_groups(ctx, self.config.group_size, listed)},
            {"Rules": ["rules/index.md"] + [ctx.rule_uri(r) for r in sorted(registry())]},
            {"Guides": ["guide/tagging.md", "suppressions.md"] + handwritten},
        ]

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        """Generated pages get their (escaped) title and meta here, not from YAML, so no
        title can break the front matter or the templates that print it raw."""
        spec = self._pages.get(page.file.src_uri)
        if spec is not None:
            page.meta.update(spec.meta)
            page.meta["title"] = esc(spec.title)
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        """Generated HTML pages: the search plugin (next, in on_page_context) indexes only
        their title and summary, which keeps big estates fast to build."""
        if page.file.src_uri in self._search:
            return self._search[page.file.src_uri]
        return html

    @event_priority(-100)  # after the search plugin has indexed the light version
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        spec = self._pages.get(page.file.src_uri)
        if spec is not None and spec.body:
            page.content = spec.body
        return context

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        for p in self._content_paths():
            if p.exists():
                server.watch(str(p))
        if self._pconfig is not None and self._pconfig.path is not None:
            server.watch(str(self._pconfig.path))
        return server
