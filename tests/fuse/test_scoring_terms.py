"""Scoring, term by term: each named weight, limit and veto of :class:`MatchOptions` decides some pair here.

The profiles are built field by field (no text, no language model), so every expectation is written in
the options' own names: a term that reads the wrong weight, a limit moved across its boundary, a lost
reason or a veto that no longer fires fails here, while a re-calibrated weight does not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from flashpoint.fuse import MatchOptions, incidents_conflict, new_profile, score_match, vetoed_early
from flashpoint.fuse.profile import EventProfile, IncidentProfile
from flashpoint.fuse.scoring import (
    ESCALATIONS,
    EarlyVeto,
    MatchScore,
    best_match,
    content_match,
    content_names,
    novel_names,
    rank_matches,
    shared_details,
    text_containment,
)
from flashpoint.geometry import distance_km

OPT = MatchOptions()
DAY = dt.date(2024, 5, 10)
ONE = dt.timedelta(days=1)
# two points on one parallel, about 1.1 km per 0.01 degree of longitude at this latitude
LAT, LON = 6.0, 10.0


def ev(**change: object) -> EventProfile:
    """An armed clash in the town of Varso on DAY, from article A1: no coordinates, actors, toll or text."""
    base = EventProfile(
        event_id="E1",
        article_id="A1",
        external_id=None,
        source=None,
        published=None,
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=DAY,
        date_end=DAY,
        country_iso3="CMR",
        admin1=None,
        place_name="Varso",
        latitude=None,
        longitude=None,
        geo_precision=1,
        actors=(),
        killed=None,
        names=(),
        words=(),
        window_lo=DAY,
        window_hi=DAY,
    )
    return dataclasses.replace(base, **change)  # type: ignore[arg-type]


def inc(**change: object) -> IncidentProfile:
    """The incident the same clash founded from another report (article A0)."""
    return dataclasses.replace(new_profile("I1", ev(event_id="E0", article_id="A0")), **change)  # type: ignore[arg-type]


# the base pair: same town (named), same day, same sub-event type; nothing else known
BASE = OPT.w_same_place + OPT.w_same_day + OPT.w_same_sub_type


def test_the_base_pair_adds_place_day_and_type() -> None:
    score = score_match(ev(), inc(), OPT)
    assert score.veto is None
    assert score.total == pytest.approx(BASE)
    assert score.reasons == ("same place", "same day", "same sub-event type")
    assert score.accepted(OPT)


# --- place ------------------------------------------------------------------------------------------


def at(lon_offset: float, precision: int | None = 1, name: str | None = None, **more: object) -> dict[str, object]:
    return {"latitude": LAT, "longitude": LON + lon_offset, "geo_precision": precision, "place_name": name, **more}


def km_of(lon_offset: float) -> float:
    return distance_km(LAT, LON, LAT, LON + lon_offset)


PLACES = [
    # (name, event place, incident place, term, reason, veto)
    ("same name, both towns", {}, {}, OPT.w_same_place, "same place", None),
    ("same name in other case", {"place_name": "VARSO"}, {}, OPT.w_same_place, "same place", None),
    ("same name, near a town", {"geo_precision": 2}, {"geo_precision": 2}, OPT.w_same_place, "same place", None),
    ("same name, one a region", {"geo_precision": 3}, {}, OPT.w_same_region, "same region", None),
    ("same name, precision unknown", {"geo_precision": None}, {}, OPT.w_same_region, "same region", None),
    ("points 1 km apart", at(0.01, name="Kel"), at(0, name="Orm"), OPT.w_same_place, "same place", None),
    ("points 1 km apart, a region", at(0.01, 3, "Kel"), at(0, 1, "Orm"), OPT.w_same_region, "same region", None),
    ("points 9 km apart", at(0.08, name="Kel"), at(0, name="Orm"), OPT.w_near_place, "places 9 km apart", None),
    ("towns 22 km apart", at(0.2, name="Kel"), at(0, name="Orm"), 0.0, None, None),
    ("towns 44 km apart", at(0.4, name="Kel"), at(0, name="Orm"), 0.0, None, "places 44 km apart"),
    ("near a town, 44 km", at(0.4, 2, "Kel"), at(0, 1, "Orm"), 0.0, None, None),
    ("near a town, 132 km", at(1.2, 2, "Kel"), at(0, 1, "Orm"), 0.0, None, "places 133 km apart"),
    ("other admin1, no points", {"place_name": "Kel", "admin1": "North"}, {"admin1": "East"}, 0.0, None,
     "different admin1"),
    ("other admin1, 22 km", at(0.2, 2, "Kel", admin1="North"), at(0, 2, "Orm", admin1="East"), 0.0, None, None),
    ("other admin1, 44 km", at(0.4, 2, "Kel", admin1="North"), at(0, 2, "Orm", admin1="East"), 0.0, None,
     "different admin1"),
    ("same admin2, a region", {"place_name": "Kel", "geo_precision": 3, "admin2": "Lom"}, {"admin2": "LOM"},
     OPT.w_same_admin2, "same admin2", None),
    ("same admin2, two towns", {"place_name": "Kel", "admin2": "Lom", "admin1": "North"},
     {"admin2": "Lom", "admin1": "North"}, OPT.w_same_admin1, "same admin1", None),
    ("same admin2, other admin1", {"place_name": "Kel", "geo_precision": 3, "admin2": "Lom", "admin1": "North"},
     {"admin2": "Lom", "admin1": "East"}, 0.0, None, "different admin1"),
    ("same admin1 in other case", {"place_name": "Kel", "admin1": "North"}, {"admin1": "NORTH"}, OPT.w_same_admin1,
     "same admin1", None),
    ("one admin1 missing", {"place_name": "Kel", "admin1": "North"}, {}, 0.0, None, None),
    ("one name missing", {"place_name": None}, {}, 0.0, None, None),
    ("one point missing", at(0.01, name="Kel"), {"place_name": "Orm"}, 0.0, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "a", "b", "term", "reason", "veto"), PLACES, ids=[p[0] for p in PLACES])
def test_place_term(
    name: str, a: dict[str, object], b: dict[str, object], term: float, reason: str | None, veto: str | None
) -> None:
    score = score_match(ev(**a), inc(**b), OPT)
    assert score.veto == veto
    if veto is not None:
        assert score.reasons == (veto,)
        assert score.total == float("-inf")
        return
    assert score.total == pytest.approx(term + OPT.w_same_day + OPT.w_same_sub_type)
    place_reasons = tuple(r for r in score.reasons if r not in ("same day", "same sub-event type"))
    assert place_reasons[:1] == ((reason,) if reason else ())


def test_the_distance_limits_are_the_options() -> None:
    """Each radius decides at its own value: 'same' within same_km, 'near' within near_km, veto beyond max_km."""
    km = km_of(0.05)
    a, b = ev(**at(0.05, name="Kel")), inc(**at(0, name="Orm"))
    assert "same place" in score_match(a, b, dataclasses.replace(OPT, same_km=km)).reasons
    assert "same place" not in score_match(a, b, dataclasses.replace(OPT, same_km=km * 0.99)).reasons
    assert score_match(a, b, dataclasses.replace(OPT, same_km=0.1, near_km=km)).reasons[0] == "places 6 km apart"
    assert score_match(a, b, dataclasses.replace(OPT, same_km=0.1, near_km=km * 0.99)).reasons[0] == "same day"
    limits = dataclasses.replace(OPT, same_km=0.1, near_km=0.2)
    assert score_match(a, b, dataclasses.replace(limits, max_km=km)).veto is None
    assert score_match(a, b, dataclasses.replace(limits, max_km=km * 0.99)).veto == "places 6 km apart"
    near = ev(**at(0.05, 2, "Kel"))
    assert score_match(near, b, dataclasses.replace(limits, max_km=1.0, max_near_km=km)).veto is None
    assert score_match(near, b, dataclasses.replace(limits, max_near_km=km * 0.99)).veto == "places 6 km apart"


# --- day --------------------------------------------------------------------------------------------


def test_day_terms() -> None:
    two_days = {"date_end": DAY + ONE, "window_hi": DAY + ONE}
    overlapping = score_match(ev(**two_days), inc(), OPT)
    assert overlapping.total == pytest.approx(OPT.w_same_place + OPT.w_overlap_days + OPT.w_same_sub_type)
    assert "overlapping days" in overlapping.reasons
    incident_two_days = score_match(ev(), inc(date_hi=DAY + ONE, window_hi=DAY + ONE), OPT)
    assert "overlapping days" in incident_two_days.reasons
    later = {"date_start": DAY + ONE, "date_end": DAY + ONE, "window_lo": DAY + ONE, "window_hi": DAY + ONE}
    next_day = score_match(ev(**later), inc(), OPT)
    assert next_day.total == pytest.approx(OPT.w_same_place + OPT.w_day_gap + OPT.w_same_sub_type)
    assert next_day.reasons == ("same place", "1 days apart", "same sub-event type")
    earlier = {"date_start": DAY - ONE, "date_end": DAY - ONE, "window_lo": DAY - ONE, "window_hi": DAY - ONE}
    assert score_match(ev(**earlier), inc(), OPT).reasons[1] == "1 days apart"
    undated = score_match(ev(window_lo=None, window_hi=None), inc(), OPT)
    assert undated.total == pytest.approx(OPT.w_same_place + OPT.w_same_sub_type)
    assert undated.reasons == ("same place", "same sub-event type")


@pytest.mark.parametrize("gap", [1, 2, 3])
def test_max_gap_days_is_the_largest_gap_allowed(gap: int) -> None:
    d = DAY + gap * ONE
    event = ev(date_start=d, date_end=d, window_lo=d, window_hi=d)
    veto = "dates too far apart" if gap > OPT.max_gap_days else None
    assert score_match(event, inc(), OPT).veto == veto
    assert vetoed_early(event, "Battles", "CMR", DAY, DAY, options=OPT) is (veto is not None)
    assert incidents_conflict(new_profile("I2", event), inc(), OPT) == veto
    wider = dataclasses.replace(OPT, max_gap_days=3)
    assert score_match(event, inc(), wider).veto is None


def test_exact_days_must_agree() -> None:
    d = DAY + ONE
    event = ev(date_start=d, date_end=d, exact_day=True)
    assert score_match(event, inc(exact_day=DAY), OPT).veto == "different exact days"
    assert score_match(event, inc(exact_day=None), OPT).veto is None
    assert score_match(ev(date_start=d, date_end=d, exact_day=False), inc(exact_day=DAY), OPT).veto is None
    assert score_match(ev(exact_day=True), inc(exact_day=DAY), OPT).veto is None


def test_an_incident_never_spans_more_than_max_span_days() -> None:
    span = dt.timedelta(days=OPT.max_span_days)
    long_incident = inc(date_hi=DAY + span, window_hi=DAY + span)
    assert score_match(ev(), long_incident, OPT).veto is None
    end = DAY + span + ONE
    late = ev(date_start=end, date_end=end, window_lo=end, window_hi=end)
    assert score_match(late, long_incident, OPT).veto == "incident would span too many days"
    other = new_profile("I2", late)
    assert incidents_conflict(other, long_incident, OPT) == "would span too many days"
    assert incidents_conflict(new_profile("I2", ev()), long_incident, OPT) is None


# --- type -------------------------------------------------------------------------------------------

BOMBS = "Explosions/Remote violence"
TYPES = [
    ("Battles", "Armed clash", "Battles", "Armed clash", OPT.w_same_sub_type, "same sub-event type"),
    ("Battles", "Government regains territory", "Battles", "Armed clash", OPT.w_same_type, "same event type"),
    (BOMBS, "Shelling/artillery/missile attack", BOMBS, "Air/drone strike", OPT.w_other_weapon, "different weapons"),
    ("Violence against civilians", "Attack", "Battles", "Armed clash", OPT.w_escalation, "escalation types"),
    ("Riots", "Mob violence", "Protests", "Peaceful protest", OPT.w_escalation, "escalation types"),
    ("Battles", "Armed clash", "Riots", "Mob violence", OPT.w_related_type, "related event types"),
    ("Strategic developments", "Looting/property destruction", "Battles", "Armed clash", OPT.w_related_type,
     "related event types"),
]  # fmt: skip


@pytest.mark.parametrize(("type_a", "sub_a", "type_b", "sub_b", "term", "reason"), TYPES)
def test_type_term(type_a: str, sub_a: str, type_b: str, sub_b: str, term: float, reason: str) -> None:
    score = score_match(ev(event_type=type_a, sub_event_type=sub_a), inc(event_type=type_b, sub_event_type=sub_b), OPT)
    assert score.reasons == ("same place", "same day", reason)
    assert score.total == pytest.approx(OPT.w_same_place + OPT.w_same_day + term)


def test_escalations_are_the_documented_pairs() -> None:
    assert frozenset({"Protests", "Riots"}) in ESCALATIONS
    assert frozenset({"Protests", "Battles"}) not in ESCALATIONS
    protest = score_match(ev(event_type="Protests", sub_event_type="Peaceful protest"), inc(), OPT)
    assert protest.veto == "incompatible event types"


# --- actors -----------------------------------------------------------------------------------------

ACTORS = [
    ("shared party", {"actors": ("kel front", "orm militia")}, {"actors": ("orm militia",)}, OPT.w_shared_actor,
     "shared actor"),
    ("different parties", {"actors": ("kel front",)}, {"actors": ("orm militia",)}, OPT.w_disjoint_actors,
     "different actors"),
    ("parties beat state forces", {"actors": ("kel front",), "common_actors": ("police",)},
     {"actors": ("orm militia",), "common_actors": ("police",)}, OPT.w_disjoint_actors, "different actors"),
    ("state forces only", {"common_actors": ("police",)}, {"actors": ("orm militia",), "common_actors": ("police",)},
     OPT.w_shared_common_actor, "shared state actor"),
    ("other state forces", {"common_actors": ("army",)}, {"common_actors": ("police",)}, 0.0, None),
    ("one side silent", {"actors": ("kel front",)}, {}, 0.0, None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "a", "b", "term", "reason"), ACTORS, ids=[x[0] for x in ACTORS])
def test_actor_term(name: str, a: dict[str, object], b: dict[str, object], term: float, reason: str | None) -> None:
    score = score_match(ev(**a), inc(**b), OPT)
    assert score.total == pytest.approx(BASE + term)
    assert score.reasons[3:] == ((reason,) if reason else ())


def test_different_actors_keep_bridged_incidents_apart_only_when_both_name_parties() -> None:
    a = new_profile("I2", ev(actors=("kel front",)))
    assert incidents_conflict(a, inc(actors=("orm militia",)), OPT) == "different actors"
    assert incidents_conflict(a, inc(actors=("kel front",)), OPT) is None
    assert incidents_conflict(a, inc(), OPT) is None


# --- tolls ------------------------------------------------------------------------------------------

TOLLS = [
    (6, (6,), "same toll"),
    (0, (0,), "same toll"),
    (4, (6,), "same toll"),  # ratio 1.5: revised tolls are normal
    (6, (4,), "same toll"),
    (4, (7,), None),
    (2, (8,), "different tolls"),  # 6 apart and 4 times
    (2, (7,), None),  # only 5 apart
    (3, (9,), None),  # only 3 times
    (0, (6,), "different tolls"),
    (0, (5,), None),
    (0, (1,), None),
    (9, (1, 10), "same toll"),  # the closest of the incident's tolls counts
    (1, (9, 2), None),
    (5, (), None),
    (None, (5,), None),
]


@pytest.mark.parametrize(("killed", "others", "reason"), TOLLS)
def test_toll_term(killed: int | None, others: tuple[int, ...], reason: str | None) -> None:
    score = score_match(ev(killed=killed), inc(killed=others), OPT)
    term = {"same toll": OPT.w_same_toll, "different tolls": OPT.w_far_toll, None: 0.0}[reason]
    assert score.total == pytest.approx(BASE + term)
    assert score.reasons[3:] == ((reason,) if reason else ())


# --- structure, text and the near-copy rules -------------------------------------------------------


def test_too_little_structure_caps_the_total_below_the_threshold() -> None:
    words = ("market", "cattle", "herders", "motorbikes", "raid", "river")
    alone = {"place_name": None, "names": ("kel",), "words": words}
    score = score_match(ev(**alone), inc(names=("kel",), words=words), OPT)
    structured = OPT.w_same_day + OPT.w_same_sub_type  # 2.0: exactly min_structured is enough
    assert "structured" not in " ".join(score.reasons)
    assert score.total == pytest.approx(
        structured + OPT.max_text + OPT.w_details * (OPT.max_details - OPT.details_pivot)
    )
    weak = score_match(
        ev(**alone, sub_event_type="Non-state actor overtakes territory"), inc(names=("kel",), words=words), OPT
    )
    assert weak.reasons[-1] == "structured 1.50"
    assert weak.total == pytest.approx(OPT.threshold - 0.01)
    assert not weak.accepted(OPT)
    copy = score_match(
        ev(**alone, sub_event_type="Non-state actor overtakes territory"),
        inc(names=("kel",), words=words),
        OPT,
        near_duplicate=True,
    )
    assert "structured 1.50" not in copy.reasons
    assert copy.total == pytest.approx(1.5 + OPT.max_text + OPT.w_near_duplicate)
    assert copy.accepted(OPT)


def test_text_term_is_linear_around_its_pivot_and_capped() -> None:
    # 4 shared content words of 8: containment 0.5
    half = score_match(ev(words=("a1", "b1", "c1", "d1")), inc(words=("a1", "b1", "x1", "y1")), OPT)
    assert "text 0.50" in half.reasons
    assert "details 2" in half.reasons
    text = OPT.w_text * (0.5 - OPT.text_pivot)
    details = OPT.w_details * (2 - OPT.details_pivot)
    assert half.total == pytest.approx(BASE + text + details)
    whole = score_match(ev(words=("a1", "b1", "c1", "d1")), inc(words=("a1", "b1", "c1", "d1")), OPT)
    assert whole.total == pytest.approx(BASE + OPT.max_text + OPT.w_details * (OPT.max_details - OPT.details_pivot))
    assert "details 4" in whole.reasons
    none = score_match(ev(words=("a1",)), inc(words=("b1",)), OPT)
    assert none.total == pytest.approx(
        BASE + OPT.w_text * (0 - OPT.text_pivot) + OPT.w_details * (0 - OPT.details_pivot)
    )
    assert none.reasons[3:] == ("text 0.00", "details 0")
    no_details = dataclasses.replace(OPT, w_details=0.0)
    assert "details 4" not in score_match(ev(words=("a1",)), inc(words=("a1",)), no_details).reasons


def test_details_leave_out_place_words() -> None:
    words = ("market", "cattle", "varso")
    score = score_match(ev(words=words), inc(words=words), OPT)
    assert "details 2" in score.reasons  # varso is the town: the place term weighed it
    known = score_match(ev(words=words, known=("cattle",)), inc(words=words), OPT)
    assert "details 1" in known.reasons


NOVEL_TEXT = ("shelled", "village", "overnight", "houses", "burned", "cattle", "taken", "road", "closed", "fled")


def text_term(share: float) -> float:
    return min(OPT.max_text, OPT.w_text * (share - OPT.text_pivot))


def test_a_near_copy_naming_another_village_is_penalised_per_name() -> None:
    plain = score_match(ev(words=NOVEL_TEXT), inc(words=NOVEL_TEXT), OPT)
    assert "unmatched" not in " ".join(plain.reasons)
    for n, (mine, theirs) in enumerate([("kel", "orm"), ("kel lom", "orm pes"), ("kel lom nar", "orm pes tam")], 1):
        score = score_match(
            ev(names=tuple(mine.split()), words=NOVEL_TEXT), inc(names=tuple(theirs.split()), words=NOVEL_TEXT), OPT
        )
        share = len(NOVEL_TEXT) / (len(NOVEL_TEXT) + OPT.name_weight * n)
        assert share >= OPT.novel_from
        assert score.reasons[-2:] == (f"details {len(NOVEL_TEXT)}", "unmatched names " + mine.replace(" ", ","))
        penalty = OPT.w_novel_name * min(n, OPT.max_novel_names)
        assert score.total == pytest.approx(BASE + text_term(share) + penalty, abs=1e-4)


def test_novel_names_spare_numbers_admin_units_and_their_demonyms() -> None:
    number = score_match(ev(names=("14",), words=NOVEL_TEXT), inc(names=("9",), words=NOVEL_TEXT), OPT)
    assert "unmatched" not in " ".join(number.reasons)
    demonym = score_match(
        ev(names=("kessan",), words=NOVEL_TEXT), inc(names=("orm",), words=NOVEL_TEXT, known=("kessa",)), OPT
    )
    assert "unmatched" not in " ".join(demonym.reasons)
    short = score_match(
        ev(names=("orlov",), words=NOVEL_TEXT), inc(names=("pes",), words=NOVEL_TEXT, known=("orlo",)), OPT
    )
    assert short.reasons[-1] == "unmatched names orlov"  # a four-letter unit is no stem
    other_stem = score_match(
        ev(names=("kessin",), words=NOVEL_TEXT), inc(names=("orm",), words=NOVEL_TEXT, known=("kessa",)), OPT
    )
    assert other_stem.reasons[-1] == "unmatched names kessin"
    # a town's own name is not a wide name: naming another town counts even when it is an admin unit too
    town = score_match(
        ev(place_name="Kel", geo_precision=3, names=("kel",), words=NOVEL_TEXT, known=("kel",)),
        inc(place_name="Orm", names=("orm",), words=NOVEL_TEXT),
        OPT,
    )
    assert town.reasons[-1] == "unmatched names kel"


def test_novel_names_count_only_between_near_copies() -> None:
    loose = ("shelled", "village", "x1", "x2", "x3", "x4")
    other = ("shelled", "village", "y1", "y2", "y3", "y4")
    score = score_match(ev(names=("kel",), words=loose), inc(names=("orm",), words=other), OPT)
    share = text_containment(("kel",), loose, ("orm",), other)
    assert share is not None
    assert share < OPT.novel_from
    assert "unmatched" not in " ".join(score.reasons)
    at_limit = dataclasses.replace(OPT, novel_from=share)
    assert (
        score_match(ev(names=("kel",), words=loose), inc(names=("orm",), words=other), at_limit).reasons[-1]
        == "unmatched names kel"
    )


def test_a_near_duplicate_report_that_names_nothing_new_gains() -> None:
    words = {"words": NOVEL_TEXT}
    plain = score_match(ev(**words), inc(**words), OPT)
    copy = score_match(ev(**words), inc(**words), OPT, near_duplicate=True)
    assert copy.reasons[-1] == "near-duplicate report"
    assert copy.total == pytest.approx(plain.total + OPT.w_near_duplicate)
    renamed = score_match(ev(names=("kel",), **words), inc(names=("orm",), **words), OPT, near_duplicate=True)
    assert "near-duplicate report" not in renamed.reasons


def test_another_story_of_the_same_outlet_on_the_same_day() -> None:
    outlet = {"source": "Lake Courier", "published": DAY}
    incident = inc(words=("a1", "b1", "c1", "d1"), outlet_days=("lake courier|" + DAY.isoformat(),))
    other = score_match(ev(words=("a1", "b1", "x1", "y1"), **outlet), incident, OPT)
    assert "same outlet, same day, another story" in other.reasons
    plain = score_match(ev(words=("a1", "b1", "x1", "y1")), incident, OPT)
    assert other.total == pytest.approx(plain.total + OPT.w_same_outlet_day)
    assert "same outlet" not in " ".join(
        score_match(ev(words=("a1", "b1", "c1", "d1"), **outlet), incident, OPT).reasons
    )
    copy = score_match(ev(words=("a1", "b1", "x1", "y1"), **outlet), incident, OPT, near_duplicate=True)
    assert "same outlet" not in " ".join(copy.reasons)
    next_day = score_match(
        ev(words=("a1", "b1", "x1", "y1"), source="Lake Courier", published=DAY + ONE), incident, OPT
    )
    assert "same outlet" not in " ".join(next_day.reasons)
    rewrite = dataclasses.replace(OPT, rewrite_from=0.5)  # keeps half the words: a rewrite at this limit
    assert "same outlet" not in " ".join(
        score_match(ev(words=("a1", "b1", "x1", "y1"), **outlet), incident, rewrite).reasons
    )


# --- vetoes -----------------------------------------------------------------------------------------


def test_vetoes() -> None:
    assert (
        score_match(ev(article_id="A0"), inc(), OPT).veto == "same article: a report's events are atomic and distinct"
    )
    assert score_match(ev(country_iso3="NGA"), inc(), OPT).veto == "different countries"
    assert score_match(ev(country_iso3=None), inc(), OPT).veto is None
    assert score_match(ev(), inc(country_iso3=None), OPT).veto is None
    assert score_match(ev(event_type="Protests"), inc(), OPT).veto == "incompatible event types"
    vetoed = score_match(ev(country_iso3="NGA"), inc(), OPT)
    assert vetoed.total == float("-inf")
    assert vetoed.reasons == ("different countries",)
    assert vetoed.incident_id == "I1"
    assert not MatchScore("I1", 100.0, (), veto="x").accepted(OPT)


def test_early_vetoes_read_the_indexed_fields() -> None:
    event = ev()
    assert EarlyVeto.of(event) == EarlyVeto("Battles", "CMR", DAY, DAY)
    assert vetoed_early(event, "Battles", "NGA", DAY, DAY, options=OPT)
    assert not vetoed_early(event, "Battles", None, DAY, DAY, options=OPT)
    assert not vetoed_early(ev(country_iso3=None), "Battles", "NGA", DAY, DAY, options=OPT)
    assert vetoed_early(event, "Protests", "CMR", DAY, DAY, options=OPT)
    assert not vetoed_early(event, "Riots", "CMR", DAY, DAY, options=OPT)
    assert not vetoed_early(event, "Battles", "CMR", None, None, options=OPT)
    assert vetoed_early(EarlyVeto.of(event), "Battles", "CMR", DAY + 2 * ONE, DAY + 2 * ONE, options=OPT)


def test_incidents_conflict_for_each_reason() -> None:
    a = inc()
    b = new_profile("I2", ev())
    assert incidents_conflict(a, b, OPT) is None
    assert incidents_conflict(a, dataclasses.replace(b, article_ids=("A7", "A0")), OPT) == (
        "a report in both (its events are distinct)"
    )
    assert incidents_conflict(a, dataclasses.replace(b, country_iso3="NGA"), OPT) == "different countries"
    assert incidents_conflict(a, dataclasses.replace(b, country_iso3=None), OPT) is None
    assert incidents_conflict(a, dataclasses.replace(b, event_type="Protests"), OPT) == "incompatible event types"
    assert incidents_conflict(a, dataclasses.replace(b, exact_day=DAY + ONE), OPT) is None
    assert incidents_conflict(
        dataclasses.replace(a, exact_day=DAY), dataclasses.replace(b, exact_day=DAY + ONE), OPT
    ) == ("different exact days")
    assert incidents_conflict(dataclasses.replace(a, exact_day=DAY), dataclasses.replace(b, exact_day=DAY), OPT) is None
    assert incidents_conflict(
        dataclasses.replace(a, outlet_days=("x|1", "y|2")), dataclasses.replace(b, outlet_days=("y|2",)), OPT
    ) == ("another story of the same outlet on the same day")
    assert (
        incidents_conflict(
            dataclasses.replace(a, outlet_days=("x|1",)), dataclasses.replace(b, outlet_days=("y|2",)), OPT
        )
        is None
    )
    assert incidents_conflict(a, dataclasses.replace(b, place_name="Kel", admin1="North"), OPT) is None
    assert (
        incidents_conflict(
            dataclasses.replace(a, admin1="East"), dataclasses.replace(b, place_name="Kel", admin1="North"), OPT
        )
        == "different admin1"
    )


# --- content, ranking -------------------------------------------------------------------------------

STORY = ("abeni", "dorsa", "kumbo", "lendi", "marou", "ngare", "okoth")


def test_content_names_leave_out_numbers_short_tokens_and_wide_names() -> None:
    event = ev(names=(*STORY, "14", "twelve", "ab", "kessa"), known=("kessan",))
    incident = inc(names=(*STORY, "14", "twelve", "ab", "kessa"))
    assert content_names(event, incident) == STORY
    assert content_names(ev(names=STORY), inc(names=STORY, known=("lendi",))) == tuple(n for n in STORY if n != "lendi")
    assert content_names(ev(names=(), story=STORY), inc(names=(), story=STORY[:3])) == STORY[:3]


def test_content_match_outweighs_a_place_veto_with_enough_shared_names() -> None:
    event = ev(names=STORY, place_name="Kel", latitude=LAT, longitude=LON + 3)
    incident = inc(names=STORY, latitude=LAT, longitude=LON)
    base = score_match(event, incident, OPT)
    assert base.veto is not None
    assert base.veto.startswith("places")
    joined = content_match(event, incident, OPT, base=base)
    assert joined is not None
    assert joined.overridden == base.veto
    assert joined.veto is None
    assert joined.total == pytest.approx(OPT.threshold + OPT.w_story_name * (len(STORY) - OPT.content_min_names))
    assert joined.reasons == (f"story names 7: {','.join(STORY)}", f"outweighs: {base.veto}")
    assert joined.accepted(OPT)
    # content_min_names is the least number of shared names
    assert content_match(event, incident, dataclasses.replace(OPT, content_min_names=7), base=base) is not None
    assert content_match(event, incident, dataclasses.replace(OPT, content_min_names=8), base=base) is None
    # ... and content_min_share their least share of the smaller report's names
    more = tuple(f"name{c}" for c in "abcdefghijklmnopqrstuvwxyz")
    long_story = dataclasses.replace(event, story=(*STORY, *more))
    long_incident = dataclasses.replace(incident, story=(*STORY, *(f"other{c}" for c in "abcdefghijklmnopqrst")))
    share = 7 / (7 + 20)
    assert (
        content_match(long_story, long_incident, dataclasses.replace(OPT, content_min_share=share), base=base)
        is not None
    )
    assert (
        content_match(long_story, long_incident, dataclasses.replace(OPT, content_min_share=share + 0.01), base=base)
        is None
    )
    capped = dataclasses.replace(OPT, max_story_names=6)
    joined_capped = content_match(event, incident, capped, base=base)
    assert joined_capped is not None
    assert joined_capped.total == pytest.approx(OPT.threshold + OPT.w_story_name * (6 - OPT.content_min_names))
    same_article = score_match(ev(article_id="A0", names=STORY), incident, OPT)
    assert content_match(ev(article_id="A0", names=STORY), incident, OPT, base=same_article) is None


def test_content_match_without_a_veto_keeps_the_reasons() -> None:
    event = ev(names=STORY, event_type="Riots", sub_event_type="Mob violence")
    incident = inc(names=STORY)
    base = score_match(event, incident, OPT)
    joined = content_match(event, incident, OPT, base=base)
    assert joined is not None
    assert joined.overridden is None
    assert joined.reasons == (*base.reasons, f"story names 7: {','.join(STORY)}")


def test_content_match_days() -> None:
    incident = inc(names=STORY)
    far = DAY + 5 * ONE
    later = ev(names=STORY, date_start=far, date_end=far, window_lo=far, window_hi=far)
    base = score_match(later, incident, OPT)
    assert content_match(later, incident, OPT, base=base) is None
    assert content_match(dataclasses.replace(later, followup=True), incident, OPT, base=base) is not None
    exact = ev(names=STORY, date_start=DAY + ONE, date_end=DAY + ONE, exact_day=True)
    assert content_match(exact, inc(names=STORY, exact_day=DAY), OPT, base=base) is None
    undated = ev(names=STORY, date_start=None, date_end=None, window_lo=None, window_hi=None)
    # dated by its publication: not about an incident that began after it was published
    assert content_match(dataclasses.replace(undated, published=DAY - 2 * ONE), incident, OPT, base=base) is None
    assert content_match(dataclasses.replace(undated, published=DAY - ONE), incident, OPT, base=base) is not None
    month = dt.timedelta(days=OPT.max_span_days)
    assert content_match(dataclasses.replace(undated, published=DAY + month), incident, OPT, base=base) is not None
    stale = dataclasses.replace(undated, published=DAY + month + ONE)
    assert content_match(stale, incident, OPT, base=base) is None
    assert content_match(dataclasses.replace(stale, followup=True), incident, OPT, base=base) is not None
    two_days = inc(names=STORY, date_hi=DAY + ONE)
    assert (
        content_match(dataclasses.replace(undated, published=DAY + month + ONE), two_days, OPT, base=base) is not None
    )


def test_rank_matches_orders_by_total_then_id_and_adds_content_joins() -> None:
    strong = inc(id="I2", actors=("kel front",))
    plain_b = inc(id="I3")
    plain_a = inc(id="I1")
    event = ev(actors=("kel front",))
    ranked = rank_matches(event, [plain_b, strong, plain_a], OPT)
    assert [s.incident_id for s in ranked] == ["I2", "I1", "I3"]
    assert best_match(event, [plain_b, strong, plain_a], OPT) == ranked[0]
    far = inc(id="I4", names=STORY, latitude=LAT, longitude=LON)
    away = ev(names=STORY, place_name="Kel", latitude=LAT, longitude=LON + 3)
    assert rank_matches(away, [far], OPT) == []
    assert best_match(away, [far], OPT) is None
    linked = rank_matches(away, [far], OPT, linked=("I4",))
    assert [s.incident_id for s in linked] == ["I4"]
    assert linked[0].overridden is not None
    weak = inc(id="I5", sub_event_type="Non-state actor overtakes territory", place_name=None)
    assert rank_matches(ev(words=NOVEL_TEXT), [dataclasses.replace(weak, words=NOVEL_TEXT)], OPT) == []
    dup = rank_matches(
        ev(words=NOVEL_TEXT), [dataclasses.replace(weak, words=NOVEL_TEXT)], OPT, near_duplicates=("I5",)
    )
    assert [s.incident_id for s in dup] == ["I5"]
    assert (
        best_match(ev(words=NOVEL_TEXT), [dataclasses.replace(weak, words=NOVEL_TEXT)], OPT, near_duplicates=("I5",))
        == dup[0]
    )


# --- text helpers -----------------------------------------------------------------------------------


def test_text_containment_weighs_names_and_is_capped() -> None:
    # names count name_weight each; the smaller side is the denominator
    assert text_containment({"kel"}, {"raid"}, {"kel"}, {"market"}) == pytest.approx(2 / 3)
    assert text_containment({"kel"}, {"raid"}, {"kel"}, {"market"}, name_weight=1.0) == pytest.approx(1 / 2)
    assert text_containment({"kel"}, set(), set(), {"kel", "raid"}) == 1.0  # capitalised on one side only
    assert text_containment(set(), {"kel"}, {"kel"}, set()) == 1.0
    assert text_containment(set(), {"a", "b"}, set(), {"a", "b", "c"}) == 1.0
    assert text_containment({"kel"}, {"raid"}, set(), set()) is None


def test_novel_names_of_equal_sides_come_from_the_first() -> None:
    assert novel_names({"kel"}, {"raid"}, {"orm"}, {"raid"}) == ("kel",)
    assert novel_names({"kel", "orm"}, {"raid"}, {"orm"}, {"raid", "kel"}) == ()
    assert novel_names({"kel", "lom"}, set(), {"orm"}, {"x", "y"}) == ("kel", "lom")  # 4 against 4
    assert novel_names({"kel", "lom"}, set(), {"orm"}, {"x", "y"}, name_weight=3.0) == ("orm",)  # 6 against 5


def test_shared_details_weigh_names_and_leave_out_places() -> None:
    options = dataclasses.replace(OPT, name_weight=3.0)
    assert shared_details({"kel", "orm"}, {"raid", "cattle"}, {"kel", "orm"}, {"raid"}, places=(), options=options) == 7
    assert shared_details({"kel", "orm"}, {"raid"}, {"kel"}, {"orm", "raid"}, places={"orm"}, options=options) == 4
    assert shared_details(set(), {"kel"}, {"kel"}, set(), places=(), options=options) == 3


def test_content_match_day_limits_are_inclusive() -> None:
    incident = inc(names=STORY)
    base = score_match(ev(names=STORY), incident, OPT)
    next_day = DAY + ONE
    one_off = ev(names=STORY, date_start=next_day, date_end=next_day, window_lo=next_day, window_hi=next_day)
    assert content_match(one_off, incident, OPT, base=base) is not None  # a gap of max_gap_days is allowed
    # only an event stated on an exact day conflicts with the incident's exact day
    loose = ev(names=STORY, date_start=next_day, date_end=next_day, exact_day=False)
    assert content_match(loose, inc(names=STORY, exact_day=DAY), OPT, base=base) is not None
    month = DAY + dt.timedelta(days=OPT.max_span_days)
    long_incident = inc(names=STORY, date_hi=month, window_hi=month)
    assert content_match(ev(names=STORY), long_incident, OPT, base=base) is not None
    # an event with a date of its own is placed by that date, not by when it was published
    late_report = ev(names=STORY, published=DAY + 3 * dt.timedelta(days=OPT.max_span_days))
    assert content_match(late_report, incident, OPT, base=base) is not None


def test_story_names_count_three_letter_names_but_no_numbers() -> None:
    names = ("abe", "dor", "kum", "len", "mar", "12", "ab")
    assert content_names(ev(names=names), inc(names=names)) == ("abe", "dor", "kum", "len", "mar")
    # numbers and two-letter tokens do not make a report's story larger: 5 shared of 5 countable names
    event, incident = ev(names=names), inc(names=names)
    strict = dataclasses.replace(OPT, content_min_share=1.0)
    assert content_match(event, incident, strict, base=score_match(event, incident, OPT)) is not None


def test_place_term_edge_cases() -> None:
    region = score_match(ev(), inc(geo_precision=3), OPT)  # the incident's side only gives a region
    assert region.reasons[0] == "same region"
    one_admin2 = score_match(ev(place_name="Kel", geo_precision=3, admin2="Lom"), inc(), OPT)
    assert one_admin2.reasons[:1] == ("same day",)  # one side's district alone says nothing


def test_undated_pairs_have_no_span() -> None:
    undated = {"date_start": None, "date_end": None, "window_lo": None, "window_hi": None}
    score = score_match(ev(**undated), inc(date_lo=None, date_hi=None, window_lo=None, window_hi=None), OPT)
    assert score.veto is None
    strict = dataclasses.replace(OPT, max_span_days=0)
    assert (
        score_match(ev(**undated), inc(date_lo=None, date_hi=None, window_lo=None, window_hi=None), strict).veto is None
    )


def test_novel_names_compare_weighted_sizes() -> None:
    # 1 name and 3 words (5) against 2 names (4): the second side is the shorter
    assert novel_names({"kel"}, {"w1", "w2", "w3"}, {"orm", "pes"}, set()) == ("orm", "pes")


def test_content_reasons_list_eight_names_and_totals_keep_four_decimals() -> None:
    nine = (*STORY, "pavo", "quen")
    event, incident = ev(names=nine), inc(names=nine)
    options = dataclasses.replace(OPT, w_story_name=1 / 3)
    joined = content_match(event, incident, options, base=score_match(event, incident, options))
    assert joined is not None
    assert joined.reasons[-1] == "story names 9: " + ",".join(sorted(nine)[:8])
    assert joined.total == round(options.threshold + (9 - options.content_min_names) / 3, 4)


def test_a_half_known_date_window_is_unknown() -> None:
    for lo, hi in ((None, DAY), (DAY, None)):
        assert not vetoed_early(ev(), "Battles", "CMR", lo, hi, options=OPT)
        assert not vetoed_early(ev(window_lo=lo, window_hi=hi), "Battles", "CMR", DAY, DAY, options=OPT)
        assert score_match(ev(window_lo=lo, window_hi=hi), inc(), OPT).reasons == ("same place", "same sub-event type")


def test_the_day_gap_weight_is_per_day() -> None:
    wide = dataclasses.replace(OPT, max_gap_days=3)
    d = DAY + 2 * ONE
    score = score_match(ev(date_start=d, date_end=d, window_lo=d, window_hi=d), inc(), wide)
    assert "2 days apart" in score.reasons
    assert score.reasons[-1] == f"structured {OPT.w_same_place + 2 * OPT.w_day_gap + OPT.w_same_sub_type:.2f}"


def test_the_admin1_veto_starts_beyond_max_km() -> None:
    km = km_of(0.2)
    a, b = ev(**at(0.2, 2, "Kel", admin1="North")), inc(**at(0, 2, "Orm", admin1="East"))
    assert score_match(a, b, dataclasses.replace(OPT, max_km=km)).veto is None
    assert score_match(a, b, dataclasses.replace(OPT, max_km=km * 0.99)).veto == "different admin1"


def test_the_name_weight_option_weighs_names_in_the_text_terms() -> None:
    words = ("a1", "b1", "c1", "d1")
    a, b = ev(names=("kel",), words=words), inc(names=("orm",), words=words)
    assert "text 0.67" in score_match(a, b, OPT).reasons  # 4 of 6 with names counting 2
    assert "text 0.57" in score_match(a, b, dataclasses.replace(OPT, name_weight=3.0)).reasons  # 4 of 7
    many = tuple(f"w{i}" for i in range(20))
    heavy = dataclasses.replace(OPT, name_weight=20.0)  # the one name outweighs the words: no near copy
    assert "unmatched" not in " ".join(
        score_match(ev(names=("kel",), words=many), inc(names=("orm",), words=many), heavy).reasons
    )


def test_unmatched_names_list_five() -> None:
    many = tuple(f"w{i}" for i in range(20))
    mine = ("kel", "lom", "nar", "pes", "rud", "sab")
    theirs = ("tam", "ula", "vel", "wes", "yor", "zan", "bex")  # the longer text: the names come from mine
    score = score_match(ev(names=mine, words=many), inc(names=theirs, words=many), OPT)
    assert score.reasons[-1] == "unmatched names kel,lom,nar,pes,rud"


def test_totals_keep_four_decimals() -> None:
    thirds = dataclasses.replace(OPT, w_same_day=1 / 3)
    assert score_match(ev(), inc(), thirds).total == round(OPT.w_same_place + 1 / 3 + OPT.w_same_sub_type, 4)
    weak = score_match(ev(place_name=None), inc(), thirds)  # too little structure: capped, still rounded
    assert weak.reasons[-1] == "structured 1.33"
    low = dataclasses.replace(thirds, threshold=1 + 1 / 3)
    assert score_match(ev(place_name=None), inc(), low).total == round(1 + 1 / 3 - 0.01, 4)


def test_story_size_counts_three_letter_names() -> None:
    long_names = ("abeni", "dorsa", "kumbo", "lendi", "marou")
    event = ev(names=(*long_names, "xyz", "qrs"))
    incident = inc(names=long_names)
    base = score_match(event, incident, OPT)
    share = dataclasses.replace(OPT, content_min_share=0.75)  # 5 of 7 names of the smaller report: 0.71
    assert (
        content_match(event, dataclasses.replace(incident, story=(*long_names, "tuv", "wxy")), share, base=base) is None
    )
