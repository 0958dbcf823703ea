"""Report metadata: publication dates and country hints, read from metadata fields only.

Reads the strings a header line, a batch column, a feed entry or an HTML page gives for the publication
date and the country; writes a :class:`datetime.date` and an ISO 3166-1 alpha-3 code. Dates are never
looked for in the body text here (that is the date extractor's job, against this publication date).

Date strings are tried, in order: ISO 8601 (date as written, the time zone is not applied, so a report
dated 23:30 local time keeps its local day), RFC 822/2822 (feeds), numeric day/month/year, common
English forms with month names, and finally ``dateparser`` (other languages and odd forms) when the
string holds a four-digit year. Relative expressions ("yesterday") are refused: they would make the
result depend on the day the batch is run.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import unicodedata
from collections.abc import Mapping
from email.utils import parsedate_tz
from importlib import resources
from types import MappingProxyType
from typing import Any

log = logging.getLogger(__name__)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")
_ISO_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%d-%B-%Y",
    "%d-%b-%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B, %Y",
    "%A, %d %B %Y",
    "%A %d %B %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
    "%d.%m.%Y",
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_published(value: object, *, date_order: str = "DMY") -> dt.date | None:
    """The calendar date a metadata string gives, or ``None`` when it holds no full date.

    ``date_order`` ("DMY" or "MDY") decides numeric dates that read both ways ("03/04/2021"); when one
    part is over 12 the order is clear and the option is not used.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    if not text or len(text) > 100:
        return None
    return _parse_cached(text, date_order)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, date_order: str) -> dt.date | None:
    found = _fast(text, date_order)
    if found is None and _YEAR.search(text):
        found = _with_dateparser(text, date_order)
    if found is not None and not _MIN_YEAR <= found.year <= _MAX_YEAR:
        return None
    return found


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _fast(text: str, date_order: str) -> dt.date | None:
    m = _ISO.match(text) or _ISO_COMPACT.match(text) or _YMD.match(text)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day_first = a > 12 or (b <= 12 and date_order == "DMY")
        return _date(year, b, a) if day_first else _date(year, a, b)
    rfc = parsedate_tz(text) if "," in text or ":" in text else None
    if rfc is not None:
        return _date(rfc[0], rfc[1], rfc[2])
    cleaned = _ORDINAL.sub("", text)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _with_dateparser(text: str, date_order: str) -> dt.date | None:
    import dateparser  # type: ignore[import-untyped]  # slow import: only for unusual date strings

    settings: dict[str, Any] = {
        "DATE_ORDER": date_order,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["timestamp", "absolute-time"],
    }
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, TypeError, OverflowError, LookupError) as exc:
        log.debug("dateparser failed on %r: %s", text, exc)
        return None
    return parsed.date() if parsed is not None else None


# --- country hints --------------------------------------------------------------------------------------
_PUNCT = re.compile(r"[^\w\s]")
_INVERTED = re.compile(r"^(?P<head>[^,]+),\s*(?P<tail>.+)$")


def country_key(name: str) -> str:
    """A matching key for a country name: no accents, lower case, punctuation and a leading "the" dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "").replace(".", "")
    text = " ".join(_PUNCT.sub(" ", text).split())
    text = re.sub(r"^st ", "saint ", text.replace(" st ", " saint "))
    return text[4:] if text.startswith("the ") else text


@functools.lru_cache(maxsize=1)
def _country_index() -> Mapping[str, str]:
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if not name:
                continue
            index.setdefault(country_key(name), country.alpha_3)
            inverted = _INVERTED.match(name)
            if inverted:  # "Korea, Republic of" -> "Republic of Korea"
                flipped = f"{inverted.group('tail')} {inverted.group('head')}"
                index.setdefault(country_key(flipped), country.alpha_3)
    raw = json.loads(resources.files("flashpoint.data").joinpath("ingest_country_aliases.json").read_text("utf-8"))
    for key, code in raw["aliases"].items():
        index[country_key(key)] = code
    return MappingProxyType(index)


@functools.lru_cache(maxsize=2048)
def country_to_iso3(value: str | None) -> str | None:
    """ISO 3166-1 alpha-3 code for a country given as a name, alpha-2 or alpha-3 code.

    Unknown values are returned as given (stripped), so an analyst's own coding is never lost; empty
    values give ``None``.
    """
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    import pycountry

    if text.isascii() and text.isalpha() and len(text) in (2, 3):
        code = text.upper()
        found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
        if found is not None:
            return str(found.alpha_3)
        if code == "XKX":
            return code
    return _country_index().get(country_key(text), text)
