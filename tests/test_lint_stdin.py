"""`planner lint -`: one document from standard input, for editors. With
`--stdin-filename PATH` it is PATH's unsaved buffer, judged with the rest of PATH's
estate; without, `<stdin>`, judged alone. Nothing is ever written for it."""
from __future__ import annotations

import hashlib
import json

import pytest

from planner.daemon import wire
from tests.conftest import doc
from tests.test_daemon import project  # noqa: F401  (the daemon fixture)

PAGE = "content/blog/post.md"
HYPE = "Our revolutionary, best-in-class platform is the most powerful ever built!!! Nothing comes close. Buy NOW!!!\n"


@pytest.fixture
def estate(repo):
    """Three pages; post.md is the one an editor has open."""
    repo.write(PAGE, doc("awareness", id="post", body="Planning habits that keep a team calm, week after week.\n"))
    repo.write("content/blog/other.md", doc("awareness", id="other", body="Why work slips, and what to do about it.\n"))
    repo.write("content/help/setup.md", doc("onboarding", id="setup", body="Open Settings and invite your team.\n"))
    return repo


def findings(result) -> list[dict]:
    return result.json()["findings"]


def snapshot(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- what is linted

def test_a_buffer_with_a_filename_gets_the_findings_that_file_gets_in_its_estate(estate, cli):
    text = (estate.root / PAGE).read_text(encoding="utf-8")
    whole = cli("lint", "-f", "json", "--no-cache")
    alone = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", PAGE, input=text)
    assert alone.exit_code == whole.exit_code
    assert findings(alone) == [f for f in findings(whole) if f["path"] == PAGE]
    assert alone.json()["summary"]["documents"] == 1
    assert [d["path"] for d in alone.json()["documents"]] == [PAGE]


def test_the_buffer_stands_in_for_the_file_on_disk(estate, cli):
    r = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", PAGE, input=doc(stage=None, id="post"))
    assert r.exit_code == 1
    assert {(f["path"], f["rule"]) for f in findings(r)} == {(PAGE, "tag-missing")}


def test_corpus_rules_see_the_rest_of_the_estate_from_disk(estate, cli):
    r = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", PAGE, input=doc("awareness", id="other"))
    dup = [f for f in findings(r) if f["rule"] == "duplicate-id"]
    assert [f["path"] for f in dup] == [PAGE] and "content/blog/other.md" in dup[0]["message"]
    assert r.exit_code == 1


def test_without_a_filename_the_document_is_stdin_and_judged_alone(estate, cli):
    r = cli("lint", "-f", "json", "--no-cache", "-", input=doc("awareness", id="other"))
    assert r.exit_code == 0, r.output
    assert [d["path"] for d in r.json()["documents"]] == ["<stdin>"]
    assert not [f for f in findings(r) if f["rule"] == "duplicate-id"]
    r = cli("lint", "--no-cache", "-", input=doc(stage=None))
    assert r.exit_code == 1 and r.output.startswith("<stdin>\n") and "tag-missing" in r.output


def test_stdin_filename_without_a_dash_reads_standard_input_as_ruff_does(estate, cli):
    r = cli("lint", "-f", "json", "--no-cache", "--stdin-filename", PAGE, input=doc(stage=None))
    assert {f["rule"] for f in findings(r)} == {"tag-missing"}


def test_a_file_not_saved_yet_is_linted_at_its_name_with_the_estate(estate, cli):
    r = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", "content/blog/draft.md",
            input=doc("awareness", id="setup"))
    assert [f["path"] for f in findings(r) if f["rule"] == "duplicate-id"] == ["content/blog/draft.md"]
    assert not (estate.root / "content/blog/draft.md").exists()


def test_a_file_outside_the_content_folders_is_still_judged_with_the_estate(estate, cli):
    r = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", "drafts/idea.md", input=doc("awareness", id="post"))
    assert [d["path"] for d in r.json()["documents"]] == ["drafts/idea.md"]
    assert [f["path"] for f in findings(r) if f["rule"] == "duplicate-id"] == ["drafts/idea.md"]


@pytest.mark.parametrize("spelling", ["./content/blog/post.md", "content/help/../blog/post.md", "absolute"])
def test_the_file_is_named_as_planner_lint_names_it_however_it_was_spelled(estate, cli, spelling):
    name = str(estate.root / PAGE) if spelling == "absolute" else spelling
    r = cli("lint", "--no-cache", "-", "--stdin-filename", name, input=doc(stage=None, id="post"))
    assert r.output.startswith(PAGE + "\n")


def test_suppressions_in_the_buffer_and_the_files_baseline_entries_apply(estate, cli):
    (estate.root / PAGE).write_text(doc(stage=None, id="post"), encoding="utf-8")
    assert cli("lint", "--no-cache", "--update-baseline", ".planner-baseline.json").exit_code == 0
    r = cli("lint", "--no-cache", "-", "--stdin-filename", PAGE, "--baseline", ".planner-baseline.json",
            input=doc(stage=None, id="post"))
    assert r.exit_code == 0 and "1 known finding hidden by the baseline" in r.output
    suppressed = doc("awarenes", id="other", body="<!-- planner-disable-file tag-unknown -- a draft -->\nWords.\n")
    r = cli("lint", "--no-cache", "-", "--stdin-filename", "content/blog/other.md", input=suppressed)
    assert r.exit_code == 0 and "suppressed inline" in r.output


# --------------------------------------------------------------------------- formats and exit codes

@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "junit", "markdown", "concise"])
def test_every_format_reports_the_buffer_at_its_filename(estate, cli, fmt):
    r = cli("lint", "-f", fmt, "--no-cache", "-", "--stdin-filename", PAGE, input=doc(stage=None, id="post"))
    assert r.exit_code == 1
    assert PAGE in r.output and "tag-missing" in r.output
    assert "other.md" not in r.output and "setup.md" not in r.output  # the estate is context, not the report


def test_exit_codes_are_those_of_files(estate, cli):
    clean = (estate.root / PAGE).read_text(encoding="utf-8")
    assert cli("lint", "--no-cache", "-", "--stdin-filename", PAGE, input=clean).exit_code == 0
    bad = doc(stage=None, id="post")
    assert cli("lint", "--no-cache", "-", "--stdin-filename", PAGE, input=bad).exit_code == 1
    assert cli("lint", "--no-cache", "--fail-on", "none", "-", "--stdin-filename", PAGE, input=bad).exit_code == 0
    hyped = doc("onboarding", id="post", body=HYPE * 3)
    warned = cli("lint", "--no-cache", "--fail-on", "warning", "-", "--stdin-filename", PAGE, input=hyped)
    assert warned.exit_code == 1 and "warning" in warned.output


@pytest.mark.parametrize("data", [b"", b"caf\xe9 not UTF-8\n", "---\ntitle: Wide\n---\nText.\n".encode("utf-16"),
                                  b"\x00\x01binary", b"x" * 5000, b"line\n" * 300],
                         ids=["empty", "latin-1", "utf-16", "binary", "over-max-bytes", "over-max-lines"])
def test_a_bad_buffer_gets_the_findings_a_file_with_those_bytes_gets(repo, cli, data):
    repo.config("content:\n  max_bytes: 4000\n  max_lines: 200\n")
    repo.write(PAGE, data)
    on_disk = cli("lint", "-f", "json", "--no-cache")
    repo.write(PAGE, doc("awareness"))  # the disk now holds something else
    buffered = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", PAGE, input=data)
    assert (buffered.exit_code, findings(buffered)) == (on_disk.exit_code, findings(on_disk))
    assert buffered.exit_code == 1


# --------------------------------------------------------------------------- nothing is written

def test_a_buffer_leaves_the_file_and_the_result_store_untouched(estate, cli):
    for _ in range(2):  # a warm store (the second run also remembers the estate's product names)
        assert cli("lint").exit_code == 0
    disk = (estate.root / PAGE).read_bytes()
    before = snapshot(estate.root / ".planner-cache")
    r = cli("lint", "-", "--stdin-filename", PAGE, input=doc(stage=None, id="post", body=HYPE))
    assert r.exit_code == 1 and "tag-missing" in r.output
    assert (estate.root / PAGE).read_bytes() == disk
    assert snapshot(estate.root / ".planner-cache") == before


def test_a_later_lint_of_the_file_gives_the_files_own_findings(estate, cli):
    cli("lint")
    assert cli("lint", "-", "--stdin-filename", PAGE, input=doc(stage=None, id="other")).exit_code == 1
    later = cli("lint", "-f", "json", PAGE)
    fresh = cli("lint", "-f", "json", "--no-cache", PAGE)
    assert later.exit_code == fresh.exit_code == 0
    assert findings(later) == findings(fresh) == []
    whole = cli("lint", "-f", "json")
    assert whole.exit_code == 0 and findings(whole) == findings(cli("lint", "-f", "json", "--no-cache"))


def test_a_buffer_as_saved_is_answered_from_the_store_and_an_edited_one_is_checked(estate, cli, monkeypatch):
    from planner.engine import executors

    checked: list[str] = []
    real = executors.check
    monkeypatch.setattr(executors, "check", lambda sources, config: checked.extend(s.relpath for s in sources)
                        or real(sources, config))
    cli("lint")
    checked.clear()
    saved = (estate.root / PAGE).read_text(encoding="utf-8")
    r = cli("lint", "-f", "json", "-", "--stdin-filename", PAGE, input=saved)
    assert checked == [] and findings(r) == findings(cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", PAGE,
                                                         input=saved))
    checked.clear()
    assert cli("lint", "-", "--stdin-filename", PAGE, input=saved + "One more line.\n").exit_code == 0
    assert checked == [PAGE]


# --------------------------------------------------------------------------- usage

@pytest.mark.parametrize("args, says", [
    (["-", PAGE], "linted on its own"),
    (["-", "-"], "linted on its own"),
    ([PAGE, "--stdin-filename", PAGE], "does not go with PATHs"),
    (["--changed", "-"], "--changed"),
    (["-", "--stdin-filename", PAGE, "--changed"], "--changed"),
    (["-", "--base", "main"], "--base"),
    (["-", "--update-baseline", "b.json"], "--update-baseline"),
    (["-", "--stdin-filename", "content"], "name the Markdown file"),
    (["-", "--stdin-filename", ""], "name the Markdown file"),
])
def test_a_dash_that_cannot_mean_one_buffer_is_a_usage_error(estate, cli, args, says):
    r = cli("lint", "--no-cache", *args, input=doc())
    assert r.exit_code == 2
    assert says in r.stderr


# --------------------------------------------------------------------------- the daemon

@pytest.mark.skipif(not wire.available(), reason="planner daemon needs Linux with fork")
def test_a_running_daemon_gives_the_same_output_for_a_buffer(project):  # noqa: F811
    project.start()
    page = "content/blog/five-planning-habits.md"
    buffer = (project.root / page).read_text(encoding="utf-8") + "\n" + HYPE
    for args in (["-", "--stdin-filename", page], ["-f", "json", "-", "--stdin-filename", page], ["-"]):
        # the same bytes, stdout, stderr and exit code; the second run was the daemon's
        before = project.served()
        alone = project.run("lint", *args, served=False, input=buffer)
        served = project.run("lint", *args, input=buffer)
        assert (served.stdout, served.stderr, served.returncode) == (alone.stdout, alone.stderr, alone.returncode)
        assert project.served() == before + 1, "the daemon did not answer"
        assert "warning" in alone.stdout and ("in 1 document\n" in alone.stdout or '"documents": 1,' in alone.stdout)
    assert json.loads(project.run("lint", "-f", "json", page).stdout)["findings"] == \
        json.loads(project.run("lint", "-f", "json", "--no-cache", page, served=False).stdout)["findings"]
