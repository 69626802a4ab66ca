"""`--force-exclude` (and `content.force_exclude`): file names an editor or a pre-commit
hook passes are checked only when the configuration makes them content, as ruff's
`--force-exclude`; without it a file named is always checked."""
from __future__ import annotations

from tests.conftest import doc

NOT_CONTENT = ("README.md", "docs/guide.md", "content/README.md", "content/drafts/old.md")


def _estate(repo):
    repo.config("""\
        content:
          paths: [content]
          exclude: ["**/README.md", "drafts/**"]
        """)
    repo.write("content/blog/post.md", doc("awareness", id="post"))
    for rel in NOT_CONTENT:
        repo.write(rel, "# not a page\n")  # no front matter: a tag-missing error if linted


def test_a_file_named_on_the_command_line_is_linted_even_if_excluded_without_force_exclude(repo, cli):
    _estate(repo)
    r = cli("lint", "-f", "json", "--no-cache", *NOT_CONTENT)
    assert r.exit_code == 1
    assert sorted(d["path"] for d in r.json()["documents"]) == sorted(NOT_CONTENT)


def test_force_exclude_skips_named_files_the_configuration_leaves_out(repo, cli):
    _estate(repo)
    r = cli("lint", "-f", "json", "--no-cache", "--force-exclude", "content/blog/post.md", *NOT_CONTENT)
    assert r.exit_code == 0, r.output + r.stderr
    assert [d["path"] for d in r.json()["documents"]] == ["content/blog/post.md"]
    assert r.stderr == ""


def test_force_exclude_with_only_excluded_files_is_exit_0_and_says_so_once(repo, cli):
    _estate(repo)
    r = cli("lint", "--no-cache", "--force-exclude", *NOT_CONTENT)
    assert r.exit_code == 0
    assert "0 documents" in r.output
    assert r.stderr.count("\n") == 1 and "--force-exclude" in r.stderr


def test_content_force_exclude_in_the_config_is_the_default_and_the_flag_overrides_it(repo, cli):
    _estate(repo)
    repo.config("""\
        content:
          exclude: ["**/README.md"]
          force_exclude: true
        """)
    assert cli("lint", "--no-cache", "README.md").exit_code == 0
    assert cli("lint", "--no-cache", "--no-force-exclude", "README.md").exit_code == 1


def test_force_exclude_filters_the_files_of_a_folder_named(repo, cli):
    _estate(repo)
    r = cli("lint", "-f", "json", "--no-cache", "--force-exclude", "content")
    assert [d["path"] for d in r.json()["documents"]] == ["content/blog/post.md"]


def test_an_excluded_stdin_filename_with_force_exclude_reports_nothing_and_exits_0(repo, cli):
    _estate(repo)
    for name in ("README.md", "docs/guide.md", "docs/new-page.md"):
        r = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", name, "--force-exclude",
                input="# no front matter\n")
        assert r.exit_code == 0, (name, r.output, r.stderr)
        assert r.json()["documents"] == [] and r.json()["findings"] == []
        assert r.stderr == ""  # an editor lints every buffer: nothing to say about one that is not content
    r = cli("lint", "-f", "json", "--no-cache", "-", "--stdin-filename", "content/blog/post.md", "--force-exclude",
            input="# no front matter\n")
    assert r.exit_code == 1 and {f["rule"] for f in r.json()["findings"]} == {"tag-missing"}
