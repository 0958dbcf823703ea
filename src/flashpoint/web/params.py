"""The query parameters every list and export endpoint of the web API shares: filters, paging, and the
refusal of parameters a route does not take.

Reads query strings through FastAPI dependencies; writes :class:`~flashpoint.web.filters.Filters` and
:class:`Paging` records. The matching itself is framework-free, in :mod:`flashpoint.web.filters`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from flashpoint.errors import InvalidQueryError
from flashpoint.web.filters import Filters, build_filters


@dataclasses.dataclass(frozen=True, slots=True)
class Paging:
    """Which slice of the filtered items one answer holds."""

    limit: int | None
    offset: int


def page(items: list[Any], paging: Paging) -> list[Any]:
    end = None if paging.limit is None else paging.offset + paging.limit
    return items[paging.offset : end]


def query_filters(
    *,
    country: Annotated[
        str | None, Query(description="country name, ISO2 or ISO3 code, any case (Ghana, gh, GHA)")
    ] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type, any case (protests)")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type, any case")] = None,
    actor: Annotated[str | None, Query(description="part of an actor's name, any case")] = None,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat in degrees", examples=["-3.5,4.5,1.5,11.5"])
    ] = None,
    since: Annotated[dt.date | None, Query(description="only items ending on or after this date")] = None,
    until: Annotated[dt.date | None, Query(description="only items starting on or before this date")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, description="ACLED fatalities at least this")] = None,
    certainty: Annotated[str | None, Query(description="certainty values, comma-separated (asserted,reported)")] = None,
    updated_since: Annotated[
        dt.datetime | None,
        Query(
            description="written (stored or changed) at or after this UTC time, ISO 8601; a date is its midnight",
            examples=["2025-03-01T12:00:00Z", "2025-03-01"],
        ),
    ] = None,
) -> Filters:
    """The filters every list and export endpoint takes (documented in docs/api.md)."""
    return build_filters(
        country=country,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=actor,
        bbox=bbox,
        since=since,
        until=until,
        min_fatalities=min_fatalities,
        certainty=certainty,
        updated_since=updated_since,
    )


def list_paging(
    *,
    limit: Annotated[
        int,
        Query(ge=1, le=10_000, description="page size (at most 10,000: web.security.SecurityOptions.max_page_size)"),
    ] = 1000,
    offset: Annotated[int, Query(ge=0, description="items to skip")] = 0,
) -> Paging:
    """Paging of the list endpoints: 1,000 items a page by default."""
    return Paging(limit, offset)


def export_paging(
    *,
    limit: Annotated[int | None, Query(ge=1, description="page size (default: every item)")] = None,
    offset: Annotated[int, Query(ge=0, description="items to skip")] = 0,
) -> Paging:
    """Paging of the export endpoint: every item by default (the total is in ``X-Total-Count``)."""
    return Paging(limit, offset)


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameter names a route takes, through every dependency it declares."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_parameters(request: Request) -> None:
    """A query parameter the route does not take is an error (400), never silently ignored."""
    route = request.scope.get("route")
    # the dashboard page keeps its own state in the URL (filters, sort, page): read by the page, not the server
    if not isinstance(route, APIRoute) or not route.path.startswith("/api/"):
        return
    known = _query_names(route.dependant)
    # ``token`` is read by the security middleware (web.security) on every path, never by a route
    unknown = sorted(set(request.query_params) - known - {"token"})
    if unknown:
        raise InvalidQueryError(
            f"unknown query parameter {', '.join(unknown)}; this endpoint takes: {', '.join(sorted(known)) or 'none'}"
        )
