"""Ingest benchmarks: reading (a CSV batch, an oversized file), and ingest with fusion against ``code``.

usage: python -m benchmarks.bench_ingest [CSV] [--pairs N] [--workers W] [--text-column notes] ...

Reading (issue 16 moved these targets here from timed asserts in ``tests/ingest/test_files.py``): 2,400
rows of 60-word reports read in under 2 s; a 50 MB single report refused in under 5 s (by its size on
disk, without reading it). Both are printed with the ratio to their target, measured in this one run.

Ingest against code (issue 13 item 5: ingest with fusion costs at most 1.05x the time of ``flashpoint
code`` on the same file with the same workers): ``--pairs`` pairs of whole processes, ``flashpoint code
CSV --workers W`` and ``flashpoint ingest CSV --workers W`` into a new SQLite file, in ONE run, the order
alternating from pair to pair (code first, then ingest first) so a trend in the machine's load favours
neither. For each run: wall seconds, CPU seconds of the whole process tree (user + system of the main
process and of its worker processes, read with ``getrusage`` in a wrapper around the CLI; less sensitive
to the load of other processes than wall time, though not immune) and the 1-minute load average before
it. Printed: each pair's ratios, the ratio of the medians, and the main processes' difference (the workers
do the same work in both commands; fusion runs in ingest's main process). Default CSV: the ACLED
development notes in ../shared/data (read from there, never copied); the comparison is skipped when the
file is absent or ``--pairs 0``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
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


# The command runs in a wrapper that writes the CPU of its own (main) process and of its children (the
# worker and store processes, reaped before it ends), so the two can be told apart.
_WRAPPER = """
import resource, sys
from flashpoint.cli import main
try:
    main.main(args=sys.argv[2:], prog_name="flashpoint", standalone_mode=False)
finally:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(sys.argv[1], "w") as fh:
        fh.write(f"{me.ru_utime + me.ru_stime} {kids.ru_utime + kids.ru_stime}")
"""


@dataclasses.dataclass(frozen=True, slots=True)
class Run:
    """One timed command: wall seconds, CPU seconds of its main process and of its children, load before."""

    wall: float
    main_cpu: float
    children_cpu: float
    load: float

    @property
    def cpu(self) -> float:
        """CPU seconds of the whole process tree."""
        return self.main_cpu + self.children_cpu


def _timed(args: list[str], report: Path) -> Run:
    """Run ``flashpoint ARGS`` in the wrapper and measure it."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    cmd = [sys.executable, "-c", _WRAPPER, str(report), *args]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    main_cpu, children_cpu = (float(x) for x in report.read_text(encoding="utf-8").split())
    return Run(wall, main_cpu, children_cpu, load)


def ingest_against_code(a: argparse.Namespace) -> None:
    """Run ``code`` and ``ingest`` on the same file with the same workers, alternating, and print the ratios."""
    columns = ["--text-column", a.text_column, "--id-column", a.id_column, "--date-column", a.date_column]
    workers = ["--workers", str(a.workers)]
    runs: dict[str, list[Run]] = {"code": [], "ingest": []}
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "cpu.txt"
        for pair in range(a.pairs):
            commands = {
                "code": ["code", str(a.csv), *columns, *workers, "--format", "acled",
                         "--output", str(Path(tmp) / f"out{pair}.csv")],
                "ingest": ["ingest", str(a.csv), *columns, *workers, "--db", f"sqlite:///{Path(tmp) / f'f{pair}.db'}"],
            }  # fmt: skip
            order = ("code", "ingest") if (pair + a.first_pair) % 2 == 1 else ("ingest", "code")
            for name in order:
                runs[name].append(_timed(commands[name], report))
            code, ingest = runs["code"][-1], runs["ingest"][-1]
            print(
                f"pair {pair + a.first_pair} ({' then '.join(order)}): {_describe('code', code)}; "
                f"{_describe('ingest', ingest)}; ingest/code {ingest.wall / code.wall:.3f} wall, "
                f"{ingest.cpu / code.cpu:.3f} CPU",
                flush=True,
            )
    median = {name: {k: statistics.median(getattr(r, k) for r in rs) for k in _FIELDS} for name, rs in runs.items()}
    loads = [r.load for rs in runs.values() for r in rs]
    code, ingest = median["code"], median["ingest"]
    print(
        f"medians of {a.pairs} pairs, {a.workers} workers, load {min(loads):.1f}-{max(loads):.1f}: "
        + "; ".join(f"{name} {m['wall']:.1f} s wall {m['cpu']:.1f} s CPU ({m['main_cpu']:.1f} main + "
                    f"{m['children_cpu']:.1f} workers)" for name, m in median.items())
        + f"; ingest/code {ingest['wall'] / code['wall']:.3f} wall, {ingest['cpu'] / code['cpu']:.3f} CPU "
        f"(target {RATIO_TARGET}x); main process: ingest - code = {ingest['main_cpu'] - code['main_cpu']:+.1f} s CPU"
    )  # fmt: skip


_FIELDS = ("wall", "cpu", "main_cpu", "children_cpu")


def _describe(name: str, run: Run) -> str:
    return (
        f"{name} {run.wall:.1f} s wall, {run.cpu:.1f} s CPU ({run.main_cpu:.1f} main + {run.children_cpu:.1f} "
        f"workers; load {run.load:.1f})"
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
