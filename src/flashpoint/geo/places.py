"""Gazetteer readings -> :class:`~flashpoint.records.Place` records, with ACLED/UCDP precision codes.

Reads a :class:`~flashpoint.geo.gazetteer.Candidate` and how it was found (near a town, or standing in for an
unlisted place written with its unit); writes a frozen :class:`Place`, measuring with the package's one great-circle
distance (:func:`flashpoint.geometry.distance_km`). Every resolver pass builds its places here, so the
precision conventions live in one table.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CONTINENT, COUNTRY, REGION, SEA, WATER, Candidate
from flashpoint.geometry import distance_km
from flashpoint.records import Article, Evidence, Place

#: (ACLED geo_precision, UCDP where_prec) of areas that are not administrative units. ACLED codes a region
#: or a water body at precision 3 (a larger area); UCDP gives 7 to international waters and airspace and 5
#: to areas larger than a first-level unit but smaller than the country (a lake, a river valley, a region).
AREA_PRECISION = {
    SEA: (3, 7),
    WATER: (3, 5),
    REGION: (3, 5),
    CONTINENT: (3, 7),
}


def candidate_km(a: Candidate, b: Candidate) -> float:
    """Distance between two readings in km (infinite when one has no coordinates)."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return math.inf
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


@functools.lru_cache(maxsize=512)
def country_point(iso3: str) -> tuple[float, float] | None:
    """A country's representative point (countryinfo's rounded centre), not its capital; None if unknown.

    A country named as such ("clashes across Kenya") is the whole country: geoparsing corpora and UCDP's
    where_prec 6 place it at its centre, while the gazetteer row keeps the capital for other uses.
    """
    from countryinfo import CountryInfo, CountryNotFoundError

    try:
        point = CountryInfo(iso3).latlng()
    except (CountryNotFoundError, ValueError, KeyError):
        return None
    if not isinstance(point, list) or len(point) != 2:
        return None
    return float(point[0]), float(point[1])


def precision(feature: str, *, near: bool, fallback: bool) -> tuple[int, int]:
    """(ACLED geo_precision, UCDP where_prec) for a resolved place."""
    if feature == COUNTRY:
        return 3, 6
    if feature in AREA_PRECISION:
        return AREA_PRECISION[feature]
    if fallback:
        # an unlisted place inside a known unit: "part of a region" (UCDP: within its admin2 / admin1)
        return 2, 4 if feature == ADMIN1 else 3
    if feature == ADMIN1:
        return 3, 4
    if feature == ADMIN2:
        return 2, 3
    return (2, 2) if near else (1, 1)


def to_place(cand: Candidate, *, name: str, near: bool, fallback: bool, evidence: Evidence) -> Place:
    """The :class:`Place` of a reading; ``fallback`` marks a unit standing in for an unlisted place."""
    geo_precision, where_prec = precision(cand.feature, near=near, fallback=fallback)
    admin1: str | None
    admin2: str | None
    if cand.feature == ADMIN1:
        admin1, admin2 = cand.name, None
    elif cand.feature == ADMIN2:
        admin1, admin2 = cand.admin1, cand.name
    elif cand.feature == COUNTRY or cand.feature in AREA_PRECISION:
        admin1, admin2 = None, None
    else:
        admin1, admin2 = cand.admin1, cand.admin2
    latitude, longitude = cand.latitude, cand.longitude
    if cand.feature == COUNTRY and cand.country_iso3 and not fallback:
        latitude, longitude = country_point(cand.country_iso3) or (latitude, longitude)
    return Place(
        name=name,
        country_iso3=cand.country_iso3,
        country=cand.country,
        admin1=admin1,
        admin2=admin2,
        latitude=latitude,
        longitude=longitude,
        geo_precision=geo_precision,
        where_prec=where_prec,
        feature=cand.feature if not fallback else f"{cand.feature} (qualifier of unknown place)",
        geonameid=cand.geonameid,
        evidence=evidence,
    )


def token_evidence(doc: Any, article: Article, start: int, end: int, *, stage: str) -> Evidence:
    """Evidence for tokens ``start:end`` of a parsed article (character offsets into its text)."""
    span = doc[start:end]
    return Evidence(article_id=article.id, start=span.start_char, end=span.end_char, text=span.text, stage=stage)
