"""Merging: an event joins (or founds) an incident; the incident record is derived, with lineage.

Reads an :class:`~flashpoint.records.Event`, its :class:`~flashpoint.records.Article` and figures, and the
incident it joins; writes the new :class:`~flashpoint.records.Incident` (pure: inputs are unchanged).
An incident lists every supporting event, article and external id in the order they joined, the union
of their actors, the most precise place any of them gave, and a figure history per toll.
Folding :func:`add_event` over the same events in the same order always gives the same incident, which
is what makes :meth:`flashpoint.ledger.Ledger.rebuild` reproduce incremental fusion exactly.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence

from flashpoint.fuse.history import build_histories
from flashpoint.fuse.profile import IncidentProfile
from flashpoint.records import Actor, Article, Event, Figure, FigureRevision, Incident, Place


def incident_id_for(event_id: str) -> str:
    """The stable id of an incident founded by event ``event_id`` (no counters, no randomness)."""
    return "inc-" + hashlib.sha1(event_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _revisions(article: Article, figures: Sequence[Figure]) -> tuple[FigureRevision, ...]:
    return tuple(
        FigureRevision(
            article_id=article.id,
            external_id=article.external_id,
            source=article.source,
            published=article.published,
            figure=figure,
        )
        for figure in figures
    )


def _better(place: Place | None, than: Place | None) -> bool:
    if place is None:
        return False
    if than is None:
        return True
    return place.geo_precision < than.geo_precision


def _actors(existing: Sequence[Actor], new: Sequence[Actor]) -> tuple[Actor, ...]:
    seen = {a.name for a in existing}
    merged = list(existing)
    for actor in new:
        if actor.name not in seen:
            seen.add(actor.name)
            merged.append(actor)
    return tuple(merged)


def add_copies(incident: Incident, copies: Sequence[str]) -> Incident:
    """``incident`` with the external ids of more verbatim copies of one of its reports."""
    return dataclasses.replace(incident, external_ids=_extend(incident.external_ids, copies))


def add_report(incident: Incident, article: Article, *, copies: Sequence[str] = ()) -> Incident:
    """``incident`` supported by a report with no event of its own (:func:`flashpoint.fuse.content.report_profile`):
    its article and external ids (and its copies') join; its events, place, days and figures do not."""
    return dataclasses.replace(
        incident,
        article_ids=_append(incident.article_ids, article.id),
        external_ids=_extend(_append(incident.external_ids, article.external_id), copies),
    )


def _append(items: tuple[str, ...], item: str | None) -> tuple[str, ...]:
    if item is None or item in items:
        return items
    return (*items, item)


def _extend(items: tuple[str, ...], more: Sequence[str]) -> tuple[str, ...]:
    for item in more:
        items = _append(items, item)
    return items


def found_incident(
    event: Event, article: Article, figures: Sequence[Figure], *, copies: Sequence[str] = ()
) -> Incident:
    """The incident founded by ``event`` (its id derives from the event id).

    ``copies`` are the external ids of verbatim copies of the article (same text, other outlets).
    """
    return Incident(
        id=incident_id_for(event.id),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        date_start=event.date.start or article.published,
        date_end=event.date.end or event.date.start or article.published,
        place=event.place,
        event_ids=(event.id,),
        article_ids=(article.id,),
        external_ids=_extend(_append((), article.external_id), copies),
        figures=build_histories(_revisions(article, figures)),
        actors=_actors((), event.actors),
    )


def add_event(
    incident: Incident,
    profile: IncidentProfile,
    event: Event,
    article: Article,
    figures: Sequence[Figure],
    *,
    copies: Sequence[str] = (),
) -> Incident:
    """``incident`` after ``event`` joined it; ``profile`` is the incident profile *after* absorbing it."""
    if figures:
        revisions = [r for history in incident.figures for r in history.revisions]
        revisions.extend(_revisions(article, figures))
        histories = build_histories(revisions)
    else:  # no new revision: regrouping the same revisions gives the same histories
        histories = incident.figures
    return Incident(
        id=incident.id,
        event_type=profile.event_type,
        sub_event_type=profile.sub_event_type,
        date_start=profile.date_lo,
        date_end=profile.date_hi,
        place=event.place if _better(event.place, incident.place) else incident.place,
        event_ids=_append(incident.event_ids, event.id),
        article_ids=_append(incident.article_ids, article.id),
        external_ids=_extend(_append(incident.external_ids, article.external_id), copies),
        figures=histories,
        actors=_actors(incident.actors, event.actors),
        merged_from=incident.merged_from,
    )


def merge_incidents(older: Incident, newer: Incident, profile: IncidentProfile) -> Incident:
    """One incident from two that a later report bridged: ``older`` keeps its id, ``newer`` is absorbed.

    ``profile`` is the merged profile (:func:`flashpoint.fuse.profile.combine`). Members keep their
    joining order (``older``'s first); every figure revision of both stays in the histories; the absorbed
    id (and whatever it had absorbed) is listed in ``merged_from``.
    """
    revisions = [r for history in older.figures for r in history.revisions]
    revisions.extend(r for history in newer.figures for r in history.revisions)
    return Incident(
        id=older.id,
        event_type=profile.event_type,
        sub_event_type=profile.sub_event_type,
        date_start=profile.date_lo,
        date_end=profile.date_hi,
        place=newer.place if _better(newer.place, older.place) else older.place,
        event_ids=_extend(older.event_ids, newer.event_ids),
        article_ids=_extend(older.article_ids, newer.article_ids),
        external_ids=_extend(older.external_ids, newer.external_ids),
        figures=build_histories(revisions),
        actors=_actors(older.actors, newer.actors),
        merged_from=_extend(older.merged_from, (newer.id, *newer.merged_from)),
    )
