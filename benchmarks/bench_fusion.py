"""Fusion benchmark: events fused per second and peak resident memory on synthetic reports.

Run with ``make bench`` or ``python -m benchmarks.bench_fusion [--events N] [--batch B] [--db URL]``.
Target (issue 6): 100,000 events fused in under 60 s with bounded memory on a 2-core machine.

Reports come from :func:`flashpoint.fuse.synthetic.report_stream` (one to four reports per incident,
relays and revised tolls, a year over 400 towns), generated lazily so the benchmark itself holds no
corpus in memory. They are recorded through :meth:`Ledger.record_many` (every article all-or-nothing,
``--batch`` articles per commit) with ``background=True``: a store process writes one batch and reads
the candidates of the next while this process fuses (``--foreground`` keeps both in this process);
``--batch 1`` measures :meth:`Ledger.record`, one commit per article. CPU is reported for both
processes. The garbage collector's young-generation threshold is raised as a bulk-loading application
would (``--default-gc`` keeps CPython's).
Peak RSS is read from ``/proc/self/status`` (VmHWM); the memory check compares it after the first tenth
and at the end: bounded memory means the two stay close while the database grows. The timed region runs
from the first report to the closed ledger (everything written and checkpointed into the file).
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from pathlib import Path

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger

GC_THRESHOLD = 20_000  # allocations between young-generation collections (CPython's default: 700)


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _children_cpu() -> float:
    """CPU seconds of finished child processes (the store process, once it has stopped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Fuse synthetic events into a fresh database and print events/s and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="articles per transaction (1 = Ledger.record)")
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--foreground", action="store_true", help="read and write in this process (no store process)")
    parser.add_argument("--default-gc", action="store_true", help="keep CPython's default garbage-collector thresholds")
    args = parser.parse_args()
    if not args.default_gc:
        # A bulk load allocates millions of short-lived records; with the default threshold (700) the
        # collector runs ~50 times per 1,000 events and rescans the live batches (~9 % of the fusing
        # process at 30,000 events). A loading application raises it, as this one does; memory stays
        # bounded (see the peak RSS printed).
        gc.set_threshold(GC_THRESHOLD, 20, 20)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Ledger(url) as ledger:
            tenth = max(1, args.events // 10)
            early_peak = 0.0
            start = time.perf_counter()
            cpu = time.process_time()
            child_cpu = _children_cpu()
            done = 0
            stream = report_stream(args.events)
            if args.batch == 1:
                for extraction in stream:
                    ledger.record(extraction)
                    done += 1
                    early_peak = early_peak or (_peak_mb() if done == tenth else 0.0)
            else:
                for _ in ledger.record_many(stream, batch_size=args.batch, background=not args.foreground):
                    done += 1
                    early_peak = early_peak or (_peak_mb() if done == tenth else 0.0)
            counts = ledger.counts()
        # closing is timed too: it checkpoints what is left in SQLite's write-ahead log into the file
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        child_cpu = _children_cpu() - child_cpu
        peak = _peak_mb()
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        verdict = "PASS" if elapsed < 60 else "FAIL"
        total_cpu = cpu + child_cpu
        print(
            f"fused {counts['events']:,} events from {counts['articles']:,} reports into "
            f"{counts['incidents']:,} incidents in {elapsed:.1f} s: {counts['events'] / elapsed:,.0f} events/s "
            f"(target < 60 s: {verdict}); CPU {total_cpu:.1f} s ({cpu:.1f} s fusing, {child_cpu:.1f} s in the store "
            f"process), so {counts['events'] / total_cpu:,.0f} events per CPU-second on a shared machine; peak RSS "
            f"{early_peak:.0f} MB after 10 %, {peak:.0f} MB at the end (store process: {child_peak:.0f} MB); "
            f"{'background store process' if not args.foreground else 'foreground'}, "
            f"gc threshold {gc.get_threshold()[0]:,}"
        )


if __name__ == "__main__":
    main()
