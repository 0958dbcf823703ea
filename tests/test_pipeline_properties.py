"""Property-based tests of the whole pipeline on generated news-like reports (with noise).

Whatever the text, each article comes back once, as an Extraction or a Rejection with a code; every
evidence span points into the article's own text; every figure's range is ordered. Budget: the hypothesis
profile (``tests/conftest.py``); the texts are short, so an example costs one small parse.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, Evidence, Extraction, Rejection

ACTORS = ["Gunmen", "Police", "Protesters", "Soldiers", "Fighters of the Free Valley Front", "Unidentified attackers",
          "A suicide bomber", "Riot police", "Striking teachers", "Militiamen"]  # fmt: skip
VERBS = ["killed", "attacked", "clashed with", "opened fire on", "arrested", "wounded", "shelled", "abducted",
         "marched against", "dispersed"]  # fmt: skip
COUNTS = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.sampled_from(["three", "dozens of", "at least 12", "more than 1,000", "nearly two hundred", "scores of",
                     "between 5 and 7", "up to 40", "no", "a dozen", "1.5 million", "hundreds of"]),
)  # fmt: skip
VICTIMS = ["civilians", "people", "officers", "villagers", "demonstrators", "soldiers", "militants", "students"]
PLACES = ["in the town of Velm", "near Orsk Vale", "in Nairobi", "outside the ministry", "in northern Mali", ""]
WHEN = ["on Tuesday", "late on Saturday", "on 3 March 2021", "last week", "yesterday", ""]
SAID = ["police said", "a local official said", "the group claimed", "according to witnesses", "residents denied",
        "it was not clear who was responsible", ""]  # fmt: skip


@st.composite
def sentence(draw: Any) -> str:
    count = draw(COUNTS)
    parts = [draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS)), count, draw(st.sampled_from(VICTIMS)),
             draw(st.sampled_from(PLACES)), draw(st.sampled_from(WHEN))]  # fmt: skip
    if draw(st.booleans()):
        parts = [f"{count} {draw(st.sampled_from(VICTIMS))} were", draw(st.sampled_from(["not killed", "killed",
                 "injured", "reported dead"])), draw(st.sampled_from(PLACES))]  # fmt: skip
    said = draw(st.sampled_from(SAID))
    return " ".join(p for p in parts if p) + (f", {said}" if said else "") + "."


NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
REPORT = st.lists(st.one_of(sentence(), sentence(), NOISE), min_size=1, max_size=6).map(
    lambda parts: " ".join(parts).strip() or "Nothing happened."
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineOptions(batch_size=4))


def _article(i: int, text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 5, 2), external_id=f"g{i}")


def _evidence(value: Any) -> Iterator[Evidence]:
    """Every Evidence inside a record, however deeply nested."""
    if isinstance(value, Evidence):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _evidence(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _evidence(item)


@pytest.mark.slow
@given(reports=st.lists(REPORT, min_size=1, max_size=5))
def test_every_report_comes_back_once_with_evidence_inside_its_text(pipeline: Pipeline, reports: list[str]) -> None:
    articles = [_article(i, t) for i, t in enumerate(reports)]
    out = list(pipeline.analyse_many(articles))
    assert len(out) == len(articles)
    for article, result in zip(articles, out, strict=True):
        if isinstance(result, Rejection):
            assert result.code.startswith("FP")
            continue
        assert isinstance(result, Extraction)
        assert result.article.external_id == article.external_id
        for ev in _evidence((result.events, result.figures, result.caveats, result.claims)):
            assert 0 <= ev.start <= ev.end <= len(article.text), ev
            assert article.text[ev.start : ev.end] == ev.text, ev
        for fig in result.figures:
            values = [v for v in (fig.low, fig.best, fig.high) if v is not None]
            assert values == sorted(values), fig
            assert all(v >= 0 for v in values)
            assert fig.acled_value is None or fig.acled_value >= 0
