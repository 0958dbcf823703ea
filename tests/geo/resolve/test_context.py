"""The article's context: written hierarchies, possessives, the dateline, roles and country evidence."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.resolve.base import EVENT, ORIGIN
from flashpoint.geo.resolve.candidates import find_spans
from flashpoint.geo.resolve.context import country_evidence, link_context


def _linked(text: str, parse: Any, gazetteer: Any) -> tuple[Any, tuple[Any, ...]]:
    doc = parse(text)
    return doc, link_context(doc, find_spans(doc, gazetteer=gazetteer))


def test_a_bracketed_hierarchy_qualifies_its_head_at_every_level(geo_parse: Any, gazetteer: Any) -> None:
    _, spans = _linked("Two farmers were killed in Dovra (Kessa, Pelmora) on Sunday.", geo_parse, gazetteer)
    by_text = {s.text: k for k, s in enumerate(spans)}
    head, mid, top = (spans[by_text[n]] for n in ("Dovra", "Kessa", "Pelmora"))
    assert head.qualifiers == (by_text["Kessa"], by_text["Pelmora"])
    assert mid.qualifies == by_text["Dovra"]
    assert top.qualifies == by_text["Dovra"]
    assert by_text["Pelmora"] in mid.qualifiers  # "X (Y, Z)": Z qualifies Y too
    assert head.role == EVENT


def test_a_wire_dateline_is_marked_with_its_date(geo_parse: Any, gazetteer: Any) -> None:
    _, spans = _linked("NAIROBI, March 5 (Kestrel Wire) - Protesters marched in Kisumu.", geo_parse, gazetteer)
    assert spans[0].text == "NAIROBI"
    assert spans[0].dateline
    assert spans[0].wire
    _, plain = _linked("Protesters marched in Kisumu and Nairobi on Friday.", geo_parse, gazetteer)
    assert not any(s.dateline for s in plain)


def test_officials_of_a_country_are_its_origin_not_an_event_place(geo_parse: Any, gazetteer: Any) -> None:
    _, spans = _linked("Kenyan police said Uganda officials met in Kisumu.", geo_parse, gazetteer)
    by_text = {s.text: s for s in spans}
    assert by_text["Uganda"].role == ORIGIN
    assert by_text["Kisumu"].role == EVENT


def test_demonyms_are_country_evidence_and_origins_before_actor_nouns(geo_parse: Any, gazetteer: Any) -> None:
    doc = geo_parse("Kenyan troops crossed into the valley, a Ugandan farmer said.")
    evidence = country_evidence(doc, demonyms=gazetteer.demonyms())
    roles = {d.iso3: d.role for d in evidence.demonyms}
    assert roles.get("KEN") == ORIGIN
    assert "UGA" in roles
    assert ("KEN", ORIGIN) in evidence.isos
