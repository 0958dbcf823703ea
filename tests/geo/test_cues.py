"""Country cues (armed groups, parties, leaders, currencies) found in text written for these tests."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.cues import cue_index, find_cues


def _isos(text: str, parse: Any) -> list[str]:
    return [h.iso3 for h in find_cues(parse(text))]


def test_cues_point_to_their_country(geo_parse: Any) -> None:
    assert _isos("ZANU-PF youths beat two MDC Alliance activists.", geo_parse) == ["ZWE", "ZWE"]
    assert _isos("Al-Shabaab militants ambushed an AMISOM convoy.", geo_parse) == ["SOM", "SOM"]
    assert _isos("Traders said the naira lost value.", geo_parse) == ["NGA"]


def test_acronyms_match_only_in_capitals(geo_parse: Any) -> None:
    assert _isos("HTS fighters detained a journalist.", geo_parse) == ["SYR"]
    assert _isos("The hts value was recorded.", geo_parse) == []


def test_names_need_a_capital(geo_parse: Any) -> None:
    assert _isos("He said the talon of the bird was hurt.", geo_parse) == []
    assert _isos("President Patrice Talon spoke.", geo_parse) == ["BEN"]


def test_longest_cue_wins() -> None:
    index = cue_index()
    for cues in index.values():
        lengths = [len(c.words) for c in cues]
        assert lengths == sorted(lengths, reverse=True)
