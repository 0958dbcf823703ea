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
_GENERIC_ACTOR = re.compile(r"^(protesters|rioters|civilians|unidentified|unknown|private security|rebels\b)", re.I)
# State forces and governments take part in most incidents of their country (and are often only the
# source of a statement): sharing one is weak evidence, and naming a different one is no conflict.
_COMMON_ACTOR = re.compile(r"^((military|police|security) forces of|government of)\b", re.I)
WEEKDAY_SLACK = 1  # days either side of a day resolved from a weekday or "yesterday" (can be a day off)
FALLBACK_DAYS = 3  # a report dated only by its publication may describe any of the days before it
_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
_WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_CALENDAR = _MONTHS | _WEEKDAYS
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DAY_NUMBER = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$")
_TOKEN = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
# the start of a sentence-initial token: it opens the text, a line or a sentence (after . ! ? : or a dash),
# maybe after spaces, quotes or a bracket
_HEAD = re.compile(r"(?:^|[\n.!?:\-–—])[ \t\"'“‘(]*(?=[^\W_])")


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


@functools.lru_cache(maxsize=1)
def _skipped() -> frozenset[str]:
    """Stopwords and calendar words: the tokens :func:`content_tokens` drops first."""
    return stopwords() | _CALENDAR


def content_tokens(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(names, words) of ``text``: capitalised words and numbers, and other content words, lower-cased.

    Names ("Varsa", "FLV", "14") weigh more in :func:`text_containment` than common words.
    """
    skipped = _skipped()
    raws: list[str] = []
    capitals: list[tuple[int, int]] = []  # (token index, start) of capitalised tokens
    for match in _TOKEN.finditer(text):
        raw = match.group().rstrip("'’-")  # never empty: a token starts with a letter or digit
        if raw[0].isupper():
            capitals.append((len(raws), match.start()))
        raws.append(raw)
    # A capital that only starts a sentence, a line or a title is no sign of a name ("Explosion at ...")
    initial: set[int] = set()
    mid_capitals: set[str] = set()
    if capitals:
        heads = {m.end() for m in _HEAD.finditer(text)}  # where sentence-initial tokens start
        for i, start in capitals:
            if start in heads:
                initial.add(i)
            else:
                mid_capitals.add(raws[i].lower())
    lows = [low[:-2] if low.endswith(("'s", "’s")) else low for low in map(str.lower, raws)]
    names: set[str] = set()
    words: set[str] = set()
    count = len(lows)
    # with fewer tokens than MAX_TOKENS the cap can never be reached: no need to count on the way
    capped = count >= MAX_TOKENS
    # Calendar expressions say when, which the date comparison already weighs; as words they would make
    # every pair of same-day reports look alike. Drop months, weekdays, years and day numbers next to a month.
    for i, low in enumerate(lows):
        if low in skipped:  # cheapest test first: most tokens are function words
            continue
        first = raws[i][0]
        if first.isdigit():
            if _YEAR.match(low) or (
                _DAY_NUMBER.match(low)
                and (
                    (i + 1 < count and lows[i + 1] in _MONTHS)
                    or (i > 0 and lows[i - 1] in _MONTHS)
                    or (i + 2 < count and lows[i + 1] == "of" and lows[i + 2] in _MONTHS)
                )
            ):
                continue
            names.add(low)
        elif len(low) < 2 and not low.isdigit():
            continue
        elif first.isupper() and (i not in initial or low in mid_capitals):
            names.add(low)
        else:
            words.add(low)
        if capped and len(names) + len(words) >= MAX_TOKENS:
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
    known: tuple[str, ...] = ()  # words of its admin units, country and actors: never "unmatched names"
    admin2: str | None = None
    window_lo: dt.date | None = None  # the days the report can mean, given how its date was stated
    window_hi: dt.date | None = None
    common_actors: tuple[str, ...] = ()  # state forces and governments (weak evidence), sorted
    near_duplicate_of: str | None = None  # the article this report nearly copies (its events correspond)
    # dated only by its report's publication day (no date of its own): "on or before", not "on"
    dated_by_publication: bool = False
    # the names of its whole report (fuse.content.story_names); empty: the same as ``names`` (the event's
    # words came from the whole report)
    story: tuple[str, ...] = ()
    # its report's lede names a later development (an arrest, a trial, a funeral: fuse.content.is_followup)
    followup: bool = False
    # a report without an event of its own (fuse.content.report_profile): the names it repeats most
    story_keys: tuple[str, ...] = ()

    def story_names(self) -> tuple[str, ...]:
        """The names of the event's whole report."""
        return self.story or self.names


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
    admin2: str | None = None
    window_lo: dt.date | None = None  # union of the members' date windows
    window_hi: dt.date | None = None
    common_actors: tuple[str, ...] = ()
    known: tuple[str, ...] = ()  # words of its members' admin and country names
    outlet_days: tuple[str, ...] = ()  # "source|published" of its reports (see scoring: same outlet, same day)
    founded_seq: int = 0  # ingest order of the founding event: the older of two incidents keeps its id
    merged_from: tuple[str, ...] = ()  # ids of incidents merged into this one by a bridging report
    # every member is dated only by its report's publication day: a member with a date of its own replaces
    # the span; while the incident has one, members dated by publication do not widen it
    dated_by_publication: bool = False
    # the names of its members' whole reports (capped); empty: the same as ``names``
    story: tuple[str, ...] = ()
    # every member's report names a later development in its lede (a trial, a sentence, an arrest): the
    # incident's days are those of the follow-ups, and the violence they refer to may come earlier
    followup: bool = False

    def story_names(self) -> tuple[str, ...]:
        """The names of its members' whole reports."""
        return self.story or self.names


def _norm_actor(name: str) -> str:
    return " ".join(name.lower().split())


def profile_event(
    event: Event,
    article: Article,
    *,
    whole_text: bool = False,
    story: tuple[str, ...] = (),
    followup: bool = False,
) -> EventProfile:
    """The fusion profile of ``event``.

    Its words come from the event's evidence and the article title; with ``whole_text`` (the article
    reports this one event only) from the whole article text too. An event without a date takes the
    publication date. ``story``: the names of the whole article, when its words are not the whole text.
    """
    start = event.date.start or article.published
    end = event.date.end or start
    place = event.place
    # the evidence lies inside the article text: with the whole text, reading it again adds nothing
    texts: list[str] = [] if whole_text else [ev.text for ev in event.evidence]
    if article.title:
        texts.append(article.title)
    if whole_text:
        texts.append(article.text)
    names, words = content_tokens("\n".join(texts))
    window_lo, window_hi = date_window(event, article)
    killed_figures = [f for f in event.figures if f.kind is FigureKind.KILLED]
    killed: int | None = None
    if killed_figures:
        killed = event.fatalities or max((f.acled_value or 0) for f in killed_figures)
    named = {_norm_actor(a.name) for a in event.actors if a.name and not _GENERIC_ACTOR.match(a.name)}
    common = {a for a in named if _COMMON_ACTOR.match(a)}
    actors = sorted(named - common)
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
        known=tuple(sorted(_place_words(place) | _actor_words(event))),
        admin2=place.admin2 if place else None,
        window_lo=window_lo,
        window_hi=window_hi,
        common_actors=tuple(sorted(common)),
        near_duplicate_of=article.near_duplicate_of,
        dated_by_publication=_dated_by_publication(event, article),
        story=() if whole_text else story,
        followup=followup,
    )


def date_window(event: Event, article: Article) -> tuple[dt.date | None, dt.date | None]:
    """The days an event's report can mean, widened by how its date was stated.

    An explicit calendar day ("28 April 2020") is exact; a day resolved from a weekday, "yesterday" or
    "overnight" can be a day off either way (time zones, reports published after midnight, a weekday
    that names a market); a report whose only date is its publication date may describe any of the
    :data:`FALLBACK_DAYS` days before (follow-ups date the statement, not the incident). Other spans
    (weeks, months, dates given without a phrase by a structured source) are taken as stated.
    """
    stated = event.date.start
    start = stated or article.published
    end = event.date.end or start
    if start is None or end is None:
        return None, None
    end = max(start, end)
    phrase = event.date.phrase or ""
    if _explicit_day(event):
        return start, end
    if phrase and event.date.time_precision == 1:
        slack = dt.timedelta(days=WEEKDAY_SLACK)
        return start - slack, end + slack
    if _dated_by_publication(event, article):
        return start - dt.timedelta(days=FALLBACK_DAYS), end
    return start, end


def _dated_by_publication(event: Event, article: Article) -> bool:
    """Whether the event's only date is its report's publication day: the date extractor's fallback (no
    date phrase, the publication day at precision 2), or no date at all."""
    if event.date.phrase:
        return False
    start = event.date.start
    return start is None or (event.date.time_precision >= 2 and start == article.published == (event.date.end or start))


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


def place_words(name: str | None) -> frozenset[str]:
    """The content words of a place name ("Dovra Kessa Orlo" -> dovra, kessa, orlo)."""
    return _name_words(name) if name else frozenset()


def _actor_words(event: Event) -> set[str]:
    """Words of the event's actor names: the actor term weighs who took part, not the text."""
    words: set[str] = set()
    for actor in event.actors:
        words |= _name_words(actor.name)
    return words


def _place_words(place: Place | None) -> set[str]:
    if place is None:
        return set()
    words: set[str] = set()
    # only the wide names: the town itself is exactly what tells two formulaic notes apart
    for name in (place.admin1, place.admin2, place.country):
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


def new_profile(incident_id: str, event: EventProfile, *, founded_seq: int = 0) -> IncidentProfile:
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
        admin2=event.admin2,
        window_lo=event.window_lo,
        window_hi=event.window_hi,
        common_actors=event.common_actors,
        known=event.known,
        outlet_days=_outlet_day(event),
        founded_seq=founded_seq,
        dated_by_publication=event.dated_by_publication,
        story=event.story,
        followup=event.followup,
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
    lo, hi, by_publication = _joined_span(
        (profile.date_lo, profile.date_hi, profile.dated_by_publication),
        (event.date_start, event.date_end, event.dated_by_publication),
    )
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
        admin2=place_from.admin2 if place_from else (profile.admin2 or event.admin2),
        place_name=place_from.place_name if place_from else profile.place_name,
        latitude=place_from.latitude if place_from else profile.latitude,
        longitude=place_from.longitude if place_from else profile.longitude,
        geo_precision=place_from.geo_precision if place_from else profile.geo_precision,
        actors=tuple(sorted(set(profile.actors) | set(event.actors))),
        common_actors=tuple(sorted(set(profile.common_actors) | set(event.common_actors))),
        known=tuple(sorted(set(profile.known) | set(event.known))),
        outlet_days=tuple(sorted(set(profile.outlet_days) | set(_outlet_day(event)))),
        window_lo=_min_date(profile.window_lo, event.window_lo),
        window_hi=_max_date(profile.window_hi, event.window_hi),
        killed=(*profile.killed, event.killed) if event.killed is not None else profile.killed,
        names=_merge_tokens(profile.names, event.names, room),
        words=_merge_tokens(profile.words, event.words, room),
        article_ids=(*profile.article_ids, event.article_id),
        n_events=profile.n_events + 1,
        exact_day=profile.exact_day or (event.date_start if event.exact_day else None),
        dated_by_publication=by_publication,
        story=_merge_story(profile, event.story, event.names, room),
        followup=profile.followup and event.followup,
    )


def _merge_story(
    profile: IncidentProfile, story: tuple[str, ...], names: tuple[str, ...], room: int
) -> tuple[str, ...]:
    """The incident's story names with another member's (``story``, else its ``names``) added; () while
    every member's story names are its names."""
    if not profile.story and not story:
        return ()
    return _merge_tokens(profile.story_names(), story or names, room)


def note_report(profile: IncidentProfile, article_id: str) -> IncidentProfile:
    """The incident profile after a report with no event of its own came to support it (its article
    counts for the same-article rule; nothing else changes)."""
    if article_id in profile.article_ids:
        return profile
    return dataclasses.replace(profile, article_ids=(*profile.article_ids, article_id))


def anchored(profile: IncidentProfile, event: EventProfile) -> IncidentProfile:
    """The profile of an incident of follow-ups only (a trial, a sentence reported before the violence
    they refer to) after ``event``, the violence itself, joined it: the incident's days and place become
    the event's (the follow-ups keep their own dates in their events). Pure."""
    moved = dataclasses.replace(
        profile, date_lo=None, date_hi=None, window_lo=None, window_hi=None, exact_day=None,
        dated_by_publication=False, place_name=None, admin1=None, admin2=None, latitude=None, longitude=None,
        geo_precision=None,
    )  # fmt: skip
    return absorb(moved, event)


def attached(event: EventProfile) -> EventProfile:
    """``event`` as a later development of an incident it joined across a date or place disagreement
    (an arrest, a trial, a mis-geocoded report): its dates and place stay its own and leave the
    incident's as they are."""
    return dataclasses.replace(
        event, date_start=None, date_end=None, window_lo=None, window_hi=None, exact_day=False,
        place_name=None, admin1=None, admin2=None, latitude=None, longitude=None, geo_precision=None,
        dated_by_publication=True,  # "on or before": neither widens nor narrows the incident's days
    )  # fmt: skip


_Span = tuple[dt.date | None, dt.date | None, bool]  # first day, last day, dated only by publication


def _joined_span(a: _Span, b: _Span) -> _Span:
    """The days of two spans joined: a span dated only by publication days says "on or before", so it
    neither widens nor narrows a span with dates of its own."""
    if a[2] != b[2] and a[0] is not None and b[0] is not None:
        return a if b[2] else b
    return _min_date(a[0], b[0]), _max_date(a[1], b[1]), a[2] and b[2]


def outlet_day(source: str | None, published: dt.date | None) -> str | None:
    """The "source|published" key of a report, or None when either is unknown."""
    if not source or published is None:
        return None
    return f"{' '.join(source.lower().split())}|{published.isoformat()}"


def _outlet_day(event: EventProfile) -> tuple[str, ...]:
    key = outlet_day(event.source, event.published)
    return (key,) if key else ()


def _min_date(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


def _max_date(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


def combine(older: IncidentProfile, newer: IncidentProfile) -> IncidentProfile:
    """The profile of two incidents merged by a report that bridges them (``older`` keeps its id).

    Pure; member lists keep ``older``'s members first, then ``newer``'s.
    """
    place = newer if _better_place(older, _as_event_place(newer)) else older
    # an incident of follow-ups only takes the days and place of the violence it refers to
    anchor = (
        newer if older.followup and not newer.followup else older if newer.followup and not older.followup else None
    )
    if anchor is not None:
        place = anchor
    sub_types = (*older.sub_types, *newer.sub_types)
    sub = majority_type(sub_types, older.sub_event_type)
    event_type = older.event_type if sub == older.sub_event_type else newer.event_type
    if sub not in (older.sub_event_type, newer.sub_event_type):
        event_type = older.event_type
    room = MAX_INCIDENT_TOKENS // 2
    span = _joined_span(
        (older.date_lo, older.date_hi, older.dated_by_publication),
        (newer.date_lo, newer.date_hi, newer.dated_by_publication),
    )
    window = _min_date(older.window_lo, newer.window_lo), _max_date(older.window_hi, newer.window_hi)
    exact_day = older.exact_day or newer.exact_day
    if anchor is not None:
        span = anchor.date_lo, anchor.date_hi, anchor.dated_by_publication
        window, exact_day = (anchor.window_lo, anchor.window_hi), anchor.exact_day
    return dataclasses.replace(
        older,
        event_type=event_type,
        sub_event_type=sub,
        sub_types=sub_types,
        date_lo=span[0],
        date_hi=span[1],
        dated_by_publication=span[2],
        country_iso3=older.country_iso3 or newer.country_iso3,
        admin1=place.admin1 or older.admin1 or newer.admin1,
        admin2=place.admin2 or older.admin2 or newer.admin2,
        place_name=place.place_name,
        latitude=place.latitude,
        longitude=place.longitude,
        geo_precision=place.geo_precision,
        actors=tuple(sorted(set(older.actors) | set(newer.actors))),
        common_actors=tuple(sorted(set(older.common_actors) | set(newer.common_actors))),
        known=tuple(sorted(set(older.known) | set(newer.known))),
        outlet_days=tuple(sorted(set(older.outlet_days) | set(newer.outlet_days))),
        killed=(*older.killed, *newer.killed),
        names=_merge_tokens(older.names, newer.names, room),
        words=_merge_tokens(older.words, newer.words, room),
        article_ids=(*older.article_ids, *(a for a in newer.article_ids if a not in older.article_ids)),
        n_events=older.n_events + newer.n_events,
        exact_day=exact_day,
        window_lo=window[0],
        window_hi=window[1],
        merged_from=(*older.merged_from, newer.id, *newer.merged_from),
        story=_merge_story(older, newer.story, newer.names, room),
        followup=older.followup and newer.followup,
    )


def _as_event_place(profile: IncidentProfile) -> EventProfile:
    """A minimal event profile carrying an incident's place (for :func:`_better_place`)."""
    return EventProfile(
        event_id=profile.id, article_id="", external_id=None, source=None, published=None,
        event_type=profile.event_type, sub_event_type=profile.sub_event_type, date_start=None, date_end=None,
        country_iso3=profile.country_iso3, admin1=profile.admin1, place_name=profile.place_name,
        latitude=profile.latitude, longitude=profile.longitude, geo_precision=profile.geo_precision,
        actors=(), killed=None, names=(), words=(),
    )  # fmt: skip
