"""Place resolution: toponyms in a parsed article -> :class:`~flashpoint.records.Geography`.

Reads a spaCy ``Doc`` (entities, sentences, dependency parse), the :class:`~flashpoint.records.Article`
(for evidence and its optional ``country_hint``) and the :class:`~flashpoint.geo.gazetteer.Gazetteer`.
Writes one :class:`~flashpoint.records.PlaceMention` per resolved toponym (text order) with a role
(``event``/``origin``/``speaker``/``context``) and a :class:`~flashpoint.records.Place` carrying ACLED
``geo_precision`` and UCDP ``where_prec``, plus the document's main country.

How a toponym is resolved, in order:
1. Spans come from NER (GPE/LOC/FAC, and ORG/PERSON/NORP when the gazetteer knows the name and the
   context is locative) and from runs of capitalised tokens the NER missed, when a locative cue, a
   feature word ("X district") or a hierarchy ("X, Y" / "X (Y, Z)") supports them.
2. Candidates come from the gazetteer by name and alternate name.
3. Each candidate is scored by a population prior, agreement with the document's country evidence
   (the analyst's hint, country names, demonyms, other places), the administrative hierarchy written
   next to it ("Dovra (Kessa, Pelmora)", "Varsa, Orlo Province", "X district of Y province"),
   and feature words. Two passes: the second re-scores with the countries the first pass settled on.
4. A toponym the gazetteer lacks but whose written hierarchy resolves ("Tirelo (Kessa, Pelmora)") is
   placed at its most specific qualifier with precision "part of region".
"""

from __future__ import annotations

import calendar
import collections
import dataclasses
import functools
import importlib.resources
import json
import logging
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flashpoint.geo.cues import find_cues
from flashpoint.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    COUNTRY,
    Candidate,
    Gazetteer,
    normalise,
)
from flashpoint.geo.gazetteer import load_gazetteer as _load_gazetteer
from flashpoint.geo.places import candidate_km, precision, to_place, token_evidence
from flashpoint.geo.recall import recall_mentions
from flashpoint.geo.supplement import (
    area_mentions,
    is_english_word,
    load_lexicon,
    person_name_parts,
    person_reason,
    shouting,
    supplement_mentions,
)
from flashpoint.records import Article, Evidence, Geography, Place, PlaceMention

log = logging.getLogger(__name__)

NAME = "geo"
VERSION = "0.7.0"
STAGE = f"{NAME}@{VERSION}"

EVENT, ORIGIN, SPEAKER, CONTEXT = "event", "origin", "speaker", "context"
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MAYBE_LABELS = frozenset({"ORG", "PERSON", "NORP"})
_NON_PLACE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_CONNECTORS = frozenset(
    {"al", "el", "ad", "ash", "as", "an", "ar", "at", "az", "adh", "ath", "de", "da", "do", "dos", "das",
     "del", "la", "le", "les", "di", "du", "des", "bin", "ibn", "bani", "bir", "wa", "y", "e", "van", "von",
     "of", "sur", "upon", "on", "-"}
)  # fmt: skip


_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts", "vicinity"}
)
_CALENDAR_WORDS = frozenset(
    {"ramadan", "eid", "christmas", "easter", "new", "year", "day", "week", "month", "spring", "summer", "autumn",
     "winter", "fall", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip
# "unions of Marbeck" (ORG): a name the model tags as an organisation but that is a sizeable town is
# kept as a weak place (dropped unless it lies in the document's main country).
_TOWN_AS_ORG = 50_000
_QUARTER_WORDS = frozenset(
    {"neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter", "colonia", "barrio", "bairro",
     "quartier", "favela", "township", "estate", "slum"}
)  # fmt: skip
_DATELINE_DASHES = frozenset({"-", "–", "—", "--"})
_MONTH_WORDS = frozenset(
    {m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m} | {"sept"}
)  # month names and abbreviations in datelines ("GOMA, Jan 6 -")
_ARTICLES = ("al ", "el ", "ad ", "as ", "ash ", "an ", "ar ", "at ", "az ", "adh ", "ath ")


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
class _Lexicon:
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
def _lexicon() -> _Lexicon:
    raw = json.loads(importlib.resources.files("flashpoint.data").joinpath("geo_feature_words.json").read_text("utf-8"))
    return _Lexicon(
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


@dataclasses.dataclass(slots=True)
class _Span:
    """A toponym span being resolved (mutable working state local to one call)."""

    start: int  # token index
    end: int
    text: str
    label: str  # NER label or "CAP" for a capitalised run
    feature_hint: str | None = None  # "admin" | "city"
    admin_level_hint: int | None = None
    candidates: tuple[Candidate, ...] = ()
    qualifiers: list[int] = dataclasses.field(default_factory=list)  # indexes of spans qualifying this one
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


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Open (building it on first use) the packaged gazetteer; cached per process."""
    return _load_gazetteer(path)


def ruler_patterns(gazetteer: Gazetteer, *, min_population: int = 400_000) -> list[tuple[str, str]]:
    """("GPE", phrase) pairs for the backbone's entity ruler.

    Countries (ACLED names and aliases), first-level regions with an English name, and cities of at least
    ``min_population``, in the spellings English news uses. Names that are also common English words
    ("Central", "Police", "Date") are left out: the ruler would tag every occurrence.
    """
    lex = _lexicon()
    phrases: set[str] = set()
    for name, _feature in gazetteer.names_for_ruler(min_population=min_population):
        phrases.add(name)
    for iso3 in set(_all_countries(gazetteer)):
        info = gazetteer.country_info(iso3)
        if info:
            phrases.update(a for a in info.aliases if len(a) > 3 and not a.isupper())
    out: list[tuple[str, str]] = []
    for phrase in sorted(phrases):
        words = normalise(phrase).split()
        if not words or not phrase.isascii() or not phrase[:1].isupper():
            continue
        if all(w in lex.not_places or w in lex.admin_words or w in lex.settlement_words for w in words):
            continue
        out.append(("GPE", phrase))
    return out


def _all_countries(gazetteer: Gazetteer) -> list[str]:
    rows = gazetteer.names_for_ruler(min_population=10**12)
    found: list[str] = []
    for name, feature in rows:
        if feature == COUNTRY:
            for cand in gazetteer.find(name):
                if cand.feature == COUNTRY and cand.country_iso3:
                    found.append(cand.country_iso3)
    return found


# ----------------------------------------------------------------------------------------------
# Span finding


def _is_cap(tok: Any) -> bool:
    text = tok.text
    return bool(text[:1].isupper()) and any(ch.isalpha() for ch in text)


def _toponym_spans(doc: Any, demonyms: Mapping[str, str]) -> list[_Span]:
    """Candidate toponym spans: NER places and NER-missed capitalised runs, in text order."""
    lex = _lexicon()
    taken = [False] * len(doc)
    spans: list[_Span] = []
    for ent in doc.ents:
        if ent.label_ in _NON_PLACE_LABELS:
            if not _misread_name(ent, lex.not_places):
                for i in range(ent.start, ent.end):
                    taken[i] = True
            continue
        if ent.label_ not in _PLACE_LABELS and ent.label_ not in _MAYBE_LABELS:
            continue
        start, end = ent.start, ent.end
        for k in range(start, end):
            if doc[k].text in {"(", ")", ",", ";", "[", "]"}:
                end = k  # "Dovra (Kessa": NER spans do not cross brackets or commas
                break
        while start < end and doc[start].lower_ in {"the", "a", "an"}:
            start += 1
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if start >= end:
            continue
        # "Kazakh city" (GPE): a demonym + a settlement word is a country cue, not a toponym.
        if doc[start].text in demonyms and end - start <= 2:
            continue
        for i in range(start, end):
            taken[i] = True  # the rest of a cut entity ("Tirelo (Orlo, Varsa") is scanned again below
        spans.append(_Span(start, end, doc[start:end].text, ent.label_))
    # Capitalised runs the NER did not label.
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if taken[i] or not _is_cap(tok) or tok.text in demonyms:
            i += 1
            continue
        j = i + 1
        while j < n and not taken[j]:
            t = doc[j]
            if _is_cap(t) and t.text not in demonyms:
                j += 1
            elif (
                (t.lower_ in _CONNECTORS or t.text == "-")
                and j + 1 < n
                and _is_cap(doc[j + 1])
                and not taken[j + 1]
                and t.lower_ not in {"of", "on"}
            ):
                j += 2
            else:
                break
        words = [doc[k].lower_ for k in range(i, j)]
        # A lone capitalised word opening a sentence or a quotation is usually not a name; one opening a
        # bracket is the qualifier of a place ("Kessa village (Orlo, Sud-Varsa)").
        sent_start = (tok.is_sent_start and not (i > 0 and doc[i - 1].text == "(")) or (
            i > 0 and doc[i - 1].text in {'"', "“", "-", "—"}
        )
        dateline_caps = i == 0 and tok.text.isupper() and len(tok.text) >= 3  # "SUNYANI, March 5 - ..."
        if not all(w in lex.not_places for w in words) and not (sent_start and j - i == 1 and not dateline_caps):
            spans.append(_Span(i, j, doc[i:j].text, "CAP"))
        i = j
    spans.sort(key=lambda s: s.start)
    return spans


def _misread_name(ent: Any, not_places: frozenset[str]) -> bool:
    """A DATE/TIME/... entity that is really a capitalised name ("in Marbeck (Solvan)" tagged DATE).

    Only entities of capitalised words with no digit and no calendar word qualify; they are then scanned
    like any capitalised run (and need the same support to become places).
    """
    words = [t for t in ent if not t.is_punct]
    return (
        bool(words)
        and all(_is_cap(t) and not any(ch.isdigit() for ch in t.text) for t in words)
        and not any(t.lower_ in not_places or t.lower_ in _CALENDAR_WORDS for t in words)
    )


def _connector_run(doc: Any, i: int) -> int:
    """Length of a run of one or two name connectors at ``i`` followed by a capitalised word, else 0.

    "de la Sierra" -> 2, "al Kessa" -> 1, "of Congo" -> 1; "the Army" -> 0.
    """
    for size in (1, 2):
        k = i + size
        if k >= len(doc):
            return 0
        if doc[k - 1].lower_ not in _CONNECTORS:
            return 0
        if _is_cap(doc[k]):
            return size
    return 0


def _glued(doc: Any, i: int) -> bool:
    """Token ``i`` is a hyphen written without spaces between two capitalised words ("Orlo-Kessa")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in {"-", "–"}
        and len(doc[i - 1].text) > 1  # "D-Marbeck", "R-Solvan": a party's initial, not part of the name
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and _is_cap(doc[i + 1])
    )


def _extend(doc: Any, gazetteer: Gazetteer, spans: list[_Span], demonyms: Mapping[str, str]) -> list[_Span]:
    """Join hyphenated names and grow NER spans over adjacent capitalised words the gazetteer knows.

    "Orlo - Kessa" -> "Orlo-Kessa"; NER "Puerto" + "de Orlo" -> "Puerto de Orlo"; "Kafr" + "Dovra".
    """
    out: list[_Span] = []
    i = 0
    while i < len(spans):
        span = spans[i]
        j = i + 1
        # hyphen-glued neighbours become one name
        while j < len(spans) and spans[j].start == span.end + 1 and _glued(doc, span.end):
            span = _Span(span.start, spans[j].end, doc[span.start : spans[j].end].text, span.label)
            j += 1
        # grow right over connector/capitalised tokens while the longer name is known
        end = span.end
        best_end = span.end
        while end < len(doc) and end - span.start < 6:
            t = doc[end]
            if _is_cap(t) and t.text not in demonyms:
                end += 1
            elif _glued(doc, end) and end + 1 < len(doc) and _is_cap(doc[end + 1]):
                end += 2
            elif (run := _connector_run(doc, end)) > 0:
                end += run + 1  # "San Tirelo" + "de la Sierra"
            else:
                break
            if gazetteer.find(doc[span.start : end].text):
                best_end = end
        if best_end > span.end:
            span = _Span(span.start, best_end, doc[span.start : best_end].text, span.label)
            while j < len(spans) and spans[j].start < best_end:
                j += 1
        # grow left by one capitalised word ("Kafr" + "Dovra")
        if span.start > 0 and _is_cap(doc[span.start - 1]) and not doc[span.start - 1].is_sent_start:
            left = doc[span.start - 1 : span.end].text
            if gazetteer.find(left) and not (out and out[-1].end > span.start - 1):
                span = _Span(span.start - 1, span.end, left, span.label)
        out.append(span)
        i = j
    return out


def _trim_feature_words(doc: Any, span: _Span, gazetteer: Gazetteer) -> None:
    """Move feature words out of the span into hints: "Kessa district" -> "Kessa" + admin2.

    A name that is known with its feature word ("Guatemala City", "Kuwait City") keeps it.
    """
    lex = _lexicon()
    words = [doc[k].lower_ for k in range(span.start, span.end)]
    if len(words) > 1 and words[-1] in {"city", "town"} and gazetteer.find(span.text):
        span.feature_hint = "city"
        return
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in lex.admin_words and span.end + 1 < len(doc) and _is_cap(doc[span.end]) and _is_cap(doc[span.end + 1]):
        # "Pelmora State Rifles", "Varsa State Government": the feature word opens an organisation's name
        after = ""
    if len(words) > 1 and words[-1] in lex.admin_words:
        span.admin_level_hint = lex.admin_words[words[-1]]
        span.feature_hint = "admin"
        span.end -= 1
    elif after in lex.admin_words:
        span.admin_level_hint = lex.admin_words[after]
        span.feature_hint = "admin"
    elif after in lex.admin_plurals:
        span.admin_level_hint = lex.admin_plurals[after]
        span.feature_hint = "admin"
    elif len(words) > 1 and words[-1] in {"city", "town", "village"}:
        span.feature_hint = "city"
        span.end -= 1
    elif after in {"city", "town", "village", "camp", "neighbourhood", "neighborhood"}:
        span.feature_hint = "city"
    elif after in lex.infrastructure_words or (
        # "the Orlo-Kessa road", "the Dovra-Varsa highway": a named road or site places the event
        after in {"-", "–"} and span.end + 2 < len(doc) and doc[span.end + 2].lower_ in lex.infrastructure_words
    ):
        span.feature_hint = "city"
        span.site = True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
    if after in _QUARTER_WORDS or before in _QUARTER_WORDS or words[0] in _QUARTER_WORDS:
        span.quarter = True
    nxt = doc[span.end] if span.end < len(doc) else None
    if (
        nxt is not None
        and doc[span.end - 1].whitespace_
        and _is_cap(nxt)
        and not nxt.is_sent_start
        and nxt.lower_ not in lex.admin_words
        and nxt.lower_ not in lex.settlement_words
        and nxt.lower_ not in lex.infrastructure_words
        and nxt.lower_ not in {"city", "town", "village"}
    ):
        span.prefix = True
    if before == "of" and before2 in lex.admin_words:
        span.admin_level_hint = lex.admin_words[before2]
        span.feature_hint = "admin"
    elif before == "of" and before2 in {"city", "town", "village"}:
        span.feature_hint = "city"
    span.text = doc[span.start : span.end].text


_LIST_WORDS = frozenset({",", "and", "or", "&"})


def _spread_plural_features(doc: Any, spans: Sequence[_Span]) -> None:
    """ "Kessa, Varsa and Orlo districts": a plural feature word after a list is the feature of every name in it."""
    lex = _lexicon()
    for k, span in enumerate(spans):
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if span.feature_hint != "admin" or after not in lex.admin_plurals:
            continue
        end = span.start
        for prev in reversed(spans[:k]):
            between = [t.lower_ for t in doc[prev.end : end]]
            if not between or any(w not in _LIST_WORDS for w in between) or prev.feature_hint is not None:
                break
            prev.feature_hint, prev.admin_level_hint = "admin", span.admin_level_hint
            end = prev.start


def _lookup(gazetteer: Gazetteer, span: _Span) -> tuple[Candidate, ...]:
    cands = gazetteer.find(span.text)
    if cands:
        return cands
    # "Al-Hasakah" / "al Hasakah" / "Hasakah": try without a leading article.
    key = normalise(span.text)
    for prefix in _ARTICLES:
        if key.startswith(prefix):
            found: tuple[Candidate, ...] = gazetteer.lookup(key[len(prefix) :])
            return found
    if " " not in key and len(key) >= 4:
        # "Qasira" -> "Al Qasira": Arabic names are often written without their article.
        for prefix in _ARTICLES:
            found = gazetteer.lookup(prefix + key)
            if found:
                # a weaker reading: it is dropped when it falls outside the document's country
                return tuple(dataclasses.replace(c, primary=False) for c in found)
    return ()


def _shrink(doc: Any, gazetteer: Gazetteer, span: _Span) -> None:
    """A capitalised run the gazetteer does not know: keep its longest known sub-run, if any."""
    if span.candidates or span.end - span.start < 2:
        return
    n = span.end - span.start
    for size in range(n - 1, 0, -1):
        for s in range(span.start, span.end - size + 1):
            text = doc[s : s + size].text
            words = normalise(text).split()
            if not words or all(w in _lexicon().not_places or w in _CONNECTORS for w in words):
                continue
            cands = gazetteer.find(text)
            if cands:
                span.start, span.end, span.text, span.candidates = s, s + size, text, cands
                return


# ----------------------------------------------------------------------------------------------
# Hierarchy and roles


def _link_hierarchy(doc: Any, spans: list[_Span]) -> None:
    """Mark "X, Y", "X (Y, Z)" and "X district of Y province" qualifier chains."""
    for idx, chain_start in enumerate(spans):
        if chain_start.qualifies is not None:
            continue
        head_idx = _bracket_head(doc, spans, idx)
        span = spans[head_idx]
        if head_idx != idx:
            span.setting = idx
        cur = chain_start.end
        j = idx + 1
        in_paren = False
        while j < len(spans):
            nxt = spans[j]
            between = [t.text for t in doc[cur : nxt.start]]
            lower = [b.lower() for b in between]
            # allow feature words between ("X district, Y province")
            lex = _lexicon()
            core = [b for b in lower if b not in lex.admin_words and b not in lex.settlement_words]
            if core in (["("],) and not in_paren:
                in_paren = True
            elif core == [","] or (in_paren and core in ([","], [], ["and"])) or core in (["of"], ["in"]):
                if core == ["in"] and not nxt.feature_hint and not _looks_admin(nxt):
                    break
            else:
                break
            # "(Y, Z)" and "in Y province" state the hierarchy; "X, Y" must be checked against the gazetteer.
            explicit = in_paren or (core in (["in"], ["of"]) and nxt.feature_hint == "admin")
            if (
                not (explicit and _looks_admin_or_unknown(nxt))
                and not _plausible_qualifier(span, nxt)
                and not (core == [","] and _foreign_village(span, nxt))
            ):
                break
            nxt.qualifies = head_idx
            nxt.linked_in = core == ["in"]
            for q in span.qualifiers:
                spans[q].qualifiers.append(j)  # "X (Y, Z)": Z qualifies Y too
            span.qualifiers.append(j)
            cur = nxt.end
            j += 1
            if in_paren and cur < len(doc) and doc[cur].text == ")":
                break


def _link_possessives(doc: Any, spans: list[_Span]) -> None:
    """ "Kherson's Dniprovskyi district", "Mogadishu's Hodan neighbourhood": the owner qualifies the unit.

    Only a unit written with a feature word (district, neighbourhood, ...) is linked, so "Russia's Putin"
    or "Yemen's Houthis" stay apart.
    """
    for k in range(len(spans) - 1):
        owner, unit = spans[k], spans[k + 1]
        gap = [t.text.lower() for t in doc[owner.end : unit.start]]
        if gap not in (["'s"], ["’s"]) or owner.qualifies is not None or unit.qualifiers:
            continue
        if not owner.candidates or not (unit.feature_hint == "admin" or unit.quarter):
            continue
        owner.qualifies = k + 1
        unit.qualifiers.append(k)


def _dash_after_date(doc: Any, i: int) -> bool:
    """Whether a dateline's dash follows token ``i``, after an optional ", March 5" and "(Agency)"."""
    n = len(doc)
    if i < n and doc[i].text == ",":
        i += 1
    if i + 1 < n and doc[i].lower_.rstrip(".") in _MONTH_WORDS and doc[i + 1].like_num:
        i += 2  # "March 5"
        if i + 1 < n and doc[i].text == "," and doc[i + 1].like_num:
            i += 2  # "March 5, 1990"
    elif i + 1 < n and doc[i].like_num and doc[i + 1].lower_.rstrip(".") in _MONTH_WORDS:
        i += 2  # "5 March", "21 JAN 89"
        if i < n and doc[i].like_num:
            i += 1
    if i < n and doc[i].text == "(":
        close = next((k for k in range(i + 1, min(n, i + 8)) if doc[k].text == ")"), None)
        if close is None:
            return False
        i = close + 1
    # a dateline's dash stands apart ("ORLO - ", "ORLO -- "); "Pro-Houthi" is one hyphenated word
    return i < n and doc[i].text in _DATELINE_DASHES and (bool(doc[i].whitespace_) or bool(doc[i - 1].whitespace_))


def _opens_dateline(doc: Any, end: int) -> bool:
    """Whether the words before token ``end`` open a dateline: "PELMORA -", "DOVRA, March 8 -",
    "ORLO, Democratic Republic of Congo -", "VARSA, North Kessa, Jan 6 (Kestrel Wire) -"."""
    i = end
    for _segment in range(3):
        if _dash_after_date(doc, i):
            return True
        if i >= len(doc) or doc[i].text != ",":
            return False
        j = i + 1  # a ", Region" or ", Country" segment
        while (
            j < len(doc)
            and j - i <= 6
            and (_is_cap(doc[j]) or doc[j].lower_ in ("of", "the"))
            and doc[j].lower_.rstrip(".") not in _MONTH_WORDS
        ):
            j += 1
        if j == i + 1:
            return False
        i = j
    return False


def _mark_dateline(doc: Any, spans: Sequence[_Span]) -> None:
    """Mark the dateline: a place opening the report, followed by a dash (see :func:`_opens_dateline`)."""
    if spans and spans[0].start == 0 and _opens_dateline(doc, spans[0].end):
        spans[0].dateline = True
        spans[0].wire = _dated(doc, spans[0].end)


def _dated(doc: Any, end: int) -> bool:
    """Whether the dateline ending at token ``end`` carries its date (", 13 Jan 90", ", March 5"): wire copy."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return False
    first, second = doc[end + 1], doc[end + 2]
    month = first.lower_.rstrip(".") in _MONTH_WORDS or second.lower_.rstrip(".") in _MONTH_WORDS
    return month and (first.like_num or second.like_num)


def _under_dateline(spans: Sequence[_Span], votes: Mapping[str, float]) -> None:
    """A bare town read abroad in a report filed from a town elsewhere is an unlisted place of the dateline.

    "PELMORA - ... marched along the Corso": nothing else in the report points to the one country with a town
    "Corso", so "Corso" is a street or quarter of Pelmora the gazetteer lacks, placed at Pelmora (precision 2).
    """
    home = next((k for k, s in enumerate(spans) if s.dateline and s.best is not None), None)
    if home is None:
        # no dateline: a report that names its country ("Chile's education minister ...") and a town of it
        named = {
            s.best.country_iso3 for s in spans if s.best is not None and s.best.feature == COUNTRY and s.role != ORIGIN
        }
        home = next(
            (
                k
                for k, s in enumerate(spans)
                if s.best is not None
                and s.best.feature == CITY
                and s.best.country_iso3 in named
                and s.label in _PLACE_LABELS
                and s.role != ORIGIN
            ),
            None,
        )
    if home is None:
        return
    anchor = spans[home].best
    if anchor is None or anchor.feature == COUNTRY:
        return
    for span in spans:
        best = span.best
        if (
            span.dateline
            or best is None
            or not (span.label in _PLACE_LABELS or span.supported or span.site or span.quarter)
            or best.feature != CITY
            or best.country_iso3 == anchor.country_iso3
            or span.qualifiers
            or span.qualifies is not None
            or best.population >= 1_000_000
        ):
            continue
        if _without(votes, span).get(best.country_iso3 or "", 0.0) > 0.0:
            continue  # the report names that country otherwise too: a second place, not a misreading
        span.best, span.candidates = None, ()
        span.qualifiers.append(home)


def _bracket_head(doc: Any, spans: Sequence[_Span], idx: int) -> int:
    """The span a bracket after ``spans[idx]`` qualifies: "Kessa area in northwestern Yemen (Orlo, Pelmora)".

    A country followed by a bracket passes the bracket on to the place just before it ("X ... in [western]
    Country (A, B)"); otherwise the span qualifies itself.
    """
    span = spans[idx]
    if idx == 0 or span.end >= len(doc) or doc[span.end].text != "(" or not _is_country(span):
        return idx
    prev = spans[idx - 1]
    gap = [t.lower_ for t in doc[prev.end : span.start]]
    if prev.qualifies is None and not _is_country(prev) and len(gap) <= 4 and "in" in gap:
        return idx - 1
    return idx


def _plausible_qualifier(head: _Span, qual: _Span) -> bool:
    """A qualifier must be a larger unit containing the head ("Armenia, Belarus" is a list, not a hierarchy)."""
    outers = [c for c in qual.candidates[:15] if c.feature in (ADMIN1, ADMIN2, COUNTRY, CITY)]
    if not outers:
        return False
    if not head.candidates:
        return any(c.feature != CITY for c in outers) or bool(qual.feature_hint)
    return any(_fits(o, h) for o in outers for h in head.candidates[:15])


def _foreign_village(head: _Span, qual: _Span) -> bool:
    """ "Kessa, Orlo": a head whose only readings are small towns in other countries than any reading of
    the qualifier is an unlisted village of the qualifier (a list of towns would share a country)."""
    if not head.candidates or not qual.candidates or _is_country(head):
        return False
    # Readings by the place's own name decide; an alternate name elsewhere ("Departamento de Varsa") does not.
    readings = [c for c in head.candidates[:15] if c.primary] or list(head.candidates[:15])
    if any(c.feature != CITY or c.population >= 20_000 for c in readings):
        return False
    outers = [c for c in qual.candidates[:15] if c.feature in (CITY, ADMIN1, ADMIN2)]
    # the qualifier's main readings: "La Paz" is Bolivia's (or Mexico's), not a hamlet of Argentina's
    top = max((c.population for c in outers), default=0)
    qual_countries = {c.country_iso3 for c in outers if c.population >= 0.05 * top}
    return bool(qual_countries) and not any(c.country_iso3 in qual_countries for c in readings)


def _is_country(span: _Span) -> bool:
    """The span's own name is a country's name ("Yemen", not the town "Georgia" of some county)."""
    return any(c.feature == COUNTRY and c.primary for c in span.candidates[:3])


def _looks_admin_or_unknown(span: _Span) -> bool:
    """A parenthesised qualifier: any admin/city reading, or a name the gazetteer lacks."""
    return not span.candidates or any(c.feature != COUNTRY for c in span.candidates[:15])


def _looks_admin(span: _Span) -> bool:
    return any(c.feature in (ADMIN1, ADMIN2, COUNTRY) for c in span.candidates[:3])


def _head_verb(tok: Any) -> Any:
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} or cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _assign_role(doc: Any, span: _Span) -> None:
    """Role and "near" flag of a span from its preposition, governing noun or verb."""
    lex = _lexicon()
    tok = doc[span.end - 1]
    if span.feature_hint == "admin" or span.qualifies is not None:
        span.role = EVENT
    if _names_actors(doc, span, lex):
        span.role = ORIGIN  # "U.S. officials said", "at the French embassy": where people come from
        return
    # Walk left over determiners, adjectives, demonyms and "city of" style nouns to the governing word.
    k = span.start - 1
    nouns: list[str] = []
    while k >= 0 and span.start - k <= 6:
        t = doc[k]
        low = t.lower_
        if t.is_sent_start and k < span.start - 1 and low not in lex.event_preps:
            break
        if low in lex.event_preps and low not in {"the", "a", "an"}:
            break  # "outside" tagged as an adjective is still the preposition
        if low in {"the", "a", "an", ",", "'s"} or t.pos_ in {"ADJ", "NUM", "DET"} or t.ent_type_ == "NORP":
            k -= 1
            continue
        if low in lex.place_nouns or low in lex.near_nouns or low in lex.settlement_words:
            nouns.append(low)
            k -= 1
            continue
        if low == "of":
            k -= 1
            continue
        break
    prev = doc[k].lower_ if k >= 0 else ""
    joined_of = span.start > 0 and doc[span.start - 1].lower_ == "of"
    if prev in lex.near_preps or any(nn in lex.near_nouns for nn in nouns):
        span.near = True
    if span.site:
        span.near = True  # "blocked the Varsa roundabout": a site of the town (an event place only if no other)
    if joined_of and any(nn in _DIRECTIONS for nn in nouns):
        span.role = EVENT  # "forces east of Durayhimi", "17 km west of Arish": near the town (precision 2)
        span.near = True
        return
    if joined_of and not nouns and prev in lex.origin_nouns | {"forces", "troops"}:
        span.role = ORIGIN
        return
    if joined_of and not nouns:
        # "forces of X", "government of X", "minister of X"
        head_noun = doc[span.start - 2].lower_ if span.start > 1 else ""
        if head_noun in lex.origin_nouns:
            span.role = ORIGIN
            return
    if prev in lex.event_preps or (nouns and prev in lex.event_preps | {""}):
        span.role = EVENT
        return
    if prev == "from":
        span.role = ORIGIN
        return
    if prev in {"to", "towards", "toward", "into"}:
        verb = _head_verb(tok)
        if verb.lemma_ in lex.move_verbs:
            span.role = EVENT
        return
    if nouns and prev not in lex.origin_nouns:
        span.role = EVENT
        return
    if span.role == EVENT:
        return
    if tok.dep_ == "poss" or (span.end < len(doc) and doc[span.end].tag_ == "POS"):
        span.role = CONTEXT
        return
    if tok.dep_ in {"nsubj", "nsubjpass"} or (tok.head.dep_ in {"nsubj"} and tok.dep_ in {"conj", "compound"}):
        verb = _head_verb(tok)
        if verb.lemma_ in lex.send_verbs:
            span.role = ORIGIN
        elif verb.lemma_ in lex.speech_verbs:
            span.role = SPEAKER
        return
    if tok.dep_ in {"amod", "compound"} and tok.head.lower_ in lex.origin_nouns:
        span.role = ORIGIN


def _names_actors(doc: Any, span: _Span, lex: _Lexicon) -> bool:
    """The place modifies a noun naming people or institutions ("U.S. officials", "the Peruvian embassy").

    Case-insensitive (all-caps wires read alike); a written hierarchy or feature word keeps the place's role.
    """
    if span.qualifiers or span.qualifies is not None or span.feature_hint is not None or span.end >= len(doc):
        return False
    k = span.end
    while k < len(doc) and doc[k].is_space:
        k += 1
    low = doc[k].lower_ if k < len(doc) else ""
    return low in lex.actor_nouns or low in lex.origin_nouns


# ----------------------------------------------------------------------------------------------
# Disambiguation


def _fit(outer: Candidate, inner: Candidate) -> float:
    """How well a written qualifier reading ``outer`` agrees with the head reading ``inner`` (0, 0.5 or 1).

    An admin unit or country containing the head agrees fully; a town written as qualifier ("Dovra,
    Pelmora", "Kessa district (Orlo)") agrees half when it shares the head's first-level unit (but a town
    does not qualify its own district).
    """
    if _contains(outer, inner):
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


def _fits(outer: Candidate, inner: Candidate) -> bool:
    """Whether a qualifier reading agrees with a head reading at all (see :func:`_fit`)."""
    return _fit(outer, inner) > 0.0


def _contains(outer: Candidate, inner: Candidate) -> bool:
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


def _score(
    cand: Candidate,
    span: _Span,
    spans: Sequence[_Span],
    votes: Mapping[str, float],
    options: ResolveOptions,
    *,
    hierarchy: bool = True,
    admin_votes: Mapping[int, float] | None = None,
) -> float:
    # Shares of at least one full vote: a single weak mention must not count as the whole evidence.
    total_votes = max(1.0, sum(votes.values()))
    score = options.population_weight * math.log10(cand.population + 10)
    if cand.country_iso3 and total_votes > 0:
        score += options.country_weight * votes.get(cand.country_iso3, 0.0) / total_votes
    if admin_votes:
        a1 = _admin1_of(cand)
        total_admin = sum(admin_votes.values())
        if a1 is not None and total_admin > 0:
            score += options.admin_weight * admin_votes.get(a1, 0.0) / total_admin
    if span.dateline:
        # a reporter files from a town big enough to have a desk: "BOGOTA" is the capital, not a namesake
        score += options.dateline_population_weight * math.log10(cand.population + 10)
    if cand.primary:
        score += options.primary_bonus
    elif cand.feature == CITY and _shadowed(cand, span.candidates):
        # a town of that very name outranks one that lists it among its many foreign spellings
        score -= options.shadow_penalty
    if cand.feature == COUNTRY:
        score += options.country_feature_bonus
    elif (
        cand.feature == CITY
        and not span.qualifiers
        and span.feature_hint is None
        and any(c.feature == COUNTRY and c.primary for c in span.candidates)
    ):
        score -= options.country_name_town_penalty
    if span.feature_hint == "admin":
        if cand.feature in (ADMIN1, ADMIN2):
            score += options.feature_bonus
            level = 1 if cand.feature == ADMIN1 else 2
            if span.admin_level_hint == level:
                score += 0.5
    elif span.feature_hint == "city" and cand.feature == CITY:
        score += options.feature_bonus
    elif cand.feature in (ADMIN1, ADMIN2) and span.qualifies is None:
        score -= 1.0  # a place named on its own or with qualifiers is more often the town than the region
        if any(
            c.feature == CITY and c.primary and cand.place_id in (c.admin1_id, c.admin2_id)
            for c in span.candidates[:15]
        ):
            # "Baghdad", "Lexington": the unit is named after its town, and the bare name means the town
            score -= options.namesake_unit_penalty
    elif cand.feature in (ADMIN1, ADMIN2) and span.qualifies is not None:
        score += 0.5  # "X (Y, Z)": written qualifiers are usually admin units
    if not hierarchy:
        return score
    for q in span.qualifiers:
        score += options.hierarchy_bonus * max((_fit(qc, cand) for qc in spans[q].candidates[:15]), default=0.0)
    if span.qualifies is not None:
        head = spans[span.qualifies]
        score += options.hierarchy_bonus * max((_fit(cand, hc) for hc in head.candidates[:15]), default=0.0)
    return score


def _shadowed(cand: Candidate, candidates: Sequence[Candidate]) -> bool:
    """Whether a town matched by an alternate name competes with a sizeable town of that very name abroad.

    (Within one country an alternate name is often the short name in use: "San Tirelo" for San Tirelo de
    la Sierra.)
    """
    top = candidates[:15]
    if any(c.primary and c.country_iso3 == cand.country_iso3 for c in top):
        return False
    return any(c.primary and c.feature == CITY and c.population >= 10_000 for c in top)


def _span_vote(span: _Span) -> tuple[str | None, float]:
    """The country a resolved span votes for, and the weight of its vote."""
    best = span.best
    if best is None or not best.country_iso3:
        return None, 0.0
    if (span.label not in _PLACE_LABELS or span.shouted) and not (_supported(span) or span.dateline):
        # "Arab mediators" (NORP -> Arab, Alabama), "MPs" (-> Mount Pleasant): a name with no place
        # label and no locative support is kept only if it fits the document; it must not decide the country.
        return None, 0.0
    weight = {EVENT: 2.0, CONTEXT: 1.0, SPEAKER: 0.7, ORIGIN: 0.3}.get(span.role, 1.0)
    if span.dateline:
        weight = 3.0  # where the reporter files from: usually where the events are
    if best.feature == COUNTRY:
        weight *= 1.5
    if span.quarter or span.site or span.prefix:
        weight /= 3.0  # "the El Angel neighborhood": a quarter says little about the country
    return best.country_iso3, weight


def _supported(span: _Span) -> bool:
    """A locative cue, a feature word or a written hierarchy supports the span as a place name."""
    return (
        span.role in {EVENT, ORIGIN}
        or span.feature_hint is not None
        or span.qualifies is not None
        or bool(span.qualifiers)
    )


def _country_votes(
    spans: Sequence[_Span], demonym_isos: Sequence[tuple[str, str]], hint: str | None, options: ResolveOptions
) -> dict[str, float]:
    votes: dict[str, float] = collections.defaultdict(float)
    if hint:
        votes[hint] += options.hint_votes
    for iso3, role in demonym_isos:
        votes[iso3] += 1.0 if role != ORIGIN else 0.3
    for span in spans:
        iso, weight = _span_vote(span)
        if iso is not None:
            votes[iso] += weight
    return dict(votes)


def _admin1_of(cand: Candidate) -> int | None:
    """The first-level unit a reading lies in (itself for an admin1)."""
    if cand.feature == ADMIN1:
        return cand.place_id
    if cand.feature in (ADMIN2, CITY):
        return cand.admin1_id
    return None


def _admin_vote(span: _Span) -> tuple[int | None, float]:
    """The first-level unit a resolved span votes for, and the weight of its vote.

    Written admin units and places with a written hierarchy vote more than a bare town name.
    """
    best = span.best
    if best is None:
        return None, 0.0
    a1 = _admin1_of(best)
    if a1 is None:
        return None, 0.0
    weight = 1.0
    if best.feature in (ADMIN1, ADMIN2) or span.qualifiers or span.qualifies is not None:
        weight = 2.0
    if span.role == ORIGIN:
        weight *= 0.3
    return a1, weight


def _admin_votes(spans: Sequence[_Span]) -> dict[int, float]:
    """Votes of the resolved spans for the first-level units the document is about."""
    # one witness per name: "Hale ... Hale ... Hale" is one name read three times, its strongest vote counts
    strongest: dict[tuple[str, int], float] = {}
    for span in spans:
        a1, weight = _admin_vote(span)
        if a1 is not None:
            key = (normalise(span.text), a1)
            strongest[key] = max(strongest.get(key, 0.0), weight)
    votes: dict[int, float] = collections.defaultdict(float)
    for (_, a1), weight in strongest.items():
        votes[a1] += weight
    return dict(votes)


def _namesakes(span: _Span, spans: Sequence[_Span]) -> list[_Span]:
    """Other bare mentions of a bare name (a town written with its unit, "San Pedro (San Pedro)", is not one)."""
    if span.qualifiers or span.qualifies is not None:
        return []
    key = normalise(span.text)
    return [o for o in spans if o is not span and not o.qualifiers and o.qualifies is None and normalise(o.text) == key]


def _without_admin(votes: Mapping[int, float], span: _Span, spans: Sequence[_Span] = ()) -> Mapping[int, float]:
    """The admin1 votes without the span's own vote (and, with ``spans``, without its name's other mentions)."""
    out = dict(votes)
    own: dict[int, float] = {}
    for one in [span, *_namesakes(span, spans)]:
        a1, weight = _admin_vote(one)
        if a1 is not None:
            own[a1] = max(own.get(a1, 0.0), weight)  # the name counted once (see _admin_votes)
    for a1, weight in own.items():
        if a1 in out:
            out[a1] = max(0.0, out[a1] - weight)
    return out


def _without(votes: Mapping[str, float], span: _Span, spans: Sequence[_Span] = ()) -> Mapping[str, float]:
    """The document's country votes without the span's own vote (a reading must not vote for itself).

    With ``spans``, the votes of the other mentions of the same name go too: "London ... London ... London"
    in a report from Ontario is one name read three times, not three witnesses for England.
    """
    out = dict(votes)
    for one in [span, *_namesakes(span, spans)]:
        iso, weight = _span_vote(one)
        if iso is not None and iso in out:
            out[iso] = max(0.0, out[iso] - weight)
    return out


def _resolve_chains(
    spans: Sequence[_Span],
    votes: Mapping[str, float],
    options: ResolveOptions,
    admin_votes: Mapping[int, float] | None = None,
) -> None:
    """Choose each written hierarchy ("X, Y" / "X (Y, Z)") jointly: the head and qualifiers that agree.

    Scoring head and qualifiers separately lets a populous namesake of the qualifier (Orlo, Pelmora) win
    against the reading that contains the head (Kessa, Orlo, Varsa). Here each head reading is scored
    with, for every qualifier, its best reading that contains the head (plus the hierarchy bonus) or, if
    better, its best reading overall.
    """
    for span in spans:
        if span.qualifies is not None or not span.qualifiers:
            continue
        head, quals = span, [spans[q] for q in span.qualifiers]
        while not head.candidates and quals:
            head, quals = quals[0], quals[1:]  # "Tirelo (Kessa, Pelmora)": the first known level heads
        if not head.candidates or not quals:
            continue
        head_votes = _without(votes, head)
        head_admin = _without_admin(admin_votes or {}, head)
        q_scored = [
            [
                (
                    _score(
                        c,
                        q,
                        spans,
                        _without(votes, q),
                        options,
                        hierarchy=False,
                        admin_votes=_without_admin(admin_votes or {}, q),
                    ),
                    c,
                )
                for c in q.candidates[:15]
            ]
            for q in quals
        ]
        best_total = -math.inf
        choice: tuple[float, Candidate, list[Candidate | None]] | None = None
        for h in head.candidates[:15]:
            total = _score(h, head, spans, head_votes, options, hierarchy=False, admin_votes=head_admin)
            picks: list[Candidate | None] = []
            for scored in q_scored:
                free = max(scored, key=lambda sc: sc[0], default=None)
                fitting = [(sc + options.hierarchy_bonus * _fit(c, h), c) for sc, c in scored if _fits(c, h)]
                fit = max(fitting, key=lambda sc: sc[0], default=None)
                if fit is not None and (free is None or fit[0] >= free[0]):
                    total += fit[0]
                    picks.append(fit[1])
                elif free is not None:
                    total += free[0]
                    picks.append(None)
                else:
                    picks.append(None)
            if total > best_total:
                best_total, choice = total, (total, h, picks)
        if choice is None:
            continue
        _, h, picks = choice
        if head.best is not None and h.place_id != head.best.place_id:
            head.best = h
        for q, pick in zip(quals, picks, strict=True):
            if pick is not None:
                q.best = pick


def _beside(qualifier: Candidate, head: Candidate) -> bool:
    """A town or second-level unit written as qualifier lies within 50 km of a town reading of its head."""
    return (
        qualifier.feature in (ADMIN2, CITY)
        and head.feature == CITY
        and qualifier.country_iso3 == head.country_iso3
        and candidate_km(qualifier, head) <= 50.0
    )


def _drop_strays(doc: Any, spans: Sequence[_Span]) -> None:
    """Unread small towns that contradict a written setting in their own sentence.

    * "Dovra village near Varsa town (Orlo, Pelmora)": a place said to be near another must lie near
      it; a namesake 1,000 km away means the real village is not in the gazetteer.
    * "in Kessa village, Orlo district, Varsa Regency, Pelmora province": a bare village name read in another
      first-level unit than the units written in the same sentence is a namesake elsewhere.
    The span loses its readings (it may still be placed by its qualifiers); the written places remain.
    """
    lex = _lexicon()
    for k, span in enumerate(spans):
        best = span.best
        if best is None or best.feature != CITY or span.qualifiers or span.qualifies is not None:
            continue
        if span.quarter:
            # a quarter named like a town elsewhere: keep the reading only near a town of the same text
            towns = [o.best for o in spans if o is not span and o.best is not None and o.best.feature == CITY]
            if towns and not any(candidate_km(best, t) <= 30.0 for t in towns):
                span.best, span.candidates = None, ()
                continue
        if best.population >= 100_000:
            continue
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if nxt is not None and nxt.best is not None and nxt.best.feature in (CITY, ADMIN2):
            gap = [t.lower_ for t in doc[span.end : nxt.start]]
            if len(gap) <= 4 and any(g in lex.near_preps for g in gap):
                near = [c for c in span.candidates if candidate_km(c, nxt.best) <= 60.0]
                if near:
                    span.best = near[0]
                else:
                    span.best, span.candidates = None, ()
                continue
        sent = doc[span.start].sent
        written = [
            o.best
            for o in spans
            if o is not span
            and o.best is not None
            and o.best.feature in (ADMIN1, ADMIN2)
            and o.best.country_iso3 == best.country_iso3
            and sent.start <= o.start < sent.end
        ]
        if written and not any(_admin1_of(w) == best.admin1_id for w in written):
            inside = [c for c in span.candidates if any(_admin1_of(w) == _admin1_of(c) for w in written)]
            if inside:
                span.best = inside[0]
            else:
                span.best, span.candidates = None, ()


def _evidence(doc: Any, article: Article, start: int, end: int) -> Evidence:
    return token_evidence(doc, article, start, end, stage=STAGE)


def _place(cand: Candidate, *, name: str, near: bool, fallback: bool, evidence: Evidence) -> Place:
    return to_place(cand, name=name, near=near, fallback=fallback, evidence=evidence)


def resolve_places(
    doc: Any, *, article: Article, gazetteer: Gazetteer, options: ResolveOptions | None = None
) -> Geography:
    """Every toponym of ``doc`` resolved in the context of the whole document.

    Mentions come in text order; each carries a role (event/origin/speaker/context) and a score.
    ``Geography.country`` is the country-level place of the country most of the event evidence points to
    (``article.country_hint`` when given weighs most).
    """
    opts = options or ResolveOptions()
    lex = _lexicon()
    demonyms = gazetteer.demonyms()
    spans = _extend(doc, gazetteer, _toponym_spans(doc, demonyms), demonyms)
    for span in spans:
        _trim_feature_words(doc, span, gazetteer)
    _spread_plural_features(doc, spans)
    if spans and spans[0].start == 0:
        # "SANTIAGO - Thousands of ...": a capitalised run must not swallow the dateline's dash
        first = spans[0]
        dash = next((k for k in range(first.start + 1, first.end) if doc[k].text in _DATELINE_DASHES), None)
        if dash is not None:
            first.end = dash
            first.text = doc[first.start : first.end].text
    # Continents, regions and water bodies across borders named as such are areas, never a homonymous town
    # (supplement.py adds them as mentions); their words neither resolve nor vote here. Areas inside one
    # country ("Darfur") are resolved as usual (they vote for it) and then replaced by the area.
    titles = load_lexicon().person_titles
    name_parts = person_name_parts(doc)
    areas = [
        (a.start, a.end)
        for a in area_mentions(doc, lexicon=load_lexicon(), gazetteer=gazetteer)
        if a.reading.country_iso3 is None
    ]
    kept: list[_Span] = []
    for span in spans:
        if span.start >= span.end or any(start <= span.start and span.end <= end for start, end in areas):
            continue
        span.candidates = _lookup(gazetteer, span)
        if span.label == "CAP" and "-" not in span.text:
            _shrink(doc, gazetteer, span)
        if span.text.isupper() and len(span.text) <= 5 and not (span.start == 0 and _opens_dateline(doc, span.end)):
            # acronyms ("ADF", "STO") are organisations unless they are a country's short name ("DRC")
            span.candidates = tuple(c for c in span.candidates if c.feature == COUNTRY)
            nxt = doc[span.end].lower_ if span.end < len(doc) else ""
            if nxt in {"dollar", "dollars", "currency"}:
                span.candidates = ()
        if span.text.lower() in lex.not_places or _is_title_word(span, titles) or _shouted_word(doc, span):
            continue
        if _person_name(doc, span, name_parts, gazetteer) and not _in_brackets(doc, span):
            continue
        if _ordinary_word(span) and not _after_locative(doc, span, lex) and not _in_brackets(doc, span):
            # "the Gold, Banner and Granite Ball": an ordinary English word the NER does not call a place is one
            # only after a locative preposition ("in Liberty"); a list or a comma is no support for it
            continue
        # a dateline's own sentence can be too short to tell: judge it by the opening of the report
        span.shouted = shouting(doc[span.start].sent) or (span.start == 0 and shouting(doc[:60]))
        kept.append(span)
    spans = kept
    _link_hierarchy(doc, spans)
    _link_possessives(doc, spans)
    _mark_dateline(doc, spans)
    for span in spans:
        _assign_role(doc, span)
    for span in spans:
        if span.setting is not None and span.role == CONTEXT and spans[span.setting].role == EVENT:
            span.role = EVENT  # "Kessa areas in western Yemen (Orlo, Pelmora)"
        if span.role == CONTEXT and any(spans[q].linked_in for q in span.qualifiers):
            span.role = EVENT  # "a sit-down on ... State Road 12 in Orlo district": the chain is a place

    # Demonyms: "Kazakh", "Afghan forces" -> country evidence (and origin when they modify actors).
    demonym_isos: list[tuple[str, str]] = []
    demonym_mentions: list[tuple[int, int, str, str]] = []
    for tok in doc:
        iso3 = demonyms.get(tok.text)
        if iso3 is None:
            continue
        role = ORIGIN if tok.head.lower_ in lex.origin_nouns or tok.head.lemma_ in lex.origin_nouns else CONTEXT
        demonym_isos.append((iso3, role))
        demonym_mentions.append((tok.i, tok.i + 1, iso3, role))

    # Actors, parties, institutions and leaders tied to one country ("Houthi", "FARDC"): votes like demonyms,
    # at most three per country so a long report about one group does not drown the place names.
    cue_counts: collections.Counter[str] = collections.Counter()
    for hit in find_cues(doc):
        if cue_counts[hit.iso3] < 3:
            cue_counts[hit.iso3] += 1
            demonym_isos.append((hit.iso3, CONTEXT))

    hint = article.country_hint
    for _ in range(2):
        votes = _country_votes(spans, demonym_isos, hint, opts)
        admin_votes = _admin_votes(spans)
        # every span is scored against the same snapshot of the votes, then all readings change at once
        picks: list[tuple[float, Candidate | None]] = []
        for span in spans:
            if not span.candidates:
                picks.append((span.score, None))
                continue
            own = _without(votes, span, spans)
            own_admin = _without_admin(admin_votes, span, spans)
            if span.dateline and (span.shouted or span.wire) and not span.qualifiers:
                # "LIMA, 17 APR 89 --": a wire dateline names a city known by itself, and the report's other
                # places (foreign officials, misread capitalised words) do not get to move it to a namesake
                own, own_admin = {}, {}
            scored = [(_score(c, span, spans, own, opts, admin_votes=own_admin), c) for c in span.candidates]
            picks.append(max(scored, key=lambda sc: sc[0]))
        for span, (score, best) in zip(spans, picks, strict=True):
            span.score, span.best = score, best
    _resolve_chains(spans, _country_votes(spans, demonym_isos, hint, opts), opts, _admin_votes(spans))

    _drop_strays(doc, spans)
    _under_dateline(spans, _country_votes(spans, demonym_isos, hint, opts))
    _one_reading_per_name(spans)

    for span in spans:
        quals = [spans[q].best for q in span.qualifiers if spans[q].best is not None]
        if span.best is not None and quals and not any(_fits(q, span.best) for q in quals if q):
            # "Burgersfort (Sekhukhune, Limpopo)": a reading next to its written unit is the place even when
            # the gazetteer files it in the neighbouring unit (towns near a border).
            near = [(c, q) for c in span.candidates[:15] for q in quals if q is not None and _beside(q, c)]
            if near:
                town, unit = near[0]
                # the written units name the town's admin1/admin2, as the report (and its readers) do
                span.best = dataclasses.replace(
                    town,
                    admin1=unit.admin1,
                    admin1_id=unit.admin1_id,
                    admin2=unit.name if unit.feature == ADMIN2 else unit.admin2,
                    admin2_id=unit.place_id if unit.feature == ADMIN2 else unit.admin2_id,
                )
                continue
            # "Mandoli (Bandiagara, Mopti)": the written hierarchy outranks a same-named town elsewhere.
            span.best, span.candidates = None, ()

    # Decide which spans are real toponyms.
    accepted: list[_Span] = []
    for span in spans:
        strong = span.label in _PLACE_LABELS
        supported = _supported(span)
        if span.best is None:
            accepted.append(span)  # may still be placed by its qualifiers
            continue
        if (
            strong
            or span.dateline
            or (supported and span.score >= opts.min_score_weak)
            or (span.qualifies is not None and span.best.feature in (ADMIN1, ADMIN2, COUNTRY))
            or (span.best.feature == COUNTRY and span.best.primary)
            or (span.label == "ORG" and span.best.feature == CITY and span.best.population >= _TOWN_AS_ORG)
        ):
            accepted.append(span)
    spans_by_index = {id(s): s for s in accepted}

    # Name admin1 units as the text writes them ("Haut-Orlo", "Sud-Varsa"): sources and coders share it.
    surface: dict[int, str] = {}
    for span in accepted:
        if span.best is not None and span.best.feature == ADMIN1 and span.text.isascii():
            surface.setdefault(span.best.place_id, span.text)
    mentions: list[PlaceMention] = []
    final_votes = _country_votes(accepted, demonym_isos, hint, opts)
    for span in accepted:
        evidence = _evidence(doc, article, span.start, span.end)
        role = span.role
        if span.qualifies is not None and id(spans[span.qualifies]) in spans_by_index:
            role = CONTEXT  # a qualifier of a place is not a separate event location
        if span.best is not None:
            place = _place(span.best, name=span.best.name, near=span.near, fallback=False, evidence=evidence)
            place = _with_surface(place, span.best, surface)
            mentions.append(
                PlaceMention(place, evidence.start, evidence.end, evidence.text, role, round(span.score, 3))
            )
            continue
        # Unknown toponym: place it at its most specific resolved qualifier.
        known: list[Candidate] = []
        for k in span.qualifiers:
            qbest = spans[k].best
            if qbest is not None and qbest.feature in (ADMIN1, ADMIN2, CITY):
                known.append(qbest)
        if known and not _person_head(doc, span) and (span.label != "PERSON" or span.role == EVENT or span.qualifiers):
            order = {CITY: 0, ADMIN2: 1, ADMIN1: 2}
            best_q = min(known, key=lambda q: order[q.feature])
            place = _place(best_q, name=span.text, near=span.near, fallback=True, evidence=evidence)
            place = _with_surface(place, best_q, surface)
            mentions.append(PlaceMention(place, evidence.start, evidence.end, evidence.text, role, 0.0))

    for start, end, iso3, role in demonym_mentions:
        cand = gazetteer.country(iso3)
        if cand is None:
            continue
        evidence = _evidence(doc, article, start, end)
        place = _place(cand, name=cand.name, near=False, fallback=False, evidence=evidence)
        mentions.append(PlaceMention(place, evidence.start, evidence.end, evidence.text, role, 0.0))
    mentions.sort(key=lambda m: (m.start, m.end))

    weak = {(evidence_start, evidence_end) for evidence_start, evidence_end in _weak_spans(doc, accepted)}
    home = next((s for s in accepted if s.dateline and s.best is not None), None)
    dateline = _char_span(doc, home) if home is not None else None
    country = _main_country(mentions, final_votes, hint, gazetteer, weak=weak, dateline=dateline, options=opts)
    if country is not None:
        # A weakly supported place in another country than the document's is more likely a misreading
        # (a village read as a far-off capital it shares a spelling with) than a second theatre.
        mentions = [
            m
            for m in mentions
            if m.place.country_iso3 == country.country_iso3
            or m.place.feature == COUNTRY
            or (m.start, m.end) not in weak
        ]
    # "in Orlo district in eastern Chad": the country is the setting of a more precise event place.
    precise = {m.place.country_iso3 for m in mentions if m.role == EVENT and m.place.feature != COUNTRY}
    mentions = [
        dataclasses.replace(m, role=CONTEXT)
        if m.role == EVENT and m.place.feature == COUNTRY and m.place.country_iso3 in precise
        else m
        for m in mentions
    ]
    mentions = _dateline_for_country_events(mentions, dateline)
    mentions = _fold_containers(mentions)
    mentions = _secondary_to_context(doc, accepted, mentions)
    if not any(m.role == EVENT for m in mentions):
        # No place has an event cue: the first sub-national place of the main country is the best guess;
        # a place named as an origin ("refugees from the Orlo camps") only when no other place is named.
        for wanted in (CONTEXT, ORIGIN):
            pick = next(
                (
                    k
                    for k, m in enumerate(mentions)
                    if m.role == wanted
                    and m.place.feature != COUNTRY
                    and (country is None or m.place.country_iso3 == country.country_iso3)
                ),
                None,
            )
            if pick is not None:
                mentions[pick] = dataclasses.replace(mentions[pick], role=EVENT)
                break
    mentions = supplement_mentions(doc, mentions, article=article, gazetteer=gazetteer, stage=STAGE)
    mentions = recall_mentions(doc, mentions, article=article, gazetteer=gazetteer, stage=STAGE)
    return Geography(mentions=tuple(mentions), country=country)


def _dateline_for_country_events(
    mentions: Sequence[PlaceMention], dateline: tuple[int, int] | None
) -> list[PlaceMention]:
    """Wire copy: "KESSA CITY, 13 Jan -- ... were killed in Orlo": when the report's only event places are the
    dateline's country itself, the dateline town is the event's best point.

    The country mentions become ``context`` and the dateline an ``event`` mention placed near its town
    (ACLED geo_precision 2): the reporter's desk, not a place the text gives the event.
    """
    if dateline is None:
        return list(mentions)
    home = next((m for m in mentions if (m.start, m.end) == dateline and m.place.feature == CITY), None)
    if home is None:
        return list(mentions)
    iso3 = home.place.country_iso3
    events = [m for m in mentions if m.role == EVENT]
    if not events or any(m.place.feature != COUNTRY or m.place.country_iso3 != iso3 for m in events):
        return list(mentions)  # a town, or a place abroad, is named as the event's place: the text gives it
    near = dataclasses.replace(home.place, geo_precision=2, where_prec=2)
    out: list[PlaceMention] = []
    for m in mentions:
        if m is home:
            out.append(dataclasses.replace(m, role=EVENT, place=near))
        elif m.role == EVENT and m.place.country_iso3 == iso3:
            out.append(dataclasses.replace(m, role=CONTEXT))
        else:
            out.append(m)
    return out


def _one_reading_per_name(spans: Sequence[_Span]) -> None:
    """A name written once with its hierarchy ("London, Ontario") means that place at every other mention.

    One sense per discourse: a report does not switch between two same-named towns without saying so. Only
    a reading fixed by a written qualifier or feature word is spread, only to mentions that can bear it, and
    never to the fixed mention's own qualifiers ("San Pedro (San Pedro)": a town and its unit of that name).
    """
    fixed: dict[str, tuple[int, Candidate]] = {}
    for k, span in enumerate(spans):
        if span.best is not None and (span.qualifiers or span.feature_hint or span.dateline):
            fixed.setdefault(normalise(span.text), (k, span.best))
    for span in spans:
        found = fixed.get(normalise(span.text))
        if found is None or span.best is None or span.best.place_id == found[1].place_id:
            continue
        source, reading = found
        if span.qualifies == source:
            continue
        same = next((c for c in span.candidates if c.place_id == reading.place_id), None)
        if same is not None:
            span.best = same


def _shouted_word(doc: Any, span: _Span) -> bool:
    """A function word in an all-caps sentence ("IN", "US", "AT") is that word, not a state or a country."""
    tok = doc[span.start]
    return span.end - span.start == 1 and tok.is_stop and tok.is_upper and shouting(tok.sent)


def _is_title_word(span: _Span, titles: frozenset[str]) -> bool:
    """A personal title on its own ("Sen.", "Gov.", "Sgt") is never a place, whatever town bears the name."""
    return span.end - span.start <= 2 and span.text.rstrip(".").lower() in titles


def _ordinary_word(span: _Span) -> bool:
    """A single ordinary English word ("Red", "White") the NER does not call a place, with no feature word."""
    if span.end - span.start != 1 or span.label in _PLACE_LABELS or span.feature_hint is not None:
        return False
    return bool(span.candidates) and is_english_word(span.text)


def _in_brackets(doc: Any, span: _Span, reach: int = 8) -> bool:
    """Whether the span stands inside brackets or before them ("Tirelo (Kessa, Pelmora)"): a name written with
    its hierarchy, or as one, is a place."""
    if span.end < len(doc) and doc[span.end].text == "(":
        return True
    for k in range(span.start - 1, max(-1, span.start - 1 - reach), -1):
        if doc[k].text == ")" or doc[k].is_sent_start:
            return bool(doc[k].text == "(")
        if doc[k].text == "(":
            return True
    return False


def _after_locative(doc: Any, span: _Span, lex: _Lexicon) -> bool:
    """Whether the span follows a locative preposition ("in", "near", "from", "to")."""
    if span.start == 0:
        return False
    prev = doc[span.start - 1].lower_
    return prev in lex.event_preps or prev in lex.near_preps or prev in {"from", "to"}


def _person_name(doc: Any, span: _Span, name_parts: frozenset[str], gazetteer: Gazetteer) -> bool:
    """A one-word name that is a person's ("Hale" after "Ansel Hale" elsewhere, "Gov. Hale") is not a place.

    Judged before any reading votes, so a surname repeated through a report ("Hale said ... Hale's office")
    cannot pull the article's homonyms towards a town of that name. A name that is also a country or a
    first-level unit ("Jordan", "Georgia") is left to the resolver, as is one written with a hierarchy or
    a feature word.
    """
    if span.end - span.start != 1 or span.feature_hint is not None or not span.candidates:
        return False
    if any(c.feature in (COUNTRY, ADMIN1) and c.primary for c in span.candidates):
        return False
    return bool(person_reason(doc, doc[span.start : span.end], name_parts, gazetteer, lexicon=load_lexicon()))


def _person_head(doc: Any, span: _Span) -> bool:
    """A person's full name written before a town ("Ilka Korva, Tarsa", "Ilka Korva of Tarsa") is not a place of it.

    Two or more words the NER tags PERSON, directly followed by a comma or "of", with no feature word
    ("village", "district") calling them a place and no name particle ("Al Qasira", "San Tirelo").
    """
    if span.label != "PERSON" or span.end - span.start < 2 or span.feature_hint is not None:
        return False
    if any(t.lower_ in _CONNECTORS for t in doc[span.start : span.end]):
        return False
    return span.end < len(doc) and doc[span.end].lower_ in {",", "of"}


def _char_span(doc: Any, span: _Span) -> tuple[int, int]:
    sp = doc[span.start : span.end]
    return sp.start_char, sp.end_char


def _secondary_to_context(doc: Any, accepted: Sequence[_Span], mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """Keep one clear event place per sentence: secondary places become ``context``.

    * A named road or site ("on the Pacific road") or a quarter ("in Colonia Pelmora") places the event
      only when no other place does: the town it belongs to is the event place.
    * A place written with its hierarchy ("in Varsa, Orlo", "Dovra (Kessa, Pelmora)") is the
      report's own statement of where the event happened; other bare places in the same sentence ("to
      go back to their houses in the capital") are secondary.
    """
    minor = {_char_span(doc, s) for s in accepted if s.site or s.quarter}
    if any(m.role == EVENT and m.place.feature != COUNTRY and (m.start, m.end) not in minor for m in mentions):
        mentions = [
            dataclasses.replace(m, role=CONTEXT) if m.role == EVENT and (m.start, m.end) in minor else m
            for m in mentions
        ]
    anchored = {_char_span(doc, s) for s in accepted if s.qualifiers}
    chained = {_char_span(doc, s) for s in accepted if s.qualifiers or s.qualifies is not None}
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]

    def sentence_of(m: PlaceMention) -> int:
        return next((k for k, (a, b) in enumerate(sentences) if a <= m.start < b), -1)

    strong = {sentence_of(m) for m in mentions if m.role == EVENT and (m.start, m.end) in anchored}
    return [
        dataclasses.replace(m, role=CONTEXT)
        if m.role == EVENT
        and m.place.feature != COUNTRY
        and (m.start, m.end) not in chained
        and sentence_of(m) in strong
        else m
        for m in mentions
    ]


def _inside(inner: Place, outer: Place) -> bool:
    """Whether ``inner`` lies in the admin unit ``outer`` (by the names both carry)."""
    if inner is outer or inner.country_iso3 != outer.country_iso3 or inner.feature == COUNTRY:
        return False
    if outer.feature == ADMIN1:
        return inner.feature != ADMIN1 and inner.admin1 is not None and inner.admin1 == outer.admin1
    if outer.feature == ADMIN2:
        return inner.feature != ADMIN2 and inner.admin2 is not None and inner.admin2 == outer.admin2
    return False


def _fold_containers(mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """An event admin unit that contains another event place is its setting, not a second event place.

    "Pelmora ... in Varsa city (West Pelmora district, Pelmora)": only Varsa stays an event mention,
    so the events stage never has to choose between a town and its own province.
    """
    events = [m for m in mentions if m.role == EVENT]
    return [
        dataclasses.replace(m, role=CONTEXT)
        if m.role == EVENT and m.place.feature in (ADMIN1, ADMIN2) and any(_inside(o.place, m.place) for o in events)
        else m
        for m in mentions
    ]


def _with_surface(place: Place, cand: Candidate, surface: Mapping[int, str]) -> Place:
    """Replace the admin1 name by the text's own spelling of the same unit, when the text names it."""
    a1 = cand.place_id if cand.feature == ADMIN1 else cand.admin1_id
    if a1 is not None and a1 in surface:
        return dataclasses.replace(place, admin1=surface[a1])
    return place


def _weak_spans(doc: Any, spans: Sequence[_Span]) -> list[tuple[int, int]]:
    """Character offsets of mentions resting on weak evidence: no NER place label, or an alternate name."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if (
            span.label not in _PLACE_LABELS
            or span.prefix
            or span.site
            or (span.best is not None and not span.best.primary)
        ):
            sp = doc[span.start : span.end]
            out.append((sp.start_char, sp.end_char))
    return out


def _main_country(
    mentions: Sequence[PlaceMention],
    votes: Mapping[str, float],
    hint: str | None,
    gazetteer: Gazetteer,
    *,
    weak: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
    dateline: tuple[int, int] | None = None,
    options: ResolveOptions | None = None,
) -> Place | None:
    """The country where the events are: the hint, else the country the event mentions point to.

    Mentions resting on weak evidence (``weak``: no NER place label, an alternate name, part of a longer
    name) count a third. The dateline (character span ``dateline``) names where the reporter files from:
    it weighs ``ResolveOptions.dateline_weight``, so a report filed from one country needs more than one
    event place abroad to be about another.
    """
    opts = options or ResolveOptions()
    tally: dict[str, float] = collections.defaultdict(float)
    for m in mentions:
        iso3 = m.place.country_iso3
        if not iso3:
            continue
        if dateline is not None and (m.start, m.end) == dateline:
            tally[iso3] += opts.dateline_weight
            continue
        weight = {EVENT: 3.0, CONTEXT: 1.0, SPEAKER: 0.5, ORIGIN: 1.0}.get(m.role, 1.0)
        if (m.start, m.end) in weak:
            weight /= 3.0
        if m.place.feature == COUNTRY:
            # countries named as senders, and demonyms, say little about where things happen
            weight = 0.1 if m.role == ORIGIN else weight * (0.3 if m.score == 0.0 else 1.0)
        tally[iso3] += weight
    for iso3, v in votes.items():
        tally[iso3] += 0.1 * v
    iso = hint or (max(tally, key=lambda k: tally[k]) if tally else None)
    if iso is None:
        return None
    cand = gazetteer.country(iso)
    if cand is None:
        return None
    geo_precision, where_prec = precision(COUNTRY, near=False, fallback=False)
    return Place(
        name=cand.name,
        country_iso3=iso,
        country=cand.country,
        admin1=None,
        admin2=None,
        latitude=cand.latitude,
        longitude=cand.longitude,
        geo_precision=geo_precision,
        where_prec=where_prec,
        feature=COUNTRY,
        geonameid=cand.geonameid,
    )
