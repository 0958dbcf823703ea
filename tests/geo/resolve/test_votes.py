"""Country and first-level-unit votes of resolved spans."""

from __future__ import annotations

from flashpoint.geo.gazetteer import CITY, COUNTRY, Candidate
from flashpoint.geo.resolve.base import EVENT, ORIGIN, ResolveOptions, Span
from flashpoint.geo.resolve.votes import admin_votes, country_votes, span_vote, without


def _town(admin1_id: int, *, iso3: str = "USA", name: str = "Hale", feature: str = CITY) -> Candidate:
    return Candidate(
        place_id=admin1_id * 10, name=name, feature=feature, country_iso3=iso3, country=iso3,
        admin1="A", admin2=None, admin1_id=admin1_id, admin2_id=None, latitude=0.0, longitude=0.0,
        population=1000, geonameid=None, primary=True,
    )  # fmt: skip


def test_admin_votes_count_a_repeated_name_once() -> None:
    spans = [Span(k, k + 1, "Hale", "PERSON", best=_town(1)) for k in range(5)]
    spans.append(Span(9, 10, "Varsa", "GPE", best=_town(2)))
    spans.append(Span(12, 13, "Kessa", "GPE", best=_town(2)))
    assert admin_votes(spans) == {1: 1.0, 2: 2.0}  # five mentions of one name are one witness, two names are two


def test_an_event_place_outvotes_an_origin_and_the_hint_outvotes_both() -> None:
    event = Span(0, 1, "Varsa", "GPE", role=EVENT, best=_town(1, iso3="PER"))
    origin = Span(3, 4, "Kessa", "GPE", role=ORIGIN, best=_town(2, iso3="USA"))
    votes = country_votes([event, origin], [], None, ResolveOptions())
    assert votes["PER"] > votes["USA"]
    hinted = country_votes([event, origin], [], "USA", ResolveOptions())
    assert hinted["USA"] > hinted["PER"]


def test_an_unsupported_name_does_not_vote() -> None:
    # a capitalised word with no place label and no locative support keeps its reading but has no say
    assert span_vote(Span(0, 1, "Marbeck", "CAP", best=_town(1))) == (None, 0.0)
    assert span_vote(Span(0, 1, "Marbeck", "CAP", role=EVENT, best=_town(1)))[0] == "USA"


def test_a_reading_does_not_vote_for_itself_nor_through_its_namesakes() -> None:
    spans = [Span(k, k + 1, "Varsa", "GPE", best=_town(1, iso3="GBR")) for k in range(3)]
    spans.append(Span(7, 8, "Canada", "GPE", best=_town(5, iso3="CAN", name="Canada", feature=COUNTRY)))
    votes = country_votes(spans, [], None, ResolveOptions())
    assert votes["GBR"] == 3.0
    own = without(votes, spans[0], spans)
    assert own["GBR"] == 0.0
    assert own["CAN"] == votes["CAN"]
