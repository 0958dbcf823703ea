"""Scoring helpers and the ACLED/CASE/GLOCON scorers, on rows written here."""

from __future__ import annotations

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.coding import score_acled, score_case, score_glocon
from flashpoint.evaluation.scoring import (
    accuracy,
    binary_prf,
    haversine_km,
    macro_f1,
    same_place_name,
    weighted_f1,
)


def test_f1_variants_on_a_small_confusion() -> None:
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "b")]
    assert accuracy(pairs) == pytest.approx(0.5)
    # a: p=1 r=.5 f=.667; b: p=1/3 r=1 f=.5; c: 0
    assert macro_f1(pairs) == pytest.approx((2 / 3 + 0.5 + 0) / 3)
    assert weighted_f1(pairs) == pytest.approx((2 / 3 * 2 + 0.5 * 1 + 0) / 4)


def test_binary_prf() -> None:
    assert binary_prf([True, True, False, False], [True, False, True, False]) == pytest.approx((0.5, 0.5, 0.5))


def test_haversine_known_distance() -> None:
    # Nairobi to Mombasa is about 440 km as the crow flies.
    assert haversine_km((-1.286, 36.817), (-4.043, 39.668)) == pytest.approx(440, abs=15)


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        ("Idlib", "Idlib Governorate", True),
        ("Sao Paulo", "São Paulo", True),
        ("Kyiv City", "Kyiv", True),
        ("Kharkiv", "Kherson", False),
        ("", "Kherson", False),
    ],
)
def test_same_place_name(gold: str, pred: str, same: bool) -> None:
    assert same_place_name(gold, pred) is same


def _gold(i: str, etype: str, fat: str, lat: str = "10.0", lon: str = "20.0") -> dict[str, str]:
    return {
        "event_id_cnty": i,
        "event_type": etype,
        "sub_event_type": "Peaceful protest" if etype == "Protests" else "Armed clash",
        "fatalities": fat,
        "inter1": "6" if etype == "Protests" else "1",
        "inter2": "0",
        "country": "Chad",
        "admin1": "Ouaddai",
        "latitude": lat,
        "longitude": lon,
        "geo_precision": "1",
        "event_date": "2021-03-02",
    }


def test_score_acled_counts_missing_rows_as_wrong() -> None:
    gold = [_gold("1", "Protests", "0"), _gold("2", "Battles", "4")]
    pred = {
        "1": [
            {
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "fatalities": "0",
                "inter1": "6",
                "inter2": "0",
                "country": "Chad",
                "admin1": "Ouaddaï",
                "latitude": "10.1",
                "longitude": "20.0",
                "certainty": "asserted",
            },
            {"event_type": "Battles"},
        ]
    }
    m = score_acled(gold, pred, "event_id_cnty")
    assert m["event_type_acc"] == 0.5
    assert m["fatalities_exact"] == 0.5
    assert m["fatalities_exact_when_killed"] == 0.0
    assert m["admin1_acc"] == 0.5
    assert m["within_25km"] == 0.5
    assert m["certainty_given"] == 0.5


def test_score_acled_rejects_empty_gold() -> None:
    with pytest.raises(EvaluationError):
        score_acled([], {}, "event_id_cnty")


def test_score_case_only_scores_acled_classes() -> None:
    gold = [
        {
            "case_id": "1",
            "acled_event_type": "Protests",
            "acled_sub_event_type": "Peaceful protest",
            "is_acled_type": "True",
        },
        {"case_id": "2", "acled_event_type": "", "acled_sub_event_type": "", "is_acled_type": "False"},
    ]
    pred = {"1": [{"event_type": "Protests", "sub_event_type": "Peaceful protest"}], "2": [{"event_type": ""}]}
    m = score_case(gold, pred)
    assert m["rows"] == 1
    assert m["sub_event_weighted_f1"] == 1.0
    assert m["non_acled_without_event"] == 1.0


def test_score_glocon_any_protest_or_riot_row_makes_a_positive() -> None:
    gold = [{"id": "d1", "label": "1"}, {"id": "d2", "label": "0"}, {"id": "d3", "label": "1"}]
    pred = {"d1": [{"event_type": "Battles"}, {"event_type": "Riots"}], "d2": [{"event_type": "Protests"}]}
    m = score_glocon(gold, pred)
    assert m["precision"] == 0.5
    assert m["recall"] == 0.5
