"""The shared query filters: parsing (clear errors) and matching, without a web server."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.errors import InvalidQueryError
from flashpoint.web.filters import build_filters, matches, parse_bbox

ITEM = {
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "date_start": "2024-05-02",
    "date_end": "2024-05-03",
    "place": {"country_iso3": "KEN", "longitude": 36.8, "latitude": -1.3},
    "actors": [{"name": "Military Forces of Kenya (2022-)"}, {"name": "Unidentified Armed Group (Kenya)"}],
    "fatalities": 4,
    "certainty": "reported",
}


@pytest.mark.parametrize("country", ["Kenya", "kenya", "KE", "ke", "KEN", "ken"])
def test_country_any_spelling(country: str) -> None:
    assert matches(ITEM, build_filters(country=country))
    assert not matches(ITEM, build_filters(country="Uganda"))


def test_unknown_country_is_an_error() -> None:
    with pytest.raises(InvalidQueryError, match="unknown country"):
        build_filters(country="Atlantis")


def test_types_any_case_and_actor_part() -> None:
    assert matches(ITEM, build_filters(event_type="battles", sub_event_type="ARMED CLASH"))
    assert not matches(ITEM, build_filters(event_type="Protests"))
    assert matches(ITEM, build_filters(actor="military forces"))
    assert not matches(ITEM, build_filters(actor="police"))


def test_bbox() -> None:
    assert matches(ITEM, build_filters(bbox="36,-2,37,-1"))
    assert not matches(ITEM, build_filters(bbox="30,-2,31,-1"))
    unplaced = {**ITEM, "place": None}
    assert not matches(unplaced, build_filters(bbox="-180,-90,180,90"))
    for bad in ("1,2,3", "a,b,c,d", "10,0,5,1", "0,95,1,96"):
        with pytest.raises(InvalidQueryError, match="bbox"):
            parse_bbox(bad)


def test_dates_fatalities_certainty() -> None:
    assert matches(ITEM, build_filters(since=dt.date(2024, 5, 3), until=dt.date(2024, 5, 10)))
    assert not matches(ITEM, build_filters(since=dt.date(2024, 5, 4)))
    assert matches(ITEM, build_filters(min_fatalities=4))
    assert not matches(ITEM, build_filters(min_fatalities=5))
    assert matches(ITEM, build_filters(certainty="asserted, Reported"))
    assert not matches(ITEM, build_filters(certainty="claimed"))
    with pytest.raises(InvalidQueryError, match="certainty"):
        build_filters(certainty="sure")
    with pytest.raises(InvalidQueryError, match="after until"):
        build_filters(since=dt.date(2024, 6, 1), until=dt.date(2024, 5, 1))


def test_updated_since_reads_the_write_time_in_utc() -> None:
    filters = build_filters(updated_since=dt.date(2024, 5, 5))  # a date is its midnight, UTC
    assert filters.updated_since == dt.datetime(2024, 5, 5)
    assert matches(ITEM, filters, updated=dt.datetime(2024, 5, 5))
    assert matches(ITEM, filters, updated=dt.datetime(2024, 5, 6, 8, 30))
    assert not matches(ITEM, filters, updated=dt.datetime(2024, 5, 4, 23, 59, 59))
    assert not matches(ITEM, filters)  # no write time: never "updated since"
    east = dt.timezone(dt.timedelta(hours=3))
    noon_east = build_filters(updated_since=dt.datetime(2024, 5, 5, 12, 0, tzinfo=east))
    assert noon_east.updated_since == dt.datetime(2024, 5, 5, 9, 0)  # the stored times are naive UTC
    assert build_filters(updated_since=dt.datetime(2024, 5, 5, 12, 0)).updated_since == dt.datetime(2024, 5, 5, 12)
