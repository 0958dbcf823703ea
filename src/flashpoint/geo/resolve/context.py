"""Step 3a of place resolution: the article's context around each span.

Reads the spans of :mod:`~flashpoint.geo.resolve.candidates` and the parsed ``Doc``; returns updated copies
that carry the written hierarchy ("X, Y", "X (Y, Z)", "X district of Y province", "Y's X district"), the
dateline, and each span's role (event / origin / speaker / context) from its preposition, governing noun or
verb. Also the article's other country evidence: demonyms and actors tied to one country.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from flashpoint.geo.cues import find_cues
from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY
from flashpoint.geo.resolve.base import (
    ARTICLES,
    CONTEXT,
    DATELINE_DASHES,
    DIRECTIONS,
    EVENT,
    MONTH_WORDS,
    ORIGIN,
    SPEAKER,
    Lexicon,
    Span,
    fits,
    is_cap,
    is_country,
    lexicon,
    looks_admin,
    looks_admin_or_unknown,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Demonym:
    """A demonym token ("Kazakh", "Afghan forces"): country evidence, and a mention of its country."""

    start: int  # token index
    end: int
    iso3: str
    role: str


@dataclasses.dataclass(frozen=True, slots=True)
class CountryEvidence:
    """Country evidence outside the toponyms: demonyms and actors tied to one country."""

    demonyms: tuple[Demonym, ...]
    isos: tuple[tuple[str, str], ...]  # (iso3, role) votes: every demonym, then at most three cues per country


def link_context(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """Hierarchy, possessives, dateline and roles of every span (the article-context pass)."""
    linked = link_possessives(doc, link_hierarchy(doc, spans))
    return assign_roles(doc, mark_dateline(doc, linked))


def link_hierarchy(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """Mark "X, Y", "X (Y, Z)" and "X district of Y province" qualifier chains."""
    lex = lexicon()
    qualifies: dict[int, int] = {}
    qualifiers: dict[int, list[int]] = collections.defaultdict(list)
    linked_in: dict[int, bool] = {}
    setting: dict[int, int] = {}
    for idx, chain_start in enumerate(spans):
        if idx in qualifies or chain_start.qualifies is not None:
            continue
        head_idx = _bracket_head(doc, spans, idx, qualifies)
        span = spans[head_idx]
        if head_idx != idx:
            setting[head_idx] = idx
        cur = chain_start.end
        j = idx + 1
        in_paren = False
        while j < len(spans):
            nxt = spans[j]
            between = [t.text for t in doc[cur : nxt.start]]
            lower = [b.lower() for b in between]
            # allow feature words between ("X district, Y province")
            core = _without_article([b for b in lower if b not in lex.admin_words and b not in lex.settlement_words])
            if core in (["("],) and not in_paren:
                in_paren = True
            elif core == [","] or (in_paren and core in ([","], [], ["and"])) or core in (["of"], ["in"]):
                if core == ["in"] and not nxt.feature_hint and not looks_admin(nxt):
                    break
            else:
                break
            # "(Y, Z)" and "in Y province" state the hierarchy; "X, Y" must be checked against the gazetteer.
            explicit = (
                in_paren
                or (core in (["in"], ["of"]) and nxt.feature_hint == "admin")
                or (core == ["in"] and not is_country(span) and _province_by_name(nxt))
            )
            if (
                not (explicit and looks_admin_or_unknown(nxt))
                and not _plausible_qualifier(span, nxt)
                and not (core == [","] and _foreign_village(span, nxt))
                and not (core == [","] and not in_paren and _unlisted_in_unit(span, nxt, doc=doc, spans=spans, at=j))
            ):
                break
            qualifies[j] = head_idx
            linked_in[j] = core == ["in"]
            for q in list(qualifiers[head_idx]):
                qualifiers[q].append(j)  # "X (Y, Z)": Z qualifies Y too
            qualifiers[head_idx].append(j)
            cur = nxt.end
            j += 1
            if in_paren and cur < len(doc) and doc[cur].text == ")":
                break
    return tuple(
        dataclasses.replace(
            s,
            qualifies=qualifies.get(k, s.qualifies),
            qualifiers=(*s.qualifiers, *qualifiers.get(k, ())),
            linked_in=linked_in.get(k, s.linked_in),
            setting=setting.get(k, s.setting),
        )
        for k, s in enumerate(spans)
    )


def link_possessives(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """ "Kherson's Dniprovskyi district", "Mogadishu's Hodan neighbourhood": the owner qualifies the unit.

    Only a unit written with a feature word (district, neighbourhood, ...) is linked, so "Russia's Putin"
    or "Yemen's Houthis" stay apart.
    """
    out = list(spans)
    for k in range(len(out) - 1):
        owner, unit = out[k], out[k + 1]
        gap = [t.text.lower() for t in doc[owner.end : unit.start]]
        if gap not in (["'s"], ["’s"]) or owner.qualifies is not None or unit.qualifiers:
            continue
        if not owner.candidates or not (unit.feature_hint == "admin" or unit.quarter):
            continue
        out[k] = dataclasses.replace(owner, qualifies=k + 1)
        out[k + 1] = dataclasses.replace(unit, qualifiers=(*unit.qualifiers, k))
    return tuple(out)


def dash_after_date(doc: Any, i: int) -> bool:
    """Whether a dateline's dash follows token ``i``, after an optional ", March 5" and "(Agency)"."""
    n = len(doc)
    if i < n and doc[i].text == ",":
        i += 1
    if i + 1 < n and doc[i].lower_.rstrip(".") in MONTH_WORDS and doc[i + 1].like_num:
        i += 2  # "March 5"
        if i + 1 < n and doc[i].text == "," and doc[i + 1].like_num:
            i += 2  # "March 5, 1990"
    elif i + 1 < n and doc[i].like_num and doc[i + 1].lower_.rstrip(".") in MONTH_WORDS:
        i += 2  # "5 March", "21 JAN 89"
        if i < n and doc[i].like_num:
            i += 1
    if i < n and doc[i].text == "(":
        close = next((k for k in range(i + 1, min(n, i + 8)) if doc[k].text == ")"), None)
        if close is None:
            return False
        i = close + 1
    # a dateline's dash stands apart ("ORLO - ", "ORLO -- "); "Pro-Houthi" is one hyphenated word
    return i < n and doc[i].text in DATELINE_DASHES and (bool(doc[i].whitespace_) or bool(doc[i - 1].whitespace_))


def opens_dateline(doc: Any, end: int) -> bool:
    """Whether the words before token ``end`` open a dateline: "PELMORA -", "DOVRA, March 8 -",
    "ORLO, Democratic Republic of Congo -", "VARSA, North Kessa, Jan 6 (Kestrel Wire) -"."""
    i = end
    for _segment in range(3):
        if dash_after_date(doc, i):
            return True
        if i >= len(doc) or doc[i].text != ",":
            return False
        j = i + 1  # a ", Region" or ", Country" segment
        while (
            j < len(doc)
            and j - i <= 6
            and (is_cap(doc[j]) or doc[j].lower_ in ("of", "the"))
            and doc[j].lower_.rstrip(".") not in MONTH_WORDS
        ):
            j += 1
        if j == i + 1:
            return False
        i = j
    return False


def mark_dateline(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """Mark the dateline: a place opening the report, followed by a dash (see :func:`opens_dateline`)."""
    if spans and spans[0].start == 0 and opens_dateline(doc, spans[0].end):
        first = dataclasses.replace(spans[0], dateline=True, wire=_dated(doc, spans[0].end))
        return (first, *spans[1:])
    return tuple(spans)


def _dated(doc: Any, end: int) -> bool:
    """Whether the dateline ending at token ``end`` carries its date (", 13 Jan 90", ", March 5"): wire copy."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return False
    first, second = doc[end + 1], doc[end + 2]
    month = first.lower_.rstrip(".") in MONTH_WORDS or second.lower_.rstrip(".") in MONTH_WORDS
    return month and (first.like_num or second.like_num)


def _bracket_head(doc: Any, spans: Sequence[Span], idx: int, qualifies: Mapping[int, int]) -> int:
    """The span a bracket after ``spans[idx]`` qualifies: "Kessa area in northwestern Yemen (Orlo, Pelmora)".

    A country followed by a bracket passes the bracket on to the place just before it ("X ... in [western]
    Country (A, B)"); otherwise the span qualifies itself. ``qualifies`` holds the links made so far.
    """
    span = spans[idx]
    if idx == 0 or span.end >= len(doc) or doc[span.end].text != "(" or not is_country(span):
        return idx
    prev = spans[idx - 1]
    gap = [t.lower_ for t in doc[prev.end : span.start]]
    if (idx - 1) not in qualifies and prev.qualifies is None and not is_country(prev) and len(gap) <= 4 and "in" in gap:
        return idx - 1
    return idx


def _without_article(words: list[str]) -> list[str]:
    """ "in Ar-Raqqa" read as "in Ar-" + "Raqqa": an Arabic article hyphenated to the next name is part of it."""
    if len(words) >= 2 and words[-1] == "-" and f"{words[-2]} " in ARTICLES:
        return words[:-2]
    return words


def _province_by_name(qual: Span) -> bool:
    """ "Kessa in Orlo": a name whose likeliest reading (the most populous) is a first-level unit states the
    province a place lies in, as "in Orlo province" does, even when the gazetteer does not list the place
    there (a village it lacks is then placed at the province instead of at a namesake abroad).

    A name that may be a country is no such unit ("Kessa in Varsa" with Varsa a country and a province abroad),
    and a country is never placed in a province ("the parliament of Varsa in Kessa": Kessa is where it sits).
    """
    if not qual.candidates:
        return False
    top = qual.candidates[0]
    return top.feature == ADMIN1 and not any(c.feature == COUNTRY for c in qual.candidates[:3])


def _plausible_qualifier(head: Span, qual: Span) -> bool:
    """A qualifier must be a larger unit containing the head ("Armenia, Belarus" is a list, not a hierarchy)."""
    outers = [c for c in qual.candidates[:15] if c.feature in (ADMIN1, ADMIN2, COUNTRY, CITY)]
    if not outers:
        return False
    if not head.candidates:
        return any(c.feature != CITY for c in outers) or bool(qual.feature_hint)
    return any(fits(o, h) for o in outers for h in head.candidates[:15])


def _foreign_village(head: Span, qual: Span) -> bool:
    """ "Kessa, Orlo": a head whose only readings are small towns in other countries than any reading of
    the qualifier is an unlisted village of the qualifier (a list of towns would share a country)."""
    if not head.candidates or not qual.candidates or is_country(head):
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


def _unlisted_in_unit(head: Span, qual: Span, *, doc: Any, spans: Sequence[Span], at: int) -> bool:
    """ "in Kessa, Orlo, ...": a head with no reading inside the unit written after it, some reading in that unit's
    country and none anywhere but small towns, is a place of the unit the gazetteer lacks (a district, village
    or quarter).

    The unit must be an administrative unit by its own name (a first- or second-level reading), the head no
    country, and the pair no item of a list ("in Kessa, Orlo and Varsa": a place follows the unit). Readings
    of the head elsewhere do not count: the written unit says where it is. Calibrated like
    :func:`_foreign_village` (towns under 20,000 are the villages and quarters that share names widely).
    """
    if not head.candidates or is_country(head):
        return False
    units = [c for c in qual.candidates[:15] if c.feature in (ADMIN1, ADMIN2) and c.primary]
    if not units or _listed(doc, spans, at):
        return False
    countries = {u.country_iso3 for u in units}
    readings = head.candidates[:15]
    local = [h for h in readings if h.country_iso3 in countries]
    # with no reading in that country at all, the readings abroad decide (:func:`_foreign_village`); a head that
    # is a sizeable place anywhere ("Kessa, Orlo" with a city Kessa abroad) may be an item of a list
    return bool(local) and all(h.feature in (CITY, ADMIN2) and h.population < _SMALL_TOWN for h in readings)


_SMALL_TOWN = 20_000


def _listed(doc: Any, spans: Sequence[Span], at: int) -> bool:
    """Whether ``spans[at]`` is followed by another item of a list ("..., Orlo and Varsa", "..., Orlo, Varsa")."""
    if at + 1 >= len(spans):
        return False
    gap = [t.lower_ for t in doc[spans[at].end : spans[at + 1].start]]
    return gap in ([","], ["and"], ["or"], [",", "and"], [",", "or"], ["&"])


def _head_verb(tok: Any) -> Any:
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} or cur.head is cur:
            return cur
        cur = cur.head
    return cur


def assign_roles(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """Every span's role; a place set by an event country or linked by "in" to a chain is an event place."""
    out = [assign_role(doc, s) for s in spans]
    for k in range(len(out)):
        if out[k].setting is not None and out[k].role == CONTEXT and out[out[k].setting or 0].role == EVENT:
            out[k] = dataclasses.replace(out[k], role=EVENT)  # "Kessa areas in western Yemen (Orlo, Pelmora)"
        span = out[k]
        if span.role == CONTEXT and any(out[q].linked_in for q in span.qualifiers):
            # "a sit-down on ... State Road 12 in Orlo district": the chain is a place
            out[k] = dataclasses.replace(span, role=EVENT)
    return tuple(out)


def assign_role(doc: Any, span: Span) -> Span:
    """The span with its role and "near" flag from its preposition, governing noun or verb."""
    role, near = _role_and_near(doc, span)
    return dataclasses.replace(span, role=role, near=near)


def _role_and_near(doc: Any, span: Span) -> tuple[str, bool]:
    lex = lexicon()
    tok = doc[span.end - 1]
    role, near = span.role, span.near
    if span.feature_hint == "admin" or span.qualifies is not None:
        role = EVENT
    if _names_actors(doc, span, lex):
        return ORIGIN, near  # "U.S. officials said", "at the French embassy": where people come from
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
        near = True
    if span.site:
        near = True  # "blocked the Varsa roundabout": a site of the town (an event place only if no other)
    if joined_of and any(nn in DIRECTIONS for nn in nouns):
        return EVENT, True  # "forces east of Durayhimi", "17 km west of Arish": near the town (precision 2)
    if joined_of and not nouns and prev in lex.origin_nouns | {"forces", "troops"}:
        return ORIGIN, near
    if joined_of and not nouns:
        # "forces of X", "government of X", "minister of X"
        head_noun = doc[span.start - 2].lower_ if span.start > 1 else ""
        if head_noun in lex.origin_nouns:
            return ORIGIN, near
    if prev in lex.event_preps or (nouns and prev in lex.event_preps | {""}):
        return EVENT, near
    if prev == "from":
        return ORIGIN, near
    if prev in {"to", "towards", "toward", "into"}:
        return (EVENT if _head_verb(tok).lemma_ in lex.move_verbs else role), near
    if nouns and prev not in lex.origin_nouns:
        return EVENT, near
    if role == EVENT:
        return role, near
    if tok.dep_ == "poss" or (span.end < len(doc) and doc[span.end].tag_ == "POS"):
        return CONTEXT, near
    if tok.dep_ in {"nsubj", "nsubjpass"} or (tok.head.dep_ in {"nsubj"} and tok.dep_ in {"conj", "compound"}):
        verb = _head_verb(tok)
        if verb.lemma_ in lex.send_verbs:
            return ORIGIN, near
        if verb.lemma_ in lex.speech_verbs:
            return SPEAKER, near
        return role, near
    if tok.dep_ in {"amod", "compound"} and tok.head.lower_ in lex.origin_nouns:
        return ORIGIN, near
    return role, near


def _names_actors(doc: Any, span: Span, lex: Lexicon) -> bool:
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


def country_evidence(doc: Any, *, demonyms: Mapping[str, str]) -> CountryEvidence:
    """Demonyms ("Kazakh", "Afghan forces") and actors tied to one country ("Houthi", "FARDC") as evidence.

    A demonym modifying an actor noun is an origin. Actors, parties, institutions and leaders vote like
    demonyms, at most three per country, so a long report about one group does not drown the place names.
    """
    lex = lexicon()
    isos: list[tuple[str, str]] = []
    found: list[Demonym] = []
    for tok in doc:
        iso3 = demonyms.get(tok.text)
        if iso3 is None:
            continue
        role = ORIGIN if tok.head.lower_ in lex.origin_nouns or tok.head.lemma_ in lex.origin_nouns else CONTEXT
        isos.append((iso3, role))
        found.append(Demonym(tok.i, tok.i + 1, iso3, role))
    cue_counts: collections.Counter[str] = collections.Counter()
    for hit in find_cues(doc):
        if cue_counts[hit.iso3] < 3:
            cue_counts[hit.iso3] += 1
            isos.append((hit.iso3, CONTEXT))
    return CountryEvidence(demonyms=tuple(found), isos=tuple(isos))
