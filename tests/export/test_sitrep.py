"""The sitrep JSON contract (issue 2) and the text reports, on hand-built records."""

from __future__ import annotations

import dataclasses
import json

import export_samples as s

from flashpoint.export.sitrep import render_incidents_text, render_text, sitrep_json

EVENT_KEYS = {
    "event_type",
    "sub_event_type",
    "plover_type",
    "date_start",
    "date_end",
    "time_precision",
    "place",
    "actors",
    "certainty",
    "evidence",
}
PLACE_KEYS = {"name", "country_iso3", "admin1", "latitude", "longitude", "geo_precision", "where_prec"}
FIGURE_KEYS = {
    "kind",
    "victims",
    "phrase",
    "low",
    "best",
    "high",
    "acled_fatalities",
    "certainty",
    "claimant_chain",
    "evidence",
}


def test_contract_fields_present_and_json_serialisable() -> None:
    out = json.loads(json.dumps(sitrep_json(s.EXTRACTIONS)))
    assert set(out) >= {"events", "figures", "caveats"}
    assert len(out["events"]) == 3
    assert len(out["figures"]) == 4
    for event in out["events"]:
        assert set(event) >= EVENT_KEYS
        assert set(event["place"]) >= PLACE_KEYS
        for actor in event["actors"]:
            assert {"name", "inter", "country_iso3"} <= set(actor)
        for ev in event["evidence"]:
            assert {"start", "end", "text"} <= set(ev)
    for fig in out["figures"]:
        assert set(fig) >= FIGURE_KEYS
    assert {"text", "evidence"} <= set(out["caveats"][0])


def test_figure_values_chain_order_and_certainty() -> None:
    out = sitrep_json(s.EXTRACTIONS)
    injured = next(f for f in out["figures"] if f["kind"] == "injured")
    assert (injured["low"], injured["best"], injured["high"], injured["acled_fatalities"]) == (24, 36, 99, 12)
    assert injured["claimant_chain"] == ["Interior Ministry spokesman", "National Television", "Coastal Press Agency"]
    assert injured["certainty"] == "reported"
    killed = next(f for f in out["figures"] if f["kind"] == "killed" and f["article_id"] == "a1")
    assert killed["high"] is None  # "at least three" has no upper bound: never invent one
    assert killed["phrase"] == "At least three"


def test_evidence_spans_point_into_the_article_text() -> None:
    out = sitrep_json(s.EXTRACTIONS)
    texts = {ex.article.id: ex.article.text for ex in s.EXTRACTIONS}
    spans = [ev for e in out["events"] for ev in e["evidence"]] + [ev for f in out["figures"] for ev in f["evidence"]]
    assert spans
    for ev in spans:
        assert texts[ev["article_id"]][ev["start"] : ev["end"]] == ev["text"]


def test_event_dates_iso_and_place() -> None:
    event = sitrep_json(s.EXTRACTIONS)["events"][0]
    assert (event["date_start"], event["date_end"], event["time_precision"]) == ("2025-03-03", "2025-03-03", 1)
    assert event["place"]["country_iso3"] == "GHA"
    assert event["place"]["latitude"] == s.KUMASI.latitude


def test_caveat_qualifies_global_figure_indexes() -> None:
    out = sitrep_json(s.EXTRACTIONS)
    caveat = out["caveats"][0]
    assert "independently verified" in caveat["text"]
    (idx,) = caveat["qualifies"]
    assert out["figures"][idx]["phrase"] == "At least three"
    assert out["figures"][idx]["qualified_by"] == [0]
    # figures of the second article are not qualified by the first article's caveat
    assert all(f["qualified_by"] == [] for f in out["figures"] if f["article_id"] == "b2")


def test_event_figures_are_indexes_into_figures() -> None:
    out = sitrep_json(s.EXTRACTIONS)
    first = out["events"][0]
    assert [out["figures"][i]["kind"] for i in first["figures"]] == ["killed", "injured"]


def test_empty_input() -> None:
    assert sitrep_json([]) == {"events": [], "figures": [], "caveats": [], "articles": [], "out_of_scope": []}
    assert "No conflict or unrest events found." in render_text([])
    assert "No incidents." in render_incidents_text([])


def test_render_text_timeline_ranges_claimants_caveats() -> None:
    text = render_text(s.EXTRACTIONS)
    assert text.index("2025-03-03") < text.index("2025-03-04  Strategic developments")
    assert "Dozens (24-99; ACLED 12)" in text
    assert "At least three (3-?)" in text
    assert "Interior Ministry spokesman -> National Television -> Coastal Press Agency" in text
    assert "hospital officials -> Sahel Wire (publisher)" in text
    assert "could not be independently verified" in text
    assert "qualifies: killed (protesters): At least three" in text
    assert "Kotoko" not in text  # the football report has no events, so nothing of it is shown


def test_render_incidents_text_shows_revisions_in_order() -> None:
    articles = {ex.article.id: ex.article for ex in s.EXTRACTIONS}
    text = render_incidents_text(s.INCIDENTS, articles=articles)
    assert "Incidents: 2" in text
    assert "ACLED 7; UCDP low/best/high 3/7/7" in text
    assert text.index("At least three (3-?)") < text.index("seven (7)")
    assert "[CPA-0304]" in text
    assert "[SW-77]" in text
    # without articles, the reports' external ids are shown, never the internal article ids (hashes)
    bare = render_incidents_text(s.INCIDENTS)
    assert "- reports: CPA-0304, SW-77" in bare
    assert "- a1" not in bare


def test_caveats_listed_once_with_what_they_qualify() -> None:
    copy = dataclasses.replace(s.ART_A, id="a1-copy", source="Second Outlet", external_id="SO-1")
    figures = tuple(
        dataclasses.replace(f, evidence=dataclasses.replace(f.evidence, article_id="a1-copy")) for f in s.EX_A.figures
    )
    twin = dataclasses.replace(s.EX_A, article=copy, figures=figures)
    text = render_text([s.EX_A, twin])
    caveats = text[text.index("CAVEATS") :]
    assert "CAVEATS (1)" in caveats
    assert caveats.count("could not be independently verified") == 1
    assert "(Coastal Press Agency, Second Outlet)" in caveats
    assert caveats.count("qualifies: killed (protesters): At least three (3-?)") == 1


def test_a_headline_figure_repeated_in_the_body_is_one_claim() -> None:
    again = dataclasses.replace(s.KILLED_A, evidence=dataclasses.replace(s.KILLED_A.evidence, start=300, end=314))
    ex = dataclasses.replace(s.EX_A, figures=(s.KILLED_A, again, s.INJURED_A))
    text = render_text([ex])
    assert "FIGURES (2 claims)" in text
    assert "(stated 2 times in this report)" in text


def test_no_internal_hash_in_the_text_report() -> None:
    nameless = dataclasses.replace(s.ART_A, source=None, title=None, external_id=None, id="9f2c4e1ab37d55e0")
    text = render_text([dataclasses.replace(s.EX_A, article=nameless)])
    assert "9f2c4e1ab37d55e0" not in text


def test_articles_judged_out_of_scope_are_listed_with_their_reason() -> None:
    from flashpoint.records import Extraction, Relevance

    why = Relevance(False, "relevance@0:relevance.other_domain", "reads as sport news", s.ev(s.ART_C, "beat"))
    skipped = Extraction(article=s.ART_C, events=(), figures=(), caveats=(), relevance=why)
    out = sitrep_json([skipped])
    assert out["out_of_scope"] == [
        {
            "article_id": "c3",
            "rule": "relevance@0:relevance.other_domain",
            "reason": "reads as sport news",
            "evidence": {"start": why.evidence.start, "end": why.evidence.end, "text": "beat"},  # type: ignore[union-attr]
        }
    ]
    assert "Judged out of scope" in render_text([skipped])
