"""The dashboard in a real browser (Debian's Chromium driven by Playwright), under a strict CSP.

Optional: skipped unless the ``playwright`` package and ``/usr/bin/chromium`` are present
(``apt-get install -y chromium``; ``pip install playwright``), and unless ``make static`` has installed the
map libraries. The app is served with uvicorn on a free port of 127.0.0.1 over in-memory ledgers: 10,000
synthetic incidents plus one whose actor, title, text and URL carry markup; the two-report sample of
``tests/export``; and a small ledger that grows while the page is open. Every page is served with the
Content-Security-Policy below, and any CSP report or page error fails the test (so the tests wait with
``expect`` on locators: ``wait_for_function`` would need ``eval``, which the policy forbids). A full-page screenshot of
the 10,000-incident dashboard is kept in ``test-artifacts/`` (or ``$FLASHPOINT_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import dashboard_samples as d
import pytest

from flashpoint.web.dashboard import missing_vendor_files

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
    pytest.mark.skipif(bool(missing_vendor_files()), reason="map libraries not installed: run `make static`"),
]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
ARTIFACTS = Path(os.environ.get("FLASHPOINT_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))


def serve(ledger: Any) -> Iterator[str]:
    """Serve the app over ``ledger`` on a free local port, with a strict CSP on every response."""
    import uvicorn
    from starlette.requests import Request
    from starlette.responses import Response

    from flashpoint.web.app import create_app

    app = create_app(ledger=ledger)

    @app.middleware("http")
    async def strict_csp(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        return response

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def big() -> Iterator[tuple[str, list[tuple[Any, Any]]]]:
    records = [*d.synthetic(10_000), d.hostile(10_000)]
    for url in serve(d.MemoryLedger(records)):
        yield url, records


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        found = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield found
        found.close()


class Watched:
    """A page whose errors and CSP reports are collected."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.problems: list[str] = []
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console {message.type}: {message.text}")

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready]", timeout=60_000)
        return self.page

    def close(self) -> None:
        self.page.close()
        assert not self.problems, self.problems


def matching(page: Any) -> int:
    """The number of incidents the page says match its filters."""
    text = page.locator("#matching").inner_text()
    found = re.match(r"(\d+) of (\d+)", text)
    assert found, text
    return int(found.group(1))


def test_ten_thousand_incidents_filter_sort_page_and_url(big: tuple[str, list[Any]], browser: Any) -> None:
    url, records = big
    w = Watched(browser)
    page = w.open(url + "/")
    assert matching(page) == 10_001
    assert page.locator("#incidents tbody tr").count() == 50
    assert "Page 1 of 201" in page.locator("#page-info").inner_text()
    assert page.locator(".leaflet-overlay-pane path").count() > 200  # Natural Earth country outlines
    page.wait_for_selector(".marker-cluster")  # 10,000 points are clustered (added in chunks), not piled up
    assert page.locator("#timeline rect.bar").count() > 50

    # filters: country, type, minimum deaths; the answer matches the records
    page.select_option("#f-country", "COL")
    page.select_option("#f-type", "Battles")
    page.fill("#f-deaths", "13")
    page.locator("#f-deaths").dispatch_event("change")
    want = [
        inc
        for inc, _ in records
        if inc.place.country_iso3 == "COL" and inc.event_type == "Battles" and inc.figures[0].acled_value >= 13
    ]
    assert matching(page) == len(want) > 0
    assert "country=COL" in page.url
    assert "min_deaths=13" in page.url
    deaths = page.locator("#incidents tbody tr td:nth-child(6)").all_inner_texts()
    assert all(int(x) >= 13 for x in deaths)
    assert page.locator("#incidents tbody tr td:nth-child(3)").all_inner_texts() == ["Colombia"] * len(deaths)

    # sort by deaths, ascending then descending
    page.click("#incidents th[data-sort=deaths]")
    page.click("#incidents th[data-sort=deaths]")
    assert page.locator("#incidents th[data-sort=deaths]").get_attribute("aria-sort") == "ascending"
    values = [int(x) for x in page.locator("#incidents tbody tr td:nth-child(6)").all_inner_texts()]
    assert values == sorted(values)

    # actor and date filters; paging
    page.click("#f-reset")
    expect(page.locator("#matching")).to_have_text(re.compile(r"^10001 of"))
    page.fill("#f-actor", "brigade 3")
    page.fill("#f-from", "2024-03-01")
    page.fill("#f-to", "2024-05-31")
    page.locator("#f-to").dispatch_event("change")
    expect(page.locator("#matching")).not_to_have_text(re.compile(r"^10001 of"))
    lo, hi = "2024-03-01", "2024-05-31"
    want = [
        inc
        for inc, _ in records
        if any("brigade 3" in a.name.lower() for a in inc.actors) and lo <= inc.date_start.isoformat() <= hi
    ]
    assert matching(page) == len(want) > 50
    page.click("#next")
    assert "page=2" in page.url
    assert "Page 2 of" in page.locator("#page-info").inner_text()

    # the state in the URL survives a reload
    kept = page.url
    page = w.open(kept)
    assert matching(page) == len(want)
    assert page.input_value("#f-actor") == "brigade 3"
    assert page.input_value("#f-from") == lo
    assert "Page 2 of" in page.locator("#page-info").inner_text()

    # the map's view is in the URL, and "only the map view" narrows the table to what the map shows
    page = w.open(url + "/?map=4.5,-74,6&in_view=1")
    assert page.is_checked("#f-view")
    in_view = matching(page)
    colombia = sum(1 for inc, _ in records if inc.place.country_iso3 == "COL")
    assert 0 < in_view <= colombia
    assert set(page.locator("#incidents tbody tr td:nth-child(3)").all_inner_texts()) == {"Colombia"}
    page.click(".leaflet-control-zoom-in")
    expect(page.locator("#matching")).not_to_have_text(re.compile(f"^{in_view} of"))
    assert matching(page) < in_view
    assert parse_qs(urlparse(page.url).query)["map"] == ["4.500,-74.000,7"]
    page.wait_for_selector(".leaflet-marker-icon")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-10k-map-view.png"))

    # a timeline bar narrows the dates
    page.click("#f-reset")
    expect(page.locator("#matching")).to_have_text(re.compile(r"^10001 of"))
    page.locator("#timeline rect.bar").nth(10).click()
    assert 0 < matching(page) < 10_001
    assert "from=" in page.url
    assert "to=" in page.url
    w.close()


def test_click_shows_evidence_and_hostile_text_stays_text(big: tuple[str, list[Any]], browser: Any) -> None:
    url, _ = big
    w = Watched(browser)
    page = w.open(url + "/?country=KEN")
    assert matching(page) == 1
    page.locator("#incidents tbody tr").first.click()
    page.wait_for_selector("#reports .report mark")
    assert "incident=inc10000" in page.url
    assert page.locator("#reports mark.k-figure").all_inner_texts() == ["4"]
    assert d.HOSTILE_ACTOR in page.locator("#reports mark.k-actor").all_inner_texts()
    # one piece of text may support several values: each is named in the highlight's title
    assert page.locator("#reports mark[title*='place: Zalvora (KEN)']").inner_text() == "Zalvora"
    # markup in actor names, titles and texts is shown as text, never parsed
    assert d.HOSTILE_ACTOR in page.locator("#incidents tbody").inner_text()
    assert d.HOSTILE_TITLE in page.locator("#reports h3").inner_text()
    assert "<b>" in page.locator("#reports .article-text").inner_text()
    assert page.locator("main img, main script, #reports b, #reports i").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    # a javascript: URL is shown, not linked
    assert page.locator("#reports a").count() == 0
    assert d.HOSTILE_URL in page.locator("#reports .unlinked").inner_text()
    # the selected incident is ringed on the map
    assert page.locator(".selected-ring").count() == 1

    page = w.open(url + "/")
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#incidents tbody tr").nth(2).click()
    page.wait_for_selector("#reports .report mark")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "dashboard-10k.png"), full_page=True)
    assert (ARTIFACTS / "dashboard-10k.png").stat().st_size > 20_000
    w.close()


def test_fused_incident_shows_every_report(browser: Any) -> None:
    import export_samples as s

    class Ledger(d.MemoryLedger):
        def __init__(self) -> None:
            super().__init__([])
            self.records = [(inc, next(iter(s.EXTRACTIONS))) for inc in s.INCIDENTS]

        def extractions(self):  # type: ignore[no-untyped-def]
            return iter(s.EXTRACTIONS)

        def extraction(self, article_id):  # type: ignore[no-untyped-def]
            return next(ex for ex in s.EXTRACTIONS if ex.article.id == article_id)

    for url in serve(Ledger()):
        w = Watched(browser)
        page = w.open(url + "/")
        assert matching(page) == 2
        page.locator("#incidents tbody tr", has_text="Kumasi").click()
        page.wait_for_selector("#reports .report mark")
        assert page.locator("#reports .report").count() == 2
        figure_marks = page.locator("#reports mark.k-figure").all_inner_texts()
        assert "At least three" in figure_marks
        assert "seven" in figure_marks
        assert "Kumasi" in page.locator("#detail-title").inner_text()
        assert page.locator("#reports a[href='https://example.org/a1']").count() == 1
        w.close()


def test_new_incidents_appear_without_reload(browser: Any) -> None:
    ledger = d.MemoryLedger(d.synthetic(30))
    for url in serve(ledger):
        w = Watched(browser)
        page = w.open(url + "/?poll=0.5")
        assert matching(page) == 30
        page.evaluate("window.__sameDocument = true")
        ledger.add([d.hostile(900), *d.synthetic(2, start=901)])
        expect(page.locator("#live")).to_contain_text("3 new incidents", timeout=15_000)
        assert matching(page) == 33
        assert page.locator("#incidents tbody tr.new").count() == 3
        assert page.evaluate("window.__sameDocument === true")  # no reload happened
        assert page.locator("#f-country option[value=KEN]").count() == 1  # a new country joins the filter
        # the server goes away for a while: the page says so, keeps what it has, and resumes
        page.route("**/api/dashboard/incidents?since=*", lambda route: route.abort())
        expect(page.locator("#live")).to_contain_text("Live updates paused", timeout=15_000)
        assert matching(page) == 33
        page.unroute("**/api/dashboard/incidents?since=*")
        expect(page.locator("#live")).to_have_text("Live updates resumed", timeout=15_000)
        w.problems = [p for p in w.problems if "net::ERR_FAILED" not in p]  # the aborted polls themselves
        w.close()


def test_without_map_libraries_the_page_says_so_and_still_lists(big: tuple[str, list[Any]], browser: Any) -> None:
    url, _ = big
    page = browser.new_page()
    page.route("**/static/vendor/**", lambda route: route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/?country=KEN")
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    assert "make static" in page.locator("#map-notice").inner_text()
    assert page.locator("#incidents tbody tr").count() == 1
    assert not errors, errors
    page.close()
