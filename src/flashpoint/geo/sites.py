"""Streets, roads, rivers, lakes, parks and mid-text datelines: place mentions that name no gazetteer town.

Reads a parsed article (spaCy ``Doc``), the places already resolved in it, and the word lists of
``data/geo_feature_words.json`` (``street_words``, ``route_words``, ``natural_after``, ``natural_before``).
Writes :class:`Site` records, each a token span with the place it stands for:

1. :func:`street_sites`: "Elm Street", "North Marbeck Road", "Highway 19", "Interstate 75", "I-75" are places
   of the article's home town (ACLED/UCDP: a named road supports its town, precision 2).
2. :func:`natural_sites`: "the Ombelo River", "Lake Tessa", "Mount Arbel", "Riverside Park": a natural
   feature or park. The gazetteer's own entry when it has one (an imported GeoNames dump), else the area
   stands at the home town with an area's precision and no GeoNames id.
3. :func:`dateline_sites`: "KELSO — The council ..." after a headline: an all-caps place opening a
   paragraph and followed by a dash or an agency tag is a dateline, read by the article's other places.

The home town is the town the article names most often (first named on a tie); without one, streets and
unlisted features are not placed at all.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import importlib.resources
import json
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from flashpoint.errors import GazetteerError
from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, REGION, SEA, WATER, Candidate, Gazetteer
from flashpoint.records import PlaceMention

_DASHES = frozenset({"-", "–", "—", "--", "---"})
_AGENCIES = frozenset({"ap", "afp", "reuters", "upi", "xinhua", "cnn", "bbc", "ips", "dpa", "efe", "ansa", "ani"})
_AREA_FEATURES = frozenset({WATER, REGION, SEA})


@dataclasses.dataclass(frozen=True, slots=True)
class SiteWords:
    """Word lists of the site passes (lower case)."""

    street: frozenset[str]
    route: frozenset[str]
    natural_after: Mapping[str, str]  # "river" -> feature, for "X River"
    natural_before: Mapping[str, str]  # "lake" -> feature, for "Lake X"


@functools.lru_cache(maxsize=1)
def site_words() -> SiteWords:
    """Read the site word lists from ``data/geo_feature_words.json`` (once)."""
    try:
        raw = json.loads(
            importlib.resources.files("flashpoint.data").joinpath("geo_feature_words.json").read_text("utf-8")
        )
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read geo_feature_words.json: {exc}") from exc
    return SiteWords(
        street=frozenset(raw["street_words"]),
        route=frozenset(raw["route_words"]),
        natural_after=MappingProxyType(dict(raw["natural_after"])),
        natural_before=MappingProxyType(dict(raw["natural_before"])),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Site:
    """A token span and the reading it stands for; ``near`` when it is placed at its home town."""

    start: int
    end: int
    reading: Candidate
    near: bool


def home_town(mentions: Sequence[PlaceMention], gazetteer: Gazetteer) -> Candidate | None:
    """The town the article names most often (the first of them on a tie), as a gazetteer reading."""
    counts: collections.Counter[int] = collections.Counter()
    first: dict[int, int] = {}
    for k, m in enumerate(mentions):
        if m.place.feature == CITY and m.place.geonameid is not None:
            counts[m.place.geonameid] += 1
            first.setdefault(m.place.geonameid, k)
    if not counts:
        return None
    best = max(counts, key=lambda g: (counts[g], -first[g]))
    place = mentions[first[best]].place
    for cand in gazetteer.find(place.name):
        if cand.geonameid == best:
            return cand
    return None


def _cap(tok: Any) -> bool:
    return bool(tok.is_title or (tok.is_upper and len(tok) > 1))


def _run_before(doc: Any, end: int, limit: int = 4) -> int:
    """Start of the run of capitalised words (or numbers) that ends just before token ``end``."""
    k = end
    while k > 0 and end - k < limit and (_cap(doc[k - 1]) or doc[k - 1].like_num) and not doc[k - 1].is_stop:
        k -= 1
        if doc[k].is_sent_start:
            break
    return k


def _as_site(reading: Candidate, *, name: str, feature: str | None = None) -> Candidate:
    """The home town's reading renamed for the site (no GeoNames id: the site is not the town)."""
    return dataclasses.replace(reading, name=name, geonameid=None, feature=feature or reading.feature)


def street_sites(doc: Any, *, words: SiteWords, home: Candidate | None) -> list[Site]:
    """Named streets and numbered roads, placed at the home town."""
    if home is None:
        return []
    out: list[Site] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        low = tok.lower_
        # "Elm Street", "North Marbeck Rd."
        if low in words.street and _cap(tok) and i > 0:
            start = _run_before(doc, i)
            if start < i:
                end = i + 1
                out.append(Site(start, end, _as_site(home, name=doc[start:end].text), near=True))
                i = end
                continue
        # "Highway 19", "Interstate 75", "State Route 3", "I-75"
        if low in words.route and _cap(tok) and i + 1 < len(doc):
            k = i + 1
            while k < len(doc) and doc[k].lower_ in words.route and _cap(doc[k]) and k - i < 3:
                k += 1
            if k < len(doc) and (doc[k].like_num or (doc[k].text == "-" and k + 1 < len(doc) and doc[k + 1].like_num)):
                end = k + 1 if doc[k].like_num else k + 2
                out.append(Site(i, end, _as_site(home, name=doc[i:end].text), near=True))
                i = end
                continue
        i += 1
    return out


def natural_sites(
    doc: Any, *, words: SiteWords, home: Candidate | None, gazetteer: Gazetteer, taken: Sequence[tuple[int, int]]
) -> list[Site]:
    """Rivers, lakes, valleys, mountains, parks: the gazetteer's entry, else an area at the home town."""
    out: list[Site] = []
    for tok in doc:
        if not _cap(tok):
            continue
        low = tok.lower_
        span: tuple[int, int, str] | None = None
        if low in words.natural_after and tok.i > 0:
            start = _run_before(doc, tok.i, limit=3)
            if start < tok.i:
                span = (start, tok.i + 1, words.natural_after[low])
        if span is None and low in words.natural_before and tok.i + 1 < len(doc) and _cap(doc[tok.i + 1]):
            end = tok.i + 1
            while end < len(doc) and _cap(doc[end]) and end - tok.i <= 3:
                end += 1
            span = (tok.i, end, words.natural_before[low])
        if span is None or any(s < span[1] and span[0] < e for s, e in taken):
            continue
        start, end, feature = span
        text = doc[start:end].text
        known = [c for c in gazetteer.find(text) if c.feature in _AREA_FEATURES]
        if known:
            out.append(Site(start, end, known[0], near=False))
        elif home is not None:
            out.append(Site(start, end, _as_site(home, name=text, feature=feature), near=False))
        taken = [*taken, (start, end)]
    return out


def dateline_sites(doc: Any, *, pick: Any, gazetteer: Gazetteer) -> list[Site]:
    """All-caps places opening a sentence and followed by a dash or an agency tag ("KELSO (AP) —")."""
    out: list[Site] = []
    for sent in doc.sents:
        start = sent.start
        end = start
        while end < sent.end and doc[end].is_upper and doc[end].is_alpha and end - start < 4:
            end += 1
        if end == start or end >= len(doc):
            continue
        nxt = doc[end]
        after_tag = nxt.text == "(" and end + 1 < len(doc) and doc[end + 1].lower_ in _AGENCIES
        if nxt.text not in _DASHES and not after_tag and nxt.text != ",":
            continue
        if nxt.text == ",":  # "KELSO, Wash. —": the unit then the dash
            k = end + 1
            while k < len(doc) and k - end < 5 and doc[k].text not in _DASHES:
                k += 1
            if k >= len(doc) or doc[k].text not in _DASHES:
                continue
        readings = [c for c in gazetteer.find(doc[start:end].text) if c.feature in (CITY, ADMIN2, ADMIN1, COUNTRY)]
        picked = pick(readings)
        if picked is not None:
            out.append(Site(start, end, picked, near=False))
    return out
