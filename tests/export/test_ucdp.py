"""UCDP GED-compatible CSV: columns, type of violence, deaths per side, precision codes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import export_samples as s

from flashpoint.export import context_from
from flashpoint.export.ucdp import COLUMNS, date_prec, type_of_violence, write_events, write_incidents
from flashpoint.records import Actor


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_event_rows() -> None:
    buf = io.StringIO()
    events = [e for ex in s.EXTRACTIONS for e in ex.events]
    assert write_events(events, buf, context=context_from(s.EXTRACTIONS)) == 3
    rows = _rows(buf.getvalue())
    assert tuple(rows[0]) == COLUMNS
    kumasi = rows[0]
    assert kumasi["type_of_violence"] == "3"  # police firing on protesters: one-sided
    assert kumasi["side_a"] == "Government of Ghana"
    assert kumasi["side_b"] == "Civilians"
    assert (kumasi["deaths_civilians"], kumasi["best"], kumasi["low"], kumasi["high"]) == ("3", "3", "3", "3")
    assert kumasi["where_coordinates"] == "Kumasi town"
    assert kumasi["date_prec"] == "1"
    assert kumasi["year"] == "2025"
    assert kumasi["certainty"] == "reported"
    assert kumasi["source_original"] == "Interior Ministry spokesman; National Television; Coastal Press Agency"
    assert "Coastal Press Agency 2025-03-04" in kumasi["source_article"]
    arrest = rows[2]
    assert arrest["type_of_violence"] == ""  # arrests are not organised violence
    assert arrest["best"] == "0"


def test_incident_rows_use_histories() -> None:
    buf = io.StringIO()
    write_incidents(s.INCIDENTS, buf, context=context_from(s.EXTRACTIONS))
    row = _rows(buf.getvalue())[0]
    assert (row["low"], row["best"], row["high"]) == ("3", "7", "7")
    assert row["number_of_sources"] == "2"
    assert row["external_ids"] == "CPA-0304; SW-77"
    assert row["certainty"] == "reported"


def test_type_of_violence_rules() -> None:
    army = Actor("Military Forces of Mali", 1, "MLI", "actor1")
    jnim = Actor("JNIM", 2, None, "actor2")
    militia = Actor("Dozo Militia", 4, "MLI", "actor2")
    civilians = Actor("Civilians (Mali)", 7, "MLI", "actor2")
    assert type_of_violence("Battles", (army, jnim)) == 1
    assert type_of_violence("Battles", (jnim, militia)) == 2
    assert type_of_violence("Violence against civilians", (jnim, civilians)) == 3
    assert type_of_violence("Riots", (Actor("Rioters (Mali)", 5, "MLI", "actor1"),)) is None
    assert type_of_violence("Battles", (army,)) is None  # one side unknown: not derivable


def test_date_prec() -> None:
    d = dt.date(2025, 3, 3)
    assert date_prec(d, d) == 1
    assert date_prec(d, d + dt.timedelta(days=2)) == 2
    assert date_prec(d, d + dt.timedelta(days=7)) == 3
    assert date_prec(d, d + dt.timedelta(days=20)) == 4
    assert date_prec(d, d + dt.timedelta(days=90)) == 5
    assert date_prec(None, None, 2) == 3
    assert date_prec(None, None) is None
