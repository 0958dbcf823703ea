"""Fusing a batch of reports: the plan, and the decisions for each report (store, copy, fuse, adopt).

Reads extractions (planned by :func:`plan` into :class:`~flashpoint.fuse.batch.PlannedReport` s) and what
the store held for them (in the :class:`~flashpoint.fuse.batch.Batch`); writes into the batch what each
report changes, and returns one :class:`RecordResult` per new report. The decisions, in order:

1. :func:`plan`: which events fuse (a denied, hypothetical or announced event founds nothing), their
   profiles and blocking keys, and what the report's text says for content matching (story names, keys,
   follow-up);
2. :func:`fuse_reports`: a report whose text is stored is at most a copy (:func:`note_copy`: a copy
   published within a day supports the original's incidents); a new one is linked to the earliest report
   it nearly copies, stored, and its events fused (:func:`fuse_report`);
3. :func:`fuse_report`: each event founds, joins or bridges (:mod:`flashpoint.fuse.join`); a report with
   no event in any incident may still support the incident its names point to (:func:`attach_report`);
   incidents its names link are merged when their reports tell one story (``join.merge_linked``); earlier
   reports in no incident that share its names are adopted (:func:`adopt_orphans`).

Pure of storage: the ledger reads the store for a batch, runs these, and writes what the batch holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from flashpoint.fuse.batch import Batch, Orphan, PlannedEvent, PlannedReport, Work
from flashpoint.fuse.blocking import blocking_keys
from flashpoint.fuse.content import is_followup, read_story, report_profile
from flashpoint.fuse.join import fuse_event, incidents_of, merge_linked
from flashpoint.fuse.merge import add_copies, add_report
from flashpoint.fuse.profile import EventProfile, content_tokens, note_report, profile_event
from flashpoint.fuse.scoring import MatchOptions, rank_matches
from flashpoint.records import Article, Extraction

SKIP_FUSION = frozenset({"denied", "hypothetical", "future"})  # certainties that found no incident
MAX_EVENTS = 10_000  # founded_seq = article seq * this + event index: ingest order of events


@dataclasses.dataclass(frozen=True, slots=True)
class RecordResult:
    """What recording one extraction did."""

    article_id: str
    stored: bool  # False when the same content was already stored (nothing changed)
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    event_ids: tuple[str, ...] = ()
    incident_ids: tuple[str, ...] = ()  # incidents created or updated, in event order
    new_incident_ids: tuple[str, ...] = ()


def same_days(a: dt.date | None, b: dt.date | None) -> bool:
    """Whether two publication dates allow two copies of one text to be one report (a day for time zones).

    The same text published on distant days is a reused template (a standing notice, a recurring
    statement), not a relay: its copies do not support the original's incidents.
    """
    return a is None or b is None or abs((a - b).days) <= 1


def _full_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def plan(
    extractions: Sequence[Extraction], *, options: MatchOptions, seqs: Sequence[int] | None = None
) -> list[PlannedReport]:
    """The reports of a batch with the events to fuse (profiled, with blocking keys), numbered across the
    batch in order: event ``query`` numbers index the candidate rows read for the batch.

    ``seqs``: the stored sequence numbers of the reports (rebuild: stored already, fused only).
    """
    items: list[PlannedReport] = []
    number = 0
    for position, extraction in enumerate(extractions):
        article = extraction.article
        whole = options.whole_text and len(extraction.events) == 1
        read = read_story(
            _full_text(article),
            keys=options.story_keys,
            min_count=options.story_key_min_count,
            lookup=options.lookup_names,
        )
        # only a report with story names is ever compared on content (fuse.content_match)
        followup = bool(read.names) and is_followup(article.text, article.title)
        fusing: list[PlannedEvent] = []
        for index, event in enumerate(extraction.events):
            # A denied, hypothetical or announced event is no evidence that anything happened: it never
            # founds an incident. A denial ("the group denied killing civilians") still refers to one,
            # so it may join an incident it matches (its figures keep their certainty in the history).
            certainty = event.certainty.value
            if certainty in SKIP_FUSION and not (certainty == "denied" and options.join_denied):
                continue
            profile = profile_event(
                event, article, whole_text=whole, story=() if whole else read.names, followup=followup
            )
            keys = blocking_keys(profile, window_days=options.window_days)
            fusing.append(PlannedEvent(index, event, profile, keys, number))
            number += 1
        seq = seqs[position] if seqs is not None else None
        items.append(PlannedReport(extraction, tuple(fusing), seq, read.keys, read.names, followup, read.lookup))
    return items


def orphan_of(extraction: Extraction, options: MatchOptions) -> Orphan:
    """The orphan record of a report: its profile as a report without an event (fuse.report_profile)."""
    article = extraction.article
    full_text = _full_text(article)
    story = read_story(full_text, keys=options.story_keys, min_count=options.story_key_min_count)
    followup = bool(story.names) and is_followup(article.text, article.title)
    _names, words = content_tokens(full_text)
    profile = report_profile(article, names=story.names, followup=followup, words=tuple(sorted(words)), keys=story.keys)
    return Orphan(article, profile)


def fuse_reports(items: Sequence[PlannedReport], batch: Batch, *, options: MatchOptions) -> list[RecordResult]:
    """Fuse a planned batch against what was read for it (and its parent); return its results.

    Writes nothing: the batch holds what changed.
    """
    results: list[RecordResult] = []
    snapshot = batch.snapshot
    for item in items:
        extraction = item.extraction
        article = extraction.article
        content_hash = article.content_hash
        copies = tuple(
            str(copy.external_id)
            for copy in batch.copies_of(content_hash)
            if copy.external_id is not None and same_days(copy.published, article.published)
        )
        if item.seq is not None:  # rebuild: stored already, fuse only
            fuse_report(extraction, item, item.seq, batch, options=options, copies=copies)
            batch.add_story(article.id, batch.keys_to_store(article.id, item), item.seq)
            continue
        if (
            content_hash in snapshot.stored or article.id in snapshot.ids or batch.has_article(content_hash, article.id)
        ):  # stored already: at most a new copy (another external id) to note
            results.append(note_copy(article, batch))
            continue
        if article.near_duplicate_of is None and article.fingerprint is not None:
            # the earliest stored article it nearly copies: those stored before (as read) come before those
            # of the batch's parent, which come before the batch's own
            near = snapshot.nearest.get(article.fingerprint & ((1 << 64) - 1)) or batch.nearest(article.fingerprint)
            if near is not None:
                article = dataclasses.replace(article, near_duplicate_of=near)
                extraction = dataclasses.replace(extraction, article=article)
        article_seq = batch.add_article(extraction)
        touched, created = fuse_report(extraction, item, article_seq, batch, options=options, copies=copies)
        batch.add_story(article.id, batch.keys_to_store(article.id, item), article_seq)
        results.append(
            RecordResult(
                article_id=article.id,
                stored=True,
                near_duplicate_of=article.near_duplicate_of,
                event_ids=tuple(e.id for e in extraction.events),
                incident_ids=touched,
                new_incident_ids=created,
            )
        )
    return results


def note_copy(article: Article, batch: Batch) -> RecordResult:
    """Note a copy of a stored text (a report of a batch whose text is stored, or ``Ledger.record_copy``),
    from what was read and what the batch and its parent hold.

    Nothing to note when it is the stored article itself, a copy noted already, or has no external
    id; a copy published within a day of the original supports the original's incidents.
    """
    stored = batch.stored_article(article.content_hash)
    original = stored.id if stored else None
    same_as_stored = stored is not None and (stored.external_id, stored.source) == (article.external_id, article.source)
    known = any(
        (copy.external_id, copy.source) == (article.external_id, article.source)
        for copy in batch.copies_of(article.content_hash)
    )
    if same_as_stored or known or article.external_id is None:
        return RecordResult(article_id=original or article.id, stored=False, duplicate_of=original)
    batch.note_copy(article)
    touched: list[str] = []
    if stored is not None and same_days(stored.published, article.published):
        for incident_id, work in incidents_of(batch, stored.id).items():
            incident = add_copies(work.record(), [article.external_id])
            batch.put(Work(work.profile, None, stored=work.stored, incident=incident, keys=work.keys))
            touched.append(incident_id)
    return RecordResult(
        article_id=original or article.id, stored=False, duplicate_of=original, incident_ids=tuple(touched)
    )


def fuse_report(
    extraction: Extraction,
    item: PlannedReport,
    article_seq: int,
    batch: Batch,
    *,
    options: MatchOptions,
    copies: tuple[str, ...],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Fuse the planned events of one report into the incidents; return (touched, created) incident ids."""
    touched: list[str] = []
    created: list[str] = []
    near = extraction.article.near_duplicate_of
    linked = linked_incidents(batch, extraction.article.id, item.lookup, options=options)
    every_link = linked
    for planned in item.events:
        profile = planned.profile
        if profile.near_duplicate_of != near:  # planned before its near-duplicate was found
            profile = dataclasses.replace(profile, near_duplicate_of=near)
        fused = fuse_event(
            batch,
            planned.event,
            profile,
            planned.keys,
            batch.snapshot.candidates[planned.query],
            extraction,
            options=options,
            seq=article_seq * MAX_EVENTS + min(planned.index, MAX_EVENTS - 1),
            copies=copies,
            may_found=planned.event.certainty.value != "denied",
            linked=linked,
        )
        if fused is None:
            continue
        incident_id, new = fused
        if linked and (incident_id in linked or any(batch.resolve(i) == incident_id for i in linked)):
            # the report's content points to one incident: once one of its events joined it, the
            # others are matched on their own evidence (no second incident by the same names)
            linked = {}
        touched = [i for i in touched if i not in batch.absorbed]  # a bridge may have merged one away
        if incident_id not in touched:
            touched.append(incident_id)
        if new:
            created.append(incident_id)
    _after_events(extraction, item, batch, touched, every_link, options=options, copies=copies)
    created = [i for i in created if i not in batch.absorbed]
    return tuple(touched), tuple(created)


def _after_events(
    extraction: Extraction,
    item: PlannedReport,
    batch: Batch,
    touched: list[str],
    every_link: dict[str, Work],
    *,
    options: MatchOptions,
    copies: tuple[str, ...],
) -> None:
    """What a report does beyond its events: it supports the incident its names point to when no event
    of its own joined one, merges the incidents its names link, and lets earlier orphans join.

    ``touched`` (the incidents its events joined or founded) is updated in place."""
    if not touched and every_link:  # no event of its own in any incident: the report may still be about one
        joined = attach_report(batch, extraction, every_link, options=options, copies=copies)
        if joined is not None:
            touched.append(joined)
    if touched and every_link and options.bridge and options.bridge_by_content:
        merge_linked(
            batch, touched[0], every_link, extraction, names=item.names, followup=item.followup, options=options
        )
        touched[:] = list(dict.fromkeys(batch.resolve(i) for i in touched))
    if touched:
        adopt_orphans(batch, extraction.article.id, item.lookup, touched, options=options)
    elif item.names:  # in no incident: a later report of the incident it is about may adopt it
        batch.orphans[extraction.article.id] = extraction  # profiled if a later report names it


def linked_incidents(batch: Batch, article_id: str, keys: tuple[str, ...], *, options: MatchOptions) -> dict[str, Work]:
    """The incidents of the earlier reports that share story keys with this one (fuse.content), by id."""
    found: dict[str, Work] = {}
    if not keys:
        return found
    related = dict.fromkeys(batch.snapshot.related.get(article_id, ()))
    related.update(dict.fromkeys(batch.related(keys, options.link_min_keys)))
    related.pop(article_id, None)
    for other in related:
        # the incident the other report is mainly about: the one it supports with the most reports
        # (ties: the first listed); its other events are side stories of its own
        theirs = incidents_of(batch, other)
        if theirs:
            main = max(theirs, key=lambda i: len(theirs[i].profile.article_ids))
            found.setdefault(main, theirs[main])
    return found


def adopt_orphans(
    batch: Batch, article_id: str, lookup: tuple[str, ...], touched: Sequence[str], *, options: MatchOptions
) -> None:
    """Let the earlier reports in no incident that share names with this one support the incidents it
    joined or founded (fuse.content_match, as for :func:`attach_report`): a report that arrived before
    any report of its incident had an event is not left out for that (order independence)."""
    related = [*batch.snapshot.related.get(article_id, ()), *batch.related(lookup, options.link_min_keys)]
    for other in dict.fromkeys(related):
        if other == article_id:
            continue
        orphan = batch.orphan(other, lambda x: orphan_of(x, options))
        # still in no incident (as read, and as this batch and its parent left it)?
        if orphan is None or batch.article_incidents_of(other) or batch.snapshot.article_incidents.get(other):
            continue
        candidates: dict[str, Work] = {}
        for incident_id in touched:
            resolved = batch.resolve(incident_id)
            work = batch.current(resolved)
            if work is not None:
                candidates[resolved] = work
        if candidates:
            support_report(batch, orphan.article, orphan.profile, candidates, options=options, copies=())


def support_report(
    batch: Batch,
    article: Article,
    profile: EventProfile,
    candidates: dict[str, Work],
    *,
    options: MatchOptions,
    copies: tuple[str, ...],
) -> str | None:
    """The report without an event (``profile``, fuse.report_profile) supports the best of the candidates
    that the content rule accepts; return its id (None: none accepts it)."""
    ranked = rank_matches(profile, [w.profile for w in candidates.values()], options, linked=list(candidates))
    if not ranked:
        return None
    target = candidates[ranked[0].incident_id]
    incident = add_report(target.record(), article, copies=copies)
    inc_profile = note_report(target.profile, article.id)
    batch.put(Work(inc_profile, None, stored=target.stored, incident=incident, keys=target.keys))
    reasons = ["report without an event of its own", *ranked[0].reasons]
    batch.support(profile.event_id, incident.id, article.id, ranked[0].total, "; ".join(reasons))
    batch.orphans.pop(article.id, None)
    return incident.id


def attach_report(
    batch: Batch,
    extraction: Extraction,
    linked: dict[str, Work],
    *,
    options: MatchOptions,
    copies: tuple[str, ...],
) -> str | None:
    """Let a report with no event in any incident support the incident its names point to (the content
    rule alone: a portrait of the suspect, a hearing, an event the extractor missed); return its id."""
    profile = orphan_of(extraction, options).profile
    candidates: dict[str, Work] = {}
    for incident_id, work in linked.items():
        resolved = batch.resolve(incident_id)
        current = batch.current(resolved) or (work if resolved == incident_id else None)
        if current is not None:
            candidates[resolved] = current
    return support_report(batch, extraction.article, profile, candidates, options=options, copies=copies)
