"""Scoring of full-article evaluations: MUC-style incident templates and off-topic news."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.articles import dateline_day, score_muc4, score_offtopic, template_deaths


def _template(**kw: str) -> dict[str, str]:
    base = {"template_no": "1", "incident_type": "BOMBING", "incident_location": "ARGENTINA: ROSARIO (CITY)",
            "incident_date": "12 MAR 90", "hum_tgt_effect": "-", "hum_tgt_number": "-"}  # fmt: skip
    return base | kw


def _doc(doc_id: str, *templates: dict[str, str]) -> dict[str, str]:
    return {"doc_id": doc_id, "text": "", "templates_json": json.dumps(list(templates))}


def _row(
    event_type: str, sub: str = "", country: str = "Argentina", date: str = "1990-03-12", dead: int = 0
) -> dict[str, str]:
    return {
        "event_type": event_type,
        "sub_event_type": sub,
        "country": country,
        "event_date": date,
        "fatalities": str(dead),
    }


def test_dateline_day_reads_both_orders() -> None:
    assert dateline_day("ROSARIO, 12 MAR 90 -- [TEXT]") == dt.date(1990, 3, 12)
    assert dateline_day("MARCH 12, 1990") == dt.date(1990, 3, 12)
    assert dateline_day("no date here") is None


def test_template_deaths_sums_certain_entries_and_refuses_ambiguity() -> None:
    t = _template(hum_tgt_effect='DEATH: "GUARDS" | ? DEATH: "DRIVER"', hum_tgt_number='2: "GUARDS" | 1: "DRIVER"')
    assert template_deaths(t) == {2, 3}
    assert template_deaths(_template(hum_tgt_effect='INJURY / DEATH: "GUARDS"', hum_tgt_number='2: "GUARDS"')) is None


def test_an_incident_is_found_by_type_country_and_date() -> None:
    dead = _template(hum_tgt_effect='DEATH: "GUARDS"', hum_tgt_number='2: "GUARDS"')
    gold = [_doc("a", dead), _doc("b", _template(incident_date="- 10 MAR 90")), _doc("c", {"template_no": "*"})]
    predicted = {
        "a": [_row("Explosions/Remote violence", dead=2)],
        "b": [_row("Explosions/Remote violence", date="1990-03-12")],  # two days after the interval ends
        "c": [_row("Battles")],
    }
    m = score_muc4(gold, predicted)
    assert m["event_recall"] == pytest.approx(0.5)
    assert m["type_recall_BOMBING"] == pytest.approx(1.0)
    assert m["deaths_any"] == pytest.approx(1.0)
    assert m["relevance_r"] == pytest.approx(1.0)
    assert m["relevance_p"] == pytest.approx(2 / 3)


def test_offtopic_shares() -> None:
    docs = [{"id": "x"}, {"id": "y"}, {"id": "z"}, {"id": "w"}]
    predicted = {"x": [_row("Battles")], "y": [_row("Strategic developments")], "z": [_row("")]}
    m = score_offtopic(docs, predicted)
    assert m["with_violent_event"] == pytest.approx(0.25)
    assert m["with_any_event"] == pytest.approx(0.5)
    with pytest.raises(EvaluationError):
        score_offtopic([], {})
