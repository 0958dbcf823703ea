"""Reading benchmark: a CSV batch of short reports, and an oversized file refused by its size.

Run with ``make bench`` or ``python -m benchmarks.bench_ingest``. Targets (issue 16 moved them here from
timed asserts in ``tests/ingest/test_files.py``): 2,400 rows of 60-word reports read in under 2 s; a
50 MB single report refused in under 5 s (by its size on disk, without reading it). Both are printed
with the ratio to their target, measured in this one run.
"""

from __future__ import annotations

import random
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


def _batch(folder: Path) -> Path:
    rng = random.Random(1)
    lines = ["id,date,country,text"]
    for i in range(ROWS):
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        lines.append(f"r{i},2020-05-0{1 + i % 9},Kenya,{text}.")
    path = folder / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
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


if __name__ == "__main__":
    main()
