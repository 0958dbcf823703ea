"""Readings -> Place records: precision codes, the one distance, and a country's representative point."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.geo.places import country_point, precision, to_place
from flashpoint.geometry import distance_km
from flashpoint.records import Evidence


@pytest.mark.parametrize(
    ("feature", "near", "fallback", "codes"),
    [
        ("populated place", False, False, (1, 1)),
        ("populated place", True, False, (2, 2)),
        ("admin2", False, False, (2, 3)),
        ("admin1", False, False, (3, 4)),
        ("admin1", False, True, (2, 4)),
        ("country", False, False, (3, 6)),
        ("sea", False, False, (3, 7)),
        ("water body", False, False, (3, 5)),
        ("region", False, False, (3, 5)),
    ],
)
def test_precision(feature: str, near: bool, fallback: bool, codes: tuple[int, int]) -> None:
    assert precision(feature, near=near, fallback=fallback) == codes


def test_country_is_placed_at_its_centre_not_its_capital(gazetteer: Any) -> None:
    canada = gazetteer.country("CAN")
    assert canada is not None
    evidence = Evidence(article_id="a", start=0, end=6, text="Canada", stage="test")
    place = to_place(canada, name=canada.name, near=False, fallback=False, evidence=evidence)
    centre = country_point("CAN")
    assert centre is not None
    assert (place.latitude, place.longitude) == centre
    # the capital (Ottawa) is more than 1,000 km from the country's centre
    assert distance_km(canada.latitude, canada.longitude, *centre) > 1000
    assert country_point("XXX") is None
