"""UCDP GED-compatible CSV: columns, type of violence, deaths per side, precision codes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import export_samples as s

from flashpoint.export import context_from
from flashpoint.export.ucdp import (
    COLUMNS,
    GED_COLUMNS,
    conflict_name,
    date_prec,
    event_row,
    geom_wkt,
    is_ged,
    priogrid_gid,
    sides,
    type_of_violence,
    write_events,
    write_incidents,
)
from flashpoint.records import Actor


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_event_rows() -> None:
    buf = io.StringIO()
    events = [e for ex in s.EXTRACTIONS for e in ex.events]
    assert write_events(events, buf, context=context_from(s.EXTRACTIONS)) == 2  # the arrests are not GED's
    rows = _rows(buf.getvalue())
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[: len(GED_COLUMNS)] == GED_COLUMNS
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
    assert kumasi["conflict_name"] == "Government of Ghana"  # one-sided: the perpetrator
    assert kumasi["dyad_name"] == "Government of Ghana - Civilians"
    assert (kumasi["country_id"], kumasi["region"]) == ("452", "Africa")  # Gleditsch-Ward, UCDP region
    assert kumasi["priogrid_gid"] == "139317"  # row 193 (6.5-7.0 N) * 720 + column 356 (-2.0..-1.5) + 1
    assert kumasi["geom_wkt"] == "POINT (-1.624430 6.688480)"
    assert (kumasi["deaths_a"], kumasi["deaths_b"], kumasi["deaths_unknown"]) == ("0", "0", "0")  # 0, not blank
    assert all(r["id"] != s.EVENT_ARREST.id for r in rows)  # arrests are not lethal organised violence


def test_arrest_row_is_not_ged() -> None:
    row = event_row(s.EVENT_ARREST, context_from(s.EXTRACTIONS))
    assert row["type_of_violence"] == ""
    assert row["best"] == "0"
    assert not is_ged(row)


def test_priogrid_and_wkt() -> None:
    assert priogrid_gid(-90.0, -180.0) == 1
    assert priogrid_gid(-89.9, -179.4) == 2
    assert priogrid_gid(-89.4, -180.0) == 721  # second row
    assert priogrid_gid(90.0, 180.0) == 259200  # the last cell holds the edges
    assert priogrid_gid(None, 10.0) is None
    assert priogrid_gid(95.0, 10.0) is None
    assert geom_wkt(1.5, -2.25) == "POINT (-2.250000 1.500000)"
    assert geom_wkt(None, None) == ""


def test_conflict_names() -> None:
    assert conflict_name(1, "Government of Mali", "JNIM", "Mali") == "Mali: Government"
    assert conflict_name(2, "Group A", "Group B", "Mali") == "Group A - Group B"
    assert conflict_name(3, "Group A", "Civilians", "Mali") == "Group A"
    assert conflict_name(None, "Group A", "", "Mali") == ""


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


def test_one_sided_perpetrator_is_the_organised_side() -> None:
    marchers = Actor("Protesters (Chad)", 6, "TCD", "actor1")
    police = Actor("Police Forces of Chad", 1, "TCD", "actor2")
    violence = type_of_violence("Protests", (marchers, police), "Excessive force against protesters")
    assert violence == 3
    assert sides((marchers, police), violence, "Chad") == ("Government of Chad", "Civilians")
