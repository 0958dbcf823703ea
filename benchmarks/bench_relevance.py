"""Relevance first (issue 11): whole-process ``flashpoint code`` against bare spaCy on a mixed news stream.

usage: nice python -m benchmarks.bench_relevance [--data ../shared/data] [--conflict-share 0.25] [--workers 1]

The stream is built at run time from the shared development sets (read from there, never copied into the
project): every off-topic article of ``ecb_nonconflict_dev.csv`` (sport, technology, business, disasters,
elections) and enough conflict articles (``ecb_conflict_dev.csv``, then ``muc4_dev_0001_0400.csv``) that
about a quarter of the stream is conflict news, shuffled with a fixed seed. Both sides run as a whole
process on the same texts in the same run, one after the other, so the ratio includes loading:

* bare spaCy: ``spacy.load(en_core_web_sm)`` and its full pipeline (``nlp.pipe``) over every text;
* Flashpoint: ``flashpoint code STREAM.csv --workers N`` (relevance, then parsing and coding only of the
  articles judged in scope), writing the ACLED CSV.

The issue asks for Flashpoint to be at least 2x faster than bare spaCy here.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"

_BARE_SPACY = """
import csv, sys
import spacy
csv.field_size_limit(1 << 30)
nlp = spacy.load(sys.argv[2])
texts = [row["text"] for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))]
n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
print(n)
"""


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build_stream(data: Path, conflict_share: float, seed: int = 11) -> list[dict[str, str]]:
    """Off-topic articles plus conflict articles making up ``conflict_share`` of the stream, shuffled."""
    off = [{"id": r["id"], "text": r["text"], "date": r.get("date", ""), "kind": "off"}
           for r in _rows(data / "ecb_nonconflict_dev.csv")]  # fmt: skip
    conflict = [{"id": r["id"], "text": r["text"], "date": r.get("date", ""), "kind": "conflict"}
                for r in _rows(data / "ecb_conflict_dev.csv")]  # fmt: skip
    conflict += [{"id": r["doc_id"], "text": r["text"], "date": "", "kind": "conflict"}
                 for r in _rows(data / "muc4_dev_0001_0400.csv")]  # fmt: skip
    want = round(len(off) * conflict_share / (1 - conflict_share))
    stream = off + conflict[:want]
    random.Random(seed).shuffle(stream)
    return stream


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    """Build the stream, time both processes, print the seconds and the ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--conflict-share", type=float, default=0.25)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    if not (args.data / "ecb_nonconflict_dev.csv").exists():
        print(f"bench_relevance: no shared data in {args.data}; skipped")
        return
    from flashpoint.nlp.backbone import DEFAULT_MODEL

    stream = build_stream(args.data, args.conflict_share)
    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as tmp:
        path = Path(tmp) / "stream.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["id", "text", "date"], extrasaction="ignore")
            writer.writeheader()
            writer.writerows(stream)
        exe = Path(sys.executable).with_name("flashpoint")
        flashpoint = _timed(
            [str(exe), "code", str(path), "--text-column", "text", "--id-column", "id", "--date-column", "date",
             "--format", "acled", "--output", str(Path(tmp) / "out.csv"), "--workers", str(args.workers)]
        )  # fmt: skip
        bare = _timed([sys.executable, "-c", _BARE_SPACY, str(path), DEFAULT_MODEL])
    conflict = sum(r["kind"] == "conflict" for r in stream) / len(stream)
    print(f"stream: {len(stream)} articles, {sum(len(r['text']) for r in stream):,} characters")
    print(f"bare spaCy {DEFAULT_MODEL} (load + full pipeline): {bare:.1f} s")
    print(f"flashpoint code --workers {args.workers} (whole process): {flashpoint:.1f} s")
    print(
        f"ratio bare spaCy / flashpoint code: {bare / flashpoint:.2f}x (issue 11 asks >= 2x); conflict ~{conflict:.2f}"
    )


if __name__ == "__main__":
    main()
