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


# --------------------------------------------------------------------------- the build folder

def test_pages_only_writes_a_build_folder_of_markdown_that_mkdocs_builds_without_the_plugin(tmp_path):
    from planner.site.build import build_site as build
    from planner.site.mkconfig import load, plugin_entries

    root = make_estate(tmp_path)
    built = build(root / "mkdocs.yml", write_only=True)
    folder = built.build_dir
    assert folder == (root / ".planner-cache" / "site").resolve()
    page = (folder / "docs" / "documents" / "pricing" / "loyalty-discount.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: ") and "\n## Findings (3) {#findings}\n" in page
    assert (folder / "docs" / "about.md").is_file()  # the hand-written pages come along
    cfg = load(folder / "mkdocs.yml")
    assert "planner" not in dict(plugin_entries(cfg)) and cfg["docs_dir"] == "docs"
    assert "assets/planner/planner.js" in cfg["extra_javascript"]
    # plain `mkdocs build -f <folder>/mkdocs.yml`, no planner code involved
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")],
                       capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert r.returncode == 0, r.stderr
    html = (folder / "site" / "documents" / "pricing" / "loyalty-discount" / "index.html").read_text(encoding="utf-8")
    assert "phase-mismatch" in html and 'id="findings"' in html


def test_the_fast_path_renders_generated_pages_as_python_markdown_does(site):
    import markdown

    from planner.site.pages_plugin import GeneratedPages

    src = (site.parent / ".planner-cache" / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    body = src.split("---\n", 2)[2]
    slow = markdown.markdown(body, extensions=["toc", "attr_list", "tables"])

    class P:  # the parts of a MkDocs page the plugin reads
        class file:
            src_uri = "index.md"
        meta = {"planner": "generated"}
        edit_url = None

    fast_plugin = GeneratedPages()
    P.content = fast_plugin.on_page_content(markdown.markdown(fast_plugin.on_page_markdown(body, P, None, None),
                                                              extensions=["toc", "attr_list", "tables"]), P, None, None)
    fast_plugin.on_page_context(None, page=P, config=None, nav=None)  # blocks kept from search come back
    assert P.content == slow


def test_blocks_kept_from_the_search_plugin_change_neither_its_index_nor_any_page(site, tmp_path):
    """The builder's search reads a generated page without its search-excluded blocks
    (they are put back after it); built again without that shortcut, the site is the same."""
    from planner.site import pages_plugin
    from planner.site.build import run_mkdocs

    config = site.parent / ".planner-cache" / "site" / "mkdocs.yml"
    excluded = [p for p in (config.parent / "docs").rglob("*.md") if pages_plugin._EXCLUDED in p.read_text("utf-8")]
    assert excluded  # the shortcut has something to do on this estate
    run_mkdocs(config, tmp_path / "short", False, {})
    saved = pages_plugin._INDEXED
    try:  # every block counts as indexed: the search plugin reads them all (the slow, obvious way)
        pages_plugin._INDEXED = re.compile("")
        run_mkdocs(config, tmp_path / "whole", False, {})
    finally:
        pages_plugin._INDEXED = saved
    short = {p.relative_to(tmp_path / "short"): p.read_bytes() for p in (tmp_path / "short").rglob("*") if p.is_file()}
    whole = {p.relative_to(tmp_path / "whole"): p.read_bytes() for p in (tmp_path / "whole").rglob("*") if p.is_file()}
    assert short.keys() == whole.keys() and Path("search/search_index.json") in short
    assert [k for k in short if short[k] != whole[k]] == []


def test_a_wrong_build_folder_is_never_emptied(tmp_path):
    from planner.site.build import BuildError, build_site as build

    root = make_estate(tmp_path)
    mine = root / "precious"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildError, match="not a planner build folder"):
        build(root / "mkdocs.yml", build_dir=mine, write_only=True)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_mkdocs_yml_tags_are_kept_verbatim_not_run(tmp_path):
    from planner.site.mkconfig import dump, load

    p = tmp_path / "mkdocs.yml"
    p.write_text("site_name: !ENV [SITE, 'x']\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                 "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    text = dump(load(p))
    assert "!ENV" in text and "!!python/name:material.extensions.emoji.twemoji" in text


def test_the_mkdocs_plugin_alone_still_builds_the_audit_pages(tmp_path):
    """`mkdocs build` / `mkdocs serve` with the plugin in mkdocs.yml: the convenience path."""
    import os

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_estate(tmp_path)
    cfg = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    site_dir = Path(cfg.site_dir)
    assert "pl-figure" in (site_dir / "index.html").read_text(encoding="utf-8")
    assert (site_dir / "data" / "findings.csv").is_file()
    assert not (root / "site" / "documents").exists()
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "loyalty" in re.split(index["config"]["separator"], "content/pricing/loyalty-discount.md")


def test_the_plugin_gives_search_the_separator_planner_build_gives_unless_mkdocs_yml_sets_one(tmp_path):
    """A bare `mkdocs build` with the plugin splits search words as `planner build` does;
    a separator written in mkdocs.yml wins in both."""
    import os

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    from planner.site import mkconfig

    root = make_estate(tmp_path)

    def separator() -> str:
        cfg = load_config(config_file=str(root / "mkdocs.yml"))
        cfg = cfg.plugins.on_config(cfg)
        [search] = [p for name, p in cfg.plugins.items() if name in mkconfig.SEARCH_PLUGINS]
        return search.config.separator

    assert separator() == mkconfig.SEARCH_SEPARATOR
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - search\n" in text
    (root / "mkdocs.yml").write_text(text.replace("\n  - search\n", "\n  - search:\n      separator: '[ ]+'\n"), encoding="utf-8")
    assert separator() == "[ ]+"


# --------------------------------------------------------------------------- what the pages say

def test_downloads_hold_the_findings_documents_and_plan(site):
    import csv

    rows = list(csv.DictReader((site / "data" / "findings.csv").open(encoding="utf-8")))
    assert rows and {"path", "title", "line", "severity", "rule", "message", "owner"} <= rows[0].keys()
    report = json.loads((site / "data" / "findings.json").read_text(encoding="utf-8"))
    assert report["schema_version"] == 1 and len(report["findings"]) == len(rows)
    docs = json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))["documents"]
    assert len(docs) == 51 and all(d["page"].startswith("documents/") for d in docs)
    plan = json.loads((site / "data" / "plan.json").read_text(encoding="utf-8"))
    assert plan["items"][0]["rank"] == 1
    assert (site / "data" / "plan.csv").read_text(encoding="utf-8").startswith("rank,kind,priority")


def test_search_index_holds_every_document_body(site):
    index = json.loads((site / "assets" / "planner" / "search.json").read_text(encoding="utf-8"))
    assert len(index["documents"]) == 51
    assert any("Since you signed up" in d[5] for d in index["documents"])


def test_rule_page_examples_are_not_live_links(site):
    html = read(site, "rules/cta-mismatch")
    assert 'href="/checkout"' not in html and 'href="/signup"' not in html


def test_messages_render_code_not_backticks(site):
    html = read(site, "findings")
    assert "&#96;" not in html.split('class="planner"', 1)[1]


def test_an_estate_without_roles_says_so_instead_of_scoring_zero(tmp_path):
    from tests.site_support import make_roleless_estate

    site_dir = build_site(make_roleless_estate(tmp_path))
    html = read(site_dir, "")
    assert "No document has <code>roles</code>" in html
    assert "by stage only" in html and "(none)" not in html and "crowded" not in html.split("Coverage")[-1].split("pl-legend")[0]
    assert re.search(r'pl-figure__value">unknown<', html)  # stale with no review dates
    plan = read(site_dir, "plan")
    assert plan.index("Tag your pages") < plan.index("Write")


def test_document_page_labels_the_phase_and_the_stage_confidence_apart(site):
    """"READS AS customer / success 100% sure" beside a success bar at 76% read as the
    stage's confidence; it was the phase's (0.9992)."""
    html = read(site, "documents/pricing/loyalty-discount")
    docs = json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))["documents"]
    [doc] = [d for d in docs if d["path"] == "content/pricing/loyalty-discount.md"]
    pred = doc["predicted"]
    stage_pct = f'{pred["stage_confidence"] * 100:.0f}%'
    assert pred["confidence"] > 0.995 and pred["stage_confidence"] < 0.9  # the case the review met
    assert f'<span class="pl-conf">customer &gt;99% sure · success {stage_pct}</span>' in html
    assert f"the customer phase with <strong>&gt;99% confidence</strong>, the success stage with <strong>{stage_pct}</strong>" in html
    assert "100% sure" not in html and "100% confidence" not in html


def test_handoff_bridge_findings_say_what_to_do(site):
    html = read(site, "documents/trust/automation-for-enterprise-teams")
    card = html[html.index('class="pl-rule">handoff-bridge'):]
    card = card[:card.index('<div class="pl-finding')] if '<div class="pl-finding' in card else card
    assert "Why it matters:" in card and "What to do:" in card
    assert "publish an onboarding page tagged <code>topic&#58; automation</code>" in card


def test_plan_priorities_read_as_the_cli_prints_them(site, cli, monkeypatch):
    """The CLI printed 11.25 and 9.38 where the site said "priority 11.2" and "9.4"."""
    monkeypatch.chdir(site.parent)
    printed = re.findall(r"\(priority ([0-9.]+)\)", cli("plan", "content", "--limit", "100").output)
    shown = re.findall(r'class="pl-plan__score">priority ([0-9.]+)<', read(site, "plan"))
    assert any(re.fullmatch(r"\d+\.\d\d", p) for p in printed)  # e.g. 11.25: one decimal would differ
    assert shown == printed


def test_search_splits_words_on_slashes_dots_and_hyphens(site, tmp_path):
    """"loyalty" finds content/pricing/loyalty-discount.md by its path; a separator set in
    mkdocs.yml is kept."""
    from planner.site import mkconfig

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = index["config"]["separator"]
    assert "loyalty" in re.split(separator, "content/pricing/loyalty-discount.md")
    [page] = [d for d in index["docs"] if d["location"] == "documents/pricing/loyalty-discount/"]
    assert "content/pricing/loyalty-discount.md" in page["text"]
    mine = mkconfig.with_search_separator([{"search": {"separator": "[ ]+", "lang": "en"}}, "other"])
    assert mine == [{"search": {"separator": "[ ]+", "lang": "en"}}, "other"]
    assert mkconfig.with_search_separator(["search"]) == [{"search": {"separator": mkconfig.SEARCH_SEPARATOR}}]


def test_dashboard_says_when_the_audit_includes_uncommitted_changes(tmp_path):
    """"from commit 5ad4237" while the working tree differed from it misled."""
    from tests.trend_support import commit, init

    root = make_estate(tmp_path / "estate")
    init(root)
    commit(root, "the estate", "2026-03-02T10:00:00+00:00")
    clean = (build_site(root, "mkdocs") / "index.html").read_text(encoding="utf-8")
    assert "from commit <code" in clean and "uncommitted" not in clean
    with (root / "content" / "blog" / "five-planning-habits.md").open("a", encoding="utf-8") as fh:
        fh.write("\nOne more line, not committed yet.\n")
    dirty = (build_site(root, "mkdocs") / "index.html").read_text(encoding="utf-8")
    assert re.search(r"from commit <code[^>]*>[0-9a-f]{7}</code> of 2026-03-02 \(with uncommitted changes\)", dirty)


def test_a_fix_in_words_is_shown_alone_not_beside_the_same_advice_as_field_settings():
    from planner.site.documents import _fix

    words = _fix({"phase": "customer", "stage": "success", "text": "if the text is right, retag the page"})
    assert words == "if the text is right, retag the page" and "set <code>" not in words
    assert _fix({"phase": "customer"}) == "set <code>phase</code> to <code>customer</code>"
