"""The dashboard in a real browser: loads, draws incidents, and a click shows highlighted evidence.

Optional: skipped unless the ``playwright`` package and ``/usr/bin/chromium`` are present
(``apt-get install -y chromium``; ``pip install playwright``). Serves the app over the fake ledger of
``test_app.py``'s records with uvicorn on a free local port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture(params=["https"])
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    import dataclasses

    import export_samples as s
    import uvicorn

    from flashpoint.errors import NotFoundError
    from flashpoint.web.app import create_app

    class Ledger:
        def incidents(self):  # type: ignore[no-untyped-def]
            return list(s.INCIDENTS)

        def incident(self, incident_id):  # type: ignore[no-untyped-def]
            found = [i for i in s.INCIDENTS if i.id == incident_id]
            if not found:
                raise NotFoundError(incident_id)
            return found[0]

        def history(self, incident_id):  # type: ignore[no-untyped-def]
            return list(self.incident(incident_id).figures)

        def extractions(self):  # type: ignore[no-untyped-def]
            return iter(extractions)

        def article(self, article_id):  # type: ignore[no-untyped-def]
            return next(ex.article for ex in extractions if ex.article.id == article_id)

        def rejections(self):  # type: ignore[no-untyped-def]
            return []

    extractions = list(s.EXTRACTIONS)
    if request.param == "script-links":  # a stored link that would run script if it were ever rendered
        extractions = [
            dataclasses.replace(ex, article=dataclasses.replace(ex.article, url="javascript:window.pwned=1"))
            for ex in extractions
        ]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(ledger=Ledger()), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


def test_dashboard_click_shows_evidence(server: str) -> None:
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server + "/")
        page.wait_for_selector("#incidents tbody tr")
        assert page.locator("#incidents tbody tr").count() == 2
        assert page.locator("#map circle").count() == 2
        assert page.locator("#timeline rect").count() == 2
        assert "7" in page.locator("#figures tbody").inner_text()
        page.locator("#incidents tbody tr").first.click()
        page.wait_for_selector("#reports .report mark")
        assert page.locator("#reports .report").count() == 2
        figure_marks = page.locator("#reports mark.k-figure").all_inner_texts()
        assert "At least three" in figure_marks
        assert "seven" in figure_marks
        assert "Kumasi" in page.locator("#detail-title").inner_text()
        browser.close()
    assert not errors, errors


@pytest.mark.parametrize("server", ["script-links"], indirect=True)
def test_a_script_url_is_never_a_link_and_the_page_runs_under_the_policy(server: str) -> None:
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        response = page.goto(server + "/")
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector("#incidents tbody tr")  # the dashboard works under the strict policy
        page.locator("#incidents tbody tr").first.click()
        page.wait_for_selector("#reports .report mark")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        assert hrefs, "the page has its own links"
        assert all(h.startswith(("/", "http://", "https://")) for h in hrefs), hrefs
        assert not page.locator("#reports a").count()  # no "original" link for a script URL
        assert page.evaluate("typeof window.pwned") == "undefined"
        browser.close()
    assert not errors, errors
