"""Tests for flashpoint.extract.quantities: every rule of reading a count, pinned value by value.

Written for issue 16 (mutation testing showed these rules were only reached through the figure tests);
each expected value follows from the rule named in the test, not from a run of the code.
"""

from __future__ import annotations

import pytest

from flashpoint.extract.quantities import Quantity, number_value, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12), ("1,000", 1000), ("12,500,000", 12_500_000), ("2.5 million", 2_500_000),
        ("3 hundred", 300), ("2 thousand", 2000), ("1 billion", 1_000_000_000), ("1.5 Million", 1_500_000),
        ("0.4", 0), ("twenty-five", 25), ("Twenty", 20), ("ninety nine", 99), ("two hundred and five", 205),
        ("one thousand two hundred", 1200), ("three million", 3_000_000), ("hundred", 100), ("thousand", 1000),
        ("two-hundred-thousand", 200_000), ("five million three hundred thousand", 5_300_000), ("zero", 0),
        ("and", None), ("", None), ("banana", None), ("twenty bananas", None),
    ],
)  # fmt: skip
def test_number_value(text: str, value: int | None) -> None:
    assert number_value(text) == value


def _q(phrase: str, *, singular_ok: bool = False) -> tuple[int | None, ...] | None:
    found = parse_quantity(phrase, singular_ok=singular_ok)
    return None if found is None else (found.low, found.best, found.high, found.acled)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # no modifier: exact
        ("12", (12, 12, 12, 12)),
        ("the 3 buses and 12", (12, 12, 12, 12)),  # the last number is the count
        # at least N: open above, ACLED takes N
        ("at least 8", (8, 8, None, 8)),
        ("no fewer than 30", (30, 30, None, 30)),
        # more than N: N + 1, open above
        ("more than 20", (21, 21, None, 21)),
        ("over 1,000", (1001, 1001, None, 1001)),
        # up to N: anything up to N, ACLED takes N; "up to 1" is exactly one
        ("up to 40", (None, 40, 40, 40)),
        ("as many as 1", (1, 1, 1, 1)),
        ("up to 2", (None, 2, 2, 2)),
        # about N: +-10 % from 10 up (rounded up), exact below 10
        ("about 9", (9, 9, 9, 9)),
        ("about 10", (9, 10, 11, 10)),
        ("around 200", (180, 200, 220, 200)),
        ("some 25", (22, 25, 28, 25)),
        # nearly N: just under N (one less; the low end 10 % or 1 under)
        ("nearly 50", (45, 49, 49, 49)),
        ("almost 10", (9, 9, 9, 9)),
        ("nearly 5", (4, 4, 4, 4)),
        ("nearly 1", (0, 1, 1, 1)),
        ("nearly 2", (1, 1, 1, 1)),
        # ranges: low end is the ACLED value; a reversed "range" is not one
        ("between 5 and 7", (5, 5, 7, 5)),
        ("10-15", (10, 10, 15, 10)),
        ("20 to 30", (20, 20, 30, 20)),
        ("two or three", (2, 2, 3, 2)),
        ("7 or 5", (5, 5, 5, 5)),
        # vague words from the lexicon; "more than" a vague quantity is one more than its ACLED value
        ("dozens", (24, 36, 99, 12)),
        ("hundreds", (200, 300, 999, 100)),
        ("more than a dozen", (13, 13, None, 13)),
        ("more than dozens", (13, 13, None, 13)),  # one more than ACLED's 12, not than the low end
        ("some 200", (180, 200, 220, 200)),  # a number wins over a vague word
        # none
        ("no", (0, 0, 0, 0)),
        ("nobody", (0, 0, 0, 0)),
        ("no one", (0, 0, 0, 0)),
        ("Nobody", (0, 0, 0, 0)),
        ("none", (0, 0, 0, 0)),
        ("without", (0, 0, 0, 0)),
        ("the", None),
        ("", None),
    ],
)
def test_parse_quantity(phrase: str, expected: tuple[int | None, ...] | None) -> None:
    assert _q(phrase) == expected


def test_a_lone_article_counts_one_only_when_asked() -> None:
    assert _q("a", singular_ok=True) == (1, 1, 1, 1)
    assert _q("another", singular_ok=True) == (1, 1, 1, 1)
    assert _q("A", singular_ok=True) == (1, 1, 1, 1)
    assert parse_quantity("the lone", singular_ok=True) == Quantity(1, 1, 1, 1, 4, 8)
    assert _q("a") is None
    assert _q("the", singular_ok=True) is None


def test_offsets_and_vagueness() -> None:
    assert parse_quantity("the 12") == Quantity(12, 12, 12, 12, 4, 6)
    assert parse_quantity("at least 8") == Quantity(8, 8, None, 8, 0, 10)
    assert parse_quantity("between 5 and 7") == Quantity(5, 5, 7, 5, 0, 15)
    assert parse_quantity("5 to 5") == Quantity(5, 5, 5, 5, 5, 6)  # not a range: the last number
    dozens = parse_quantity("killing dozens")
    assert dozens is not None
    assert (dozens.start, dozens.end, dozens.vague) == (8, 14, True)
    nobody = parse_quantity("nobody")
    assert nobody is not None
    assert (nobody.start, nobody.end, nobody.vague) == (0, 6, False)


def test_a_day_after_a_month_is_a_date_not_a_range() -> None:
    # "March 8 - 11 people": 8 is the day of the dateline; 11 is the count
    assert _q("March 8 - 11") == (11, 11, 11, 11)
