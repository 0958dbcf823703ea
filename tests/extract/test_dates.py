"""Dates resolved against the publication date with ACLED time precision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from flashpoint.extract.dates import event_date, resolve_date

PUB = dt.date(2023, 3, 9)  # a Thursday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("On 27 February 2023, police fired tear gas.", dt.date(2023, 2, 27), dt.date(2023, 2, 27), 1),
        ("Clashes broke out on March 4.", dt.date(2023, 3, 4), dt.date(2023, 3, 4), 1),
        ("Fighting continued between 3 and 5 March.", dt.date(2023, 3, 3), dt.date(2023, 3, 5), 2),
        ("Gunmen struck overnight.", dt.date(2023, 3, 8), dt.date(2023, 3, 9), 1),
        ("The strike began over the weekend.", dt.date(2023, 3, 4), dt.date(2023, 3, 5), 2),
        ("Dozens were arrested in the past few days.", dt.date(2023, 3, 5), dt.date(2023, 3, 9), 2),
        ("A bomb went off yesterday.", dt.date(2023, 3, 8), dt.date(2023, 3, 8), 1),
        ("Troops withdrew on Thursday.", PUB, PUB, 1),
        ("Troops withdrew on Monday.", dt.date(2023, 3, 6), dt.date(2023, 3, 6), 1),
        ("Protests spread last week.", dt.date(2023, 2, 27), dt.date(2023, 3, 5), 2),
        ("Riots erupted in early March.", dt.date(2023, 3, 1), dt.date(2023, 3, 10), 2),
        ("The group attacked the town in January.", dt.date(2023, 1, 1), dt.date(2023, 1, 31), 3),
        ("On 30 December, rebels took the airport.", dt.date(2022, 12, 30), dt.date(2022, 12, 30), 1),
    ],
)
def test_rules(text: str, start: dt.date, end: dt.date, precision: int) -> None:
    span = resolve_date(text, published=PUB, article_id="a")
    assert (span.start, span.end, span.time_precision) == (start, end, precision)
    assert span.phrase is not None
    assert span.evidence is not None
    assert text[span.evidence.start : span.evidence.end] == span.phrase


def test_modal_may_is_not_a_month() -> None:
    span = resolve_date("Soldiers may have fired on the crowd.", published=PUB, article_id="a")
    assert span.phrase is None
    assert (span.start, span.time_precision) == (PUB, 2)


def test_offset_moves_evidence() -> None:
    span = resolve_date("It happened yesterday.", published=PUB, article_id="a", offset=100)
    assert span.evidence is not None
    assert span.evidence.start == 112


def test_no_publication_date() -> None:
    span = resolve_date("Clashes erupted on Monday.", published=None, article_id="a")
    assert (span.start, span.time_precision) == (None, 3)


def test_late_on_a_weekday_is_that_weekday_not_the_night_before() -> None:
    tuesday = dt.date(2024, 2, 13)
    span = resolve_date("Gunmen stormed a village late on Tuesday, residents said.", published=tuesday, article_id="a")
    assert (span.start, span.end, span.time_precision) == (tuesday, tuesday, 1)
    bare = resolve_date("Gunmen stormed the village late on, residents said.", published=tuesday, article_id="a")
    assert (bare.start, bare.end) == (dt.date(2024, 2, 12), tuesday)


def test_a_weekday_in_a_name_does_not_date_the_event() -> None:
    tuesday = dt.date(2023, 3, 14)
    text = "A bomb went off at the busy Monday Market in Pelmora on Tuesday morning."
    span = resolve_date(text, published=tuesday, article_id="a")
    assert (span.start, span.phrase) == (tuesday, "on Tuesday morning")
    bare = resolve_date("Traders at the Monday Market said prices doubled.", published=tuesday, article_id="a")
    assert (bare.start, bare.time_precision) == (tuesday, 2)


# --- the date of one event in a parsed sentence (PUB is a Thursday)


def _first(doc: Any, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_event_date_reads_the_event_phrase_not_the_statement(parse: Any) -> None:
    doc = parse("The council said on Wednesday that 20 pupils were missing after Monday's raid on the school.")
    span = event_date(doc, [_first(doc, "raid")], published=PUB, article_id="a")
    assert span is not None
    assert span.start == dt.date(2023, 3, 6)
    assert span.phrase in ("Monday's", "Monday")


def test_event_date_of_a_denied_clause(parse: Any) -> None:
    doc = parse("The militia denied on Wednesday that its fighters had killed herders near Kessa on Sunday.")
    span = event_date(doc, [_first(doc, "killed")], published=PUB, article_id="a")
    assert span is not None
    assert span.start == dt.date(2023, 3, 5)


@pytest.mark.parametrize(
    ("text", "word", "day", "precision"),
    [
        # Wednesday is 8 March: the march was the day before
        ("A day after 400 dockers marched to the port, the union said on Wednesday it would sue.", "marched", 7, 1),
        # no date in the main clause: two days before publication, a day within the week
        ("Two days after miners marched through Osk, their union said it would sue.", "marched", 7, 2),
    ],
)
def test_event_date_a_day_after(parse: Any, text: str, word: str, day: int, precision: int) -> None:
    doc = parse(text)
    span = event_date(doc, [_first(doc, word)], published=PUB, article_id="a")
    assert span is not None
    assert (span.start, span.time_precision) == (dt.date(2023, 3, day), precision)
    assert span.evidence is not None
    assert text[span.evidence.start : span.evidence.end] == span.phrase


def test_event_date_none_when_the_clause_states_no_date(parse: Any) -> None:
    doc = parse("Police said on Wednesday that protesters blocked the highway.")
    assert event_date(doc, [_first(doc, "blocked")], published=PUB, article_id="a") is None


def test_a_wire_dateline_dates_the_filing_not_the_event() -> None:
    published = dt.date(2024, 6, 15)  # a Saturday
    text = "VARSA, June 15 (Kestrel Wire) - Five herders died in a raid outside Varsa on Tuesday, officials said."
    span = resolve_date(text, published=published, article_id="a")
    assert (span.start, span.time_precision, span.phrase) == (dt.date(2024, 6, 11), 1, "on Tuesday")
    bare = resolve_date("VARSA, June 15 - Herders clashed with farmers.", published=published, article_id="a")
    assert (bare.start, bare.time_precision) == (published, 2)
    note = resolve_date("On 12 June 2024, herders clashed near Varsa.", published=published, article_id="a")
    assert note.start == dt.date(2024, 6, 12)


def test_a_possessive_time_phrase_dates_its_noun_not_the_sentence() -> None:
    friday = dt.date(2025, 6, 13)
    both = "The governor sacked the police chief on Wednesday and reversed last week's curfew in Orlo."
    assert resolve_date(both, published=friday, article_id="a").start == dt.date(2025, 6, 11)
    alone = "Yesterday's raid on the market in Varsa left three traders dead."
    assert resolve_date(alone, published=friday, article_id="a").start == dt.date(2025, 6, 12)
