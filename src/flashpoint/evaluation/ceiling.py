"""Gazetteer ceiling: how well an oracle could place ACLED notes with the gazetteer we ship.

Reads an ACLED-format CSV (``notes``, ``location``, ``latitude``, ``longitude``, ``country``, ``admin1``) and
the built gazetteer; writes metrics only. For every note it looks up every run of one to four words (the
coders' ``[size=...]`` crowd annotation removed) and keeps every gazetteer place any of them can name, in any
country, plus the country of every demonym. An *oracle* then picks, per note, the candidate that suits the
coders best:

* ``within_25km``: some candidate lies within 25 km of the coders' point;
* ``country``: some candidate is in the coders' country;
* ``admin1``: some candidate carries the coders' first-level unit, or a phrase naming a first-level unit
  is spelled like it (names compared generously: equal after folding, contained, or 85 % alike);
* ``location_in_gazetteer``: the coders' own location name is a gazetteer name within 25 km of their point.

A resolver chooses among the same candidates without seeing the answer, so it can only beat these shares
through what the oracle leaves out (fuzzy spellings, offsets such as "10 km north of X", actor names that
imply a country); the comparison shows how much of a shortfall is choice and how much is data. It is a
statement about the gazetteer, reported next to the resolver's scores in ``docs/evaluation.md``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.coding import read_rows
from flashpoint.evaluation.scoring import haversine_km, normalise_name, same_place_name

log = logging.getLogger(__name__)

NAME = "eval-ceiling"
VERSION = "0.1.0"
MAX_WORDS = 4
RADIUS_KM = 25.0
_CROWD = re.compile(r"\[size\s*=[^\]]*\]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
_FIELDS = ("notes", "location", "latitude", "longitude", "country", "admin1")


def phrases(text: str, max_words: int = MAX_WORDS) -> set[str]:
    """Every run of one to ``max_words`` consecutive words of ``text`` (the crowd-size annotation removed)."""
    words = [_POSSESSIVE.sub("", m.group(0)).strip(".-'’") for m in _WORD.finditer(_CROWD.sub(" ", text))]
    words = [w for w in words if w]
    out: set[str] = set()
    for i in range(len(words)):
        for n in range(1, max_words + 1):
            if i + n > len(words):
                break
            out.add(" ".join(words[i : i + n]))
    return out


def _same_unit(gold: str, candidate: str | None) -> bool:
    """The scorer's name rule, widened to containment ("Orlo" in "Orlo Region"): the oracle is generous."""
    if not candidate:
        return False
    g, c = normalise_name(gold), normalise_name(candidate)
    return bool(g and c) and (g in c or c in g or same_place_name(gold, candidate))


def _point(row: Mapping[str, str]) -> tuple[float, float] | None:
    try:
        return float(row["latitude"]), float(row["longitude"])
    except (KeyError, ValueError):
        return None


def _near(gold: tuple[float, float] | None, cand: Any) -> bool:
    if gold is None or cand.latitude is None or cand.longitude is None:
        return False
    return haversine_km(gold, (cand.latitude, cand.longitude)) <= RADIUS_KM


def note_ceiling(
    row: Mapping[str, str],
    candidates: Iterable[Any],
    location_hits: Iterable[Any],
    region_names: Iterable[str] = (),
) -> dict[str, bool]:
    """What an oracle could reach on one note.

    ``candidates`` are the gazetteer places the note's phrases can name, ``location_hits`` those of the
    coders' location name, ``region_names`` the phrases that name a first-level unit as the note spells them
    (a resolver may report "Extreme-Nord" as written rather than GeoNames' "Far North").
    """
    gold = _point(row)
    cands = list(candidates)
    return {
        "within_25km": any(_near(gold, c) for c in cands),
        "country": any(_same_unit(row["country"], c.country) for c in cands),
        "admin1": any(_same_unit(row["admin1"], c.admin1) for c in cands)
        or any(_same_unit(row["admin1"], name) for name in region_names),
        "location_in_gazetteer": any(_near(gold, c) for c in location_hits),
    }


def evaluate_ceiling(
    path: Path, *, gazetteer: Any = None, progress: Callable[[int], None] | None = None
) -> tuple[dict[str, float], str]:
    """Oracle shares (see the module docstring) over the notes of ``path``; returns metrics and a report."""
    from flashpoint.geo.gazetteer import load_gazetteer, normalise

    rows = read_rows(path, _FIELDS)
    if not rows:
        raise EvaluationError(f"{path}: no rows")
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    demonyms = gaz.demonyms()
    totals = dict.fromkeys(("within_25km", "country", "admin1", "location_in_gazetteer"), 0)
    for row in rows:
        found: dict[int, Any] = {}
        regions: list[str] = []
        for phrase in phrases(row["notes"]):
            for cand in gaz.lookup(normalise(phrase), 200):
                found[cand.place_id] = cand
                if cand.feature == "admin1":
                    regions.append(phrase)
            iso3 = demonyms.get(phrase)
            country = gaz.country(iso3) if iso3 else None
            if country is not None:
                found[country.place_id] = country
        location = re.split(r"\s*[(]|\s+-\s+", row["location"])[0]
        hits = gaz.lookup(normalise(location), 200) if location else ()
        for key, value in note_ceiling(row, found.values(), hits, regions).items():
            totals[key] += value
        if progress is not None:
            progress(1)
    n = len(rows)
    metrics = {"rows": float(n), **{f"oracle_{k}": v / n for k, v in totals.items()}}
    lines = [f"Gazetteer ceiling on {path.name}: {n} notes; an oracle choosing among the places the note names"]
    for key in ("oracle_country", "oracle_admin1", "oracle_within_25km", "oracle_location_in_gazetteer"):
        lines.append(f"  {key:<32} {metrics[key]:.3f}")
    return metrics, "\n".join(lines)
