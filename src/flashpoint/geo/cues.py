"""Country cues: names of armed groups, parties, forces, institutions and leaders that point to one country.

Reads ``data/geo_country_cues.json`` (hand-written, ISO3 -> cue phrases) and a parsed spaCy ``Doc``; writes
nothing but returns the cue occurrences (token span and ISO3). The resolver counts each occurrence as one
vote for the country where the events are, like a demonym: "Houthi forces shelled Kessa" says Yemen even when
no country is named, and lets a Yemeni Kessa win over a Kessa elsewhere.

Matching: cue phrases written in capitals ("HTS", "ZANU-PF") match case-sensitively; other phrases match on
ASCII-folded lower-case words and must start with a capital in the text unless the cue is written in lower
case (currencies: "naira", "birr").
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import json
import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from flashpoint.errors import GazetteerError
from flashpoint.geo.gazetteer import normalise

log = logging.getLogger(__name__)

NAME = "geo.cues"
VERSION = "1.0.0"
_MAX_WORDS = 6


@dataclasses.dataclass(frozen=True, slots=True)
class _Cue:
    words: tuple[str, ...]  # normalised words
    surface: str  # alphanumeric characters as written, for case-sensitive cues
    iso3: str
    case_sensitive: bool
    needs_capital: bool


@dataclasses.dataclass(frozen=True, slots=True)
class CueHit:
    """One cue found in a document: token span ``[start, end)``, the ISO3 it points to, the cue text."""

    start: int
    end: int
    iso3: str
    text: str


def _surface(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@functools.lru_cache(maxsize=1)
def cue_index() -> Mapping[str, tuple[_Cue, ...]]:
    """Cues keyed by their first normalised word (read once per process)."""
    raw = json.loads(importlib.resources.files("flashpoint.data").joinpath("geo_country_cues.json").read_text("utf-8"))
    cues = raw.get("cues")
    if not isinstance(cues, dict):
        raise GazetteerError("geo_country_cues.json: missing 'cues' object")
    index: dict[str, list[_Cue]] = {}
    for iso3, phrases in cues.items():
        for phrase in phrases:
            words = tuple(normalise(phrase).split())
            if not words or len(words) > _MAX_WORDS:
                continue
            letters = [ch for ch in phrase if ch.isalpha()]
            case_sensitive = bool(letters) and phrase.upper() == phrase
            cue = _Cue(
                words=words,
                surface=_surface(phrase),
                iso3=iso3,
                case_sensitive=case_sensitive,
                needs_capital=not case_sensitive and phrase[:1].isupper(),
            )
            index.setdefault(words[0], []).append(cue)
    frozen = {k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in index.items()}
    return MappingProxyType(frozen)


def find_cues(doc: Any) -> list[CueHit]:
    """Every country cue in ``doc`` (longest match first, no overlaps), in text order."""
    index = cue_index()
    # Word tokens with their normalised form; punctuation ("-", "(") is skipped so "ZANU-PF" matches.
    words: list[tuple[int, str]] = []
    for tok in doc:
        key = normalise(tok.text)
        if key:
            for part in key.split():
                words.append((tok.i, part))
    hits: list[CueHit] = []
    k = 0
    while k < len(words):
        key = words[k][1]
        matched = 0
        for cue in index.get(key, ()):
            n = len(cue.words)
            if k + n > len(words) or tuple(w for _, w in words[k : k + n]) != cue.words:
                continue
            first, last = words[k][0], words[k + n - 1][0]
            text = doc[first : last + 1].text
            if cue.case_sensitive and _surface(text) != cue.surface:
                continue
            if cue.needs_capital and not doc[first].text[:1].isupper():
                continue
            hits.append(CueHit(first, last + 1, cue.iso3, text))
            matched = n
            break
        k += matched or 1
    return hits
