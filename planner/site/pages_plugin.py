"""The MkDocs plugin both site paths render generated pages with (`planner build`'s
build folder and the `planner` plugin of ``mkdocs serve``).

Generated pages are raw HTML blocks: they are set aside before Python-Markdown runs (it
would only pass them through, slowly) and put back after, so the output is what
Python-Markdown would have produced. It also sets each page's edit link.

Blocks kept out of the search index (``data-search-exclude``: on a big estate, lists of
every page) are put back only after the search plugin has read the page: Material's
search parses every page's whole HTML and then drops what is excluded, which was half
of the builder's time. The index is the same: such a block adds nothing to it (it holds
no heading with an id and no nested section, checked before it is held back).
"""
from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from planner.site.markdown import MARKER

_BLOCKS = ('<div class="planner"', '<section class="planner"')
_EXCLUDED = '<section class="planner" data-search-exclude>'
# what would make an excluded block count for the search index after all
_INDEXED = re.compile(r"<h[1-6][^>]*\sid=|<section|data-search-")


def _stand_in(i: int) -> str:
    """What stands in for the ``i``-th held-back block while the search plugin reads the page."""
    return f"{_EXCLUDED}<!--planner-unsearched:{i}--></section>"


class GeneratedPages(BasePlugin):
    """Fast rendering of generated pages, and their edit links (``edit_urls``: src_uri ->
    URL or None; pages not listed keep what MkDocs gave them)."""

    def __init__(self, edit_urls: dict[str, str | None] | None = None) -> None:
        self._held: dict[str, list[str]] = {}
        self._unsearched: dict[str, list[str]] = {}
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
        later: list[str] = []
        for i, block in enumerate(held):
            if block.startswith(_EXCLUDED) and not _INDEXED.search(block, len(_EXCLUDED)):
                block = _stand_in(len(later))
                later.append(held[i])
            html = html.replace(f"<!--planner:{i}-->", block, 1)
        if later:
            self._unsearched[page.file.src_uri] = later
        return html

    @event_priority(-100)  # after the search plugin (priority 0) has indexed the page
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        later = self._unsearched.pop(page.file.src_uri, None)
        if later:
            content = page.content
            for i, block in enumerate(later):
                content = content.replace(_stand_in(i), block, 1)
            page.content = content
        return context
