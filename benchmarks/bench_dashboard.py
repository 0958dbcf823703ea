"""Dashboard benchmark: how long the page's first load, its polls and an incident's detail take on a real ledger.

Run with ``make bench`` or ``python -m benchmarks.bench_dashboard [--events N] [--db URL]``.
Builds a SQLite ledger from :func:`flashpoint.fuse.synthetic.report_stream` (about ``N`` events fused into
incidents; not timed), then times, through the app's own HTTP interface (Starlette's test client, no network):

* the first ``GET /api/dashboard/incidents`` (every incident as a compact row; nothing cached),
* the same again (rows cached for the ledger's version),
* a poll with ``?since=VERSION`` when nothing changed (what an open page does every 10 s),
* ``GET /api/dashboard/incidents/{id}`` for 20 incidents (one detail reads only its own reports),
* and, in the same run, the two ways of finding each event's certainty for the rows: decoding every stored
  extraction (what a ledger without ``event_certainties()`` costs) against the one-column read.

Each line gives the median of its repeats and the answer's size. Ratios are within one run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger
from flashpoint.web.app import create_app
from flashpoint.web.dashboard import event_certainties


def _timed(client: TestClient, url: str, repeats: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        answer = client.get(url)
        times.append(time.perf_counter() - start)
        answer.raise_for_status()
        size = len(answer.content)
    return statistics.median(times), size


def main() -> None:
    """Build a ledger of synthetic reports and time the dashboard's endpoints over it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Ledger(url) as ledger:
            for _ in ledger.record_many(report_stream(args.events), batch_size=500):
                pass
            counts = ledger.counts()
            start = time.perf_counter()
            decoded = event_certainties(ledger.extractions())
            slow = time.perf_counter() - start
            start = time.perf_counter()
            column = ledger.event_certainties()
            fast = time.perf_counter() - start
            if decoded != column:
                raise SystemExit("event_certainties() disagrees with the stored extractions")
        with TestClient(create_app(url)) as client:
            start = time.perf_counter()
            first = client.get("/api/dashboard/incidents")
            cold = time.perf_counter() - start
            first.raise_for_status()
            version = first.json()["version"]
            ids = [row["id"] for row in first.json()["incidents"]]
            warm, size = _timed(client, "/api/dashboard/incidents", 5)
            poll, poll_size = _timed(client, f"/api/dashboard/incidents?since={version}", 20)
            step = max(1, len(ids) // 20)
            details = [_timed(client, f"/api/dashboard/incidents/{i}", 1)[0] for i in ids[::step][:20]]
    print(
        f"{counts['incidents']:,} incidents from {counts['articles']:,} reports ({counts['events']:,} events): "
        f"first load {cold:.2f} s ({len(first.content) / 1e6:.1f} MB), cached load {warm:.2f} s ({size / 1e6:.1f} MB), "
        f"unchanged poll {poll * 1000:.1f} ms ({poll_size} bytes), incident detail median "
        f"{statistics.median(details) * 1000:.1f} ms (max {max(details) * 1000:.1f} ms); certainties: "
        f"{slow:.2f} s decoding every extraction, {fast:.3f} s from the events column ({slow / fast:.0f}x)"
    )


if __name__ == "__main__":
    main()
