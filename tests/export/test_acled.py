"""ACLED CSV: ACLED's 31 columns in ACLED's order and types, unique ids, derived columns, typed reading."""

from __future__ import annotations

import dataclasses
import io

import export_samples as s
import pandas as pd

from flashpoint.export import context_from, write
from flashpoint.export.acled import (
    ACLED_COLUMNS,
    AcledOptions,
    EventIds,
    acled_row,
    civilian_targeting,
    disorder_type,
    event_rows,
    interaction_text,
    notes,
    source_scale,
    tags,
)

#: ACLED's public export header, written out here so that a change to the module cannot move both.
ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def _events_csv(**options: bool) -> str:
    buf = io.StringIO()
    events = [e for ex in s.EXTRACTIONS for e in ex.events]
    ctx = dataclasses.replace(context_from(s.EXTRACTIONS), acled=AcledOptions(**options))
    write("acled", events, buf, context=ctx)
    return buf.getvalue()


def test_columns_are_acleds_in_order() -> None:
    assert list(ACLED_COLUMNS) == ACLED_HEADER
    frame = pd.read_csv(io.StringIO(_events_csv()))
    assert list(frame.columns[:31]) == ACLED_HEADER


def test_pandas_reads_integer_columns_as_integers() -> None:
    frame = pd.read_csv(io.StringIO(_events_csv()))
    for column in ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities"):
        assert pd.api.types.is_integer_dtype(frame[column]), column
    assert frame.groupby("year").size().to_dict() == {2025: 3}
    assert frame["timestamp"].nunique() == 1  # one export, one timestamp


def test_event_ids_unique_first_keeps_input_id() -> None:
    frame = pd.read_csv(io.StringIO(_events_csv()))
    # the second report has two events: its id, then <id>-2
    assert list(frame["event_id_cnty"]) == ["CPA-0304", "SW-77", "SW-77-2"]
    ids = EventIds()
    assert [ids.next("X1"), ids.next("X1"), ids.next("X1-2"), ids.next("X1")] == ["X1", "X1-2", "X1-2-2", "X1-3"]


def test_text_without_events_gets_no_row_unless_kept() -> None:
    assert list(event_rows((), s.ART_C, keep_empty=False)) == []
    assert len(list(event_rows((), s.ART_C))) == 1  # the evaluation scorers' empty row


def test_derived_columns() -> None:
    row = acled_row(s.EVENT_A, s.ART_A, event_id="CPA-0304", options=AcledOptions(timestamp=1_700_000_000))
    assert row["year"] == "2025"
    assert row["disorder_type"] == "Political violence; Demonstrations"
    assert row["civilian_targeting"] == "Civilian targeting"  # police firing on a march
    assert (row["iso"], row["region"]) == ("288", "Western Africa")
    assert row["admin3"] == ""
    assert row["source_scale"] == "Other-National-International"  # ministry, state TV, wire agency
    assert row["timestamp"] == "1700000000"
    assert row["tags"] == "injured=12"
    arrests = acled_row(s.EVENT_ARREST, s.ART_B)
    assert arrests["disorder_type"] == "Strategic developments"
    assert arrests["civilian_targeting"] == ""
    assert arrests["tags"] == "arrested=40"


def test_disorder_types() -> None:
    assert disorder_type("Battles", "Armed clash") == "Political violence"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert disorder_type("Unknown", "") == ""
    assert civilian_targeting(s.EVENT_ARREST) == ""


def test_notes_sentence_is_built_from_the_evidence() -> None:
    text = notes(s.EVENT_A)
    assert text.startswith("On 3 March 2025, excessive force against protesters by Police Forces of Ghana (2025-)")
    assert "in Kumasi, Ashanti, Ghana." in text
    assert '"police fired on a crowd were killed in Kumasi"' in text
    assert "according to Interior Ministry spokesman > National Television > Coastal Press Agency" in text
    assert text.endswith("3 reported fatalities.")
    assert "fatalities" not in notes(s.EVENT_ARREST)


def test_inter_labels() -> None:
    frame = pd.read_csv(io.StringIO(_events_csv(inter_labels=True)))
    assert frame.loc[0, "inter1"] == "State forces"
    assert frame.loc[0, "inter2"] == "Protesters"
    assert frame.loc[0, "interaction"] == "State forces-Protesters"
    assert interaction_text(10, labels=True) == "State forces only"
    assert interaction_text(16, labels=False) == "16"


def test_source_scale_and_tags_without_chain() -> None:
    assert source_scale(s.EVENT_ARREST, s.ART_B) == "National"  # the publisher's own report
    assert source_scale(s.EVENT_ARREST, None) == ""
    assert tags(s.EVENT_B) == ""  # no other figure; crowd sizes are not read, so none is claimed


def test_incident_rows_have_unique_ids_and_acled_columns() -> None:
    buf = io.StringIO()
    write("acled", list(s.INCIDENTS), buf, context=context_from(s.EXTRACTIONS))
    frame = pd.read_csv(io.StringIO(buf.getvalue()), dtype={"event_id_cnty": str})
    assert list(frame.columns[:31]) == ACLED_HEADER
    assert frame["event_id_cnty"].is_unique
    assert frame.loc[0, "event_id_cnty"] == "CPA-0304"
    assert frame.loc[0, "iso"] == 288


def test_notes_name_the_event_type_of_a_catch_all_sub_type() -> None:
    other = dataclasses.replace(s.EVENT_ARREST, sub_event_type="Other")
    assert notes(other).startswith("On 4 March 2025, strategic developments (other) by Police Forces of Ghana")
