"""The shared records of the resolver: frozen spans and the hierarchy relations between readings."""

from __future__ import annotations

import dataclasses

import pytest

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate
from flashpoint.geo.resolve.base import Span, admin1_of, contains, fit, fits, is_country


def _cand(place_id: int, feature: str, *, iso3: str = "KEN", a1: int | None = None, a2: int | None = None) -> Candidate:
    return Candidate(
        place_id=place_id, name=f"P{place_id}", feature=feature, country_iso3=iso3, country=iso3, admin1=None,
        admin2=None, admin1_id=a1, admin2_id=a2, latitude=0.0, longitude=0.0, population=1000, geonameid=None,
        primary=True,
    )  # fmt: skip


def test_a_span_is_frozen_and_unread_returns_a_copy() -> None:
    town = _cand(5, CITY)
    span = Span(0, 1, "Kessa", "GPE", candidates=(town,), best=town)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.best = None  # type: ignore[misc]
    bare = span.unread()
    assert bare.best is None
    assert bare.candidates == ()
    assert span.best is town  # the original is untouched


def test_units_contain_their_towns_and_a_town_qualifies_a_neighbour_by_half() -> None:
    province = _cand(1, ADMIN1)
    district = _cand(2, ADMIN2, a1=1)
    town = _cand(3, CITY, a1=1, a2=2)
    neighbour = _cand(4, CITY, a1=1, a2=9)
    assert contains(province, town)
    assert contains(district, town)
    assert fit(province, town) == 1.0
    assert fit(neighbour, town) == 0.5  # "Dovra, Pelmora": two towns of one province
    assert not fits(_cand(7, ADMIN1, a1=None), town)  # another province
    assert not contains(_cand(8, COUNTRY, iso3="TZA"), town)
    assert admin1_of(province) == 1
    assert admin1_of(town) == 1
    assert admin1_of(_cand(9, COUNTRY)) is None


def test_is_country_needs_the_countrys_own_name() -> None:
    country = _cand(1, COUNTRY)
    alias = dataclasses.replace(country, primary=False)
    assert is_country(Span(0, 1, "Kenya", "GPE", candidates=(country,)))
    assert not is_country(Span(0, 1, "Kenya", "GPE", candidates=(alias,)))
