"""Figures (issue 11): running totals are context, and a violent event counts the deaths it is about."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.extract.figures import incident_fatalities
from flashpoint.records import FigureKind

from .figures_tools import figures_of as _figures


@pytest.mark.parametrize(
    "text",
    [
        "More than 9,000 people have died in twelve years of war in the country.",
        "The insurgency has killed thousands of civilians since 2011.",
        "About 300 people were killed over the past decade in the border region.",
        "Some 40,000 people have died since the conflict began.",
    ],
)
def test_a_running_total_is_marked_and_never_counted(parse: Any, text: str) -> None:
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    assert killed
    assert all(f.total for f in killed)
    assert incident_fatalities(killed, violent=True) == (0, 0, 0)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed four farmers near Lindo on Sunday.",
        "A car bomb killed three soldiers in the capital on Monday.",
        "Two guards died in the attack on the depot last week.",
    ],
)
def test_an_incident_toll_is_not_a_total(parse: Any, text: str) -> None:
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    assert killed
    assert not any(f.total for f in killed)
    assert incident_fatalities(killed, violent=True)[0] > 0


def test_background_deaths_count_only_for_the_violent_event_itself(parse: Any) -> None:
    text = "The minister condemned the assassination of the opposition leader Anselm Ferrand in the capital."
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    assert killed
    assert all(f.background for f in killed)
    assert incident_fatalities(killed, violent=True)[0] == 1
    assert incident_fatalities(killed, violent=False)[0] == 0


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Two of the wounded guards passed away in hospital on Tuesday, the army said.", 2),
        ("Three officers succumbed to their injuries on Wednesday.", 3),
    ],
)
def test_deaths_told_as_passing_away_or_succumbing_are_killed(parse: Any, text: str, count: int) -> None:
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    assert [f.best for f in killed] == [count]


def test_passing_a_place_is_no_death(parse: Any) -> None:
    text = "Two convoys passed the checkpoint at noon and drove away towards the border."
    assert not [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said six people had died, including two who succumbed to their wounds on Monday.",
        "Eleven miners were killed, including three who were shot dead as they fled.",
    ],
)
def test_a_part_of_a_counted_toll_is_no_second_claim(parse: Any, text: str) -> None:
    """A relative clause on the members of a counted group ('including two who succumbed') names deaths
    already inside the group's count: one figure, the group's."""
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    expected = 6 if "six" in text else 11
    assert [(f.low, f.high) for f in killed] == [(expected, expected)]


def test_deaths_among_a_group_counted_for_another_kind_stay_their_own_figure(parse: Any) -> None:
    text = "The blast wounded twenty workers, including three who later died in hospital."
    kinds = sorted((f.kind.value, f.low) for f in _figures(parse, text))
    assert ("killed", 3) in kinds
    assert ("injured", 20) in kinds
