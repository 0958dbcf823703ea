"""Figures (issue 14): deaths reported without a number take ACLED's value for an unknown number."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.extract.figures import event_fatalities

from .figures_tools import figures_of as _figures


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("Troops repelled an attack on their base near Kolva, incurring fatalities.", 10),
        ("Fighting near Kolva caused deaths on both sides, residents said.", 10),
        ("Troops repelled an attack on their base near Kolva, with no deaths or injuries reported.", 0),
        ("The shelling of Kolva did not cause deaths.", 0),
        ("Rebels attacked an army post near Kolva. The number of deaths is unknown.", 0),
    ],
)
def test_deaths_without_a_number_count_as_an_unknown_number(parse: Any, text: str, deaths: int) -> None:
    assert event_fatalities(_figures(parse, text))[0] == deaths


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("A man shot at a patrol near Kolva and officers returned fire, killing him.", 1),
        ("Gunmen stopped a trader near Kolva and shot her dead.", 1),
        ("Gunmen beat him and stole his motorbike near Kolva.", 0),
    ],
)
def test_one_person_named_by_a_pronoun_is_one_death(parse: Any, text: str, deaths: int) -> None:
    assert event_fatalities(_figures(parse, text))[0] == deaths


@pytest.mark.parametrize(
    "text",
    [
        "Farmers killed over a dozen sheep owned by herders near Kolva.",
        "Raiders killed 40 head of cattle and burned two huts near Kolva.",
        "Gunmen killed dozens of goats near Kolva.",
    ],
)
def test_animals_killed_are_no_fatalities(parse: Any, text: str) -> None:
    assert event_fatalities(_figures(parse, text))[0] == 0
