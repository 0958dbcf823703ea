"""Fusion profiles: the compact, comparable reading of one event and of one incident.

Reads an :class:`~flashpoint.records.Event` with its :class:`~flashpoint.records.Article`; writes an
:class:`EventProfile` (type, day span, place, specific actors, killed count, content words of the text
that reports it). An :class:`IncidentProfile` is what the fused incident looks like to the matcher; it is
stored next to the incident and updated by :func:`absorb` as events join, so matching never needs to load
an incident's member events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.resources
import json
import re
from collections.abc import Iterable

from flashpoint.records import Article, Event, FigureKind, Place

MAX_TOKENS = 300  # per event; a long article's tail adds little and costs storage
MAX_INCIDENT_TOKENS = 1500  # per incident, so a huge incident does not absorb every later report

# Actors that name a category, not a party: two distinct protests both have "Protesters (Chile)".
_GENERIC_ACTOR = re.compile(r"^(protesters|rioters|civilians|unidentified|unknown|private security)", re.I)
_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
_WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_CALENDAR = _MONTHS | _WEEKDAYS
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DAY_NUMBER = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$")
_TOKEN = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words that are no evidence that two reports describe the same incident (package data)."""
    path = importlib.resources.files("flashpoint") / "data" / "fusion_stopwords.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(str(w) for w in data["words"])


@functools.lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """Spelled-out counts ("eleven", "dozens"): numbers, not names (package data)."""
    path = importlib.resources.files("flashpoint") / "data" / "fusion_stopwords.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(str(w) for w in data["number_words"])


def is_number(token: str) -> bool:
    """Whether a content token is a count (digits or a number word)."""
    return token[:1].isdigit() or token in number_words()


def content_tokens(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(names, words) of ``text``: capitalised words and numbers, and other content words, lower-cased.

    Names ("Kidal", "MNLA", "14") weigh more in :func:`text_containment` than common words.
    """
    stop = stopwords()
    names: set[str] = set()
    words: set[str] = set()
    raws = [m.group(0).strip("'’-") for m in _TOKEN.finditer(text)]
    lows = [r.lower() for r in raws]
    lows = [low[:-2] if low.endswith(("'s", "’s")) else low for low in lows]
    # Calendar expressions say when, which the date comparison already weighs; as words they would make
    # every pair of same-day reports look alike. Drop months, weekdays, years and day numbers next to a month.
    for i, low in enumerate(lows):
        if low in stop:  # cheapest test first: most tokens of a report are function words
            continue
        if (
            low in _CALENDAR
            or (low[:1].isdigit() and _YEAR.match(low))
            or (
                low[:1].isdigit()
                and _DAY_NUMBER.match(low)
                and (
                    (i + 1 < len(lows) and lows[i + 1] in _MONTHS)
                    or (i > 0 and lows[i - 1] in _MONTHS)
                    or (i + 2 < len(lows) and lows[i + 1] == "of" and lows[i + 2] in _MONTHS)
                )
            )
        ):
            continue
        raw = raws[i]
        token = low
        if not raw or token in stop or (len(token) < 2 and not token.isdigit()):
            continue
        if raw[0].isupper() or raw[0].isdigit():
            names.add(token)
        else:
            words.add(token)
        if len(names) + len(words) >= MAX_TOKENS:
            break
    return frozenset(names), frozenset(words - names)


@dataclasses.dataclass(frozen=True, slots=True)
class EventProfile:
    """What fusion compares of one event. Every field may be missing except the ids and type."""

    event_id: str
    article_id: str
    external_id: str | None
    source: str | None
    published: dt.date | None
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    country_iso3: str | None
    admin1: str | None
    place_name: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actors: tuple[str, ...]  # specific actor names (generic categories left out), sorted
    killed: int | None  # None: no killed figure reported (not the same as zero)
    names: tuple[str, ...]
    words: tuple[str, ...]
    uncertain: bool = False  # denied, hypothetical or future: never founds or joins an incident alone
    exact_day: bool = False  # the text gives an explicit calendar day ("28 April 2020"), not a weekday
    known: tuple[str, ...] = ()  # words of its admin1 and country names: never "unmatched names"


@dataclasses.dataclass(frozen=True, slots=True)
class IncidentProfile:
    """What the matcher knows about a fused incident (stored as JSON next to it)."""

    id: str
    event_type: str
    sub_event_type: str
    sub_types: tuple[str, ...]  # member sub-event types, in order of joining
    date_lo: dt.date | None
    date_hi: dt.date | None
    country_iso3: str | None
    admin1: str | None
    place_name: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actors: tuple[str, ...]
    killed: tuple[int, ...]
    names: tuple[str, ...]
    words: tuple[str, ...]
    article_ids: tuple[str, ...]
    n_events: int = 1
    exact_day: dt.date | None = None  # the day of its exactly dated members (ACLED events are per day)


def _norm_actor(name: str) -> str:
    return " ".join(name.lower().split())


def profile_event(event: Event, article: Article, *, whole_text: bool = False) -> EventProfile:
    """The fusion profile of ``event``.

    Its words come from the event's evidence and the article title; with ``whole_text`` (the article
    reports this one event only) from the whole article text too. An event without a date takes the
    publication date.
    """
    start = event.date.start or article.published
    end = event.date.end or start
    place = event.place
    texts: list[str] = [ev.text for ev in event.evidence]
    if article.title:
        texts.append(article.title)
    if whole_text:
        texts.append(article.text)
    names, words = content_tokens("\n".join(texts))
    killed_figures = [f for f in event.figures if f.kind is FigureKind.KILLED]
    killed: int | None = None
    if killed_figures:
        killed = event.fatalities or max((f.acled_value or 0) for f in killed_figures)
    actors = sorted({_norm_actor(a.name) for a in event.actors if a.name and not _GENERIC_ACTOR.match(a.name)})
    return EventProfile(
        event_id=event.id,
        article_id=article.id,
        external_id=article.external_id,
        source=article.source,
        published=article.published,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        date_start=start,
        date_end=end if end is None or start is None or end >= start else start,
        country_iso3=(place.country_iso3 if place else None) or article.country_hint,
        admin1=place.admin1 if place else None,
        place_name=place.name if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=place.geo_precision if place else None,
        actors=tuple(actors),
        killed=killed,
        names=tuple(sorted(names)),
        words=tuple(sorted(words)),
        uncertain=event.certainty.value in ("denied", "hypothetical", "future"),
        exact_day=_explicit_day(event),
        known=tuple(sorted(_place_words(place))),
    )


def _explicit_day(event: Event) -> bool:
    """Whether the event's day is stated as a calendar date (digits), which resolution cannot get wrong.

    Weekdays and "yesterday" are resolved against the publication date and can be a day off; explicit
    dates ("On 28 April 2020") are what ACLED-style notes give for each atomic, one-day event.
    """
    date = event.date
    return (
        date.time_precision == 1
        and date.start is not None
        and date.start == (date.end or date.start)
        and any(ch.isdigit() for ch in (date.phrase or ""))
    )


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    names, other = content_tokens(name)
    return names | other


def _place_words(place: Place | None) -> set[str]:
    if place is None:
        return set()
    words: set[str] = set()
    # only the wide names: the town itself is exactly what tells two formulaic notes apart
    for name in (place.admin1, place.country):
        if name:
            words |= _name_words(name)
    return words


def _merge_tokens(old: Iterable[str], new: Iterable[str], room: int) -> tuple[str, ...]:
    merged = set(old)
    for token in sorted(set(new) - merged):
        if len(merged) >= room:
            break
        merged.add(token)
    return tuple(sorted(merged))


def _better_place(profile: IncidentProfile, event: EventProfile) -> bool:
    """Whether ``event`` has a more precise place than the incident (precision 1 beats 2 beats 3)."""
    if event.place_name is None:
        return False
    if profile.place_name is None:
        return True
    return (event.geo_precision or 9) < (profile.geo_precision or 9)


def new_profile(incident_id: str, event: EventProfile) -> IncidentProfile:
    """The profile of an incident founded by ``event``."""
    return IncidentProfile(
        id=incident_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        sub_types=(event.sub_event_type,),
        date_lo=event.date_start,
        date_hi=event.date_end,
        country_iso3=event.country_iso3,
        admin1=event.admin1,
        place_name=event.place_name,
        latitude=event.latitude,
        longitude=event.longitude,
        geo_precision=event.geo_precision,
        actors=event.actors,
        killed=(event.killed,) if event.killed is not None else (),
        names=event.names,
        words=event.words,
        article_ids=(event.article_id,),
        exact_day=event.date_start if event.exact_day else None,
    )


def majority_type(sub_types: Iterable[str], fallback: str) -> str:
    """The most frequent sub-event type; ties go to the one that joined first."""
    counts: dict[str, int] = {}
    for sub in sub_types:
        counts[sub] = counts.get(sub, 0) + 1
    if not counts:
        return fallback
    best = max(counts.values())
    return next(sub for sub in counts if counts[sub] == best)


def absorb(profile: IncidentProfile, event: EventProfile) -> IncidentProfile:
    """The incident profile after ``event`` joined it (pure; the input is unchanged)."""
    sub_types = (*profile.sub_types, event.sub_event_type)
    sub = majority_type(sub_types, profile.sub_event_type)
    # adding one vote can only keep the old majority or make the new event's type the majority
    event_type = event.event_type if sub == event.sub_event_type else profile.event_type
    lo = min((d for d in (profile.date_lo, event.date_start) if d is not None), default=None)
    hi = max((d for d in (profile.date_hi, event.date_end) if d is not None), default=None)
    place_from = event if _better_place(profile, event) else None
    room = MAX_INCIDENT_TOKENS // 2
    return dataclasses.replace(
        profile,
        event_type=event_type,
        sub_event_type=sub,
        sub_types=sub_types,
        date_lo=lo,
        date_hi=hi,
        country_iso3=profile.country_iso3 or event.country_iso3,
        admin1=place_from.admin1 if place_from else (profile.admin1 or event.admin1),
        place_name=place_from.place_name if place_from else profile.place_name,
        latitude=place_from.latitude if place_from else profile.latitude,
        longitude=place_from.longitude if place_from else profile.longitude,
        geo_precision=place_from.geo_precision if place_from else profile.geo_precision,
        actors=tuple(sorted(set(profile.actors) | set(event.actors))),
        killed=(*profile.killed, event.killed) if event.killed is not None else profile.killed,
        names=_merge_tokens(profile.names, event.names, room),
        words=_merge_tokens(profile.words, event.words, room),
        article_ids=(*profile.article_ids, event.article_id),
        n_events=profile.n_events + 1,
        exact_day=profile.exact_day or (event.date_start if event.exact_day else None),
    )
