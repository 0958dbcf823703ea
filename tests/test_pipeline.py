"""The orchestrator: stage order, per-article failure capture, order-preserving parallel runs."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from flashpoint.errors import ExtractionError, TextTooLongError
from flashpoint.extract import events
from flashpoint.pipeline import Pipeline, PipelineOptions, code_articles, process_articles
from flashpoint.records import Article, Extraction, Rejection

REPORTS = [
    "Hundreds of traders marched through central Accra on Monday to protest against new market levies, "
    "witnesses said. The march ended peacefully outside the city assembly.",
    "Gunmen attacked a police checkpoint near Maiduguri late on Saturday, killing two officers, a police "
    "spokesman said on Sunday.",
    "The central bank left its benchmark rate unchanged at 14 percent on Thursday, citing easing inflation.",
]


def _article(i: int, text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 2, 12), external_id=f"r{i}")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineOptions(batch_size=2))


def test_every_article_comes_back_in_order(pipeline: Pipeline) -> None:
    arts = [_article(i, t) for i, t in enumerate(REPORTS)]
    out = list(pipeline.analyse_many(arts))
    assert [x.article.external_id for x in out if isinstance(x, Extraction)] == ["r0", "r1", "r2"]


def test_a_failing_extractor_rejects_one_article_and_the_batch_goes_on(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = events.extract_events

    def flaky(doc: Any, **kw: Any) -> Any:
        if "Maiduguri" in doc.text:
            raise ValueError("lexicon exploded")
        return real(doc, **kw)

    monkeypatch.setattr(events, "extract_events", flaky)
    out = list(pipeline.analyse_many([_article(i, t) for i, t in enumerate(REPORTS)]))
    assert len(out) == 3
    rejected = [x for x in out if isinstance(x, Rejection)]
    assert [r.external_id for r in rejected] == ["r1"]
    assert rejected[0].code == "FP200"
    assert "lexicon exploded" in rejected[0].reason


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
    from flashpoint.pipeline import ingest_into

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


def test_extraction_lists_every_claim_behind_its_figures_and_events(pipeline: Pipeline) -> None:
    out = pipeline.analyse(_article(1, REPORTS[1]))
    assert out.figures
    assert out.events
    for item in (*out.figures, *out.events):
        assert item.claim in out.claims
    assert len(set(out.claims)) == len(out.claims)


def _with_limits(pipeline: Pipeline, *, chunk_chars: int, max_length: int) -> Any:
    """The pipeline's backbone options with other limits (restored by the caller)."""
    before = pipeline.backbone.options
    pipeline.backbone.options = dataclasses.replace(before, chunk_chars=chunk_chars, max_length=max_length)
    return before


def test_a_text_over_the_limit_is_rejected_with_its_code_and_the_batch_goes_on(pipeline: Pipeline) -> None:
    long_text = "Protesters gathered outside the provincial assembly in Velm on Friday. " * 40
    before = _with_limits(pipeline, chunk_chars=500, max_length=2000)
    try:
        arts = [_article(0, REPORTS[0]), _article(1, long_text), _article(2, REPORTS[1])]
        out = list(pipeline.analyse_many(arts))
        single = pipeline._safe(_article(1, long_text))
    finally:
        pipeline.backbone.options = before
    assert [type(x).__name__ for x in out] == ["Extraction", "Rejection", "Extraction"]
    rejected = out[1]
    assert isinstance(rejected, Rejection)
    assert rejected.code == TextTooLongError.code
    assert "2,000" in rejected.reason
    assert isinstance(single, Rejection)
    assert single.code == TextTooLongError.code


def test_a_text_longer_than_a_chunk_is_analysed_like_a_short_one(pipeline: Pipeline) -> None:
    filler = "The council met again on Wednesday to discuss the harvest and the state of the roads.\n\n" * 12
    text = filler + REPORTS[1]
    whole = pipeline.analyse(_article(0, text))
    before = _with_limits(pipeline, chunk_chars=300, max_length=len(text))
    try:
        (chunked,) = pipeline.analyse_many([_article(0, text)])
    finally:
        pipeline.backbone.options = before
    assert isinstance(chunked, Extraction)
    assert [(e.event_type, e.evidence[0].start) for e in chunked.events] == [
        (e.event_type, e.evidence[0].start) for e in whole.events
    ]
    assert [f.best for f in chunked.figures] == [f.best for f in whole.figures]


def test_a_parse_failure_rejects_one_article_and_the_batch_goes_on(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_parse = pipeline.backbone.parse

    def parse(text: str) -> Any:
        if "Maiduguri" in text:
            raise MemoryError("the parser ran out of memory")
        return real_parse(text)

    def pipe(texts: Any, **_: Any) -> Any:
        for text in texts:  # fails in the middle of a batch, like a real nlp.pipe
            yield parse(text)

    monkeypatch.setattr(pipeline.backbone, "parse", parse)
    monkeypatch.setattr(pipeline.backbone, "pipe", pipe)
    out = list(pipeline.analyse_many([_article(i, t) for i, t in enumerate(REPORTS)]))
    assert [type(x).__name__ for x in out] == ["Extraction", "Rejection", "Extraction"]
    rejected = out[1]
    assert isinstance(rejected, Rejection)
    assert rejected.code == ExtractionError.code
    assert "MemoryError" in rejected.reason
