"""The in-memory state of one batch of reports being fused: what it changed and has not yet written.

Reads what the store held for the batch (:class:`~flashpoint.records.StoreSnapshot`, read by
``store.reads``) and, in a background load, the batch before it (its ``parent``); writes nothing itself:
the ledger turns what a batch holds (:class:`NewArticle`, :class:`Lineage`, :class:`Bridge`, changed
incidents ...) into rows (``store.writes``). The decisions that change a batch are in
:mod:`flashpoint.fuse.decide`.

Two things come from other stages and are passed in (this stage imports neither): the near-duplicate
rule (``ingest.dedup.NearDuplicateRule``) and the decoders of stored JSON (``store.codec``), bundled in
:class:`Tools`.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from flashpoint.errors import StoreError
from flashpoint.fuse.blocking import BlockingKeys, admin_key, cell_of, is_coarse
from flashpoint.fuse.profile import EventProfile, IncidentProfile
from flashpoint.records import (
    Article,
    Event,
    Extraction,
    Incident,
    IncidentKeys,
    NotedCopy,
    StoredArticle,
    StoreSnapshot,
)

# an index entry of the in-memory incident index: (kind, value, coarse) with kind "cell", "admin" or "country"
IndexKey = tuple[str, str, bool]


class NearRule(Protocol):
    """The near-duplicate rule (``ingest.dedup.NearDuplicateRule``), as a batch uses it."""

    def bands(self, fingerprint: int) -> tuple[int, ...]:
        """The band values of a fingerprint."""
        ...

    def nearest(self, fingerprint: int, index: Mapping[tuple[int, Any], Sequence[Any]]) -> Any:
        """The key of the earliest entry of a band index within the rule's distance, or None."""
        ...


@dataclasses.dataclass(frozen=True, slots=True)
class Tools:
    """What a batch needs from other stages, passed in: the near-duplicate rule and the JSON decoders."""

    near: NearRule
    incident: Callable[[str], Incident]  # a stored incident record
    profile: Callable[[str], IncidentProfile]  # a stored incident profile (may be cached: profiles are frozen)
    extraction: Callable[[str], Extraction]  # a stored extraction


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One event of a report to fuse, as planned: its profile, blocking keys and candidate query number."""

    index: int  # its position among the report's events
    event: Event
    profile: EventProfile
    keys: BlockingKeys
    query: int  # the number of its candidate query in the batch's read (StoreSnapshot.candidates)


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedReport:
    """One report of a batch with the events to fuse and what its text says for content matching."""

    extraction: Extraction
    events: tuple[PlannedEvent, ...]
    seq: int | None  # stored seq (rebuild); None: a new article
    story: tuple[str, ...] = ()  # its story keys (fuse.content.story_keys)
    names: tuple[str, ...] = ()  # the names of the whole report (fuse.content.story_names)
    followup: bool = False  # its lede names a later development (fuse.content.is_followup)
    lookup: tuple[str, ...] = ()  # the names it looks up among stored story keys (fuse.content.read_story)


@dataclasses.dataclass(frozen=True, slots=True)
class Orphan:
    """A report in no incident: its article and its profile as a report without an event."""

    article: Article
    profile: EventProfile


@dataclasses.dataclass(frozen=True, slots=True)
class NewArticle:
    """An article the batch stores: its ingest seq, its extraction, and the bands of its fingerprint."""

    seq: int
    extraction: Extraction
    bands: tuple[int | None, ...]


class StoryKey(NamedTuple):
    """One story key of an article the batch stores (an ``article_keys`` row)."""

    key: str
    article_id: str
    seq: int


class Lineage(NamedTuple):
    """One lineage entry (event -> incident) with the matcher's verdict (an ``incident_events`` row)."""

    event_id: str
    incident_id: str
    article_id: str
    score: float | None
    reasons: str


@dataclasses.dataclass(frozen=True, slots=True)
class Bridge:
    """Two incidents merged by a bridging report: ``absorbed`` went into ``into``."""

    absorbed: str
    into: str
    event_id: str
    stored: bool  # the absorbed incident has a stored row (its row goes, its lineage moves)


@dataclasses.dataclass(slots=True)
class Work:
    """An incident as the current batch sees it: its profile, and its record (JSON or decoded)."""

    profile: IncidentProfile
    data: str | None
    stored: bool  # a row for it exists in the database (update, not insert, on flush)
    incident: Incident | None = None
    # the stored row's indexed columns as read; None: unknown (the flush rewrites them)
    keys: IncidentKeys | None = None
    decode: Callable[[str], Incident] | None = None  # how to decode ``data``

    def record(self) -> Incident:
        """The incident record (decoded from its JSON on first use)."""
        if self.incident is None:
            if self.data is None or self.decode is None:
                raise StoreError(f"incident {self.profile.id} has no record")
            self.incident = self.decode(self.data)
        return self.incident


def incident_keys(profile: IncidentProfile) -> IncidentKeys:
    """The indexed (blocking) columns of an incident: its members' date windows (their stated days widened
    by how they were stated), grid cell, admin1 key, country and whether its place is coarse."""
    return IncidentKeys(
        profile.window_lo or profile.date_lo,
        profile.window_hi or profile.date_hi,
        cell_of(profile.latitude, profile.longitude),
        admin_key(profile.country_iso3, profile.admin1),
        profile.country_iso3,
        is_coarse(profile.geo_precision, profile.latitude),
    )


def index_keys(profile: IncidentProfile) -> tuple[IndexKey, ...]:
    """The in-memory index entries of an incident (the same keys as its row's indexed columns)."""
    keys: list[IndexKey] = []
    cell = cell_of(profile.latitude, profile.longitude)
    if cell:
        keys.append(("cell", cell, False))
    admin = admin_key(profile.country_iso3, profile.admin1)
    if admin:
        keys.append(("admin", admin, False))
    keys.append(("country", profile.country_iso3 or "", is_coarse(profile.geo_precision, profile.latitude)))
    return tuple(keys)


def country_mode(keys: BlockingKeys) -> str:
    """How an event's country widens its candidates: "" (none), "any" (coarse event), "coarse"."""
    return "" if not keys.country_iso3 else ("any" if keys.coarse else "coarse")


def window_overlaps(profile: IncidentProfile, lo: dt.date | None, hi: dt.date | None) -> bool:
    """Whether an incident's date window meets ``lo``..``hi`` (undated meets undated only)."""
    start = profile.window_lo or profile.date_lo
    end = profile.window_hi or profile.date_hi
    if start is None or end is None or lo is None or hi is None:
        return start is None and lo is None
    return end >= lo and start <= hi


class Batch:
    """What one transaction has changed and not yet written (written once, at its end).

    Keeps every incident the batch founded or changed, with an in-memory index on the same blocking
    keys as the database, so later events of the batch find them; articles, copies, story keys, lineage
    and bridges wait to be written at once. In a background load, the batch before (``parent``, already
    handed to the store process but perhaps not yet visible to this batch's read) stands in for the
    stored rows it changed.
    """

    def __init__(self, tools: Tools, parent: Batch | None = None) -> None:
        """An empty batch (after ``parent``, if any); :meth:`start` gives it what was read."""
        self.tools = tools
        self.parent = parent
        self.work: dict[str, Work] = {}
        self.keys: dict[str, tuple[IndexKey, ...]] = {}
        self.index: dict[IndexKey, dict[str, None]] = {}  # insertion-ordered id sets
        self.absorbed: dict[str, str] = {}  # merged-away id -> surviving id
        self.article_incidents: dict[str, list[str]] = {}
        self.supports: list[Lineage] = []
        self.new_articles: list[NewArticle] = []
        self.bridges: list[Bridge] = []  # incidents merged, in order (their statements run before the rows)
        self.copies: list[Article] = []  # copies of stored texts noted by the batch
        self.story_keys: list[StoryKey] = []  # story keys of the articles the batch stores
        self.story_index: dict[str, list[tuple[int, str]]] = {}  # story key -> (seq, article id) of the batch
        self.orphans: dict[str, Extraction] = {}  # reports of the batch in no incident (yet)
        self.orphans_read: dict[str, Orphan] = {}  # stored reports in no incident, as profiled by this batch
        self.written_keys: dict[str, IncidentKeys] = {}  # incident id -> indexed columns as written
        # the articles this batch stores (by content hash), and the copies it notes (by content hash)
        self.ids: set[str] = set()
        self.articles: dict[str, StoredArticle] = {}
        self.noted: dict[str, list[NotedCopy]] = {}
        self.bands: dict[tuple[int, Any], list[tuple[int, Any, Any]]] = {}
        self.next_seq: int | None = None
        self.snapshot = StoreSnapshot()
        self._draw: Callable[[], int] | None = None

    def start(self, snapshot: StoreSnapshot, draw: Callable[[], int] | None) -> None:
        """Begin with what was read for the batch; article seqs follow the largest stored (SQLite) or come
        from ``draw`` (the database's sequence)."""
        self.snapshot = snapshot
        self._draw = draw
        if snapshot.max_seq is not None:
            after = self.parent.next_seq if self.parent is not None and self.parent.next_seq is not None else 0
            self.next_seq = max(snapshot.max_seq + 1, after)

    def take_seq(self) -> int:
        """The ingest sequence number of the next article (its ``articles.seq``), assigned before its insert.

        SQLite: one more than the largest stored (what its rowid would be; one writer per file). PostgreSQL:
        the column's own sequence, so concurrent writers never collide.
        """
        if self.next_seq is None:
            if self._draw is None:
                raise StoreError("no article sequence for this batch")
            return self._draw()
        seq = self.next_seq
        self.next_seq += 1
        return seq

    def add_article(self, extraction: Extraction) -> int:
        """Queue an article (its events, figures and claims follow from its extraction) and remember it for
        later lookups of the same batch; return its seq."""
        article = extraction.article
        fp = article.fingerprint
        bands: tuple[int | None, ...] = self.tools.near.bands(fp) if fp is not None else (None, None, None, None)
        seq = self.take_seq()
        self.new_articles.append(NewArticle(seq, extraction, bands))
        self.ids.add(article.id)
        self.articles.setdefault(
            article.content_hash, StoredArticle(article.id, article.external_id, article.source, article.published)
        )
        if fp is not None:
            entry = (seq, article.id, fp)
            for i, band in enumerate(bands):
                self.bands.setdefault((i, band), []).append(entry)
        return seq

    def stored_article(self, content_hash: str) -> StoredArticle | None:
        """The article stored with this content (read, or stored by the parent or this batch), or None."""
        for found in (self.snapshot.stored, self.parent.articles if self.parent else {}, self.articles):
            if content_hash in found:
                return found[content_hash]
        return None

    def copies_of(self, content_hash: str) -> list[NotedCopy]:
        """Noted copies of a text: read, then the parent's, then this batch's."""
        copies = list(self.snapshot.copies.get(content_hash, ()))
        if self.parent is not None:
            copies.extend(self.parent.noted.get(content_hash, ()))
        copies.extend(self.noted.get(content_hash, ()))
        return copies

    def note_copy(self, article: Article) -> None:
        """Queue a copy (another external id of a stored text) and remember it for the batch."""
        self.copies.append(article)
        self.noted.setdefault(article.content_hash, []).append(
            NotedCopy(article.external_id, article.source, article.published)
        )

    def add_story(self, article_id: str, keys: Sequence[str], seq: int) -> None:
        """Remember an article's story keys for later reports of the batch, and queue them."""
        for key in keys:
            self.story_index.setdefault(key, []).append((seq, article_id))
            self.story_keys.append(StoryKey(key, article_id, seq))

    def keys_to_store(self, article_id: str, item: PlannedReport) -> tuple[str, ...]:
        """The story keys to store for an article: a report in no incident is found by the names it looks
        up, so that a later report of its incident can adopt it (the lookup is symmetric then)."""
        return item.lookup if article_id in self.orphans else item.story

    def orphan(self, article_id: str, profile_of: Callable[[Extraction], Orphan]) -> Orphan | None:
        """A report in no incident, of this batch, its parent or the store (as read), or None."""
        if article_id in self.orphans_read:
            return self.orphans_read[article_id]
        extraction = next((b.orphans[article_id] for b in (self, self.parent) if b and article_id in b.orphans), None)
        if extraction is None:
            data = self.snapshot.orphans.get(article_id)
            if data is None:
                return None
            extraction = self.tools.extraction(data)
        # profiled once per batch: many later reports of a batch may share names with one orphan
        found = self.orphans_read[article_id] = profile_of(extraction)
        return found

    def related(self, keys: Sequence[str], min_keys: int) -> list[str]:
        """The articles of the parent, then of this batch, sharing at least ``min_keys`` of ``keys``."""
        counts: collections.Counter[tuple[int, str]] = collections.Counter()
        for batch in (self.parent, self):
            if batch is not None:
                for key in keys:
                    counts.update(batch.story_index.get(key, ()))
        return [article_id for (_seq, article_id), n in sorted(counts.items()) if n >= min_keys]

    def has_article(self, content_hash: str, article_id: str) -> bool:
        """Whether this batch or its parent stores an article with this content or id."""
        for batch in (self, self.parent):
            if batch is not None and (content_hash in batch.articles or article_id in batch.ids):
                return True
        return False

    def nearest(self, fingerprint: int) -> str | None:
        """The earliest article of the parent, then of this batch, that ``fingerprint`` nearly copies."""
        for batch in (self.parent, self):
            if batch is not None and batch.bands:
                near = self.tools.near.nearest(fingerprint, batch.bands)
                if near is not None:
                    return str(near)
        return None

    def put(self, work: Work) -> None:
        """Add or replace an incident; re-index it under its current keys."""
        incident_id = work.profile.id
        self._unindex(incident_id)
        self.work[incident_id] = work
        keys = index_keys(work.profile)
        self.keys[incident_id] = keys
        for key in keys:
            self.index.setdefault(key, {})[incident_id] = None

    def _unindex(self, incident_id: str) -> None:
        for key in self.keys.pop(incident_id, ()):
            self.index.get(key, {}).pop(incident_id, None)

    def absorb(self, absorbed: str, into: str) -> None:
        """``absorbed`` was merged into ``into``: forget it, and point its pending lineage at ``into``."""
        self._unindex(absorbed)
        self.work.pop(absorbed, None)
        self.absorbed[absorbed] = into
        for old, new in list(self.absorbed.items()):
            if new == absorbed:
                self.absorbed[old] = into
        self.supports = [
            row._replace(incident_id=into) if row.incident_id == absorbed else row for row in self.supports
        ]
        for ids in self.article_incidents.values():
            ids[:] = [into if i == absorbed else i for i in ids]

    def superseded(self, incident_id: str) -> bool:
        """Whether a stored row of this incident is out of date: changed or merged away by this batch or
        its parent."""
        for batch in (self, self.parent):
            if batch is not None and (incident_id in batch.work or incident_id in batch.absorbed):
                return True
        return False

    def resolve(self, incident_id: str) -> str:
        """The incident an id now stands for (following merges of this batch and its parent)."""
        while True:
            if incident_id in self.absorbed:
                incident_id = self.absorbed[incident_id]
            elif self.parent is not None and incident_id in self.parent.absorbed:
                incident_id = self.parent.absorbed[incident_id]
            else:
                return incident_id

    def current(self, incident_id: str) -> Work | None:
        """This batch's version of an incident, else its parent's (None: the stored row is current)."""
        work = self.work.get(incident_id)
        if work is None and self.parent is not None and incident_id not in self.absorbed:
            work = self.parent.work.get(incident_id)
        return work

    def article_incidents_of(self, article_id: str) -> list[str]:
        """The incidents an article of this batch or its parent supports (as those batches left them)."""
        ids = list(self.article_incidents.get(article_id, ()))
        if self.parent is not None:
            ids.extend(self.parent.article_incidents.get(article_id, ()))
        return ids

    def support(self, event_id: str, incident_id: str, article_id: str, score: float | None, reasons: str) -> None:
        """Note one lineage entry (event -> incident)."""
        self.supports.append(Lineage(event_id, incident_id, article_id, score, reasons))
        ids = self.article_incidents.setdefault(article_id, [])
        if incident_id not in ids:
            ids.append(incident_id)

    def lookup(self, keys: BlockingKeys, country: str) -> list[Work]:
        """The incidents of this batch, then of its parent, sharing a blocking key with ``keys`` (as the
        database query)."""
        entries: list[IndexKey] = [("cell", cell, False) for cell in keys.cells]
        if keys.admin_key:
            entries.append(("admin", keys.admin_key, False))
        iso = keys.country_iso3 or ""
        if country == "any":
            entries += [("country", iso, True), ("country", iso, False), ("country", "", True)]
        elif country == "coarse":
            entries += [("country", iso, True), ("country", "", True)]
        if not entries:  # no place at all: every incident (the date filter follows)
            ids: dict[str, None] = dict.fromkeys(self.work)
            older = dict.fromkeys(self.parent.work) if self.parent is not None else {}
        else:
            ids, older = {}, {}
            for entry in entries:
                found = self.index.get(entry)
                if found:
                    ids.update(found)
                if self.parent is not None:
                    found = self.parent.index.get(entry)
                    if found:
                        older.update(found)
        works = [self.work[i] for i in ids]
        if self.parent is not None:
            parent_work = self.parent.work
            # the parent's version, unless this batch changed or merged it away
            works.extend(parent_work[i] for i in older if i not in self.work and i not in self.absorbed)
        return works

    def settled(self) -> Batch:
        """This batch as the parent of the next one: its incidents as stored once its writes run."""
        parent = Batch(self.tools)
        parent.work = {
            incident_id: Work(
                work.profile, None, stored=True, incident=work.record(), keys=self.written_keys[incident_id]
            )
            for incident_id, work in self.work.items()
        }
        parent.keys, parent.index, parent.absorbed = self.keys, self.index, self.absorbed
        parent.article_incidents = self.article_incidents
        parent.ids, parent.bands, parent.story_index = self.ids, self.bands, self.story_index
        parent.orphans = self.orphans
        parent.articles, parent.noted = self.articles, self.noted
        parent.next_seq = self.next_seq
        return parent
