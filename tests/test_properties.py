"""Property tests (hypothesis) for the front-matter loader and the Markdown-to-prose
source map.

Properties, for any input:
- loading never raises; every finding's position lies inside the file;
- every prose character with an offset >= 0 is the file character at that offset
  (entity-decoded characters and inserted separators map to -1; see test_sourcemap.py);
- the file text under any fully mapped prose span equals the prose (so a finding's span
  quotes exactly what the file says);
- a quoted sentence starts at the line and column its finding reports.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.config import default_config
from planner.loader import load_document

CONFIG = default_config()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

# ----------------------------------------------------------------------------- strategies

words = st.sampled_from(["plan", "your", "team", "renew", "trial", "Café", "über", "a", "I", "we", "x1", "ROI", "naïve", "日本"])
inline_bits = st.one_of(
    words,
    words.map(lambda w: f"*{w}*"), words.map(lambda w: f"**{w}**"), words.map(lambda w: f"_{w}_"),
    words.map(lambda w: f"`{w}`"), words.map(lambda w: f"[{w}](http://x.test/{w} \"{w}\")"),
    words.map(lambda w: f"![{w}]({w}.png)"), words.map(lambda w: f"[{w}][r]"), words.map(lambda w: f"<{w}>"),
    st.sampled_from(["&amp;", "&copy;", "&#x41;", "&#65;", "&nbsp;", "&bogus;", "\\*", "\\_", "\\[", "\\\\", "<!-- c -->",
                     "<span>", "</span>", "http://x.test/a", "a@b.test", "<http://x.test>", "  ", "\t", "*", "_", "`", "[", "]",
                     "(", ")", "!", "|", "\\|", "&", "<", ">", "\u00a0", "\u200b", "\U0001F600"]),
)
inline = st.lists(inline_bits, min_size=1, max_size=12).map(" ".join)
block = st.one_of(
    inline,
    inline.map(lambda s: "# " + s), inline.map(lambda s: "### " + s + " ###"), inline.map(lambda s: s + "\n===="),
    inline.map(lambda s: s + "\n----"),
    st.lists(inline, min_size=1, max_size=4).map(lambda xs: "\n".join("- " + x for x in xs)),
    st.lists(inline, min_size=1, max_size=4).map(lambda xs: "\n".join(f"{i + 1}. {x}" for i, x in enumerate(xs))),
    st.lists(inline, min_size=1, max_size=3).map(lambda xs: "- " + xs[0] + "".join("\n  - " + x for x in xs[1:])),
    st.lists(inline, min_size=1, max_size=3).map(lambda xs: "\n".join("> " + x for x in xs)),
    st.lists(inline, min_size=2, max_size=4).map(lambda xs: "| " + " | ".join(xs) + " |\n|" + "---|" * len(xs) + "\n| " + " | ".join(reversed(xs)) + " |"),
    inline.map(lambda s: "```\n" + s + "\n```"), inline.map(lambda s: "    " + s),
    inline.map(lambda s: "<div>\n" + s + "\n</div>"), inline.map(lambda s: "<!--\n" + s + "\n-->"),
    st.just("---"), st.just("***"), st.just("[r]: http://x.test/r \"title\""),
)
front_matter = st.one_of(
    st.just(""),
    st.lists(st.sampled_from(["title: Plan your week", "title: \"Quoted: title\"", "stage: onboarding", "stage: tofu",
                              "phase: buyer", "roles: [end-user, champion]", "roles: end-user", "reviewed: 2026-05-01",
                              "reviewed: yesterday", "id: 010", "title: [a, b]", "stage: no", "x: &a 1", "y: *a",
                              "bad: [unclosed", "- list item", "\tstage: tab", "dup: 1", "dup: 2", "k: {a: {b: {c: 1}}}",
                              "", "# comment", "title:", "stgae: awareness"]), max_size=7)
    .map(lambda lines: "---\n" + "\n".join(lines) + "\n---\n"),
    st.just("---\ntitle: never closed\n"), st.just("+++\ntitle = 'x'\n+++\n"),
)
documents = st.tuples(front_matter, st.lists(block, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans()).map(
    lambda t: ("\ufeff" if t[3] else "") + (t[0] + "\n\n".join(t[1]) + "\n").replace("\n", t[2]))


def load_text(content: str | bytes):
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "doc.md"
        p.write_bytes(data)
        doc = load_document(p, CONFIG, Path(d))
    doc.raw_line_count = len(re.split(rb"\r\n|\r|\n", data))
    return doc


def file_lines(doc) -> list[str]:
    return doc.text.split("\n") if doc.ok else [""]


def assert_positions_inside(doc) -> None:
    n_lines = len(file_lines(doc)) if doc.ok else doc.raw_line_count
    for f in doc.problems:
        assert 1 <= f.line <= max(1, n_lines), (f.line, n_lines, f.message)
        assert f.column >= 1


# ----------------------------------------------------------------------------- properties

@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    doc = load_text(data)
    assert_positions_inside(doc)


@SETTINGS
@given(front_matter, st.text(max_size=200))
def test_front_matter_never_raises_and_findings_point_inside(fm, body):
    doc = load_text(fm + body)
    assert_positions_inside(doc)
    if doc.ok:
        for key, line in doc.meta_lines.items():
            assert 1 <= line <= len(file_lines(doc))


@SETTINGS
@given(documents)
def test_source_map_characters_match_the_file(markdown):
    doc = load_text(markdown)
    assert doc.ok
    prose = doc.prose
    assert len(prose.text) == len(prose.offsets)
    for ch, off in zip(prose.text, prose.offsets):
        assert off < len(doc.text)
        if off >= 0:
            assert doc.text[off] == ch


@SETTINGS
@given(documents)
def test_spans_quote_exactly_what_the_file_says(markdown):
    doc = load_text(markdown)
    prose, lines = doc.prose, file_lines(doc)
    for m in re.finditer(r"\w+", prose.text):
        offs = prose.offsets[m.start():m.end()]
        line, col, end_line, end_col = doc.prose_position(m.start(), m.end())
        assert 1 <= line <= end_line <= len(lines)
        assert 1 <= col <= len(lines[line - 1]) + 1 and 1 <= end_col <= len(lines[end_line - 1]) + 1
        if all(o >= 0 for o in offs) and offs == list(range(offs[0], offs[0] + len(offs))):
            assert doc.source_text(m.start(), m.end()) == m.group()
            assert lines[line - 1][col - 1:].startswith(m.group()) or line != end_line


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(documents, min_size=1, max_size=3))
def test_pipeline_findings_lie_inside_their_files(markdowns):
    from planner import engine

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        for i, md in enumerate(markdowns):
            (root / f"d{i}.md").write_bytes(md.encode("utf-8"))
        audit = engine.audit([root], CONFIG, cwd=root)
        docs = {doc.relpath: doc for doc in audit.documents}
        for f in audit.findings:
            doc = docs[f.path]
            lines = file_lines(doc)
            assert 1 <= f.line <= len(lines) and f.column >= 1, f
            for s in f.sentences:
                assert 1 <= s["line"] <= len(lines)
                first = s["text"].lstrip()[:1]
                if first.isalnum():
                    assert lines[s["line"] - 1][s["column"] - 1:].startswith(first), (s, lines[s["line"] - 1])
