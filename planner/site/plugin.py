"""MkDocs plugins.

:class:`PlannerPlugin` (``plugins: [search, planner]`` in mkdocs.yml) is the convenience
for ``mkdocs serve`` and ``mkdocs build``: it runs the audit and adds the same generated
pages `planner build` writes to its build folder, in memory, and watches the content.
It renders generated pages through :class:`planner.site.pages_plugin.GeneratedPages`,
as `planner build` does.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from planner.config import ConfigError
from planner.site.pages_plugin import GeneratedPages
from planner.site.plugin_options import PlannerPluginConfig

log = logging.getLogger("mkdocs.plugins.planner")
_explicit: Path | None = None  # `planner --config FILE serve`: over the plugin's config_file


def use_planner_yml(path: Path | None) -> None:
    """Make the plugin read ``path`` (absolute) as planner.yml in this process: `planner
    serve --config FILE` runs MkDocs here, and FILE wins over the plugin's option."""
    global _explicit
    _explicit = path


class PlannerPlugin(GeneratedPages, BasePlugin[PlannerPluginConfig]):
    """``plugins: [search, planner]`` in mkdocs.yml."""

    def __init__(self) -> None:
        GeneratedPages.__init__(self)
        self._root: Path = Path.cwd()
        self._pconfig: Any = None
        self.audit: Any = None

    @event_priority(50)  # before the search plugin's, which builds its index settings there
    def on_config(self, config: Any) -> Any:
        from planner.site.build import content_paths, load_planner_config
        from planner.site.generate import CSS_URI, JS_URI

        self._root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        try:
            self._pconfig = load_planner_config(self._root, self.config.config_file, _explicit)
            content_paths(self._pconfig, self._root, self.config.paths)  # the folders must lie in the repository
        except ConfigError as exc:
            raise PluginError(f"planner: {exc}") from None
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(x) for x in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        self._search_separator(config)
        for ext in ("toc", "attr_list"):  # generated section headings carry their anchors as {#id}
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        return config

    def _search_separator(self, config: Any) -> None:
        """The search splits words as in the site `planner build` makes (on slashes, dots
        and hyphens too: mkconfig.SEARCH_SEPARATOR), unless mkdocs.yml sets a separator."""
        from planner.site import mkconfig

        try:
            mine = mkconfig.load(Path(config.config_file_path)) if config.config_file_path else {}
        except (mkconfig.MkDocsConfigError, OSError):
            return  # MkDocs read it; leave its search as it is
        if mkconfig.sets_search_separator(mine):
            return
        for name, plugin in config.plugins.items():
            if name in mkconfig.SEARCH_PLUGINS:
                plugin.config.separator = mkconfig.SEARCH_SEPARATOR

    def on_files(self, files: Files, config: Any) -> Files:
        from planner.site.build import content_paths, edit_base, generate_for
        from planner.site.markdown import page_markdown

        t0 = time.perf_counter()
        handwritten = sorted(f.src_uri for f in files.documentation_pages())
        sources = generate_for(self._pconfig, content_paths(self._pconfig, self._root, self.config.paths), self._root,
                               use_directory_urls=config.use_directory_urls, handwritten=handwritten,
                               group_size=self.config.group_size, nav_documents_max=self.config.nav_documents_max,
                               trend=self.config.trend,
                               edit_url=edit_base(config.repo_url, config.edit_uri, self._root, Path(config.docs_dir)))
        self.audit = sources.ctx.audit
        generated = {p.src_uri for p in sources.pages}
        for page in sources.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:  # a hand-written page of the same name is replaced
                log.info("planner: generated page replaces %s", page.src_uri)
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content=page_markdown(page)))
        for uri, data in sources.files.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=data))
        self.edit_urls = {uri: None for uri in generated}
        self.edit_urls.update({sources.ctx.doc_uri(d.relpath): sources.ctx.source_url(d.relpath)
                               for d in self.audit.documents})
        if self.config.nav and not config.nav:
            if sources.omitted_from_nav:  # document pages are reached from their folder pages, the index and search
                config.validation.nav.omitted_files = logging.DEBUG
            config.nav = sources.nav
        log.info("planner: audited %d documents and generated %d pages in %.1fs",
                 len(self.audit.documents), len(sources.pages), time.perf_counter() - t0)
        return files

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        from planner.site.build import content_paths

        for p in content_paths(self._pconfig, self._root, self.config.paths):
            if p.exists():
                server.watch(str(p))
        if self._pconfig is not None and self._pconfig.path is not None:
            server.watch(str(self._pconfig.path))
        return server
