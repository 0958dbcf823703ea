"""Figures: the ACLED fatalities rules of `event_fatalities` and `incident_fatalities` on figures built field by
field (no parse), and the rules that keep a counted group's members from counting twice, on sentences written
here."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from flashpoint.extract.figures import STAGE, event_fatalities, incident_fatalities
from flashpoint.records import Certainty, Claim, Evidence, Figure, FigureKind

from .figures_tools import figures_of as _figures

K, INJ, ARR = FigureKind.KILLED, FigureKind.INJURED, FigureKind.ARRESTED


def _fig(
    acled: int | None,
    *,
    victims: str = "unknown",
    kind: FigureKind = K,
    low: int | None = -1,
    high: int | None = -1,
    certainty: Certainty = Certainty.ASSERTED,
    background: bool = False,
    total: bool = False,
) -> Figure:
    """A figure as the extractor would give it; ``low``/``high`` default to the ACLED value."""
    ev = Evidence("t", 0, 5, "words", STAGE)
    return Figure(
        kind=kind,
        victims=victims,
        phrase="words",
        low=acled if low == -1 else low,
        best=acled,
        high=acled if high == -1 else high,
        acled_value=acled,
        ucdp_low=acled,
        ucdp_best=acled,
        ucdp_high=acled,
        claim=Claim(evidence=ev, certainty=certainty),
        evidence=ev,
        background=background,
        total=total,
    )


def test_no_deaths_give_zero() -> None:
    assert event_fatalities(()) == (0, 0, 0)
    assert event_fatalities((_fig(5, kind=INJ), _fig(7, kind=ARR))) == (0, 0, 0)
    assert event_fatalities((_fig(None),)) == (0, 0, 0)  # a death count without a value counts nothing


@pytest.mark.parametrize("certainty", [Certainty.DENIED, Certainty.HYPOTHETICAL, Certainty.FUTURE])
def test_deaths_that_did_not_happen_count_nothing(certainty: Certainty) -> None:
    assert event_fatalities((_fig(4, certainty=certainty),)) == (0, 0, 0)


@pytest.mark.parametrize("certainty", [Certainty.REPORTED, Certainty.CLAIMED, Certainty.HEDGED])
def test_attributed_and_hedged_deaths_count(certainty: Certainty) -> None:
    assert event_fatalities((_fig(4, certainty=certainty),)) == (4, 4, 4)


def test_background_deaths_count_nothing() -> None:
    assert event_fatalities((_fig(3, background=True), _fig(2, victims="civilians"))) == (2, 2, 2)


def test_within_a_group_the_smallest_figure_is_taken() -> None:
    # two reports of one group's deaths: the most conservative, whichever comes first
    assert event_fatalities((_fig(9, victims="civilians"), _fig(6, victims="civilians"))) == (6, 6, 6)
    assert event_fatalities((_fig(6, victims="civilians"), _fig(9, victims="civilians"))) == (6, 6, 6)
    assert event_fatalities((_fig(3), _fig(1))) == (1, 1, 1)
    assert event_fatalities((_fig(1), _fig(0))) == (0, 0, 0)  # "no one was killed" is the smallest figure


def test_groups_add_up_with_their_intervals() -> None:
    figs = (_fig(4, victims="security forces", low=4, high=None), _fig(10, victims="rebels", low=24, high=99))
    assert event_fatalities(figs) == (14, 28, None)  # one open upper bound leaves the sum open
    figs = (_fig(4, victims="security forces", low=3, high=5), _fig(2, victims="civilians", low=2, high=2))
    assert event_fatalities(figs) == (6, 5, 7)


def test_a_missing_low_end_falls_back_to_the_acled_value() -> None:
    # "up to 15" has no low end: the interval starts at the value ACLED codes
    assert event_fatalities((_fig(15, low=None, high=15),)) == (15, 15, 15)
    figs = (_fig(15, victims="protesters", low=None, high=15), _fig(2, victims="civilians", low=1))
    assert event_fatalities(figs) == (17, 16, 17)


def test_a_generic_toll_replaces_the_groups_only_when_it_is_at_least_their_sum() -> None:
    groups = (_fig(3, victims="security forces"), _fig(2, victims="civilians"))
    assert event_fatalities((*groups, _fig(5, low=4, high=6))) == (5, 4, 6)  # equal: the toll, with its interval
    assert event_fatalities((*groups, _fig(8, low=7, high=9))) == (8, 7, 9)
    assert event_fatalities((*groups, _fig(4))) == (5, 5, 5)  # smaller: the groups
    assert event_fatalities((_fig(0), _fig(1, victims="civilians"))) == (1, 1, 1)
    assert event_fatalities((_fig(0),)) == (0, 0, 0)  # "no one was killed"


def test_incident_fatalities_drop_running_totals_and_keep_background_only_for_the_violence() -> None:
    figs = (_fig(2, victims="civilians"), _fig(3, victims="rebels", background=True), _fig(700, total=True))
    assert incident_fatalities(figs, violent=True) == (5, 5, 5)
    assert incident_fatalities(figs, violent=False) == (2, 2, 2)
    assert figs[1].background  # the caller's figures are not changed


def test_the_stage_logs_how_many_figures_it_found(parse: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="flashpoint.extract.figures"):
        _figures(parse, "Gunmen killed two guards and wounded four drivers near Koravel.")
    assert f"{STAGE}: 2 figures in article t" in caplog.messages


# groups and their members: a member named in "including", "amongst them" or "three of them" is inside the
# group's count; coordinated nouns of one group add up; coordinated clauses of one kind and group add up, of
# two kinds stay apart; a headline's bare count; a modifier on a weak head ("armed men", "army men", "rebel
# youths") names the group; a vague adjective ("numerous") is a count
GROUPS = [
    ("Dozens killed in clashes near Koravel",
     [(K, "unknown", "Dozens killed", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("Troops killed 14 militants, amongst them two commanders, near Koravel.",
     [(K, "rebels", "killed 14 militants", (14, 14, 14, 14), (14, 14, 14), False, False)]),
    ("Eight people died, including three who were shot dead by the guards.",
     [(K, "unknown", "Eight people died", (8, 8, 8, 8), (8, 8, 8), False, False)]),
    ("Two armed men were killed by police in Koravel.",
     [(K, "attackers", "Two armed men were killed", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Dozens of people, mostly women, were injured in Koravel.",
     [(INJ, "unknown", "Dozens of people, mostly women, were injured", (24, 36, 99, 12), (24, 24, 99), False,
       False)]),
    ("Three soldiers, two policemen and a guard were killed in Koravel.",
     [(K, "security forces", "Three soldiers, two policemen and a guard were killed", (6, 6, 6, 6), (6, 6, 6),
       False, False)]),
    ("Five people, three of them children, were killed in Koravel.",
     [(K, "unknown", "Five people, three of them children, were killed", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("Gunmen killed two farmers in Koravel and killed three herders in Tamsa.",
     [(K, "civilians", "killed two farmers in Koravel and killed three herders", (5, 5, 5, 5), (5, 5, 5), False,
       False)]),
    ("Police detained four people and arrested two others in Koravel.",
     [(ARR, "unknown", "detained four people", (4, 4, 4, 4), (4, 4, 4), False, False),
      (ARR, "unknown", "arrested two others", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Gunmen killed numerous civilians in Velmar.",
     [(K, "civilians", "killed numerous civilians", (3, None, None, 10), (3, 3, 3), False, False)]),
    ("Gunmen killed a man and his two sons in Velmar.",
     [(K, "civilians", "killed a man and his two sons", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Three army men were killed in Velmar.",
     [(K, "security forces", "Three army men were killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Four police men were injured in Velmar.",
     [(INJ, "security forces", "Four police men were injured", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Two rebel youths were killed in Velmar.",
     [(K, "rebels", "Two rebel youths were killed", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The attack's death toll reached 9, officials said.",
     [(K, "unknown", "toll reached 9", (9, 9, 9, 9), (9, 9, 9), False, False)]),
    ("The blast killed two, including a child.",
     [(K, "unknown", "killed two", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The fire killed nine, among them four children.",
     [(K, "unknown", "killed nine", (9, 9, 9, 9), (9, 9, 9), False, False)]),
    ("Gunmen killed five people, including a child who was shot in the head.",
     [(K, "unknown", "killed five people", (5, 5, 5, 5), (5, 5, 5), False, False)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), GROUPS, ids=[t[:48] for t, _ in GROUPS])
def test_groups_and_their_members(parse: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    got = [
        (f.kind, f.victims, f.phrase, (f.low, f.best, f.high, f.acled_value), (f.ucdp_low, f.ucdp_best, f.ucdp_high),
         f.background, f.total)
        for f in _figures(parse, text)
    ]  # fmt: skip
    assert got == expected
