"""The attribution evaluation: gold loading, link matching, scores (its floors: `flashpoint eval attribution`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.attribution import evaluate, format_report, links_match, load_gold


def test_packaged_gold_is_large_and_valid() -> None:
    rows = load_gold()
    assert len(rows) >= 80
    assert {r["certainty"] for r in rows} >= {"asserted", "reported", "claimed", "hedged", "denied",
                                              "hypothetical", "future"}  # fmt: skip
    assert any(len(r["chain"]) == 3 for r in rows)


def test_links_match() -> None:
    assert links_match("spokeswoman for the Ministry of Transport", "Ministry of Transport spokeswoman")
    assert links_match("regional radio station Orlo FM 9", "Orlo FM 9")
    assert not links_match("Reuters", "Associated Press")


def test_bad_gold_raises(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text(json.dumps({"id": "x", "text": "abc", "target": "zzz", "chain": [], "certainty": "asserted"}))
    with pytest.raises(EvaluationError):
        load_gold(bad)


def test_small_gold_scores(tmp_path: Path, backbone: Any) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "text": "Two soldiers died in the ambush, the army said.",
         "target": "Two soldiers died in the ambush", "chain": ["army"], "types": ["military"], "certainty": "claimed"},
        {"id": "2", "text": "Rioters burned a police car.", "target": "Rioters burned a police car",
         "chain": ["police"], "types": ["police"], "certainty": "reported"},
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(r) for r in rows))
    scores = evaluate(gold, backbone=backbone)
    assert scores["chain_precision"] == 1.0
    assert scores["chain_recall"] == 0.5
    assert scores["certainty_accuracy"] == 0.5
    assert "2:" in format_report(scores)
    assert scores["passed"] is False  # 0.5 is under the pinned floors: `flashpoint eval attribution` exits 1
    assert "FAIL" in format_report(scores)
