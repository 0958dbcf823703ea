"""Synthetic reports for fusion tests and benchmarks: builders and a deterministic report stream.

Reads nothing; writes :class:`~flashpoint.records.Extraction` s that look like what the extractors
produce (events with type, day, place, actors, killed figures and evidence). :func:`report_stream`
simulates many outlets reporting many incidents: each incident gets one to four reports (a relay of
the first sentence, follow-ups with a revised toll), spread over a year and a few hundred places.
Never used by the pipeline itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from collections.abc import Iterator, Sequence

from flashpoint.records import (
    Actor,
    Article,
    Certainty,
    ChainLink,
    Claim,
    DateSpan,
    Event,
    Evidence,
    Extraction,
    Figure,
    FigureKind,
    Place,
)

STAGE = "synthetic@0.1.0"


@dataclasses.dataclass(frozen=True, slots=True)
class Spot:
    """A place for synthetic events."""

    name: str
    country_iso3: str
    admin1: str
    latitude: float
    longitude: float
    geo_precision: int = 1


@dataclasses.dataclass(frozen=True, slots=True)
class EventSpec:
    """What one synthetic event says."""

    event_type: str
    sub_event_type: str
    day: dt.date | None
    spot: Spot | None
    sentence: str  # the evidence sentence (must occur in the article text)
    actors: tuple[str, ...] = ()
    killed: int | None = None
    killed_high: int | None = None  # None: exact; otherwise "at least" style open or ranged figure
    claimant: str | None = None
    certainty: Certainty = Certainty.ASSERTED
    end: dt.date | None = None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _evidence(article_id: str, text: str, part: str) -> Evidence:
    start = max(0, text.find(part))
    return Evidence(article_id, start, start + len(part), part, STAGE)


def make_extraction(
    text: str,
    specs: Sequence[EventSpec],
    *,
    published: dt.date | None = None,
    source: str | None = None,
    external_id: str | None = None,
    title: str | None = None,
) -> Extraction:
    """An extraction of ``text`` with one event per spec (ids derive from the content hash)."""
    digest = _hash(text)
    article = Article(
        id=digest[:16],
        text=text,
        content_hash=digest,
        title=title,
        published=published,
        source=source,
        external_id=external_id,
        origin="<synthetic>",
        fingerprint=int(digest[16:32], 16),  # stands in for a SimHash: exercises the near-duplicate index
    )
    built: list[Event] = []
    all_figures: list[Figure] = []
    for index, spec in enumerate(specs):
        evidence = _evidence(article.id, text, spec.sentence)
        chain = (ChainLink(spec.claimant),) if spec.claimant else ()
        claim = Claim(evidence=evidence, chain=chain, certainty=spec.certainty)
        figures: tuple[Figure, ...] = ()
        if spec.killed is not None:
            figure = Figure(
                kind=FigureKind.KILLED,
                victims="unknown",
                phrase=f"{spec.killed} killed",
                low=spec.killed,
                best=spec.killed,
                high=spec.killed_high,
                acled_value=spec.killed,
                ucdp_low=spec.killed,
                ucdp_best=spec.killed,
                ucdp_high=spec.killed_high if spec.killed_high is not None else spec.killed,
                claim=claim,
                evidence=evidence,
            )
            figures = (figure,)
            all_figures.append(figure)
        place = None
        if spec.spot is not None:
            s = spec.spot
            place = Place(
                name=s.name,
                country_iso3=s.country_iso3,
                country=None,
                admin1=s.admin1,
                admin2=None,
                latitude=s.latitude,
                longitude=s.longitude,
                geo_precision=s.geo_precision,
                where_prec=1 if s.geo_precision == 1 else 4,
            )
        actors = tuple(
            Actor(name=name, inter=1, country_iso3=place.country_iso3 if place else None, role=f"actor{i + 1}")
            for i, name in enumerate(spec.actors)
        )
        stated = f"{spec.day:%d %B %Y}" if spec.day else None
        built.append(
            Event(
                id=f"{article.id}-e{index}",
                article_id=article.id,
                event_type=spec.event_type,
                sub_event_type=spec.sub_event_type,
                plover_type="",
                date=DateSpan(
                    start=spec.day,
                    end=spec.end or spec.day,
                    time_precision=1,
                    # the reports state their day as ACLED-style notes do ("On 14 March 2023")
                    phrase=stated if stated and stated in text else None,
                ),
                place=place,
                actors=actors,
                figures=figures,
                claim=claim,
                evidence=(evidence,),
                fatalities=spec.killed or 0,
            )
        )
    return Extraction(article=article, events=tuple(built), figures=tuple(all_figures), caveats=(), claims=())


_TYPES = (
    ("Battles", "Armed clash", "fighters clashed with soldiers"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shells struck houses"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "a roadside bomb exploded"),
    ("Violence against civilians", "Attack", "gunmen opened fire on villagers"),
    ("Protests", "Peaceful protest", "teachers marched over unpaid wages"),
    ("Riots", "Violent demonstration", "youths burned tyres and threw stones"),
)
_OUTLETS = ("Wire One", "Daily Courier", "Radio Sahel", "Morning Post", "Capital FM")


def spots(count: int, *, seed: int = 1) -> tuple[Spot, ...]:
    """``count`` invented towns scattered over a few invented countries (deterministic)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        country = f"X{i % 7:02d}"
        out.append(
            Spot(
                name=f"Town{i}",
                country_iso3=country,
                admin1=f"Province{i % 23}",
                latitude=round(rng.uniform(-30, 45), 4),
                longitude=round(rng.uniform(-15, 75), 4),
            )
        )
    return tuple(out)


def report_stream(n_events: int, *, seed: int = 7, places: int = 400, days: int = 365) -> Iterator[Extraction]:
    """About ``n_events`` synthetic events in reports, incident by incident, in publication order.

    Each incident has one to four reports; some reports cover two incidents (multi-event reports).
    """
    rng = random.Random(seed)
    towns = spots(places, seed=seed)
    start = dt.date(2021, 1, 1)
    made = 0
    serial = 0
    while made < n_events:
        day = start + dt.timedelta(days=rng.randrange(days))
        event_type, sub_type, what = _TYPES[rng.randrange(len(_TYPES))]
        town = towns[rng.randrange(len(towns))]
        killed = rng.choice((None, 0, 1, 2, 3, 5, 8, 12))
        serial += 1
        detail = f"near the {rng.choice(('market', 'checkpoint', 'school', 'mosque', 'bridge'))} {serial}"
        sentence = f"On {day:%d %B %Y}, {what} in {town.name} {detail}."
        for copy in range(rng.choice((1, 1, 2, 2, 3, 4))):
            toll = None if killed is None else killed + copy * rng.choice((0, 0, 1, 2))
            follow = f"Officials gave a toll of {toll}." if toll is not None else "No casualties were given."
            text = sentence if copy == 1 else f"{sentence} {follow} (update {copy})"
            spec = EventSpec(event_type, sub_type, day, town, sentence, killed=None if copy == 1 else toll, actors=())
            yield make_extraction(
                text,
                [spec],
                published=day + dt.timedelta(days=copy // 2),
                source=_OUTLETS[copy % len(_OUTLETS)],
                external_id=f"syn-{serial}-{copy}",
            )
            made += 1
            if made >= n_events:
                return
