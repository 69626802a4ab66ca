"""`planner build` never deletes a user's files, and a malformed mkdocs.yml is a clear
configuration error (exit 2, the file and line), never a traceback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.site.sitedir import MARKER


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` except the build output and the cache."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith((".planner-cache/", "public/"))}


@pytest.fixture
def initialised(repo, cli):
    """A repository made by `planner init`, with a hand-written page of the user's."""
    assert cli("init", ".").exit_code == 0
    repo.write("site/about.md", "# mine\n")
    return repo


def _one_line_error(r, *needles: str) -> None:
    assert r.exit_code == 2, (r.output, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("planner: error: "), r.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


# --------------------------------------------------------------------------- the site folder

def test_build_refuses_a_site_dir_left_to_mkdocs_default_that_is_the_docs_dir(initialised, cli):
    """`planner init` writes docs_dir: site; without site_dir, MkDocs' default is `site` too."""
    mk = initialised.root / "mkdocs.yml"
    mk.write_text("".join(l for l in mk.read_text().splitlines(True) if not l.startswith("site_dir:")))
    before = _files(initialised.root)
    r = cli("build")
    _one_line_error(r, "site_dir", "MkDocs' default", "docs_dir", "site_dir: public")
    assert _files(initialised.root) == before
    assert (initialised.root / "site" / "about.md").read_text() == "# mine\n"


@pytest.mark.parametrize("target, says", [
    ("site", "is docs_dir"),
    ("site/built", "is inside docs_dir"),
    ("content", "is the content folder"),
    ("content/built", "is inside the content folder"),
    (".", "is the repository folder"),
    ("..", "holds the repository folder"),
    (".planner-cache/site", "overlap"),
    (".planner-cache/site/site", "overlap"),
])
def test_build_refuses_a_site_folder_that_is_holds_or_sits_in_what_it_reads(initialised, cli, target, says):
    before = _files(initialised.root)
    r = cli("build", "-d", target)
    _one_line_error(r, "--site-dir", says)
    assert _files(initialised.root) == before


def test_build_never_empties_a_folder_it_did_not_build(initialised, cli):
    notes = initialised.write("notes/important.txt", "keep\n").parent
    r = cli("build", "-d", "notes")
    _one_line_error(r, str(notes.resolve()), "important.txt", "Choose another folder", "empty it yourself")
    assert (notes / "important.txt").read_text() == "keep\n"


def test_build_rebuilds_its_own_site_and_one_an_earlier_version_built(initialised, cli):
    public = initialised.root / "public"
    assert cli("build").exit_code == 0
    assert (public / MARKER).is_file() and (public / "index.html").is_file()
    (public / ".git").mkdir()  # a deploy checkout: hidden entries stay, as MkDocs keeps them
    (public / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    assert cli("build").exit_code == 0
    assert (public / ".git" / "HEAD").is_file()
    (public / MARKER).unlink()  # built before the marker existed: a MkDocs site, no Markdown
    assert cli("build").exit_code == 0 and (public / MARKER).is_file()
    (public / MARKER).unlink()
    (public / "draft.md").write_text("# a source, not a built page\n")
    _one_line_error(cli("build"), "public", "draft.md")
    assert (public / "draft.md").is_file()


def test_build_into_a_missing_or_hidden_only_folder_marks_it(initialised, cli):
    (initialised.root / "fresh").mkdir()
    (initialised.root / "fresh" / ".keep").write_text("")
    assert cli("build", "-d", "fresh").exit_code == 0
    assert (initialised.root / "fresh" / MARKER).is_file() and (initialised.root / "fresh" / ".keep").is_file()
    assert cli("build", "-d", "new/deeper").exit_code == 0
    assert (initialised.root / "new" / "deeper" / MARKER).is_file()


def test_a_marker_that_is_a_link_or_holds_other_text_does_not_count(tmp_path):
    from planner.site.sitedir import SiteDirError, check_clearable

    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine")
    (site / MARKER).write_text("something else\n")
    with pytest.raises(SiteDirError):
        check_clearable(site, "site_dir")
    (site / MARKER).unlink()
    (tmp_path / "elsewhere").write_text("planner audit site: forged\n")
    (site / MARKER).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SiteDirError):
        check_clearable(site, "site_dir")


def test_the_zensical_swap_keeps_the_old_folders_hidden_entries(tmp_path):
    from planner.site.build import replace_dir

    new, target = tmp_path / "new", tmp_path / "public"
    new.mkdir()
    (new / "index.html").write_text("new")
    (target / ".git").mkdir(parents=True)
    (target / "old.html").write_text("old")
    replace_dir(new, target)
    assert (target / "index.html").read_text() == "new" and (target / ".git").is_dir()
    assert not (target / "old.html").exists()


def test_a_build_folder_inside_the_content_is_refused_before_anything_is_written(initialised, cli):
    r = cli("build", "--pages-only", "--build-dir", "content/pages")
    _one_line_error(r, "build folder", "content")
    assert not (initialised.root / "content" / "pages").exists()


# --------------------------------------------------------------------------- a malformed mkdocs.yml

@pytest.mark.parametrize("text, says", [
    ("plugins: 5\n", ":2: plugins: expected a list of plugin names"),
    ("plugins: [5]\n", ":2: plugins: expected each plugin a name"),
    ("plugins: [{planner: 5}]\n", ":2: plugins: expected the options of plugin 'planner' to be a mapping"),
    ("plugins: [{planner: {paths: content}}]\n", "plugins: planner: paths"),
    ("plugins: [{planner: {group_size: many}}]\n", "plugins: planner: group_size"),
    ("theme: material\ntheme: 5\n", ":3: theme: expected a theme name or a mapping"),
    ("theme: [material]\n", ":2: theme: expected a theme name"),
    ("theme: {name: 5}\n", ":2: theme: expected theme.name to be a string"),
    ("nav: 5\n", ":2: nav: expected a list"),
    ("nav: {Home: index.md}\n", ":2: nav: expected a list, found a mapping"),
    ("markdown_extensions: 5\n", ":2: markdown_extensions: expected a list of extension names"),
    ("markdown_extensions: [toc: 5]\n", "the options of extension 'toc' to be a mapping"),
    ("extra: [1, 2]\n", ":2: extra: expected a mapping, found a list"),
    ("extra_css: style.css\n", ":2: extra_css: expected a list"),
    ("site_dir: [public]\n", ":2: site_dir: expected a string"),
    ("site_dir: !relative\n", ":2: site_dir: expected a string, found a !relative tag"),
    ("use_directory_urls: maybe\n", ":2: use_directory_urls: expected true or false"),
    ("nav: [\n", "invalid YAML"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("INHERIT: mkdocs.yml\n", "INHERIT: mkdocs.yml inherits back into itself"),
    ("INHERIT: missing.yml\n", "INHERIT:"),
])
def test_a_malformed_mkdocs_yml_is_a_configuration_error_naming_file_line_and_key(repo, cli, text, says):
    repo.write("mkdocs.yml", "site_name: x\n" + text)
    _one_line_error(cli("build"), "mkdocs.yml", says)


@pytest.mark.parametrize("text", ["- site_name: x\n", "5\n", "just words\n"])
def test_a_mkdocs_yml_that_is_not_a_mapping_is_a_configuration_error(repo, cli, text):
    repo.write("mkdocs.yml", text)
    _one_line_error(cli("build"), "mkdocs.yml", "expected a mapping of settings")


def test_a_mkdocs_yml_that_is_a_folder_or_a_link_loop_is_named_not_skipped(repo, cli, tmp_path):
    (repo.root / "mkdocs.yml").mkdir()
    _one_line_error(cli("build"), "mkdocs.yml", "is a folder")
    (repo.root / "mkdocs.yml").rmdir()
    os.symlink("mkdocs.yml", repo.root / "mkdocs.yml")
    _one_line_error(cli("build"), "mkdocs.yml", "link loop")


def test_env_tags_inherit_and_the_mapping_form_are_read_as_mkdocs_reads_them(repo, monkeypatch):
    from planner.site.build import folder_config
    from planner.site.mkconfig import extension_names, load

    monkeypatch.setenv("PLANNER_TEST_SITE", "out")
    repo.write("base.yml", "site_name: base\ndocs_dir: site\ntheme: {name: material, font: false}\n"
                           "markdown_extensions: {toc: {permalink: true}, tables: null}\n")
    repo.write("mkdocs.yml", "INHERIT: base.yml\nsite_dir: !ENV [PLANNER_TEST_SITE, public]\n"
                             "use_directory_urls: !ENV [PLANNER_TEST_UNSET, false]\ntheme: {font: true}\n"
                             "extra: {logo: !relative $config_dir/img/logo.png}\n")
    mk = load(repo.root / "mkdocs.yml")
    assert mk["site_dir"] == "out" and mk["use_directory_urls"] is False and mk["docs_dir"] == "site"
    assert mk["theme"] == {"name": "material", "font": True} and "INHERIT" not in mk
    assert extension_names(mk["markdown_extensions"]) == ["toc", "tables"]

    class Sources:
        nav, omitted_from_nav = [], []

    cfg = folder_config(mk, repo.root, Sources(), {"nav": False})
    assert {"toc": {"permalink": True}} in cfg["markdown_extensions"]  # options kept, not just the names
    assert cfg["extra"]["logo"] == str(repo.root / "img" / "logo.png")  # the build folder is elsewhere


def test_an_inherited_site_dir_is_checked_like_a_written_one(repo, cli):
    assert cli("init", ".").exit_code == 0
    repo.write("base.yml", "site_name: base\nsite_dir: site\n")
    repo.write("mkdocs.yml", "INHERIT: base.yml\ndocs_dir: site\n")
    _one_line_error(cli("build"), "site_dir", "is docs_dir")
    assert (repo.root / "site" / "index.md").is_file()


def test_build_refuses_plugin_paths_outside_the_repository(initialised, cli):
    """mkdocs.yml comes from the repository, like planner.yml: its folders must lie in it."""
    mk = initialised.root / "mkdocs.yml"
    text = mk.read_text(encoding="utf-8")
    assert "      paths: [content]\n" in text
    mk.write_text(text.replace("      paths: [content]\n", "      paths: [/etc]\n", 1), encoding="utf-8")
    _one_line_error(cli("build"), "outside the repository", "/etc")
