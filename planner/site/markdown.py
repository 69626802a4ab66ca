"""A generated page as a Markdown file any MkDocs-compatible builder can render.

The page's HTML is split at its top-level sections: each section heading becomes a
Markdown heading (the builder lists it in the table of contents and gives the page a
skip link) and each stretch of HTML one raw HTML block on a single line, which
Python-Markdown passes through untouched. The front matter is JSON (valid YAML).
"""
from __future__ import annotations

import html
import json
import re
from typing import Iterator

from planner.site.context import Page
from planner.site.html import H2, wrap

MARKER = "planner"  # front-matter key that marks a generated page
# the only characters a Markdown heading of ours may carry: nothing a Markdown or
# template processor acts on, and nothing that needs escaping in a table of contents
_HEADING_UNSAFE = re.compile(r"[^\w\s().,;:×/'+%-]", re.UNICODE)


def blocks(page_html: str) -> Iterator[tuple[str, str, str]]:
    """(kind, a, b): ("html", html, "") or ("h2", anchor, title), in page order."""
    first, *rest = page_html.split(H2)
    if first.strip():
        yield "html", first, ""
    for part in rest:
        anchor, title, body = part.split("\x00", 2)
        yield "h2", anchor, title
        if body.strip():
            yield "html", body, ""


def heading(title: str, anchor: str) -> str:
    text = _HEADING_UNSAFE.sub("", title).strip() or anchor
    return f"## {text} {{#{anchor}}}"


def page_markdown(page: Page) -> str:
    """The Markdown source of ``page`` (front matter, headings, raw HTML blocks)."""
    meta = {"title": html.escape(page.title, quote=False), MARKER: "generated"}
    meta.update({k: v for k, v in page.meta.items() if k not in ("search",)})
    out = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()), "---", ""]
    if page.markdown:
        out += [page.markdown.strip(), ""]
    searchable = page.meta.get("search", "all")
    seen_heading = False
    for kind, a, b in blocks(page.body):
        if kind == "h2":
            out += [heading(b, a), ""]
            seen_heading = True
            continue
        exclude = searchable == "none" or (searchable == "head" and seen_heading)
        block = wrap(a)
        if exclude:  # kept out of the builder's search index (big estates: lists of every page).
            # A <section>, not a <div>: Material's search parser matches elements by tag
            # name, so a nested </div> would end the exclusion early
            block = '<section class="planner" data-search-exclude>' + block[len('<div class="planner">'):-len("</div>")] + "</section>"
        out += [block, ""]
    return "\n".join(out)
