"""Background incidents (issue 11): a follow-up story codes the earlier attack it is about."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from flashpoint.extract import events
from flashpoint.extract.figures import extract_figures
from flashpoint.records import Article, Event, Geography


def _code(parse: Any, text: str) -> tuple[Event, ...]:
    article = Article(
        id="bg", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), published=dt.date(2023, 3, 17)
    )
    doc = parse(text)
    found = extract_figures(doc, article=article)
    return events.extract_events(doc, article=article, geography=Geography((), None), figures=found)


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "Lawyers in the northern city boycotted the courts on Friday to protest the murder of a prosecutor.",
            "Attack",
        ),
        (
            "Police arrested two men on Monday in connection with the bombing of a party office, which killed a guard.",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_the_incident_a_follow_up_is_about_is_coded(parse: Any, text: str, sub_event_type: str) -> None:
    coded = _code(parse, text)
    background = [e for e in coded if any("background." in ev.stage for ev in e.evidence)]
    assert [e.sub_event_type for e in background] == [sub_event_type]
    assert background[0].fatalities == 1
    assert coded[0] is not background[0]  # the follow-up itself stays the primary event


@pytest.mark.parametrize(
    "text",
    [
        "The rebels threatened to bomb the power station if their demands were not met.",
        "Teachers marched through the capital on Monday to demand higher pay.",
    ],
)
def test_threats_and_plain_protests_add_no_violence(parse: Any, text: str) -> None:
    coded = _code(parse, text)
    assert not any(
        e.event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians"} for e in coded
    )


def test_an_article_with_its_own_violence_adds_no_background_event(parse: Any) -> None:
    text = "Gunmen killed three farmers near the border on Tuesday. Residents later protested the killings."
    coded = _code(parse, text)
    assert not any("background." in ev.stage for e in coded for ev in e.evidence)


def test_deaths_told_in_a_clause_about_protests_are_no_attack_by_the_sentence_subject(parse: Any) -> None:
    # the president's decision is the news; the protests and their dead are the background, and the
    # president's government did not attack anyone
    text = (
        "The prime minister of Varsa sacked the transport minister on Thursday, after a month of protests "
        "in which at least five people were killed."
    )
    assert not [e for e in _code(parse, text) if e.event_type in ("Violence against civilians", "Battles")]
    # the same deaths told as an attack are still a background incident
    text = "Judges walked out on Thursday to protest the murder of a colleague who was shot dead in Orlo."
    assert [e.event_type for e in _code(parse, text)].count("Violence against civilians") >= 1


def test_a_story_of_police_firing_on_protesters_has_no_second_background_incident(parse: Any) -> None:
    # the officers injured in the same crackdown are no separate attack on an armed target
    text = (
        "Six people were killed when police fired on protesters in Orlo on Monday, a rights group said. "
        "The ministry said on Friday that four people had died and that nine police officers had been injured."
    )
    coded = _code(parse, text)
    assert [e.sub_event_type for e in coded if e.event_type == "Protests"] == ["Excessive force against protesters"]
    assert not [e for e in coded if any("background." in ev.stage for ev in e.evidence)]


@pytest.mark.parametrize(
    "text",
    [
        # the time phrase between the verb and its infinitive makes the parser hang "to bomb" as a clause
        "A militant group threatened on Tuesday to bomb the ferry terminal in Portmere unless its commanders "
        "were freed, police said.",
        "The rebels threatened to bomb the power station if their demands were not met.",
        "The militia issued a threat to kill the village chiefs of Dorna by Friday.",
    ],
)
def test_a_threat_of_violence_is_a_future_threaten_event_not_violence(parse: Any, text: str) -> None:
    coded = _code(parse, text)
    assert not [
        e for e in coded if e.event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    ]
    threats = [e for e in coded if e.plover_type == "THREATEN"]
    assert len(threats) == 1
    threat = threats[0]
    assert threat.certainty.value == "future"
    assert (threat.event_type, threat.sub_event_type) == ("Strategic developments", "Other")
    assert threat.fatalities == 0
    assert any(ev.stage.endswith(":threat.future_violence") for ev in threat.evidence)


def test_a_threat_dates_by_its_own_clause(parse: Any) -> None:
    text = "A militant group threatened on Tuesday to bomb the ferry terminal unless its commanders were freed."
    (threat,) = [e for e in _code(parse, text) if e.plover_type == "THREATEN"]
    assert threat.date.start == dt.date(2023, 3, 14)  # the Tuesday before the 17 March publication


@pytest.mark.parametrize(
    "text",
    [
        # violence done after a threat is coded as the violence
        "Gunmen threatened villagers in Karvo and then shot dead four farmers, residents said on Sunday.",
        # a threat of something that is no violence is no THREATEN event of ours
        "Hackers threatened to leak the records of millions of customers unless the firm paid a ransom.",
        # a warning of others' violence is no threat by the speaker
        "Police warned that militants could attack churches in the region over the holidays.",
    ],
)
def test_only_announced_violence_is_a_threat(parse: Any, text: str) -> None:
    assert not [e for e in _code(parse, text) if e.plover_type == "THREATEN"]


def test_a_follow_up_arrest_is_dated_by_its_own_clause_not_by_the_attack_it_names(parse: Any) -> None:
    text = (
        "Police have arrested two men over the March 3 bombing of a bank branch in Tarsa that wounded four "
        "people, prosecutors said on Thursday."
    )
    coded = _code(parse, text)
    (arrest,) = [e for e in coded if e.sub_event_type == "Arrests"]
    (bombing,) = [e for e in coded if e.event_type == "Explosions/Remote violence"]
    assert bombing.date.start == dt.date(2023, 3, 3)
    assert arrest.date.start == dt.date(2023, 3, 16)  # the report's Thursday, not the bombing's day


def test_a_protest_over_a_dated_killing_is_not_dated_by_the_killing(parse: Any) -> None:
    text = "Hundreds of students marched through Orlo to demand justice for the March 2 killing of a classmate."
    (protest,) = [e for e in _code(parse, text) if e.event_type == "Protests"]
    assert protest.date.start != dt.date(2023, 3, 2)


def test_violence_done_beside_a_vow_is_not_read_as_future(parse: Any) -> None:
    text = (
        "Rebels vowed on Thursday to attack army posts in the hills if troops did not withdraw, a day after "
        "guerrillas killed three soldiers in an ambush near Dorna."
    )
    violent = [e for e in _code(parse, text) if e.event_type in {"Battles", "Violence against civilians"}]
    assert violent
    assert all(e.certainty.value not in {"future", "hypothetical"} for e in violent)
