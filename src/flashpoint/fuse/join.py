"""The decisions for one event of a report: which incidents are candidates, and whether the event founds
an incident, joins one, or joins one and bridges others into it.

Reads a planned event (:class:`~flashpoint.fuse.batch.PlannedEvent`), the candidate rows read for it and
the batch's own incidents; writes into the batch (:class:`~flashpoint.fuse.batch.Batch`): the incident
founded or changed, its lineage entry with the matcher's verdict (:func:`~flashpoint.fuse.scoring.rank_matches`)
and the bridges. Pure of storage: the batch is written by the ledger.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from flashpoint.fuse.batch import Batch, Bridge, Work, country_mode, window_overlaps
from flashpoint.fuse.blocking import BlockingKeys
from flashpoint.fuse.content import report_profile
from flashpoint.fuse.merge import add_event, found_incident, merge_incidents
from flashpoint.fuse.profile import EventProfile, absorb, anchored, attached, combine, new_profile
from flashpoint.fuse.scoring import (
    MatchOptions,
    MatchScore,
    content_bridge_conflict,
    content_match,
    incidents_conflict,
    rank_matches,
)
from flashpoint.records import Article, CandidateRow, Event, Extraction, Figure

log = logging.getLogger(__name__)


def event_figures(event: Event, extraction: Extraction) -> tuple[Figure, ...]:
    """The figures an event carries; a single-event article's figures all belong to its event."""
    if event.figures:
        return event.figures
    return extraction.figures if len(extraction.events) == 1 else ()


def candidates(batch: Batch, keys: BlockingKeys, rows: Sequence[CandidateRow]) -> dict[str, Work]:
    """Candidate incidents by id: the stored ones that were read, and the batch's (and its parent's) own.

    Stored rows of incidents the batch or its parent has changed are superseded by their version;
    theirs are found through their in-memory indexes of the same keys.
    """
    lo, hi = keys.date_lo, keys.date_hi
    dated = lo is not None and hi is not None
    found: dict[str, Work] = {}
    decode = batch.tools
    # the rows were read without those the matcher would veto early (see store.reads)
    for row in rows:
        if batch.superseded(row.id):
            continue
        profile = decode.profile(row.profile)
        found[profile.id] = Work(profile=profile, data=row.data, stored=True, keys=row.keys(), decode=decode.incident)
    for work in batch.lookup(keys, country_mode(keys)):
        if dated and not window_overlaps(work.profile, lo, hi):
            continue
        found[work.profile.id] = work
    return found


def incidents_of(batch: Batch, article_id: str | None) -> dict[str, Work]:
    """The incidents a stored article supports, by id (the article a report nearly copies, or copies)."""
    if article_id is None:
        return {}
    snapshot = batch.snapshot
    ids = batch.article_incidents_of(article_id)
    ids.extend(snapshot.article_incidents.get(article_id, ()))
    found: dict[str, Work] = {}
    for incident_id in sorted({batch.resolve(i) for i in ids}):
        work = batch.current(incident_id)
        if work is not None:
            found[incident_id] = work
            continue
        row = snapshot.incident_rows.get(incident_id)
        if row is not None:
            found[incident_id] = Work(
                batch.tools.profile(row.profile), row.data, stored=True, keys=row.keys, decode=batch.tools.incident
            )
    return found


def merge(batch: Batch, a: Work, b: Work, event_id: str) -> Work:
    """Merge two incidents a report bridges: the older (first founded) keeps its id; return it.

    The bridge (the newer's stored row goes, its lineage moves) waits in the batch and is written
    before its rows.
    """
    older, newer = sorted((a, b), key=lambda w: (w.profile.founded_seq, w.profile.id))
    profile = combine(older.profile, newer.profile)
    incident = merge_incidents(older.record(), newer.record(), profile)
    merged = Work(profile, None, stored=older.stored, incident=incident, keys=older.keys)
    batch.put(merged)
    batch.absorb(newer.profile.id, older.profile.id)
    batch.bridges.append(Bridge(newer.profile.id, older.profile.id, event_id, stored=newer.stored))
    log.info("report event %s bridged incidents %s and %s", event_id, older.profile.id, newer.profile.id)
    return merged


def _gather(
    batch: Batch,
    profile: EventProfile,
    keys: BlockingKeys,
    rows: Sequence[CandidateRow],
    linked: dict[str, Work] | None,
) -> tuple[dict[str, Work], dict[str, Work], list[str]]:
    """An event's candidates: those its keys block with, the incidents of the report it nearly copies, and
    those its report's names link it to; with the near-duplicate and linked ones apart."""
    found = candidates(batch, keys, rows)
    near = incidents_of(batch, profile.near_duplicate_of)
    for incident_id, work in near.items():
        found.setdefault(incident_id, work)
    linked_ids: list[str] = []
    for incident_id, work in (linked or {}).items():
        resolved = batch.resolve(incident_id)  # an earlier event of this report may have bridged it
        current = batch.current(resolved) or (work if resolved == incident_id else None)
        if current is not None:
            found.setdefault(resolved, current)
            linked_ids.append(resolved)
    return found, near, linked_ids


def fuse_event(  # noqa: PLR0917 - one call site; the batch, the read rows and the event's planned parts
    batch: Batch,
    event: Event,
    profile: EventProfile,
    keys: BlockingKeys,
    rows: Sequence[CandidateRow],
    extraction: Extraction,
    *,
    options: MatchOptions,
    seq: int,
    copies: tuple[str, ...],
    may_found: bool = True,
    linked: dict[str, Work] | None = None,
) -> tuple[str, bool] | None:
    """Fuse one event: it joins the best-ranked candidate (bridging others into it when allowed) or founds
    an incident; return (incident id, founded), or None when it may not found and nothing matched."""
    article = extraction.article
    figures = event_figures(event, extraction)
    found, near, linked_ids = _gather(batch, profile, keys, rows, linked)
    ranked = rank_matches(
        profile, [w.profile for w in found.values()], options, near_duplicates=near, linked=linked_ids
    )
    if not ranked and not may_found:
        return None
    if not ranked:
        return found_one(batch, event, profile, article, figures, seq=seq, copies=copies), True
    joined = join(
        batch,
        ranked,
        found,
        event=event,
        profile=profile,
        article=article,
        figures=figures,
        options=options,
        copies=copies,
    )
    return joined, False


def found_one(
    batch: Batch,
    event: Event,
    profile: EventProfile,
    article: Article,
    figures: tuple[Figure, ...],
    *,
    seq: int,
    copies: tuple[str, ...],
) -> str:
    """The event founds an incident (no candidate matched); return its id."""
    incident = found_incident(event, article, figures, copies=copies)
    inc_profile = new_profile(incident.id, profile, founded_seq=seq)
    batch.put(Work(inc_profile, None, stored=False, incident=incident))
    batch.support(event.id, incident.id, article.id, None, "founded")
    return incident.id


def join(
    batch: Batch,
    ranked: Sequence[MatchScore],
    found: dict[str, Work],
    *,
    event: Event,
    profile: EventProfile,
    article: Article,
    figures: tuple[Figure, ...],
    options: MatchOptions,
    copies: tuple[str, ...],
) -> str:
    """The event joins the best-ranked incident (after bridging the others it allows); return its id.

    Joined on content evidence alone, it is a later development of the incident (its own place is not
    the incident's), unless the incident holds only follow-ups: then it is the violence they refer to.
    """
    target = found[ranked[0].incident_id]
    reasons = list(ranked[0].reasons)
    by_content = ranked[0].overridden is not None
    # the violence that an incident of follow-ups only refers to: the incident takes its days and place
    anchor = by_content and target.profile.followup and not profile.followup
    if by_content and not anchor:  # a later development, or a place of its own
        profile = attached(profile)
        event = dataclasses.replace(event, place=None)
    if options.bridge:
        target = bridge(
            batch, target, ranked, found, event_id=event.id, reasons=reasons, options=options, by_content=by_content
        )
    inc_profile = anchored(target.profile, profile) if anchor else absorb(target.profile, profile)
    incident = add_event(target.record(), inc_profile, event, article, figures, copies=copies)
    batch.put(Work(inc_profile, None, stored=target.stored, incident=incident, keys=target.keys))
    batch.support(event.id, incident.id, article.id, ranked[0].total, "; ".join(reasons))
    return incident.id


def bridge(
    batch: Batch,
    target: Work,
    ranked: Sequence[MatchScore],
    found: dict[str, Work],
    *,
    event_id: str,
    reasons: list[str],
    options: MatchOptions,
    by_content: bool,
) -> Work:
    """Merge into ``target`` every other matching incident the two may be one of; note each in ``reasons``.

    With content evidence on either side, the two incidents must tell one story themselves
    (:func:`~flashpoint.fuse.content.content_bridge_conflict`); otherwise they must not conflict
    (:func:`~flashpoint.fuse.scoring.incidents_conflict`).
    """
    for other in ranked[1:]:
        work = found[other.incident_id]
        if work.profile.id in batch.absorbed:
            continue
        if by_content or other.overridden is not None:
            if not options.bridge_by_content:
                continue
            conflict = content_bridge_conflict(target.profile, work.profile, options, shared_report=other.by_content)
        else:
            conflict = incidents_conflict(target.profile, work.profile, options)
        if conflict:
            continue
        target = merge(batch, target, work, event_id)
        reasons.append(f"bridged {min(other.incident_id, ranked[0].incident_id)}")
    return target


def merge_linked(
    batch: Batch,
    main: str,
    linked: dict[str, Work],
    extraction: Extraction,
    *,
    names: tuple[str, ...],
    followup: bool,
    options: MatchOptions,
) -> None:
    """Merge into the report's main incident the incidents its names link it to, when their own reports
    tell one story (content_bridge_conflict): one story split by the order its reports came in. When the
    report names the other incident's protagonists itself (the content rule between the report and that
    incident), a report in both does not keep them apart."""
    article_id = extraction.article.id
    report = report_profile(extraction.article, names=names, followup=followup)
    main = batch.resolve(main)
    for incident_id, read in linked.items():
        other_id = batch.resolve(incident_id)
        target, other = batch.current(main), batch.current(other_id)
        if other is None and other_id == incident_id:
            other = read
        if target is None or other is None or other_id == main or other_id in batch.absorbed:
            continue
        named = content_match(report, other.profile, options, base=MatchScore(other_id, 0.0, ()))
        if content_bridge_conflict(target.profile, other.profile, options, shared_report=named is not None):
            continue
        main = merge(batch, target, other, f"{article_id}#report").profile.id
