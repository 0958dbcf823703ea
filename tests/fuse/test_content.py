"""Content evidence: reports naming the same protagonists are compared whatever their place or date."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flashpoint.fuse import (
    MatchOptions,
    content_match,
    is_followup,
    linked,
    new_profile,
    profile_event,
    score_match,
    story_keys,
    story_names,
)
from flashpoint.fuse.profile import EventProfile, IncidentProfile
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction

OPTIONS = MatchOptions()
TARNOW = Spot("Tarnow", "POL", "Lesser Poland", 50.0121, 20.9858)
LISBON = Spot("Lisbon", "PRT", "Lisbon", 38.7223, -9.1393)  # a mis-geocoded report: 2,300 km away

SHOOTING = (
    "A dismissed warehouse clerk, Tomas Varga, shot dead two colleagues at the Halden Logistics depot in Tarnow "
    "on Monday. Police said Varga drove to the depot in a borrowed van. Halden Logistics said Varga had been "
    "dismissed in March. Prosecutor Irena Kowalczyk said Varga would be charged with murder. Colleagues Marek "
    "Nowicki and Ewa Sobczak were killed; Kowalczyk said a third employee, Lena Brandt, was wounded."
)
TRIAL = (
    "Tomas Varga, the former Halden Logistics clerk who shot dead Marek Nowicki and Ewa Sobczak at the depot, "
    "was given a life sentence. Judge Piotr Zielinski said Varga had planned the attack. Prosecutor Irena "
    "Kowalczyk called the sentence just; Lena Brandt, who survived, attended the hearing with Kowalczyk."
)
OTHER_SHOOTING = (
    "A former employee opened fire at the Orvik Freight office in Tarnow on Monday, killing one colleague. "
    "Police said the gunman, Jan Rybak, surrendered. Orvik Freight said Rybak had been dismissed. "
    "Prosecutor Adam Lis said Rybak would be charged; the victim was named as Olga Kaminska by Orvik Freight."
)


def _profile(
    text: str, *, day: dt.date, spot: Spot, sub: str = "Attack", kind: str = "Violence against civilians"
) -> EventProfile:
    spec = EventSpec(kind, sub, day, spot, text.split(". ", maxsplit=1)[0])
    extraction = make_extraction(text, [spec], published=day, source="Test Wire")
    return profile_event(extraction.events[0], extraction.article, whole_text=True, followup=is_followup(text))


def test_story_keys_are_the_names_a_report_repeats() -> None:
    keys = story_keys(SHOOTING, keys=6, min_count=2)
    assert "varga" in keys
    assert "kowalczyk" in keys
    assert "halden" in keys
    assert "nowicki" not in keys  # named once: context, not what the story is about
    assert "tarnow" not in story_keys(SHOOTING, keys=6, min_count=3)
    assert "two" not in story_names(SHOOTING)
    assert "varga" in story_names(SHOOTING)


def test_reports_of_one_story_are_linked_and_of_another_are_not() -> None:
    shooting = story_keys(SHOOTING, keys=6, min_count=2)
    assert linked(shooting, story_keys(TRIAL, keys=6, min_count=2), min_keys=2)
    assert not linked(shooting, story_keys(OTHER_SHOOTING, keys=6, min_count=2), min_keys=2)


def test_a_trial_two_years_later_joins_across_the_date_veto() -> None:
    day = dt.date(2024, 5, 6)
    incident = new_profile("I1", _profile(SHOOTING, day=day, spot=TARNOW))
    trial = _profile(TRIAL, day=day + dt.timedelta(days=700), spot=TARNOW, sub="Arrests", kind="Strategic developments")
    base = score_match(trial, incident, OPTIONS)
    assert base.veto is not None  # the dates alone rule it out
    joined = content_match(trial, incident, OPTIONS, base=base)
    assert joined is not None
    assert joined.accepted(OPTIONS)
    assert joined.overridden == base.veto
    assert any(r.startswith("story names") for r in joined.reasons)


def test_a_mis_geocoded_report_joins_but_another_incident_of_the_same_kind_does_not() -> None:
    day = dt.date(2024, 5, 6)
    incident = new_profile("I1", _profile(SHOOTING, day=day, spot=TARNOW))
    elsewhere = _profile(TRIAL.replace("was given a life sentence", "was charged"), day=day, spot=LISBON)
    base = score_match(elsewhere, incident, OPTIONS)
    assert base.veto is not None
    assert content_match(elsewhere, incident, OPTIONS, base=base) is not None
    other = _profile(OTHER_SHOOTING, day=day, spot=TARNOW)
    assert content_match(other, incident, OPTIONS, base=score_match(other, incident, OPTIONS)) is None


def test_content_never_joins_two_events_of_one_report() -> None:
    day = dt.date(2024, 5, 6)
    event = _profile(SHOOTING, day=day, spot=TARNOW)
    incident = new_profile("I1", event)
    base = score_match(event, incident, OPTIONS)
    assert base.veto is not None
    assert base.veto.startswith("same article")
    assert content_match(event, incident, OPTIONS, base=base) is None


SECOND_SHOOTING = (
    "Tomas Varga, back at work since last year, shot dead a guard at the Halden Logistics depot in Tarnow on "
    "Friday. Halden Logistics said Varga had threatened staff. Prosecutor Irena Kowalczyk said Varga fled; "
    "Kowalczyk named the guard as Marek Nowicki's brother. Ewa Sobczak and Lena Brandt were not hurt."
)


def test_new_violence_by_the_same_people_months_later_is_another_incident() -> None:
    day = dt.date(2024, 5, 6)
    incident = new_profile("I1", _profile(SHOOTING, day=day, spot=TARNOW))
    again = _profile(SECOND_SHOOTING, day=day + dt.timedelta(days=300), spot=TARNOW)
    assert not again.followup
    assert content_match(again, incident, OPTIONS, base=score_match(again, incident, OPTIONS)) is None


def test_follow_up_ledes() -> None:
    assert is_followup("Tomas Varga was given a life sentence on Monday. The judge said ...")
    assert is_followup("A court in Tarnow opened the trial of the depot gunman.", "Depot gunman on trial")
    assert not is_followup("A gunman shot dead two colleagues on Monday. Police arrested him hours later.")


def test_a_report_looks_up_the_names_it_uses_once_and_pronouns_name_no_one() -> None:
    from flashpoint.fuse import read_story

    text = "I'm sure Rybak was at the Orvik Freight office, I've been told; Rybak denies it."
    story = read_story(text, keys=6, min_count=2, lookup=8)
    assert story.keys == ("rybak",)
    assert set(story.lookup) == {"rybak", "orvik", "freight"}  # named once, still looked up
    assert "i'm" not in story.names
    assert "i've" not in story.names
    assert read_story(text, keys=6, min_count=2).lookup == ("rybak",)  # lookup=0: the keys only


def test_incidents_a_report_links_merge_only_when_their_reports_tell_one_story() -> None:
    from flashpoint.fuse import content_bridge_conflict

    def incident(name: str, text: str, day: dt.date, spot: Spot) -> IncidentProfile:
        # one report each (its own article id)
        return new_profile(name, dataclasses.replace(_profile(text, day=day, spot=spot), article_id=f"art-{name}"))

    day = dt.date(2024, 3, 4)
    shooting = incident("inc-a", SHOOTING, day, TARNOW)
    abroad = incident("inc-b", SHOOTING, day, LISBON)
    other = incident("inc-c", OTHER_SHOOTING, day, TARNOW)
    assert content_bridge_conflict(shooting, abroad, OPTIONS) is None  # the same names: one story
    assert content_bridge_conflict(shooting, other, OPTIONS) is not None  # another shooting in the town
    # months apart: new violence by the same people, unless one incident holds only later developments
    later = dt.date(2024, 9, 4)
    months = incident("inc-d", SHOOTING, later, TARNOW)
    assert content_bridge_conflict(shooting, months, OPTIONS) == "dates too far apart for one story"
    trial = incident("inc-e", TRIAL, later, TARNOW)
    assert trial.followup
    assert content_bridge_conflict(shooting, trial, OPTIONS) is None
    # a report in both keeps them apart unless the bridging report names both itself
    both = dataclasses.replace(incident("inc-f", SHOOTING, day, LISBON), article_ids=("art-inc-f", "art-x"))
    shared = dataclasses.replace(abroad, article_ids=(*abroad.article_ids, "art-x"))
    assert content_bridge_conflict(both, shared, OPTIONS) == "a report in both (its events are distinct)"
    assert content_bridge_conflict(both, shared, OPTIONS, shared_report=True) is None


def test_a_report_without_an_event_joins_by_words_only_with_enough_of_them() -> None:
    from flashpoint.fuse import report_profile
    from flashpoint.fuse.profile import content_tokens

    day = dt.date(2024, 3, 4)
    incident = new_profile("inc-a", _profile(SHOOTING, day=day, spot=TARNOW))

    def report(text: str, days: int = 3) -> EventProfile:
        article = make_extraction(text, [], published=day + dt.timedelta(days=days), source="Radio").article
        _names, words = content_tokens(text)
        return report_profile(article, names=story_names(text), words=tuple(sorted(words)), followup=is_followup(text))

    base = score_match(report(TRIAL), incident, OPTIONS)
    relay = report("A dismissed clerk who shot dead two colleagues at the Halden depot drove there in a borrowed van.")
    joined = content_match(relay, incident, OPTIONS, base=base)
    assert joined is not None
    assert any(r.startswith("report words") for r in joined.reasons)
    assert joined.total == OPTIONS.threshold
    # published months later, only a later development joins (its lede names a trial, an arrest ...)
    text = "A dismissed clerk who shot dead two colleagues at the Halden depot drove there in a borrowed van."
    assert content_match(report(text, days=90), incident, OPTIONS, base=base) is None
    trial = "The trial began of a dismissed clerk who shot dead two colleagues at the Halden depot in a borrowed van."
    assert content_match(report(trial, days=90), incident, OPTIONS, base=base) is not None
    assert (
        content_match(report("A clerk shot two colleagues at the Halden depot."), incident, OPTIONS, base=base) is None
    )
    unnamed = report("A dismissed clerk who shot dead two colleagues at a depot drove there in a borrowed van.")
    assert content_match(unnamed, incident, OPTIONS, base=base) is None  # shares no name with the incident


def test_towns_far_apart_each_placed_by_several_reports_never_merge_by_names() -> None:
    """A crisis's coverage shares its names across cities: two incidents that several reports each place in
    towns hundreds of kilometres apart stay two, whatever names they share; a single report far away (one
    mis-geocoded report) does not keep them apart."""
    from flashpoint.fuse import content_bridge_conflict

    day = dt.date(2024, 3, 4)
    here = dataclasses.replace(new_profile("inc-a", _profile(SHOOTING, day=day, spot=TARNOW)), article_ids=("a1", "a2"))
    there = dataclasses.replace(
        new_profile("inc-b", _profile(SHOOTING, day=day, spot=LISBON)), article_ids=("b1", "b2")
    )
    conflict = content_bridge_conflict(here, there, OPTIONS)
    assert conflict is not None
    assert conflict.startswith("two towns")
    lone = dataclasses.replace(there, article_ids=("b1",))
    assert content_bridge_conflict(here, lone, OPTIONS) is None
