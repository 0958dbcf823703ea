"""Step 4 of place resolution: which spans are places, their precision, the fallback, the main country.

Reads the resolved spans of :mod:`~flashpoint.geo.resolve.homonyms`; writes
:class:`~flashpoint.records.PlaceMention` records in text order. A span is kept when NER calls it a place
or the text supports it well enough; a toponym the gazetteer lacks but whose written hierarchy resolves
("Tirelo (Kessa, Pelmora)") is placed at its most specific qualifier with precision "part of region"
(the fallback); demonyms become mentions of their country. Then the document's main country is chosen
and the roles settle: one clear event place per sentence, a country or admin unit that contains a more
precise event place is its setting, and a wire report whose only event place is its country takes the
dateline town (ACLED geo_precision 2).
"""

from __future__ import annotations

import collections
import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate, Gazetteer, normalise
from flashpoint.geo.places import precision, to_place, token_evidence
from flashpoint.geo.resolve.base import (
    CONNECTORS,
    CONTEXT,
    EVENT,
    ORIGIN,
    PLACE_LABELS,
    SPEAKER,
    STAGE,
    TOWN_AS_ORG,
    ResolveOptions,
    Span,
)
from flashpoint.geo.resolve.context import CountryEvidence
from flashpoint.geo.resolve.votes import country_votes, supported
from flashpoint.records import Article, Evidence, Place, PlaceMention


def accepted(spans: Sequence[Span], options: ResolveOptions) -> tuple[int, ...]:
    """Indexes of the spans that are real toponyms (or unknown names their qualifiers may still place)."""
    return tuple(k for k, span in enumerate(spans) if _is_toponym(span, options))


def _is_toponym(span: Span, opts: ResolveOptions) -> bool:
    if span.best is None:
        return True  # may still be placed by its qualifiers
    return bool(
        span.label in PLACE_LABELS
        or span.dateline
        or (supported(span) and span.score >= opts.min_score_weak)
        or (span.qualifies is not None and span.best.feature in (ADMIN1, ADMIN2, COUNTRY))
        or (span.best.feature == COUNTRY and span.best.primary)
        or (span.label == "ORG" and span.best.feature == CITY and span.best.population >= TOWN_AS_ORG)
    )


def span_mentions(
    doc: Any,
    *,
    article: Article,
    spans: Sequence[Span],
    keep: Sequence[int],
    gazetteer: Gazetteer,
    evidence: CountryEvidence,
) -> list[PlaceMention]:
    """Mentions of the kept spans (the fallback for unknown ones) and of the demonyms, in text order."""
    kept = set(keep)
    surface = unit_spellings(spans, keep)
    mentions: list[PlaceMention] = []
    for k in keep:
        span = spans[k]
        ev = _evidence(doc, article, span.start, span.end)
        role = span.role
        if span.qualifies is not None and span.qualifies in kept:
            role = CONTEXT  # a qualifier of a place is not a separate event location
        if span.best is not None:
            place = _place(span.best, name=span.best.name, near=span.near, fallback=False, evidence=ev)
            place = _with_surface(place, span.best, surface)
            mentions.append(PlaceMention(place, ev.start, ev.end, ev.text, role, round(span.score, 3)))
            continue
        fallback = _fallback(doc, spans, span, name=span.text, evidence=ev, surface=surface)
        if fallback is not None:
            mentions.append(PlaceMention(fallback, ev.start, ev.end, ev.text, role, 0.0))
    for dem in evidence.demonyms:
        cand = gazetteer.country(dem.iso3)
        if cand is None:
            continue
        ev = _evidence(doc, article, dem.start, dem.end)
        place = _place(cand, name=cand.name, near=False, fallback=False, evidence=ev)
        mentions.append(PlaceMention(place, ev.start, ev.end, ev.text, dem.role, 0.0))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def unit_spellings(spans: Sequence[Span], keep: Sequence[int]) -> dict[int, str]:
    """First-level units named as the text writes them, by gazetteer id: sources and coders share the spelling.

    In order of strength: a span read as the unit itself ("Haut-Orlo"); a town read by a name its own unit
    also bears, or whose own name is its unit's ("Kessa" for the town Kessa, seat of Kessa province: the
    report's transliteration names both);
    a qualifier the gazetteer lacks whose spelling is a variant of its head's unit ("Dovra (Kesa)" with Dovra
    in the province the gazetteer calls "Kessa"; see :func:`spelling_variant`).
    """
    surface: dict[int, str] = {}
    for k in keep:
        best, text = spans[k].best, spans[k].text
        if best is not None and best.feature == ADMIN1 and text.isascii():
            surface.setdefault(best.place_id, text)
    for k in keep:
        span = spans[k]
        best = span.best
        if best is None or best.feature == ADMIN1 or best.admin1_id is None or not _spelled(span.text):
            continue
        namesake = best.feature == CITY and bool(best.admin1) and spelling_variant(best.name, best.admin1 or "")
        if namesake or any(c.feature == ADMIN1 and c.place_id == best.admin1_id for c in span.candidates):
            surface.setdefault(best.admin1_id, span.text)
    for k in keep:
        span = spans[k]
        if span.candidates or span.qualifies is None or not _spelled(span.text):
            continue
        head = spans[span.qualifies].best
        if head is not None and head.admin1_id is not None and head.admin1 and spelling_variant(span.text, head.admin1):
            surface.setdefault(head.admin1_id, span.text)
    return surface


def _spelled(text: str) -> bool:
    """A written form that can name a unit for display: Latin letters, not all capitals (a dateline shouts)."""
    return text.isascii() and not text.isupper()


#: Least similarity (difflib ratio of the letters) for two spellings of one name: transliterations differ in
#: vowels, doubled letters and article spacing ("Kessa"/"Kesa", "Az Varsa"/"Azvarsa", "Orlu"/"Orlo" at 0.75).
SPELLING_SIMILARITY = 0.75


def spelling_variant(a: str, b: str) -> bool:
    """Whether two names are spellings of one name: same first letter and letters at least 75 % alike."""
    x = "".join(ch for ch in normalise(a) if ch.isalpha())
    y = "".join(ch for ch in normalise(b) if ch.isalpha())
    if not x or not y or x[0] != y[0]:
        return False
    return x == y or difflib.SequenceMatcher(None, x, y).ratio() >= SPELLING_SIMILARITY


def _fallback(
    doc: Any, spans: Sequence[Span], span: Span, *, name: str, evidence: Evidence, surface: Mapping[int, str]
) -> Place | None:
    """An unknown toponym placed at its most specific resolved qualifier ("Tirelo (Kessa, Pelmora)")."""
    known: list[Candidate] = []
    for k in span.qualifiers:
        qbest = spans[k].best
        if qbest is not None and qbest.feature in (ADMIN1, ADMIN2, CITY):
            known.append(qbest)
    if not known or _person_head(doc, span) or not (span.label != "PERSON" or span.role == EVENT or span.qualifiers):
        return None
    order = {CITY: 0, ADMIN2: 1, ADMIN1: 2}
    best_q = min(known, key=lambda q: order[q.feature])
    place = _place(best_q, name=name, near=span.near, fallback=True, evidence=evidence)
    return _with_surface(place, best_q, surface)


def settle_mentions(
    doc: Any,
    mentions: Sequence[PlaceMention],
    *,
    spans: Sequence[Span],
    keep: Sequence[int],
    evidence: CountryEvidence,
    hint: str | None,
    gazetteer: Gazetteer,
    options: ResolveOptions,
) -> tuple[list[PlaceMention], Place | None]:
    """The document's main country, and the mentions with their roles settled (see the module docstring)."""
    accepted_spans = [spans[k] for k in keep]
    weak = set(_weak_spans(doc, accepted_spans))
    home = next((s for s in accepted_spans if s.dateline and s.best is not None), None)
    dateline = _char_span(doc, home) if home is not None else None
    final_votes = country_votes(accepted_spans, evidence.isos, hint, options)
    country = main_country(mentions, final_votes, hint, gazetteer, weak=weak, dateline=dateline, options=options)
    out = list(mentions)
    if country is not None:
        # A weakly supported place in another country than the document's is more likely a misreading
        # (a village read as a far-off capital it shares a spelling with) than a second theatre.
        out = [
            m
            for m in out
            if m.place.country_iso3 == country.country_iso3
            or m.place.feature == COUNTRY
            or (m.start, m.end) not in weak
        ]
    # "in Orlo district in eastern Chad": the country is the setting of a more precise event place.
    precise = {m.place.country_iso3 for m in out if m.role == EVENT and m.place.feature != COUNTRY}
    out = [
        dataclasses.replace(m, role=CONTEXT)
        if m.role == EVENT and m.place.feature == COUNTRY and m.place.country_iso3 in precise
        else m
        for m in out
    ]
    out = dateline_for_country_events(out, dateline)
    out = fold_containers(out)
    out = secondary_to_context(doc, accepted_spans, out)
    return default_event(out, country), country


def default_event(mentions: Sequence[PlaceMention], country: Place | None) -> list[PlaceMention]:
    """No place has an event cue: the first sub-national place of the main country is the best guess.

    A place named as an origin ("refugees from the Orlo camps") only when no other place is named.
    """
    out = list(mentions)
    if any(m.role == EVENT for m in out):
        return out
    for wanted in (CONTEXT, ORIGIN):
        pick = next(
            (
                k
                for k, m in enumerate(out)
                if m.role == wanted
                and m.place.feature != COUNTRY
                and (country is None or m.place.country_iso3 == country.country_iso3)
            ),
            None,
        )
        if pick is not None:
            out[pick] = dataclasses.replace(out[pick], role=EVENT)
            break
    return out


def _evidence(doc: Any, article: Article, start: int, end: int) -> Evidence:
    return token_evidence(doc, article, start, end, stage=STAGE)


def _place(cand: Candidate, *, name: str, near: bool, fallback: bool, evidence: Evidence) -> Place:
    return to_place(cand, name=name, near=near, fallback=fallback, evidence=evidence)


def dateline_for_country_events(
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


def _person_head(doc: Any, span: Span) -> bool:
    """A person's full name written before a town ("Ilka Korva, Tarsa", "Ilka Korva of Tarsa") is not a place of it.

    Two or more words the NER tags PERSON, directly followed by a comma or "of", with no feature word
    ("village", "district") calling them a place and no name particle ("Al Qasira", "San Tirelo").
    """
    if span.label != "PERSON" or span.end - span.start < 2 or span.feature_hint is not None:
        return False
    if any(t.lower_ in CONNECTORS for t in doc[span.start : span.end]):
        return False
    return span.end < len(doc) and doc[span.end].lower_ in {",", "of"}


def _char_span(doc: Any, span: Span) -> tuple[int, int]:
    sp = doc[span.start : span.end]
    return sp.start_char, sp.end_char


def secondary_to_context(doc: Any, accepted: Sequence[Span], mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
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


def fold_containers(mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
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


def _weak_spans(doc: Any, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Character offsets of mentions resting on weak evidence: no NER place label, or an alternate name."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if (
            span.label not in PLACE_LABELS
            or span.prefix
            or span.site
            or (span.best is not None and not span.best.primary)
        ):
            sp = doc[span.start : span.end]
            out.append((sp.start_char, sp.end_char))
    return out


def main_country(
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
