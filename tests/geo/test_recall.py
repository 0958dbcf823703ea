"""Hyphen parts and repeated names (geo/recall.py), on sentences written for these tests."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.resolve import resolve_places
from flashpoint.records import Article, Geography


def _geo(text: str, parse: Any, gazetteer: Any) -> Geography:
    return resolve_places(parse(text), article=Article(id="t", text=text, content_hash="h"), gazetteer=gazetteer)


def _spans(geo: Geography) -> dict[str, Any]:
    return {geo_text: m for m in geo.mentions for geo_text in [m.text]}


def test_both_sides_of_a_hyphenated_compound_are_places(geo_parse: Any, gazetteer: Any) -> None:
    text = "Ministers said Peru-Chile relations had improved since the border talks ended in March."
    found = _spans(_geo(text, geo_parse, gazetteer))
    assert found["Peru"].place.country_iso3 == "PER"
    assert found["Chile"].place.country_iso3 == "CHL"
    assert found["Peru"].role == "context"


def test_a_country_abbreviation_before_a_hyphen_is_the_country(geo_parse: Any, gazetteer: Any) -> None:
    text = "Officials in Mosul said the U.S.-led coalition carried out two air strikes on Sunday."
    found = _spans(_geo(text, geo_parse, gazetteer))
    assert found["U.S."].place.country_iso3 == "USA"
    assert found["U.S."].place.feature == "country"


def test_a_double_barrelled_surname_is_not_two_places(geo_parse: Any, gazetteer: Any) -> None:
    text = "The envoy, Laura Denver-Hale, told reporters in Ottawa that the talks would resume."
    found = _spans(_geo(text, geo_parse, gazetteer))
    assert "Denver" not in found
    assert "Hale" not in found
    assert found["Ottawa"].place.country_iso3 == "CAN"


def test_an_ordinary_word_before_a_hyphen_is_not_a_place(geo_parse: Any, gazetteer: Any) -> None:
    text = "The Post-Courier reported that flooding closed roads around Lae on Friday."
    found = _spans(_geo(text, geo_parse, gazetteer))
    assert "Post" not in found


def test_a_name_resolved_once_is_the_same_place_when_written_again(geo_parse: Any, gazetteer: Any) -> None:
    text = (
        "Bakersfield council votes on water plan. Council members met on Tuesday in Bakersfield, California, "
        "to discuss the new reservoir."
    )
    geo = _geo(text, geo_parse, gazetteer)
    mentions = [m for m in geo.mentions if m.text == "Bakersfield"]
    assert len(mentions) == 2
    assert {m.place.geonameid for m in mentions} == {mentions[1].place.geonameid}
    assert mentions[0].place.admin1 == "California" or mentions[0].place.country_iso3 == "USA"


def test_a_repeated_name_inside_a_person_name_is_not_spread(geo_parse: Any, gazetteer: Any) -> None:
    text = "Police in Austin, Texas, arrested two men on Friday. Officer Dana Austin said both were released."
    geo = _geo(text, geo_parse, gazetteer)
    assert [m.text for m in geo.mentions if m.text == "Austin"] == ["Austin"]


def test_a_country_abbreviation_in_a_sum_of_money_is_the_country(geo_parse: Any, gazetteer: Any) -> None:
    text = "The minister said in Astana that the bank had approved a loan of 300 million US dollars."
    found = _spans(_geo(text, geo_parse, gazetteer))
    assert found["US"].place.country_iso3 == "USA"
    assert found["US"].role == "context"


def test_a_country_abbreviation_opening_an_agency_name_is_the_country(geo_parse: Any, gazetteer: Any) -> None:
    text = "Officials said the US Commerce Department would review the export licence."
    found = _spans(_geo(text, geo_parse, gazetteer))
    assert found["US"].place.feature == "country"
