"""The dashboard and the report file in a real browser: Debian's chromium driven by Playwright.

A server is started here over a database built from the reference corpus. Each view must load
without console errors, each filter must change what the page lists (or, where the data leaves
nothing to narrow, list exactly what the API says that filter keeps), a click on evidence must show
the sentence highlighted, and the report file must render with the network cut off. A screenshot
of each view goes to test-artefacts/ (not committed).

Skipped, with the reason, where Playwright or /usr/bin/chromium is missing (.ci/run installs them).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: install Debian's chromium (apt-get install chromium) to run the browser tests",
                allow_module_level=True)

ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artefacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(reference_db):
    import uvicorn

    from sitroom.serve import create_app

    port = _free_port()
    app = create_app(reference_db)
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, browser, **context):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def shot(self, name: str, full: bool = True) -> Path:
        ARTEFACTS.mkdir(exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        height = self.page.evaluate("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": 1400, "height": min(height, 2600)} if full else None
        self.page.screenshot(path=str(path), full_page=full, clip=clip)
        return path

    def count(self) -> int:
        return int(self.page.locator(".total").first.inner_text())


@pytest.fixture
def tab(browser):
    page = Page(browser)
    yield page
    page.context.close()


VIEWS = ["summary", "positions", "timeline", "chart", "network", "quotes", "sources"]


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_loads_without_console_errors(tab, server, view):
    response = tab.page.goto(f"{server}/{view}")
    assert response.status == 200
    assert tab.page.locator(f"section#{view}").is_visible()
    if view == "chart":
        assert tab.page.locator("svg.chart rect.bar").count() > 0
    if view == "network":
        assert tab.page.locator("svg.network path.edge").count() > 0
        assert tab.page.locator("svg.network circle.node").count() > 2
    tab.shot(f"dashboard-{view}")
    assert tab.errors == []


def _api_total(server: str, query: str) -> int:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server}/api/events?{query}") as response:
        return json.load(response)["total"]


def test_each_filter_changes_the_results(tab, server):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server}/api/meta") as response:
        meta = json.load(response)
    tab.page.goto(f"{server}/timeline")
    everything = tab.count()
    assert everything == _api_total(server, "")
    busiest = meta["actors"][0]["id"]
    other = meta["actors"][1]["id"]
    choices = [("actor", busiest), ("source", busiest), ("target", other), ("type", "REQUEST"),
               ("outlet", meta["outlets"][0]), ("story", meta["stories"][0]["id"])]
    for name, value in choices:
        tab.page.goto(f"{server}/timeline")
        with tab.page.expect_navigation():
            tab.page.select_option(f"select[name={name}]", value)
        assert f"{name}=" in tab.page.url
        shown = tab.count()
        expected = _api_total(server, urlencode({name: value}))
        assert shown == expected, name
        story_holds_everything = name == "story" and meta["stories"][0]["articles"] == meta["counts"]["articles"]
        if not story_holds_everything:  # one story of every article keeps everything: nothing to narrow
            assert shown < everything, f"the {name} filter did not narrow the list"
    tab.page.goto(f"{server}/timeline")
    with tab.page.expect_navigation():
        tab.page.fill("input[name=since]", meta["last_day"])
        tab.page.dispatch_event("input[name=since]", "change")
    assert 0 < tab.count() < everything
    with tab.page.expect_navigation():
        tab.page.fill("input[name=until]", meta["last_day"])
        tab.page.dispatch_event("input[name=until]", "change")
    assert tab.count() == _api_total(server, f"since={meta['last_day']}&until={meta['last_day']}")
    tab.shot("dashboard-filtered-timeline", full=False)
    # A dyad (source and target together) narrows further than its source alone.
    tab.page.goto(f"{server}/timeline?source={busiest}")
    alone = tab.count()
    tab.page.goto(f"{server}/timeline?source={busiest}&target={other}")
    assert tab.count() < alone
    assert tab.errors == []


def test_clicking_evidence_shows_the_sentence_highlighted(tab, server):
    tab.page.goto(f"{server}/positions")
    link = tab.page.locator("li.statement a.evidence").first
    sentence = link.locator("xpath=ancestor::li[1]").locator("blockquote.sentence").inner_text()
    link.click()
    highlight = tab.page.locator("#reader mark.evidence")
    highlight.wait_for(state="visible")
    assert highlight.is_visible()
    assert " ".join(highlight.inner_text().split()) == " ".join(sentence.split())
    background = highlight.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    tab.shot("dashboard-evidence-reader", full=False)
    # The link's own address (a new tab, no script) opens the article page with the same highlight.
    href = link.get_attribute("href")
    tab.page.goto(f"{server}{href}")
    assert tab.page.locator("mark#highlight").is_visible()
    tab.shot("dashboard-article", full=False)
    assert tab.errors == []


def test_quotes_open_in_the_reader_and_search_finds_articles(tab, server):
    tab.page.goto(f"{server}/quotes")
    tab.page.locator("li.quote a.evidence").first.click()
    tab.page.locator("#reader mark.evidence").wait_for(state="visible")
    tab.page.goto(f"{server}/search")
    with tab.page.expect_navigation():
        tab.page.fill("input[name=q]", "Ukraine")
        tab.page.press("input[name=q]", "Enter")
    assert tab.count() > 0 and tab.page.locator(".search-hit").count() == tab.count()
    tab.shot("dashboard-search", full=False)
    assert tab.errors == []


def test_the_report_file_renders_offline(browser, reference_db, tmp_path):
    from click.testing import CliRunner

    from sitroom.cli import main

    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", str(reference_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    tab = Page(browser, offline=True)
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    tab.page.goto(out.as_uri())
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    for section in ("summary", "positions", "timeline", "chart", "network", "quotes", "sources", "articles"):
        assert tab.page.locator(f"section#{section}").is_visible(), section
    assert tab.page.locator("svg.chart rect.bar").count() > 0
    tab.shot("report")
    tab.page.locator("li.statement a.evidence").first.click()
    tab.page.locator("#reader mark.evidence").wait_for(state="visible")
    tab.shot("report-evidence-reader", full=False)
    assert tab.errors == []
    shutil.copy(out, ARTEFACTS / "report.html")
    tab.context.close()
