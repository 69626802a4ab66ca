"""The audit site: generated pages, links, escaping, `planner build`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planner.rules import registry
from planner.site.html import Links, esc, highlight
from tests.site_support import REPO, build_site, make_estate


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_estate(tmp_path_factory.mktemp("estate"))
    return build_site(root)


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_build_writes_the_audit_pages_and_nothing_into_the_docs_folder(site):
    root = site.parent
    handwritten = sorted(p.name for p in (REPO / "site").iterdir())
    assert sorted(p.name for p in (root / "site").iterdir()) == handwritten
    for url in ("", "plan", "findings", "coverage", "coverage/role", "coverage/topic", "stages/onboarding",
                "documents", "documents/pricing/loyalty-discount", "rules", "guide/tagging", "suppressions", "about"):
        assert (site / url / "index.html").is_file(), url
    for rule_id in registry():
        assert (site / "rules" / rule_id / "index.html").is_file(), rule_id


def test_dashboard_shows_key_figures_with_bands(site):
    html = read(site, "")
    labels = re.findall(r'pl-figure__label">([^<]+)<', html)
    assert {"documents", "validly tagged", "errors · warnings", "stale"} <= set(labels)
    assert re.search(r'pl-figure pl-figure--(ok|warn|bad|neutral)" href="documents/"><span class="pl-figure__value">51<', html)


def test_every_internal_link_in_generated_pages_resolves(site):
    missing = []
    for page in [site / "index.html", site / "findings/index.html", *site.glob("coverage/**/index.html"), *site.glob("documents/pricing/*/index.html")]:
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a href="([^"#:]*)(?:#([^"]*))?"', html):
            target = (page.parent / href[0]).resolve()
            target = target / "index.html" if target.is_dir() else target
            if not target.is_file():
                missing.append((str(page.relative_to(site)), href[0]))
            elif href[1] and f'id="{href[1]}"' not in target.read_text(encoding="utf-8"):
                missing.append((str(page.relative_to(site)), "#".join(href)))
    assert not missing, missing[:10]


def test_document_page_quotes_findings_with_line_why_and_fix(site):
    html = read(site, "documents/pricing/loyalty-discount")
    assert "phase-mismatch" in html and "line 3" in html
    assert '<mark class="pl-mark">' in html  # the finding's highlighted evidence
    assert "Why it matters:" in html and "What to do:" in html
    assert "pl-mark--customer" in html  # journey evidence highlighted by phase
    assert "reading ease" in html


def test_rule_page_carries_the_planner_explain_text(site, cli):
    text = cli("explain", "phase-mismatch").output
    html = read(site, "rules/phase-mismatch")
    first_paragraph = text.split("\n\n")[1].strip()
    assert first_paragraph in html
    for heading in ("What it does", "Why it matters", "Example", "Options"):
        assert f">{heading}</h2>" in html


def test_injected_title_and_links_render_as_inert_text(site):
    evil = read(site, "documents/blog/evil-injection")
    assert "<script>alert(1)" not in evil and "<script>window.__pwned" not in evil
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    assert 'href="javascript:' not in evil.lower()
    assert "&#123;&#123; config.site&#95;name &#125;&#125;" in evil  # the topic tag, shown literally
    assert "{{" not in evil.split('class="planner"', 1)[1]
    assert "root:x:0" not in evil  # no snippet inclusion
    for page in [site / "index.html", site / "documents/index.html", site / "search/search_index.json"]:
        if page.exists():
            body = page.read_text(encoding="utf-8")
            assert "<script>alert(1)" not in body and "javascript:alert" not in body.replace("javascript:alert(1))", "")


def test_search_index_holds_escaped_titles(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"]]
    assert any("A thank-you discount on your renewal" in t for t in titles)
    assert not any("<script>" in t for t in titles)


def test_esc_neutralises_markdown_jinja_and_html():
    out = esc('{{ x }} {% y %} [x](javascript:alert(1)) <script> ```')
    assert not set("{}[]<>`") & set(out)
    assert "\n" not in esc("a\n\n```\nb")


def test_highlight_marks_offsets_inside_the_sentence():
    assert highlight("Renew <now> today", [[0, 5], [6, 11]]) == \
        '<mark class="pl-mark">Renew</mark> <mark class="pl-mark">&lt;now&gt;</mark> today'


def test_links_are_relative_between_pages():
    assert Links("documents/blog/x.md").href("rules/hype.md") == "../../../rules/hype/"
    assert Links("index.md").href("coverage/role.md", "cell-a-b") == "coverage/role/#cell-a-b"


def test_planner_build_in_a_repository_made_by_planner_init(repo, cli):
    assert cli("init", ".").exit_code == 0
    r = cli("build")
    assert r.exit_code == 0, r.stderr
    assert "Audit site built in public/" in r.output
    assert (repo.root / "public" / "index.html").is_file()
    assert not (repo.root / "site" / "documents").exists()


def test_planner_build_without_mkdocs_yml_says_what_to_do(repo, cli):
    r = cli("build")
    assert r.exit_code == 2
    assert "planner init" in r.stderr


def test_broken_and_empty_content_still_builds_a_site(repo, cli):
    import shutil

    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    (repo.root / "site").mkdir()
    assert cli("build").exit_code == 0  # no documents at all
    repo.write("content/bad.md", "---\ntitle: [a\nstage: x\n---\nBody\n")
    repo.write("content/bin.md", b"\xff\xfe\x00bad bytes")
    repo.write("content/t.md", "---\ntitle: T\nstage: nope\nroles: 7\n---\n# T\n\nHello.\n")
    r = cli("build")
    assert r.exit_code == 0, r.stderr
    page = (repo.root / "public" / "documents" / "bad" / "index.html").read_text(encoding="utf-8")
    assert "front-matter-invalid" in page


def test_suppressions_inventory_lists_each_comment_with_its_reason(site):
    html = read(site, "suppressions")
    assert "planner-disable" in html
    assert "quoting a &lt;b&gt;rival&lt;/b&gt; on purpose &#123;&#123; x &#125;&#125;" in html
    assert 'href="../rules/hype/"' in html and 'href="../documents/blog/evil-injection/"' in html
    assert "Suppressed" in read(site, "documents/blog/evil-injection")


def test_serve_watches_the_content_folders_and_planner_yml(repo):
    from mkdocs.config import load_config

    import shutil

    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    (repo.root / "site").mkdir()
    repo.config("content:\n  required: [title, stage]\n")
    cfg = load_config(config_file=str(repo.root / "mkdocs.yml"))
    cfg.plugins.on_config(cfg)

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = cfg.plugins["planner"].on_serve(Server(), config=cfg, builder=None)
    assert str(repo.root / "content") in server.watched
    assert str(repo.root / "planner.yml") in server.watched
