"""Full-text search over the document bodies: a small script on this page reads the
index (planner.site.downloads.search_index) once, then answers as you type.
The builder's own search box finds pages by title."""
from __future__ import annotations

from typing import Iterator

from planner.site.context import Page, SiteContext
from planner.site.downloads import SEARCH_INDEX
from planner.site.html import a


def pages(ctx: SiteContext) -> Iterator[Page]:
    here = "search.md"
    L = ctx.links(here)
    body = ('<h1>Search documents</h1><p class="pl-lead">Finds words and "quoted phrases" in the text of every document, '
            'not only in titles. Filter the results by stage or owner.</p>'
            f'<form class="pl-search" role="search" data-index="{L.page_asset(SEARCH_INDEX)}" data-root="{L.page_asset("index.html")[:-len("index.html")] or "./"}">'
            '<label for="pl-q">Words or a "quoted phrase"</label>'
            '<input id="pl-q" name="q" type="search" autocomplete="off" spellcheck="false">'
            '<button type="submit">Search</button></form>'
            '<p class="pl-search__status" aria-live="polite"></p><ol class="pl-results"></ol>'
            f'<p class="pl-nojs">Searching the text needs JavaScript. Without it, {a(L.href("documents/index.md"), "the documents list")} '
            'has every page, and the search box at the top finds pages by title.</p>')
    yield Page(here, "Search documents", body, meta={"search": "none"})
