"""File names, folders and symlinks from the repository are untrusted input: a name that
is not UTF-8, a folder nobody can list or a link out of the repository is a finding on
its path, never an internal error, never silently dropped, never followed out.

The tests run as root in CI, where chmod cannot make a folder unreadable: the
permission error is simulated where the operating system would raise it, and the real
chmod case runs too when the tests are not root.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import REPO, doc

FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit", "markdown", "concise"]
BAD_NAME = os.fsdecode(b"bad-\xff.md")  # the byte 0xff, as Python keeps it: a lone surrogate
SECRET = "Quarterly acquisition targets for the board"


@pytest.fixture
def two_docs(repo):
    repo.write("content/ok.md", doc("onboarding", phase="buyer", title="Set up reports"))
    repo.write("content/blog/a.md", doc("awareness", title="Why plans slip"))
    return repo


def lint(cli, *args):
    r = cli("lint", "--fail-on", "none", *args)
    assert r.exit_code == 0, r.stderr
    return r


def findings(report: dict, path: str) -> list[dict]:
    return [f for f in report["findings"] if f["path"] == path]


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_is_a_finding_in_every_format(two_docs, cli, fmt):
    (two_docs.root / "content" / BAD_NAME).write_text(doc("awareness"), encoding="utf-8")
    for _ in range(2):  # a cold run, then one that reads the run store back
        r = lint(cli, "--format", fmt)
        assert "internal error" not in r.stderr and "\udcff" not in r.output
        # as JSON writes it (shown as \xff); a SARIF URI carries the byte itself, percent-encoded
        assert (r"bad-\xff.md" in r.output.replace("\\\\", "\\")) or (fmt == "sarif" and "bad-%FF.md" in r.output)
        assert "content/ok.md" in r.output or fmt in ("github", "gitlab", "concise")  # findings only


def test_a_file_name_that_is_not_utf8_names_the_byte_and_what_to_do(two_docs, cli):
    (two_docs.root / "content" / BAD_NAME).write_text(doc("awareness"), encoding="utf-8")
    report = lint(cli, "--format", "json").json()
    [f] = findings(report, r"content/bad-\xff.md")
    assert f["rule"] == "file-unreadable" and f["severity"] == "error"
    assert "0xff" in f["message"] and "rename" in f["message"]
    assert findings(report, "content/ok.md")  # the other files are still checked


@pytest.mark.parametrize("command", [["coverage"], ["plan"], ["tone"], ["coverage", "--format", "json"]])
def test_a_file_name_that_is_not_utf8_does_not_stop_the_other_commands(two_docs, cli, command):
    (two_docs.root / "content" / BAD_NAME).write_text(doc("awareness"), encoding="utf-8")
    r = cli(*command)
    assert r.exit_code in (0, 1), r.stderr
    assert "internal error" not in r.stderr


def test_planner_build_with_a_non_utf8_name_and_an_outside_link(repo, cli, tmp_path_factory):
    assert cli("init", ".").exit_code == 0
    (repo.root / "content" / BAD_NAME).write_text(doc("awareness"), encoding="utf-8")
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    secret.write_text(doc("awareness", title=SECRET, body=f"{SECRET} are in this file.\n"), encoding="utf-8")
    (repo.root / "content" / "leak.md").symlink_to(secret)
    r = cli("build")
    assert r.exit_code == 0, r.stderr
    pages = [p for p in (repo.root / "public").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")]
    assert pages and not [p for p in pages if SECRET in p.read_text(encoding="utf-8", errors="replace")]


# --------------------------------------------------------------------------- folders

def test_an_unreadable_folder_is_an_error_finding_at_its_path(two_docs, cli, monkeypatch):
    """Simulated: as root, mode 000 does not stop a listing."""
    blog = os.path.join("content", "blog")
    real = os.scandir

    def scandir(path="."):
        if os.path.normpath(os.fsdecode(path)).endswith(blog):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = cli("lint", "--format", "json")
    assert r.exit_code == 1, r.stderr  # the gate fails: documents are missing from the audit
    [f] = findings(r.json(), "content/blog")
    assert f["rule"] == "file-unreadable" and f["severity"] == "error"
    assert "Permission denied" in f["message"] and "folder" in f["message"] and "content.exclude" in f["message"]
    assert findings(r.json(), "content/ok.md")


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their mode; the simulated case covers it")
def test_a_folder_with_mode_000_is_an_error_finding(two_docs, cli):
    blog = two_docs.root / "content" / "blog"
    blog.chmod(0)
    try:
        r = cli("lint", "--format", "json")
    finally:
        blog.chmod(0o755)
    assert r.exit_code == 1
    [f] = findings(r.json(), "content/blog")
    assert f["rule"] == "file-unreadable"


def test_an_unreadable_excluded_folder_is_not_reported(two_docs, cli, monkeypatch):
    two_docs.config("content:\n  exclude: ['**/blog/**']\n")
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fsdecode(path)) == "blog":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = lint(cli, "--format", "json").json()
    assert [d["path"] for d in report["documents"]] == ["content/ok.md"]


# --------------------------------------------------------------------------- symlinks

@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder outside the repository, holding a private document."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "secret.md").write_text(doc("awareness", title=SECRET, body=f"{SECRET} live here.\n"), encoding="utf-8")
    (folder / "more").mkdir()
    (folder / "more" / "notes.md").write_text(doc("awareness", title=SECRET), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_link_out_of_the_repository_is_not_followed_and_says_so(two_docs, cli, outside, fmt):
    (two_docs.root / "content" / "x.md").symlink_to(outside / "secret.md")
    (two_docs.root / "content" / "ext").symlink_to(outside / "more")
    r = lint(cli, "--format", fmt)
    assert SECRET not in r.output
    if fmt == "json":
        report = r.json()
        for path in ("content/x.md", "content/ext"):
            [f] = findings(report, path)
            assert f["rule"] == "file-unreadable" and f["severity"] == "error"  # a document missing from the audit
            assert "outside the repository" in f["message"] and "content.follow_symlinks" in f["message"]
        assert "content/ext/notes.md" not in {d["path"] for d in report["documents"]}


def test_a_link_named_on_the_command_line_is_not_followed_out_either(two_docs, cli, outside):
    (two_docs.root / "content" / "x.md").symlink_to(outside / "secret.md")
    r = lint(cli, "--format", "json", "content/x.md")
    assert SECRET not in r.output
    [f] = findings(r.json(), "content/x.md")
    assert f["rule"] == "file-unreadable" and "outside the repository" in f["message"]


def test_links_inside_the_repository_are_followed_by_default(two_docs, cli):
    two_docs.write("shared/pricing.md", doc("decision", title="Pricing explained"))
    (two_docs.root / "content" / "pricing.md").symlink_to(two_docs.root / "shared" / "pricing.md")
    (two_docs.root / "content" / "latest").symlink_to("blog")  # a folder link to a folder already linted
    report = lint(cli, "--format", "json").json()
    paths = sorted(d["path"] for d in report["documents"])
    assert paths == ["content/blog/a.md", "content/ok.md", "content/pricing.md"]  # latest/a.md is blog/a.md
    assert not [f for f in report["findings"] if "symbolic link" in f["message"]]


def test_follow_symlinks_none_reports_every_link(two_docs, cli):
    two_docs.config("content:\n  follow_symlinks: none\n")
    two_docs.write("shared/pricing.md", doc("decision", title="Pricing explained"))
    (two_docs.root / "content" / "pricing.md").symlink_to(two_docs.root / "shared" / "pricing.md")
    report = lint(cli, "--format", "json").json()
    [f] = findings(report, "content/pricing.md")
    assert f["rule"] == "file-unreadable" and "follow_symlinks: none" in f["message"]
    assert "Pricing explained" not in json.dumps(report)


def test_follow_symlinks_all_follows_links_out_without_looping(two_docs, cli, outside):
    two_docs.config("content:\n  follow_symlinks: all\n")
    (two_docs.root / "content" / "x.md").symlink_to(outside / "secret.md")
    (two_docs.root / "content" / "ext").symlink_to(outside / "more")
    (outside / "more" / "back").symlink_to(outside / "more")  # a loop out there
    report = lint(cli, "--format", "json").json()
    paths = {d["path"] for d in report["documents"]}
    assert {"content/x.md", "content/ext/notes.md"} <= paths
    assert not any("back" in p for p in paths)
    assert not [f for f in report["findings"] if "symbolic link" in f["message"]]


def test_follow_symlinks_rejects_other_values(two_docs, cli):
    two_docs.config("content:\n  follow_symlinks: sometimes\n")
    r = cli("lint")
    assert r.exit_code == 2 and "content.follow_symlinks" in r.stderr and "inside" in r.stderr


def test_symlinks_are_documented(cli):
    r = cli("explain", "file-unreadable")
    assert r.exit_code == 0 and "follow_symlinks" in r.output
    assert "follow_symlinks" in (REPO / "planner" / "data" / "config" / "content.yml").read_text()
