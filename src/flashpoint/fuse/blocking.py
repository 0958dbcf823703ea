"""Blocking: which stored incidents an event could possibly belong to.

Reads an :class:`~flashpoint.fuse.profile.EventProfile`; writes :class:`BlockingKeys`: a date window, the
coarse grid cells around its place, its admin1 key and country. The ledger turns the keys into one
indexed query, so fusing a new report never loads more than the incidents that share a key with it.
Also decides type compatibility (a protest and an airstrike are never one incident).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math

from flashpoint.fuse.profile import EventProfile

# A 0.25 degree cell is ~28 km north-south; with the 3x3 neighbourhood every place within ~28 km of the
# event is in a queried cell, which covers the largest distance scoring accepts (MatchOptions.max_km).
CELL_DEGREES = 0.25

# ACLED event types that can describe the same happening in different reports: a demonstration that
# turns violent is a protest to one outlet and a riot to another; an attack on a village is "violence
# against civilians" to one and a "battle" to another. Strategic developments (arrests, looting,
# agreements) accompany anything. Other pairs (a protest and an airstrike) are never fused.
_FAMILIES: tuple[frozenset[str], ...] = (
    # police violence at a demonstration is "protest with intervention" to one coder and "violence
    # against civilians" to another
    frozenset({"Protests", "Riots", "Violence against civilians"}),
    frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}),
)
_ANYTHING = frozenset({"Strategic developments", ""})


@dataclasses.dataclass(frozen=True, slots=True)
class BlockingKeys:
    """The keys an incident must share with an event to be a match candidate."""

    date_lo: dt.date | None  # incidents whose date span ends before this are not candidates
    date_hi: dt.date | None  # ... or starts after this
    cells: tuple[str, ...]  # grid cells around the event's place (empty without coordinates)
    admin_key: str | None  # "ISO3|admin1"
    country_iso3: str | None
    coarse: bool  # the event has no town-level place: any incident of its country in the window


def cell_of(latitude: float | None, longitude: float | None, *, degrees: float = CELL_DEGREES) -> str | None:
    """The grid cell ("x:y") of a coordinate, or None without one."""
    if latitude is None or longitude is None:
        return None
    return f"{math.floor(longitude / degrees)}:{math.floor(latitude / degrees)}"


def neighbour_cells(latitude: float, longitude: float, *, degrees: float = CELL_DEGREES) -> tuple[str, ...]:
    """The cell of the point and its eight neighbours."""
    return _cells_around(math.floor(longitude / degrees), math.floor(latitude / degrees))


@functools.lru_cache(maxsize=4096)  # bounded; events cluster in the places of a conflict
def _cells_around(x: int, y: int) -> tuple[str, ...]:
    return tuple(f"{x + dx}:{y + dy}" for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def admin_key(country_iso3: str | None, admin1: str | None) -> str | None:
    """The admin1 blocking key, or None when either part is unknown."""
    if not country_iso3 or not admin1:
        return None
    return f"{country_iso3}|{admin1.strip().lower()}"


def is_coarse(geo_precision: int | None, latitude: float | None) -> bool:
    """Whether a place is too vague to block by cell (no place, no coordinates, or a region/country)."""
    return latitude is None or geo_precision is None or geo_precision >= 3


def blocking_keys(event: EventProfile, *, window_days: int) -> BlockingKeys:
    """The blocking keys of ``event``: its date window (as stated, widened by how it was stated) plus
    ``window_days`` on each side, the grid cells around its place, its admin1 and its country."""
    pad = dt.timedelta(days=window_days)
    cells: tuple[str, ...] = ()
    if event.latitude is not None and event.longitude is not None:
        cells = neighbour_cells(event.latitude, event.longitude)
    lo = event.window_lo or event.date_start
    hi = event.window_hi or event.date_end
    return BlockingKeys(
        date_lo=lo - pad if lo else None,
        date_hi=hi + pad if hi else None,
        cells=cells,
        admin_key=admin_key(event.country_iso3, event.admin1),
        country_iso3=event.country_iso3,
        coarse=is_coarse(event.geo_precision, event.latitude),
    )


# every compatible pair of two different types, spelled out once (the test runs for every candidate)
_COMPATIBLE = frozenset((a, b) for family in _FAMILIES for a in family for b in family if a != b)


def types_compatible(a: str, b: str) -> bool:
    """Whether two ACLED event types can describe the same incident."""
    return a == b or a in _ANYTHING or b in _ANYTHING or (a, b) in _COMPATIBLE
