"""Figure histories: every revision kept; current values by the documented ACLED and UCDP rules."""

from __future__ import annotations

import datetime as dt

from flashpoint.fuse.history import build_histories, current_claims
from flashpoint.records import (
    Certainty,
    ChainLink,
    Claim,
    Evidence,
    Figure,
    FigureKind,
    FigureRevision,
)


def revision(
    value: int,
    day: int,
    source: str,
    *,
    high: int | None = None,
    victims: str = "civilians",
    certainty: Certainty = Certainty.REPORTED,
    speaker: str = "police",
) -> FigureRevision:
    evidence = Evidence("a", 0, 5, "text", "test@0")
    claim = Claim(evidence=evidence, chain=(ChainLink(speaker),), certainty=certainty)
    figure = Figure(
        kind=FigureKind.KILLED,
        victims=victims,
        phrase=f"{value} killed",
        low=value,
        best=value,
        high=high,
        acled_value=value,
        ucdp_low=value,
        ucdp_best=value,
        ucdp_high=high if high is not None else value,
        claim=claim,
        evidence=evidence,
    )
    return FigureRevision(f"art-{source}-{day}", f"ext-{source}-{day}", source, dt.date(2023, 3, day), figure)


def test_later_higher_toll_supersedes_but_history_keeps_everything() -> None:
    early = revision(8, 14, "Wire")
    later = revision(18, 16, "Tribune", speaker="hospital")
    (history,) = build_histories([later, early])
    assert [r.figure.best for r in history.revisions] == [8, 18]  # publication order
    assert history.acled_value == 18
    assert "conservative" in history.rule


def test_competing_claims_take_the_most_conservative() -> None:
    hospital = revision(18, 15, "Tribune", speaker="hospital")
    police = revision(12, 15, "Radio", speaker="police")
    (history,) = build_histories([hospital, police])
    assert history.acled_value == 12
    assert (history.ucdp_low, history.ucdp_best, history.ucdp_high) == (12, 12, 18)


def test_later_lower_figure_competes_instead_of_superseding() -> None:
    (history,) = build_histories([revision(18, 15, "Tribune"), revision(12, 16, "Radio")])
    assert history.acled_value == 12
    assert len(current_claims(history.revisions)) == 2


def test_a_claimant_revision_replaces_its_own_earlier_figure() -> None:
    first = revision(9, 14, "Wire")
    second = revision(7, 15, "Wire")  # the same outlet and speaker corrects itself downwards
    assert [r.figure.best for r in current_claims([first, second])] == [7]


def test_denied_claims_stay_in_history_but_set_no_value() -> None:
    claimed = revision(20, 15, "Militant channel", certainty=Certainty.DENIED)
    (history,) = build_histories([revision(11, 15, "Wire"), claimed])
    assert len(history.revisions) == 2
    assert history.acled_value == 11


def test_unknown_victims_join_the_single_known_group() -> None:
    histories = build_histories([revision(8, 14, "Wire", victims="unknown"), revision(9, 15, "Radio")])
    assert len(histories) == 1
    assert histories[0].victims == "civilians"
    two_groups = build_histories(
        [revision(3, 14, "A", victims="soldiers"), revision(8, 14, "B"), revision(1, 14, "C", victims="unknown")]
    )
    assert {h.victims for h in two_groups} == {"soldiers", "civilians", "unknown"}
