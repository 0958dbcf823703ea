"""Ingest benchmarks: reading (a CSV batch, an oversized file), and ingest with fusion against ``code``.

usage: python -m benchmarks.bench_ingest [CSV] [--pairs N] [--workers W] [--text-column notes] ...

Reading (issue 16 moved these targets here from timed asserts in ``tests/ingest/test_files.py``): 2,400
rows of 60-word reports read in under 2 s; a 50 MB single report refused in under 5 s (by its size on
disk, without reading it). Both are printed with the ratio to their target, measured in this one run.

Ingest against code (issue 13 item 5: ingest with fusion costs at most 1.05x the time of ``flashpoint
code`` on the same file with the same workers): ``--pairs`` pairs of whole processes, ``flashpoint code
CSV --workers W`` and ``flashpoint ingest CSV --workers W`` into a new SQLite file, in ONE run, the order
alternating from pair to pair (code first, then ingest first) so a trend in the machine's load favours
neither. For each run: wall seconds, CPU seconds of the whole process tree (user + system of the command
and its worker and store processes, ``RUSAGE_CHILDREN``, which the load of other processes does not
inflate much) and the 1-minute load average before it. Printed: each pair's ratios, and the ratio of the
medians. Default CSV: the ACLED development notes in ../shared/data (read from there, never copied);
the comparison is skipped when the file is absent or ``--pairs 0``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flashpoint.ingest import IngestOptions, read_paths
from flashpoint.records import Article, Rejection

WORDS = ("police", "protesters", "fired", "tear", "gas", "district", "capital", "killed", "soldiers", "village")
ROWS = 2400
ROWS_TARGET_S = 2.0
HUGE_MB = 50
HUGE_TARGET_S = 5.0
DEFAULT_CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "acled_dev_2020_global.csv"
RATIO_TARGET = 1.05


def _batch(folder: Path) -> Path:
    rng = random.Random(1)
    lines = ["id,date,country,text"]
    for i in range(ROWS):
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        lines.append(f"r{i},2020-05-0{1 + i % 9},Kenya,{text}.")
    path = folder / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def reading() -> None:
    """Print the seconds each read took and its share of the target."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = _batch(folder)
        options = IngestOptions(id_column="id", date_column="date", country_column="country")
        started = time.perf_counter()
        items = list(read_paths([batch], options))
        rows_s = time.perf_counter() - started
        read = sum(isinstance(i, Article) for i in items)
        print(
            f"csv batch: {read:,} of {ROWS:,} rows in {rows_s:.2f} s ({rows_s / ROWS_TARGET_S:.0%} of the 2 s target)"
        )
        huge = folder / "huge.txt"
        with huge.open("wb") as fh:
            fh.truncate(HUGE_MB * 1024 * 1024)  # a sparse file: its size, not its bytes, is what is refused
        started = time.perf_counter()
        refused = list(read_paths([huge]))
        huge_s = time.perf_counter() - started
        code = refused[0].code if refused and isinstance(refused[0], Rejection) else "not refused"
        print(f"{HUGE_MB} MB report: {code} in {huge_s:.3f} s ({huge_s / HUGE_TARGET_S:.1%} of the 5 s target)")


def _timed(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the process tree, and the 1-minute load average before the run."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load


def ingest_against_code(a: argparse.Namespace) -> None:
    """Run ``code`` and ``ingest`` on the same file with the same workers, alternating, and print the ratios."""
    flashpoint = str(Path(sys.executable).with_name("flashpoint"))
    columns = ["--text-column", a.text_column, "--id-column", a.id_column, "--date-column", a.date_column]
    workers = ["--workers", str(a.workers)]
    runs: dict[str, list[tuple[float, float, float]]] = {"code": [], "ingest": []}
    with tempfile.TemporaryDirectory() as tmp:
        for pair in range(a.pairs):
            commands = {
                "code": [flashpoint, "code", str(a.csv), *columns, *workers, "--format", "acled",
                         "--output", str(Path(tmp) / f"out{pair}.csv")],
                "ingest": [flashpoint, "ingest", str(a.csv), *columns, *workers,
                           "--db", f"sqlite:///{Path(tmp) / f'f{pair}.db'}"],
            }  # fmt: skip
            order = ("code", "ingest") if (pair + a.first_pair) % 2 == 1 else ("ingest", "code")
            for name in order:
                runs[name].append(_timed(commands[name]))
            (cw, cc, cl), (iw, ic, il) = runs["code"][-1], runs["ingest"][-1]
            print(
                f"pair {pair + a.first_pair} ({' then '.join(order)}): "
                f"code {cw:.1f} s wall {cc:.1f} s CPU (load {cl:.1f}); "
                f"ingest {iw:.1f} s wall {ic:.1f} s CPU (load {il:.1f}); ingest/code {iw / cw:.3f} wall, "
                f"{ic / cc:.3f} CPU",
                flush=True,
            )
    wall = {name: statistics.median(r[0] for r in rs) for name, rs in runs.items()}
    cpu = {name: statistics.median(r[1] for r in rs) for name, rs in runs.items()}
    loads = [r[2] for rs in runs.values() for r in rs]
    print(
        f"medians of {a.pairs} pairs, {a.workers} workers, load {min(loads):.1f}-{max(loads):.1f}: "
        f"code {wall['code']:.1f} s wall {cpu['code']:.1f} s CPU; ingest {wall['ingest']:.1f} s wall "
        f"{cpu['ingest']:.1f} s CPU; ingest/code {wall['ingest'] / wall['code']:.3f} wall, "
        f"{cpu['ingest'] / cpu['code']:.3f} CPU (target {RATIO_TARGET}x)"
    )


def main() -> None:
    """The reading benchmark, then ingest against code on the CSV when it is there."""
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--text-column", default="notes")
    ap.add_argument("--id-column", default="event_id_cnty")
    ap.add_argument("--date-column", default="event_date")
    ap.add_argument("--skip-reading", action="store_true")
    ap.add_argument("--first-pair", type=int, default=1, help="number of the first pair (odd: code runs first)")
    a = ap.parse_args()
    if not a.skip_reading:
        reading()
    if a.pairs > 0 and a.csv.exists():
        ingest_against_code(a)
    elif a.pairs > 0:
        print(f"ingest against code: skipped ({a.csv} not found)")


if __name__ == "__main__":
    main()
