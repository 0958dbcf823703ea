"""Pydantic response models of the web API, so ``/openapi.json`` types every field.

Reads nothing; defines the shapes the endpoints of :mod:`flashpoint.web.app` return. The values are laid out
by :mod:`flashpoint.export.fields` and :mod:`flashpoint.export.sitrep` (the same helpers the exports use); these
models only declare them. Pydantic stays at the edge, as the house style asks: records stay dataclasses.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorResponse(BaseModel):
    """Every error the API returns: a stable code and a message (HTTP status 400, 404 or 500)."""

    error: str = Field(description="stable error code, e.g. FP410 (bad query), FP404 (not found)")
    detail: str = Field(description="what went wrong, for people")


class PlaceOut(BaseModel):
    """A resolved place with ACLED and UCDP precision codes."""

    name: str
    country_iso3: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    where_prec: int
    feature: str | None
    geonameid: int | None


class ActorBrief(BaseModel):
    """An incident's actor: ACLED name, inter code and role."""

    name: str
    inter: int
    role: str


class ActorOut(ActorBrief):
    """An event's actor, with its country and the words the text used."""

    country_iso3: str | None
    mention: str | None


class EvidenceOut(BaseModel):
    """A span of a report's text that supports a value."""

    start: int
    end: int
    text: str
    article_id: str
    stage: str


class ChainLinkOut(BaseModel):
    """One link of a claimant chain."""

    name: str
    source_type: str
    cue: str | None


class RevisionOut(BaseModel):
    """One report's reading of a figure (the figure in the sitrep contract)."""

    article_id: str
    external_id: str | None
    source: str | None
    published: str | None
    figure: dict[str, Any]


class HistoryOut(BaseModel):
    """A figure history: current ACLED and UCDP values, the rule that chose them, its revisions."""

    kind: str
    victims: str
    acled_value: int | None
    ucdp_low: int | None
    ucdp_best: int | None
    ucdp_high: int | None
    rule: str
    revision_count: int
    revisions: list[RevisionOut] | None = None


class IncidentOut(BaseModel):
    """A fused incident: when, what, where, who, how many, how sure, from which reports."""

    id: str
    event_type: str
    sub_event_type: str
    date_start: str | None
    date_end: str | None
    place: PlaceOut | None
    actors: list[ActorBrief]
    reports: int
    article_ids: list[str]
    external_ids: list[str]
    event_ids: list[str]
    certainty: str | None
    fatalities: int
    figures: list[HistoryOut]


class EventOut(BaseModel):
    """An event coded from one report (the sitrep event contract)."""

    id: str
    article_id: str
    external_id: str | None
    source: str | None
    event_type: str
    sub_event_type: str
    plover_type: str
    plover_mode: str | None
    date_start: str | None
    date_end: str | None
    time_precision: int
    date_phrase: str | None
    place: PlaceOut | None
    actors: list[ActorOut]
    interaction: int
    fatalities: int
    fatalities_low: int | None
    fatalities_high: int | None
    certainty: str
    claimant_chain: list[str]
    claimant_links: list[ChainLinkOut]
    sources: list[str]
    evidence: list[EvidenceOut]


class Page(BaseModel):
    """How many items pass the filters, and which slice of them this answer holds."""

    total: int = Field(description="items passing the filters, before paging (a lower bound when total_exact is false)")
    total_exact: bool = Field(
        True,
        description="false when counting stopped at the count cap (10,000, or the page's end beyond it): at least "
        "total items pass (lists of incidents and events with filters; docs/api.md)",
    )
    limit: int | None = Field(description="page size asked for (None: every item)")
    offset: int = Field(description="items skipped")


class IncidentPage(Page):
    """A page of incidents."""

    incidents: list[IncidentOut]


class EventPage(Page):
    """A page of events."""

    events: list[EventOut]


class FigureRow(HistoryOut):
    """A figure history with its incident's id, type, dates and place."""

    incident_id: str
    event_type: str
    date_start: str | None
    date_end: str | None
    place: PlaceOut | None


class FigurePage(Page):
    """A page of figure histories."""

    figures: list[FigureRow]


class IncidentDetail(IncidentOut):
    """One incident with its events, reports, full figure histories, lineage and stored record."""

    events: list[EventOut]
    articles: list[dict[str, Any]]
    lineage: Any = None
    record: dict[str, Any]


class HistoryResponse(BaseModel):
    """The figure histories of one incident."""

    incident_id: str
    figures: list[HistoryOut]


class SpanOut(BaseModel):
    """An evidence span labelled with what it supports (for highlighting)."""

    start: int
    end: int
    text: str
    kind: str
    label: str
    stage: str


class ArticleDetail(BaseModel):
    """A report's metadata and text with every evidence span read from it."""

    model_config = ConfigDict(extra="allow")

    id: str
    external_id: str | None
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    text: str
    spans: list[SpanOut]
    events: list[EventOut]
    figures: list[dict[str, Any]]
    caveats: list[str]


class FormatOut(BaseModel):
    """One export format."""

    name: str
    suffix: str
    media_type: str
    description: str


class FormatsResponse(BaseModel):
    """The registered export formats."""

    formats: list[FormatOut]


class RejectionOut(BaseModel):
    """A report that could not be read: where it came from, the stable error code and why."""

    origin: str
    code: str
    reason: str
    stage: str
    external_id: str | None


class RejectionsResponse(Page):
    """A page of reports that could not be read."""

    rejections: list[RejectionOut]
