"""Fusion evaluation: B-cubed arithmetic, corpus checks, and scoring precomputed extractions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation import fusion
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction


def test_bcubed_perfect_and_merged() -> None:
    gold = {"a": "X", "b": "X", "c": "Y"}
    assert fusion.bcubed(gold, gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = fusion.bcubed({"a": "1", "b": "1", "c": "1"}, gold)
    assert recall == 1.0
    assert precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    precision, recall, _ = fusion.bcubed({"a": "1", "b": "2", "c": "3"}, gold)
    assert precision == 1.0
    assert recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)


def test_bundled_corpus_meets_its_own_requirements() -> None:
    reports = fusion.load_corpus()
    incidents = {r["incident"] for r in reports}
    assert len(reports) >= 50
    assert len(incidents) >= 12
    assert len({r["id"] for r in reports}) == len(reports)


def test_malformed_corpus_is_an_evaluation_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "x", "text": "Something happened."}\n', encoding="utf-8")
    with pytest.raises(EvaluationError):
        fusion.load_corpus(path)


def test_evaluate_precomputed_extractions(tmp_path: Path) -> None:
    day = dt.date(2023, 4, 20)
    santiago = Spot("Santiago", "CHL", "Santiago Metropolitan", -33.4569, -70.6483)
    march = "Thousands of students marched along the Alameda in Santiago on Thursday to demand university funding."
    relay = "Students marched along the Alameda in Santiago on Thursday to demand university funding."
    buses = "Bus drivers blocked avenues in southern Santiago on Thursday with their buses over assaults on drivers."
    rows = [("m1", march, "march"), ("m2", relay, "march"), ("b1", buses, "buses")]
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t, "incident": g, "published": day.isoformat(), "source": "S"})
            for i, t, g in rows
        ),
        encoding="utf-8",
    )
    extractions = [
        make_extraction(
            text,
            [
                EventSpec(
                    "Protests",
                    "Peaceful protest" if gold == "march" else "Protest with intervention",
                    day,
                    santiago,
                    text,
                )
            ],
            published=day,
            external_id=ident,
        )
        for ident, text, gold in rows
    ]
    scores = fusion.evaluate(path, extractions=extractions)
    assert scores["reports"] == 3
    assert scores["gold_incidents"] == 2
    assert scores["f1"] == 1.0
    assert "B-cubed" in fusion.format_report(scores)
