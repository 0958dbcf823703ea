"""Country lookup: any spelling or code, with ISO numeric, Gleditsch-Ward numbers and ACLED/UCDP regions."""

from __future__ import annotations

import pytest

from flashpoint.export.countries import lookup


@pytest.mark.parametrize("text", ["Ghana", "ghana", "GH", "gh", "GHA", "gha", " Republic of Ghana "])
def test_every_spelling_finds_the_same_country(text: str) -> None:
    found = lookup(text)
    assert found is not None
    assert (found.iso3, found.iso2, found.numeric, found.gw_code) == ("GHA", "GH", 288, 452)


def test_unknown_and_empty() -> None:
    assert lookup("Atlantis") is None
    assert lookup("") is None
    assert lookup(None) is None


@pytest.mark.parametrize(
    ("text", "acled", "ucdp"),
    [
        ("Kenya", "Eastern Africa", "Africa"),
        ("Iran", "Middle East", "Middle East"),  # UN Southern Asia, ACLED Middle East
        ("Georgia", "Caucasus and Central Asia", "Europe"),  # UN Western Asia; GW 372
        ("Egypt", "Northern Africa", "Middle East"),  # GW 651
        ("Colombia", "South America", "Americas"),
        ("Myanmar", "Southeast Asia", "Asia"),
        ("Ukraine", "Europe", "Europe"),
        ("Palestine", "Middle East", "Middle East"),  # no GW number: falls back on ACLED's region
    ],
)
def test_regions(text: str, acled: str, ucdp: str) -> None:
    found = lookup(text)
    assert found is not None
    assert (found.acled_region, found.ucdp_region) == (acled, ucdp)


def test_the_table_is_the_one_country_converter_builds() -> None:
    """The data file read without pandas gives the table ``country_converter.CountryConverter()`` gives."""
    import country_converter

    from flashpoint.export.countries import CountryCodes, converter_rows

    regions = {"by_un_subregion": {"Western Africa": "Western Africa"}, "by_iso3": {"IRN": "Middle East"}}
    theirs = CountryCodes(country_converter.CountryConverter().data.to_dict("records"), regions)
    ours = CountryCodes(converter_rows(), regions)
    assert ours._by_iso3 == theirs._by_iso3
    assert ours._by_key == theirs._by_key
    assert [(p.pattern, iso3) for p, iso3 in ours._patterns] == [(p.pattern, iso3) for p, iso3 in theirs._patterns]
    assert len(ours._by_iso3) > 240
    namibia = ours.lookup("Namibia")
    assert namibia is not None
    assert namibia.iso2 == "NA"  # "NA" is Namibia, not a missing value
