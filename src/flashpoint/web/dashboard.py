"""The dashboard's own reads: a compact snapshot of every incident, a change token, one incident in full.

Reads the ledger through the same :class:`~flashpoint.web.app.LedgerReader` methods as the API; writes
JSON for ``web/static/app.js``. The dashboard filters, sorts and pages in the browser, so it asks for every
incident once, in a compact row (:func:`incident_row`), and then polls with the ``version`` it was given:
while nothing was stored the answer is a few bytes (``changed: false``); after a ``flashpoint ingest`` or
``flashpoint watch`` run it is the new snapshot, and the page marks the incidents it had not seen.

Endpoints (documented in ``docs/api.md``):

* ``GET /api/dashboard/incidents[?since=VERSION]`` - every incident as a compact row, with a version token.
* ``GET /api/dashboard/incidents/{id}`` - one incident with its figure histories and each report's text and
  evidence spans, reading only that incident's reports (not the whole ledger).
* ``GET /api/dashboard/status`` - whether the vendored map libraries are installed (``make static``).

The version is a digest of the ledger's table counts when the ledger has ``counts()`` (the real one does):
every stored report, event, incident, link or rejection changes it, and computing it reads no record. Rows are
cached per version inside the router (never in module state), so polling clients cost one count query.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Query

from flashpoint.export import context_from
from flashpoint.export.context import firmest
from flashpoint.export.sitrep import article_json, event_json
from flashpoint.records import Certainty, Extraction, FigureKind, Incident
from flashpoint.web.app import LedgerReader, evidence_spans, history_json, incident_summary
from flashpoint.web.app import _find_extraction as find_extraction

logger = logging.getLogger(__name__)

NAME = "dashboard"
VERSION = "0.1.0"

#: Files ``make static`` copies from the npm packages into ``static/vendor/``; the page needs all of them.
VENDOR_FILES: tuple[str, ...] = (
    "leaflet.js",
    "leaflet.css",
    "leaflet.markercluster.js",
    "MarkerCluster.css",
    "MarkerCluster.Default.css",
    "topojson-client.min.js",
    "countries-50m.json",
)


def missing_vendor_files() -> list[str]:
    """The vendored front-end files that are not installed (empty when ``make static`` has run)."""
    vendor = files("flashpoint.web") / "static" / "vendor"
    return [name for name in VENDOR_FILES if not (vendor / name).is_file()]


def incident_row(incident: Incident, certainty: Certainty | None) -> dict[str, Any]:
    """The compact fields the dashboard filters, maps and tabulates: one row per incident."""
    place = incident.place
    return {
        "id": incident.id,
        "date_start": incident.date_start.isoformat() if incident.date_start else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "iso3": place.country_iso3 if place else None,
        "country": (place.country or place.country_iso3) if place else None,
        "admin1": place.admin1 if place else None,
        "place": place.name if place else None,
        # 5 decimals is about a metre: enough for a map, and a tenth shorter a row
        "lat": round(place.latitude, 5) if place and place.latitude is not None else None,
        "lon": round(place.longitude, 5) if place and place.longitude is not None else None,
        "actors": [a.name for a in incident.actors],
        "fatalities": sum(h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED),
        "reports": len(incident.article_ids),
        "certainty": certainty.value if certainty else None,
    }


#: The summary columns :func:`stored_row` reads.
ROW_COLUMNS: tuple[str, ...] = (
    "id", "date_start", "date_end", "event_type", "sub_event_type", "country_iso3", "country", "admin1", "place_name",
    "latitude", "longitude", "actors", "fatalities", "n_reports", "certainty",
)  # fmt: skip


def stored_row(summary: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`incident_row` from an incident's materialised summary (``Ledger.summaries``): no record decoded."""
    lat, lon = summary["latitude"], summary["longitude"]
    start, end = summary["date_start"], summary["date_end"]
    return {
        "id": summary["id"],
        "date_start": start.isoformat() if start else None,
        "date_end": end.isoformat() if end else None,
        "event_type": summary["event_type"],
        "sub_event_type": summary["sub_event_type"],
        "iso3": summary["country_iso3"],
        "country": summary["country"],
        "admin1": summary["admin1"],
        "place": summary["place_name"],
        "lat": round(lat, 5) if lat is not None else None,
        "lon": round(lon, 5) if lon is not None else None,
        "actors": list(summary["actors"]),
        "fatalities": summary["fatalities"],
        "reports": summary["n_reports"],
        "certainty": summary["certainty"],
    }


def event_certainties(extractions: Iterable[Extraction]) -> dict[str, Certainty]:
    """Each event's certainty by event id (an incident shows the firmest of its events')."""
    return {event.id: event.certainty for ex in extractions for event in ex.events}


def snapshot_rows(ledger: LedgerReader) -> list[dict[str, Any]]:
    """Every incident of ``ledger`` as a compact row, in the ledger's order.

    From the materialised summaries when the ledger has them (the real ledger: one table read, no record
    decoded); else certainties come from the ledger's ``event_certainties()`` when it has one, or from every
    extraction.
    """
    summaries = getattr(ledger, "summaries", None)
    if callable(summaries):
        return [stored_row(row) for row in summaries(ROW_COLUMNS)]
    stored = getattr(ledger, "event_certainties", None)
    certainty: dict[str, Certainty] = stored() if callable(stored) else event_certainties(ledger.extractions())
    return [
        incident_row(inc, firmest(certainty[e] for e in inc.event_ids if e in certainty)) for inc in ledger.incidents()
    ]


def ledger_version(ledger: LedgerReader) -> str | None:
    """A token that changes whenever anything is stored, or None when the ledger cannot tell cheaply."""
    counts = getattr(ledger, "counts", None)
    if not callable(counts):
        return None
    found = counts()
    text = ";".join(f"{k}={found[k]}" for k in sorted(found))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def rows_version(rows: list[dict[str, Any]]) -> str:
    """A token over the rows themselves, for ledgers without ``counts()``."""
    import orjson

    return hashlib.sha256(orjson.dumps(rows)).hexdigest()[:16]


def incident_detail(ledger: LedgerReader, incident_id: str) -> dict[str, Any]:
    """One incident with figure histories, events, and each report's text with its evidence spans.

    Reads the incident and the extractions of its own reports only. A report the ledger no longer holds is
    listed with ``missing: true`` instead of failing the whole answer.
    """
    from flashpoint.errors import NotFoundError

    incident = ledger.incident(incident_id)
    extractions: list[Extraction] = []
    missing: list[str] = []
    for article_id in incident.article_ids:
        try:
            extractions.append(find_extraction(ledger, article_id))
        except NotFoundError:
            missing.append(article_id)
    ctx = context_from(extractions)
    out = incident_summary(incident, ctx)
    out["figures"] = [history_json(h, ctx) for h in incident.figures]
    wanted = set(incident.event_ids)
    out["events"] = [event_json(e, ex.article) for ex in extractions for e in ex.events if e.id in wanted]
    reports = []
    for ex in extractions:
        report = article_json(ex.article)
        report["text"] = ex.article.text
        report["spans"] = evidence_spans(ex)
        report["event_ids"] = [e.id for e in ex.events if e.id in wanted]
        reports.append(report)
    reports.extend({"id": a, "missing": True} for a in missing)
    out["articles"] = reports
    return out


def dashboard_router(get_ledger: Callable[[], LedgerReader]) -> APIRouter:
    """The dashboard's endpoints over the ledger that ``get_ledger`` returns (opened lazily by the app)."""
    router = APIRouter(prefix="/api/dashboard", tags=["dashboard"])
    cache: dict[str, list[dict[str, Any]]] = {}
    if missing_vendor_files():
        logger.warning(
            "the dashboard's map libraries are not installed (run `make static`, which needs Node.js and npm); "
            "the API works and the dashboard shows its table and timeline without the map"
        )

    @router.get("/incidents", summary="Every incident as a compact dashboard row")
    def incidents(
        since: Annotated[
            str | None, Query(description="the version of the caller's copy; unchanged -> no rows")
        ] = None,
    ) -> dict[str, Any]:
        """Every incident (id, dates, types, place, coordinates, actors, deaths, reports, certainty).

        With ``since`` equal to the current version the answer is ``{"changed": false}`` and no rows.
        """
        ledger = get_ledger()
        version = ledger_version(ledger)
        if version is not None and version == since:
            return {"version": version, "changed": False}
        if version is not None and version in cache:
            rows = cache[version]
        else:
            rows = snapshot_rows(ledger)
            if version is None:
                version = rows_version(rows)
                if version == since:
                    return {"version": version, "changed": False}
            else:
                cache.clear()
                cache[version] = rows
        return {"version": version, "changed": True, "total": len(rows), "incidents": rows}

    @router.get("/incidents/{incident_id}", summary="One incident with its reports' text and evidence")
    def incident(incident_id: str) -> dict[str, Any]:
        """The incident, its figure histories and events, and each report's text with evidence spans."""
        return incident_detail(get_ledger(), incident_id)

    @router.get("/status", summary="Whether the dashboard's map libraries are installed")
    def status() -> dict[str, Any]:
        """``ok`` is false when ``make static`` has not copied the map libraries into the package."""
        missing = missing_vendor_files()
        if missing:
            logger.warning("dashboard map libraries missing (%s): run `make static`", ", ".join(missing))
        return {
            "ok": not missing,
            "missing": missing,
            "hint": "run `make static` (needs Node.js and npm) to install the map libraries" if missing else None,
        }

    return router


__all__ = [
    "NAME",
    "VENDOR_FILES",
    "VERSION",
    "dashboard_router",
    "event_certainties",
    "incident_detail",
    "incident_row",
    "ledger_version",
    "missing_vendor_files",
    "snapshot_rows",
    "stored_row",
]
