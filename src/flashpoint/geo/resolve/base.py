"""Records shared by the resolver's passes: the options, the lexicon and the frozen :class:`Span`.

Every pass of :mod:`flashpoint.geo.resolve` reads a tuple of :class:`Span` records and returns a new tuple
(``dataclasses.replace``); nothing is changed in place. Span indexes (``qualifiers``, ``qualifies``,
``setting``) point into the tuple of the pass that reads them, whose order and length never change after
the candidates pass.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import importlib.resources
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate

NAME = "geo"
VERSION = "0.9.0"
STAGE = f"{NAME}@{VERSION}"


EVENT, ORIGIN, SPEAKER, CONTEXT = "event", "origin", "speaker", "context"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAYBE_LABELS = frozenset({"ORG", "PERSON", "NORP"})
NON_PLACE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
CONNECTORS = frozenset(
    {"al", "el", "ad", "ash", "as", "an", "ar", "at", "az", "adh", "ath", "de", "da", "do", "dos", "das",
     "del", "la", "le", "les", "di", "du", "des", "bin", "ibn", "bani", "bir", "wa", "y", "e", "van", "von",
     "of", "sur", "upon", "on", "-"}
)  # fmt: skip


DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts", "vicinity"}
)
CALENDAR_WORDS = frozenset(
    {"ramadan", "eid", "christmas", "easter", "new", "year", "day", "week", "month", "spring", "summer", "autumn",
     "winter", "fall", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip
# "unions of Marbeck" (ORG): a name the model tags as an organisation but that is a sizeable town is
# kept as a weak place (dropped unless it lies in the document's main country).
TOWN_AS_ORG = 50_000
QUARTER_WORDS = frozenset(
    {"neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter", "colonia", "barrio", "bairro",
     "quartier", "favela", "township", "estate", "slum"}
)  # fmt: skip
DATELINE_DASHES = frozenset({"-", "–", "—", "--"})
MONTH_WORDS = frozenset(
    {m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m} | {"sept"}
)  # month names and abbreviations in datelines ("GOMA, Jan 6 -")
ARTICLES = ("al ", "el ", "ad ", "as ", "ash ", "an ", "ar ", "at ", "az ", "adh ", "ath ")


@dataclasses.dataclass(frozen=True, slots=True)
class ResolveOptions:
    """Weights of the disambiguation score (calibrated by hand on error classes, not on single rows)."""

    population_weight: float = 0.5  # per log10 of population
    country_weight: float = 4.0  # times the share of the document's country evidence
    hierarchy_bonus: float = 5.0  # a written qualifier ("X, Y" / "X (Y)") contains the candidate
    feature_bonus: float = 2.0  # "X district" -> an admin unit; "X city" -> a town
    country_feature_bonus: float = 2.0  # a name that is a country's name means the country
    primary_bonus: float = 0.4  # matched the place's own name rather than an alternate name
    shadow_penalty: float = 1.0  # an alternate-name town when a town of 10,000+ bears the name as its own
    admin_weight: float = 3.5  # times the share of the document's first-level-unit evidence
    hint_votes: float = 12.0  # weight of Article.country_hint in the country evidence
    min_score_weak: float = 2.5  # unsupported spans (not NER places) need at least this score
    # a town bearing a country's own name ("China", Texas; "Jordan", Minnesota) needs a written qualifier or a
    # feature word: without one the name means the country (set so that a full share of the document's
    # country and admin1 evidence, 4 + 3.5, cannot outweigh the country's bonus and population)
    country_name_town_penalty: float = 3.0
    # weight of the dateline's country in the choice of the document's country (an event mention weighs 3):
    # one event place abroad does not outweigh where the report was filed, two do
    dateline_weight: float = 5.0
    # a unit that contains a town of its own name, read from the bare name (no feature word): the town is
    # meant; the unit's point is that town anyway, so only the entity changes, never the coordinates
    namesake_unit_penalty: float = 1.5
    # extra weight per log10 of population for the dateline's reading (doubles the population prior)
    dateline_population_weight: float = 0.5


@dataclasses.dataclass(frozen=True, slots=True)
class Lexicon:
    admin_words: Mapping[str, int]
    admin_plurals: Mapping[str, int]  # "counties" after a list: the level of every name in it
    settlement_words: frozenset[str]
    event_preps: frozenset[str]
    near_preps: frozenset[str]
    near_nouns: frozenset[str]
    place_nouns: frozenset[str]
    origin_nouns: frozenset[str]
    send_verbs: frozenset[str]
    move_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    not_places: frozenset[str]
    infrastructure_words: frozenset[str]
    actor_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(importlib.resources.files("flashpoint.data").joinpath("geo_feature_words.json").read_text("utf-8"))
    return Lexicon(
        admin_words=MappingProxyType(dict(raw["admin_words"])),
        admin_plurals=MappingProxyType(dict(raw["admin_plurals"])),
        settlement_words=frozenset(raw["settlement_words"]),
        event_preps=frozenset(raw["event_prepositions"]),
        near_preps=frozenset(raw["near_prepositions"]),
        near_nouns=frozenset(raw["near_nouns"]),
        place_nouns=frozenset(raw["place_nouns"]),
        origin_nouns=frozenset(raw["origin_nouns"]),
        send_verbs=frozenset(raw["send_verbs"]),
        move_verbs=frozenset(raw["move_verbs"]),
        speech_verbs=frozenset(raw["speech_verbs"]),
        not_places=frozenset(raw["not_places"]),
        infrastructure_words=frozenset(raw["infrastructure_words"]),
        actor_nouns=frozenset(raw["actor_nouns"]),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    """A toponym span being resolved; passes return updated copies (``dataclasses.replace``)."""

    start: int  # token index
    end: int
    text: str
    label: str  # NER label or "CAP" for a capitalised run
    feature_hint: str | None = None  # "admin" | "city"
    admin_level_hint: int | None = None
    candidates: tuple[Candidate, ...] = ()
    qualifiers: tuple[int, ...] = ()  # indexes of spans qualifying this one
    qualifies: int | None = None  # index of the span this one qualifies
    role: str = CONTEXT
    near: bool = False
    supported: bool = False  # locative cue, feature word or hierarchy supports a non-NER span
    best: Candidate | None = None
    score: float = 0.0
    setting: int | None = None  # "X in western Yemen (A, B)": index of the country span that set X's bracket
    site: bool = False  # names a road, junction or other site ("the Varsa roundabout")
    quarter: bool = False  # names a quarter of a town ("Kessa neighbourhood", "Colonia Pelmora")
    prefix: bool = False  # opens a longer capitalised name the gazetteer lacks ("Colonia Vista Orlo")
    linked_in: bool = False  # qualifies its head through "in" ("the highway in Orlo district")
    dateline: bool = False  # the report's dateline ("SANTIAGO - ...", "BUNIA, Democratic Republic of Congo - ")
    shouted: bool = False  # in an all-caps sentence, where capitals and NER labels say little
    wire: bool = False  # a wire dateline with its date ("KESSA, 13 Jan 90 (Agency) --"): a city known by itself

    def unread(self) -> Span:
        """The span without readings (it may still be placed by its written qualifiers)."""
        return dataclasses.replace(self, best=None, candidates=())


def is_country(span: Span) -> bool:
    """The span's own name is a country's name ("Yemen", not the town "Georgia" of some county)."""
    return any(c.feature == COUNTRY and c.primary for c in span.candidates[:3])


def looks_admin_or_unknown(span: Span) -> bool:
    """A parenthesised qualifier: any admin/city reading, or a name the gazetteer lacks."""
    return not span.candidates or any(c.feature != COUNTRY for c in span.candidates[:15])


def looks_admin(span: Span) -> bool:
    """One of the span's first readings is an administrative unit or a country."""
    return any(c.feature in (ADMIN1, ADMIN2, COUNTRY) for c in span.candidates[:3])


def is_cap(tok: Any) -> bool:
    """A capitalised token with at least one letter."""
    text: str = tok.text
    return bool(text[:1].isupper()) and any(ch.isalpha() for ch in text)


def fit(outer: Candidate, inner: Candidate) -> float:
    """How well a written qualifier reading ``outer`` agrees with the head reading ``inner`` (0, 0.5 or 1).

    An admin unit or country containing the head agrees fully; a town written as qualifier ("Dovra,
    Pelmora", "Kessa district (Orlo)") agrees half when it shares the head's first-level unit (but a town
    does not qualify its own district).
    """
    if contains(outer, inner):
        return 1.0
    if (
        outer.feature == ADMIN2
        and inner.feature == CITY
        and inner.admin2_id is None
        and inner.country_iso3 == outer.country_iso3
        and inner.admin1_id is not None
        and inner.admin1_id == outer.admin1_id
    ):
        return 1.0  # "Varsa (Kessa, Centre)": a town the gazetteer lists in Centre but in no admin2
    if (
        outer.feature == CITY
        and inner.feature in (CITY, ADMIN2)
        and outer.place_id != inner.place_id
        and outer.country_iso3 == inner.country_iso3
        and outer.admin1_id is not None
        and outer.admin1_id == inner.admin1_id
        and outer.admin2_id != inner.place_id
        and (inner.feature == CITY or outer.admin2_id is not None)
    ):
        return 0.5
    return 0.0


def fits(outer: Candidate, inner: Candidate) -> bool:
    """Whether a qualifier reading agrees with a head reading at all (see :func:`_fit`)."""
    return fit(outer, inner) > 0.0


def contains(outer: Candidate, inner: Candidate) -> bool:
    """Whether ``outer`` (a country or admin unit) contains ``inner``."""
    if outer.place_id == inner.place_id or outer.country_iso3 != inner.country_iso3:
        return False
    if outer.feature == COUNTRY:
        return True
    if outer.feature == ADMIN1:
        return inner.admin1_id == outer.place_id
    if outer.feature == ADMIN2:
        return inner.admin2_id == outer.place_id
    return False


def admin1_of(cand: Candidate) -> int | None:
    """The first-level unit a reading lies in (itself for an admin1)."""
    if cand.feature == ADMIN1:
        return cand.place_id
    if cand.feature in (ADMIN2, CITY):
        return cand.admin1_id
    return None
