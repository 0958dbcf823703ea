"""Tests for flashpoint.ingest.meta: publication dates from metadata strings, country hints."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.ingest.meta import country_to_iso3, parse_published

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-06", D(2022, 1, 6)),
        ("2022-01-06T23:30:00+06:00", D(2022, 1, 6)),  # local day as written, not moved to UTC
        ("2022-01-06 08:15", D(2022, 1, 6)),
        ("20220106", D(2022, 1, 6)),
        ("2022/1/6", D(2022, 1, 6)),
        ("Thu, 06 Jan 2022 01:10:00 +0600", D(2022, 1, 6)),  # RFC 822 feed date, not shifted to Jan 5
        ("6 January 2022", D(2022, 1, 6)),
        ("06-January-2022", D(2022, 1, 6)),
        ("January 6, 2022", D(2022, 1, 6)),
        ("Jan 6th, 2022", D(2022, 1, 6)),
        ("Thursday, 6 January 2022", D(2022, 1, 6)),
        ("25/12/2021", D(2021, 12, 25)),  # unambiguous: day over 12
        ("12/25/2021", D(2021, 12, 25)),
        ("06.01.2022", D(2022, 1, 6)),
        ("6 janvier 2022", D(2022, 1, 6)),  # dateparser handles other languages
        (D(2020, 5, 1), D(2020, 5, 1)),
        (dt.datetime(2020, 5, 1, 23, 0), D(2020, 5, 1)),
    ],
)
def test_dates(value: object, expected: dt.date) -> None:
    assert parse_published(value) == expected


def test_ambiguous_numeric_date_follows_date_order() -> None:
    assert parse_published("03/04/2021") == D(2021, 4, 3)
    assert parse_published("03/04/2021", date_order="MDY") == D(2021, 3, 4)


@pytest.mark.parametrize("value", [None, "", "not a date", "yesterday", "last Tuesday", "2022-13-45", "31/02/2022"])
def test_no_date(value: object) -> None:
    assert parse_published(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Kazakhstan", "KAZ"),
        ("KZ", "KAZ"),
        ("kaz", "KAZ"),
        ("Russia", "RUS"),
        ("Democratic Republic of Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Curacao", "CUW"),
        ("Korea, Republic of", "KOR"),
        ("Republic of Korea", "KOR"),
        ("the Gambia", "GMB"),
        ("St Kitts and Nevis", "KNA"),
        ("UK", "GBR"),
        ("U.S.", "USA"),
        ("Kosovo", "XKX"),
        ("Palestine", "PSE"),
        ("  Bosnia and Herzegovina ", "BIH"),
    ],
)
def test_country_names_and_codes(value: str, expected: str) -> None:
    assert country_to_iso3(value) == expected


def test_unknown_country_kept_as_given() -> None:
    assert country_to_iso3("Atlantis ") == "Atlantis"
    assert country_to_iso3("") is None
    assert country_to_iso3(None) is None
