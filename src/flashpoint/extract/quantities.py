"""Quantities: read the count in an English quantity phrase ("at least eight", "dozens of", "1,000").

Reads a short phrase (the words in front of a counted noun, or a number standing alone) and writes a
:class:`Quantity`: the interval a careful reader gives it (low/best/high) and the value ACLED's coding
rules give it. Vague words and modifiers come from ``data/quantities.json``. A helper of
:mod:`flashpoint.extract.figures`; it knows nothing of spaCy.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.extract.dates import MONTH_PATTERN

_UNITS = MappingProxyType(
    {
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
        "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    }
)  # fmt: skip
_SCALES = MappingProxyType({"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000})
_NUMBER_WORD = r"(?:" + "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True)) + r")"
_SPELLED = rf"{_NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){_NUMBER_WORD})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_NUMBER = rf"(?:(?:{_DIGITS})(?:\s*(?:hundred|thousand|million|billion))?|{_SPELLED})"
_RANGE = re.compile(
    rf"(?:\bbetween\s+(?P<a>{_NUMBER})\s+and\s+|(?<![\w.,-])(?P<a2>{_NUMBER})\s*(?:-|–|\bto\b|\bor\b)\s*)"
    rf"(?P<b>{_NUMBER})(?![\w,-])",
    re.IGNORECASE,
)

_MONTH_BEFORE = re.compile(rf"\b{MONTH_PATTERN}\s*$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class Quantity:
    """A count read from a phrase: its interval, its ACLED value and where it sits in the phrase."""

    low: int | None
    best: int | None
    high: int | None
    acled: int | None
    start: int  # character offsets inside the phrase that was read
    end: int
    vague: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class QuantityTables:
    """The quantity lexicon (``data/quantities.json``) in the form the parser uses."""

    vague: MappingProxyType[str, tuple[int | None, int | None, int | None, int | None]]
    modifiers: MappingProxyType[str, str]  # phrase -> at_least | more_than | up_to | about | nearly
    zero: frozenset[str]
    one: frozenset[str]
    vague_re: re.Pattern[str]
    number_re: re.Pattern[str]


@lru_cache(maxsize=1)
def tables() -> QuantityTables:
    """Load the quantity lexicon once per process."""
    try:
        raw: dict[str, Any] = json.loads(
            resources.files("flashpoint.data").joinpath("quantities.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read quantities.json: {exc}") from exc
    vague = {
        re.sub(r"\s+of$", "", k): (v.get("low"), v.get("best"), v.get("high"), v.get("acled"))
        for k, v in raw["vague"].items()
    }
    modifiers = {phrase: kind for kind, phrases in raw["modifiers"].items() for phrase in phrases}
    mod_alt = "|".join(re.escape(m) for m in sorted(modifiers, key=len, reverse=True))
    vague_alt = "|".join(re.escape(v) for v in sorted(vague, key=len, reverse=True))
    vague_re = re.compile(rf"(?:\b(?P<mod>{mod_alt})\s+)?\b(?P<q>{vague_alt})\b", re.IGNORECASE)
    number_re = re.compile(rf"(?:\b(?P<mod>{mod_alt})\s+)?(?<![\w.,-])(?P<n>{_NUMBER})(?![\w,-]|\.\d)", re.IGNORECASE)
    return QuantityTables(
        vague=MappingProxyType(vague),
        modifiers=MappingProxyType(modifiers),
        zero=frozenset(raw["zero"]),
        one=frozenset(raw["one"]),
        vague_re=vague_re,
        number_re=number_re,
    )


def number_value(text: str) -> int | None:
    """The integer value of a number written in digits or words ("1,000", "twenty-five", "2 million")."""
    t = text.lower().replace(",", "").strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(hundred|thousand|million|billion)?", t)
    if m:
        value = float(m.group(1)) * (_SCALES[m.group(2)] if m.group(2) else 1)
        return round(value)
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", t):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _apply_modifier(mod: str | None, n: int) -> tuple[int | None, int | None, int | None, int | None]:
    kind = tables().modifiers.get(mod.lower(), "") if mod else ""
    if kind == "at_least":
        return n, n, None, n
    if kind == "more_than":
        return n + 1, n + 1, None, n + 1
    if kind == "up_to":
        return None if n > 1 else n, n, n, n
    if kind == "about":
        spread = 0 if n < 10 else math.ceil(n * 0.1)
        return n - spread, n, n + spread, n
    if kind == "nearly":
        low = n - (1 if n < 10 else math.ceil(n * 0.1))
        return max(low, 0), n - 1 if n > 1 else n, n - 1 if n > 1 else n, n - 1 if n > 1 else n
    return n, n, n, n


def parse_quantity(phrase: str, *, singular_ok: bool = False, before: str = "") -> Quantity | None:
    """Read the count in ``phrase`` (the words before a counted noun, or a bare number phrase).

    Numbers win over vague words ("some 200"), the last number in the phrase is the count ("the 12
    activists"), and with ``singular_ok`` a lone "a"/"one"/"another" counts as 1 ("a soldier was killed").
    ``before``: the text just before the phrase in its document (the parser may leave a dateline's month
    outside the phrase). Returns ``None`` when the phrase holds no count.
    """
    tab = tables()
    # "KUMASI, March 8 - Eleven people ...": a day after a month name is a date, not the low end of a range
    ranges = [m for m in _RANGE.finditer(phrase) if not _MONTH_BEFORE.search(before + phrase[: m.start()])]
    if ranges:
        m = ranges[-1]
        a, b = number_value(m.group("a") or m.group("a2")), number_value(m.group("b"))
        if a is not None and b is not None and a < b:
            return Quantity(a, a, b, a, m.start(), m.end())
    if phrase.strip().lower() in ("no one", "nobody", "none"):  # before numbers: "no one" is not a count of 1
        start = len(phrase) - len(phrase.lstrip())
        return Quantity(0, 0, 0, 0, start, len(phrase.rstrip()))
    numbers = list(tab.number_re.finditer(phrase))
    if numbers:
        m = numbers[-1]
        value = number_value(m.group("n"))
        if value is not None:
            low, best, high, acled = _apply_modifier(m.group("mod"), value)
            return Quantity(low, best, high, acled, m.start(), m.end())
    vague = list(tab.vague_re.finditer(phrase))
    if vague:
        m = vague[-1]
        low, best, high, acled = tab.vague[m.group("q").lower()]
        mod = tab.modifiers.get((m.group("mod") or "").lower(), "")
        if mod == "more_than" and low is not None:  # "more than a dozen" = 13 at least
            base = acled or low
            low, best, high, acled = base + 1, base + 1, None, base + 1
        return Quantity(low, best, high, acled, m.start(), m.end(), vague=True)
    words = re.findall(r"[a-z]+(?:\s+(?:one|single))?", phrase.lower())
    stripped = phrase.strip().lower()
    if stripped in ("no one", "nobody", "none") or (words and words[0] in ("no", "without")):
        z = re.search(r"\b(no one|nobody|none|no|without)\b", phrase, re.IGNORECASE)
        if z:
            return Quantity(0, 0, 0, 0, z.start(), z.end())
    if singular_ok:
        o = re.search(r"\b(a|an|one|another|single|lone)\b", phrase, re.IGNORECASE)
        if o:
            return Quantity(1, 1, 1, 1, o.start(), o.end())
    return None
