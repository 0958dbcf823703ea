"""Streets, roads, natural features and mid-text datelines, on reports written for these tests."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.resolve import resolve_places
from flashpoint.records import Article, Geography


def _geo(text: str, parse: Any, gazetteer: Any) -> Geography:
    return resolve_places(parse(text), article=Article(id="t", text=text, content_hash="h"), gazetteer=gazetteer)


def _texts(geo: Geography) -> dict[str, Any]:
    return {m.text: m for m in geo.mentions}


def test_streets_and_roads_stand_at_the_home_town(geo_parse: Any, gazetteer: Any) -> None:
    text = (
        "Road work in Knoxville. Crews will close Magnolia Avenue between Cherry Street and the river on Monday, "
        "and one lane of Interstate 40 near Knoxville will shut overnight, the Knoxville city engineer said."
    )
    found = _texts(_geo(text, geo_parse, gazetteer))
    knoxville = found["Knoxville"].place
    for street in ("Magnolia Avenue", "Cherry Street", "Interstate 40"):
        place = found[street].place
        assert place.geonameid is None  # the street is not the town
        assert place.geo_precision == 2
        assert (place.latitude, place.longitude) == (knoxville.latitude, knoxville.longitude)
        assert found[street].role == "context"


def test_no_street_without_a_town(geo_parse: Any, gazetteer: Any) -> None:
    text = "Crews will close Magnolia Avenue on Monday."
    assert "Magnolia Avenue" not in _texts(_geo(text, geo_parse, gazetteer))


def test_natural_features_are_areas(geo_parse: Any, gazetteer: Any) -> None:
    text = "Two boys were rescued from the Tessaro River near Boise on Sunday, and the search moved to Lake Ombelo."
    found = _texts(_geo(text, geo_parse, gazetteer))
    river = found["Tessaro River"].place
    assert river.feature == "water body"
    assert river.geonameid is None
    assert river.geo_precision == 3
    assert found["Lake Ombelo"].place.feature == "water body"


def test_dateline_after_a_headline(geo_parse: Any, gazetteer: Any) -> None:
    text = "Council votes to close pool. SPOKANE — The city council voted 5-2 on Tuesday to close the pool."
    found = _texts(_geo(text, geo_parse, gazetteer))
    assert found["SPOKANE"].place.country_iso3 == "USA"
