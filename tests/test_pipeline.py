"""The orchestrator: stage order, per-article failure capture, order-preserving parallel runs."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from flashpoint.errors import ExtractionError, TextTooLongError
from flashpoint.extract import events
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Extraction, Rejection

from .sample_reports import REPORTS
from .sample_reports import article as _article


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
        if "Pelmora" in doc.text:
            raise ValueError("lexicon exploded")
        return real(doc, **kw)

    monkeypatch.setattr(events, "extract_events", flaky)
    out = list(pipeline.analyse_many([_article(i, t) for i, t in enumerate(REPORTS)]))
    assert len(out) == 3
    rejected = [x for x in out if isinstance(x, Rejection)]
    assert [r.external_id for r in rejected] == ["r1"]
    assert rejected[0].code == "FP200"
    assert "lexicon exploded" in rejected[0].reason


def test_extraction_lists_every_claim_behind_its_figures_and_events(pipeline: Pipeline) -> None:
    out = pipeline.analyse(_article(1, REPORTS[1]))
    assert out.figures
    assert out.events
    for item in (*out.figures, *out.events):
        assert item.claim in out.claims
    assert len(set(out.claims)) == len(out.claims)


MARKETS = (
    "The central bank left its benchmark rate unchanged at 14 percent on Thursday, citing easing inflation. "
    "Shares in the largest lenders rose after the decision, and the currency firmed against the dollar. "
    "Investors had expected a cut after three months of falling prices, but the governor said the bank "
    "wanted to see food prices settle first. Bond yields fell slightly. Analysts said the next meeting, "
    "in six weeks, would probably bring the first cut of the year, with exporters pressing for cheaper "
    "credit and retailers reporting weak sales over the holidays. Stock markets closed higher in most of "
    "the region, with the main index up 0.8 percent and quarterly earnings from two large banks due next week."
)


def test_an_out_of_scope_article_is_recorded_and_never_parsed(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = pipeline.backbone.pipe

    def spy(texts: Any, **kw: Any) -> Any:
        texts = list(texts)
        parsed.extend(texts)
        return real(texts, **kw)

    monkeypatch.setattr(pipeline.backbone, "pipe", spy)
    out = list(pipeline.analyse_many([_article(i, t) for i, t in enumerate([*REPORTS[:2], MARKETS])]))
    assert all(isinstance(x, Extraction) for x in out)
    bank = out[2]
    assert isinstance(bank, Extraction)
    assert bank.relevance is not None
    assert not bank.relevance.in_scope
    assert bank.events == ()
    assert "relevance.no_cue" in bank.relevance.rule
    assert MARKETS not in parsed
    assert REPORTS[1] in parsed
    first = out[1]
    assert isinstance(first, Extraction)
    assert first.relevance is not None
    assert first.relevance.in_scope


def test_text_in_capitals_is_read_like_ordinary_text(pipeline: Pipeline) -> None:
    text = REPORTS[1]
    upper = pipeline.analyse(_article(7, text.upper()))
    normal = pipeline.analyse(_article(8, text))
    assert [e.event_type for e in upper.events] == [e.event_type for e in normal.events]
    assert [e.fatalities for e in upper.events] == [e.fatalities for e in normal.events]
    assert upper.events
    for ev in (e for event in upper.events for e in event.evidence):
        assert upper.article.text[ev.start : ev.end].upper() == ev.text.upper()


def test_quiet_paragraphs_are_blanked_with_offsets_kept(pipeline: Pipeline) -> None:
    body = "Gunmen attacked a police checkpoint near Pelmora late on Saturday, killing two officers.\n\n"
    quiet = "The city is the largest in the region and trades in cattle, grain and dried fish.\n\n"
    tail = "A police spokesman said the attackers escaped on motorcycles. " * 8
    article = _article(9, body + quiet + tail)
    decision = pipeline.judge(article)
    assert decision.in_scope
    assert decision.quiet == ((len(body), len(body) + len(quiet) - 2),)
    text = pipeline.reading_text(article, decision.quiet)
    assert len(text) == len(article.text)
    assert "cattle" not in text
    assert text.startswith(body)
    extraction = pipeline.analyse(article)
    assert extraction.events


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
        if "Pelmora" in text:
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
