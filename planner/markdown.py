r"""Markdown body -> Prose with a source map, using markdown-it (CommonMark + tables).

Kept: headings, paragraphs, list items, block quotes, table cells, image alt text.
Skipped: fenced and indented code, inline code (where each code span is, backticks
included, is kept in ``Prose.code``, so a quoted sentence can put it back), HTML blocks
and inline HTML (comments are collected separately for suppressions), link targets,
bare URLs. Which blocks are quotations (someone else's words) is marked by
planner.quotations.
Source map contract (tests/test_sourcemap.py, tests/test_properties.py): every prose
character whose offset is >= 0 is the very character at that offset of the file text.
What is not in the file as such maps to -1: the blank lines that join blocks, the space
that stands for a line break inside a paragraph, and the characters an HTML entity
decodes to (`&amp;` -> `&`). A backslash escape (`\*`) maps to the escaped character.
So the file text under any fully mapped span is exactly the prose of that span.
"""
from __future__ import annotations

import html
import re
from array import array
from functools import lru_cache
from itertools import repeat
from typing import Any, Iterator

from markdown_it import MarkdownIt

from planner import quotations
from planner.model import Block, Prose, Section

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_SEPARATOR = "\n\n"
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LOOKAHEAD = 16  # characters: how far an unmatched character is looked for


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html on so that HTML blocks become tokens we can skip rather than prose; the
    # "normalize" rule (line breaks and NULs, a regex pass over every page) is done by
    # extract, only for the rare text that needs it (the loader has done it already)
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable("normalize")


class _Builder:
    def __init__(self, text: str, base: int) -> None:
        self.text = text  # the whole normalised file text
        self.base = base  # offset of the body in it
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.blocks: list[Block] = []
        self.code: list[tuple[int, int]] = []  # file spans of the inline code skipped (Prose.code)
        self.cursor = base

    def begin(self) -> int:
        if self.chars:
            self.chars.extend(_SEPARATOR)
            self.offsets.extend([-1] * len(_SEPARATOR))
        return len(self.chars)

    def emit(self, s: str, limit: int) -> None:
        """Append ``s``, aligning it to the file text from the cursor (not past ``limit``)."""
        if not s:
            return
        pos = self.text.find(s, self.cursor, limit)
        if pos != -1:
            self.chars.extend(s)
            self.offsets.extend(range(pos, pos + len(s)))
            self.cursor = pos + len(s)
            return
        # entities and escapes: the text differs from its source. Walk both: an escaped
        # character maps to itself (after the backslash); the characters an entity
        # decodes to map nowhere (-1), as they are not in the file; anything else is
        # looked for a short way ahead so one odd character cannot derail the rest.
        t, p, i = self.text, self.cursor, 0
        while i < len(s):
            ch = s[i]
            if p < limit and t[p] == ch:
                self._put(ch, p)
                p += 1
            elif p + 1 < limit and t[p] == "\\" and t[p + 1] == ch:
                self._put(ch, p + 1)
                p += 2
            elif p < limit and t[p] == "&" and (m := _ENTITY.match(t, p, limit)) and s.startswith(html.unescape(m.group()), i) \
                    and m.group() != html.unescape(m.group()):
                decoded = html.unescape(m.group())
                for c in decoded:
                    self._put(c, -1)
                i += len(decoded)
                p = m.end()
                continue
            else:
                q = t.find(ch, p, min(limit, p + _LOOKAHEAD)) if not ch.isspace() else -1
                self._put(ch, q)
                if q != -1:
                    p = q + 1
            i += 1
        self.cursor = p

    def _put(self, ch: str, offset: int) -> None:
        self.chars.append(ch)
        self.offsets.append(offset)

    def emit_text(self, s: str, limit: int) -> None:
        """Emit a text run, dropping bare URLs and e-mail addresses."""
        if "@" not in s and "://" not in s and "www." not in s:
            self.emit(s, limit)  # nothing _URL can match (the common case): no regex scan
            return
        last = 0
        for m in _URL.finditer(s):
            self.emit(s[last:m.start()], limit)
            self.skip(m.group(0), limit)
            last = m.end()
        self.emit(s[last:], limit)

    def skip(self, s: str, limit: int) -> None:
        if s:
            pos = self.text.find(s, self.cursor, limit)
            if pos != -1:
                self.cursor = pos + len(s)

    def skip_code(self, fence: str, content: str, limit: int) -> None:
        """Step over an inline code span, noting where it is in the file (backticks
        included) so a quoted sentence can put it back (Prose.quote). Its fence is the
        next run of exactly that many backticks; it closes at the next such run."""
        at = self._fence(fence, self.cursor, limit)
        close = self._fence(fence, at + len(fence), limit) if at != -1 else -1
        if close == -1:  # not where the parser saw it: step over the content as before
            self.skip(content, limit)
            return
        self.code.append((at, close + len(fence)))
        self.cursor = close + len(fence)

    def _fence(self, fence: str, start: int, limit: int) -> int:
        """Offset of the next run of backticks exactly as long as ``fence``, or -1."""
        t = self.text
        at = t.find(fence, start, limit)
        while at != -1:
            end = at + len(fence)
            if (at == 0 or t[at - 1] != "`") and t[end:end + 1] != "`":
                return at
            while end < limit and t[end] == "`":  # a longer run: past all of it
                end += 1
            at = t.find(fence, end, limit)
        return -1

    def skip_link_tail(self, limit: int) -> None:
        """After a link's text: step over ``](target)`` or ``][ref]`` so its target is
        never aligned to later prose."""
        t = self.text
        i = self.cursor
        if t.startswith("](", i):
            depth, j = 0, i + 2
            while j < limit:
                c = t[j]
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        self.cursor = j + 1
                        return
                    depth -= 1
                elif c == "\n" and t.startswith("\n\n", j):
                    return
                j += 1
        elif t.startswith("][", i):
            j = t.find("]", i + 2, limit)
            if j != -1:
                self.cursor = j + 1

    def inline(self, children, limit: int) -> None:
        autolink = 0
        for tok in children:
            kind = tok.type
            if kind == "text":
                if autolink:
                    self.skip(tok.content, limit)
                else:
                    self.emit_text(tok.content, limit)
            elif kind in ("softbreak", "hardbreak"):
                self.chars.append(" ")
                self.offsets.append(-1)
            elif kind == "code_inline":
                self.skip_code(tok.markup or "`", tok.content, limit)
            elif kind == "html_inline":
                self.skip(tok.content, limit)
            elif kind == "image":
                self.inline(tok.children or [], limit)
                self.skip_link_tail(limit)
            elif kind == "link_open":
                if tok.markup == "autolink" or tok.info == "auto":
                    autolink += 1
            elif kind == "link_close":
                if autolink:
                    autolink -= 1
                    self.skip(">", limit)
                else:
                    self.skip_link_tail(limit)


def _line_offsets(text: str, base: int) -> list[int]:
    """Offsets (in the file text) of each line of the body, plus the end."""
    starts = [base]
    pos = text.find("\n", base)
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    starts.append(len(text) + 1)
    return starts


def html_comments(block: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each complete ``<!-- ... -->`` in ``block``, in one pass: a lazy
    regex rescans to the end from every unclosed ``<!--`` (50,000 of them took minutes)."""
    at = block.find("<!--")
    while at != -1:
        end = block.find("-->", at + 4)
        if end == -1:
            return  # nothing after an unclosed comment can close one
        yield at, block[at:end + 3]
        at = block.find("<!--", end + 3)


def extract(text: str, body_offset: int, body_line: int, title: tuple[str, int, int] | None = None
            ) -> tuple[Prose, list[tuple[int, str]]]:
    """Prose of the body starting at ``body_offset`` (which is on 1-based ``body_line``),
    and the HTML comments found outside code as (line, text).

    ``title`` is (text, file offset, line) of the front-matter title: it becomes the
    first block, so journey and tone signals in titles count (and weigh more)."""
    body = text[body_offset:]
    if "\r" in body or "\0" in body:  # markdown-it's "normalize", to the letter
        body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    tokens = _parser().parse(body)
    line_at = _line_offsets(text, body_offset)
    b = _Builder(text, body_offset)
    comments: list[tuple[int, str]] = []
    sections: list[Section] = []

    if title and title[0].strip():
        start = b.begin()
        b.cursor = title[1]
        b.emit(title[0], len(text))
        b.blocks.append(Block("title", start, len(b.chars), title[2]))
        b.cursor = body_offset

    containers: list[str] = []
    quotes: list[list[int]] = []  # the blocks of each outermost block quote, for planner.quotations
    quote_starts: list[int] = []  # where each of them begins in the file
    heading_level = 0
    for tok in tokens:
        kind = tok.type
        if kind.endswith("_open") and kind not in ("paragraph_open", "heading_open"):
            if kind == "blockquote_open" and "blockquote" not in containers:
                quotes.append([])
                quote_starts.append(line_at[min(tok.map[0], len(line_at) - 1)] if tok.map else body_offset)
            containers.append(kind[:-5])
        elif kind.endswith("_close") and kind not in ("paragraph_close", "heading_close"):
            if containers:
                containers.pop()
        if kind == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "inline" and tok.map:
            first, last = tok.map
            region_start = line_at[min(first, len(line_at) - 1)]
            limit = min(len(text), line_at[min(last, len(line_at) - 1)])
            b.cursor = max(b.cursor, region_start)
            start = b.begin()
            b.inline(tok.children or [], limit)
            # trim trailing/leading spaces the alignment may have left (leading: after
            # code that opens the block, "`plan` plans ahead", the first sentence began
            # at the space and its column pointed one before its first word)
            while len(b.chars) > start and b.chars[-1].isspace():
                b.chars.pop()
                b.offsets.pop()
            lead = start
            while lead < len(b.chars) and b.chars[lead].isspace():
                lead += 1
            if lead > start:
                del b.chars[start:lead]
                del b.offsets[start:lead]
            if len(b.chars) == start:
                # nothing readable (e.g. only code or a link to an URL): undo the separator
                if start >= len(_SEPARATOR) and b.offsets[start - len(_SEPARATOR):start] == [-1] * len(_SEPARATOR):
                    del b.chars[start - len(_SEPARATOR):]
                    del b.offsets[start - len(_SEPARATOR):]
                for child in tok.children or []:
                    if child.type == "html_inline" and child.content.startswith("<!--"):
                        comments.append((body_line + first, child.content))
                continue
            if heading_level:
                kind_name = "heading"
            elif "td" in containers or "th" in containers:
                kind_name = "table_cell"
            elif "list_item" in containers:
                kind_name = "list_item"
            elif "blockquote" in containers:
                kind_name = "blockquote"
            else:
                kind_name = "paragraph"
            first_off, offsets = region_start, b.offsets  # the block's first mapped character
            for i in range(start, len(offsets)):  # (not a slice: that copies the whole block)
                if offsets[i] >= 0:
                    first_off = offsets[i]
                    break
            line = body_line + first + text.count("\n", region_start, first_off)
            if "blockquote" in containers:
                quotes[-1].append(len(b.blocks))
            b.blocks.append(Block(kind_name, start, len(b.chars), line, level=heading_level))
            for child in tok.children or []:
                if child.type == "html_inline" and child.content.startswith("<!--"):
                    comments.append((line, child.content))
        elif kind == "html_block" and tok.map:
            for at, comment in html_comments(tok.content):
                comments.append((body_line + tok.map[0] + tok.content.count("\n", 0, at), comment))

    prose = Prose(text="".join(b.chars), offsets=b.offsets, blocks=b.blocks, code=b.code)
    # sections: heading-delimited; section 0 holds whatever precedes the first heading
    current = Section(0, "", 0, 0, 0, body_line)
    for blk in prose.blocks:
        if blk.kind == "heading":
            current.end = blk.start
            sections.append(current)
            current = Section(len(sections), prose.text[blk.start:blk.end], blk.level, blk.start, blk.start, blk.line)
        blk.section = current.index
    current.end = len(prose.text)
    sections.append(current)
    prose.sections = sections
    quotations.mark(prose, text, quotes, quote_starts)
    return prose, comments


# --------------------------------------------------------------------------- stored form
# The result store keeps each file's extract beside its analysis, so the evidence of a
# corpus finding (a few hundred pages of a large estate, in every run) is read back
# instead of parsing the Markdown again, the costliest step of loading a page. The
# prose is kept as runs over the file text: [offset, length] for the characters that
# are the file's own, the text itself for the few that are not (separators, decoded
# entities): a few hundred short items, not the prose and one number per character.

def stored(prose: Prose, comments: list[tuple[int, str]]) -> dict:
    """``extract``'s result as JSON data (see :func:`restored`)."""
    return {"runs": _runs(prose.text, prose.offsets),
            "blocks": [[b.kind, b.start, b.end, b.line, b.level, b.section, int(b.quoted)] for b in prose.blocks],
            "sections": [[s.index, s.heading, s.level, s.start, s.end, s.line] for s in prose.sections],
            "comments": [[line, c] for line, c in comments],
            "code": [list(span) for span in prose.code]}


def _runs(text: str, offsets: list[int]) -> list[Any]:
    """The prose as runs: [first offset, length] for each run of consecutive offsets,
    and the text itself for each run of characters the file does not have (-1s)."""
    import numpy  # (loaded already wherever documents are analysed)

    n = len(offsets)
    if not n:
        return []
    a = numpy.fromiter(offsets, dtype=numpy.int64, count=n)  # run edges found in C, not per character
    gap = a < 0
    edge = numpy.ones(n, dtype=bool)
    edge[1:] = (gap[1:] != gap[:-1]) | (~gap[1:] & (a[1:] != a[:-1] + 1))
    starts = numpy.flatnonzero(edge)
    lengths = numpy.diff(numpy.append(starts, n))
    runs = numpy.stack((a[starts], lengths), axis=1).tolist()
    at = starts.tolist()
    for i in numpy.flatnonzero(gap[starts]).tolist():  # only those few runs take Python work
        runs[i] = text[at[i]:at[i] + runs[i][1]]
    return runs


def restored(data: Any, text: str) -> tuple[Prose, list[tuple[int, str]]] | None:
    """The extract :func:`stored` kept, rebuilt over the file ``text`` (whose bytes the
    store keys it by); None when it does not fit that text or is malformed."""
    try:
        pieces: list[str] = []
        offsets = array("q")  # compact: kept for every page a corpus finding quotes (see Prose)
        runs = data["runs"]
        if not isinstance(runs, list):
            return None
        for run in runs:
            if isinstance(run, str):
                pieces.append(run)
                offsets.extend(repeat(-1, len(run)))
                continue
            first, length = run
            if type(first) is not int or type(length) is not int or not (0 <= first and 0 < length <= len(text) - first):
                return None
            pieces.append(text[first:first + length])
            offsets.extend(range(first, first + length))
        prose_text = "".join(pieces)
        n = len(prose_text)
        blocks = [Block(kind, start, end, line, level, section, quoted)
                  for kind, start, end, line, level, section, quoted in data["blocks"]]
        sections = [Section(i, heading, *nums) for i, heading, *nums in data["sections"]]
        comments = [(line, c) for line, c in data["comments"]]
        code = [(a, z) for a, z in data["code"]]
    except (KeyError, TypeError, ValueError):  # not lists of the right lengths
        return None
    spans = [(b.start, b.end) for b in blocks] + [(s.start, s.end) for s in sections]
    numbers = [x for b in blocks for x in (b.line, b.level, b.section, b.quoted)] + \
        [x for s in sections for x in (s.index, s.level, s.line)] + [line for line, _ in comments]
    texts = [b.kind for b in blocks] + [s.heading for s in sections] + [c for _, c in comments]
    if not (all(type(a) is int and type(z) is int and 0 <= a <= z <= n for a, z in spans)
            and all(type(x) is int and x >= 0 for x in numbers) and all(isinstance(t, str) for t in texts)
            and all(b.quoted in (0, 1) for b in blocks)
            and all(type(a) is int and type(z) is int and 0 <= a < z <= len(text) for a, z in code)
            and code == sorted(code)):
        return None
    for b in blocks:
        b.quoted = bool(b.quoted)
    return Prose(text=prose_text, offsets=offsets, blocks=blocks, sections=sections, code=code), comments
