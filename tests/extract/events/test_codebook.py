"""Tests for flashpoint.extract.events.codebook: one synthetic context per rule, and the table's wiring."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from flashpoint.extract.events import codebook
from flashpoint.extract.events.codebook import RULES, Context, Rule, candidates, decide, decide_crowd, derive
from flashpoint.extract.events.lexicon import load_lexicon
from flashpoint.extract.events.options import CodebookOptions

OPTS = CodebookOptions()


def ctx(
    scores: dict[str, float],
    *,
    agents: frozenset[str] = frozenset(),
    patients: frozenset[str] = frozenset(),
    parties: frozenset[str] = frozenset(),
    label: str | None = None,
    firearm: bool = False,
    doers: frozenset[str] = frozenset(),
    communal: bool = False,
) -> Context:
    """A context as the reader would build it: agents are subjects unless they are parties to a fight."""
    return Context(
        MappingProxyType(scores),
        agent_kinds=agents | parties,
        patient_kinds=patients | parties,
        kinds=agents | patients | parties,
        label=label,
        subject_kinds=agents,
        party_kinds=parties,
        firearm=firearm,
        doer_kinds=doers,
        communal=communal,
    )


F = frozenset
# (rule, context, sub-event type it must propose, rule name it must give)
CASES: list[tuple[Rule, Context, str, str]] = [
    (codebook.note_label, ctx({}, label="Arrests"), "Arrests", "label.note"),
    (codebook.protest_violent, ctx({"PROTEST": 2.5, "RIOT": 2.0}), "Violent demonstration", "protest.violent"),
    (
        codebook.protest_crowd_violence,
        ctx({"PROTEST": 2.5, "ATTACK": 1.7}, agents=F({"protesters"}), patients=F({"police"}), doers=F({"protesters"})),
        "Violent demonstration",
        "protest.crowd_violence",
    ),
    (
        codebook.protest_excessive_force,
        ctx({"PROTEST": 2.5, "LETHAL_FORCE": 3.0}, agents=F({"police"})),
        "Excessive force against protesters",
        "protest.excessive_force",
    ),
    (
        codebook.protest_with_intervention,
        ctx({"PROTEST": 2.5, "INTERVENTION": 2.5}),
        "Protest with intervention",
        "protest.with_intervention",
    ),
    (codebook.protest_peaceful, ctx({"PROTEST": 2.5}), "Peaceful protest", "protest.peaceful"),
    (
        codebook.protest_fired_on,
        ctx({"LETHAL_FORCE": 3.0}, agents=F({"police"}), patients=F({"protesters"})),
        "Excessive force against protesters",
        "protest.fired_on",
    ),
    (
        codebook.protest_dispersed_gathering,
        ctx({"INTERVENTION": 3.0}, patients=F({"crowd"})),
        "Protest with intervention",
        "protest.dispersed_gathering",
    ),
    (codebook.riot_mob, ctx({"RIOT": 3.0}, agents=F({"crowd"})), "Mob violence", "riot.mob"),
    (
        codebook.riot_violent_demonstration,
        ctx({"RIOT": 3.0}),
        "Violent demonstration",
        "riot.violent_demonstration",
    ),
    (
        codebook.riot_violent_demonstration,
        ctx({"RIOT": 3.0, "PROTEST": 1.2}, agents=F({"rioters"})),
        "Violent demonstration",
        "riot.violent_demonstration",
    ),
    (
        codebook.riot_violent_demonstration,
        ctx({"RIOT": 3.0}, agents=F({"rioters"})),
        "Mob violence",
        "riot.without_protest",
    ),
    (
        codebook.riot_crowd_destruction,
        ctx({"LOOT": 2.5}, agents=F({"crowd"})),
        "Mob violence",
        "riot.crowd_destruction",
    ),
    (codebook.mob_beating, ctx({"MOB": 3.0}, agents=F({"crowd"})), "Mob violence", "mob.by_crowd"),
    (codebook.mob_beating, ctx({"MOB": 3.0}, agents=F({"police"})), "Attack", "mob.by_armed"),
    (codebook.mob_beating, ctx({"MOB": 3.0}, parties=F({"communal"})), "Armed clash", "mob.communal_fight"),
    (codebook.mob_weak_attack, ctx({"MOB": 2.2}), "Attack", "mob.weak_attack"),
    (codebook.weapon_named, ctx({"AIR": 3.0}), "Air/drone strike", "weapon.air"),
    (codebook.weapon_named, ctx({"ABDUCT": 2.5}), "Abduction/forced disappearance", "weapon.abduct"),
    (
        codebook.explosive_means,
        ctx({"IED": 1.8, "LOOT": 2.5}),
        "Remote explosive/landmine/IED",
        "weapon.explosive_means",
    ),
    (
        codebook.shelling_heavy_weapon,
        ctx({"SHELL": 3.0}),
        "Shelling/artillery/missile attack",
        "shelling.heavy_weapon",
    ),
    (codebook.clash_small_arms, ctx({"SMALLARMS": 2.5}, agents=F({"rebels"})), "Armed clash", "clash.small_arms"),
    (
        codebook.shelling_remote_fire,
        ctx({"REMOTE": 3.0}),
        "Shelling/artillery/missile attack",
        "shelling.remote_fire",
    ),
    (codebook.clash_fight, ctx({"CLASH": 2.5}, parties=F({"rebels", "military"})), "Armed clash", "clash.armed"),
    (codebook.clash_fight, ctx({"CLASH": 2.5}, agents=F({"crowd"})), "Mob violence", "clash.crowd"),
    (codebook.clash_communal, ctx({"CLASH": 2.2}, communal=True), "Armed clash", "clash.communal"),
    (
        codebook.attack_target,
        ctx({"ATTACK": 2.5}, agents=F({"rebels"}), patients=F({"civilians"})),
        "Attack",
        "attack.on_civilians",
    ),
    (
        codebook.attack_target,
        ctx({"ATTACK": 2.5}, agents=F({"rebels"}), patients=F({"police"})),
        "Armed clash",
        "attack.on_armed",
    ),
    (
        codebook.attack_target,
        ctx({"ATTACK": 2.5}, agents=F({"civilians"}), doers=F({"civilians"})),
        "Mob violence",
        "attack.by_crowd",
    ),
    (codebook.raid_settlement, ctx({"RAID": 3.0}, agents=F({"unidentified"})), "Attack", "raid.settlement"),
    (
        codebook.territory_change,
        ctx({"OVERTAKE": 3.0}, agents=F({"rebels"})),
        "Non-state actor overtakes territory",
        "territory.nonstate_takes",
    ),
    (
        codebook.territory_change,
        dataclasses.replace(ctx({"REGAIN": 3.0}, agents=F({"military", "rebels"})), taker_kinds=F({"rebels"})),
        "Non-state actor overtakes territory",
        "territory.nonstate_takes",
    ),
    (
        codebook.territory_change,
        ctx({"REGAIN": 3.0}, agents=F({"military"})),
        "Government regains territory",
        "territory.government_regains",
    ),
    (
        codebook.territory_change,
        ctx({"TRANSFER": 3.0}),
        "Non-violent transfer of territory",
        "territory.transfer",
    ),
    (codebook.development_named, ctx({"ARREST": 2.5}), "Arrests", "development.arrest"),
    (
        codebook.clash_armed_party_with_state,
        ctx({"RIOT": 2.9}, agents=F({"gang"}), parties=F({"police"}), doers=F({"gang", "police"})),
        "Armed clash",
        "clash.armed_party_with_state",
    ),
]


@pytest.mark.parametrize(("rule", "context", "sub", "name"), CASES)
def test_rule_proposes_its_type(rule: Rule, context: Context, sub: str, name: str) -> None:
    verdicts = list(rule(context, derive(context, OPTS), OPTS))
    assert any(v.sub == sub and v.rule == name for v in verdicts), verdicts
    assert any(v.sub == sub and v.rule == name for v in candidates(context, OPTS))


def test_every_rule_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)


def test_rules_stay_silent_on_an_empty_context() -> None:
    empty = ctx({})
    assert decide(empty, OPTS) is None
    assert all(not list(rule(empty, derive(empty, OPTS), OPTS)) for rule in RULES)


def test_an_attack_on_soldiers_is_a_battle_but_on_villagers_is_not() -> None:
    on_soldiers = decide(ctx({"ATTACK": 2.5}, agents=F({"rebels"}), patients=F({"military"})), OPTS)
    on_villagers = decide(ctx({"ATTACK": 2.5}, agents=F({"rebels"}), patients=F({"civilians"})), OPTS)
    assert on_soldiers is not None
    assert on_soldiers.sub == "Armed clash"
    assert on_villagers is not None
    assert on_villagers.sub == "Attack"


def test_thresholds_are_options() -> None:
    weak = ctx({"PROTEST": 1.8})
    assert decide(weak, OPTS) is None
    looser = CodebookOptions(present=1.5)
    verdict = decide(weak, looser)
    assert verdict is not None
    assert verdict.rule == "protest.peaceful"


def test_a_crowd_report_falls_back_to_a_named_crowd_rule() -> None:
    verdict = decide_crowd(ctx({"ATTACK": 1.6}), load_lexicon(), OPTS)
    assert (verdict.sub, verdict.rule) == ("Mob violence", "crowd.mob")
    calm = decide_crowd(ctx({}), load_lexicon(), OPTS)
    assert (calm.sub, calm.rule) == ("Peaceful protest", "crowd.peaceful")


def test_artillery_in_a_named_two_sided_fight_is_a_clash() -> None:
    fight = ctx({"SHELL": 3.0, "CLASH": 3.0}, parties=F({"military", "rebels"}))
    verdict = decide(fight, OPTS)
    assert verdict is not None
    assert (verdict.sub, verdict.rule) == ("Armed clash", "clash.armed")
    alone = ctx({"SHELL": 3.0}, agents=F({"military"}))
    verdict = decide(alone, OPTS)
    assert verdict is not None
    assert verdict.rule == "shelling.heavy_weapon"


def test_a_protest_where_police_do_the_violence_is_not_a_violent_demonstration() -> None:
    context = ctx(
        {"PROTEST": 2.5, "ATTACK": 2.5}, agents=F({"police"}), patients=F({"protesters"}), doers=F({"police"})
    )
    assert not list(codebook.protest_crowd_violence(context, derive(context, OPTS), OPTS))


def test_riot_words_with_a_crowd_stay_a_riot_not_an_armed_clash() -> None:
    """clash.armed_party_with_state needs an armed group doing the fighting: youths facing police riot."""
    youths = ctx({"RIOT": 2.9}, agents=F({"crowd"}), parties=F({"police"}), doers=F({"crowd", "police"}))
    assert not list(codebook.clash_armed_party_with_state(youths, derive(youths, OPTS), OPTS))
    assert decide(youths, OPTS) is not None
    assert decide(youths, OPTS).sub != "Armed clash"  # type: ignore[union-attr]


def test_a_heavy_weapon_fired_at_positions_is_shelling_unless_fire_goes_both_ways() -> None:
    # "troops fired mortars at the militia's positions": the mortars are the means of the fire
    one_way = ctx({"SHELL": 3.0, "CLASH": 3.45}, agents=F({"military"}), patients=F({"communal"}))
    verdict = decide(one_way, OPTS)
    assert verdict is not None
    assert (verdict.sub, verdict.rule) == ("Shelling/artillery/missile attack", "shelling.heavy_weapon")
    # "... exchanged mortar fire", "explosions in both directions of the line": a battle
    both_ways = ctx({"SHELL": 3.0, "RECIP": 3.0}, agents=F({"military"}))
    verdict = decide(both_ways, OPTS)
    assert verdict is not None
    assert verdict.sub == "Armed clash"
