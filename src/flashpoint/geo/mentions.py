"""Every place mention of an article as plain JSON-ready records (``flashpoint geocode --input``).

Reads a :class:`~flashpoint.records.Geography` (what :func:`flashpoint.geo.resolve.resolve_places` wrote) and
writes one mapping per article: ``{"id", "mentions": [...]}``, each mention with its character offsets in the
article text, the text as written, the resolved place (name, point, ISO3 country, GeoNames id, feature), the
role the place plays in the article and its ACLED ``geo_precision``. Event places and all others are listed;
demonyms are mentions of their country. Offsets index the text exactly as it was given (no normalisation), so
a geoparsing scorer can align them with hand-marked toponyms.
"""

from __future__ import annotations

from typing import Any

from flashpoint.records import Geography, PlaceMention

#: Keys of one mention record, in output order (documented in docs/geocoding.md).
MENTION_KEYS = (
    "start",
    "end",
    "text",
    "name",
    "latitude",
    "longitude",
    "country_iso3",
    "geonameid",
    "feature",
    "role",
    "geo_precision",
)


def mention_record(mention: PlaceMention) -> dict[str, Any]:
    """One resolved mention as a JSON-ready mapping (keys :data:`MENTION_KEYS`)."""
    place = mention.place
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "country_iso3": place.country_iso3,
        "geonameid": place.geonameid,
        "feature": place.feature,
        "role": mention.role,
        "geo_precision": place.geo_precision,
    }


def article_record(article_id: str, geography: Geography) -> dict[str, Any]:
    """``{"id", "mentions"}`` for one article, mentions in text order, one per distinct span."""
    seen: set[tuple[int, int]] = set()
    rows: list[dict[str, Any]] = []
    for mention in sorted(geography.mentions, key=lambda m: (m.start, m.end)):
        if (mention.start, mention.end) in seen:
            continue
        seen.add((mention.start, mention.end))
        rows.append(mention_record(mention))
    return {"id": article_id, "mentions": rows}
