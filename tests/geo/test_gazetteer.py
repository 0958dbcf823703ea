"""The gazetteer: name normalisation, English admin names, and lookups by name and alternate name."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.geo.gazetteer import COUNTRY, english_admin_name, normalise


@pytest.mark.parametrize(
    ("text", "key"),
    [("N'Djaména", "ndjamena"), ("Alma-Ata", "alma ata"), ("Dar'ā", "dara"), ("  São  Paulo ", "sao paulo")],
)
def test_normalise(text: str, key: str) -> None:
    assert normalise(text) == key


def test_english_admin_name_prefers_english_designation() -> None:
    assert english_admin_name("Ḩalab", ["Aleppo", "Aleppo Governorate", "حلب"]) == "Aleppo"
    assert english_admin_name("Batys Qazaqstan oblysy", ["West Kazakhstan", "Западно"]) == "West Kazakhstan"
    assert english_admin_name("Fier", []) == "Fier"


@pytest.mark.parametrize(
    ("name", "iso3", "canonical"),
    [("Alma-Ata", "KAZ", "Almaty"), ("Kiev", "UKR", "Kyiv"), ("Nur-Sultan", "KAZ", "Astana")],
)
def test_alternate_names(gazetteer: Any, name: str, iso3: str, canonical: str) -> None:
    best = gazetteer.find(name)[0]
    assert best.country_iso3 == iso3
    assert best.name == canonical


def test_almaty_city_coordinates(gazetteer: Any) -> None:
    city = next(c for c in gazetteer.find("Almaty") if c.feature == "populated place")
    assert abs(city.latitude - 43.25) < 0.1
    assert abs(city.longitude - 76.92) < 0.1
    assert city.admin1 == "Almaty"


def test_countries_have_acled_names(gazetteer: Any) -> None:
    assert gazetteer.country_name("COD") == "Democratic Republic of Congo"
    assert gazetteer.country_name("SYR") == "Syria"
    drc = gazetteer.find("DRC")[0]
    assert drc.feature == COUNTRY
    assert drc.country_iso3 == "COD"
    assert gazetteer.country("KAZ").latitude is not None


def test_hierarchy_columns(gazetteer: Any) -> None:
    binga = next(c for c in gazetteer.find("Binga") if c.country_iso3 == "COD")
    assert binga.admin1 == "Mongala"
    assert binga.admin2 == "Lisala"


def test_unknown_name(gazetteer: Any) -> None:
    assert gazetteer.find("Qwzxv Nonexistentville") == ()


def test_exonym_of_a_unit_named_after_its_town() -> None:
    from flashpoint.geo.gazetteer import exonym

    assert exonym("Beograd", ["Belgrade"], [("Belgrade", 1_200_000), ("Zemun", 150_000)]) == "Belgrade"
    # an alias naming the capital of a differently named region does not rename the region
    assert exonym("Cantabria", ["Santander"], [("Santander", 170_000)]) == "Cantabria"
    assert exonym("Idlib", ["Idlib Governorate"], [("Idlib", 160_000)]) == "Idlib"


def test_designation_words_give_extra_keys() -> None:
    from flashpoint.geo.gazetteer import designation_free

    assert designation_free("kadikoy ilcesi") == "kadikoy"
    assert designation_free("kabupaten garut") == "garut"
    assert designation_free("caza de zahleh") == "zahleh"
    assert designation_free("city") == "city"


def test_local_admin_names_are_found_by_their_core(gazetteer: Any) -> None:
    assert any(c.feature == "admin2" and c.country_iso3 == "IDN" for c in gazetteer.find("Garut"))
    assert any(c.feature == "admin1" and c.name == "Belgrade" for c in gazetteer.find("Belgrade"))


def test_town_without_admin1_takes_its_nearest_unit(gazetteer: Any) -> None:
    # GeoNames files Nouakchott under no first-level unit; its districts lie around it.
    town = next(c for c in gazetteer.find("Nouakchott") if c.country_iso3 == "MRT")
    assert town.admin1 is not None
    assert town.admin1.startswith("Nouakchott")
    assert town.admin1_id is not None
    # a town that already has its unit keeps it
    almaty = next(c for c in gazetteer.find("Almaty") if c.feature == "populated place")
    assert almaty.admin1 is not None
    assert "Almaty" in almaty.admin1


def test_units_named_from_the_first_word_of_a_long_name(gazetteer: Any) -> None:
    found = gazetteer.units_named_from("bocas", connectors=frozenset({"del", "de"}))
    assert "Bocas del Toro" in [c.name for c in found]
    assert all(not c.primary and c.feature in ("admin1", "admin2") for c in found)
    assert gazetteer.units_named_from("bocas", connectors=frozenset()) == ()
    assert gazetteer.units_named_from("", connectors=frozenset({"del"})) == ()
