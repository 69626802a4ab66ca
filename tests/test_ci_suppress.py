"""Inline suppressions: every form of the grammar (docs/ci.md), reasons, unused and unknown."""
from __future__ import annotations

from tests.conftest import doc


def _lint(cli):
    r = cli("lint", "--format", "json", "--no-cache", "--fail-on", "none")
    return r.json()["findings"]


def _audit():
    from pathlib import Path

    from planner.config import load_config
    from planner import engine

    return engine.audit([Path("content")], load_config(Path.cwd()))


BAD_ROLE = doc(stage="awareness", roles=["champoin"])


def test_disable_file_suppresses_with_reason(repo, cli):
    repo.write("content/a.md", BAD_ROLE + "\n<!-- planner-disable-file tag-unknown -- legacy role, migrating in Q3 -->\n")
    assert [f for f in _lint(cli) if f["rule"] == "tag-unknown"] == []
    audit = _audit()
    assert [f.rule for f in audit.suppressed] == ["tag-unknown"]
    s = audit.documents[0].suppressions[0]
    assert (s.kind, s.rules, s.reason, s.used) == ("disable-file", ["tag-unknown"], "legacy role, migrating in Q3", True)


def test_disable_next_line_covers_only_the_next_line(repo, cli):
    body = "<!-- planner-disable-next-line tag-unknown -->\nText.\n"
    text = "---\ntitle: T\nstage: awareness\n---\n" + body
    repo.write("content/a.md", text)
    # a finding on line 3 (front matter) is not on the next line of the comment (line 5)
    repo.write("content/b.md", "---\ntitle: T\nstage: awarenes\n---\n<!-- planner-disable-next-line tag-unknown -->\n\nText.\n")
    findings = _lint(cli)
    assert any(f["rule"] == "tag-unknown" and f["path"] == "content/b.md" for f in findings)
    unused = [f for f in findings if f["rule"] == "unused-suppression"]
    assert {f["path"] for f in unused} == {"content/a.md", "content/b.md"}


def test_disable_next_line_suppresses_a_finding_on_that_line():
    from planner.model import Document, Finding, LineIndex
    from planner.suppress import covers, parse

    d = Document(path=None, relpath="a.md", text="x\n" * 10, comments=[(4, "<!-- planner-disable-next-line hype, self-centred -- quote -->")])
    d.lines = LineIndex(d.text)
    sups, problems = parse(d, {"hype", "self-centred"})
    assert problems == [] and sups[0].rules == ["hype", "self-centred"] and sups[0].reason == "quote"
    hit = Finding(path="a.md", rule="hype", severity="warning", message="m", line=5)
    miss = Finding(path="a.md", rule="hype", severity="warning", message="m", line=6)
    other = Finding(path="a.md", rule="readability", severity="warning", message="m", line=5)
    assert covers(sups[0], hit) and not covers(sups[0], miss) and not covers(sups[0], other)


def test_disable_enable_range(tmp_path):
    from planner.model import Document, Finding, LineIndex
    from planner.suppress import covers, parse

    d = Document(path=None, relpath="a.md", text="x\n" * 30,
                 comments=[(5, "<!-- planner-disable hype -- launch copy -->"), (10, "<!-- planner-enable hype -->"),
                           (20, "<!-- planner-disable -->")])
    d.lines = LineIndex(d.text)
    sups, _ = parse(d, {"hype"})
    rng, everything = sups
    f = lambda line, rule="hype": Finding(path="a.md", rule=rule, severity="warning", message="m", line=line)
    assert covers(rng, f(7)) and not covers(rng, f(12)) and not covers(rng, f(4))
    assert rng.reason == "launch copy" and everything.rules == []
    assert covers(everything, f(25, "readability")) and not covers(everything, f(19))


def test_disable_range_in_a_real_file(repo, cli):
    repo.write("content/a.md", "<!-- planner-disable tag-missing, front-matter-invalid -- imported page -->\n\nText.\n\n<!-- planner-enable tag-missing -->\n")
    findings = _lint(cli)
    assert not [f for f in findings if f["rule"] == "tag-missing" and f["line"] <= 5]


def test_unknown_rule_in_a_suppression_is_reported_with_a_suggestion(repo, cli):
    repo.write("content/a.md", doc(stage="awareness") + "\n<!-- planner-disable-file tag-unknwn -->\n")
    bad = [f for f in _lint(cli) if f["rule"] == "suppression-invalid"]
    assert bad and "did you mean 'tag-unknown'" in bad[0]["message"]


def test_unused_suppression_can_be_turned_off(repo, cli):
    repo.write("content/a.md", doc(stage="awareness") + "\n<!-- planner-disable-file tag-unknown -->\n")
    assert [f["rule"] for f in _lint(cli)].count("unused-suppression") == 1
    repo.config("rules:\n  unused-suppression: \"off\"\n")
    assert "unused-suppression" not in [f["rule"] for f in _lint(cli)]


def test_comments_inside_code_are_not_suppressions(repo, cli):
    repo.write("content/a.md", BAD_ROLE + "\n```html\n<!-- planner-disable-file tag-unknown -->\n```\n")
    assert any(f["rule"] == "tag-unknown" for f in _lint(cli))


def test_unused_next_line_suppression_of_a_front_matter_finding_points_to_disable_file(repo, cli):
    """A comment cannot sit in the front matter: the unused one says what to write instead."""
    repo.write("content/b.md", "---\ntitle: T\nstage: awarenes\n---\n<!-- planner-disable-next-line tag-unknown -->\n\nText.\n")
    unused = [f for f in _lint(cli) if f["rule"] == "unused-suppression"]
    assert len(unused) == 1
    assert "line 3, in the front matter" in unused[0]["message"]
    assert "planner-disable-file tag-unknown" in unused[0]["message"]
    repo.write("content/b.md", "---\ntitle: T\nstage: awarenes\n---\n<!-- planner-disable-file tag-unknown -- old tag -->\n\nText.\n")
    assert [f for f in _lint(cli) if f["rule"] in ("tag-unknown", "unused-suppression")] == []
