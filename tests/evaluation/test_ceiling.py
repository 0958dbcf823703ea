"""Gazetteer ceiling: phrase enumeration and what the oracle counts, on a hand-made gazetteer."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation import ceiling


@dataclasses.dataclass(frozen=True)
class _Cand:
    place_id: int
    name: str
    feature: str
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None


_PLACES = {
    "marsabit": (_Cand(1, "Marsabit", "populated place", "Kenya", "Marsabit", 2.33, 37.99),),
    "eastern": (
        _Cand(2, "Eastern", "admin1", "Kenya", "Eastern", 0.5, 38.0),
        _Cand(3, "Eastern", "admin1", "Zambia", "Eastern", -13.0, 32.0),
    ),
    "moyale": (_Cand(4, "Moyale", "populated place", "Ethiopia", "Oromia", 3.52, 39.05),),
}


class _Gazetteer:
    def lookup(self, key: str, limit: int = 40) -> tuple[_Cand, ...]:
        return _PLACES.get(key, ())[:limit]

    def demonyms(self) -> dict[str, str]:
        return {"Kenyan": "KEN"}

    def country(self, iso3: str) -> _Cand | None:
        return _Cand(9, "Kenya", "country", "Kenya", None, 0.2, 37.9) if iso3 == "KEN" else None


def test_phrases_drop_possessives_and_the_crowd_annotation() -> None:
    found = ceiling.phrases("Herders rallied in Marsabit's market. [size=around 50]", max_words=2)
    assert "Marsabit" in found
    assert "Marsabit market" in found
    assert not any("size" in p or "50" in p for p in found)


def test_note_ceiling_counts_any_fitting_candidate() -> None:
    row = {"country": "Kenya", "admin1": "Marsabit", "latitude": "2.40", "longitude": "38.02"}
    got = ceiling.note_ceiling(row, _PLACES["marsabit"] + _PLACES["moyale"], _PLACES["marsabit"])
    assert got == {"within_25km": True, "country": True, "admin1": True, "location_in_gazetteer": True}
    far = {"country": "Somalia", "admin1": "Gedo", "latitude": "3.0", "longitude": "42.0"}
    assert not any(ceiling.note_ceiling(far, _PLACES["marsabit"], ()).values())


def test_region_spelled_as_in_the_note_counts_for_admin1() -> None:
    row = {"country": "Cameroon", "admin1": "Extreme-Nord", "latitude": "11.0", "longitude": "14.0"}
    assert not ceiling.note_ceiling(row, (), ())["admin1"]
    assert ceiling.note_ceiling(row, (), (), region_names=["Extreme Nord"])["admin1"]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_evaluate_ceiling_on_a_small_file(tmp_path: Path) -> None:
    rows = [
        {"notes": "On 3 March, Kenyan police dispersed herders in Marsabit town.", "location": "Marsabit",
         "latitude": "2.33", "longitude": "37.99", "country": "Kenya", "admin1": "Marsabit"},
        {"notes": "On 4 March, traders protested in an unnamed village.", "location": "Kalacha",
         "latitude": "3.12", "longitude": "37.42", "country": "Kenya", "admin1": "Marsabit"},
    ]  # fmt: skip
    metrics, report = ceiling.evaluate_ceiling(_write(tmp_path / "n.csv", rows), gazetteer=_Gazetteer())
    assert metrics["oracle_within_25km"] == pytest.approx(0.5)
    assert metrics["oracle_country"] == pytest.approx(0.5)
    assert metrics["oracle_location_in_gazetteer"] == pytest.approx(0.5)
    assert "oracle_admin1" in report


def test_evaluate_ceiling_needs_the_acled_columns(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.csv", [{"notes": "x", "latitude": "1", "longitude": "2"}])
    with pytest.raises(EvaluationError):
        ceiling.evaluate_ceiling(bad, gazetteer=_Gazetteer())
