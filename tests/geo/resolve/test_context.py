"""The article's context: written hierarchies, possessives, the dateline, roles and country evidence."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, CITY, Candidate
from flashpoint.geo.resolve.base import EVENT, ORIGIN, Span
from flashpoint.geo.resolve.candidates import find_spans
from flashpoint.geo.resolve.context import country_evidence, link_context, link_hierarchy


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


def _reading(place_id: int, feature: str, *, iso3: str, admin1_id: int | None, pop: int) -> Candidate:
    return Candidate(
        place_id=place_id, name=f"P{place_id}", feature=feature, country_iso3=iso3, country=iso3, admin1=None,
        admin2=None, admin1_id=admin1_id, admin2_id=None, latitude=0.0, longitude=0.0, population=pop,
        geonameid=None, primary=True,
    )  # fmt: skip


def _pair(doc: Any, *, third: bool = False, abroad_pop: int = 9_000) -> list[Span]:
    elsewhere = _reading(1, CITY, iso3="KEN", admin1_id=7, pop=3_000)  # a namesake village in another province
    abroad = _reading(2, CITY, iso3="UGA", admin1_id=8, pop=abroad_pop)
    province = _reading(9, ADMIN1, iso3="KEN", admin1_id=9, pop=900_000)
    spans = [
        Span(3, 4, "Kessa", "GPE", candidates=(abroad, elsewhere)),
        Span(5, 6, "Orlo", "GPE", candidates=(province,)),
    ]
    if third:
        spans.append(Span(7, 8, "Tarsk", "GPE", candidates=(elsewhere,)))
    return spans


def test_a_village_written_with_a_province_it_is_not_listed_in_is_placed_in_it(geo_parse: Any) -> None:
    doc = geo_parse("Workers marched in Kessa, Orlo, on Monday.")
    linked = link_hierarchy(doc, _pair(doc))
    assert linked[1].qualifies == 0
    assert linked[0].qualifiers == (1,)
    # a head that is a sizeable town abroad may be an item of a list: no hierarchy is assumed
    assert link_hierarchy(doc, _pair(doc, abroad_pop=90_000))[1].qualifies is None


def test_a_list_of_places_is_no_hierarchy(geo_parse: Any) -> None:
    doc = geo_parse("Workers marched in Kessa, Orlo and Tarsk.")
    linked = link_hierarchy(doc, _pair(doc, third=True))
    assert all(s.qualifies is None for s in linked)
