"""The audit site in a real browser: headless Chromium (Debian's package) through
Playwright, against the site served from 127.0.0.1 by a small threaded http.server.

Screenshots of the main pages go to test-artifacts/ (not committed)."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.site_support import REPO, build_site, make_estate

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = build_site(make_estate(tmp_path_factory.mktemp("browser-estate")))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class Browser:
    """One page with every console error, page error, dialog and request recorded.
    Requests that would leave 127.0.0.1 are recorded and aborted."""

    def __init__(self, pw, base: str) -> None:
        self.base = base
        self.host = urlparse(base).netloc
        self.browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
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
        self.page.goto(urljoin(self.base, path), wait_until="load")
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.browser.close()


@pytest.fixture(scope="module")
def browser(server):
    pw_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with pw_api.sync_playwright() as pw:
        b = Browser(pw, server)
        yield b
        b.close()


def test_dashboard_renders_its_figures(browser):
    page = browser.goto("")
    figures = page.locator(".pl-figure")
    assert figures.count() >= 6
    labels = [t.strip().lower() for t in page.locator(".pl-figure__label").all_inner_texts()]
    assert {"documents", "validly tagged", "errors · warnings", "stale"} <= set(labels)
    assert page.locator(".pl-figure").first.locator(".pl-figure__value").inner_text().strip() == "51"
    assert page.locator(".pl-figure--ok, .pl-figure--warn, .pl-figure--bad").count() >= 3  # traffic lights
    assert page.locator(".pl-heat__cell").count() >= 7
    browser.shot("dashboard")


def test_every_heatmap_link_resolves(browser):
    pages = ["", "coverage/", "coverage/role/", "coverage/persona/", "coverage/format/", "coverage/owner/", "coverage/topic/"]
    targets: set[str] = set()
    for p in pages:
        page = browser.goto(p)
        hrefs = page.eval_on_selector_all(".pl-heat__cell a", "els => els.map(e => e.href)")
        assert hrefs, f"no heatmap cells on /{p}"
        targets.update(hrefs)
        if p == "coverage/role/":
            browser.shot("coverage-role")
    by_page: dict[str, set[str]] = {}
    for url in targets:
        base, _, anchor = url.partition("#")
        by_page.setdefault(base, set()).add(anchor)
    checked = 0
    for base, anchors in sorted(by_page.items()):
        response = browser.page.goto(base)  # each target page once; then every anchor on it
        assert response is not None and response.ok, base
        ids = set(browser.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        missing = sorted(a for a in anchors if not a or a not in ids)
        assert not missing, f"{base}: {missing[:5]}"
        checked += len(anchors)
    assert checked >= 20


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
    browser.shot("document-loyalty-discount")


def search(browser, query: str, expect: str | None = None, tries: int = 20):
    """Type ``query`` into the search box; returns the result items. Material's search
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


def test_search_finds_a_document_by_a_word_of_its_title(browser):
    items = search(browser, "discount", "A thank-you discount on your renewal")
    assert items.filter(has_text="A thank-you discount on your renewal").count() >= 1
    browser.shot("search")


def test_injected_script_document_runs_no_script(browser):
    page = browser.goto("documents/blog/evil-injection/")
    assert page.locator("h1").first.inner_text().strip() == "<script>alert(1)</script>"
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "{{ config.site_name }}" in page.inner_text(".planner")
    browser.shot("evil-document")
    for p in ("documents/", "", "stages/awareness/"):
        browser.goto(p)
    search(browser, "alert", "alert(1)", tries=5)
    page = browser.page
    browser.shot("evil-document-search")
    assert browser.dialogs == []
    assert page.evaluate("window.__pwned === undefined")


def test_other_pages_render_for_the_screenshots(browser):
    for path, name in (("plan/", "plan"), ("findings/", "findings"), ("stages/onboarding/", "stage-onboarding"), ("rules/phase-mismatch/", "rule-phase-mismatch"),
                       ("guide/tagging/", "tagging-guide"), ("suppressions/", "suppressions"), ("coverage/topic/", "coverage-topic"), ("documents/", "documents")):
        page = browser.goto(path)
        assert page.locator("h1").count() >= 1
        browser.shot(name)


def test_no_console_errors_and_no_request_leaves_the_machine(browser):
    # runs last in this module: covers every page the tests above visited
    assert browser.errors == []
    assert browser.outside == []
