"""Front matter: every python-frontmatter pitfall (docs/tagging.md) is handled on purpose.

Each test loads one file the way `planner lint` does and checks what a writer would
see: the tags that were read, and the finding (rule, line, advice) when there is one.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from planner.config import default_config
from planner.discovery import discover
from planner.loader import load_document


@pytest.fixture(scope="module")
def config():
    return default_config()


def load(tmp_path: Path, config, content: str | bytes, name: str = "a.md"):
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_document(p, config, tmp_path)


def problems(doc) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in doc.problems]


def test_plain_front_matter_is_read_with_key_lines(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: Hello\nstage: onboarding\nroles: [end-user]\n---\nBody.\n")
    assert doc.meta == {"title": "Hello", "stage": "onboarding", "roles": ["end-user"]}
    assert doc.meta_lines == {"title": 2, "stage": 3, "roles": 4}
    assert doc.tags.phase == "customer" and doc.tags.phase_implied
    assert doc.body_line == 6 and doc.problems == []


def test_bom_does_not_hide_the_front_matter(tmp_path, config):
    doc = load(tmp_path, config, "\ufeff---\ntitle: Hello\nstage: awareness\n---\nBody.\n")
    assert doc.tags.stage == "awareness" and doc.tags.title == "Hello"
    assert doc.problems == []


def test_front_matter_that_is_a_list_is_a_finding_not_silently_dropped(tmp_path, config):
    doc = load(tmp_path, config, "---\n- awareness\n- end-user\n---\nBody.\n")
    assert problems(doc) == [("front-matter-invalid", 2)]
    assert "a list" in doc.problems[0].message and "key: value" in doc.problems[0].message


def test_front_matter_that_is_a_scalar_is_a_finding(tmp_path, config):
    doc = load(tmp_path, config, "---\nstage awareness\n---\nBody.\n")
    assert problems(doc) == [("front-matter-invalid", 2)]
    assert "single value" in doc.problems[0].message


def test_body_opening_with_a_thematic_break_is_not_taken_for_front_matter(tmp_path, config):
    doc = load(tmp_path, config, "---\n\nIntro paragraph.\n\n---\n\nMore text.\n")
    assert doc.problems == [] and doc.meta == {}
    assert "Intro paragraph." in doc.prose.text and "More text." in doc.prose.text


def test_thematic_break_with_a_colon_in_the_text_is_still_body(tmp_path, config):
    doc = load(tmp_path, config, "---\n\nNote: read this first.\n\n---\n\nMore.\n")
    assert doc.meta == {} and doc.problems == []
    assert doc.prose.text.startswith("Note: read this first.")


def test_single_thematic_break_at_the_top_is_not_unclosed_front_matter(tmp_path, config):
    doc = load(tmp_path, config, "---\n\nBody after a rule.\n")
    assert doc.problems == [] and doc.prose.text == "Body after a rule."


def test_front_matter_starting_with_a_blank_line_but_naming_our_keys_is_front_matter(tmp_path, config):
    doc = load(tmp_path, config, "---\n\ntitle: T\nstage: adoption\n---\nBody.\n")
    assert doc.tags.stage == "adoption" and doc.problems == []


def test_unclosed_front_matter_is_reported_and_its_tags_recovered(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: T\nstage: awareness\n\nBody text.\n")
    assert problems(doc) == [("front-matter-invalid", 1)]
    assert "never closed" in doc.problems[0].message
    assert doc.tags.stage == "awareness"
    assert doc.prose.text == "T\n\nBody text."  # the key lines are not read as prose


def test_duplicate_keys_are_reported_on_the_second_line(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: T\nstage: awareness\nstage: decision\n---\nBody.\n")
    assert problems(doc) == [("front-matter-invalid", 4)]
    assert "duplicate key 'stage'" in doc.problems[0].message


@pytest.mark.parametrize("value", ["2026-05-01", "2026-05-01T10:00:00Z", "'2026-05-01'"])
def test_unquoted_dates_become_plain_data(tmp_path, config, value):
    import datetime as dt
    import json

    doc = load(tmp_path, config, f"---\ntitle: T\nstage: awareness\nreviewed: {value}\n---\nBody.\n")
    assert doc.tags.reviewed == dt.date(2026, 5, 1)
    json.dumps(doc.meta)  # JSON-serialisable: no date objects leak out
    assert doc.problems == []


def test_yaml_1_1_booleans_and_octals_are_kept_as_typed(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: no\nstage: awareness\nid: 010\ncta: yes\n---\nBody.\n")
    assert doc.tags.title == "no" and doc.tags.id == "010" and doc.tags.cta == "yes"


def test_stage_no_is_an_unknown_stage_not_false(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: T\nstage: no\n---\nBody.\n")
    assert doc.tags.stage == "no"


def test_alias_bomb_is_rejected_quickly(tmp_path, config):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "---\n" + "\n".join(lines) + "\n---\nBody.\n"
    start = time.perf_counter()
    doc = load(tmp_path, config, text)
    elapsed = time.perf_counter() - start
    assert problems(doc) == [("front-matter-invalid", 2)]
    assert "anchors and aliases" in doc.problems[0].message
    assert elapsed < 5  # generous; the benchmark figure is well under a millisecond


def test_non_utf8_bytes_are_file_unreadable_with_line_and_column(tmp_path, config):
    doc = load(tmp_path, config, b"---\ntitle: T\nstage: awareness\n---\ncaf\xe9 ok\n")
    assert [(f.rule, f.line, f.column) for f in doc.problems] == [("file-unreadable", 5, 4)]
    assert "UTF-8" in doc.problems[0].message and "re-save" in doc.problems[0].message
    assert doc.tags is None


def test_malformed_yaml_points_at_the_construct(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: T\nstage: [awareness\n---\nBody.\n")
    assert problems(doc) == [("front-matter-invalid", 3)]
    assert "not valid YAML" in doc.problems[0].message


def test_toml_front_matter_is_reported(tmp_path, config):
    doc = load(tmp_path, config, "+++\ntitle = 'T'\n+++\nBody.\n")
    assert problems(doc) == [("front-matter-invalid", 1)]
    assert "TOML" in doc.problems[0].message


def test_explicit_yaml_tags_never_construct_objects(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: !!python/object/apply:os.system [echo hi]\nstage: awareness\n---\nB.\n")
    # safe composer only: the value is plain data (or a type problem), never a call
    assert not any(callable(v) for v in doc.meta.values())


@pytest.mark.parametrize("fm, field, fragment", [
    ("title: [a, b]\nstage: awareness", "title", "must be text"),
    ("title: T\nstage: awareness\nreviewed: yesterday", "reviewed", "expected a date"),
    ("title: T\nstage: awareness\nroles: [[a]]", "roles", "list of role names"),
])
def test_wrong_types_are_reported_on_their_line(tmp_path, config, fm, field, fragment):
    doc = load(tmp_path, config, f"---\n{fm}\n---\nBody.\n")
    assert [f.rule for f in doc.problems] == ["front-matter-invalid"]
    assert doc.problems[0].line == doc.meta_lines[field]
    assert fragment in doc.problems[0].message


def test_roles_as_a_single_string_is_read_but_warned(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: T\nstage: awareness\nroles: end-user\n---\nBody.\n")
    assert doc.tags.roles == ["end-user"]
    assert [(f.rule, f.severity, f.line) for f in doc.problems] == [("front-matter-invalid", "warning", 4)]


def test_aliases_resolve_onto_the_taxonomy(tmp_path, config):
    doc = load(tmp_path, config, "---\ntitle: T\nstage: bofu\nroles: [decision-maker]\n---\nBody.\n")
    assert doc.tags.stage == "decision" and doc.tags.roles == ["economic-buyer"] and doc.tags.phase == "buyer"


def test_missing_id_defaults_to_the_path(tmp_path, config):
    (tmp_path / "sub").mkdir()
    doc = load(tmp_path, config, "---\ntitle: T\nstage: awareness\n---\nB.\n", name="sub/page.md")
    assert doc.tags.id == "sub/page"


def test_discovery_takes_md_and_markdown_and_skips_excluded(tmp_path, config):
    for rel in ("a.md", "b.markdown", "c.txt", "README.md", "node_modules/x.md", "d/e.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    files, missing = discover([tmp_path], config)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.md", "b.markdown", "d/e.md"]
    assert missing == []
