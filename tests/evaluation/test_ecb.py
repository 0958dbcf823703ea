"""Scoring fusion of multi-outlet coverage: a report's cluster is its largest incident."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.ecb import clusters, load_gold, mixed_share, score
from flashpoint.records import Incident

# two topics, each with two incidents of one kind (a: 1 and 2; b: 1)
GOLD = {
    "a1-x": ("a_1", "a", "1"),
    "a1-y": ("a_1", "a", "1"),
    "a2-x": ("a_2", "a", "2"),
    "a2-y": ("a_2", "a", "2"),
    "b1-x": ("b_1", "b", "1"),
}


def _incident(incident_id: str, *external_ids: str) -> Incident:
    return Incident(incident_id, "Battles", "Armed clash", None, None, None, (), (), external_ids)


def test_each_report_goes_to_the_incident_it_supports_with_the_most_gold_reports() -> None:
    incidents = [_incident("small", "a1-x"), _incident("big", "a1-x", "a1-y", "other-feed-id")]
    predicted = clusters(incidents, GOLD)
    assert predicted["a1-x"] == predicted["a1-y"] == "big"
    assert predicted["b1-x"] == "alone:b1-x"


def test_perfect_fusion_passes_and_a_mixed_incident_is_counted() -> None:
    perfect = [_incident("i1", "a1-x", "a1-y"), _incident("i2", "a2-x", "a2-y"), _incident("i3", "b1-x")]
    metrics = score(perfect, GOLD)
    assert metrics["f1"] == 1.0
    assert metrics["passed"]
    mixed = [_incident("i1", "a1-x", "a1-y", "a2-x", "a2-y"), _incident("i3", "b1-x")]
    assert mixed_share(mixed, GOLD) == 0.5
    worse = score(mixed, GOLD)
    assert worse["precision"] < 1.0
    assert not worse["passed"]
    assert any(s.startswith("mix_seminal") for s in worse["short"])


def test_reports_in_no_incident_count_against_the_floor() -> None:
    metrics = score([_incident("i1", "a1-x", "a1-y")], GOLD)
    assert metrics["no_incident"] == 3
    assert metrics["no_incident_share"] == 0.6


def test_a_file_without_gold_columns_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("id,text\n1,Something happened.\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="missing columns"):
        load_gold(path)


def test_explain_says_why_a_report_of_a_split_incident_stays_apart(tmp_path: Path) -> None:
    import datetime as dt

    from flashpoint.evaluation.ecb import explain
    from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction
    from flashpoint.ledger import Ledger

    day = dt.date(2024, 5, 6)
    orlo = Spot("Orlo", "KEN", "Nairobi", -1.2921, 36.8219)
    far = Spot("Kessa", "KEN", "Mombasa", -4.0435, 39.6682)  # the same story geocoded 440 km away
    text = "Gunmen attacked a bus depot in Orlo on Monday, police said."
    first = make_extraction(
        text, [EventSpec("Violence against civilians", "Attack", day, orlo, text)], published=day,
        source="Wire", external_id="a1-x",
    )  # fmt: skip
    second = make_extraction(
        "Gunmen attacked a bus depot on Monday.",
        [EventSpec("Violence against civilians", "Attack", day, far, "Gunmen attacked a bus depot on Monday.")],
        published=day, source="Radio", external_id="a1-y",
    )  # fmt: skip
    gold = {"a1-x": ("a_1", "a", "1"), "a1-y": ("a_1", "a", "1")}
    with Ledger(f"sqlite:///{tmp_path / 'e.db'}") as ledger:
        ledger.record(first)
        ledger.record(second)
        lines = explain(ledger, gold)
    assert lines[0].startswith("a_1: 2 reports in 2 pieces")
    assert "places" in lines[1]  # the place veto that kept the second report out
    assert "content: 0 shared names" in lines[1]
