"""Records to rows, and the statements of a bridge."""

from __future__ import annotations

import datetime as dt

import orjson

from flashpoint.fuse.merge import found_incident
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction
from flashpoint.records import Extraction, IncidentKeys
from flashpoint.store import codec
from flashpoint.store.database import create_engine
from flashpoint.store.writes import Statements, article_row, content_rows, incident_row, signed64

DAY = dt.date(2024, 2, 3)
KELMA = Spot("Kelma", "TCD", "Lac", 13.5, 14.2)
TEXT = "Soldiers clashed with gunmen near Kelma on Saturday, killing six fighters. A doctor said two more died."


def _extraction() -> Extraction:
    specs = [
        EventSpec("Battles", "Armed clash", DAY, KELMA, "Soldiers clashed with gunmen near Kelma", killed=6),
        EventSpec("Battles", "Armed clash", DAY, KELMA, "A doctor said two more died", killed=2),
    ]
    return make_extraction(TEXT, specs, published=DAY, source="Lake Wire", external_id="w-1")


def test_an_extraction_gives_one_row_per_event_figure_and_claim() -> None:
    extraction = _extraction()
    events, figures, claims = content_rows(orjson.loads(codec.dumps(extraction)))
    assert [e["id"] for e in events] == [e.id for e in extraction.events]
    assert {e["place_name"] for e in events} == {"Kelma"}
    # each figure once, with the event that carries it
    assert [(f["best"], f["event_id"]) for f in figures] == [(6, events[0]["id"]), (2, events[1]["id"])]
    assert [c["position"] for c in claims] == list(range(len(claims)))


def test_an_article_row_holds_its_fingerprint_signed_and_its_bands() -> None:
    extraction = _extraction()
    row = article_row(3, extraction, (1, 2, 3, 4))
    assert row["seq"] == 3
    assert [row[f"fp_band{i}"] for i in range(4)] == [1, 2, 3, 4]
    assert extraction.article.fingerprint is not None
    assert row["fingerprint"] == signed64(extraction.article.fingerprint)
    assert -(1 << 63) <= row["fingerprint"] < 1 << 63
    assert row["n_events"] == 2


def test_an_incident_row_carries_its_blocking_columns() -> None:
    extraction = _extraction()
    event = extraction.events[0]
    incident = found_incident(event, extraction.article, event.figures)
    keys = IncidentKeys(DAY, DAY, "1:2", "TCD|Lac", "TCD", False)
    row = incident_row(incident, {"id": incident.id}, keys, n_events=1)
    assert {k: row[k] for k in IncidentKeys._fields} == keys._asdict()
    assert row["id"] == incident.id
    assert orjson.loads(row["profile"]) == {"id": incident.id}


def test_a_bridge_moves_the_stored_lineage_before_it_notes_the_merge() -> None:
    engine = create_engine("sqlite://")
    try:
        statements = Statements(engine)
        stored = statements.bridge(absorbed="inc-b", into="inc-a", event_id="ev", stored=True)
        fresh = statements.bridge(absorbed="inc-b", into="inc-a", event_id="ev", stored=False)
    finally:
        engine.dispose()
    assert [sql.split()[0] for sql, _rows in stored] == ["DELETE", "UPDATE", "UPDATE", "INSERT"]
    assert [sql.split()[0] for sql, _rows in fresh] == ["INSERT"]
    assert "incident_merges" in fresh[0][0]
