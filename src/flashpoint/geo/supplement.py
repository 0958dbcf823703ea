"""Place mentions the span resolver does not produce, and person names it should not have read as places.

Reads a parsed article (spaCy ``Doc``), the mentions :func:`flashpoint.geo.resolve.resolve_places` resolved,
the gazetteer and the packaged lexicons ``data/geo_areas.json`` (continents, macro-regions, seas, lakes,
rivers, deserts) and ``data/geo_abbreviations.json`` (AP-style and postal abbreviations of first-level
units). Writes the mentions again, in text order, with:

1. **areas** (:func:`area_mentions`): a continent, region or water body named as such ("the Middle East",
   "the Strait of Hormuz", "European") is that area at its representative point, with the area's precision
   codes, never a homonymous town; a resolver reading of the same words is replaced.
2. **abbreviations** (:func:`abbreviation_mentions`): "Eureka, Calif.", "W.Va.", "Paducah, KY" are the
   first-level unit. Postal codes and abbreviations that are also ordinary words ("Miss.", "Wash.") count
   only after a place and a comma.
3. **places naming institutions** (:func:`institution_mentions`): "the Dunmore Police Department", "Carver
   County Sheriff's Office", "the First Bank of Ashby": the place that opens (or, after "of", closes) an
   organisation's name is a mention of that place. Its role is ``context``: an institution's home is not
   where an event happened.
4. **person vetoes** (:func:`veto_persons`): a single name read as a place that is also a part of a person's
   name elsewhere in the article ("Orlo" after "Ilka Orlo"), or that follows a personal title ("Mr",
   "Gov.", "Sgt."), is a person, not a place.

Every added mention has role ``context`` (the events stage only takes ``event`` mentions), so these passes
change which places an article names, never which place an event is coded at. Homonyms are chosen by the
article's other places (same country, then same first-level unit), population last (:func:`pick_reading`).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import importlib.resources
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from flashpoint.errors import GazetteerError
from flashpoint.geo import sites
from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate, Gazetteer, normalise
from flashpoint.geo.places import to_place, token_evidence
from flashpoint.records import Article, PlaceMention

CONTEXT = "context"
#: Entity labels whose whole span can be a place; anything else may only contain one.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ORG_LABELS = frozenset({"ORG", "FAC", "PERSON", "EVENT", "WORK_OF_ART", "PRODUCT", "NORP", "LAW"})


@dataclasses.dataclass(frozen=True, slots=True)
class Area:
    """A named area that is not an administrative unit (continent, region, sea, lake, river, desert)."""

    name: str
    feature: str
    country_iso3: str | None
    latitude: float
    longitude: float
    geonameid: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class SupplementLexicon:
    """The packaged lexicons of this module, read once per process."""

    areas: Mapping[str, Area]  # normalised name or alias -> area
    area_demonyms: Mapping[str, Area]  # demonym as written ("European") -> area
    abbreviations: Mapping[str, tuple[str, str]]  # as written ("Calif.", "KY") -> (ISO3, unit name)
    needs_place_before: frozenset[str]  # abbreviations read only after "Place, "
    institution_words: frozenset[str]  # lower-case heads of institution names ("police", "council")
    person_titles: frozenset[str]  # lower-case titles before a person's name ("mr", "gov", "sgt")
    max_area_tokens: int


@dataclasses.dataclass(frozen=True, slots=True)
class SupplementOptions:
    """Weights of :func:`pick_reading` (set by hand from how news names places, not fitted to rows).

    ``country_weight`` times the share of the article's resolved places in the reading's country,
    ``admin1_weight`` times the share in its first-level unit, ``population_weight`` per log10 of population.
    A country outweighs a unit, which outweighs any population difference below about 10**5.
    """

    country_weight: float = 3.0
    admin1_weight: float = 2.0
    population_weight: float = 0.3
    primary_bonus: float = 0.5
    #: a name that is a country's own name means the country ("China" is not China, Texas), as in the resolver
    country_bonus: float = 2.0
    #: a unit containing a town of its own name is read as the town (as in the resolver)
    namesake_unit_penalty: float = 2.5
    #: an institution named after a bare town needs a town of this size when the article names no place
    #: in its country (a surname-like word opening an organisation's name is rarely a large town)
    min_unsupported_population: int = 20_000
    #: share of the article's places in one first-level unit above which an organisation-tagged name that is
    #: a town of that unit is read as the town (a local report)
    local_unit_share: float = 0.4


def _data(name: str) -> Any:
    try:
        return json.loads(importlib.resources.files("flashpoint.data").joinpath(name).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read packaged lexicon {name}: {exc}") from exc


@functools.lru_cache(maxsize=1)
def load_lexicon() -> SupplementLexicon:
    """Read ``geo_areas.json``, ``geo_abbreviations.json`` and ``geo_feature_words.json`` (once)."""
    raw_areas = _data("geo_areas.json")
    raw_abbr = _data("geo_abbreviations.json")
    words = _data("geo_feature_words.json")
    if "_meta" not in raw_areas or "_meta" not in raw_abbr:
        raise GazetteerError("packaged geo lexicons must carry a _meta header")
    areas: dict[str, Area] = {}
    demonyms: dict[str, Area] = {}
    longest = 1
    for row in raw_areas["areas"]:
        area = Area(
            name=row["name"],
            feature=row["feature"],
            country_iso3=row.get("country_iso3"),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            geonameid=row.get("geonameid"),
        )
        for written in (row["name"], *row.get("aliases", ())):
            key = normalise(written)
            areas.setdefault(key, area)
            longest = max(longest, len(key.split()))
        for dem in row.get("demonyms", ()):
            demonyms.setdefault(dem, area)
    abbreviations: dict[str, tuple[str, str]] = {}
    for iso3, forms in raw_abbr["countries"].items():
        for kind in ("written", "postal"):
            for written, unit in forms.get(kind, {}).items():
                abbreviations.setdefault(written, (iso3, unit))
    postal = {w for forms in raw_abbr["countries"].values() for w in forms.get("postal", {})}
    return SupplementLexicon(
        areas=MappingProxyType(areas),
        area_demonyms=MappingProxyType(demonyms),
        abbreviations=MappingProxyType(abbreviations),
        needs_place_before=frozenset(raw_abbr.get("needs_place_before", ())) | postal,
        institution_words=frozenset(words["institution_words"]),
        person_titles=frozenset(words["person_titles"]),
        max_area_tokens=longest + 1,
    )


# ----------------------------------------------------------------------------------------------
# Homonyms by the article's other places


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleContext:
    """Where the article's resolved places lie: shares by country and by first-level unit."""

    countries: Mapping[str, float]
    admin1s: Mapping[str, float]

    @classmethod
    def of(cls, mentions: Iterable[PlaceMention]) -> ArticleContext:
        """Shares of the places (countries counted once per mention, units by name within country)."""
        countries: collections.Counter[str] = collections.Counter()
        admin1s: collections.Counter[str] = collections.Counter()
        for m in mentions:
            iso3 = m.place.country_iso3
            if not iso3:
                continue
            countries[iso3] += 1
            if m.place.admin1:
                admin1s[f"{iso3}/{m.place.admin1}"] += 1
        n = max(1, sum(countries.values()))
        return cls(
            countries=MappingProxyType({k: v / n for k, v in countries.items()}),
            admin1s=MappingProxyType({k: v / n for k, v in admin1s.items()}),
        )


def pick_reading(
    candidates: Sequence[Candidate], *, context: ArticleContext, options: SupplementOptions
) -> tuple[Candidate, float] | None:
    """The reading the article's other places support best (country, then unit), population last."""
    best: tuple[float, int, Candidate] | None = None
    for rank, cand in enumerate(candidates):
        iso3 = cand.country_iso3 or ""
        unit = cand.name if cand.feature == ADMIN1 else cand.admin1
        score = options.country_weight * context.countries.get(iso3, 0.0)
        score += options.admin1_weight * context.admin1s.get(f"{iso3}/{unit}", 0.0)
        score += options.population_weight * math.log10(cand.population + 10)
        score += options.primary_bonus * cand.primary
        score += options.country_bonus * (cand.feature == COUNTRY and cand.primary)
        if cand.feature in (ADMIN1, ADMIN2) and any(
            c.feature == CITY and c.primary and cand.place_id in (c.admin1_id, c.admin2_id) for c in candidates
        ):
            score -= options.namesake_unit_penalty  # "BEIRUT —": the town, not the governorate named after it
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, cand)
    return (best[2], best[0]) if best else None


# ----------------------------------------------------------------------------------------------
# Passes


@dataclasses.dataclass(frozen=True, slots=True)
class Found:
    """A mention a pass found: token span, reading, and whether it replaces overlapping resolver mentions."""

    start: int
    end: int
    reading: Candidate
    overrides: bool = False
    char_end: int | None = None  # the span ends inside the next token ("W.Va" + ".")


def _area_candidate(area: Area, gazetteer: Gazetteer, place_id: int) -> Candidate:
    return Candidate(
        place_id=place_id,
        name=area.name,
        feature=area.feature,
        country_iso3=area.country_iso3,
        country=gazetteer.country_name(area.country_iso3) if area.country_iso3 else None,
        admin1=None,
        admin2=None,
        admin1_id=None,
        admin2_id=None,
        latitude=area.latitude,
        longitude=area.longitude,
        population=0,
        geonameid=area.geonameid,
        primary=True,
    )


def _inside_other_entity(doc: Any, start: int, end: int) -> bool:
    """True when tokens start:end lie inside a longer non-place entity ("Pacific Coast Bank")."""
    for ent in doc.ents:
        inside = ent.start <= start and end <= ent.end and (ent.start, ent.end) != (start, end)
        if inside and ent.label_ in _ORG_LABELS:
            return True
    return False


_NAME_CONNECTORS = frozenset({"de", "del", "da", "do", "dos", "das", "of", "la", "el", "al", "di", "du"})


def _name_tail(doc: Any, i: int) -> bool:
    """Token ``i`` ends a longer name ("Santa Cruz de Orlo", "Bay of Bengal"): a connector and a capital before."""
    return i >= 2 and doc[i - 1].lower_ in _NAME_CONNECTORS and doc[i - 2].is_title


def area_mentions(doc: Any, *, lexicon: SupplementLexicon, gazetteer: Gazetteer) -> list[Found]:
    """Continents, regions and water bodies named as such, longest name first; demonyms of areas.

    Found once per doc, lexicon and gazetteer (both the resolver and the supplement ask for them): the
    answer is kept in ``doc.user_data`` and each caller gets its own copy of the list.
    """
    key = "flashpoint.geo.area_mentions"
    kept = doc.user_data.get(key)
    if kept is not None and kept[0] is lexicon and kept[1] is gazetteer:
        return list(kept[2])
    found = _find_areas(doc, lexicon=lexicon, gazetteer=gazetteer)
    doc.user_data[key] = (lexicon, gazetteer, tuple(found))
    return found


def _find_areas(doc: Any, *, lexicon: SupplementLexicon, gazetteer: Gazetteer) -> list[Found]:
    found: list[Found] = []
    i = 0
    ids = {area.name: -(k + 1) for k, area in enumerate(dict.fromkeys(lexicon.areas.values()))}
    # Read once per doc (a Span and its Tokens are rebuilt on every access): each token's text, its text
    # with its trailing space, and whether it is capitalised. ``doc[i:j].text`` is the texts with spaces
    # of i..j-2 and the bare text of j-1 (spaCy's whitespace after a token is one space or nothing).
    words = [t.text for t in doc]
    spaced = [t.text_with_ws for t in doc]
    capital = [t.is_title or t.is_upper for t in doc]
    while i < len(doc):
        hit: Found | None = None
        if capital[i]:
            for n in range(min(lexicon.max_area_tokens, len(doc) - i), 0, -1):
                if not capital[i + n - 1]:
                    continue
                text = "".join(spaced[i : i + n - 1]) + words[i + n - 1]
                area = lexicon.areas.get(normalise(text))
                if area is None:
                    area = lexicon.area_demonyms.get(text)
                if area is not None and not _inside_other_entity(doc, i, i + n) and not _name_tail(doc, i):
                    hit = Found(i, i + n, _area_candidate(area, gazetteer, ids[area.name]), overrides=True)
                    break
        if hit is not None:
            found.append(hit)
            i = hit.end
        else:
            i += 1
    return found


def shouting(sent: Any) -> bool:
    """Whether a sentence is written in capitals (wire copy, headlines): case then says nothing."""
    letters = [t for t in sent if t.is_alpha]
    return len(letters) >= 4 and sum(t.is_upper for t in letters) >= 0.8 * len(letters)


def _after_place_and_comma(doc: Any, i: int) -> bool:
    return i >= 2 and doc[i - 1].text == "," and (doc[i - 2].is_title or doc[i - 2].is_upper)


def abbreviation_mentions(
    doc: Any, *, lexicon: SupplementLexicon, gazetteer: Gazetteer, context: ArticleContext
) -> list[Found]:
    """First-level units written as abbreviations ("Calif.", "W.Va.", "Paducah, KY")."""
    found: list[Found] = []
    skip_to = 0
    for tok in doc:
        if tok.i < skip_to:
            continue
        start = tok.i
        text, char_end = tok.text, None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and f"{tok.text} {nxt.text}" in lexicon.abbreviations and tok.whitespace_:
            text, start, skip_to = f"{tok.text} {nxt.text}", tok.i, tok.i + 2  # "W. Va."
            nxt = None
        if text not in lexicon.abbreviations and nxt is not None and nxt.text == "." and not tok.whitespace_:
            text, char_end = text + ".", nxt.idx + 1
        entry = lexicon.abbreviations.get(text)
        if entry is None:
            continue
        if text in lexicon.needs_place_before and not _after_place_and_comma(doc, tok.i):
            continue
        if text.isupper() and tok.is_upper and shouting(tok.sent):
            continue  # postal codes are read in mixed case only: in capitals "IN", "OR", "ME" are words
        iso3, unit = entry
        readings = [c for c in gazetteer.find(unit) if c.country_iso3 == iso3 and c.feature == ADMIN1]
        if readings:
            end = skip_to if skip_to > tok.i else tok.i + 1
            found.append(Found(start, end, readings[0], overrides=True, char_end=char_end))
    return found


def _word_or_initials(text: str) -> bool:
    """A word of letters, or initials with full stops ("U.S.", "U.K.")."""
    return text.isalpha() or (len(text) >= 4 and text.endswith(".") and text.replace(".", "").isalpha())


def _name_run(doc: Any, start: int, stop: int) -> list[int]:
    """Ends (exclusive) of capitalised runs from ``start`` within ``stop``, shortest first, at most 4 words."""
    ends: list[int] = []
    k = start
    while k < stop and k - start < 4 and (doc[k].is_title or doc[k].is_upper) and _word_or_initials(doc[k].text):
        k += 1
        ends.append(k)
    return ends


def institution_mentions(
    doc: Any,
    *,
    lexicon: SupplementLexicon,
    gazetteer: Gazetteer,
    context: ArticleContext,
    options: SupplementOptions,
) -> list[Found]:
    """Places that open ("the Dunmore Police Department") or close ("Bank of Ashby") an institution's name."""
    found: list[Found] = []
    for ent in doc.ents:
        if ent.label_ in _PLACE_LABELS and ent.label_ != "FAC":
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        # an organisation whose name ends in an institution word ("the Orlo Riding Club", "Kessa County Fair"):
        # a place may open it whatever words follow the place
        headed = ent.label_ == "ORG" and _institution_word(doc[ent.end - 1], lexicon)
        # longest capitalised run at the start that the gazetteer knows, followed by an institution word
        for end in reversed(_name_run(doc, start, ent.end)):
            if end >= ent.end:
                continue
            country = ent.label_ == "ORG" and _country_reading(doc, start, end, gazetteer)
            # when only the name's last word is an institution word, the opening words must look like a name,
            # not an ordinary word ("the Law Enforcement Center", "Post-Gazette")
            weak_head = not headed or (end - start == 1 and is_english_word(doc[start].text))
            if not (country or _institution_word(doc[end], lexicon)) and weak_head:
                continue
            hit = _institution_reading(doc, start, end, gazetteer=gazetteer, context=context, options=options)
            if hit is not None:
                found.append(hit)
                break
        # "... of Ashby": the place closing the name
        of = next((t.i for t in ent if t.lower_ == "of"), None)
        if of is not None and of + 1 < ent.end and any(_institution_word(t, lexicon) for t in doc[start:of]):
            tail = _name_run(doc, of + 1, ent.end)
            if tail and tail[-1] == ent.end:
                hit = _institution_reading(doc, of + 1, ent.end, gazetteer=gazetteer, context=context, options=options)
                if hit is not None:
                    found.append(hit)
    return found


#: Words that open many institutions' names without naming a place (compass points, ranks, common nouns).
_GENERIC_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "federal",
     "national", "united", "first", "second", "third", "new", "old", "great", "greater", "upper", "lower",
     "union", "liberty", "victory", "unity", "progress", "freedom", "hope",
     "grace", "trinity", "providence", "mission", "harmony", "pioneer", "summit", "heritage"}
)  # fmt: skip


def local_towns(doc: Any, *, gazetteer: Gazetteer, context: ArticleContext, options: SupplementOptions) -> list[Found]:
    """A name the NER calls an organisation that is a town of the article's own first-level unit.

    Local news names its towns without locative cues ("Brookfield beat Ashby 3-1"); when the article's
    places agree on one unit (share >= ``options.local_unit_share``) and the name is a town of that unit by
    its own name, it is that town.
    """
    units = {k for k, v in context.admin1s.items() if v >= options.local_unit_share}
    if not units:
        return []
    found: list[Found] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or not all(t.is_title for t in ent) or len(ent) > 3:
            continue
        if any(t.is_stop or t.lower_ in _GENERIC_WORDS for t in ent):
            continue
        towns = [
            c
            for c in gazetteer.find(ent.text)
            if c.feature == CITY and c.primary and f"{c.country_iso3}/{c.admin1}" in units
        ]
        if towns:
            found.append(Found(ent.start, ent.end, max(towns, key=lambda c: c.population)))
    return found


def _country_reading(doc: Any, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens start:end name a country ("U.S." in "the U.S. Geological Survey"): a country opening an
    organisation's name is a mention of it whatever the next word is."""
    return any(c.feature == COUNTRY for c in gazetteer.find(doc[start:end].text))


def _institution_word(tok: Any, lexicon: SupplementLexicon) -> bool:
    word = tok.lower_.rstrip("’'s") if tok.lower_.endswith(("'s", "’s")) else tok.lower_
    return word in lexicon.institution_words


def _institution_reading(
    doc: Any,
    start: int,
    end: int,
    *,
    gazetteer: Gazetteer,
    context: ArticleContext,
    options: SupplementOptions,
) -> Found | None:
    words = doc[start:end]
    acronym = words.text.isupper() and words.text.isalpha() and len(words.text) <= 5
    if not acronym and all(t.is_stop or t.lower_ in _GENERIC_WORDS for t in words):
        return None  # "the First National Bank", "East Side Lions Club": a common word, not a town
    # a country by any of its names ("U.S.", "UK"), other places only by their own name; an acronym only
    # ever names a country ("UK"; "UN" is no town)
    readings = [
        c
        for c in gazetteer.find(words.text)
        if (c.feature in (CITY, ADMIN2, ADMIN1) and c.primary and not acronym) or c.feature == COUNTRY
    ]
    picked = pick_reading(readings, context=context, options=options)
    if picked is None:
        return None
    cand = picked[0]
    supported = context.countries.get(cand.country_iso3 or "", 0.0) > 0
    if not supported and cand.feature == CITY and cand.population < options.min_unsupported_population:
        return None
    return Found(start, end, cand)


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Words of English written in lower case (the web2 list of the ``english_words`` package)."""
    from english_words import get_english_words_set

    return frozenset(filter(str.islower, get_english_words_set(["web2"], lower=False)))


def is_english_word(word: str) -> bool:
    """Whether ``word`` (any case) is an ordinary English word written in lower case ("law", "post")."""
    return word.lower() in _english_words()


@functools.lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """The ~40,000 given names of many countries in gender-guesser's data file (case-sensitive).

    Read as ``gender_guesser.detector.Detector(case_sensitive=True)`` reads it, keeping only the names (its
    ``get_gender`` answers "unknown" exactly for a word not among them); the detector also builds a
    dictionary of every name's country values per gender, which costs each process about five times as much.
    A name written with "+" stands for three spellings (joined, spaced, hyphenated), as in the detector.
    """
    import gender_guesser

    text = (importlib.resources.files(gender_guesser) / "data" / "nam_dict.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    for raw in text.splitlines():  # the detector reads lines with codecs, which splits as str.splitlines
        line = raw.strip()
        if not line or line[0] in "#=":
            continue
        name = line.split(None, 2)[1]
        if "+" in name:
            names.update(name.replace("+", joint) for joint in ("", " ", "-"))
        else:
            names.add(name)
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """True when ``word`` (as written, title case) is a known given name of some country."""
    return bool(word[:1].isupper()) and word in _first_names()


def person_name_parts(doc: Any) -> frozenset[str]:
    """Title-case words after the first of every name of two or more words the NER tags PERSON ("Orlo" in
    "Ilka Orlo"): the surnames by which an article refers to its people again."""
    parts: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            parts.update(t.text for t in ent[1:] if t.is_title)
    return frozenset(parts)


def person_reason(doc: Any, span: Any, name_parts: frozenset[str], gazetteer: Gazetteer, *, lexicon: Any) -> str:
    """Why a one-word place reading is a person's name, or "" when it is not."""
    if span.text in name_parts:
        return "part_of_a_person_name"
    if span.start == 0:
        return ""
    prev = doc[span.start - 1]
    if prev.lower_.rstrip(".") in lexicon.person_titles:
        return "after_a_title"
    pair = doc[span.start - 1 : span.end].text
    first_name = prev.is_title and prev.i > prev.sent.start and (prev.ent_type_ == "PERSON" or is_given_name(prev.text))
    if first_name and not gazetteer.find(pair):
        return "after_a_given_name"
    return ""


def veto_persons(
    doc: Any, mentions: Sequence[PlaceMention], *, lexicon: SupplementLexicon, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Drop one-word town readings that are a person's name: part of a person's name elsewhere in the article
    ("Orlo" after "Ilka Orlo"), after a title ("Gov. Hale") or after a given name ("Ansel Hale")."""
    name_parts = person_name_parts(doc)
    kept: list[PlaceMention] = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        single = span is not None and len(span) == 1 and m.place.feature in (CITY, ADMIN2)
        if single and person_reason(doc, span, name_parts, gazetteer, lexicon=lexicon):
            continue
        kept.append(m)
    return kept


def _within_abbreviated_units(
    doc: Any, mentions: list[PlaceMention], found: Sequence[Found], *, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """ "Ruston, La.": a town written with its unit's abbreviation takes its namesake inside that unit.

    The abbreviation is a written qualifier the span resolver does not see; a town of that name inside the
    unit replaces the resolver's reading (role kept), as "X, Y" does in the resolver.
    """
    out = list(mentions)
    for hit in found:
        unit = hit.reading
        if unit.feature != ADMIN1 or hit.start < 2 or doc[hit.start - 1].text != ",":
            continue
        before = doc[hit.start - 2]
        end_char = before.idx + len(before.text)
        k = next((k for k, m in enumerate(out) if m.end == end_char), None)
        if k is None or out[k].place.admin1 == unit.name:
            continue
        inside = [c for c in gazetteer.find(out[k].text) if c.feature == CITY and c.admin1_id == unit.place_id]
        if inside:
            m = out[k]
            evidence = m.place.evidence
            if evidence is None:
                continue
            place = to_place(inside[0], name=inside[0].name, near=False, fallback=False, evidence=evidence)
            out[k] = dataclasses.replace(m, place=place)
    return out


# ----------------------------------------------------------------------------------------------
# Entry point


def supplement_mentions(
    doc: Any,
    mentions: Sequence[PlaceMention],
    *,
    article: Article,
    gazetteer: Gazetteer,
    stage: str,
    options: SupplementOptions | None = None,
) -> list[PlaceMention]:
    """The resolver's mentions with areas, abbreviations and institution places added, persons removed."""
    opts = options or SupplementOptions()
    lexicon = load_lexicon()
    kept = veto_persons(doc, mentions, lexicon=lexicon, gazetteer=gazetteer)
    context = ArticleContext.of(kept)
    overriding = [
        *area_mentions(doc, lexicon=lexicon, gazetteer=gazetteer),
        *abbreviation_mentions(doc, lexicon=lexicon, gazetteer=gazetteer, context=context),
    ]
    out = _within_abbreviated_units(doc, list(kept), overriding, gazetteer=gazetteer)
    for hit in overriding:
        evidence = token_evidence(doc, article, hit.start, hit.end, stage=stage)
        if hit.char_end is not None:
            text = article.text[evidence.start : hit.char_end] if article.text else evidence.text
            evidence = dataclasses.replace(evidence, end=hit.char_end, text=text)
        replaced = [m for m in out if m.start < evidence.end and evidence.start < m.end]
        if any(m.start < evidence.start or m.end > evidence.end for m in replaced):
            continue  # the resolver read a longer name ("South Kordofan" around "Kordofan"): it stands
        out = [m for m in out if m not in replaced]
        # a replaced reading keeps its role: the area is where the resolver saw the event, if it saw one
        role = next((m.role for m in replaced if m.role != CONTEXT), CONTEXT)
        place = to_place(hit.reading, name=hit.reading.name, near=False, fallback=False, evidence=evidence)
        out.append(PlaceMention(place, evidence.start, evidence.end, evidence.text, role, 0.0))
    context = ArticleContext.of(out)
    institutions = institution_mentions(doc, lexicon=lexicon, gazetteer=gazetteer, context=context, options=opts)
    for hit in [*institutions, *local_towns(doc, gazetteer=gazetteer, context=context, options=opts)]:
        evidence = token_evidence(doc, article, hit.start, hit.end, stage=stage)
        if any(m.start < evidence.end and evidence.start < m.end for m in out):
            continue
        place = to_place(hit.reading, name=hit.reading.name, near=False, fallback=False, evidence=evidence)
        out.append(PlaceMention(place, evidence.start, evidence.end, evidence.text, CONTEXT, 0.0))
    out = _add_sites(doc, out, article=article, gazetteer=gazetteer, stage=stage, options=opts)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _add_sites(
    doc: Any,
    mentions: list[PlaceMention],
    *,
    article: Article,
    gazetteer: Gazetteer,
    stage: str,
    options: SupplementOptions,
) -> list[PlaceMention]:
    """Mid-text datelines, then streets and natural features (see :mod:`flashpoint.geo.sites`)."""
    out = list(mentions)

    def add(found: Sequence[sites.Site]) -> None:
        for site in found:
            evidence = token_evidence(doc, article, site.start, site.end, stage=stage)
            if any(m.start < evidence.end and evidence.start < m.end for m in out):
                continue
            place = to_place(site.reading, name=site.reading.name, near=site.near, fallback=False, evidence=evidence)
            out.append(PlaceMention(place, evidence.start, evidence.end, evidence.text, CONTEXT, 0.0))

    context = ArticleContext.of(out)

    def pick(readings: Sequence[Candidate]) -> Candidate | None:
        picked = pick_reading(readings, context=context, options=options)
        return picked[0] if picked else None

    add(sites.dateline_sites(doc, pick=pick, gazetteer=gazetteer))
    words = sites.site_words()
    home = sites.home_town(sorted(out, key=lambda m: m.start), gazetteer)
    add(sites.street_sites(doc, words=words, home=home))
    taken = [(m.start, m.end) for m in out]
    token_taken = []
    for start, end in taken:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            token_taken.append((span.start, span.end))
    add(sites.natural_sites(doc, words=words, home=home, gazetteer=gazetteer, taken=token_taken))
    return out
