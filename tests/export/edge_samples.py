"""Hand-built records whose fields are missing or unusual, for the pinned exports (``test_pinned_outputs.py``).

A battle near an invented village in Mali with rebels and soldiers killed (two victim groups, a vague count),
an undated denied attack with no place, actors or article metadata, a report judged out of scope, and an
incident whose figure history has unknown values and an undated revision without source.
"""

from __future__ import annotations

import datetime as dt

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
    Relevance,
    SourceType,
)

STAGE = "test@0"

TEXT_D = (
    "Soldiers and rebels clashed near the village of Tessit-Kor on 12 May, the army said; four soldiers and "
    "dozens of rebels were killed. Residents said the fighting lasted two days."
)
TEXT_E = "Rebels denied they had attacked a convoy, a statement said."
TEXT_F = "The national team won the regional cup in Bamako."


def ev(article: Article, phrase: str) -> Evidence:
    """Evidence for the first appearance of ``phrase`` in the article text."""
    start = article.text.index(phrase)
    return Evidence(article.id, start, start + len(phrase), phrase, STAGE)


ART_D = Article(
    id="d4",
    text=TEXT_D,
    content_hash="hash-d4",
    title="Clash near Tessit-Kor",
    published=dt.date(2024, 5, 13),
    source="Niger Bend Radio",
    url="https://example.org/d4",
    external_id="NBR-13",
)
ART_E = Article(id="e5", text=TEXT_E, content_hash="hash-e5")
ART_F = Article(id="f6", text=TEXT_F, content_hash="hash-f6", published=dt.date(2024, 5, 14), source="Sport Mali")

NEAR_VILLAGE = Place(
    name="Tessit-Kor",
    country_iso3="MLI",
    country="Mali",
    admin1="Gao",
    admin2="Ansongo",
    latitude=15.9,
    longitude=0.95,
    geo_precision=2,
    where_prec=2,
)
ARMY = Actor("Military Forces of Mali (2021-)", 1, "MLI", "actor1", "military")
REBELS = Actor("Azawad Liberation Front", 2, "MLI", "actor2", "rebels")
CLAIM_D = Claim(
    ev(ART_D, "four soldiers and dozens of rebels were killed"),
    (ChainLink("army", SourceType.MILITARY, "said"),),
    Certainty.CLAIMED,
    ("said",),
)
SOLDIERS_D = Figure(
    FigureKind.KILLED, "security forces", "four soldiers", 4, 4, 4, 4, 4, 4, 4, CLAIM_D, ev(ART_D, "four soldiers")
)
REBELS_D = Figure(
    FigureKind.KILLED, "rebels", "dozens of rebels", 24, 36, 99, 12, 24, 24, 99, CLAIM_D, ev(ART_D, "dozens of rebels")
)
EVENT_D = Event(
    id="d4-e0",
    article_id="d4",
    event_type="Battles",
    sub_event_type="Armed clash",
    plover_type="FIGHT",
    date=DateSpan(dt.date(2024, 5, 11), dt.date(2024, 5, 12), 2, "on 12 May"),
    place=NEAR_VILLAGE,
    actors=(ARMY, REBELS),
    figures=(SOLDIERS_D, REBELS_D),
    claim=CLAIM_D,
    evidence=(ev(ART_D, "Soldiers and rebels clashed near the village of Tessit-Kor"),),
    fatalities=16,
    fatalities_low=28,
    fatalities_high=103,
    interaction=12,
    plover_mode="conventional",
)
CLAIM_E = Claim(ev(ART_E, "they had attacked a convoy"), (ChainLink("Rebels", SourceType.ARMED_GROUP, "denied"),),
                Certainty.DENIED, ("denied",))  # fmt: skip
EVENT_E = Event(
    id="e5-e0",
    article_id="e5",
    event_type="Violence against civilians",
    sub_event_type="Attack",
    plover_type="ASSAULT",
    date=DateSpan(None, None, 3, ""),
    place=None,
    actors=(),
    figures=(),
    claim=CLAIM_E,
    evidence=(),
)
EX_D = Extraction(ART_D, (EVENT_D,), (SOLDIERS_D, REBELS_D), (), (CLAIM_D,))
EX_E = Extraction(ART_E, (EVENT_E,), (), (), (CLAIM_E,))
EX_F = Extraction(
    ART_F,
    (),
    (),
    (),
    relevance=Relevance(False, "relevance@0:sport", "a sports report", ev(ART_F, "won the regional cup")),
)
EXTRACTIONS = (EX_D, EX_E, EX_F)

UNKNOWN_HISTORY = FigureHistory(
    FigureKind.KILLED,
    "unknown",
    (
        FigureRevision("e5", None, None, None, Figure(
            FigureKind.KILLED, "unknown", "several", 3, None, None, None, 3, 3, None, CLAIM_E, ev(ART_E, "convoy"))),
        FigureRevision("d4", "NBR-13", None, dt.date(2024, 5, 13), SOLDIERS_D),
    ),
    acled_value=None,
    ucdp_low=None,
    ucdp_best=None,
    ucdp_high=None,
    rule="no conservative value",
)  # fmt: skip
INCIDENT_D = Incident(
    id="inc-tessit",
    event_type="Battles",
    sub_event_type="Armed clash",
    date_start=dt.date(2024, 5, 11),
    date_end=dt.date(2024, 5, 12),
    place=NEAR_VILLAGE,
    event_ids=("d4-e0",),
    article_ids=("d4",),
    external_ids=("NBR-13",),
    figures=(
        FigureHistory(
            FigureKind.KILLED,
            "security forces",
            (FigureRevision("d4", "NBR-13", "Niger Bend Radio", dt.date(2024, 5, 13), SOLDIERS_D),),
            4,
            4,
            4,
            4,
            "latest report's most conservative value",
        ),
    ),
    actors=(ARMY, REBELS),
    merged_from=("inc-old",),
)
INCIDENT_E = Incident(
    id="inc-convoy",
    event_type="Violence against civilians",
    sub_event_type="Attack",
    date_start=None,
    date_end=None,
    place=None,
    event_ids=("e5-e0", "d4-e0"),
    article_ids=("e5", "d4"),
    external_ids=(),
    figures=(UNKNOWN_HISTORY,),
)
INCIDENTS = (INCIDENT_D, INCIDENT_E)
