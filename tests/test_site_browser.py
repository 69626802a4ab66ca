"""The audit site in a real browser: headless Chromium (Debian's package) through
Playwright, against the site served from 127.0.0.1 by a small threaded http.server.

Every test runs twice: on the site built by MkDocs + Material and on the same build
folder built by Zensical. Accessibility is checked with axe-core (the copy shipped by the
axe-playwright-python test dependency; no CDN). Screenshots go to test-artifacts/ (not
committed)."""
from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.site_support import REPO, build_site, make_estate, make_roleless_estate
from tests.trend_support import make_history

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
BUILDERS = ["mkdocs", "zensical"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# one page of every kind the site generates
PAGE_KINDS = ["", "plan/", "findings/", "coverage/", "coverage/role/", "stages/", "stages/onboarding/", "documents/",
              "documents/pricing/", "documents/pricing/loyalty-discount/", "rules/", "rules/phase-mismatch/",
              "guide/tagging/", "suppressions/", "queue/", "queue/marketing/", "search/", "stale/", "readability/",
              "tags-to-fix/", "downloads/", "trend/"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def _builder_available(builder: str) -> None:
    if builder == "zensical":
        pytest.importorskip("zensical", reason="zensical is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module", params=BUILDERS)
def server(request, tmp_path_factory):
    _builder_available(request.param)
    estate = make_estate(tmp_path_factory.mktemp(f"browser-{request.param}"))
    commits = make_history(estate)  # built inside a git repository: the trend page and the dashboard's deltas
    site = build_site(estate, request.param)
    httpd = _serve(site)
    yield request.param, f"http://127.0.0.1:{httpd.server_address[1]}/", commits
    httpd.shutdown()
    httpd.server_close()


class Browser:
    """One page with every console error, page error, dialog and request recorded.
    Requests that would leave 127.0.0.1 are recorded and aborted."""

    def __init__(self, pw, base: str, builder: str) -> None:
        self.base = base
        self.builder = builder
        self.host = urlparse(base).netloc
        self.browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.new_context()

    def new_context(self, width: int = 1280, scheme: str = "light") -> None:
        if getattr(self, "context", None) is not None:
            self.context.close()
        self.context = self.browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.netloc == self.host:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path: str):
        response = self.page.goto(urljoin(self.base, path), wait_until="load")
        assert response is not None and response.ok, path
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.builder}-{name}.png"), full_page=True)

    def close(self) -> None:
        self.browser.close()


@pytest.fixture(scope="module")
def pw():
    """One Playwright driver for the module (a second one cannot start while it runs)."""
    pw_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with pw_api.sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(pw, server):
    builder, base, commits = server
    b = Browser(pw, base, builder)
    b.commits = commits
    yield b
    b.close()


def rows(page, selector: str) -> list:
    return [r for r in page.locator(selector).all() if r.is_visible()]


# --------------------------------------------------------------------------- the dashboard

def test_dashboard_renders_its_figures(browser):
    page = browser.goto("")
    labels = [t.strip().lower() for t in page.locator(".pl-figure__label").all_inner_texts()]
    assert {"documents", "validly tagged", "coverage score", "errors · warnings", "stale"} <= set(labels)
    assert page.locator(".pl-figure").first.locator(".pl-figure__value").inner_text().strip() == "51"
    assert page.locator(".pl-figure--ok, .pl-figure--warn, .pl-figure--bad").count() >= 3  # traffic lights
    assert page.locator(".pl-heat__cell").count() >= 7
    assert page.locator(".pl-heat .pl-heat__sub").filter(has_text="stale").count() >= 1  # the notes stay on the dashboard
    browser.shot("dashboard")


def test_every_dashboard_figure_leads_to_its_detail(browser):
    page = browser.goto("")
    figures = page.locator(".pl-figure")
    assert figures.count() == page.locator("a.pl-figure").count()  # every one a link
    targets = page.eval_on_selector_all("a.pl-figure", "els => els.map(e => [e.querySelector('.pl-figure__label').textContent, e.href])")
    for label, href in targets:
        browser.page.goto(href)
        assert browser.page.locator("h1").first.inner_text().strip(), label
    # "2 to fix" leads to those two documents
    browser.goto("tags-to-fix/")
    assert browser.page.locator(".pl-table tbody tr").count() == 2
    # the stale figure leads to the stale documents, oldest first
    browser.goto("stale/")
    assert browser.page.locator("h1").inner_text().strip() == "Stale documents"
    assert browser.page.locator(".pl-table tbody tr").count() >= 1


def test_every_heatmap_link_resolves(browser):
    pages = ["", "coverage/", "coverage/role/", "coverage/persona/", "coverage/format/", "coverage/owner/", "coverage/topic/"]
    targets: set[str] = set()
    for p in pages:
        page = browser.goto(p)
        hrefs = page.eval_on_selector_all(".pl-heat__cell a", "els => els.map(e => e.href)")
        assert hrefs, f"no heatmap cells on /{p}"
        targets.update(hrefs)
    by_page: dict[str, set[str]] = {}
    for url in targets:
        base, _, anchor = url.partition("#")
        by_page.setdefault(base, set()).add(anchor)
    checked = 0
    for base, anchors in sorted(by_page.items()):
        response = browser.page.goto(base)
        assert response is not None and response.ok, base
        ids = set(browser.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        missing = sorted(a for a in anchors if not a or a not in ids)
        assert not missing, f"{base}: {missing[:5]}"
        checked += len(anchors)
    assert checked >= 20


def test_an_unknown_value_stands_apart_outside_the_score(browser):
    page = browser.goto("coverage/role/")
    head = page.locator(".pl-heat thead th", has_text="champoin")
    assert "outside the score" in head.inner_text()
    assert page.locator(".pl-heat__cell.pl-band--outside").count() == 7  # one per stage, no band colour
    assert "champoin" in page.locator(".pl-note--warn").first.inner_text()
    browser.shot("coverage-role")


# --------------------------------------------------------------------------- documents and findings

def test_document_page_shows_findings_and_highlighted_evidence(browser):
    page = browser.goto("documents/pricing/loyalty-discount/")
    assert "A thank-you discount on your renewal" in page.locator("h1").first.inner_text()
    findings = page.locator(".pl-finding")
    assert findings.count() >= 1
    first = findings.first
    assert "line" in first.locator(".pl-line").inner_text()
    assert first.locator("mark").count() >= 1
    assert "Why it matters" in first.inner_text()
    evidence = page.locator(".pl-quotes mark.pl-mark--customer")
    assert evidence.count() >= 3 and evidence.first.is_visible()
    assert page.locator(".pl-bar").count() >= 3
    assert page.locator(".pl-bar__note", has_text="target").count() >= 1  # the tick says its value and direction
    browser.shot("document-loyalty-discount")


def test_findings_filter_group_and_sort(browser):
    page = browser.goto("findings/")
    table = page.locator("#findings-table")
    all_rows = len(rows(page, "#findings-table tbody tr:not(.pl-group__head)"))
    page.select_option("select[data-key=severity]", "error")
    shown = rows(page, "#findings-table tbody tr:not(.pl-group__head)")
    assert 0 < len(shown) < all_rows
    assert {r.get_attribute("data-severity") for r in shown} == {"error"}
    assert "Showing" in page.locator(".pl-filters__status").inner_text()
    assert "severity=error" in page.url  # the filter is in the address: a view can be shared
    heads = rows(page, "#findings-table .pl-group__head")
    assert len(heads) == len({r.evaluate("r => r.closest('tbody').dataset.group") for r in shown})
    page.select_option("select[data-key=severity]", "")
    page.uncheck("#findings-table-group")  # one flat list
    assert rows(page, "#findings-table .pl-group__head") == []
    page.locator("#findings-table thead th", has_text="Line").locator("button").click()
    lines = [int(r.locator("td").nth(1).inner_text()) for r in rows(page, "#findings-table tbody tr:not(.pl-group__head)")]
    assert lines == sorted(lines) and len(lines) == all_rows
    assert table.locator("thead th[aria-sort=ascending]").count() == 1
    page.select_option("select[data-key=rule]", "phase-mismatch")
    assert {r.get_attribute("data-rule") for r in rows(page, "#findings-table tbody tr")} == {"phase-mismatch"}
    browser.shot("findings")


def test_documents_filter_by_owner_and_sort_by_findings(browser):
    page = browser.goto("documents/")
    page.select_option("table.pl-docs >> xpath=../preceding-sibling::div[@class='pl-filters'][1] >> select[data-key=owner]", "marketing")
    shown = rows(page, "table.pl-docs tbody tr")
    assert shown and {r.get_attribute("data-owner") for r in shown} == {"marketing"}
    page.locator("table.pl-docs thead th", has_text="Findings").locator("button").click()
    page.locator("table.pl-docs thead th", has_text="Findings").locator("button").click()  # descending: worst first
    keys = [r.locator("td").nth(6).get_attribute("data-sort") for r in rows(page, "table.pl-docs tbody tr")]
    assert keys == sorted(keys, reverse=True)
    browser.shot("documents")


def test_plan_filters_by_kind_and_labels_its_priorities(browser):
    page = browser.goto("plan/")
    assert page.locator(".pl-plan__score").first.inner_text().startswith("priority ")
    page.select_option("select[data-key=kind]", "fix")
    shown = rows(page, "ol.pl-plan > li")
    assert shown and {r.get_attribute("data-kind") for r in shown} == {"fix"}
    assert shown[0].locator("a code").count() >= 1  # the path links to its document page
    browser.shot("plan")


def test_my_queue_lists_an_owners_plan_items(browser):
    page = browser.goto("queue/")
    page.locator("table a", has_text="customer-success").click()
    assert page.locator("h1").inner_text().strip() == "Queue: customer-success"
    assert page.locator("ol.pl-plan > li").count() >= 1


def test_full_text_search_finds_a_phrase_in_a_document_body(browser):
    page = browser.goto("search/")
    page.fill("#pl-q", '"your team has planned"')
    results = page.locator(".pl-results li")
    results.first.wait_for(state="visible", timeout=5000)
    assert results.filter(has_text="A thank-you discount on your renewal").count() == 1
    assert results.first.locator("mark").inner_text().lower() == "your team has planned"
    assert page.locator(".pl-nojs").is_hidden()
    results.first.locator("a").click()
    assert page.locator("h1").first.inner_text().strip() == "A thank-you discount on your renewal"
    browser.shot("search-page")


def test_downloads_are_served_and_parse(browser):
    page = browser.goto("downloads/")
    hrefs = page.eval_on_selector_all(".planner table a", "els => els.map(e => e.href)")
    assert len(hrefs) == 6
    for href in hrefs:
        r = page.request.get(href)
        assert r.ok, href
        if href.endswith(".csv"):
            assert len(list(csv.reader(io.StringIO(r.text())))) > 1
        else:
            json.loads(r.text())


def search(browser, query: str, expect: str | None = None, tries: int = 20):
    """Type ``query`` into Material's search box; returns the result items. Its search
    worker ignores queries typed before its index is loaded, so retype until it answers."""
    page = browser.goto("")
    box = page.locator(".md-search__input")
    items = page.locator(".md-search-result__item")
    for _ in range(tries):
        box.click()
        box.fill("")
        box.type(query, delay=20)
        try:
            target = items.filter(has_text=expect) if expect else items
            target.first.wait_for(state="visible", timeout=3000)
            return items
        except Exception:
            page.keyboard.press("Escape")
    return items


def test_header_search_finds_a_document_by_a_word_of_its_title(browser):
    if browser.builder != "mkdocs":
        pytest.skip("the header search box is the builder's own (Zensical's differs); the search page covers both")
    items = search(browser, "discount", "A thank-you discount on your renewal")
    assert items.filter(has_text="A thank-you discount on your renewal").count() >= 1


def test_header_search_finds_a_document_by_a_word_of_its_path(browser):
    """"loyalty" is only in the page's path (content/pricing/loyalty-discount.md): words
    are split on slashes and dots as well as hyphens."""
    if browser.builder != "mkdocs":
        pytest.skip("the header search box is the builder's own (Zensical's differs); the search page covers both")
    items = search(browser, "loyalty", "A thank-you discount on your renewal")
    assert items.filter(has_text="A thank-you discount on your renewal").count() >= 1


def test_injected_script_document_runs_no_script(browser):
    page = browser.goto("documents/blog/evil-injection/")
    assert page.locator("h1").first.inner_text().strip() == "<script>alert(1)</script>"
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "{{ config.site_name }}" in page.inner_text(".planner >> nth=0") + page.inner_text("article")
    for p in ("documents/", "", "stages/awareness/", "findings/"):
        browser.goto(p)
    page = browser.goto("search/")
    page.fill("#pl-q", "alert")
    page.locator(".pl-results li").first.wait_for(state="visible", timeout=5000)
    assert browser.dialogs == []
    assert page.evaluate("window.__pwned === undefined")


# --------------------------------------------------------------------------- trend over the git history

def test_trend_page_draws_score_and_findings_with_their_data_table(browser):
    page = browser.goto("trend/")
    assert page.locator("h1").first.inner_text().strip() == "Trend"
    charts = page.locator("svg.pl-chart")
    assert charts.count() == 2
    for i in range(2):
        chart = charts.nth(i)
        assert chart.get_attribute("role") == "img"
        name = page.evaluate("(svg) => svg.getAttribute('aria-labelledby').split(' ').map(id => "
                             "document.getElementById(id).textContent).join(' ')", chart.element_handle())
        assert "over time" in name and "The table below has every point" in name
        assert chart.bounding_box()["height"] > 100  # drawn, not collapsed
    n = len(browser.commits)
    assert charts.nth(0).locator(".pl-series__point").count() == n  # one marker per commit
    assert charts.nth(1).locator(".pl-series__point").count() == 3 * n  # errors, warnings, suggestions
    rows = page.locator("table.pl-trend tbody tr")
    assert rows.count() == n
    newest = rows.first.locator("td")
    assert newest.nth(1).inner_text().strip() == browser.commits[-1][:7]
    assert newest.nth(4).inner_text().strip() == "51"  # the estate the dashboard shows
    scores = [float(rows.nth(i).locator("td").nth(2).inner_text().rstrip("%")) for i in range(n)]
    tips = charts.nth(0).locator(".pl-series__point title").all_text_contents()
    assert [float(t.rsplit(" ", 1)[1].rstrip("%")) for t in reversed(tips)] == scores  # the chart draws the table
    assert page.locator("ul.pl-legend li").all_inner_texts() == ["errors", "warnings", "suggestions"]
    browser.shot("trend")


def test_dashboard_shows_changes_since_the_last_audit_and_stage_sparklines(browser):
    page = browser.goto("")
    deltas = {page.locator(".pl-figure").nth(i).locator(".pl-figure__label").inner_text().lower():
              page.locator(".pl-figure").nth(i).locator(".pl-figure__delta").all_inner_texts()
              for i in range(page.locator(".pl-figure").count())}
    assert deltas["documents"] == ["+2 since 2026-03-09"]  # the customer stories came in the last commit
    assert all(d and "since 2026-03-09" in d[0] for label, d in deltas.items() if label != "validly tagged")
    sparks = page.locator("svg.pl-spark")
    assert sparks.count() == 7  # one per stage
    label = sparks.first.get_attribute("aria-label")
    assert label.startswith("awareness: published documents from") and "2026-03-02" in label
    page.locator("a", has_text="The trend: score and findings over time").click()
    assert page.locator("h1").first.inner_text().strip() == "Trend"


# --------------------------------------------------------------------------- phone, dark, print

def test_no_page_is_wider_than_a_390px_phone(browser):
    browser.new_context(width=390)
    wide = {}
    for path in PAGE_KINDS:
        page = browser.goto(path)
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > 390:
            wide[path] = width
        if path in ("", "documents/pricing/loyalty-discount/"):
            browser.shot(f"phone-{path.strip('/').replace('/', '-') or 'dashboard'}")
    bars = browser.goto("documents/pricing/loyalty-discount/").locator(".pl-bar__track").first.bounding_box()
    browser.new_context()
    assert wide == {}
    assert bars["width"] > 150  # the bars reflow instead of shrinking to nothing


FINDINGS_LAYOUT = """() => {
  const visible = e => e.offsetParent !== null;
  const codes = [...document.querySelectorAll('table.pl-findings td:nth-child(3) code')].filter(visible);
  const msgs = [...document.querySelectorAll('table.pl-findings tbody td:last-child')].filter(visible);
  return {rules: codes.length, broken: codes.filter(c => c.getClientRects().length > 1 || c.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(c).fontSize)).map(c => c.textContent),
          right: Math.max(...msgs.map(m => m.getBoundingClientRect().right)),
          region: (r => [r.scrollWidth, r.clientWidth])(document.querySelector('table.pl-findings').closest('.pl-scroll'))};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_findings_rule_ids_never_break_inside_and_messages_stay_on_screen(browser, width):
    """At 1280 px the Rule column broke ids mid-word ("stage / - / phase / - / confl / ict");
    at 390 px the Message column was off-screen to the right."""
    browser.new_context(width=width)
    try:
        page = browser.goto("findings/")
        layout = page.evaluate(FINDINGS_LAYOUT)
        browser.shot(f"findings-{width}")
    finally:
        browser.new_context()
    assert layout["rules"] > 10 and layout["broken"] == []
    assert layout["right"] <= width
    assert layout["region"][0] <= layout["region"][1]  # nothing to scroll sideways: the table fits


def test_dark_mode_follows_the_palette(browser):
    browser.new_context(scheme="dark")
    page = browser.goto("")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    bg = page.evaluate("getComputedStyle(document.querySelector('.pl-figure')).backgroundColor")
    violations = axe(page, ["color-contrast"])
    browser.shot("dashboard-dark")
    browser.new_context()
    assert scheme == "slate"
    r, g, b = [int(x) for x in bg[bg.index("(") + 1:bg.index(")")].split(",")[:3]]
    assert r + g + b < 3 * 96, bg  # a dark card on the dark page, not a light one
    assert ours(page_violations := violations) == [], page_violations


def test_print_stylesheet_hides_controls_and_unrolls_tables(browser):
    page = browser.goto("findings/")
    page.emulate_media(media="print")
    assert page.locator(".pl-filters").first.is_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.pl-scroll')).overflowX") == "visible"
    page.emulate_media(media="screen")


# --------------------------------------------------------------------------- accessibility

def _axe_source() -> str:
    mod = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed (pip install -e '.[test]')")
    return (Path(mod.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page, each node marked ``ours`` when it is
    planner's markup (inside a .planner block) rather than the theme's."""
    page.add_script_tag(content=_axe_source())
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {"runOnly": {"type": "tag", "values": WCAG}}
    result = page.evaluate("async (o) => await axe.run(document, o)", options)
    out = []
    for v in result["violations"]:
        for n in v["nodes"]:
            sel = n["target"][-1] if n["target"] else ""
            mine = page.evaluate("(s) => { try { const e = document.querySelector(s); return !!(e && e.closest('.planner')); }"
                                 " catch (err) { return false; } }", sel if isinstance(sel, str) else "")
            out.append({"rule": v["id"], "ours": mine, "target": sel, "html": n["html"][:160], "summary": n.get("failureSummary", "")[:200]})
    return out


def ours(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["ours"]]


@pytest.mark.parametrize("path", ["", "coverage/", "plan/", "findings/", "documents/pricing/loyalty-discount/",
                                  "rules/phase-mismatch/", "documents/", "search/", "coverage/role/", "trend/"])
def test_axe_finds_no_wcag_violation_in_planners_markup(browser, path):
    page = browser.goto(path)
    found = axe(page)
    theirs = [v for v in found if not v["ours"]]
    if theirs:  # the theme's own, recorded for the reviewer (not planner's to fix)
        ARTIFACTS.mkdir(exist_ok=True)
        with (ARTIFACTS / f"{browser.builder}-axe-theme.txt").open("a", encoding="utf-8") as fh:
            for v in theirs:
                fh.write(f"/{path} {v['rule']} {v['target']} {v['html']}\n")
    assert ours(found) == []


def test_no_console_errors_and_no_request_leaves_the_machine(browser):
    # runs last in this module: covers every page the tests above visited
    assert browser.errors == []
    assert browser.outside == []


# --------------------------------------------------------------------------- an estate without roles

@pytest.fixture(scope="module", params=BUILDERS)
def roleless(request, pw, tmp_path_factory):
    _builder_available(request.param)
    site = build_site(make_roleless_estate(tmp_path_factory.mktemp(f"roleless-{request.param}")), request.param)
    httpd = _serve(site)
    b = Browser(pw, f"http://127.0.0.1:{httpd.server_address[1]}/", request.param)
    yield b
    b.close()
    httpd.shutdown()
    httpd.server_close()


def test_an_estate_without_roles_says_so_and_ranks_tagging_first(roleless):
    page = roleless.goto("")
    assert "No document has roles: tag roles or view coverage by stage only" in page.locator(".pl-note--warn").first.inner_text()
    figures = {page.locator(".pl-figure__label").nth(i).inner_text().lower(): page.locator(".pl-figure").nth(i).inner_text()
               for i in range(page.locator(".pl-figure").count())}
    assert "by stage only" in figures["coverage score"]
    assert "unknown" in figures["stale"]  # no review dates: not 0%
    assert page.locator(".pl-heat thead th").all_inner_texts() == ["all documents"]
    assert "crowded" not in page.locator(".pl-heat").inner_text()
    assert page.locator("ol.pl-plan > li").first.locator("strong").inner_text().startswith("Tag your pages")
    roleless.shot("dashboard-no-roles")
    assert ours(axe(page)) == []
    assert roleless.errors == [] and roleless.outside == []
