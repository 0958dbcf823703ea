"""Blocking keys: cells around a place, admin1 and country keys, type families."""

from __future__ import annotations

import datetime as dt

from flashpoint.fuse.blocking import (
    admin_key,
    blocking_keys,
    cell_of,
    neighbour_cells,
    types_compatible,
)
from flashpoint.fuse.profile import EventProfile
from flashpoint.geometry import distance_km


def event(**kw: object) -> EventProfile:
    base: dict[str, object] = {
        "event_id": "e",
        "article_id": "a",
        "external_id": None,
        "source": None,
        "published": None,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": dt.date(2023, 6, 1),
        "date_end": dt.date(2023, 6, 1),
        "country_iso3": "COD",
        "admin1": "Orlo",
        "place_name": "Kessa",
        "latitude": 1.5667,
        "longitude": 30.25,
        "geo_precision": 1,
        "actors": (),
        "killed": None,
        "names": (),
        "words": (),
    }
    base.update(kw)
    return EventProfile(**base)  # type: ignore[arg-type]


def test_keys_cover_the_window_and_the_neighbourhood() -> None:
    keys = blocking_keys(event(), window_days=2)
    assert keys.date_lo == dt.date(2023, 5, 30)
    assert keys.date_hi == dt.date(2023, 6, 3)
    assert len(keys.cells) == 9
    assert cell_of(1.5667, 30.25) in keys.cells
    assert keys.admin_key == "COD|orlo"
    assert not keys.coarse


def test_a_point_near_a_cell_border_sees_the_next_cell() -> None:
    left = cell_of(1.0, 30.249)
    right = cell_of(1.0, 30.251)
    assert left != right
    assert right in neighbour_cells(1.0, 30.249)


def test_places_without_coordinates_are_coarse() -> None:
    keys = blocking_keys(event(latitude=None, longitude=None, geo_precision=3), window_days=1)
    assert keys.coarse
    assert keys.cells == ()
    assert admin_key(None, "Orlo") is None


def test_type_families() -> None:
    assert types_compatible("Protests", "Riots")
    assert types_compatible("Battles", "Explosions/Remote violence")
    assert types_compatible("Strategic developments", "Protests")
    assert not types_compatible("Protests", "Explosions/Remote violence")
    assert not types_compatible("Protests", "Battles")


def test_distance() -> None:
    assert abs(distance_km(0.0, 0.0, 0.0, 1.0) - 111.2) < 0.5
