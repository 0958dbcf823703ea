"""Synthetic incidents for the dashboard tests: many invented reports, one incident each, plus a hostile one.

Every report is a short invented wire sentence about an invented town; every evidence span is computed from
the text it points into. No NLP runs here. :class:`MemoryLedger` serves them through the read methods of
:class:`flashpoint.ledger.Ledger` (including ``counts()``, which the dashboard's change token reads), and can
take new records while a server runs, as ``flashpoint watch`` adds them to a real ledger.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from flashpoint.errors import NotFoundError
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
    FigureHistory,
    FigureKind,
    FigureRevision,
    Incident,
    Place,
    Rejection,
    SourceType,
)

STAGE = "synthetic@0"
COUNTRIES = (
    ("NGA", "Nigeria", 9.0, 8.0),
    ("COL", "Colombia", 4.5, -74.0),
    ("IND", "India", 22.0, 79.0),
    ("UKR", "Ukraine", 49.0, 32.0),
    ("SDN", "Sudan", 15.0, 30.0),
    ("MMR", "Myanmar", 21.0, 96.0),
    ("MEX", "Mexico", 23.0, -102.0),
    ("PHL", "Philippines", 12.0, 122.0),
)
KINDS = (
    ("Battles", "Armed clash", "{a} and {b} fought in {town} on {day}, killing {n} people, officials said."),
    ("Violence against civilians", "Attack", "Gunmen from {a} attacked villagers in {town} on {day}, killing {n}."),
    ("Protests", "Peaceful protest", "Hundreds of {b} marched in {town} on {day}; {n} were hurt, organisers said."),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "{a} shelled {town} on {day}, killing {n}."),
    ("Riots", "Violent demonstration", "{b} set fire to shops in {town} on {day}; police said {n} died."),
)
CERTAINTIES = (Certainty.ASSERTED, Certainty.REPORTED, Certainty.CLAIMED, Certainty.HEDGED)
HOSTILE_ACTOR = '<img src=x onerror="window.__pwned=1">Liberation Front'
HOSTILE_TITLE = "<script>window.__pwned=2</script>Raid on Zalvora"
HOSTILE_URL = "javascript:window.__pwned=3"
HOSTILE_TEXT = "Fighters of the <b>{a}</b> stormed Zalvora on Friday, killing 4 guards, a <i>local</i> official said."


def _evidence(article: Article, phrase: str, after: int = 0) -> Evidence:
    start = article.text.index(phrase, after)
    return Evidence(article.id, start, start + len(phrase), phrase, STAGE)


def _record(
    number: int,
    *,
    text: str,
    town: str,
    iso3: str,
    country: str,
    lat: float,
    lon: float,
    day: dt.date,
    kind: tuple[str, str, str],
    actors: tuple[str, str],
    deaths: int,
    certainty: Certainty,
    title: str,
    url: str,
) -> tuple[Incident, Extraction]:
    aid = f"art{number:05d}"
    article = Article(
        id=aid,
        text=text,
        content_hash=f"hash-{aid}",
        title=title,
        published=day + dt.timedelta(days=1),
        source="Invented Wire",
        url=url,
        external_id=f"IW-{number}",
    )
    place = Place(town, iso3, country, f"{town} Province", None, lat, lon, 1, 1, evidence=_evidence(article, town))
    claim = Claim(_evidence(article, text), (ChainLink("officials", SourceType.UNKNOWN, "said"),), certainty, ("said",))
    found = [a for a in actors if a in text]
    actor_records = tuple(
        Actor(name, 2 if k == 0 else 8, iso3, f"actor{k + 1}", evidence=_evidence(article, name))
        for k, name in enumerate(found)
    )
    figure = Figure(
        FigureKind.KILLED, "people", str(deaths), deaths, deaths, deaths, deaths, deaths, deaths, deaths,
        claim, _evidence(article, str(deaths), text.index(town) + len(town)),
    )  # fmt: skip
    event = Event(
        id=f"{aid}-e0",
        article_id=aid,
        event_type=kind[0],
        sub_event_type=kind[1],
        plover_type="ASSAULT",
        date=DateSpan(day, day, 1, None),
        place=place,
        actors=actor_records,
        figures=(figure,),
        claim=claim,
        evidence=(_evidence(article, town),),
        fatalities=deaths,
    )
    extraction = Extraction(article, (event,), (figure,), (), (claim,))
    history = FigureHistory(
        FigureKind.KILLED,
        "people",
        (FigureRevision(aid, article.external_id, article.source, article.published, figure),),
        acled_value=deaths,
        ucdp_low=deaths,
        ucdp_best=deaths,
        ucdp_high=deaths,
        rule="only report",
    )
    incident = Incident(
        id=f"inc{number:05d}",
        event_type=kind[0],
        sub_event_type=kind[1],
        date_start=day,
        date_end=day,
        place=place,
        event_ids=(event.id,),
        article_ids=(aid,),
        external_ids=(article.external_id or "",),
        figures=(history,),
        actors=actor_records,
    )
    return incident, extraction


def synthetic(count: int, *, seed: int = 7, start: int = 0) -> list[tuple[Incident, Extraction]]:
    """``count`` invented incidents, one report each, spread over eight countries and two years."""
    rng = random.Random(seed)
    first = dt.date(2024, 1, 1)
    out = []
    for number in range(start, start + count):
        iso3, country, lat0, lon0 = COUNTRIES[number % len(COUNTRIES)]
        kind = KINDS[rng.randrange(len(KINDS))]
        town = f"Town{number:05d}"
        a, b = f"Brigade {number % 37}", f"Militia {number % 23}"
        deaths = rng.choice((0, 0, 1, 2, 3, 5, 8, 13, 40))
        day = first + dt.timedelta(days=rng.randrange(730))
        text = kind[2].format(a=a, b=b, town=town, day=day.strftime("%A"), n=deaths)
        out.append(
            _record(
                number,
                text=text,
                town=town,
                iso3=iso3,
                country=country,
                lat=lat0 + rng.uniform(-4, 4),
                lon=lon0 + rng.uniform(-4, 4),
                day=day,
                kind=kind,
                actors=(a, b),
                deaths=deaths,
                certainty=CERTAINTIES[number % len(CERTAINTIES)],
                title=f"{kind[1]} in {town}",
                url=f"https://news.example.org/{number}",
            )
        )
    return out


def hostile(number: int) -> tuple[Incident, Extraction]:
    """An incident whose actor, title, text and URL carry markup and a script URL (must show as text)."""
    text = HOSTILE_TEXT.format(a=HOSTILE_ACTOR)
    return _record(
        number, text=text, town="Zalvora", iso3="KEN", country="Kenya", lat=0.5, lon=37.5,
        day=dt.date(2025, 6, 6), kind=KINDS[1], actors=(HOSTILE_ACTOR, "guards"), deaths=4,
        certainty=Certainty.ASSERTED, title=HOSTILE_TITLE, url=HOSTILE_URL,
    )  # fmt: skip


class MemoryLedger:
    """The read methods of :class:`flashpoint.ledger.Ledger` over records held in memory."""

    def __init__(self, records: list[tuple[Incident, Extraction]]) -> None:
        self.records: list[tuple[Incident, Extraction]] = list(records)

    def add(self, records: list[tuple[Incident, Extraction]]) -> None:
        """Store more records (as an ingest run would)."""
        self.records.extend(records)

    def incidents(self) -> list[Incident]:
        return [inc for inc, _ in self.records]

    def incident(self, incident_id: str) -> Incident:
        for inc, _ in self.records:
            if inc.id == incident_id:
                return inc
        raise NotFoundError(f"no incident {incident_id!r}")

    def history(self, incident_id: str) -> list[FigureHistory]:
        return list(self.incident(incident_id).figures)

    def extractions(self) -> Iterator[Extraction]:
        return iter([ex for _, ex in self.records])

    def extraction(self, article_id: str) -> Extraction:
        for _, ex in self.records:
            if ex.article.id == article_id:
                return ex
        raise NotFoundError(f"no article {article_id!r}")

    def article(self, article_id: str) -> Article:
        return self.extraction(article_id).article

    def rejections(self) -> list[Rejection]:
        return []

    def counts(self) -> dict[str, int]:
        return {"articles": len(self.records), "incidents": len(self.records)}
