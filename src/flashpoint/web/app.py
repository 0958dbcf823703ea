"""The web API and dashboard: a thin FastAPI layer over the :class:`~flashpoint.ledger.Ledger`.

Reads the ledger (incidents, figure histories, extractions, articles, rejections); writes JSON responses,
export files (through :mod:`flashpoint.export`) and the static dashboard in ``web/static/``. Nothing here
extracts, fuses or stores: every value is laid out by the same functions that build the sitrep and the
exports, so the API, the CLI and the files agree field for field.

Endpoints (documented in ``docs/api.md`` and at ``/docs``):

* ``GET /api/incidents`` - fused incidents, filtered and paged (:mod:`flashpoint.web.filters`).
* ``GET /api/incidents/{id}`` - one incident with its events, reports and figure histories.
* ``GET /api/incidents/{id}/history`` - how each figure of an incident moved, revision by revision.
* ``GET /api/events`` - every coded event of every report (the sitrep event fields).
* ``GET /api/articles/{id}`` - a report's text and every evidence span read from it.
* ``GET /api/sitrep`` - the situation report (JSON contract of ``flashpoint sitrep --json``, or text).
* ``GET /api/export/{format}`` - ACLED/UCDP CSV, GeoJSON, JSONL or PLOVER of events or incidents, filtered and
  paged like the lists (Parquet with ``parquet=true``).

Every list and export endpoint takes the same filters and paging; an unknown query parameter or a value that
cannot be used is a 400, and every error has one shape, ``{"error": code, "detail": message}``. ``/docs`` is
Swagger UI served from the package (fastapi-offline), so it works without internet.
* ``GET /api/rejections`` - reports that could not be read, with their error codes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import io
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from typing import Annotated, Any, Protocol

import anyio.to_thread
import orjson
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from flashpoint import __version__
from flashpoint.errors import ExportError, FlashpointError, InvalidQueryError, NotFoundError
from flashpoint.export import WRITERS, context_from, writer
from flashpoint.export.acled import AcledOptions
from flashpoint.export.context import ExportContext, firmest
from flashpoint.export.fields import claimant_chain, figure_range, place_json
from flashpoint.export.items import history_head, incident_item
from flashpoint.export.parquet import TABLES as PARQUET_TABLES
from flashpoint.export.parquet import write_csv_text
from flashpoint.export.sitrep import article_json, event_json, figure_json, render_text, sitrep_json
from flashpoint.records import (
    Article,
    Certainty,
    Event,
    Evidence,
    Extraction,
    FigureHistory,
    Incident,
    Rejection,
    to_dict,
)
from flashpoint.store import lists
from flashpoint.store.summary import ListQuery
from flashpoint.web.filters import Filters, list_query, matches
from flashpoint.web.models import (
    ArticleDetail,
    ErrorResponse,
    EventPage,
    FigurePage,
    FormatsResponse,
    HistoryResponse,
    IncidentDetail,
    IncidentPage,
    RejectionsResponse,
)
from flashpoint.web.params import (
    Paging,
    export_paging,
    list_paging,
    page,
    query_filters,
    reject_unknown_parameters,
)
from flashpoint.web.security import SecurityMiddleware, SecurityOptions

logger = logging.getLogger(__name__)

NAME = "web"
VERSION = "0.2.0"
PARQUET_FORMATS = tuple(sorted(PARQUET_TABLES))


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


class ColumnReader(LedgerReader, Protocol):
    """A reader that also answers from stored columns (the real ledger): lists filter and page in SQL and
    decode only the incidents or extractions of their page, details those of the one incident shown."""

    def incident_list(
        self, query: ListQuery, *, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[Incident, str | None]]]:
        """How many incidents pass the query, and one page of them with their certainties."""
        ...

    def figure_list(
        self, query: ListQuery, *, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[Incident, int, int]]]:
        """How many figure histories pass, and one page of them as slices of incidents' figures."""
        ...

    def event_list(
        self, query: ListQuery, *, article_id: str | None = None, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[str, str]]]:
        """How many events pass, and one page of them as (event id, article id)."""
        ...

    def extractions_of(self, article_ids: Iterable[str]) -> list[Extraction]:
        """The stored extractions of these articles only."""
        ...

    def read_with(self, read: Callable[[Any], Any]) -> Any:
        """Run one read of the store (e.g. a page of ready JSON, :mod:`flashpoint.store.lists`) in one read
        transaction and return what it returns."""
        ...


# --------------------------------------------------------------------------------------------
# Layout helpers (pure: records in, JSON-ready values out)


def incident_summary(incident: Incident, context: ExportContext) -> dict[str, Any]:
    """The fields of an incident the dashboard lists: when, what, where, who, how many, how sure."""
    events = (context.events.get(i) for i in incident.event_ids)
    return summary_of(incident, {e.id: e.certainty for e in events if e is not None})


def summary_of(incident: Incident, certainties: Mapping[str, Certainty]) -> dict[str, Any]:
    """:func:`incident_summary` from the certainties of the incident's events by id (e.g. read from the
    ledger's ``events`` column, so that a list decodes no extraction)."""
    return summary_item(incident, firmest(certainties[i] for i in incident.event_ids if i in certainties))


def summary_item(incident: Incident, certainty: Certainty | None) -> dict[str, Any]:
    """:func:`incident_summary` given the incident's certainty (the firmest of its events', e.g. stored): the
    list item the store also writes for every incident (:func:`flashpoint.export.items.incident_item`)."""
    return incident_item(incident, certainty.value if certainty else None)


def history_json(history: FigureHistory, context: ExportContext, *, with_revisions: bool = True) -> dict[str, Any]:
    """A figure history: current ACLED and UCDP values, the rule that chose them, and every revision."""
    out = history_head(history)
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


#: How many requests one server process works on at once (the threads its sync endpoints run in; AnyIO's
#: default is 40). The endpoints are CPU work in Python (under the GIL) and SQLite reads (which release it), so
#: a few threads keep a process busy; 40 runnable threads mostly trade the GIL: with 20 concurrent clients on the
#: 119,230-incident file, 4 threads cost 3.3-3.6 ms of server CPU per request against 4.4-5.3 ms with 40, and
#: served the same 600 requests in 2.8-4.7 s against 5.9-8.0 s (ad hoc A/B, two runs each, load average ~20).
REQUEST_THREADS = 4


def create_app(
    ledger_url: str = "sqlite:///flashpoint.db",
    *,
    ledger: LedgerReader | None = None,
    security: SecurityOptions | None = None,
    threads: int = REQUEST_THREADS,
) -> FastAPI:
    """The FastAPI app serving the REST API and the dashboard over the ledger at ``ledger_url``.

    Pass ``ledger`` to serve an already open ledger (or any object with the same read methods, e.g. in
    tests); otherwise the ledger is opened here and closed when the app shuts down. ``security``: the
    token and limits of :mod:`flashpoint.web.security` (default: no token, the default limits). ``threads``:
    the requests worked on at once (:data:`REQUEST_THREADS`; the others wait their turn in the event loop).
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
        # the limiter of this event loop's worker threads, where the sync endpoints run
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        for item in opened:
            item.close()

    app: FastAPI = FastAPIOffline(
        title="Flashpoint",
        version=__version__,
        description="Events, incidents and figures read from news reports, each with its evidence and claimants.",
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_parameters)],
        responses={400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}},
    )
    app.mount("/static", StaticFiles(packages=[("flashpoint.web", "static")]), name="static")
    app.add_middleware(SecurityMiddleware, options=security or SecurityOptions())
    from flashpoint.web.dashboard import dashboard_router  # imports this module: loaded once the app is built

    app.include_router(dashboard_router(get_ledger))

    @app.exception_handler(FlashpointError)
    async def flashpoint_error(_: Request, exc: FlashpointError) -> JSONResponse:
        status = (
            400 if isinstance(exc, InvalidQueryError) else 404 if isinstance(exc, NotFoundError | ExportError) else 500
        )
        if status == 500:
            logger.error("request failed: %s", exc)
        return JSONResponse({"error": exc.code, "detail": exc.message}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'query')}: {e.get('msg', '')}" for e in exc.errors()
        )
        return JSONResponse({"error": InvalidQueryError.code, "detail": problems}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = NotFoundError.code if exc.status_code == 404 else f"HTTP{exc.status_code}"
        return JSONResponse({"error": code, "detail": str(exc.detail)}, status_code=exc.status_code)

    def snapshot() -> tuple[list[Extraction], ExportContext]:
        extractions = list(get_ledger().extractions())
        return extractions, context_from(extractions)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        from importlib.resources import as_file, files

        with as_file(files("flashpoint.web") / "static" / "index.html") as path:
            return FileResponse(path, media_type="text/html")

    def incident_items(filters: Filters) -> tuple[list[dict[str, Any]], list[Incident], ExportContext]:
        _no_write_times(filters)
        _, ctx = snapshot()
        found: list[tuple[dict[str, Any], Incident]] = []
        for incident in get_ledger().incidents():
            item = incident_summary(incident, ctx)
            if matches(item, filters):
                found.append((item, incident))
        return [f[0] for f in found], [f[1] for f in found], ctx

    def column_reader() -> ColumnReader | None:
        found = get_ledger()
        wanted = ("incident_list", "figure_list", "event_list", "extractions_of", "read_with")
        return found if all(callable(getattr(found, n, None)) for n in wanted) else None  # type: ignore[return-value]

    def list_reader() -> Callable[[Callable[[Any], Any]], Any] | None:
        """The ledger's ``read_with`` when it is a column reader: the lists are then read as ready JSON."""
        reader = column_reader()
        return reader.read_with if reader is not None else None

    def incident_list_body(filters: Filters, paging: Paging) -> bytes:
        """The answer of ``/api/incidents``: the items stored with the incidents, joined as they are, when the
        ledger keeps them; else laid out from every extraction (a test compares the two on every filter)."""
        read = list_reader()
        if read is None:
            items, _, _ = incident_items(filters)
            head = {"total": len(items), "total_exact": True, "limit": paging.limit, "offset": paging.offset}
            return orjson.dumps({**head, "incidents": page(items, paging)})
        query = list_query(filters)
        found = read(functools.partial(lists.incident_items, query=query, offset=paging.offset, limit=paging.limit))
        return lists.json_page(found, paging.limit, paging.offset, "incidents")

    def incident_context(histories: Iterable[FigureHistory], article_ids: Iterable[str]) -> ExportContext:
        """The articles and events one incident's answer shows: only its own reports' when the ledger can."""
        reader = column_reader()
        if reader is None:
            return snapshot()[1]
        wanted = {*article_ids, *(r.article_id for h in histories for r in h.revisions)}
        return context_from(reader.extractions_of(wanted))

    def event_page(
        filters: Filters, paging: Paging, article_id: str | None
    ) -> tuple[int, list[dict[str, Any]], list[Event], ExportContext]:
        """The total passing ``filters`` and one page of events (items, records and their context): from the
        ``events`` columns and the page's own extractions when the ledger can, else from every extraction."""
        reader = column_reader()
        if reader is None:
            items, chosen, ctx = event_items(filters, article_id)
            return len(items), page(items, paging), page(chosen, paging), ctx
        query = list_query(filters)
        total, ids = reader.event_list(query, article_id=article_id, offset=paging.offset, limit=paging.limit)
        ctx = context_from(reader.extractions_of({a for _, a in ids}))
        found = [ctx.events[e] for e, _ in ids if e in ctx.events]
        return total, [event_json(e, ctx.article(e.article_id)) for e in found], found, ctx

    def event_list_body(filters: Filters, paging: Paging, article_id: str | None) -> bytes:
        """The answer of ``/api/events``: the items stored with the events, joined as they are, when the ledger
        keeps them; else laid out from the page's (or every) extraction."""
        read = list_reader()
        if read is None:
            total, items, _, _ = event_page(filters, paging, article_id)
            body = {"total": total, "total_exact": True, "limit": paging.limit, "offset": paging.offset}
            return orjson.dumps({**body, "events": items})
        query = list_query(filters)
        found = read(
            functools.partial(
                lists.event_items_page, query=query, article_id=article_id, offset=paging.offset, limit=paging.limit
            )
        )
        return lists.json_page(found, paging.limit, paging.offset, "events")

    def incident_page(filters: Filters, paging: Paging) -> tuple[int, list[Incident], ExportContext]:
        """The total passing ``filters`` and one page of incidents with the context of their own reports."""
        reader = column_reader()
        if reader is None:
            _, chosen, ctx = incident_items(filters)
            return len(chosen), page(chosen, paging), ctx
        total, rows = reader.incident_list(list_query(filters), offset=paging.offset, limit=paging.limit)
        chosen = [incident for incident, _ in rows]
        wanted = {
            *(a for i in chosen for a in i.article_ids),
            *(r.article_id for i in chosen for h in i.figures for r in h.revisions),
        }
        return total, chosen, context_from(reader.extractions_of(wanted))

    def event_items(
        filters: Filters, article_id: str | None
    ) -> tuple[list[dict[str, Any]], list[Event], ExportContext]:
        _no_write_times(filters)
        extractions, ctx = snapshot()
        found: list[tuple[dict[str, Any], Event]] = []
        for ex in extractions:
            if article_id is not None and ex.article.id != article_id:
                continue
            for event in ex.events:
                item = event_json(event, ex.article)
                if matches(item, filters):
                    found.append((item, event))
        return [f[0] for f in found], [f[1] for f in found], ctx

    @app.get("/api/incidents", summary="List incidents", response_model=IncidentPage)
    def list_incidents(
        filters: Annotated[Filters, Depends(query_filters)], paging: Annotated[Paging, Depends(list_paging)]
    ) -> Response:
        """Fused incidents (one real-world event each), with places, actors, report counts and figures."""
        # laid out in the model's shape already (a test validates every answer against IncidentPage): sent as it
        # is, since validating and re-encoding 100 incidents cost about as much as reading them
        return _json(incident_list_body(filters, paging))

    @app.get("/api/incidents/{incident_id}", summary="One incident with its reports", response_model=IncidentDetail)
    def get_incident(incident_id: str) -> Response:
        """An incident with every supporting event (sitrep fields), report and figure history."""
        incident = get_ledger().incident(incident_id)
        ctx = incident_context(incident.figures, incident.article_ids)
        events = [ctx.events[i] for i in incident.event_ids if i in ctx.events]
        out = incident_summary(incident, ctx)
        out["events"] = [event_json(e, ctx.article(e.article_id)) for e in events]
        out["articles"] = [article_json(a) for a in (ctx.article(i) for i in incident.article_ids) if a]
        out["figures"] = [history_json(h, ctx) for h in incident.figures]
        lineage = getattr(get_ledger(), "lineage", None)
        if callable(lineage):
            out["lineage"] = to_dict(lineage(incident_id))
        out["record"] = to_dict(incident)
        return _json(orjson.dumps(out))

    @app.get(
        "/api/incidents/{incident_id}/history", summary="Figure history of an incident", response_model=HistoryResponse
    )
    def get_history(incident_id: str) -> Response:
        """Each figure of the incident: its current values, the rule that chose them, every revision."""
        histories = get_ledger().history(incident_id)
        ctx = incident_context(histories, ())
        return _json(orjson.dumps({"incident_id": incident_id, "figures": [history_json(h, ctx) for h in histories]}))

    @app.get("/api/figures", summary="Every incident figure with its history", response_model=FigurePage)
    def list_figures(
        filters: Annotated[Filters, Depends(query_filters)], paging: Annotated[Paging, Depends(list_paging)]
    ) -> Response:
        """Every figure history of every incident passing the filters, with the incident's date and place."""
        reader = column_reader()
        if reader is None:
            _, incidents, ctx = incident_items(filters)
            slices = [(incident, 0, len(incident.figures)) for incident in incidents]
            total = sum(len(i.figures) for i in incidents)
            offset, end = paging.offset, None if paging.limit is None else paging.offset + paging.limit
        else:
            total, slices = reader.figure_list(list_query(filters), offset=paging.offset, limit=paging.limit)
            wanted = {r.article_id for i, a, b in slices for h in i.figures[a:b] for r in h.revisions}
            ctx = context_from(reader.extractions_of(wanted))
            offset, end = 0, None
        items = []
        for incident, first, last in slices:
            for history in incident.figures[first:last]:
                item = history_json(history, ctx)
                item.update(
                    incident_id=incident.id,
                    event_type=incident.event_type,
                    date_start=incident.date_start.isoformat() if incident.date_start else None,
                    date_end=incident.date_end.isoformat() if incident.date_end else None,
                    place=place_json(incident.place),
                )
                items.append(item)
        body: dict[str, Any] = {"total": total, "total_exact": True, "limit": paging.limit, "offset": paging.offset}
        body["figures"] = items[offset:end]
        return _json(orjson.dumps(body))

    @app.get("/api/events", summary="List events", response_model=EventPage)
    def list_events(
        filters: Annotated[Filters, Depends(query_filters)],
        paging: Annotated[Paging, Depends(list_paging)],
        article_id: Annotated[str | None, Query(description="only the events of this report")] = None,
    ) -> Response:
        """Every event coded from every report, in the fields of the sitrep contract."""
        return _json(event_list_body(filters, paging, article_id))

    @app.get("/api/articles/{article_id}", summary="A report with its evidence spans", response_model=ArticleDetail)
    def get_article(article_id: str) -> Response:
        """The report's metadata and text, and every evidence span read from it (for highlighting)."""
        extraction = _find_extraction(get_ledger(), article_id)
        out = article_json(extraction.article)
        out["text"] = extraction.article.text
        out["spans"] = evidence_spans(extraction)
        out["events"] = [event_json(e, extraction.article) for e in extraction.events]
        out["figures"] = [figure_json(f, extraction.article) for f in extraction.figures]
        out["caveats"] = [c.text for c in extraction.caveats]
        return _json(orjson.dumps(out))

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

    @app.get(
        "/api/export/{fmt}",
        summary="Export events or incidents",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}, "application/geo+json": {}, "application/x-ndjson": {}}}},
    )
    def export(
        fmt: str,
        *,
        filters: Annotated[Filters, Depends(query_filters)],
        paging: Annotated[Paging, Depends(export_paging)],
        incidents: Annotated[bool, Query(description="one row per incident")] = False,
        parquet: Annotated[bool, Query(description="Parquet with a typed schema (acled, ucdp)")] = False,
        inter_labels: Annotated[bool, Query(description="ACLED's text labels for inter codes")] = False,
    ) -> Response:
        """Download the events (or, with ``incidents=true``, the incidents) passing the filters, one page of them.

        Formats: acled, ucdp, geojson, jsonl, plover. The number of items passing the filters is in the
        ``X-Total-Count`` header.
        """
        found = writer(fmt)
        if parquet and fmt not in PARQUET_FORMATS:
            raise InvalidQueryError(f"parquet=true needs a tabular format ({', '.join(PARQUET_FORMATS)}), not {fmt}")
        stream = io.StringIO()
        if incidents:
            total, chosen_incidents, ctx = incident_page(filters, paging)
            ctx = dataclasses.replace(ctx, acled=AcledOptions(inter_labels=inter_labels))
            found.write_incidents(chosen_incidents, stream, context=ctx)
        else:
            total, _, chosen_events, ctx = event_page(filters, paging, None)
            ctx = dataclasses.replace(ctx, acled=AcledOptions(inter_labels=inter_labels))
            found.write_events(chosen_events, stream, context=ctx)
        kind = "incidents" if incidents else "events"
        headers = {"X-Total-Count": str(total)}
        if parquet:
            binary = io.BytesIO()
            write_csv_text(fmt, stream.getvalue(), binary, labels=inter_labels)
            headers["Content-Disposition"] = f'attachment; filename="flashpoint-{kind}-{fmt}.parquet"'
            return Response(binary.getvalue(), media_type="application/vnd.apache.parquet", headers=headers)
        headers["Content-Disposition"] = f'attachment; filename="flashpoint-{kind}-{fmt}{found.suffix}"'
        return Response(stream.getvalue(), media_type=found.media_type, headers=headers)

    @app.get("/api/formats", summary="Export formats", response_model=FormatsResponse)
    def formats() -> dict[str, Any]:
        """The registered export formats."""
        return {
            "formats": [
                {"name": w.name, "suffix": w.suffix, "media_type": w.media_type, "description": w.description}
                for w in WRITERS.values()
            ]
        }

    @app.get("/api/rejections", summary="Rejected reports", response_model=RejectionsResponse)
    def list_rejections(paging: Annotated[Paging, Depends(list_paging)]) -> dict[str, Any]:
        """Reports that could not be read, with their stable error codes and reasons (paged like the lists)."""
        items = to_dict(get_ledger().rejections())
        return {"total": len(items), "limit": paging.limit, "offset": paging.offset, "rejections": page(items, paging)}

    return app


def _json(body: bytes) -> Response:
    """A JSON answer laid out already in its response model's shape (the web tests validate each endpoint's
    answers against their models): sent as it is, without FastAPI validating and re-encoding it per request."""
    return Response(body, media_type="application/json")


def _no_write_times(filters: Filters) -> None:
    """``updated_since`` compares the write times the ledger stores; a reader without them cannot answer it."""
    if filters.updated_since is not None:
        raise InvalidQueryError("updated_since needs a ledger that stores write times; this reader keeps none")


#: The ledger URL a worker process of ``flashpoint serve --workers N`` serves (set by ``serve``).
SERVE_DB_ENV = "FLASHPOINT_SERVE_DB"


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``flashpoint serve --workers N``: uvicorn imports and calls this in
    each worker; the ledger URL is :data:`SERVE_DB_ENV` and the token ``FLASHPOINT_TOKEN`` (set by ``serve``)."""
    url = os.environ.get(SERVE_DB_ENV)
    if not url:
        raise InvalidQueryError(f"{SERVE_DB_ENV} is not set: start workers with `flashpoint serve --workers N`")
    return create_app(url, security=SecurityOptions.from_env())


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


__all__ = [
    "REQUEST_THREADS",
    "SERVE_DB_ENV",
    "LedgerReader",
    "app_from_environment",
    "create_app",
    "evidence_spans",
    "history_json",
    "incident_summary",
]
