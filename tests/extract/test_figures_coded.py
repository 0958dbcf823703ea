"""Figures: a note that states its own death total ("Fatalities coded as 2.") and the override of that total in
`event_fatalities`, pinned whole on notes written here (invented places and events).

The rule reads an annotation when a text carries one; nothing else depends on it. Each row is a note and
every figure it must give: (kind, victims, phrase, (low, best, high, ACLED), UCDP (low, best, high),
background, running total), then the event's ACLED fatalities (value, low, high).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from flashpoint.extract.figures import STAGE, event_fatalities
from flashpoint.records import Claim, Evidence, Figure, FigureKind

from .figures_tools import figures_of as _figures
from .figures_tools import pinned as _pinned

K = FigureKind.KILLED
RAID = "Gunmen raided a cattle camp near Veltro on Monday and set fire to huts."


def _coded(phrase: str, n: int) -> tuple[Any, ...]:
    return (K, "unknown", phrase, (n, n, n, n), (n, n, n), False, False)


NOTES = [
    # the stated total in digits, in words, in capitals, with a hyphenated number, singular "death", "deaths"
    (f"{RAID} Fatalities coded as 2.", [_coded("Fatalities coded as 2", 2)], (2, 2, 2)),
    (f"{RAID} Fatalities coded as two.", [_coded("Fatalities coded as two", 2)], (2, 2, 2)),
    (f"{RAID} FATALITIES CODED AS 3.", [_coded("FATALITIES CODED AS 3", 3)], (3, 3, 3)),
    ("Gunmen raided a cattle camp near Veltro on Monday. Deaths are coded as twenty-one.",
     [_coded("Deaths are coded as twenty-one", 21)], (21, 21, 21)),
    ("Gunmen raided a cattle camp near Veltro on Monday. Death coded as 1.", [_coded("Death coded as 1", 1)],
     (1, 1, 1)),
    # words between the death noun and "coded as" belong to the phrase
    ("Gunmen raided a cattle camp near Veltro on Monday. The deaths of herders in this raid are coded as 6.",
     [_coded("deaths of herders in this raid are coded as 6", 6)], (6, 6, 6)),
    # the stated total replaces the figures of the text, larger or smaller, and a stated zero too
    ("Gunmen raided a cattle camp near Veltro on Monday; five herders were killed. Fatalities coded as 3.",
     [(K, "civilians", "five herders were killed", (5, 5, 5, 5), (5, 5, 5), False, False),
      _coded("Fatalities coded as 3", 3)], (3, 3, 3)),
    ("Gunmen raided a cattle camp near Veltro on Monday; five herders were killed. Fatalities coded as 0.",
     [(K, "civilians", "five herders were killed", (5, 5, 5, 5), (5, 5, 5), False, False),
      _coded("Fatalities coded as 0", 0)], (0, 0, 0)),
    ("Gunmen raided a cattle camp near Veltro on Monday. Two herders died. Fatalities coded as 2.",
     [(K, "civilians", "Two herders died", (2, 2, 2, 2), (2, 2, 2), False, False),
      _coded("Fatalities coded as 2", 2)], (2, 2, 2)),
    # a word that is no count states no total: the death noun stays deaths of an unknown number
    (f"{RAID} Fatalities coded as many.",
     [(K, "unknown", "Fatalities", (1, None, None, 10), (1, 1, 1), False, False)], (10, 1, None)),
    (f"{RAID} Fatalities coded as unknown.",
     [(K, "unknown", "Fatalities", (1, None, None, 10), (1, 1, 1), False, False)], (10, 1, None)),
    # a number the text already counts as deaths is no second total
    ("Gunmen raided a cattle camp near Veltro on Monday. Fatalities coded as 3 dead.",
     [(K, "unknown", "Fatalities", (1, None, None, 10), (1, 1, 1), False, False),
      (K, "unknown", "3 dead", (3, 3, 3, 3), (3, 3, 3), False, False)], (3, 3, 3)),
    # a later line of the note still states its total after one that states none or one already counted
    ("Gunmen raided a cattle camp near Veltro on Monday. Fatalities coded as unknown at first; deaths coded as 2 "
     "after the count.",
     [(K, "unknown", "Fatalities", (1, None, None, 10), (1, 1, 1), False, False), _coded("deaths coded as 2", 2)],
     (2, 2, 2)),
    ("Gunmen raided a cattle camp near Veltro on Monday. Fatalities coded as 3 dead in the first report; deaths "
     "coded as 4 after the count.",
     [(K, "unknown", "Fatalities", (1, None, None, 10), (1, 1, 1), False, False),
      (K, "unknown", "3 dead", (3, 3, 3, 3), (3, 3, 3), False, False), _coded("deaths coded as 4", 4)], (4, 4, 4)),
    # only deaths are stated totals
    (f"{RAID} Injuries coded as 6.", [], (0, 0, 0)),
]  # fmt: skip


def _id(text: str) -> str:
    """A test id from the sentence's words (ASCII, stable when rows are added: mutmut maps tests by id)."""
    return "_".join(re.findall(r"[A-Za-z0-9]+", text))


@pytest.mark.parametrize(("text", "expected", "fatalities"), NOTES, ids=[_id(row[0]) for row in NOTES])
def test_a_stated_total_is_one_death_figure_that_decides(
    parse: Any, text: str, expected: list[tuple[Any, ...]], fatalities: tuple[int, int, int]
) -> None:
    figs = _figures(parse, text)
    assert _pinned(figs) == expected
    assert event_fatalities(figs) == fatalities


def _fig(acled: int, phrase: str) -> Figure:
    ev = Evidence("t", 0, len(phrase), phrase, STAGE)
    return Figure(
        kind=K,
        victims="unknown",
        phrase=phrase,
        low=acled,
        best=acled,
        high=acled,
        acled_value=acled,
        ucdp_low=acled,
        ucdp_best=acled,
        ucdp_high=acled,
        claim=Claim(evidence=ev),
        evidence=ev,
    )


def test_the_first_stated_total_overrides_the_others() -> None:
    """Read whatever its case; the first of two stated totals wins, a stated zero too."""
    assert event_fatalities((_fig(9, "nine people were killed"), _fig(4, "FATALITIES CODED AS 4"))) == (4, 4, 4)
    assert event_fatalities((_fig(5, "Deaths coded as 5"), _fig(7, "deaths coded as 7"))) == (5, 5, 5)
    assert event_fatalities((_fig(3, "three were killed"), _fig(0, "Fatalities coded as 0"))) == (0, 0, 0)
