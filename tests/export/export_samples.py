"""Hand-built records for the export and web tests: two reports of one invented clash in Kumasi.

Every span is computed from the text it points into, so the evidence offsets are real. No NLP runs here.
"""

from __future__ import annotations

import datetime as dt

from flashpoint.records import (
    Actor,
    Article,
    Caveat,
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
    SourceType,
)

STAGE = "test@0"

TEXT_A = (
    "KUMASI, March 4 - At least three protesters were killed in Kumasi on Monday when police fired on a "
    "crowd opposing the fuel price rise, an Interior Ministry spokesman told National Television, "
    "according to the Coastal Press Agency. Dozens more were injured. "
    "The figures could not be independently verified."
)
TEXT_B = (
    "The death toll from Monday's clash between police and demonstrators in Kumasi rose to seven, "
    "hospital officials said on Wednesday. Police arrested 40 people in Accra on Tuesday night."
)
TEXT_C = "Asante Kotoko beat Hearts of Oak 2-1 in Kumasi on Sunday, their third win in a row."

KUMASI = Place(
    name="Kumasi",
    country_iso3="GHA",
    country="Ghana",
    admin1="Ashanti",
    admin2=None,
    latitude=6.68848,
    longitude=-1.62443,
    geo_precision=1,
    where_prec=1,
    geonameid=2298890,
)
ACCRA = Place(
    name="Accra",
    country_iso3="GHA",
    country="Ghana",
    admin1="Greater Accra",
    admin2=None,
    latitude=5.55602,
    longitude=-0.1969,
    geo_precision=1,
    where_prec=1,
)


def ev(article: Article, phrase: str, occurrence: int = 0) -> Evidence:
    """Evidence for the ``occurrence``-th appearance of ``phrase`` in the article text."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(phrase, start + 1)
    return Evidence(article.id, start, start + len(phrase), phrase, STAGE)


def article(aid: str, text: str, *, day: int, source: str, ext: str, title: str) -> Article:
    """An article published in March 2025."""
    return Article(
        id=aid,
        text=text,
        content_hash=f"hash-{aid}",
        title=title,
        published=dt.date(2025, 3, day),
        source=source,
        url=f"https://example.org/{aid}",
        external_id=ext,
    )


ART_A = article("a1", TEXT_A, day=4, source="Coastal Press Agency", ext="CPA-0304", title="Three killed in Kumasi")
ART_B = article("b2", TEXT_B, day=5, source="Sahel Wire", ext="SW-77", title="Kumasi toll rises to seven")
ART_C = article("c3", TEXT_C, day=3, source="Accra Morning Post", ext="AMP-9", title="Kotoko win derby")

CHAIN_A = (
    ChainLink("Interior Ministry spokesman", SourceType.MINISTRY, "told"),
    ChainLink("National Television", SourceType.STATE_MEDIA, "according to"),
    ChainLink("Coastal Press Agency", SourceType.WIRE, "according to"),
)
CLAIM_A = Claim(ev(ART_A, TEXT_A[18:226]), CHAIN_A, Certainty.REPORTED, ("told", "according to"))
CLAIM_B = Claim(
    ev(ART_B, "rose to seven, hospital officials said"),
    (ChainLink("hospital officials", SourceType.UNKNOWN, "said"),),
    Certainty.REPORTED,
    ("said",),
)
CLAIM_ARREST = Claim(ev(ART_B, "Police arrested 40 people in Accra"))

KILLED_A = Figure(
    FigureKind.KILLED, "protesters", "At least three", 3, 3, None, 3, 3, 3, 3, CLAIM_A, ev(ART_A, "At least three")
)
INJURED_A = Figure(FigureKind.INJURED, "protesters", "Dozens", 24, 36, 99, 12, 24, 36, 99, CLAIM_A, ev(ART_A, "Dozens"))
KILLED_B = Figure(FigureKind.KILLED, "protesters", "seven", 7, 7, 7, 7, 7, 7, 7, CLAIM_B, ev(ART_B, "seven"))
ARRESTED_B = Figure(FigureKind.ARRESTED, "unknown", "40", 40, 40, 40, 40, 40, 40, 40, CLAIM_ARREST, ev(ART_B, "40"))

POLICE = Actor("Police Forces of Ghana (2025-)", 1, "GHA", "actor1", "police")
PROTESTERS = Actor("Protesters (Ghana)", 6, "GHA", "actor2", "protesters")
DAY = DateSpan(dt.date(2025, 3, 3), dt.date(2025, 3, 3), 1, "on Monday")

EVENT_A = Event(
    id="a1-e0",
    article_id="a1",
    event_type="Protests",
    sub_event_type="Excessive force against protesters",
    plover_type="PROTEST",
    date=DAY,
    place=KUMASI,
    actors=(POLICE, PROTESTERS),
    figures=(KILLED_A, INJURED_A),
    claim=CLAIM_A,
    evidence=(ev(ART_A, "police fired on a crowd"), ev(ART_A, "were killed in Kumasi")),
    fatalities=3,
    fatalities_low=3,
    interaction=16,
)
EVENT_B = Event(
    id="b2-e0",
    article_id="b2",
    event_type="Protests",
    sub_event_type="Excessive force against protesters",
    plover_type="PROTEST",
    date=DAY,
    place=KUMASI,
    actors=(POLICE, PROTESTERS),
    figures=(KILLED_B,),
    claim=CLAIM_B,
    evidence=(ev(ART_B, "clash between police and demonstrators in Kumasi"),),
    fatalities=7,
    interaction=16,
)
EVENT_ARREST = Event(
    id="b2-e1",
    article_id="b2",
    event_type="Strategic developments",
    sub_event_type="Arrests",
    plover_type="ARREST",
    date=DateSpan(dt.date(2025, 3, 4), dt.date(2025, 3, 4), 1, "on Tuesday night"),
    place=ACCRA,
    actors=(Actor("Police Forces of Ghana (2025-)", 1, "GHA", "actor1"),),
    figures=(ARRESTED_B,),
    claim=CLAIM_ARREST,
    evidence=(ev(ART_B, "Police arrested 40 people in Accra"),),
)
CAVEAT_A = Caveat(
    "The figures could not be independently verified.", ev(ART_A, TEXT_A[TEXT_A.index("The figures") :]), (0,)
)

EX_A = Extraction(ART_A, (EVENT_A,), (KILLED_A, INJURED_A), (CAVEAT_A,), (CLAIM_A,))
EX_B = Extraction(ART_B, (EVENT_B, EVENT_ARREST), (KILLED_B, ARRESTED_B), (), (CLAIM_B, CLAIM_ARREST))
EX_C = Extraction(ART_C, (), (), ())
EXTRACTIONS = (EX_A, EX_B, EX_C)

HISTORY = FigureHistory(
    FigureKind.KILLED,
    "protesters",
    (
        FigureRevision("a1", "CPA-0304", "Coastal Press Agency", dt.date(2025, 3, 4), KILLED_A),
        FigureRevision("b2", "SW-77", "Sahel Wire", dt.date(2025, 3, 5), KILLED_B),
    ),
    acled_value=7,
    ucdp_low=3,
    ucdp_best=7,
    ucdp_high=7,
    rule="latest report's most conservative value",
)
INCIDENT = Incident(
    id="inc-kumasi",
    event_type="Protests",
    sub_event_type="Excessive force against protesters",
    date_start=dt.date(2025, 3, 3),
    date_end=dt.date(2025, 3, 3),
    place=KUMASI,
    event_ids=("a1-e0", "b2-e0"),
    article_ids=("a1", "b2"),
    external_ids=("CPA-0304", "SW-77"),
    figures=(HISTORY,),
    actors=(POLICE, PROTESTERS),
)
INCIDENT_ARREST = Incident(
    id="inc-accra",
    event_type="Strategic developments",
    sub_event_type="Arrests",
    date_start=dt.date(2025, 3, 4),
    date_end=dt.date(2025, 3, 4),
    place=ACCRA,
    event_ids=("b2-e1",),
    article_ids=("b2",),
    external_ids=("SW-77",),
)
INCIDENTS = (INCIDENT, INCIDENT_ARREST)
