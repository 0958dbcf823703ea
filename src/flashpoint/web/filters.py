"""The query filters every list and export endpoint shares, as ACLED's and UCDP's APIs offer them.

Reads query values (strings from the URL); writes a frozen :class:`Filters` record and answers whether one
JSON-ready item (an incident summary or a sitrep event) passes it. Pure: no web framework here, so the same
filters can be used from Python.

Rules (each documented in ``docs/api.md``):

* ``country``: a name, ISO 3166 alpha-2 or alpha-3 code in any case (``Ghana``, ``gh``, ``GHA``), resolved by
  :func:`flashpoint.export.countries.lookup`; an unknown country is an error, not an empty answer.
* ``event_type``, ``sub_event_type``: ACLED types, compared without regard to case.
* ``actor``: part of any actor's name, without regard to case.
* ``bbox``: ``minlon,minlat,maxlon,maxlat`` in degrees; items without coordinates are outside every box.
* ``since``/``until``: the item's date span overlaps the range.
* ``min_fatalities``: ACLED fatalities at least this.
* ``certainty``: one or more (comma-separated) certainty values.
* ``updated_since``: the item was written (an incident stored, changed or merged into; an event stored) at or
  after this time (UTC; a date is its midnight), as the store records it (``incident_summaries.updated_at``,
  ``event_items.stored_at``): what a client polling for changes asks. A reader without write times cannot
  answer it (the web layer says so with a 400).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from flashpoint.errors import InvalidQueryError
from flashpoint.export.countries import lookup
from flashpoint.records import Certainty
from flashpoint.store.summary import ListQuery

CERTAINTIES = frozenset(c.value for c in Certainty)


@dataclasses.dataclass(frozen=True, slots=True)
class BBox:
    """A box in degrees: west, south, east, north."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def holds(self, lon: Any, lat: Any) -> bool:
        """Whether the point lies in the box (edges included); a missing coordinate never does."""
        if not isinstance(lon, int | float) or not isinstance(lat, int | float):
            return False
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


@dataclasses.dataclass(frozen=True, slots=True)
class Filters:
    """The parsed filters of one request (None = not filtered)."""

    country_iso3: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    bbox: BBox | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_fatalities: int | None = None
    certainty: frozenset[str] | None = None
    updated_since: dt.datetime | None = None  # UTC, naive


def list_query(filters: Filters) -> ListQuery:
    """The same filters as the store's :class:`~flashpoint.store.summary.ListQuery` (answered in SQL)."""
    box = filters.bbox
    return ListQuery(
        country_iso3=filters.country_iso3,
        event_type=filters.event_type,
        sub_event_type=filters.sub_event_type,
        actor=filters.actor,
        bbox=(box.min_lon, box.min_lat, box.max_lon, box.max_lat) if box is not None else None,
        since=filters.since,
        until=filters.until,
        min_fatalities=filters.min_fatalities,
        certainty=filters.certainty,
        updated_since=filters.updated_since,
    )


def parse_bbox(text: str | None) -> BBox | None:
    """``minlon,minlat,maxlon,maxlat`` -> :class:`BBox`; InvalidQueryError when it is not four ordered numbers."""
    if text is None or not text.strip():
        return None
    parts = [p.strip() for p in text.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise InvalidQueryError(f"bbox must be minlon,minlat,maxlon,maxlat (four numbers), not {text!r}")
    box = BBox(*numbers)
    in_range = -180 <= box.min_lon <= box.max_lon <= 180 and -90 <= box.min_lat <= box.max_lat <= 90
    if not in_range:
        raise InvalidQueryError(f"bbox {text!r} is not a box: need -180 <= minlon <= maxlon <= 180, same for lat")
    return box


def parse_country(text: str | None) -> str | None:
    """The ISO3 code of a country given by name, ISO2 or ISO3 in any case; InvalidQueryError when unknown."""
    if text is None or not text.strip():
        return None
    found = lookup(text)
    if found is None:
        raise InvalidQueryError(f"unknown country {text!r}: give a name, an ISO2 or an ISO3 code")
    return found.iso3


def parse_certainty(text: str | None) -> frozenset[str] | None:
    """A comma-separated list of certainty values; InvalidQueryError for one that does not exist."""
    if text is None or not text.strip():
        return None
    values = frozenset(v.strip().casefold() for v in text.split(",") if v.strip())
    unknown = values - CERTAINTIES
    if unknown:
        raise InvalidQueryError(
            f"unknown certainty {', '.join(sorted(unknown))}; known: {', '.join(sorted(CERTAINTIES))}"
        )
    return values


def build_filters(
    *,
    country: str | None = None,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    actor: str | None = None,
    bbox: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_fatalities: int | None = None,
    certainty: str | None = None,
    updated_since: dt.datetime | dt.date | None = None,
) -> Filters:
    """:class:`Filters` from query values; InvalidQueryError names the first value that cannot be used."""
    if since is not None and until is not None and since > until:
        raise InvalidQueryError(f"since ({since}) is after until ({until})")
    return Filters(
        country_iso3=parse_country(country),
        event_type=(event_type or "").strip().casefold() or None,
        sub_event_type=(sub_event_type or "").strip().casefold() or None,
        actor=(actor or "").strip().casefold() or None,
        bbox=parse_bbox(bbox),
        since=since,
        until=until,
        min_fatalities=min_fatalities,
        certainty=parse_certainty(certainty),
        updated_since=utc_time(updated_since),
    )


def utc_time(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    """A time as the store keeps write times: naive UTC. A date is its midnight; a naive time is taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _in_range(start: str | None, end: str | None, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if start is None and end is None:
        return False
    lo = dt.date.fromisoformat(start or end or "")
    hi = dt.date.fromisoformat(end or start or "")
    return (since is None or hi >= since) and (until is None or lo <= until)


def _same(value: Any, wanted: str | None) -> bool:
    return wanted is None or str(value or "").strip().casefold() == wanted


def matches(item: Mapping[str, Any], filters: Filters, *, updated: dt.datetime | None = None) -> bool:
    """Whether an incident summary or sitrep event passes ``filters``.

    ``updated`` is the item's write time (naive UTC), for ``updated_since``: an item without one does not pass.
    """
    place = item.get("place") or {}
    checks = (
        filters.country_iso3 is None or (place.get("country_iso3") or "").upper() == filters.country_iso3,
        _same(item.get("event_type"), filters.event_type),
        _same(item.get("sub_event_type"), filters.sub_event_type),
        filters.actor is None
        or any(filters.actor in str(a.get("name") or "").casefold() for a in item.get("actors") or ()),
        filters.bbox is None or filters.bbox.holds(place.get("longitude"), place.get("latitude")),
        filters.min_fatalities is None or (item.get("fatalities") or 0) >= filters.min_fatalities,
        filters.certainty is None or (item.get("certainty") or "") in filters.certainty,
        _in_range(item.get("date_start"), item.get("date_end"), filters.since, filters.until),
    )
    if not all(checks):
        return False
    if filters.updated_since is not None:
        return updated is not None and updated >= filters.updated_since
    return True
