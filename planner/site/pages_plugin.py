"""The MkDocs plugin both site paths render generated pages with (`planner build`'s
build folder and the `planner` plugin of ``mkdocs serve``).

Generated pages are raw HTML blocks: they are set aside before Python-Markdown runs (it
would only pass them through, slowly) and put back after, so the output is what
Python-Markdown would have produced. It also sets each page's edit link.
"""
from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from planner.site.markdown import MARKER

_BLOCKS = ('<div class="planner"', '<section class="planner"')


class GeneratedPages(BasePlugin):
    """Fast rendering of generated pages, and their edit links (``edit_urls``: src_uri ->
    URL or None; pages not listed keep what MkDocs gave them)."""

    def __init__(self, edit_urls: dict[str, str | None] | None = None) -> None:
        self._held: dict[str, list[str]] = {}
        self.edit_urls = edit_urls or {}

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        uri = page.file.src_uri
        if uri in self.edit_urls:
            page.edit_url = self.edit_urls[uri]
        if page.meta.get(MARKER) != "generated":
            return markdown
        held: list[str] = []
        lines = markdown.split("\n")
        for i, line in enumerate(lines):
            if line.startswith(_BLOCKS):
                lines[i] = f"<!--planner:{len(held)}-->"
                held.append(line)
        self._held[uri] = held
        return "\n".join(lines)

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        held = self._held.pop(page.file.src_uri, None)
        if not held:
            return html
        for i, block in enumerate(held):
            html = html.replace(f"<!--planner:{i}-->", block, 1)
        return html
