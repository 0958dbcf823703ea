"""Records: frozen, typed, and a lossless JSON round trip for every record that nests the others."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from flashpoint.records import (
    Actor,
    Article,
    Caveat,
    Certainty,
    ChainLink,
    Claim,
    DateSpan,
    Event,
    Evidence,
    Extraction,
    Figure,
    FigureHistory,
    FigureKind,
    FigureRevision,
    Incident,
    Place,
    SourceType,
    from_dict,
    to_dict,
)

TEXT = (
    "Police fired tear gas at several hundred demonstrators in Mombasa on Tuesday, the county police chief "
    "told the Nation newspaper. At least three people were killed, according to the Kenya Red Cross."
)


def _evidence(start: int, end: int) -> Evidence:
    return Evidence("a1", start, end, TEXT[start:end], "test@1")


def _extraction() -> Extraction:
    article = Article(
        id="a1",
        text=TEXT,
        content_hash="h" * 64,
        title="Three dead in Mombasa protest",
        published=dt.date(2023, 7, 12),
        source="Example Wire",
        external_id="row-7",
    )
    claim = Claim(
        evidence=_evidence(117, 150),
        chain=(ChainLink("Kenya Red Cross", SourceType.NGO, "according to"),),
        certainty=Certainty.REPORTED,
        cues=("according to",),
    )
    figure = Figure(
        kind=FigureKind.KILLED,
        victims="unknown",
        phrase="At least three",
        low=3,
        best=3,
        high=None,
        acled_value=3,
        ucdp_low=3,
        ucdp_best=3,
        ucdp_high=3,
        claim=claim,
        evidence=_evidence(117, 131),
    )
    place = Place(
        name="Mombasa",
        country_iso3="KEN",
        country="Kenya",
        admin1="Mombasa",
        admin2=None,
        latitude=-4.05,
        longitude=39.66,
        geo_precision=1,
        where_prec=1,
        geonameid=186301,
        evidence=_evidence(57, 64),
    )
    event = Event(
        id="e1",
        article_id="a1",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        plover_type="PROTEST",
        date=DateSpan(dt.date(2023, 7, 11), dt.date(2023, 7, 11), 1, "on Tuesday"),
        place=place,
        actors=(
            Actor("Protesters (Kenya)", 6, "KEN", "actor1", "demonstrators"),
            Actor("Police Forces of Kenya", 1, "KEN", "actor2", "Police"),
        ),
        figures=(figure,),
        claim=claim,
        evidence=(_evidence(0, 116),),
        fatalities=3,
        fatalities_low=3,
        interaction=16,
    )
    return Extraction(
        article=article,
        events=(event,),
        figures=(figure,),
        caveats=(Caveat("could not be verified", _evidence(0, 5), (0,)),),
        claims=(claim,),
    )


def test_extraction_round_trips_through_json() -> None:
    original = _extraction()
    text = json.dumps(to_dict(original))
    again = from_dict(Extraction, json.loads(text))
    assert again == original
    assert isinstance(again.events[0].date.start, dt.date)
    assert again.figures[0].claim.chain[0].source_type is SourceType.NGO
    assert again.events[0].place is not None
    assert isinstance(again.events[0].place.latitude, float)


def test_incident_with_history_round_trips() -> None:
    ex = _extraction()
    revision = FigureRevision("a1", "row-7", "Example Wire", dt.date(2023, 7, 12), ex.figures[0])
    history = FigureHistory(FigureKind.KILLED, "unknown", (revision,), 3, 3, 3, 3, "acled: lowest reported")
    incident = Incident(
        id="i1",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        date_start=dt.date(2023, 7, 11),
        date_end=dt.date(2023, 7, 11),
        place=ex.events[0].place,
        event_ids=("e1",),
        article_ids=("a1",),
        external_ids=("row-7",),
        figures=(history,),
    )
    assert from_dict(Incident, json.loads(json.dumps(to_dict(incident)))) == incident


def test_records_are_frozen() -> None:
    ex = _extraction()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.article.text = "changed"  # type: ignore[misc]


def test_from_dict_ignores_unknown_keys_and_keeps_missing_optionals() -> None:
    data = {"id": "a9", "text": "Quiet day.", "content_hash": "x", "published": None, "added_later": 1}
    article = from_dict(Article, data)
    assert article.published is None
    assert article.source is None


def test_certainty_of_figure_and_event_follow_their_claim() -> None:
    ex = _extraction()
    assert ex.figures[0].certainty is Certainty.REPORTED
    assert ex.events[0].certainty is Certainty.REPORTED
