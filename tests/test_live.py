"""Live monitoring end to end: a local feed -> Watcher -> pipeline -> ledger -> dashboard change token -> CLI.

Loads the language model (marked slow). The feed and pages are served by the ``local_site`` fixture of
``tests/conftest.py`` on 127.0.0.1; nothing goes to the internet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.ingest.watch import WatchOptions
from flashpoint.ledger import Ledger
from flashpoint.live import RoundReport, Watcher
from flashpoint.web.dashboard import ledger_version

pytestmark = pytest.mark.slow

STORY_ONE = """<html><head><title>Attack on village | Invented Wire</title></head><body><article>
<h1>Gunmen kill five in village attack</h1>
<p>THIMPHU, Dec 2 (Invented Wire) - Gunmen killed five people in an attack on a village near Thimphu, Bhutan, on
Monday night, police said on Tuesday. The attackers set fire to several houses before fleeing, a police
spokesman said.</p><p>No group has said it was behind the raid.</p></article></body></html>"""

STORY_TWO = """<html><head><title>Protest in capital | Invented Wire</title></head><body><article>
<h1>Thousands march against fuel prices</h1>
<p>ULAANBAATAR, Dec 3 (Invented Wire) - Thousands of people marched peacefully through Ulaanbaatar, Mongolia,
on Wednesday to protest against a rise in fuel prices, organisers said. The march ended outside the parliament.</p>
</article></body></html>"""


def feed(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{guid}</title><link>{base}{path}</link>"
        "<pubDate>Wed, 03 Dec 2025 09:00:00 GMT</pubDate></item>"
        for guid, path in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Invented Wire</title>'
        f"<link>{base}/</link><description>news</description>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def site(local_site: Any) -> Any:
    local_site.pages["/a.html"] = (200, "text/html", STORY_ONE.encode())
    local_site.pages["/b.html"] = (200, "text/html", STORY_TWO.encode())
    local_site.pages["/feed.xml"] = (200, "application/rss+xml", feed(local_site.base, [("w-1", "/a.html")]))
    local_site.pages["/down.xml"] = (500, "text/plain", b"down")
    return local_site


def test_rounds_record_new_reports_once_and_survive_a_failing_source(site: Any, tmp_path: Path) -> None:
    clock = [1000.0]
    with Ledger(f"sqlite:///{tmp_path / 'live.db'}") as ledger:
        watcher = Watcher(
            [site.base + "/down.xml", site.base + "/feed.xml"],
            ledger,
            options=WatchOptions(every=60.0),
            clock=lambda: clock[0],
        )
        version = ledger_version(ledger)
        first = watcher.run_round()
        assert first.recorded == 1
        assert [status for _, status, _ in first.polls] == ["failed", "new"]
        assert first.new_incident_ids
        assert len(ledger.incidents()) == len(first.new_incident_ids)
        assert ledger_version(ledger) != version  # an open dashboard sees the change on its next poll
        assert "1 failed" in first.describe()

        clock[0] += 60.0  # the feed is due again; the failing source is still backing off
        second = watcher.run_round()
        assert [(url.rsplit("/", 1)[1], status) for url, status, _ in second.polls] == [("feed.xml", "not-modified")]
        assert second.recorded == 0

        both = feed(site.base, [("w-2", "/b.html"), ("w-1", "/a.html")])
        site.pages["/feed.xml"] = (200, "application/rss+xml", both)
        clock[0] += 60.0
        third = watcher.run_round()
        assert third.recorded == 1
        assert third.new_incident_ids
        assert set(third.new_incident_ids).isdisjoint(first.new_incident_ids)
        stored = {ex.article.external_id for ex in ledger.extractions()}
        assert stored == {"w-1", "w-2"}


def test_run_sleeps_until_the_next_source_is_due(site: Any, tmp_path: Path) -> None:
    clock = [0.0]
    slept: list[float] = []
    reports: list[RoundReport] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    with Ledger(f"sqlite:///{tmp_path / 'live.db'}") as ledger:
        Watcher([site.base + "/feed.xml"], ledger, options=WatchOptions(every=30.0), clock=lambda: clock[0]).run(
            rounds=3, sleep=sleep, on_round=reports.append
        )
    assert slept == [30.0, 30.0]
    assert [r.number for r in reports] == [1, 2, 3]
    assert [r.recorded for r in reports] == [1, 0, 0]


def test_cli_watch_runs_rounds_and_reports_what_it_added(site: Any, tmp_path: Path) -> None:
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# test feeds\n{site.base}/feed.xml\n{site.base}/down.xml\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(main, ["watch", str(sources), "--db", db, "--every", "1s", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    assert "round 1: polled 2 sources (0 not modified, 1 failed)" in result.output
    assert "1 reports recorded" in result.output
    assert "new incident inc-" in result.output
    # id, type / sub-type, place, date, deaths (the coding itself is the extractors' business, tested there)
    line = r"new incident inc-\S+: [A-Z][^/\n]+ / [^,\n]+, [^\n]*Bhutan, 2025-12-0\d, \d+ killed"
    assert re.search(line, result.output)
    assert "down.xml: HTTP 500" in result.output


def test_cli_watch_keeps_its_state_across_runs(site: Any, tmp_path: Path) -> None:
    import time

    sources = tmp_path / "sources.txt"
    sources.write_text(f"{site.base}/feed.xml\n", encoding="utf-8")
    state = tmp_path / "watch-state.json"
    args = ["watch", str(sources), "--db", f"sqlite:///{tmp_path / 'cli.db'}", "--every", "1s", "--state", str(state)]
    first = CliRunner().invoke(main, [*args, "--rounds", "1"])
    assert first.exit_code == 0, first.output
    assert '"w-1"' in state.read_text(encoding="utf-8")
    time.sleep(1.1)  # the feed is due again
    site.requests.clear()
    second = CliRunner().invoke(main, [*args, "--rounds", "1"])
    assert second.exit_code == 0, second.output
    assert "(1 not modified, 0 failed); 0 reports recorded" in second.output
    assert site.requests == [("/feed.xml", True)]  # a conditional request from the saved ETag


def test_cli_watch_refuses_bad_sources_and_intervals(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["watch", str(tmp_path / "nope.txt"), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert missing.exit_code == 1
    assert "no sources file" in missing.output
    bad = tmp_path / "bad.txt"
    bad.write_text("gopher://old.example/\n", encoding="utf-8")
    refused = runner.invoke(main, ["watch", str(bad), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert refused.exit_code == 1
    assert "line 1" in refused.output
    good = tmp_path / "good.txt"
    good.write_text("http://127.0.0.1:9/feed.xml\n", encoding="utf-8")
    interval = runner.invoke(main, ["watch", str(good), "--every", "often", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert interval.exit_code == 1
    assert "not an interval" in interval.output
    assert not (tmp_path / "x.db").exists()
