"""The web API and dashboard: a thin FastAPI layer over the :class:`~flashpoint.ledger.Ledger`.

Reads the ledger (incidents, figure histories, extractions, articles, rejections); writes JSON responses,
export files (through :mod:`flashpoint.export`) and the static dashboard in ``web/static/``. Nothing here
extracts, fuses or stores: every value is laid out by the same functions that build the sitrep and the
exports, so the API, the CLI and the files agree field for field.

Endpoints (documented in ``docs/api.md`` and at ``/docs``):

* ``GET /api/incidents`` - fused incidents, filterable by country, event type and date.
* ``GET /api/incidents/{id}`` - one incident with its events, reports and figure histories.
* ``GET /api/incidents/{id}/history`` - how each figure of an incident moved, revision by revision.
* ``GET /api/events`` - every coded event of every report (the sitrep event fields).
* ``GET /api/articles/{id}`` - a report's text and every evidence span read from it.
* ``GET /api/sitrep`` - the situation report (JSON contract of ``flashpoint sitrep --json``, or text).
* ``GET /api/export/{format}`` - ACLED/UCDP CSV, GeoJSON or JSONL of events or incidents.
* ``GET /api/rejections`` - reports that could not be read, with their error codes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any, Protocol

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from flashpoint import __version__
from flashpoint.errors import ExportError, FlashpointError, NotFoundError
from flashpoint.export import WRITERS, context_from, writer
from flashpoint.export.context import ExportContext, firmest
from flashpoint.export.fields import claimant_chain, figure_range, place_json
from flashpoint.export.sitrep import article_json, event_json, figure_json, render_text, sitrep_json
from flashpoint.records import (
    Article,
    Evidence,
    Extraction,
    FigureHistory,
    FigureKind,
    Incident,
    Rejection,
    to_dict,
)

logger = logging.getLogger(__name__)

NAME = "web"
VERSION = "0.1.0"


class LedgerReader(Protocol):
    """The read side of :class:`flashpoint.ledger.Ledger` that the web layer uses."""

    def incidents(self) -> list[Incident]:
        """Every incident, in a deterministic order."""
        ...

    def incident(self, incident_id: str) -> Incident:
        """One incident; NotFoundError if absent."""
        ...

    def history(self, incident_id: str) -> list[FigureHistory]:
        """The figure histories of one incident."""
        ...

    def extractions(self) -> Iterator[Extraction]:
        """Every stored extraction."""
        ...

    def article(self, article_id: str) -> Article:
        """One stored article; NotFoundError if absent."""
        ...

    def rejections(self) -> list[Rejection]:
        """Every recorded rejection."""
        ...


# --------------------------------------------------------------------------------------------
# Layout helpers (pure: records in, JSON-ready values out)


def incident_summary(incident: Incident, context: ExportContext) -> dict[str, Any]:
    """The fields of an incident the dashboard lists: when, what, where, who, how many, how sure."""
    events = [e for e in (context.events.get(i) for i in incident.event_ids) if e is not None]
    certainty = firmest(e.certainty for e in events)
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date_start": incident.date_start.isoformat() if incident.date_start else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "place": place_json(incident.place),
        "actors": [{"name": a.name, "inter": a.inter, "role": a.role} for a in incident.actors],
        "reports": len(incident.article_ids),
        "article_ids": list(incident.article_ids),
        "external_ids": list(incident.external_ids),
        "event_ids": list(incident.event_ids),
        "certainty": certainty.value if certainty else None,
        "fatalities": sum(h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED),
        "figures": [history_json(h, context, with_revisions=False) for h in incident.figures],
    }


def history_json(history: FigureHistory, context: ExportContext, *, with_revisions: bool = True) -> dict[str, Any]:
    """A figure history: current ACLED and UCDP values, the rule that chose them, and every revision."""
    out: dict[str, Any] = {
        "kind": history.kind.value,
        "victims": history.victims,
        "acled_value": history.acled_value,
        "ucdp_low": history.ucdp_low,
        "ucdp_best": history.ucdp_best,
        "ucdp_high": history.ucdp_high,
        "rule": history.rule,
        "revision_count": len(history.revisions),
    }
    if with_revisions:
        revisions = []
        for rev in sorted(history.revisions, key=lambda r: (r.published or dt.date.min, r.article_id)):
            fig = figure_json(rev.figure, context.article(rev.article_id))
            fig["range"] = figure_range(rev.figure)
            revisions.append(
                {
                    "article_id": rev.article_id,
                    "external_id": rev.external_id,
                    "source": rev.source,
                    "published": rev.published.isoformat() if rev.published else None,
                    "figure": fig,
                }
            )
        out["revisions"] = revisions
    return out


def _span(evidence: Evidence | None, kind: str, label: str) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "start": evidence.start,
        "end": evidence.end,
        "text": evidence.text,
        "kind": kind,
        "label": label,
        "stage": evidence.stage,
    }


def evidence_spans(extraction: Extraction) -> list[dict[str, Any]]:
    """Every evidence span of one extraction, labelled with what it supports, in text order.

    Kinds: ``event``, ``actor``, ``place``, ``date``, ``figure``, ``claim``, ``caveat``. The dashboard
    highlights them in the article text; overlapping spans are all kept.
    """
    spans: list[dict[str, Any] | None] = []
    for event in extraction.events:
        label = f"{event.event_type} / {event.sub_event_type} ({event.certainty.value})"
        spans.extend(_span(ev, "event", label) for ev in event.evidence)
        spans.extend(_span(a.evidence, "actor", f"{a.name} [inter {a.inter}]") for a in event.actors)
        if event.place is not None:
            where = f"{event.place.name} ({event.place.country_iso3 or '?'})"
            spans.append(_span(event.place.evidence, "place", where))
        spans.append(_span(event.date.evidence, "date", f"{event.date.start} .. {event.date.end}"))
    for fig in extraction.figures:
        chain = " -> ".join(claimant_chain(fig.claim)) or "the report"
        label = f"{fig.kind.value} ({fig.victims}): {figure_range(fig)}; {fig.certainty.value}, says {chain}"
        spans.append(_span(fig.evidence, "figure", label))
    for claim in extraction.claims:
        chain = " -> ".join(claimant_chain(claim)) or "the report"
        spans.append(_span(claim.evidence, "claim", f"{claim.certainty.value}: {chain}"))
    spans.extend(_span(c.evidence, "caveat", "caveat") for c in extraction.caveats)
    found = [s for s in spans if s is not None and s["end"] > s["start"]]
    unique = {(s["start"], s["end"], s["kind"], s["label"]): s for s in found}
    return sorted(unique.values(), key=lambda s: (s["start"], -s["end"], s["kind"]))


def _in_range(start: str | None, end: str | None, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if start is None and end is None:
        return False
    lo = dt.date.fromisoformat(start or end or "")
    hi = dt.date.fromisoformat(end or start or "")
    return (since is None or hi >= since) and (until is None or lo <= until)


def _matches(
    item: dict[str, Any], country: str | None, event_type: str | None, since: dt.date | None, until: dt.date | None
) -> bool:
    place = item.get("place") or {}
    if country and (place.get("country_iso3") or "").upper() != country.upper():
        return False
    if event_type and item.get("event_type") != event_type:
        return False
    return _in_range(item.get("date_start"), item.get("date_end"), since, until)


# --------------------------------------------------------------------------------------------
# The app


def create_app(ledger_url: str = "sqlite:///flashpoint.db", *, ledger: LedgerReader | None = None) -> FastAPI:
    """The FastAPI app serving the REST API and the dashboard over the ledger at ``ledger_url``.

    Pass ``ledger`` to serve an already open ledger (or any object with the same read methods, e.g. in
    tests); otherwise the ledger is opened here and closed when the app shuts down.
    """
    opened: list[Any] = []

    def get_ledger() -> LedgerReader:
        if ledger is not None:
            return ledger
        if not opened:
            from flashpoint.ledger import Ledger

            opened.append(Ledger(ledger_url))
        found: LedgerReader = opened[0]
        return found

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        for item in opened:
            item.close()

    app = FastAPI(
        title="Flashpoint",
        version=__version__,
        description="Events, incidents and figures read from news reports, each with its evidence and claimants.",
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(packages=[("flashpoint.web", "static")]), name="static")
    from flashpoint.web.dashboard import dashboard_router  # imports this module: loaded once the app is built

    app.include_router(dashboard_router(get_ledger))

    @app.exception_handler(FlashpointError)
    async def flashpoint_error(_: Request, exc: FlashpointError) -> JSONResponse:
        status = 404 if isinstance(exc, NotFoundError | ExportError) else 500
        if status == 500:
            logger.error("request failed: %s", exc)
        return JSONResponse({"error": exc.code, "detail": exc.message}, status_code=status)

    def snapshot() -> tuple[list[Extraction], ExportContext]:
        extractions = list(get_ledger().extractions())
        return extractions, context_from(extractions)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        from importlib.resources import as_file, files

        with as_file(files("flashpoint.web") / "static" / "index.html") as path:
            return FileResponse(path, media_type="text/html")

    @app.get("/api/incidents", summary="List incidents")
    def list_incidents(
        *,
        country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3 code, e.g. GHA")] = None,
        event_type: Annotated[str | None, Query(description="ACLED event type, e.g. Protests")] = None,
        since: Annotated[dt.date | None, Query(description="only incidents ending on or after this date")] = None,
        until: Annotated[dt.date | None, Query(description="only incidents starting on or before this date")] = None,
        limit: Annotated[int, Query(ge=1, le=100000)] = 1000,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Fused incidents (one real-world event each), with places, actors, report counts and figures."""
        _, ctx = snapshot()
        items = [incident_summary(i, ctx) for i in get_ledger().incidents()]
        items = [i for i in items if _matches(i, country, event_type, since, until)]
        return {"total": len(items), "incidents": items[offset : offset + limit]}

    @app.get("/api/incidents/{incident_id}", summary="One incident with its reports")
    def get_incident(incident_id: str) -> dict[str, Any]:
        """An incident with every supporting event (sitrep fields), report and figure history."""
        incident = get_ledger().incident(incident_id)
        _, ctx = snapshot()
        events = [ctx.events[i] for i in incident.event_ids if i in ctx.events]
        out = incident_summary(incident, ctx)
        out["events"] = [event_json(e, ctx.article(e.article_id)) for e in events]
        out["articles"] = [article_json(a) for a in (ctx.article(i) for i in incident.article_ids) if a]
        out["figures"] = [history_json(h, ctx) for h in incident.figures]
        lineage = getattr(get_ledger(), "lineage", None)
        if callable(lineage):
            out["lineage"] = to_dict(lineage(incident_id))
        out["record"] = to_dict(incident)
        return out

    @app.get("/api/incidents/{incident_id}/history", summary="Figure history of an incident")
    def get_history(incident_id: str) -> dict[str, Any]:
        """Each figure of the incident: its current values, the rule that chose them, every revision."""
        histories = get_ledger().history(incident_id)
        _, ctx = snapshot()
        return {"incident_id": incident_id, "figures": [history_json(h, ctx) for h in histories]}

    @app.get("/api/figures", summary="Every incident figure with its history")
    def list_figures() -> dict[str, Any]:
        """Every figure history of every incident, with the incident's date and place, for the figures table."""
        _, ctx = snapshot()
        items = []
        for incident in get_ledger().incidents():
            for history in incident.figures:
                item = history_json(history, ctx)
                item.update(
                    incident_id=incident.id,
                    event_type=incident.event_type,
                    date_start=incident.date_start.isoformat() if incident.date_start else None,
                    date_end=incident.date_end.isoformat() if incident.date_end else None,
                    place=place_json(incident.place),
                )
                items.append(item)
        return {"figures": items}

    @app.get("/api/events", summary="List events")
    def list_events(
        *,
        country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3 code")] = None,
        event_type: Annotated[str | None, Query(description="ACLED event type")] = None,
        since: Annotated[dt.date | None, Query()] = None,
        until: Annotated[dt.date | None, Query()] = None,
        article_id: Annotated[str | None, Query(description="only the events of this report")] = None,
        limit: Annotated[int, Query(ge=1, le=100000)] = 1000,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Every event coded from every report, in the fields of the sitrep contract."""
        extractions, _ = snapshot()
        items = [
            event_json(e, ex.article)
            for ex in extractions
            if article_id is None or ex.article.id == article_id
            for e in ex.events
        ]
        items = [i for i in items if _matches(i, country, event_type, since, until)]
        return {"total": len(items), "events": items[offset : offset + limit]}

    @app.get("/api/articles/{article_id}", summary="A report with its evidence spans")
    def get_article(article_id: str) -> dict[str, Any]:
        """The report's metadata and text, and every evidence span read from it (for highlighting)."""
        extraction = _find_extraction(get_ledger(), article_id)
        out = article_json(extraction.article)
        out["text"] = extraction.article.text
        out["spans"] = evidence_spans(extraction)
        out["events"] = [event_json(e, extraction.article) for e in extraction.events]
        out["figures"] = [figure_json(f, extraction.article) for f in extraction.figures]
        out["caveats"] = [c.text for c in extraction.caveats]
        return out

    @app.get("/api/sitrep", summary="Situation report", response_model=None)
    def get_sitrep(
        format: Annotated[
            str, Query(pattern="^(json|text)$", description="json (the sitrep contract) or text")
        ] = "json",
    ) -> dict[str, Any] | PlainTextResponse:
        """The situation report over every stored report, as ``flashpoint sitrep`` prints it."""
        extractions, _ = snapshot()
        if format == "text":
            return PlainTextResponse(render_text(extractions))
        return sitrep_json(extractions)

    @app.get("/api/export/{fmt}", summary="Export events or incidents")
    def export(fmt: str, incidents: Annotated[bool, Query(description="one row per incident")] = False) -> Response:
        """Download every event (or, with ``incidents=true``, every incident) as acled, ucdp, geojson or jsonl."""
        found = writer(fmt)
        extractions, ctx = snapshot()
        stream = io.StringIO()
        if incidents:
            found.write_incidents(get_ledger().incidents(), stream, context=ctx)
        else:
            found.write_events([e for ex in extractions for e in ex.events], stream, context=ctx)
        name = f"flashpoint-{'incidents' if incidents else 'events'}-{fmt}{found.suffix}"
        return Response(
            stream.getvalue(),
            media_type=found.media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/api/formats", summary="Export formats")
    def formats() -> dict[str, Any]:
        """The registered export formats."""
        return {
            "formats": [
                {"name": w.name, "suffix": w.suffix, "media_type": w.media_type, "description": w.description}
                for w in WRITERS.values()
            ]
        }

    @app.get("/api/rejections", summary="Rejected reports")
    def list_rejections() -> dict[str, Any]:
        """Reports that could not be read, with their stable error codes and reasons."""
        return {"rejections": to_dict(get_ledger().rejections())}

    return app


def _find_extraction(ledger: LedgerReader, article_id: str) -> Extraction:
    """The stored extraction of one article (NotFoundError when absent)."""
    direct = getattr(ledger, "extraction", None)
    if callable(direct):
        found: Extraction = direct(article_id)
        return found
    for extraction in ledger.extractions():
        if extraction.article.id == article_id:
            return extraction
    ledger.article(article_id)  # raises NotFoundError with the ledger's own message
    raise NotFoundError(f"no article {article_id!r}")


__all__ = ["LedgerReader", "create_app", "evidence_spans", "history_json", "incident_summary"]
