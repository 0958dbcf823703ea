"""Choosing among homonyms: scoring, written chains, strays, the dateline's places, one reading per name."""

from __future__ import annotations

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, Candidate
from flashpoint.geo.resolve.base import EVENT, ResolveOptions, Span
from flashpoint.geo.resolve.context import CountryEvidence
from flashpoint.geo.resolve.homonyms import (
    _shortened_unit,
    keep_written_units,
    one_reading_per_name,
    resolve_chains,
    score_spans,
    under_dateline,
)

NO_EVIDENCE = CountryEvidence(demonyms=(), isos=())


def _cand(
    place_id: int, *, iso3: str, feature: str = CITY, pop: int = 5_000, a1: int | None = None, lat: float = 0.0
) -> Candidate:
    return Candidate(
        place_id=place_id, name=f"P{place_id}", feature=feature, country_iso3=iso3, country=iso3, admin1=None,
        admin2=None, admin1_id=a1, admin2_id=None, latitude=lat, longitude=0.0, population=pop, geonameid=None,
        primary=True,
    )  # fmt: skip


def test_without_context_the_bigger_homonym_wins_and_the_articles_country_overrides_it() -> None:
    big, small = _cand(1, iso3="USA", pop=500_000), _cand(2, iso3="PER", pop=20_000)
    alone = score_spans([Span(0, 1, "Varsa", "GPE", candidates=(big, small))], evidence=NO_EVIDENCE, hint=None,
                        options=ResolveOptions())  # fmt: skip
    assert alone[0].best == big
    with_country = score_spans(
        [Span(0, 1, "Varsa", "GPE", candidates=(big, small))],
        evidence=CountryEvidence(demonyms=(), isos=(("PER", "context"),) * 3),
        hint=None,
        options=ResolveOptions(),
    )
    assert with_country[0].best == small
    assert with_country[0].score > 0.0


def test_a_chain_is_read_jointly_so_the_qualifier_contains_the_head() -> None:
    # "Kessa, Orlo": the populous Orlo elsewhere loses to the Orlo province that contains a Kessa
    province_far = _cand(10, iso3="BRA", feature=ADMIN1, pop=9_000_000)
    province_near = _cand(20, iso3="ARG", feature=ADMIN1, pop=300_000)
    head_far, head_near = _cand(11, iso3="MEX", pop=30_000), _cand(21, iso3="ARG", pop=8_000, a1=20)
    head = Span(0, 1, "Kessa", "GPE", candidates=(head_far, head_near), best=head_far, qualifiers=(1,), role=EVENT)
    qual = Span(2, 3, "Orlo", "GPE", candidates=(province_far, province_near), best=province_far, qualifies=0)
    out = resolve_chains([head, qual], {}, ResolveOptions(), {})
    assert out[0].best == head_near
    assert out[1].best == province_near
    assert head.best == head_far  # the input records are untouched


def test_a_reading_that_contradicts_its_written_unit_gives_way() -> None:
    unit = _cand(30, iso3="MLI", feature=ADMIN1, pop=2_000_000)
    elsewhere = _cand(31, iso3="MLI", a1=99)
    head = Span(0, 1, "Dovra", "GPE", candidates=(elsewhere,), best=elsewhere, qualifiers=(1,))
    qual = Span(2, 3, "Kessa", "GPE", candidates=(unit,), best=unit, qualifies=0)
    out = keep_written_units([head, qual])
    assert out[0].best is None
    assert out[1].best == unit


def test_one_reading_per_name_spreads_a_reading_fixed_by_its_hierarchy() -> None:
    ontario, england = _cand(40, iso3="CAN", pop=400_000), _cand(41, iso3="GBR", pop=8_000_000)
    fixed = Span(0, 1, "Tarsk", "GPE", candidates=(england, ontario), best=ontario, qualifiers=(1,))
    unit = Span(2, 3, "Orlo", "GPE", best=_cand(42, iso3="CAN", feature=ADMIN1), qualifies=0)
    later = Span(9, 10, "Tarsk", "GPE", candidates=(england, ontario), best=england)
    out = one_reading_per_name([fixed, unit, later])
    assert out[2].best == ontario


def test_a_small_foreign_town_in_a_report_filed_elsewhere_is_a_place_of_the_dateline() -> None:
    home = _cand(50, iso3="CHL", pop=200_000)
    foreign = _cand(51, iso3="ITA", pop=3_000)
    spans = [
        Span(0, 1, "PELMORA", "GPE", candidates=(home,), best=home, dateline=True),
        Span(8, 9, "Corsa", "GPE", candidates=(foreign,), best=foreign),
    ]
    out = under_dateline(spans, {"CHL": 3.0, "ITA": 1.0})
    assert out[1].best is None
    assert out[1].qualifiers == (0,)
    # the report names the other country elsewhere too: a second place, kept
    kept = under_dateline(spans, {"CHL": 3.0, "ITA": 2.0})
    assert kept[1].best == foreign


def _unit(place_id: int, name: str, feature: str, *, primary: bool) -> Candidate:
    return Candidate(
        place_id=place_id, name=name, feature=feature, country_iso3="XXA", country="X", admin1=None, admin2=None,
        admin1_id=None, admin2_id=None, latitude=0.0, longitude=0.0, population=1000, geonameid=None,
        primary=primary,
    )  # fmt: skip


def test_a_shortened_long_unit_name_yields_to_a_unit_of_the_written_name() -> None:
    own = _unit(1, "Kessa", ADMIN1, primary=True)
    long_name = _unit(2, "Kessa del Orlo", ADMIN1, primary=False)
    county = _unit(3, "Kessa County", ADMIN2, primary=False)
    span = Span(start=0, end=1, text="Kessa", label="GPE", feature_hint="admin", candidates=(own, long_name, county))
    assert _shortened_unit(long_name, span)
    assert not _shortened_unit(county, span)  # "Kessa County" is Kessa's own unit, not a long name shortened
    assert not _shortened_unit(own, span)
