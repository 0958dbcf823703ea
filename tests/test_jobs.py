"""Jobs over whole inputs: the local worker pool, coding and ingesting (flashpoint.jobs)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from flashpoint.jobs import code_articles, ingest_into, ingest_reports, process_articles
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, Rejection

from .sample_reports import REPORTS
from .sample_reports import article as _article


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


def test_reingesting_analyses_nothing_and_looks_up_each_chunk_once(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.ledger import Ledger

    reports: list[Article | Rejection] = [_article(i, f"{REPORTS[i % 2]} Report number {i}.") for i in range(5)]
    url = f"sqlite:///{tmp_path / 'f.db'}"
    options = PipelineOptions(chunk_size=2)
    first = ingest_reports(reports, url, options)
    assert (first.read, first.recorded, first.duplicates) == (5, 5, 0)
    lookups: list[int] = []
    real = Ledger.find_duplicates

    def counted(self: Ledger, batch: Sequence[Article]) -> dict[str, str]:
        lookups.append(len(batch))
        return real(self, batch)

    monkeypatch.setattr(Ledger, "find_duplicates", counted)
    analysed: list[int] = []
    again = ingest_reports(reports, url, options, progress=analysed.append)
    assert (again.read, again.recorded, again.duplicates) == (5, 0, 5)
    assert analysed == []  # stored reports are not analysed again
    assert lookups == [2, 2, 1]  # one lookup per chunk of reports, not one per report


def test_ingest_into_reads_paths_like_ingest_reports(tmp_path: Path) -> None:
    from flashpoint.ingest import IngestOptions, read_paths

    batch = tmp_path / "batch.csv"
    with batch.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "date"])
        w.writerow(["a1", REPORTS[0], "2024-02-12"])
        w.writerow(["a2", "", "2024-02-12"])
    options = IngestOptions(text_column="text", date_column="date", id_column="id")
    by_path = ingest_into([str(batch)], f"sqlite:///{tmp_path / 'a.db'}", options, PipelineOptions())
    held = list(read_paths([batch], options))
    by_reports = ingest_reports(held, f"sqlite:///{tmp_path / 'b.db'}", PipelineOptions())
    assert by_path == by_reports
    assert (by_path.read, by_path.recorded, len(by_path.rejections)) == (2, 1, 1)
