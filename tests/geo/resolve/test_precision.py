"""Which spans are places, the fallback to written units, the main country and the settled roles."""

from __future__ import annotations

import dataclasses
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, CITY, COUNTRY, Candidate
from flashpoint.geo.resolve.base import CONTEXT, EVENT, ORIGIN, ResolveOptions, Span
from flashpoint.geo.resolve.precision import (
    accepted,
    dateline_for_country_events,
    default_event,
    fold_containers,
    main_country,
    spelling_variant,
    unit_spellings,
)
from flashpoint.records import Place, PlaceMention


def _cand(place_id: int, *, feature: str = CITY, primary: bool = True, pop: int = 5_000) -> Candidate:
    return Candidate(
        place_id=place_id, name=f"P{place_id}", feature=feature, country_iso3="KEN", country="Kenya", admin1="Orlo",
        admin2=None, admin1_id=1, admin2_id=None, latitude=0.0, longitude=0.0, population=pop, geonameid=None,
        primary=primary,
    )  # fmt: skip


def _place(name: str, feature: str, *, iso3: str = "KEN", admin1: str | None = None) -> Place:
    return Place(name=name, country_iso3=iso3, country=None, admin1=admin1, admin2=None, latitude=0.0,
                 longitude=0.0, geo_precision=1, where_prec=1, feature=feature)  # fmt: skip


def _mention(place: Place, start: int, role: str, score: float = 1.0) -> PlaceMention:
    return PlaceMention(place, start, start + 5, place.name, role, score)


def test_an_ner_place_is_kept_and_an_unsupported_capitalised_word_is_not() -> None:
    opts = ResolveOptions()
    spans = [
        Span(0, 1, "Varsa", "GPE", best=_cand(1)),
        Span(3, 4, "Marbeck", "CAP", best=_cand(2), score=9.0),  # no cue: not a place
        Span(6, 7, "Kessa", "CAP", best=_cand(3), role=EVENT, score=opts.min_score_weak),  # "in Kessa"
        Span(9, 10, "Tirelo", "CAP"),  # unknown: its qualifiers may still place it
        Span(12, 13, "Dovra", "ORG", best=_cand(4, pop=80_000)),  # a sizeable town read as an organisation
    ]
    assert accepted(spans, opts) == (0, 2, 3, 4)


def test_an_admin_unit_containing_another_event_place_is_its_setting() -> None:
    town = _mention(_place("Kessa", CITY, admin1="Orlo"), 0, EVENT)
    province = _mention(_place("Orlo", ADMIN1, admin1="Orlo"), 10, EVENT)
    out = fold_containers([town, province])
    assert [m.role for m in out] == [EVENT, CONTEXT]


def test_a_wire_report_whose_only_event_place_is_its_country_takes_the_dateline_town() -> None:
    home = _mention(_place("Pelmora", CITY), 0, CONTEXT)
    country = _mention(_place("Kenya", COUNTRY), 20, EVENT)
    out = dateline_for_country_events([home, country], (0, 5))
    assert out[0].role == EVENT
    assert out[0].place.geo_precision == 2
    assert out[1].role == CONTEXT
    # a town named as the event's place is the text's own answer
    town = _mention(_place("Kessa", CITY), 30, EVENT)
    assert dateline_for_country_events([home, country, town], (0, 5)) == [home, country, town]


def test_without_an_event_cue_the_first_place_of_the_main_country_is_the_event() -> None:
    kenya = _place("Kenya", COUNTRY)
    abroad = _mention(_place("Tarsk", CITY, iso3="UGA"), 0, CONTEXT)
    origin = _mention(_place("Dovra", CITY), 10, ORIGIN)
    local = _mention(_place("Kessa", CITY), 20, CONTEXT)
    assert [m.role for m in default_event([abroad, origin, local], kenya)] == [CONTEXT, ORIGIN, EVENT]
    assert [m.role for m in default_event([abroad, origin], kenya)] == [CONTEXT, EVENT]


def test_the_main_country_follows_the_event_places_and_the_dateline(gazetteer: Any) -> None:
    event_abroad = _mention(_place("Tarsk", CITY, iso3="UGA"), 30, EVENT)
    dateline = _mention(_place("Pelmora", CITY), 0, CONTEXT)
    country = main_country([dateline, event_abroad], {}, None, gazetteer, dateline=(0, 5))
    assert country is not None
    assert country.country_iso3 == "KEN"
    second = _mention(_place("Dovra", CITY, iso3="UGA"), 50, EVENT)
    country = main_country([dateline, event_abroad, second], {}, None, gazetteer, dateline=(0, 5))
    assert country is not None
    assert country.country_iso3 == "UGA"
    hinted = main_country([event_abroad], {}, "KEN", gazetteer)
    assert hinted is not None
    assert hinted.country_iso3 == "KEN"
    assert hinted.feature == COUNTRY


def test_spelling_variants_are_transliterations_not_other_names() -> None:
    assert spelling_variant("Kesa", "Kessa")
    assert spelling_variant("Az Varsa", "Azvarsah")
    assert not spelling_variant("Orlo", "Varsa")
    assert not spelling_variant("Kessa", "Tessa")  # a different first letter is another name


def test_units_take_the_texts_spelling_from_a_namesake_town_and_an_unknown_qualifier() -> None:
    town = dataclasses.replace(_cand(1), name="Kessa", admin1="Kessa", admin1_id=50)
    other = dataclasses.replace(_cand(2), name="Dovra", admin1="Az Varsah", admin1_id=60)
    spans = [
        Span(0, 1, "Kesa", "GPE", candidates=(town,), best=town),  # the town named like its province
        Span(3, 4, "Dovra", "GPE", candidates=(other,), best=other, qualifiers=(2,)),
        Span(5, 6, "Azvarsa", "CAP", qualifies=1),  # a qualifier the gazetteer lacks, spelled another way
        Span(8, 9, "Tirelo", "CAP", qualifies=1),  # another unknown name: no spelling of the unit
    ]
    assert unit_spellings(spans, (0, 1, 2, 3)) == {50: "Kesa", 60: "Azvarsa"}
