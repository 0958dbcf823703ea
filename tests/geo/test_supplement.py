"""Areas, abbreviations, places naming institutions and person vetoes, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.gazetteer import Candidate
from flashpoint.geo.resolve import resolve_places
from flashpoint.geo.supplement import (
    ArticleContext,
    SupplementOptions,
    is_given_name,
    load_lexicon,
    pick_reading,
)
from flashpoint.records import Article, Geography, Place, PlaceMention


def _geo(text: str, parse: Any, gazetteer: Any) -> Geography:
    return resolve_places(parse(text), article=Article(id="t", text=text, content_hash="h"), gazetteer=gazetteer)


def _texts(geo: Geography) -> dict[str, Any]:
    return {m.text: m for m in geo.mentions}


def test_regions_and_seas_are_areas_not_towns(geo_parse: Any, gazetteer: Any) -> None:
    text = (
        "Tanker traffic through the Strait of Hormuz slowed on Tuesday as tensions rose across the Middle East, "
        "and European ministers met in Brussels."
    )
    found = _texts(_geo(text, geo_parse, gazetteer))
    hormuz = found["Strait of Hormuz"].place
    assert hormuz.feature == "sea"
    assert (hormuz.geo_precision, hormuz.where_prec) == (3, 7)
    middle_east = found["Middle East"].place
    assert middle_east.feature == "region"
    assert middle_east.country_iso3 is None
    europe = found["European"].place
    assert europe.feature == "continent"
    assert europe.geonameid == 6255148
    assert found["Brussels"].place.country_iso3 == "BEL"


def test_area_words_inside_an_organisation_are_not_the_area(geo_parse: Any, gazetteer: Any) -> None:
    text = "Shares of Pacific Ocean Holdings rose 4 percent in Sydney on Monday."
    geo = _geo(text, geo_parse, gazetteer)
    assert not any(m.place.feature == "sea" for m in geo.mentions)


def test_state_abbreviations(geo_parse: Any, gazetteer: Any) -> None:
    text = "The soldier, 24, of Bakersfield, Calif., was buried on Friday; his brother lives in Wheeling, W.Va."
    found = _texts(_geo(text, geo_parse, gazetteer))
    assert found["Calif."].place.admin1 == found["Calif."].place.name
    assert found["Calif."].place.country_iso3 == "USA"
    west_virginia = next(m for m in found.values() if m.text.startswith("W.Va"))
    assert west_virginia.text == "W.Va."
    assert west_virginia.place.feature == "admin1"


def test_ambiguous_abbreviation_needs_a_place_before_it(geo_parse: Any, gazetteer: Any) -> None:
    text = "Miss. Daisy Tran spoke to reporters outside the court in Jackson, Miss., on Wednesday."
    geo = _geo(text, geo_parse, gazetteer)
    states = [m for m in geo.mentions if m.text == "Miss."]
    assert len(states) == 1
    assert states[0].start > text.index("Jackson")


def test_place_opening_an_institution_name(geo_parse: Any, gazetteer: Any) -> None:
    text = (
        "Officers of the Lexington Police Department arrested two men on Sunday, a spokesman for the "
        "Kentucky State Police said."
    )
    found = _texts(_geo(text, geo_parse, gazetteer))
    lexington = found["Lexington"]
    assert lexington.role == "context"
    assert lexington.place.country_iso3 == "USA"
    assert found["Kentucky"].place.feature == "admin1"


def test_surname_and_given_name_are_not_places(geo_parse: Any, gazetteer: Any) -> None:
    text = (
        "The plan will cost $2 million, said Wendell Clifton, who speaks for the city. "
        "Police Chief Rupert Denton agreed."
    )
    found = _texts(_geo(text, geo_parse, gazetteer))
    assert "Clifton" not in found
    assert "Denton" not in found


def test_given_names() -> None:
    assert is_given_name("Wendell")
    assert not is_given_name("North")
    assert not is_given_name("wendell")


def test_given_names_are_the_detectors() -> None:
    """The name set read from gender-guesser's data file is exactly the detector's names (the words whose
    gender is not "unknown"), "+" spellings included."""
    import gender_guesser.detector

    from flashpoint.geo.supplement import _first_names

    detector = gender_guesser.detector.Detector(case_sensitive=True)
    assert _first_names() == frozenset(detector.names)
    assert all(detector.get_gender(name) != "unknown" for name in list(_first_names())[:500])
    assert any(" " in name for name in _first_names())  # a "+" name's spaced spelling


def _cand(place_id: int, iso3: str, admin1: str, population: int) -> Candidate:
    return Candidate(
        place_id=place_id,
        name="Springdale",
        feature="populated place",
        country_iso3=iso3,
        country=None,
        admin1=admin1,
        admin2=None,
        admin1_id=None,
        admin2_id=None,
        latitude=0.0,
        longitude=0.0,
        population=population,
        geonameid=place_id,
        primary=True,
    )


def _mention(iso3: str, admin1: str) -> PlaceMention:
    place = Place("X", iso3, None, admin1, None, 0.0, 0.0, 1, 1)
    return PlaceMention(place, 0, 1, "X")


def test_homonym_follows_the_article_not_the_population() -> None:
    big = _cand(1, "GBR", "England", 500_000)
    small_same_unit = _cand(2, "CAN", "Ontario", 30_000)
    small_other_unit = _cand(3, "CAN", "Alberta", 60_000)
    context = ArticleContext.of([_mention("CAN", "Ontario"), _mention("CAN", "Ontario"), _mention("CAN", "Quebec")])
    picked = pick_reading([big, small_other_unit, small_same_unit], context=context, options=SupplementOptions())
    assert picked is not None
    assert picked[0].place_id == 2
    nothing = ArticleContext.of([])
    picked = pick_reading([small_same_unit, big], context=nothing, options=SupplementOptions())
    assert picked is not None
    assert picked[0].place_id == 1


def test_lexicons_have_headers_and_known_forms() -> None:
    lexicon = load_lexicon()
    assert lexicon.abbreviations["W.Va."] == ("USA", "West Virginia")
    assert "KY" in lexicon.needs_place_before
    assert lexicon.areas["strait of hormuz"].feature == "sea"


def test_local_report_reads_organisation_tagged_town(gazetteer: Any) -> None:
    from flashpoint.geo.supplement import SupplementOptions, local_towns

    class _Tok:
        def __init__(self, text: str) -> None:
            self.text, self.lower_, self.is_title, self.is_stop = text, text.lower(), True, False

    class _Ent:
        label_, start, end, text = "ORG", 0, 1, "Waco"

        def __iter__(self) -> Any:
            return iter([_Tok("Waco")])

        def __len__(self) -> int:
            return 1

    class _Doc:
        ents = (_Ent(),)

    texas = ArticleContext.of([_mention("USA", "Texas"), _mention("USA", "Texas")])
    found = local_towns(_Doc(), gazetteer=gazetteer, context=texas, options=SupplementOptions())
    assert [f.reading.admin1 for f in found] == ["Texas"]
    elsewhere = ArticleContext.of([_mention("USA", "Ohio"), _mention("USA", "Ohio")])
    assert local_towns(_Doc(), gazetteer=gazetteer, context=elsewhere, options=SupplementOptions()) == []
