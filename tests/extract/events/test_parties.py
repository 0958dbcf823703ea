"""Tests for flashpoint.extract.events.parties and the roles it reads: who is actor1, on invented reports."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from flashpoint.extract import events
from flashpoint.records import Article, Event, Geography


def _code(parse: Any, text: str) -> tuple[Event, ...]:
    article = Article(
        id="t1", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), published=dt.date(2023, 3, 14)
    )
    return events.extract_events(parse(text), article=article, geography=Geography((), None), figures=())


def _actors(event: Event) -> dict[str, tuple[str, int]]:
    return {a.role: (a.name, a.inter) for a in event.actors}


def test_a_vehicle_that_struck_a_mine_suffered_it(parse: Any) -> None:
    # ``role.struck_device``: the one who laid the mine acted; the truck that hit it is the target
    text = "On 3 March, a police truck struck a landmine planted by rebels near Osk. Two officers were hurt."
    event = _code(parse, text)[0]
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert _actors(event)["actor1"][1] == 2
    assert _actors(event)["actor2"][1] == 1


def test_a_patrol_that_stepped_on_a_device_is_no_perpetrator(parse: Any) -> None:
    text = "On 3 March, an army patrol stepped on an improvised explosive device near Osk, wounding three soldiers."
    event = _code(parse, text)[0]
    assert _actors(event)["actor1"][1] != 1
    assert _actors(event)["actor2"][1] == 1


def test_soldiers_who_hit_rebels_still_act(parse: Any) -> None:
    # "hit" is a verb of striking a device only when its object is a device
    event = _code(parse, "On 3 March, soldiers hit the rebels with mortars near Osk.")[0]
    assert _actors(event)["actor1"][1] == 1


def test_excessive_force_puts_the_state_first(parse: Any) -> None:
    # ``parties.state_first``: the force that fired on a demonstration is actor1, the protesters actor2
    text = "On 5 March, police fired live rounds and tear gas at protesters in Osk, killing two demonstrators."
    event = _code(parse, text)[0]
    assert event.sub_event_type == "Excessive force against protesters"
    assert _actors(event) == {"actor1": ("Police Forces", 1), "actor2": ("Protesters", 6)}
    assert event.interaction == 16


def test_an_intervention_keeps_the_protesters_first(parse: Any) -> None:
    text = "On 4 March, traders protested in Osk. Police dispersed the protesters with water cannon."
    event = _code(parse, text)[0]
    assert event.sub_event_type == "Protest with intervention"
    assert _actors(event)["actor1"] == ("Protesters", 6)


def test_police_who_found_the_body_did_not_kill(parse: Any) -> None:
    # ``role.after_the_fact``: who found, recovered or released came afterwards; the killer is unknown
    text = "On 8 May, a trader's corpse was found by police officers on a riverbank outside Osk. He had been shot."
    event = _code(parse, text)[0]
    assert event.event_type == "Violence against civilians"
    assert _actors(event)["actor1"] == ("Unidentified Armed Group", 3)


def test_soldiers_who_found_and_shot_acted(parse: Any) -> None:
    event = _code(parse, "On 9 May, soldiers found and shot two rebels near Osk.")[0]
    assert _actors(event)["actor1"] == ("Military Forces", 1)


def test_fighters_who_detonated_bombs_acted(parse: Any) -> None:
    text = "On 6 May, rebel fighters detonated two bombs near an army convoy outside Osk, wounding four soldiers."
    event = _code(parse, text)[0]
    assert _actors(event)["actor1"][1] == 2


def test_the_group_that_claims_an_unattributed_attack_is_actor1(parse: Any) -> None:
    # ``parties.claimed_by``: unidentified militants, and a named group claims the ambush afterwards
    text = (
        "On 2 May, unidentified militants ambushed a gendarmerie unit near Osk, killing one gendarme. "
        "Boko Haram claimed responsibility for the attack."
    )
    event = _code(parse, text)[0]
    assert _actors(event)["actor1"][1] == 2
    passive = "On 2 May, a bomb killed three people at a market in Osk. The attack was claimed by al-Shabaab."
    assert _actors(_code(parse, passive)[0])["actor1"] == ("Al Shabaab", 2)


def test_a_claim_by_the_police_names_no_claimant(parse: Any) -> None:
    text = "On 2 May, gunmen killed a farmer in Osk. Police claimed bandits had carried out the raid."
    assert _actors(_code(parse, text)[0])["actor1"] == ("Unidentified Armed Group", 3)


def test_a_device_read_as_a_clause_subject_was_still_struck(parse: Any) -> None:
    # the small parser may read "struck an IED apparently planted by ..." as a clause whose subject is the IED
    text = (
        "On 12 June, a Nigerien army lorry struck an IED apparently planted by jihadists near the hamlet of Osk "
        "(Tillaberi)."
    )
    event = _code(parse, text)[0]
    assert _actors(event)["actor1"][1] == 2
    assert _actors(event)["actor2"][1] == 1
