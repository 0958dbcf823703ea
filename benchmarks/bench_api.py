"""API load benchmark: 20 concurrent clients on the incident list and detail endpoints while an ingest writes.

Run with ``python -m benchmarks.bench_api [--incidents N] [--clients 20] [--requests 50] [--db PATH]``.
Builds a SQLite ledger of about ``N`` incidents from :func:`flashpoint.fuse.synthetic.report_stream` (not
timed; with ``--db`` an existing file of that path holding incidents is reused as is), then, at the same time:

* serves it with uvicorn on 127.0.0.1 (a port the system picks) in a child process, as ``flashpoint serve``
  does;
* runs one writer in another child process, recording new synthetic reports (another seed) into the same
  file in batches of 50 until the clients are done; the clients start once its first batch is committed, so
  they run while it writes the next ones;
* runs ``--clients`` client threads, each making ``--requests`` requests (a bounded loop, no pause), alternating
  ``GET /api/incidents?limit=100&offset=K`` (a random page) and ``GET /api/incidents/{id}`` (a random
  incident of the first listing); with ``--mix all`` every fourth request is instead a filtered incident page
  (``_FILTERS``) and every fourth an events page ``GET /api/events?limit=100&offset=K``.

``--workers N`` serves with ``flashpoint serve --workers N`` (N uvicorn processes); the default is one.

Prints the incident count, the machine's load average (1 minute) as the clients start and end (the numbers
mean little on a machine that other work keeps busy), p50/p95/p99/max latency per endpoint and overall, the
errors (any answer but 200, or no answer), the server's CPU time per request (all its processes, from
``/proc``; on a busy machine the one figure that other work does not move), and the lost writes: reports the
writer was told were stored but that the ledger does not hold afterwards. Latencies are wall-clock at the
client, so they include queueing behind the other clients and the writer on a shared machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger

_SERVER = """
import sys
from flashpoint.cli import main
main(["serve", "--db", sys.argv[1], "--port", sys.argv[2], "--workers", sys.argv[3]])
"""
# the filtered list requests of ``--mix all`` (one drawn per request): each a filter the lists answer in SQL
_FILTERS = (
    "event_type=battles&min_fatalities=3",
    "event_type=protests",
    "min_fatalities=5",
    "certainty=asserted&since=2021-06-01",
    "bbox=0,0,40,30",
    "sub_event_type=armed%20clash&until=2021-03-31",
)

_WRITER = """
import sys
from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger
stop = __import__("pathlib").Path(sys.argv[2])
with Ledger(sys.argv[1]) as ledger, open(sys.argv[4], "w") as out:
    stream = report_stream(10**9, seed=int(sys.argv[3]))
    while not stop.exists():
        batch = [next(stream) for _ in range(50)]
        for result in ledger.record_many(batch, batch_size=50):
            if result.stored:
                print(result.article_id, file=out)
        out.flush()  # the benchmark starts its clients once the first batch is committed
"""

_EVENTS_PER_INCIDENT = 2.6  # report_stream: one to four reports an incident, some covering two


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/incidents?limit=1")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer within {timeout:.0f} s")


def _build(url: str, incidents: int) -> None:
    with Ledger(url) as ledger:
        for _ in ledger.record_many(report_stream(int(incidents * _EVENTS_PER_INCIDENT)), batch_size=500):
            pass


def _client(port: int, paths: list[str], out: list[tuple[str, float, bool]], failures: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            answer = conn.getresponse()
            body = answer.read()
            ok = answer.status == 200
            if not ok:
                failures.append(f"{path}: {answer.status} {body[:200]!r}")
        except (OSError, http.client.HTTPException) as exc:
            ok = False
            failures.append(f"{path}: {exc!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        name = _endpoint(path)
        out.append((name, time.perf_counter() - start, ok))
    conn.close()


def _endpoint(path: str) -> str:
    """The name a request's latency is reported under."""
    if path.startswith("/api/events"):
        return "list /api/events"
    if "?" not in path:
        return "detail /api/incidents/{id}"
    return "list /api/incidents (filtered)" if "offset=" not in path else "list /api/incidents"


def _quantiles(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return (
        f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms ({len(times)} requests)"
    )


def main() -> None:
    """Build (or reuse) a ledger, then load its list and detail endpoints while a writer ingests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=2_000, help="about this many incidents (default 2,000)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="requests per client")
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one); reused if it exists")
    parser.add_argument("--workers", type=int, default=1, help="server processes (flashpoint serve --workers)")
    parser.add_argument("--mix", choices=("basic", "all"), default="basic", help="request mix (see above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "api.db"
        url = f"sqlite:///{path}"
        start = time.perf_counter()
        if not path.exists() or _count(url) == 0:
            _build(url, args.incidents)
        built = time.perf_counter() - start
        with Ledger(url) as ledger:
            before = ledger.counts()
        port = _free_port()
        stop = Path(tmp) / "stop"
        server = subprocess.Popen([sys.executable, "-c", _SERVER, url, str(port), str(args.workers)])
        writer: subprocess.Popen[bytes] | None = None
        try:
            _wait_for(port)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/api/incidents?limit=1000")
            ids = [item["id"] for item in json.loads(conn.getresponse().read())["incidents"]]
            conn.close()
            rng = random.Random(5)
            pages = max(1, before["incidents"] // 100)
            event_pages = max(1, before["events"] // 100)

            def plan(i: int) -> str:
                if i % 2 == 1:
                    return f"/api/incidents/{rng.choice(ids)}"
                if args.mix == "all" and i % 4 == 2:
                    if rng.random() < 0.5:
                        return f"/api/events?limit=100&offset={rng.randrange(event_pages) * 100}"
                    return f"/api/incidents?limit=100&{rng.choice(_FILTERS)}"
                return f"/api/incidents?limit=100&offset={rng.randrange(pages) * 100}"

            plans = [[plan(i) for i in range(args.requests)] for _ in range(args.clients)]
            stored = Path(tmp) / "stored.txt"
            writer = subprocess.Popen([sys.executable, "-c", _WRITER, url, str(stop), "99", str(stored)])
            deadline = time.monotonic() + 600
            while writer.poll() is None and time.monotonic() < deadline:
                if stored.exists() and stored.stat().st_size > 0:
                    break  # the writer committed its first batch: the clients run while it writes the next ones
                time.sleep(0.1)
            load_before = os.getloadavg()
            results: list[tuple[str, float, bool]] = []
            failures: list[str] = []
            threads = [threading.Thread(target=_client, args=(port, p, results, failures)) for p in plans]
            cpu_before = _tree_cpu(server.pid)
            loaded = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - loaded
            load_after = os.getloadavg()
            cpu_after = _tree_cpu(server.pid)
            written_during = len(stored.read_text(encoding="utf-8").split())
            stop.touch()
            writer.wait(timeout=600)
            if writer.returncode != 0 or not stored.exists():
                raise SystemExit(f"the writer failed (exit {writer.returncode})")
            written_out = stored.read_text(encoding="utf-8")
        finally:
            server.terminate()
            server.wait(timeout=30)
            if writer is not None and writer.poll() is None:
                writer.kill()
                writer.wait()
        written = written_out.split()
        with Ledger(url) as ledger:
            after = ledger.counts()
            held = {a for a in written if _holds(ledger, a)}
    errors = sum(not ok for _, _, ok in results)
    print(
        f"{before['incidents']:,} incidents from {before['articles']:,} reports (built in {built:.0f} s); "
        f"{args.clients} clients x {args.requests} requests in {wall:.1f} s while one writer stored "
        f"{len(written):,} reports ({after['articles'] - before['articles']:,} new rows; "
        f"{written_during:,} committed before the clients ended); "
        f"{args.workers} server process(es), mix {args.mix}; load average (1 min) {load_before[0]:.1f} at the "
        f"start, {load_after[0]:.1f} at the end"
    )
    for name in sorted({r[0] for r in results}):
        print(f"  {name}: {_quantiles([t for n, t, _ in results if n == name])}")
    print(f"  all: {_quantiles([t for _, t, _ in results])}")
    if cpu_before is not None and cpu_after is not None:
        spent = cpu_after - cpu_before
        print(f"  server CPU: {spent:.1f} s, {spent / max(1, len(results)) * 1000:.1f} ms a request")
    print(f"  errors: {errors}; lost writes: {len(written) - len(held)}")
    for failure in failures[:10]:
        print(f"    {failure}")


def _tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by a process and its live descendants, from ``/proc`` (Linux;
    None elsewhere). The server's CPU per request does not depend on how busy the rest of the machine is."""
    proc = Path("/proc")
    if not (proc / str(pid) / "stat").exists():
        return None
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    tree, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        grown = bool(more)
        tree |= more
    return sum(ticks.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def _count(url: str) -> int:
    with Ledger(url) as ledger:
        return ledger.counts()["incidents"]


def _holds(ledger: Ledger, article_id: str) -> bool:
    try:
        ledger.article(article_id)
    except Exception:  # noqa: BLE001 - NotFoundError is the answer looked for; anything else is a loss too
        return False
    return True


if __name__ == "__main__":
    main()
