"""`planner lint --changed [--base REF]` against a temporary git repository."""
from __future__ import annotations

import subprocess

import pytest

from tests.conftest import doc


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def gitrepo(repo):
    repo.write("content/old-bad.md", doc(stage=None))
    repo.write("content/ok.md", doc(stage="awareness"))
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "add", ".")
    git(repo.root, "commit", "-qm", "start")
    git(repo.root, "checkout", "-qb", "feature")
    return repo


def test_changed_lints_only_changed_files(gitrepo, cli):
    gitrepo.write("content/ok.md", doc(stage="awarenes"))          # modified, committed below
    gitrepo.write("content/new.md", doc(stage=None))               # untracked
    git(gitrepo.root, "commit", "-qam", "edit")
    r = cli("lint", "--changed", "--base", "main", "-f", "json", "--no-cache")
    paths = {f["path"] for f in r.json()["findings"]}
    assert paths == {"content/ok.md", "content/new.md"}
    assert r.exit_code == 1
    # corpus rules still see every document
    assert r.json()["summary"]["documents"] == 3


def test_changed_with_nothing_changed_passes(gitrepo, cli):
    r = cli("lint", "--changed", "--base", "main", "--no-cache")
    assert r.exit_code == 0 and "no changed content files" in r.stderr


def test_changed_with_an_unknown_ref_is_a_usage_error(gitrepo, cli):
    r = cli("lint", "--changed", "--base", "no-such-branch", "--no-cache")
    assert r.exit_code == 2 and "unknown git ref" in r.stderr


def test_changed_outside_a_repository_is_a_usage_error(repo, cli):
    repo.write("content/a.md", doc())
    r = cli("lint", "--changed", "--no-cache")
    assert r.exit_code == 2 and "git" in r.stderr


def test_changed_before_the_first_commit_treats_every_staged_file_as_changed(repo, cli):
    """The pre-commit hook `planner init` writes runs `--base HEAD` on the first commit too."""
    repo.write("content/bad.md", doc(stage=None))
    repo.write("content/ok.md", doc(stage="awareness"))
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "add", "content/bad.md")
    r = cli("lint", "--changed", "--base", "HEAD", "-f", "json", "--no-cache")
    assert r.exit_code == 1, r.stderr
    assert {f["path"] for f in r.json()["findings"]} == {"content/bad.md"}


def test_changed_against_a_branch_before_the_first_commit_says_there_are_no_commits(repo, cli):
    repo.write("content/a.md", doc())
    git(repo.root, "init", "-q", "-b", "main")
    r = cli("lint", "--changed", "--base", "main", "--no-cache")
    assert r.exit_code == 2 and "no commits yet" in r.stderr
