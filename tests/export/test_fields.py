"""Shared field helpers: ranges, sources, UCDP death columns."""

from __future__ import annotations

import dataclasses

import export_samples as s

from flashpoint.export.fields import death_side, evidence_list, figure_range, source_names, ucdp_deaths
from flashpoint.records import FigureKind


def test_figure_range() -> None:
    assert figure_range(s.KILLED_A) == "3-?"
    assert figure_range(s.INJURED_A) == "24-99; ACLED 12"
    assert figure_range(s.KILLED_B) == "7"


def test_source_names_dedupes_publisher_already_in_chain() -> None:
    assert source_names(s.CLAIM_A, s.ART_A) == [
        "Interior Ministry spokesman",
        "National Television",
        "Coastal Press Agency",
    ]
    assert source_names(None, s.ART_B) == ["Sahel Wire"]


def test_death_side() -> None:
    assert death_side("security forces") == "a"
    assert death_side("police officers") == "a"
    assert death_side("militants") == "b"
    assert death_side("civilians") == "civilians"
    assert death_side("protesters") == "civilians"
    assert death_side("unknown") == "unknown"


def test_ucdp_deaths_alternative_claims_not_added() -> None:
    # two claims about the same protesters are alternatives: 3-? and 7 give low 3, best 7 -- not 10
    out = ucdp_deaths([s.KILLED_A, s.KILLED_B, s.INJURED_A])
    assert (out["low"], out["best"], out["high"], out["deaths_civilians"]) == (3, 7, 7, 7)
    police = dataclasses.replace(s.KILLED_B, victims="security forces", kind=FigureKind.KILLED)
    both = ucdp_deaths([s.KILLED_B, police])
    assert (both["best"], both["deaths_a"], both["deaths_civilians"]) == (14, 7, 7)
    assert ucdp_deaths([])["best"] is None


def test_evidence_list_dedupes_and_orders() -> None:
    spans = [s.EVENT_A.evidence[0], s.EVENT_A.evidence[1], s.EVENT_A.evidence[0], None]
    out = evidence_list(spans)
    assert [e["start"] for e in out] == sorted({e.start for e in s.EVENT_A.evidence})
