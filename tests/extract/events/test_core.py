"""Tests for flashpoint.extract.events: ACLED types from short, invented news reports."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from flashpoint.extract import events
from flashpoint.records import Article, Event, Geography, Place, PlaceMention


def _article(text: str) -> Article:
    return Article(
        id="t1",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published=dt.date(2023, 3, 14),
    )


def _code(parse: Any, text: str, geography: Geography | None = None) -> tuple[Event, ...]:
    return events.extract_events(
        parse(text), article=_article(text), geography=geography or Geography((), None), figures=()
    )


def test_taxonomy_has_acled_spellings() -> None:
    tax = events.taxonomy()
    assert len(tax) == 25
    assert len({s.event_type for s in tax.values()}) == 6
    assert tax["Shelling/artillery/missile attack"].event_type == "Explosions/Remote violence"
    assert tax["Looting/property destruction"].event_type == "Strategic developments"


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        (
            "On 3 March, nurses held a protest outside the regional hospital in Velmora, demanding unpaid wages.",
            "Protests",
            "Peaceful protest",
        ),
        (
            "On 4 March, traders marched to the town hall in Osk. Police dispersed the crowd with tear gas and "
            "detained six demonstrators.",
            "Protests",
            "Protest with intervention",
        ),
        (
            "On 5 March, demonstrators threw stones at police and set a patrol car on fire in Tarn.",
            "Riots",
            "Violent demonstration",
        ),
        ("On 6 March, a mob lynched a man accused of stealing a goat in Kibo village.", "Riots", "Mob violence"),
        (
            "On 7 March, soldiers clashed with militants near Dargo, killing four of the fighters.",
            "Battles",
            "Armed clash",
        ),
        (
            "On 8 March, unidentified gunmen shot dead two farmers in their field near Ruma.",
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 9 March, rebels shelled the outskirts of Doravia with mortars.",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ("On 10 March, an airstrike hit a market in Sobra.", "Explosions/Remote violence", "Air/drone strike"),
        (
            "On 11 March, a roadside bomb exploded under a bus near Kesh, wounding nine passengers.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 12 March, armed men kidnapped a village chief in Gowa.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "On 13 March, the army defused an explosive device found on the main road to Varsa.",
            "Strategic developments",
            "Disrupted weapons use",
        ),
        (
            "Movement of forces: On 13 March, troops were deployed to the border town of Varn.",
            "Strategic developments",
            "Change to group/activity",
        ),
    ],
)
def test_primary_event_type(parse: Any, text: str, event_type: str, sub_event_type: str) -> None:
    found = _code(parse, text)
    assert found, text
    assert (found[0].event_type, found[0].sub_event_type) == (event_type, sub_event_type)
    assert found[0].plover_type
    stage = found[0].evidence[0].stage
    assert stage.startswith(f"{events.NAME}@{events.VERSION}:"), stage  # the rule that typed it follows


@pytest.mark.parametrize(
    "text",
    [
        "The central bank kept interest rates unchanged on Tuesday, citing slower inflation.",
        "The union said it would call a strike next month if talks fail.",
        "Shares rallied in early trading after the quarterly results were published in March.",
    ],
)
def test_no_event_in_non_conflict_or_planned_text(parse: Any, text: str) -> None:
    found = _code(parse, text)
    assert not any(e.event_type in ("Protests", "Riots") for e in found), found


def test_protest_actors_and_interaction(parse: Any) -> None:
    text = "On 4 March, farmers protested in Osk. Police dispersed the protesters with water cannon."
    place = Place("Osk", "KEN", "Kenya", None, None, 0.1, 36.0, 1, 1)
    geo = Geography((PlaceMention(place, text.index("Osk"), text.index("Osk") + 3, "Osk", "event"),), None)
    event = _code(parse, text, geo)[0]
    names = {a.role: (a.name, a.inter) for a in event.actors}
    assert names["actor1"] == ("Protesters (Kenya)", 6)
    assert names["actor2"] == ("Police Forces of Kenya", 1)
    assert event.interaction == 16
    assert event.place == place


def test_origin_mentions_never_place_an_event(parse: Any) -> None:
    text = "Troops from Russia were deployed to Karvesk on Thursday after a request for help."
    rus = Place("Russia", "RUS", "Russia", None, None, 60.0, 90.0, 3, 6, feature="country")
    alm = Place("Karvesk", "KAZ", "Kazakhstan", "Karvesk", None, 43.25, 76.92, 1, 1)
    geo = Geography(
        (
            PlaceMention(rus, text.index("Russia"), text.index("Russia") + 6, "Russia", "origin"),
            PlaceMention(alm, text.index("Karvesk"), text.index("Karvesk") + 6, "Karvesk", "event"),
        ),
        None,
    )
    found = _code(parse, text, geo)
    assert found
    assert found[0].event_type == "Strategic developments"
    assert all(e.place is None or e.place.country_iso3 == "KAZ" for e in found)
    military = [a for a in found[0].actors if "Russia" in a.name]
    assert military
    assert military[0].inter == 8


def test_several_events_in_one_report(parse: Any) -> None:
    text = (
        "Rioters demanding a recount stormed the police headquarters in Tarn overnight and set it on fire. "
        "The president dismissed the government on Wednesday. "
        "Separately, gunmen abducted three aid workers near Ruma."
    )
    found = _code(parse, text)
    subs = [e.sub_event_type for e in found]
    assert subs[0] == "Violent demonstration"
    assert "Abduction/forced disappearance" in subs
    assert any(e.event_type == "Strategic developments" for e in found)
    assert len({e.id for e in found}) == len(found)


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # ACLED notes give a crowd size only for demonstrations: a crowd beating a man is mob violence
        (
            "On 2 June 2021, in Parvel, residents beat a man they suspected of stealing a motorbike. [size=no report]",
            "Mob violence",
        ),
        (
            "On 3 June 2021, teachers gathered outside the education office in Lumo over late salaries. "
            "[size=around 40]",
            "Peaceful protest",
        ),
        # stand-off fire at villages, nobody firing back: shelling; the same fire answered: a clash
        (
            "On 4 June 2021, insurgents fired mortars and heavy machine guns at hamlets near Doravia.",
            "Shelling/artillery/missile attack",
        ),
        (
            "On 5 June 2021, militants attacked a police post in Kessa and wounded two officers; the police "
            "returned fire.",
            "Armed clash",
        ),
        (
            "On 6 June 2021, the air force targeted rebel positions on the outskirts of Mirat. No casualties reported.",
            "Air/drone strike",
        ),
        ("On 7 June 2021, inter-clan violence erupted in Garsa district, leaving three people dead.", "Armed clash"),
        (
            "On 8 June 2021, government troops recaptured the town of Besso in fierce clashes with the rebels.",
            "Government regains territory",
        ),
        (
            "On 9 June 2021, the rebels entered Tulla without resistance after the army withdrew from the town.",
            "Non-violent transfer of territory",
        ),
    ],
)
def test_codebook_rules(parse: Any, text: str, sub_event_type: str) -> None:
    found = _code(parse, text)
    assert found, text
    assert found[0].sub_event_type == sub_event_type


def test_short_note_with_weak_cues_still_has_an_event(parse: Any) -> None:
    text = "On 3 May 2021, armed men stopped and looted a fishing boat near Quilo. No casualties were reported."
    found = _code(parse, text)
    assert found
    assert found[0].sub_event_type == "Looting/property destruction"


def test_sport_and_market_senses_are_not_protests(parse: Any) -> None:
    sport = (
        "Rovers beat United 2-0 on Saturday. The striker scored in the 30th minute and a second strike came "
        "after half-time, lifting the club to third place in the league with one match left in the season. "
        "The coach praised the team and the goalkeeper after the game."
    )
    market = (
        "Regional shares rose 1.2 percent on Friday after a Wall Street rally. The benchmark index gained 210 "
        "points as investors bought stock in exporters and the yen weakened against the dollar in trading."
    )
    for text in (sport, market):
        assert not any(e.event_type in ("Protests", "Riots") for e in _code(parse, text)), text


def test_communal_clash_actors_are_identity_militias(parse: Any) -> None:
    event = _code(parse, "On 7 June 2021, communal clashes broke out in Garsa village; four people were killed.")[0]
    assert event.event_type == "Battles"
    assert [a.inter for a in event.actors if a.role in ("actor1", "actor2")] == [4, 4]


def test_primary_event_counts_deaths_reported_later_in_the_note(parse: Any) -> None:
    from flashpoint.extract import figures

    text = (
        "On 12 June 2021, gunmen attacked Mirvana village and burned several houses. Residents fled to the forest. "
        "Local officials said the next day that five villagers were killed."
    )
    doc = parse(text)
    article = _article(text)
    found = figures.extract_figures(doc, article=article)
    event = events.extract_events(doc, article=article, geography=Geography((), None), figures=found)[0]
    assert event.fatalities == 5


_SEED_SCRIPT = """
import dataclasses, datetime, hashlib, json, sys
from flashpoint.extract import events, figures
from flashpoint.nlp import load_backbone
from flashpoint.records import Article, Geography

backbone = load_backbone()
out = []
for n, text in enumerate(json.loads(sys.stdin.read())):
    article = Article(id=f"t{n}", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                      published=datetime.date(2023, 3, 14))
    doc = backbone.parse(text)
    found = figures.extract_figures(doc, article=article)
    coded = events.extract_events(doc, article=article, geography=Geography((), None), figures=found)
    out.append([dataclasses.asdict(e) for e in coded])
print(json.dumps(out, default=str, sort_keys=True))
"""


def test_events_do_not_depend_on_the_hash_seed() -> None:
    """Two processes with different PYTHONHASHSEED code the same texts identically (no set-order winners)."""
    import json
    import os
    import subprocess
    import sys

    texts = [
        "Rioters stormed the police headquarters in Tarn overnight and set it on fire. Police fired tear gas and "
        "arrested 14 people. The president dismissed the regional governor on Wednesday.",
        "On 9 May, soldiers and militants exchanged fire near Dargo; three soldiers and two militants were killed. "
        "Separately, gunmen abducted two traders on the road to Ruma and a roadside bomb hit a truck near Kesh.",
        "Hundreds of nurses marched to the health ministry in Velmora demanding unpaid wages. Some protesters "
        "hurled rocks at officers, who broke up the crowd with water cannon. [size=hundreds]",
        "A mob beat a suspected thief to death in Osk market. Residents said vigilantes had clashed with "
        "youths from a neighbouring village the week before.",
        "On 3 June, a number of rice farmers beat and injured a Pokot herder after his goats ate their "
        "seedlings near Kolda. Two families later fought each other with sticks over a land dispute.",
    ]
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SEED_SCRIPT],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=300,
        )
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]
    assert all(runs[0]), "every text codes at least one event"


@pytest.mark.parametrize(
    "text",
    [
        # negated: nothing happened
        "Police said there were no arrests after the meeting in Osk ended.",
        "No one was killed when the bridge near Tarn collapsed on Monday.",
        # hypothetical, generic and planned mentions of protests
        "If the council really had support, why would it need to bus people in to attend a rally?",
        "Poor communication with residents is a chief cause of service delivery protests, he said.",
        "The union said the looming strike worried it, and members decided to proceed with it next week.",
        # a place name that contains a weapon word
        "On 8 May, opposition members demonstrated in Dolni Grad against the new electoral law.",
    ],
)
def test_no_violent_or_false_events(parse: Any, text: str) -> None:
    found = _code(parse, text)
    if "demonstrated" in text:
        assert found
        assert found[0].event_type == "Protests", found
        return
    assert not any(e.event_type in ("Protests", "Riots", "Battles") for e in found), found
    assert not any(e.sub_event_type in ("Arrests", "Attack") for e in found), found


def test_a_crowd_that_disperses_itself_was_not_dispersed(parse: Any) -> None:
    text = (
        "Hundreds of market women marched to the regional office in Lumo and handed over a petition. "
        "The marchers dispersed peacefully before noon. Police said there were no arrests."
    )
    found = _code(parse, text)
    assert [e.sub_event_type for e in found] == ["Peaceful protest"]


def test_sport_report_has_no_event(parse: Any) -> None:
    text = (
        "Rangers beat City 2-1 at the National Stadium on Sunday to move three points clear at the top of the "
        "league table. City took the lead with a header, but Rangers equalised from the penalty spot after the "
        "break and scored the winner with eight minutes left. The match was played in front of a reduced crowd "
        "after the curfew in the city was lifted. The coach praised his players and said the title race was open."
    )
    assert _code(parse, text) == ()


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("On 4 May, clashes broke out at a refugee camp between Palestinians and Israeli forces.", "Mob violence"),
        ("On 9 May, dozens of youths clashed with police in Kessa after a football match.", "Mob violence"),
        (
            "On 9 May, minibus drivers in Rasvik organized a protest, demanding better working conditions.",
            "Peaceful protest",
        ),
        (  # a riot with no demand or protest word: mob violence (riot.without_protest)
            "On 2 May, a prison riot broke out in Ruma prison, in which one inmate was stabbed to death.",
            "Mob violence",
        ),
        (
            "On 2 May, a prison riot broke out in Ruma prison, inmates demanding to see a judge.",
            "Violent demonstration",
        ),
        (
            "Students had planned a peaceful march when police ordered them to disperse. "
            "They would not leave and hurled rocks at the police, who opened fire.",
            "Violent demonstration",
        ),
    ],
)
def test_crowd_violence_is_riots(parse: Any, text: str, sub_event_type: str) -> None:
    found = _code(parse, text)
    assert found, text
    assert found[0].sub_event_type == sub_event_type


def test_agentless_casualties_join_the_riot(parse: Any) -> None:
    text = (
        "The unrest in the northern city of Tarn grew worse overnight. Six policemen were reported killed, and "
        "many civilians are also thought to have died. During the riots, crowds tried to force their way into "
        "the town hall and set cars on fire."
    )
    found = _code(parse, text)
    assert [e.event_type for e in found] == ["Riots"], [(e.event_type, e.sub_event_type) for e in found]


def test_arrests_at_a_protest_are_its_intervention(parse: Any) -> None:
    text = (
        "Hundreds of traders marched to the district office in Osk to protest against new market fees. "
        "Police later arrested twelve of the marchers, a police spokesman said."
    )
    found = _code(parse, text)
    assert [e.sub_event_type for e in found] == ["Protest with intervention"]


# --- follow-up reports: the incident only in a subordinate clause or a noun phrase (published Tuesday 14 March)

_NOT_HAPPENED = ("future", "hypothetical", "denied")


@pytest.mark.parametrize(
    ("text", "event_type", "day"),
    [
        (
            "The regional governor said on Tuesday that 12 pupils were missing after Monday's attack on the "
            "school in Dorvik.",
            "Violence against civilians",
            13,
        ),
        (
            "Shops in Tarnow stayed shut on Tuesday after Monday's violent clashes between dock workers and police "
            "at the port, in which two workers died.",
            "Riots",
            13,
        ),
        (
            "The rebel front on Tuesday denied responsibility for Sunday's grenade attack on an army post in Dargo "
            "that wounded two soldiers.",
            "Explosions/Remote violence",
            12,
        ),
        (
            "The union said on Tuesday it would stage further marches after police broke up Monday's rally in Osk "
            "with tear gas.",
            "Protests",
            13,
        ),
        (
            "A day after some 300 nurses rallied outside the health ministry in Velmora over unpaid wages, their "
            "union said on Tuesday it would give the government ten days before extending the strike to all clinics.",
            "Protests",
            13,
        ),
        (
            "The minister said on Tuesday she would meet student leaders, a day after 15,000 students marched "
            "through Velmora to demand lower fees.",
            "Protests",
            13,
        ),
    ],
)
def test_presupposed_incident_is_a_past_event_of_its_own_day(parse: Any, text: str, event_type: str, day: int) -> None:
    found = _code(parse, text)
    assert found, text
    event = found[0]
    assert event.event_type == event_type
    assert event.claim.certainty.value not in _NOT_HAPPENED
    assert event.date.start == dt.date(2023, 3, day)


def test_condemned_bombing_is_an_event(parse: Any) -> None:
    text = "The interior ministry on Tuesday condemned the truck bombing at a checkpoint outside Velmora."
    found = _code(parse, text)
    assert found
    assert found[0].event_type == "Explosions/Remote violence"
    assert found[0].claim.certainty.value not in _NOT_HAPPENED


def test_broken_up_march_is_an_intervention(parse: Any) -> None:
    text = "The union said on Tuesday it would stage further marches after police broke up Monday's rally in Osk."
    event = _code(parse, text)[0]
    assert event.sub_event_type == "Protest with intervention"


def test_denied_event_keeps_its_denial_and_its_own_day(parse: Any) -> None:
    found = _code(parse, "The militia denied on Tuesday that its fighters had killed villagers in Kessa on Sunday.")
    assert found
    assert found[0].claim.certainty.value == "denied"
    assert found[0].date.start == dt.date(2023, 3, 12)
    found = _code(parse, "The army denied that troops fired on protesters in Tarn on Monday.")
    assert all(e.claim.certainty.value == "denied" for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "Opposition parties said on Tuesday they would hold a march in Osk on Friday.",
        "Teachers will march on Friday over Monday's shooting at a school in Osk.",
    ],
)
def test_planned_protest_stays_planned(parse: Any, text: str) -> None:
    # a truly planned protest is future or no event; a reason inside it does not become a stated attack
    assert all(e.claim.certainty.value in ("future", "hypothetical") for e in _code(parse, text))


def test_reason_of_a_stated_protest_stays_a_reason(parse: Any) -> None:
    text = "Residents protested in Kibo on Tuesday after Monday's killing of a trader at the market."
    found = _code(parse, text)
    assert [e.event_type for e in found] == ["Protests"]
    assert found[0].date.start == dt.date(2023, 3, 14)


def test_a_town_in_the_sentence_outranks_its_region(parse: Any) -> None:
    text = "On 9 March in Tessow, hundreds of traders of Ruvale region protested against new market fees."
    region = Place("Ruvale", "KEN", "Kenya", "Ruvale", None, 1.0, 37.0, 3, 4, feature="admin1")
    town = Place("Tessow", "KEN", "Kenya", "Ruvale", None, 1.2, 37.3, 1, 1)
    geo = Geography(
        (
            PlaceMention(region, text.index("Ruvale"), text.index("Ruvale") + 6, "Ruvale", "event"),
            PlaceMention(town, text.index("Tessow"), text.index("Tessow") + 6, "Tessow", "event"),
        ),
        None,
    )
    assert _code(parse, text, geo)[0].place == town


def _roles(event: Event) -> dict[str, tuple[str, int]]:
    return {a.role: (a.name, a.inter) for a in event.actors}


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        (
            "On 12 May, a number of rice farmers beat and injured a Pokot herder near Kessari after his "
            "cattle trampled their fields.",
            ("Civilians", 7),
        ),
        ("On 3 June, a group of market traders beat a suspected pickpocket to death in Oltenza.", ("Civilians", 7)),
        ("On 8 April, villagers in Mbour lynched two men they accused of stealing a motorbike.", ("Civilians", 7)),
        (
            "On 21 February, supporters of two rival parties fought with sticks and stones in Zavrin, "
            "leaving four wounded.",
            ("Rioters", 5),
        ),
        (
            "On 5 March, cattle keepers and farmers fought each other in a village near Kessari.",
            ("Rioters", 5),
        ),
        (
            "On 30 July, a group of youths attacked two police officers who tried to arrest a motorcyclist in Pelmora.",
            ("Police Forces", 1),
        ),
    ],
)
def test_violence_by_ordinary_people_is_mob_violence(parse: Any, text: str, actor2: tuple[str, int]) -> None:
    """Farmers, traders, villagers, party supporters: rioters (inter 5) whoever they turn on; their victims
    are civilians, the other side of a fight between groups is rioters too, assaulted officers are police."""
    found = _code(parse, text)
    assert found, text
    assert (found[0].event_type, found[0].sub_event_type) == ("Riots", "Mob violence"), text
    roles = _roles(found[0])
    assert roles["actor1"] == ("Rioters", 5)
    assert roles.get("actor2") == actor2


def test_a_fight_over_a_land_dispute_is_mob_violence(parse: Any) -> None:
    found = _code(
        parse, "On 7 June, one woman was killed in fighting that broke out over a land dispute in Tsholotsho."
    )
    assert found
    assert found[0].sub_event_type == "Mob violence"
    assert _roles(found[0])["actor1"] == ("Rioters", 5)


@pytest.mark.parametrize(
    ("text", "sub_event_type", "inter1"),
    [
        ("On 4 May, gunmen shot dead a farmer in his field near Katsina.", "Attack", 3),
        ("On 7 March, soldiers clashed with militants near Dargo, killing four of the fighters.", "Armed clash", 1),
        ("On 2 May, two men on a motorbike opened fire on a shopkeeper in Senturo, killing him.", "Attack", 3),
        ("On 9 May, police beat a street vendor in Ulmeri for breaking the curfew.", "Attack", 1),
        ("On 6 May, inmates rioted over food rations inside the main jail of Talvoro.", "Mob violence", 5),
        (
            "On 6 May, inmates rioted inside the main jail of Talvoro, demanding bigger meal portions.",
            "Violent demonstration",
            5,
        ),
        (
            "A retired couple were beaten and killed at their farm near Mirvana after a church lunch with "
            "their grandchildren.",
            "Attack",
            3,
        ),
    ],
)
def test_armed_or_state_agents_are_not_a_mob(parse: Any, text: str, sub_event_type: str, inter1: int) -> None:
    """Gunmen, soldiers, people firing guns and the police stay an armed attack or a clash; people said to
    riot stage a violent demonstration."""
    found = _code(parse, text)
    assert found, text
    assert found[0].sub_event_type == sub_event_type, text
    assert _roles(found[0])["actor1"][1] == inter1, text


def test_the_victims_people_is_never_actor1(parse: Any) -> None:
    """A people named as the victim ("beat a Pokot herder", "attacked Pokot herders") is not the attacker."""
    for text in (
        "On 2 April, unknown men attacked Pokot herders near Pelmora, killing three.",
        "On 2 April, three Pokot herders were killed near Pelmora.",
    ):
        found = _code(parse, text)
        assert found, text
        assert "Pokot" not in _roles(found[0])["actor1"][0], text


def test_villagers_raiding_a_camp_act_as_a_communal_militia(parse: Any) -> None:
    found = _code(
        parse, "On 19 May, farmers from a nearby village attacked a herders' camp near Lassa and burned ten huts."
    )
    assert found
    assert found[0].sub_event_type == "Attack"
    assert _roles(found[0])["actor1"] == ("Unidentified Communal Militia", 4)


def test_tear_gas_at_people_protesting_is_an_intervention(parse: Any) -> None:
    """The protest is only a participle on the object; the police firing tear gas at it intervened."""
    found = _code(parse, "Police fired tear gas at students protesting against higher fees in Lunaro on Monday.")
    assert found
    assert found[0].sub_event_type == "Protest with intervention"
    roles = _roles(found[0])
    assert roles["actor1"] == ("Protesters", 6)
    assert roles["actor2"][1] == 1
    found = _code(parse, "Police fired tear gas at residents in Lunaro on Monday.")
    assert not found or found[0].sub_event_type != "Protest with intervention"


def test_a_later_paragraph_without_a_date_adds_to_the_event_it_repeats(parse: Any) -> None:
    # the arrests and injuries are the same Monday-evening demonstration, told without a date: not a
    # second event on the publication day
    text = (
        "Officers used batons and tear gas to break up a crowd of about 300 traders who had blocked the main "
        "market road in Kumba on Monday evening to protest against new stall fees, the regional governor said "
        "on Tuesday. The governor said protesters had thrown stones at officers and burned tyres. Eleven people "
        "were arrested and four officers were slightly injured, a gendarmerie spokesman said. Organisers said "
        "the protest was peaceful and that at least twenty traders had been hurt."
    )
    (event,) = _code(parse, text)
    assert event.event_type in ("Protests", "Riots")
    assert event.date.start == dt.date(2023, 3, 13)
    assert any("Eleven people were arrested" in e.text for e in event.evidence)


def _actor(event: Event, role: str) -> tuple[str, int] | None:
    return next(((a.name, a.inter) for a in event.actors if a.role == role), None)


@pytest.mark.parametrize(
    "text",
    [
        "On 12 May, a group of herders killed two farmers with machetes near Kolva.",
        "On 14 May, Tiv youths attacked a neighbouring hamlet near Sorun with rifles, killing three villagers.",
        "On 15 May, armed youths from Kavra village raided a cattle camp at Tesso and killed a herdsman.",
    ],
)
def test_a_communitys_armed_violence_is_an_identity_militias(parse: Any, text: str) -> None:
    event = _code(parse, text)[0]
    assert event.event_type == "Violence against civilians", event
    actor1 = _actor(event, "actor1")
    assert actor1 is not None
    assert actor1[1] == 4, actor1


def test_a_peoples_name_names_its_militia(parse: Any) -> None:
    event = _code(parse, "On 14 May, Tiv youths attacked a hamlet near Sorun with rifles, killing three villagers.")[0]
    actor1 = _actor(event, "actor1")
    assert actor1 is not None
    assert actor1[0].startswith("Tiv Ethnic Militia")


def test_a_beating_by_farmers_stays_mob_violence(parse: Any) -> None:
    event = _code(
        parse, "On 3 June, a number of farmers beat up a herder in Kolva after his cattle strayed into a field."
    )[0]
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")
    assert _actor(event, "actor1") == ("Rioters", 5)


def test_intercommunal_killings_are_a_battle_of_identity_militias(parse: Any) -> None:
    event = _code(parse, "On 2 July, three people were killed in intercommunal clashes near Ferro.")[0]
    assert event.sub_event_type == "Armed clash"
    assert event.evidence[0].stage.endswith(":clash.communal")
    assert _actor(event, "actor1") == ("Unidentified Communal Militia", 4)


def test_farmers_fighting_police_riot_not_fight_as_a_militia(parse: Any) -> None:
    event = _code(
        parse, "On 8 July, farmers clashed with police in Dovra over land seizures, and one farmer was killed."
    )[0]
    assert event.event_type != "Battles" or _actor(event, "actor1") != ("Unidentified Communal Militia", 4)
    assert all(a.inter != 4 for a in event.actors)


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June, about 300 residents demonstrated outside the town hall in Veldor over water cuts. "
        "They threw stones at the building and clashed with police who tried to disperse them.",
        "On 5 June, traders protested in Marisco against new taxes. A police post was set on fire. "
        "Officers fired tear gas to break up the crowd.",
        "On 6 June, hundreds of teachers demonstrated in Orla over unpaid salaries. Roads were barricaded with "
        "burning tyres. Police intervened.",
    ],
)
def test_a_demonstration_that_turns_violent_is_one_violent_demonstration(parse: Any, text: str) -> None:
    found = _code(parse, text)
    assert (found[0].event_type, found[0].sub_event_type) == ("Riots", "Violent demonstration"), found[0]
    assert len(found) == 1, [e.sub_event_type for e in found]


def test_a_road_blocked_in_both_directions_is_no_exchange_of_fire(parse: Any) -> None:
    found = _code(
        parse, "On 9 April, protesters angry at fuel prices blocked the coast road near Orlo in both directions."
    )
    assert (found[0].event_type, found[0].sub_event_type) == ("Protests", "Peaceful protest")


def test_communities_fighting_with_machetes_are_identity_militias(parse: Any) -> None:
    text = "On 5 March, cattle keepers and farmers fought each other with machetes in a village near Lassa."
    event = _code(parse, text)[0]
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert [a.inter for a in event.actors if a.role in ("actor1", "actor2")] == [4, 4]


@pytest.mark.parametrize(
    ("text", "actor1_inter", "actor2_inter"),
    [
        ("On 2 May, two soldiers were killed in an ambush by rebels near Tesh.", 2, 1),
        ("On 2 May, two soldiers were killed in an ambush near Tesh.", 3, 1),
        ("On 3 May, police in Orlo are accused of beating a street vendor to death.", 1, 7),
        ("On 4 May, indiscriminate shells fired by rebel forces killed three civilians in Varsa.", 2, 7),
        ("Two policemen shot dead in raid on checkpoint near Tesh", 3, 1),
    ],
)
def test_voice_decides_who_acted(parse: Any, text: str, actor1_inter: int, actor2_inter: int) -> None:
    """Passives, "by" phrases, reporting passives and headline ellipsis: the victim is never actor1."""
    event = _code(parse, text)[0]
    inters = {a.role: a.inter for a in event.actors}
    assert (inters.get("actor1"), inters.get("actor2")) == (actor1_inter, actor2_inter), event.actors


def test_one_farmer_who_kills_is_no_militia(parse: Any) -> None:
    event = _code(parse, "On 4 June, a farmer killed a herder with a machete in a dispute over a field near Kolva.")[0]
    assert all(a.inter != 4 for a in event.actors), event.actors


def test_two_communities_fighting_with_weapons_told_next_are_identity_militias(parse: Any) -> None:
    """identity.two_communities: the weapons of a fight between herders and farmers may come a sentence later."""
    event = _code(
        parse,
        "On 2 July, herders and farmers clashed near Lodwa. Machetes and arrows wounded five farmers.",
    )[0]
    assert (event.sub_event_type, {a.role: a.inter for a in event.actors}) == (
        "Armed clash",
        {"actor1": 4, "actor2": 4},
    ), event.actors


def test_a_peoples_member_who_stabs_another_communitys_member_acts_for_its_militia(parse: Any) -> None:
    """identity.cross_community: one man of a people turning on another community is its militia."""
    event = _code(parse, "On 3 July, a Turkana herder stabbed a farmer to death near Lodwa.")[0]
    assert event.event_type == "Violence against civilians"
    assert {a.role: a.inter for a in event.actors}.get("actor1") == 4, event.actors


def test_people_armed_with_sticks_who_lynch_are_a_mob(parse: Any) -> None:
    """Sticks and stones do not make an armed group: a crowd that picks them up is a mob."""
    event = _code(
        parse, "On 4 July, a number of villagers armed with sticks lynched two men accused of theft in Kolva."
    )[0]
    assert (event.sub_event_type, _roles(event)["actor1"]) == ("Mob violence", ("Rioters", 5))


def test_a_peoples_members_who_beat_a_man_to_death_are_a_mob(parse: Any) -> None:
    """A beating or a lynching by members of a people stays mob violence, even when the man dies."""
    event = _code(parse, "On 5 July, a group of Pokot youths beat a man to death near Velmora.")[0]
    assert event.sub_event_type == "Mob violence"
    assert all(a.inter != 4 for a in event.actors), event.actors


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "On 6 July, about 40 market women barricaded the main road into Velmora to demand lower fees.",
            "Violent demonstration",
        ),
        (
            "On 7 July, residents blocked the highway with tyres on fire to protest against power cuts in Kolva.",
            "Violent demonstration",
        ),
        (
            "On 8 July, nurses stopped work and barricaded themselves inside the ministry in Kolva.",
            "Peaceful protest",
        ),
    ],
)
def test_barricades_and_burning_tyres_make_a_demonstration_violent(parse: Any, text: str, sub_event_type: str) -> None:
    """A street barricade or tyres set alight are violence; barricading oneself inside an office is not."""
    assert _code(parse, text)[0].sub_event_type == sub_event_type


def test_property_destroyed_with_no_armed_owner_belongs_to_civilians(parse: Any) -> None:
    """Looting and property destruction: with no armed or state owner named, actor2 is civilians."""
    event = _code(parse, "On 9 July, unknown arsonists set fire to a warehouse near Velmora, destroying it.")[0]
    assert event.sub_event_type == "Looting/property destruction"
    assert _roles(event).get("actor2", ("", 0))[1] == 7, event.actors


def test_an_armed_modifier_of_the_target_is_the_target(parse: Any) -> None:
    """role.targeted_modifier: "opened fire on an army convoy": the army was hit, it did not act."""
    event = _code(parse, "On 10 July, gunmen opened fire on an army convoy near Velmora.")[0]
    assert event.sub_event_type == "Armed clash"
    assert _roles(event)["actor2"][1] == 1, event.actors


def test_armed_group_members_are_no_civilians(parse: Any) -> None:
    """A member noun whose owner is an armed group names that group's fighter, not a civilian victim."""
    event = _code(parse, "On 11 July, gunmen shot dead a member of the rebel group near Velmora.")[0]
    assert event.event_type == "Battles", event
    assert all(a.inter != 7 for a in event.actors), event.actors


def test_a_ranger_is_a_state_force(parse: Any) -> None:
    event = _code(parse, "On 12 July, rebels shot and killed a ranger near Velmora.")[0]
    assert (event.sub_event_type, _roles(event)["actor2"][1]) == ("Armed clash", 1), event.actors


@pytest.mark.parametrize(
    "text",
    [
        "On 13 July, troops repelled a rebel attack on their base near Velmora.",
        "On 13 July, soldiers returned fire after rebels attacked their post near Velmora.",
    ],
)
def test_the_side_that_answers_an_attack_is_actor2(parse: Any, text: str) -> None:
    """parties.responder_second: who repels an attack or returns fire did not start the battle."""
    event = _code(parse, text)[0]
    assert event.event_type == "Battles"
    roles = _roles(event)
    assert (roles["actor1"][1], roles["actor2"][1]) == (2, 1), event.actors


def test_a_mobs_victim_is_a_civilian_whatever_the_lexicon_calls_him(parse: Any) -> None:
    """Mob violence with no state force, armed group or second crowd named: actor2 is civilians."""
    event = _code(parse, "On 14 July, a crowd caught a burglar in Velmora and beat him to death.")[0]
    assert event.sub_event_type == "Mob violence"
    assert _roles(event).get("actor2") == ("Civilians", 7), event.actors


def test_a_root_noun_with_a_past_verb_hung_on_it_did_the_act(parse: Any) -> None:
    """role.misparsed_subject: the small parser reads "a group burned ..." as a noun with a modifier;
    a modifier verb with its own object is active, so the group acted."""
    event = _code(parse, "On 15 July, a group burned to death three alleged cattle thieves in Velmora.")[0]
    assert event.sub_event_type == "Mob violence"
    assert _roles(event)["actor1"] == ("Rioters", 5), event.actors


def test_a_grievance_clause_names_what_the_crowd_reacted_to(parse: Any) -> None:
    """Residents who protest "after the killing of a trader" did not kill him: the clause is a cause."""
    found = _code(parse, "On 16 July, residents protested in Velmora after the beating of a trader by unknown men.")
    assert [e.sub_event_type for e in found][:1] == ["Peaceful protest"], found
    assert all(e.event_type != "Riots" for e in found), found


def test_protesters_who_wound_policemen_stage_a_violent_demonstration(parse: Any) -> None:
    """protest.crowd_violence: the crowd's own violence, told in the next sentence, makes the protest violent."""
    text = "On 17 July, residents demonstrated in Velmora. The protesters wounded two policemen in a scuffle."
    assert _code(parse, text)[0].sub_event_type == "Violent demonstration"


def test_former_armed_group_members_are_civilians(parse: Any) -> None:
    event = _code(parse, "On 18 July, gunmen shot dead a former rebel commander near Velmora.")[0]
    assert event.sub_event_type == "Attack", event


def test_former_members_who_still_fight_are_armed(parse: Any) -> None:
    event = _code(parse, "On 19 July, former rebel fighters attacked a village near Velmora, killing three farmers.")[0]
    assert _roles(event)["actor1"][1] != 7, event.actors


def test_a_gang_that_clashes_with_police_fights_a_battle(parse: Any) -> None:
    """clash.armed_party_with_state: "clashed with police" is a riot only when a crowd does it."""
    event = _code(parse, "On 3 August, members of a drug gang clashed with state police in Velmora. One man was hurt.")[
        0
    ]
    assert (event.event_type, event.evidence[0].stage.split(":")[-1]) == (
        "Battles",
        "clash.armed_party_with_state",
    )
    assert [a.inter for a in event.actors if a.role in ("actor1", "actor2")] == [3, 1], event.actors
    crowd = _code(parse, "On 3 August, angry youths clashed with police in Velmora after a funeral.")[0]
    assert crowd.event_type == "Riots"


def test_a_force_modifying_an_event_noun_tagged_as_a_verb_acted(parse: Any) -> None:
    """role.noun_slot: "killed in Korvan Air Force strikes": the object of "in" is a noun whatever its tag."""
    event = _code(parse, "At least 12 fighters were killed and 9 injured in Kenyan Air Force strikes on 4 August.")[0]
    assert event.sub_event_type == "Air/drone strike"
    assert _roles(event)["actor1"][1] == 1, event.actors


def test_an_air_strike_nobody_is_named_for_is_the_states(parse: Any) -> None:
    """parties.air_force_default and parties.strike_flag: aircraft are the state's; a nationality names whose."""
    event = _code(parse, "Three killed in air raid on a market near Velmora.")[0]
    assert event.sub_event_type == "Air/drone strike"
    assert _roles(event)["actor1"][1] == 1, event.actors
    flagged = _code(parse, "On 5 August, Turkish air strikes hit a village in Duhok, killing two farmers.")[0]
    assert flagged.sub_event_type == "Air/drone strike"
    assert _roles(flagged)["actor1"][0] == "Military Forces of Turkey", flagged.actors
    named = _code(parse, "On 5 August, rebel drones struck an army base near Velmora.")[0]
    assert _roles(named)["actor1"][1] == 2, named.actors


def test_a_police_station_where_a_man_was_beaten_is_the_place_not_a_party(parse: Any) -> None:
    """role.place_modifier: police beating a man at a police station attack a civilian; an attack on the
    station itself stays an attack on the police."""
    event = _code(parse, "On 6 August, police officers beat a trader at a police station in Velmora.")[0]
    assert event.event_type == "Violence against civilians", event
    assert [a.inter for a in event.actors if a.role in ("actor1", "actor2")] == [1, 7], event.actors
    hit = _code(parse, "On 6 August, gunmen attacked a police station in Velmora, wounding two officers.")[0]
    assert hit.event_type == "Battles", hit


def test_intercepting_a_vehicle_and_shooting_is_no_disrupted_weapons_use(parse: Any) -> None:
    """An interception of people on a road is an ambush; of a missile or a drone, a disrupted weapon."""
    event = _code(parse, "On 7 August, armed men intercepted a minibus near Velmora and shot two passengers dead.")[0]
    assert event.event_type == "Violence against civilians", event
    missile = _code(parse, "On 7 August, air defences intercepted a missile fired towards Velmora.")[0]
    assert missile.sub_event_type == "Disrupted weapons use", missile


def test_a_single_quoted_word_is_a_label_for_an_act_not_a_new_event(parse: Any) -> None:
    # the same report without the quotation marks is an abduction; quoted, the word is the group's name
    # for the arrest the first sentence reports
    arrest = "Officers detained the activist Kofi Mensah outside the assembly in Velmora on Monday night."
    quoted = f'{arrest} His party said he had been "abducted" and called it intimidation.'
    plain = f"{arrest} His party said he had been abducted and called it intimidation."
    assert "Abduction/forced disappearance" not in {e.sub_event_type for e in _code(parse, quoted)}
    assert "Abduction/forced disappearance" in {e.sub_event_type for e in _code(parse, plain)}


@pytest.mark.parametrize(
    ("text", "sub_event_type", "rule"),
    [
        # an armed group's attack on a place that guards or soldiers repel is one battle
        (
            "On 4 June, an armed group attacked the district office in Varnos. Police officers repelled the "
            "attack by firing back.",
            "Armed clash",
            "episode.armed_response",
        ),
        (
            "On 5 June, suspected militants attacked the town hall of Pello. They exchanged fire with the army "
            "before withdrawing.",
            "Armed clash",
            "episode.armed_response",
        ),
        # gunmen who shot villagers and then fought soldiers: the attack on people is the primary event
        (
            "On 6 June, gunmen shot dead four villagers in Kamo. Soldiers later exchanged fire with the gunmen.",
            "Attack",
            "attack.on_civilians",
        ),
        # a grievance after "in reaction to" is the cause of the march, not an intervention at it
        (
            "On 7 June, taxi drivers marched through Osk. The procession was held in reaction to the detention "
            "of three fellow drivers.",
            "Peaceful protest",
            "protest.peaceful",
        ),
        # protesters burning property: a violent demonstration
        (
            "On 8 June, demonstrators against the election results burned a warehouse in Tessa.",
            "Violent demonstration",
            "protest.crowd_violence",
        ),
        # who takes ground is the subject of the taking word, not the speaker nor the earlier holder
        (
            "Insurgents recaptured Sotka hamlet on 9 June, a week after army units had seized it, residents said.",
            "Non-state actor overtakes territory",
            "territory.nonstate_takes",
        ),
        # a riot with no protest word, demand or grievance is mob violence; with one, a violent demonstration
        (
            "On 10 June, inmates rioted at the central prison of Ardo and set mattresses alight.",
            "Mob violence",
            "riot.without_protest",
        ),
        (
            "On 10 June, inmates rioted at the central prison of Ardo, demanding their release.",
            "Violent demonstration",
            "riot.violent_demonstration",
        ),
        # tyres burnt as the means of a road closure are no talk of tyres in general
        (
            "On 11 June, residents closed the highway by burning tyres in Kessa, denouncing power cuts.",
            "Violent demonstration",
            "riot.violent_demonstration",
        ),
        # the name of a violent demonstration is a protest word too
        (
            "On 12 June, students confined to a dormitory held a violent demonstration on the campus lawn.",
            "Violent demonstration",
            "protest.violent",
        ),
    ],
)
def test_issue14_type_rules(parse: Any, text: str, sub_event_type: str, rule: str) -> None:
    found = _code(parse, text)
    assert found, text
    assert found[0].sub_event_type == sub_event_type
    assert found[0].evidence[0].stage == f"{events.STAGE}:{rule}"


def test_words_inside_a_gapped_cue_keep_their_own_cues(parse: Any) -> None:
    # "fire ~3 on|at ~5 position" matches across "120mm mortars": the mortars still name the weapon
    text = "On 6 May, artillery crews fired 120mm mortars at rebel positions outside Korvo."
    found = _code(parse, text)
    assert found
    assert found[0].sub_event_type == "Shelling/artillery/missile attack"
