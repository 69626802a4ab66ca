"""The prose source map: every prose character maps back to the right place in the file.

Contract (decided here, documented in planner/markdown.py): for every prose character
whose offset is >= 0, the file character at that offset is the same character. Text
that is not in the file as such maps to -1: the blank lines that join blocks, line
breaks inside a paragraph, and the characters an HTML entity decodes to (`&amp;` ->
`&`). A backslash escape (`\\*`) maps to the escaped character. Positions are 1-based
lines and columns in the original file, front matter included, and are unchanged by a
BOM or CRLF line endings.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.config import default_config
from planner.loader import load_document


@pytest.fixture(scope="module")
def config():
    return default_config()


def load(tmp_path: Path, config, content: str | bytes):
    p = tmp_path / "a.md"
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_document(p, config, tmp_path)


def raw_position(raw: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of ``needle`` in the raw file text, counting CRLF and a
    lone CR as one line break and not counting a BOM, as editors do."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def assert_map_consistent(doc) -> None:
    for ch, off in zip(doc.prose.text, doc.prose.offsets):
        if off >= 0:
            assert doc.text[off] == ch
    assert len(doc.prose.text) == len(doc.prose.offsets)


def word_positions(doc, word: str) -> tuple[int, int, int, int]:
    i = re.search(rf"\b{re.escape(word)}\b", doc.prose.text).start()
    return doc.prose_position(i, i + len(word))


BODY = """# Getting started

Your **first week** with the product, step by step.

- Invite your team
- Connect the calendar

| Step | Owner |
|------|-------|
| Import projects | admin |

> Customers who finish set-up in a week renew more often.
"""

FRONT = "---\ntitle: First week\nstage: onboarding\nroles: [end-user]\n---\n"


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom", "bom+crlf", "mixed"])
def test_words_point_at_their_line_and_column_in_the_file(tmp_path, config, variant):
    raw = FRONT + BODY
    if "crlf" in variant:
        raw = raw.replace("\n", "\r\n")
    if variant == "mixed":  # CRLF, LF and a lone CR in one file
        raw = raw.replace("\n", "\r\n", 3).replace("step by step.\n", "step by step.\r")
    if variant.startswith("bom"):
        raw = "\ufeff" + raw
    doc = load(tmp_path, config, raw)
    assert_map_consistent(doc)
    for word in ("Getting", "first", "step", "Invite", "calendar", "Import", "admin", "renew"):
        line, col, end_line, end_col = word_positions(doc, word)
        exp_line, exp_col = raw_position(raw, word)
        assert (line, col) == (exp_line, exp_col), word
        assert (end_line, end_col) == (exp_line, exp_col + len(word) - 1), word


def test_title_from_front_matter_maps_into_the_front_matter(tmp_path, config):
    doc = load(tmp_path, config, FRONT + BODY)
    assert doc.prose.blocks[0].kind == "title"
    i = doc.prose.text.index("First week")
    assert doc.prose_position(i, i + 10) == (2, 8, 2, 17)


def test_source_text_equals_prose_for_plain_words(tmp_path, config):
    doc = load(tmp_path, config, FRONT + BODY)
    for m in re.finditer(r"\w+", doc.prose.text):
        assert doc.source_text(m.start(), m.end()) == m.group()


def test_finding_positions_point_at_the_key_in_crlf_and_bom_files(tmp_path, config):
    raw = "\ufeff---\r\ntitle: T\r\nphase: buyer\r\nstage: onboarding\r\n---\r\nBody.\r\n"
    doc = load(tmp_path, config, raw)
    assert doc.meta_lines == {"title": 2, "phase": 3, "stage": 4}


@pytest.mark.parametrize("markdown, prose, kinds", [
    ("See [the guide](http://x.test/g \"Guide\") now.\n", "See the guide now.", ["paragraph"]),
    ("See [the guide][g].\n\n[g]: http://x.test/ \"Title words\"\n", "See the guide.", ["paragraph"]),
    ("Look ![a chart of churn](c.png \"t\") here.\n", "Look a chart of churn here.", ["paragraph"]),
    ("Fish &amp; chips &copy; 2024 \\*not emphasis\\*.\n", "Fish & chips © 2024 *not emphasis*.", ["paragraph"]),
    ("| a | b |\n|---|---|\n| cell one | x \\| y |\n", "a\n\nb\n\ncell one\n\nx | y", ["table_cell"] * 4),
    ("- one\n  - two\n    - three\n", "one\n\ntwo\n\nthree", ["list_item"] * 3),
    ("> quoted\n> more\n>\n> > nested\n", "quoted more\n\nnested", ["blockquote"] * 2),
    ("Heading one\n===\n\nSub\n---\n\ntext\n", "Heading one\n\nSub\n\ntext", ["heading", "heading", "paragraph"]),
    ("Para <!-- hidden --> end.\n\n<!-- block\ncomment -->\n\nAfter.\n", "Para  end.\n\nAfter.", ["paragraph"] * 2),
    ("Use `code here` and\n\n```\nfenced code\n```\n\n    indented code\n\nafter.\n", "Use  and\n\nafter.", ["paragraph"] * 2),
    ("Go to <http://x.test> or https://y.test/z now.\n", "Go to  or  now.", ["paragraph"]),
    ("<div>\nraw html block\n</div>\n\nvisible\n", "visible", ["paragraph"]),
    ("[![badge](b.svg)](http://x.test) after\n", "badge after", ["paragraph"]),
])
def test_markdown_constructs_keep_prose_and_skip_the_rest(tmp_path, config, markdown, prose, kinds):
    doc = load(tmp_path, config, markdown)
    assert doc.prose.text == prose
    assert [b.kind for b in doc.prose.blocks] == kinds
    assert_map_consistent(doc)
    for m in re.finditer(r"[A-Za-z]+", doc.prose.text):
        src = doc.source_text(m.start(), m.end())
        assert src == m.group(), (m.group(), src)


def test_entity_does_not_derail_the_words_after_it(tmp_path, config):
    doc = load(tmp_path, config, "&#x41; then Apple and &amp; banana\\* end.\n")
    for word in ("then", "Apple", "banana", "end"):
        i = doc.prose.text.index(word)
        assert doc.source_text(i, i + len(word)) == word
        assert doc.prose_position(i, i + len(word))[1] == doc.text.index(word) + 1


def test_link_target_words_are_never_prose_and_never_aligned_to(tmp_path, config):
    doc = load(tmp_path, config, "[pricing](pricing) pricing page\n")
    assert doc.prose.text == "pricing pricing page"
    first, second = 0, doc.prose.text.index("pricing", 1)
    assert doc.prose_position(first, first + 7)[1] == 2
    assert doc.prose_position(second, second + 7)[1] == 20


def test_html_comments_are_collected_with_their_lines(tmp_path, config):
    doc = load(tmp_path, config, FRONT + "Text <!-- planner-disable hype -->\n\n<!-- planner-disable-file tone-drift -->\n")
    assert [line for line, _ in doc.comments] == [6, 8]
    assert "planner-disable hype" in doc.comments[0][1]


def test_comments_inside_code_are_not_collected(tmp_path, config):
    doc = load(tmp_path, config, "```\n<!-- planner-disable-file hype -->\n```\n")
    assert doc.comments == []


def test_blocks_know_their_lines_and_sections(tmp_path, config):
    doc = load(tmp_path, config, FRONT + BODY)
    kinds = [(b.kind, b.line) for b in doc.prose.blocks]
    assert kinds[:4] == [("title", 2), ("heading", 6), ("paragraph", 8), ("list_item", 10)]
    assert [s.heading for s in doc.prose.sections] == ["", "Getting started"]


STORED = "---\ntitle: Tea &amp; cake\n---\n# Plan \\*now\\*\n\nRead [the guide](https://x.io) &amp; `code`.\n\n<!-- planner-disable tone-drift -->\n\n| a | b |\n|---|---|\n| one | two |\n"


def test_a_stored_extract_reads_back_identical_to_parsing_again(tmp_path, config):
    import json
    from dataclasses import replace

    from planner.markdown import restored, stored

    d = load(tmp_path, config, STORED)
    prose, comments = restored(json.loads(json.dumps(stored(d.prose, d.comments))), d.text)
    # read back, the offsets are a compact array('q') (the engine keeps many such pages)
    assert prose.offsets.typecode == "q" and list(prose.offsets) == d.prose.offsets
    assert replace(prose, offsets=d.prose.offsets) == d.prose and comments == d.comments and d.comments


def test_a_malformed_stored_extract_is_refused(tmp_path, config):
    from planner.markdown import restored, stored

    d = load(tmp_path, config, STORED)
    saved = stored(d.prose, d.comments)
    assert restored({**saved, "runs": [[0, 10 ** 9]]}, d.text) is None  # past the end of the file
    assert restored({**saved, "runs": [[-5, 2]]}, d.text) is None
    assert restored({**saved, "blocks": [["paragraph", 5, 10 ** 9, 1, 0, 0]]}, d.text) is None
    assert restored({**saved, "comments": [["one", "x"]]}, d.text) is None
    assert restored({"runs": 1}, d.text) is None


def _quoted(text: str) -> str:
    from planner.markdown import extract

    prose, _ = extract(text, 0, 1)
    return prose.quote(0, len(prose.text), text)[0]


def test_a_quoted_sentence_takes_its_code_from_the_parsers_code_spans_not_a_link_targets_backticks():
    assert _quoted("Run `ls` and see [the docs](https://example.com/a`b`c) for more.\n") \
        == "Run `ls` and see the docs for more."


def test_a_quoted_sentence_keeps_a_code_span_over_two_lines_and_double_backtick_code():
    assert _quoted("A multi-line `code\nspan` here and ``a `tick` b`` there.\n") \
        == "A multi-line `code span` here and ``a `tick` b`` there."


def test_the_stored_extract_keeps_the_code_spans_and_refuses_malformed_ones():
    from planner.markdown import extract, restored, stored

    text = "Run `ls` now.\n"
    prose, comments = extract(text, 0, 1)
    assert prose.code == [(4, 8)]
    back, _ = restored(stored(prose, comments), text)
    assert back.quote(0, len(back.text), text)[0] == "Run `ls` now."
    data = stored(prose, comments)
    data["code"] = [[4, 99]]
    assert restored(data, text) is None
