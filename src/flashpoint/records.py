"""Typed, frozen records that flow through the Flashpoint pipeline.

Data flow: report -> :class:`Article` -> claims, figures, events -> :class:`Incident`.
Every extracted value carries :class:`Evidence`: the article it came from, the character span in the
article text, the text of that span and the ``stage@version`` that produced it, so any number in any
output can be traced back to the sentence that said it and the code that read it.

Records are plain frozen, slotted dataclasses. :func:`to_dict` / :func:`from_dict` give a lossless
JSON round trip driven by the type hints, so no record hand-writes its own serialisation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar, get_args, get_origin, get_type_hints


class Certainty(StrEnum):
    """How firmly the text commits to a claim (issue 5)."""

    ASSERTED = "asserted"  # stated by the publisher as fact, no attribution
    REPORTED = "reported"  # attributed to a source with a neutral cue ("said", "according to")
    CLAIMED = "claimed"  # attributed to an interested party or with a distancing cue ("claimed")
    HEDGED = "hedged"  # "reportedly", "said to be", "may have", "suggests"
    DENIED = "denied"  # negated or denied by the source
    HYPOTHETICAL = "hypothetical"  # conditional, "could", "if"
    FUTURE = "future"  # announced or planned, not (yet) happened


class SourceType(StrEnum):
    """The kind of source a link in an attribution chain is."""

    GOVERNMENT = "government official"
    MINISTRY = "ministry"
    MILITARY = "military"
    POLICE = "police"
    STATE_MEDIA = "state media"
    INDEPENDENT_MEDIA = "independent media"
    WIRE = "wire agency"
    NGO = "NGO/UN"
    EYEWITNESS = "eyewitness"
    SOCIAL_MEDIA = "social media"
    ARMED_GROUP = "armed group"
    ANONYMOUS = "anonymous"
    UNKNOWN = "unknown"


class FigureKind(StrEnum):
    """What a casualty or impact figure counts."""

    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    MISSING = "missing"
    DISPLACED = "displaced"
    KIDNAPPED = "kidnapped"
    CASUALTIES = "casualties"  # killed or injured, unspecified ("dozens of casualties"): never fatalities


@dataclasses.dataclass(frozen=True, slots=True)
class Evidence:
    """A span of an article's text that supports an extracted value.

    ``start``/``end`` are character offsets into :attr:`Article.text`; ``stage`` is the
    ``name@version`` of the component that produced the value.
    """

    article_id: str
    start: int
    end: int
    text: str
    stage: str


@dataclasses.dataclass(frozen=True, slots=True)
class Article:
    """One ingested report, normalised to plain text with its metadata."""

    id: str  # stable id derived from the content hash
    text: str
    content_hash: str  # sha256 of the normalised text
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None  # publisher or agency name
    url: str | None = None
    external_id: str | None = None  # the id the report had in its batch or feed
    origin: str | None = None  # file path, feed entry or "<stdin>" it came from
    fingerprint: int | None = None  # 64-bit SimHash of word shingles, for near-duplicate detection
    near_duplicate_of: str | None = None  # id of an earlier article this one nearly copies
    country_hint: str | None = None  # ISO3 given by the analyst (e.g. a --country-column), never guessed


@dataclasses.dataclass(frozen=True, slots=True)
class Rejection:
    """A report that could not be turned into an :class:`Article`, with the reason."""

    origin: str
    code: str  # stable error code, see flashpoint.errors
    reason: str
    stage: str
    external_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ChainLink:
    """One link of an attribution chain: who said or relayed a claim, and how."""

    name: str
    source_type: SourceType = SourceType.UNKNOWN
    cue: str | None = None  # "said", "quoted", "according to", "as reported by", ...


@dataclasses.dataclass(frozen=True, slots=True)
class Claim:
    """The attribution of a stretch of text: who says it, through whom, and how firmly.

    ``chain`` runs from the original speaker to the last relay; the publisher of the article is
    not repeated in it (it is :attr:`Article.source`). An empty chain means the article asserts
    the content in its own voice.
    """

    evidence: Evidence
    chain: tuple[ChainLink, ...] = ()
    certainty: Certainty = Certainty.ASSERTED
    cues: tuple[str, ...] = ()  # attribution and hedge cues found ("quoted", "reportedly", ...)


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    """A count of people killed, injured, arrested, missing, displaced or kidnapped, with its interval.

    ``low``/``best``/``high`` keep the uncertainty of the phrase ("at least eight": 8, 8, None;
    "dozens": 24, 36, 99). ``acled_value`` follows ACLED's rules ("dozens" = 12); ``ucdp_*`` follow
    UCDP GED's low/best/high conventions.
    """

    kind: FigureKind
    victims: str  # civilians | security forces | attackers | protesters | militants | unknown ...
    phrase: str
    low: int | None
    best: int | None
    high: int | None
    acled_value: int | None
    ucdp_low: int | None
    ucdp_best: int | None
    ucdp_high: int | None
    claim: Claim
    evidence: Evidence
    # a death or injury the report gives as cause or context ("protest over the death of X", "after two
    # children were killed"), not a casualty of the event the sentence reports; ACLED does not count it
    background: bool = False
    # a running total over a period ("more than 7,000 have died in ten years of war", "the conflict has
    # killed thousands"): context, never one event's fatalities
    total: bool = False

    @property
    def certainty(self) -> Certainty:
        """The certainty of the claim that carries this figure."""
        return self.claim.certainty


@dataclasses.dataclass(frozen=True, slots=True)
class Actor:
    """A party to an event, named in ACLED's style, with its ACLED inter code and country."""

    name: str  # ACLED-style name, e.g. "Police Forces of Kenya", "Protesters (Albania)"
    inter: int  # ACLED inter code 0-8
    country_iso3: str | None
    role: str  # "actor1" | "assoc_actor_1" | "actor2" | "assoc_actor_2"
    mention: str | None = None  # the words the text used
    evidence: Evidence | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """A resolved location with ACLED and UCDP precision codes."""

    name: str
    country_iso3: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int  # ACLED: 1 town, 2 near town / part of region, 3 region or country
    where_prec: int  # UCDP: 1 exact .. 4 admin1, 6 country, 7 international waters/air
    feature: str = "populated place"  # populated place | admin1 | admin2 | country | ...
    geonameid: int | None = None
    evidence: Evidence | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym in an article, resolved in the context of the whole document.

    ``role`` says what the place is to the text around it: ``event`` (where something happened:
    "in X", "near X", "X district"), ``origin`` (where actors or troops come from: "from X", demonyms of
    sending states), ``speaker`` (where a statement was made: datelines of capitals quoting officials),
    ``context`` (anything else). The event extractor picks an event's place among the mentions.
    """

    place: Place
    start: int
    end: int
    text: str
    role: str = "context"
    score: float = 0.0


@dataclasses.dataclass(frozen=True, slots=True)
class Geography:
    """The geographic reading of one article: every resolved toponym and the document's country."""

    mentions: tuple[PlaceMention, ...]
    country: Place | None  # country-level place of the document's main country, if any


@dataclasses.dataclass(frozen=True, slots=True)
class DateSpan:
    """When an event happened, resolved against the publication date.

    ``time_precision`` is ACLED's: 1 exact day, 2 within a week (or a stated range of days),
    3 within a month or vaguer.
    """

    start: dt.date | None
    end: dt.date | None
    time_precision: int
    phrase: str | None = None
    evidence: Evidence | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Caveat:
    """An article-level statement about how far its content can be verified."""

    text: str
    evidence: Evidence
    qualifies: tuple[int, ...] = ()  # indexes into the extraction's figures


@dataclasses.dataclass(frozen=True, slots=True)
class Event:
    """One coded event: ACLED type and sub-type, PLOVER type, when, where, who, how many."""

    id: str
    article_id: str
    event_type: str
    sub_event_type: str
    plover_type: str
    date: DateSpan
    place: Place | None
    actors: tuple[Actor, ...]
    figures: tuple[Figure, ...]
    claim: Claim
    evidence: tuple[Evidence, ...]
    fatalities: int = 0  # ACLED fatalities (most conservative reported deaths, ACLED rules)
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    interaction: int = 0
    plover_mode: str | None = None

    @property
    def certainty(self) -> Certainty:
        """The certainty of the claim that reports this event."""
        return self.claim.certainty


@dataclasses.dataclass(frozen=True, slots=True)
class Relevance:
    """Whether an article reports political violence, protest or a strategic development at all.

    ``rule`` is the ``stage@version:rule`` that decided, ``reason`` says why in words, ``evidence`` is the
    cue that decided (None when the article holds no cue at all).
    """

    in_scope: bool
    rule: str
    reason: str
    evidence: Evidence | None = None
    # character spans of paragraphs of an in-scope article that hold no cue at all: not parsed
    quiet: tuple[tuple[int, int], ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read out of one article (an out-of-scope article has its relevance and nothing else)."""

    article: Article
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]
    caveats: tuple[Caveat, ...]
    claims: tuple[Claim, ...] = ()
    relevance: Relevance | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class FigureRevision:
    """One claim about an incident figure at one point in time (an entry of a figure history)."""

    article_id: str
    external_id: str | None
    source: str | None
    published: dt.date | None
    figure: Figure


@dataclasses.dataclass(frozen=True, slots=True)
class FigureHistory:
    """All claims about one figure of an incident, and the value the fusion rules take from them."""

    kind: FigureKind
    victims: str
    revisions: tuple[FigureRevision, ...]
    acled_value: int | None
    ucdp_low: int | None
    ucdp_best: int | None
    ucdp_high: int | None
    rule: str  # the documented rule that chose the current value


@dataclasses.dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event as reported by one or more articles."""

    id: str
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    place: Place | None
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    external_ids: tuple[str, ...]
    figures: tuple[FigureHistory, ...] = ()
    actors: tuple[Actor, ...] = ()
    merged_from: tuple[str, ...] = ()  # ids of incidents merged into this one by a later, bridging report


# --------------------------------------------------------------------------------------------
# What the store held for a batch of reports: read by ``store.reads``, fused by ``fuse.batch``
# (plain values, so that a store process can send them; neither stage imports the other).


@dataclasses.dataclass(frozen=True, slots=True)
class StoredArticle:
    """A stored article as a later copy of its text needs it."""

    id: str
    external_id: str | None
    source: str | None
    published: dt.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class NotedCopy:
    """Another copy of a stored text (same content, another external id or source)."""

    external_id: str | None
    source: str | None
    published: dt.date | None


class IncidentKeys(typing.NamedTuple):
    """An incident row's indexed (blocking) columns: an update that leaves them as stored skips the indexes."""

    date_lo: dt.date | None
    date_hi: dt.date | None
    cell: str | None
    admin_key: str | None
    country_iso3: str | None
    coarse: bool | None


class CandidateRow(typing.NamedTuple):
    """One candidate incident row as the candidate query read it (a flat named tuple: a batch reads
    tens of thousands, sent between processes)."""

    id: str
    profile: str  # the incident's profile (JSON)
    data: str  # the incident record (JSON)
    # its indexed columns (IncidentKeys) as read
    date_lo: dt.date | None
    date_hi: dt.date | None
    cell: str | None
    admin_key: str | None
    country_iso3: str | None
    coarse: bool | None

    def keys(self) -> IncidentKeys:
        """The row's indexed columns."""
        return IncidentKeys(self.date_lo, self.date_hi, self.cell, self.admin_key, self.country_iso3, self.coarse)


@dataclasses.dataclass(frozen=True, slots=True)
class StoredIncident:
    """A stored incident's profile and record (JSON) and its indexed columns as read."""

    profile: str
    data: str
    keys: IncidentKeys


@dataclasses.dataclass(frozen=True, slots=True)
class StoreSnapshot:
    """What the store held for one batch of reports, read in one transaction."""

    ids: set[str] = dataclasses.field(default_factory=set)  # the batch's article ids stored already
    stored: dict[str, StoredArticle] = dataclasses.field(default_factory=dict)  # by content hash
    copies: dict[str, list[NotedCopy]] = dataclasses.field(default_factory=dict)  # by content hash, as noted
    nearest: dict[int, str] = dataclasses.field(default_factory=dict)  # fingerprint -> earliest near copy
    # the incidents stored articles support (near-duplicate, copied or related ones): article id -> ids
    article_incidents: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    incident_rows: dict[str, StoredIncident] = dataclasses.field(default_factory=dict)
    # article id -> the stored articles sharing story keys with it (in ingest order)
    related: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # rows per candidate query, without those the matcher would veto early
    candidates: list[list[CandidateRow]] = dataclasses.field(default_factory=list)
    max_seq: int | None = None  # the largest stored article seq (SQLite; None: drawn from a sequence)
    # stored articles sharing story keys with the batch's that support no incident: id -> extraction JSON
    orphans: dict[str, str] = dataclasses.field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# JSON round trip

T = TypeVar("T")
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def to_dict(record: Any) -> Any:
    """Turn a record (or a tuple/list of records) into JSON-ready Python values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, StrEnum):
        return record.value
    if isinstance(record, dt.date):
        return record.isoformat()
    if isinstance(record, tuple | list):
        return [to_dict(x) for x in record]
    if isinstance(record, Mapping):
        return {str(k): to_dict(v) for k, v in record.items()}
    return record


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = get_args(tp)
        inner = args[0] if args else Any
        return tuple(_convert(inner, v) for v in value)
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return from_dict(tp, value)
        if issubclass(tp, StrEnum):
            return tp(value)
        if tp is dt.date:
            return dt.date.fromisoformat(value)
        if tp is float and isinstance(value, int):
            return float(value)
    return value


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output."""
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: _convert(hints[k], v) for k, v in data.items() if k in names}
    return cls(**kwargs)
