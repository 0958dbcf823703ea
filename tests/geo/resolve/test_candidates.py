"""Toponym spans and their readings: feature words, plural features, datelines, names that are not places."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.gazetteer import COUNTRY
from flashpoint.geo.resolve.candidates import find_spans


def _spans(text: str, parse: Any, gazetteer: Any) -> dict[str, Any]:
    return {s.text: s for s in find_spans(parse(text), gazetteer=gazetteer)}


def test_a_feature_word_becomes_a_hint_and_leaves_the_name(geo_parse: Any, gazetteer: Any) -> None:
    spans = _spans("Gunmen attacked a market in Varsa district on Monday.", geo_parse, gazetteer)
    assert "Varsa" in spans
    assert "Varsa district" not in spans
    assert spans["Varsa"].feature_hint == "admin"
    assert spans["Varsa"].admin_level_hint is not None


def test_a_plural_feature_word_applies_to_every_name_of_the_list(geo_parse: Any, gazetteer: Any) -> None:
    spans = _spans("Floods hit Kessa, Varsa and Orlo districts last week.", geo_parse, gazetteer)
    assert all(spans[name].feature_hint == "admin" for name in ("Kessa", "Varsa", "Orlo"))


def test_a_dateline_run_stops_at_its_dash_and_a_country_acronym_keeps_its_reading(
    geo_parse: Any, gazetteer: Any
) -> None:
    spans = _spans("NAIROBI - Police in the DRC said the ADF had crossed the border.", geo_parse, gazetteer)
    assert "NAIROBI" in spans
    assert spans["DRC"].candidates
    assert all(c.feature == COUNTRY for c in spans["DRC"].candidates)
    assert "ADF" not in spans or not spans["ADF"].candidates


def test_titles_and_ordinary_words_are_not_places(geo_parse: Any, gazetteer: Any) -> None:
    spans = _spans("Gov. Marlow praised the Gold and Silver awards in Columbus, Ohio.", geo_parse, gazetteer)
    assert "Gov" not in spans
    assert "Gov." not in spans
    # an ordinary word with a reading is dropped; one without a reading is left for the later passes to ignore
    assert all(name not in spans or not spans[name].candidates for name in ("Gold", "Silver"))
    assert "Columbus" in spans
    assert spans["Columbus"].candidates
