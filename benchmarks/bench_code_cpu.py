"""CPU of a whole ``flashpoint code`` process against a bare spaCy process on the same texts, in one run.

usage: python -m benchmarks.bench_code_cpu [CSV] [--text-column notes] [--id-column ID] [--limit N] [--rounds R]

Full articles instead of notes, e.g.: ``python -m benchmarks.bench_code_cpu
../shared/data/glocon_sample_sa_docs_dev.csv --text-column text --id-column id --limit 100``.

Issue 14's measure: the whole process (start-up, model and gazetteer loading, reading the CSV, coding,
writing the rows) of ``flashpoint code --workers 1`` against a process that loads ``en_core_web_sm`` (the
full pipeline, as packaged: ``flashpoint.nlp.backbone.DEFAULT_MODEL``) and runs ``nlp.pipe`` over the
same texts with the same batch size. CPU is user + system
time of each child process (``RUSAGE_CHILDREN``), so the load of other processes on the machine does not
count (it still slows both sides a little: caches and memory bandwidth are shared). The two sides alternate,
round by round; the ratio of record is that of the two medians, and the best round of each side and the
ratio of every round are printed too. Default texts: the first ``--limit`` ACLED
development notes in ../shared/data (read from there, never copied).
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from flashpoint.nlp.backbone import DEFAULT_MODEL

DEFAULT_CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "acled_dev_2020_global.csv"
BARE = """
import csv, sys
import spacy
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
nlp = spacy.load(sys.argv[4])
for _ in nlp.pipe([r[sys.argv[2]] for r in rows], batch_size=int(sys.argv[3])):
    pass
"""


def _cpu_of(cmd: list[str]) -> float:
    """User + system CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Run both sides ``--rounds`` times, alternating, and print the best CPU of each and their ratio."""
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--text-column", default="notes")
    ap.add_argument("--id-column", default="event_id_cnty")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with a.csv.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [{a.text_column: r[a.text_column], a.id_column: r[a.id_column]} for r in reader][: a.limit]
    words = sum(len(r[a.text_column].split()) for r in rows)
    flashpoint = str(Path(sys.executable).with_name("flashpoint"))
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "texts.csv"
        with subset.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=[a.id_column, a.text_column])
            writer.writeheader()
            writer.writerows(rows)
        bare_cmd = [sys.executable, "-c", BARE, str(subset), a.text_column, str(a.batch_size), DEFAULT_MODEL]
        code_cmd = [
            flashpoint, "code", str(subset), "--text-column", a.text_column, "--id-column", a.id_column,
            "--workers", "1", "--output", str(Path(tmp) / "out.csv"),
        ]  # fmt: skip
        bare: list[float] = []
        ours: list[float] = []
        for _ in range(a.rounds):
            bare.append(_cpu_of(bare_cmd))
            ours.append(_cpu_of(code_cmd))
    mid_bare, mid_ours = statistics.median(bare), statistics.median(ours)
    print(f"texts={len(rows)} words={words} rounds={a.rounds}")
    print(f"bare spaCy process      : median {mid_bare:6.2f} s CPU, best {min(bare):6.2f} s")
    print(f"flashpoint code process : median {mid_ours:6.2f} s CPU, best {min(ours):6.2f} s")
    print("ratio of each round     : " + " ".join(f"{o / b:.2f}x" for o, b in zip(ours, bare, strict=True)))
    print(f"cost ratio (medians)    : {mid_ours / mid_bare:.2f}x bare spaCy (issue 14 ceiling: 1.25x)")


if __name__ == "__main__":
    main()
