"""HTML building blocks for the generated pages.

Every generated page is one raw HTML block inside a Markdown file, so Python-Markdown
passes it through untouched. Every string that comes from content or configuration
goes through :func:`esc`, which HTML-escapes it and also turns the characters that
Markdown pre-processors, pymdownx extensions and Jinja react to into character
references, so ``{{ }}``, fences, ``[x](javascript:...)`` and ``<script>`` stay inert text.
"""
from __future__ import annotations

import posixpath
import re
from typing import Any, Iterable

# characters that a Markdown pre-processor (fences, snippets, critic, arithmatex) or a
# template engine could act on even inside a raw HTML block
_EXTRA = {ord(c): f"&#{ord(c)};" for c in "`~{}[]\\$|*_!#:="}
_HTML = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"}
_TABLE = {**_HTML, **_EXTRA}
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def esc(value: Any) -> str:
    """Text as inert HTML: escaped, on one line (a line break could start a Markdown block)."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value))
    return _SPACE.sub(" ", text).translate(_TABLE)


def esc_lines(text: str) -> str:
    """Multi-line text (for <pre>) escaped, its line breaks as character references so the
    HTML stays on one line (a blank line would end the raw HTML block)."""
    return "&#10;".join(esc(line) for line in str(text).split("\n"))


def slug(value: Any) -> str:
    """A safe URL/anchor fragment: lower-case ASCII letters, digits and dashes."""
    s = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
    return s or "x"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives the page ``src_uri``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class Links:
    """Relative hrefs from one page to another, so the site works from any base URL
    and from the file system.

    ``relative_to`` says what the builder resolves a relative link in raw HTML against:
    "page" (the page's URL: MkDocs leaves raw HTML alone) or "source" (the Markdown
    file's folder: Zensical rewrites such links as if they were written in the file)."""

    def __init__(self, src_uri: str, use_directory_urls: bool = True, relative_to: str = "page") -> None:
        self.use_dir = use_directory_urls
        self.here = page_url(src_uri, use_directory_urls)
        self.source_dir = posixpath.dirname(src_uri)
        self.relative_to = relative_to

    def _page_base(self) -> str:
        if self.here.endswith("/") or self.here == "":
            return self.here.rstrip("/") or "."
        return posixpath.dirname(self.here) or "."

    def _base(self) -> str:
        if self.relative_to == "source":
            return self.source_dir or "."
        return self._page_base()

    def page_asset(self, path: str) -> str:
        """A file's URL relative to the page itself (for scripts: data-* attributes are not rewritten)."""
        return esc(posixpath.relpath(path, self._page_base()))

    def href(self, target_src_uri: str, anchor: str | None = None) -> str:
        target = page_url(target_src_uri, self.use_dir)
        if target == "" or target.endswith("/"):
            rel = posixpath.relpath(target.rstrip("/") or ".", self._base()) + "/"
        else:
            rel = posixpath.relpath(target, self._base())
        return esc(rel) + ("#" + slug(anchor) if anchor else "")

    def asset(self, path: str) -> str:
        return esc(posixpath.relpath(path, self._base()))


def a(href: str, text_html: str, cls: str = "") -> str:
    """A link; ``href`` must come from :class:`Links` and ``text_html`` be escaped already."""
    c = f' class="{cls}"' if cls else ""
    return f'<a href="{href}"{c}>{text_html}</a>'


def tag(text: Any, kind: str = "") -> str:
    k = f" pl-tag--{slug(kind)}" if kind else ""
    return f'<span class="pl-tag{k}">{esc(text)}</span>'


SEV_ICON = {"error": "✖", "warning": "▲", "suggestion": "●"}


def severity(sev: str) -> str:
    """A severity badge: an icon and the word, so it never depends on colour alone."""
    icon = SEV_ICON.get(sev, "")
    return f'<span class="pl-sev pl-sev--{slug(sev)}"><span aria-hidden="true">{icon}</span> {esc(sev)}</span>'


def table(headers: Iterable[str], rows: Iterable[Iterable[Any]], cls: str = "", *, label: str = "",
          row_data: Iterable[dict[str, Any]] | None = None, filters: str = "", table_id: str = "") -> str:
    """A table in its own horizontally scrolling region (wide tables never widen the page).

    Header strings are escaped; a cell is HTML already, or ``(html, sort_key)`` when its
    text does not sort well (numbers, dates). ``row_data`` adds ``data-*`` attributes per
    row, which ``filters`` (space-separated keys) offers as filters; with ``label`` the
    table is sortable by the site's script. Without JavaScript it is a plain table."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    data = list(row_data) if row_data is not None else None
    body = []
    for i, row in enumerate(rows):
        attrs = "".join(f' data-{slug(k)}="{esc(v)}"' for k, v in (data[i] if data else {}).items() if v not in (None, ""))
        body.append(f"<tr{attrs}>" + "".join(_cell(c) for c in row) + "</tr>")
    extra = (' data-sortable="1"' if label else "") + (f' data-filters="{esc(filters)}"' if filters else "")
    tid = f' id="{slug(table_id)}"' if table_id else ""
    cap = f'<caption class="pl-sr">{esc(label)}</caption>' if label else ""
    tbl = (f'<table class="pl-table {cls}"{tid}{extra}>{cap}<thead><tr>{head}</tr></thead>'
           f'<tbody>{"".join(body)}</tbody></table>')
    return scroll(tbl, label)


def _cell(c: Any) -> str:
    if isinstance(c, tuple):
        return f'<td data-sort="{esc(c[1])}">{c[0]}</td>'
    return f"<td>{c}</td>"


def scroll(inner_html: str, label: str = "") -> str:
    """A region that scrolls sideways on its own; focusable so keyboard users can scroll it."""
    aria = f' role="region" aria-label="{esc(label)}" tabindex="0"' if label else ""
    return f'<div class="pl-scroll"{aria}>{inner_html}</div>'


def sr(text: str) -> str:
    """Text for screen readers only (the visual form says it another way)."""
    return f'<span class="pl-sr">{esc(text)}</span>'


def highlight(text: str, spans: Iterable[Iterable[Any]], cls: str = "pl-mark") -> str:
    """``text`` escaped, with the [start, end) ``spans`` (offsets into text) wrapped in <mark>.
    A span may carry a third item, its own CSS class; overlapping spans merge."""
    clean: list[list[Any]] = []
    norm = []
    for s in spans:
        try:
            norm.append((int(s[0]), int(s[1]), s[2] if len(s) > 2 else cls))
        except (TypeError, ValueError, IndexError):
            continue
    for a0, b0, c in sorted(norm, key=lambda x: (x[0], x[1])):
        a0, b0 = max(0, a0), min(len(text), b0)
        if b0 <= a0:
            continue
        if clean and a0 < clean[-1][1]:
            clean[-1][1] = max(clean[-1][1], b0)
            if clean[-1][2] != c:
                clean[-1][2] = cls
        else:
            clean.append([a0, b0, c])
    out, pos = [], 0
    for a0, b0, c in clean:
        out.append(esc(text[pos:a0]))
        out.append(f'<mark class="{esc(c)}">{esc(text[a0:b0])}</mark>')
        pos = b0
    out.append(esc(text[pos:]))
    return "".join(out)


def bar(value: float | None, *, lo: float = 0.0, hi: float = 100.0, target: float | None = None,
        good: str = "above", label: str = "", fmt: str = "{:.0f}", note: str = "") -> str:
    """A horizontal bar (CSS only) for ``value`` on [lo, hi], with an optional target tick.
    ``good`` says which side of the target is fine: "above", "below" or "" (no verdict).
    The target is also written out ("target 60 or more"), and the verdict as a word."""
    if value is None:
        return f'<div class="pl-bar pl-bar--none"><span class="pl-bar__label">{esc(label)}</span><span class="pl-bar__value">n/a</span></div>'
    span = (hi - lo) or 1.0
    pct = max(0.0, min(100.0, (float(value) - lo) / span * 100))
    state, verdict = "neutral", ""
    if target is not None and good:
        ok = value >= target if good == "above" else value <= target
        state, verdict = ("ok", "meets target") if ok else ("off", "misses target")
    tick, target_text = "", ""
    if target is not None:
        tpct = max(0.0, min(100.0, (float(target) - lo) / span * 100))
        word = " or more" if good == "above" else " or less" if good == "below" else ""
        target_text = f"target {fmt.format(target)}{word}"
        tick = f'<span class="pl-bar__target" style="left:{tpct:.1f}%"></span>'
    notes = " · ".join(x for x in (note, target_text) if x)
    return (f'<div class="pl-bar pl-bar--{state}"><span class="pl-bar__label">{esc(label)}</span>'
            f'<span class="pl-bar__track" aria-hidden="true"><span class="pl-bar__fill" style="width:{pct:.1f}%"></span>{tick}</span>'
            f'<span class="pl-bar__value">{esc(fmt.format(value))}'
            + (f' <span class="pl-bar__verdict pl-bar__verdict--{state}">{esc(verdict)}</span>' if verdict else "")
            + (f' <span class="pl-bar__note">{esc(notes)}</span>' if notes else "") + '</span></div>')


def figure(label: str, value_html: str, band: str, note: str = "", href: str | None = None,
           delta: str | None = None) -> str:
    """One key figure with a traffic-light band (ok | warn | bad | neutral | unknown).

    ``delta`` is the change since the previous audit ("+3 since 2026-05-01"): left for
    the trend view (`planner trend`), which knows the history; None shows nothing."""
    word = {"ok": "fine", "warn": "needs a look", "bad": "needs work"}.get(band)
    inner = (f'<span class="pl-figure__value">{value_html}</span><span class="pl-figure__label">{esc(label)}</span>'
             + (f'<span class="pl-figure__note">{esc(note)}</span>' if note else "")
             + (f'<span class="pl-figure__delta">{esc(delta)}</span>' if delta else "")
             + (sr(f"({word})") if word else ""))
    if href:
        return f'<a class="pl-figure pl-figure--{slug(band)}" href="{href}">{inner}</a>'
    return f'<div class="pl-figure pl-figure--{slug(band)}">{inner}</div>'


# A top-level section heading is written as a Markdown heading (so the builder lists it in
# the page's table of contents and gives the page its skip link); this marker carries it
# through the HTML until planner.site.markdown splits the page.
H2 = "\x00h2\x00"


def section(title: str, body: str, anchor: str | None = None, level: int = 2) -> str:
    """A heading and its body. Level-2 sections must sit at the top level of a page."""
    aid = slug(anchor or title)
    if level == 2:
        return f"{H2}{aid}\x00{title}\x00{body}"
    return f'<h{level} id="{aid}">{esc(title)}</h{level}>{body}'


def note(text_html: str, kind: str = "info") -> str:
    return f'<p class="pl-note pl-note--{slug(kind)}">{text_html}</p>'


def wrap(body: str) -> str:
    """One raw HTML block for a Markdown file: no blank lines, no Markdown markers at the
    start of a line (the HTML is on one line)."""
    return '<div class="planner">' + body.replace("\n", " ") + "</div>"


def inline(text: Any) -> str:
    """Text with its `code` spans shown as code (messages quote tags and values that way)."""
    parts = str(text if text is not None else "").split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show it as it is
        return esc(text)
    return "".join(f"<code>{esc(p)}</code>" if i % 2 else esc(p) for i, p in enumerate(parts))
