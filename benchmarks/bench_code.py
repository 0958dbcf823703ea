"""Throughput of ``flashpoint code`` against bare spaCy on the same texts, in the same run.

usage: python -m benchmarks.bench_code [CSV] [--text-column notes] [--limit N]

Default texts: the ACLED development notes in ../shared/data (read from there, never copied), else the
bundled demo reports. Both sides run in one process on one core with the same batch size, so the ratio
isolates what Flashpoint adds on top of spaCy (gazetteer, entity ruler, extractors). The full
multi-process ``code`` job is timed as well.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import resource
import time
from pathlib import Path

import spacy

from flashpoint.jobs import process_articles
from flashpoint.nlp.backbone import DEFAULT_MODEL
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article

DEFAULT_CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "acled_dev_2020_global.csv"


def load_texts(path: Path | None, column: str, limit: int) -> list[str]:
    """Texts to time: a CSV column, or the demo corpus when no CSV is available."""
    if path and path.exists():
        with path.open(newline="", encoding="utf-8") as fh:
            return [row[column] for row in csv.DictReader(fh)][:limit]
    from flashpoint.pipeline import demo_corpus

    return [p.read_text(encoding="utf-8") for p in sorted(Path(str(demo_corpus())).glob("*.txt"))][:limit]


def articles(texts: list[str]) -> list[Article]:
    """Wrap texts as articles published today."""
    out = []
    for i, text in enumerate(texts):
        digest = hashlib.sha256(text.encode()).hexdigest()
        out.append(
            Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2020, 5, 1), external_id=str(i))
        )
    return out


def main() -> None:
    """Run the benchmark and print one line per measurement."""
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--text-column", default="notes")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    texts = load_texts(a.csv, a.text_column, a.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"texts={len(texts)} words={words}")

    nlp = spacy.load(DEFAULT_MODEL)
    pipeline = Pipeline(PipelineOptions(batch_size=a.batch_size))
    arts = articles(texts)
    for _ in nlp.pipe(texts[:20]):
        pass
    list(pipeline.analyse_many(arts[:20]))
    # Alternate the two sides and keep each side's best round, so load from other processes on the
    # machine does not favour either side.
    bare = ours = float("inf")
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=a.batch_size):
            pass
        bare = min(bare, time.perf_counter() - t0)
        t0 = time.perf_counter()
        list(pipeline.analyse_many(arts))
        ours = min(ours, time.perf_counter() - t0)
    print(f"bare spaCy   : {len(texts) / bare:8.1f} texts/s {words / bare:9.0f} words/s (best of {a.rounds})")
    print(f"flashpoint   : {len(texts) / ours:8.1f} texts/s {words / ours:9.0f} words/s (1 process)")
    print(f"cost ratio   : {ours / bare:.2f}x bare spaCy (issue 3 ceiling: 1.5x)")

    t0 = time.perf_counter()
    list(process_articles(arts, PipelineOptions(workers=0, batch_size=a.batch_size)))
    full = time.perf_counter() - t0
    print(f"code, all cores: {len(texts) / full:8.1f} texts/s {words / full:9.0f} words/s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (main process): {rss:.0f} MB")


if __name__ == "__main__":
    main()
