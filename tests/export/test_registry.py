"""The export registry: every format writes events and incidents; bad input raises ExportError."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import export_samples as s
import pytest

from flashpoint.errors import ExportError
from flashpoint.export import WRITERS, export_ledger, write
from flashpoint.records import Extraction, Incident


class FakeLedger:
    """The two ledger methods the exports read."""

    def extractions(self) -> Iterator[Extraction]:
        return iter(s.EXTRACTIONS)

    def incidents(self) -> list[Incident]:
        return list(s.INCIDENTS)


def test_registry_has_every_format() -> None:
    assert set(WRITERS) == {"acled", "ucdp", "geojson", "jsonl", "plover"}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_writes_events_and_incidents(fmt: str) -> None:
    ledger = FakeLedger()
    # GED holds lethal organised violence only: of the samples, the two reports of the Kumasi shooting
    expected_counts = ((False, 2), (True, 1)) if fmt == "ucdp" else ((False, 3), (True, 2))
    for by_incident, expected in expected_counts:
        buf = io.StringIO()
        assert export_ledger(ledger, fmt, buf, incidents=by_incident) == expected
        assert buf.getvalue().strip()


def test_acled_source_column_has_chain_then_publisher() -> None:
    buf = io.StringIO()
    write("acled", [s.EVENT_B], buf, articles={"b2": s.ART_B})
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["source"] == "hospital officials; Sahel Wire"
    assert row["external_id"] == "SW-77"
    assert row["certainty"] == "reported"


def test_acled_incident_row_takes_incident_values() -> None:
    buf = io.StringIO()
    export_ledger(FakeLedger(), "acled", buf, incidents=True)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["id"] == "inc-kumasi"
    assert row["fatalities"] == "7"  # the history's value, not the first report's 3
    assert (row["fatalities_low"], row["fatalities_high"]) == ("3", "7")
    assert "Sahel Wire" in row["source"]
    assert "Coastal Press Agency" in row["source"]


def test_unknown_format_and_mixed_records() -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        write("shapefile", [], io.StringIO())
    with pytest.raises(ExportError):
        write("jsonl", [s.EVENT_A, s.INCIDENT], io.StringIO())  # type: ignore[list-item]


def test_empty_export_writes_header() -> None:
    buf = io.StringIO()
    assert write("ucdp", [], buf) == 0
    assert buf.getvalue().startswith("id,relid,year")
