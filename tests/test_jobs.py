"""Jobs over whole inputs: the local worker pool, coding and ingesting (flashpoint.jobs)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest

from flashpoint.jobs import code_articles, ingest_into, process_articles
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, Rejection

REPORTS = [
    "Hundreds of traders marched through central Orlo on Monday to protest against new market levies, "
    "witnesses said. The march ended peacefully outside the city assembly.",
    "Gunmen attacked a police checkpoint near Pelmora late on Saturday, killing two officers, a police "
    "spokesman said on Sunday.",
    "The central bank left its benchmark rate unchanged at 14 percent on Thursday, citing easing inflation.",
]


def _article(i: int, text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 2, 12), external_id=f"r{i}")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineOptions(batch_size=2))


def test_code_articles_keeps_ingest_rejections(pipeline: Pipeline) -> None:
    bad = Rejection(origin="batch.csv:row 3", code="FP101", reason="empty text", stage="ingest@1", external_id="r9")
    items: list[Article | Rejection] = [_article(0, REPORTS[0]), bad]
    coded = list(code_articles(items, PipelineOptions()))
    ids = sorted(c.external_id or "" for c in coded)
    assert ids == ["r0", "r9"]
    rejected = next(c for c in coded if c.external_id == "r9")
    assert rejected.rejection is bad
    assert rejected.rows[0]["event_type"] == ""


def test_two_workers_give_the_same_result_as_one(pipeline: Pipeline) -> None:
    arts = [_article(i, t) for i, t in enumerate(REPORTS * 3)]
    one = list(process_articles(arts, PipelineOptions(workers=1, chunk_size=2), pipeline=pipeline))
    two = list(process_articles(arts, PipelineOptions(workers=2, chunk_size=2)))
    assert one == two


def test_ingest_into_stores_once_and_links_copies(tmp_path: Path, pipeline: Pipeline) -> None:
    from flashpoint.ingest import IngestOptions
    from flashpoint.ledger import Ledger

    batch = tmp_path / "batch.csv"
    with batch.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "date", "source"])
        w.writerow(["w1", REPORTS[1], "2024-02-11", "Wire One"])
        w.writerow(["w2", REPORTS[1], "2024-02-11", "Paper Two"])  # the same wire text, carried verbatim
        w.writerow(["w3", "", "2024-02-11", "Wire One"])  # empty: rejected, not lost
    url = f"sqlite:///{tmp_path / 'f.db'}"
    options = IngestOptions(text_column="text", date_column="date", id_column="id", source_column="source")
    first = ingest_into([str(batch)], url, options, PipelineOptions())
    assert (first.read, first.recorded, first.duplicates, len(first.rejections)) == (3, 1, 1, 1)
    again = ingest_into([str(batch)], url, options, PipelineOptions())
    assert again.recorded == 0
    ledger = Ledger(url)
    try:
        incidents = ledger.incidents()
        assert len(incidents) == 1
        assert {"w1", "w2"} <= set(incidents[0].external_ids)
    finally:
        ledger.close()
