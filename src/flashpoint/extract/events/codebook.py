"""The codebook: cue class scores and actor roles of an episode -> ACLED sub-event types, as named rules.

Reads a :class:`Context` (the cue class scores of one or more sentences and the kinds of actor named in
each role) and writes :class:`Verdict` records: a sub-event type, a score and the name of the rule that
proposed it. :data:`RULES` is the codebook, in order; each rule is one small function of the context, the
facts :func:`derive` reads once from it (:class:`Facts`) and :class:`~.options.CodebookOptions` (every
threshold and share, documented there). :func:`candidates` keeps the best verdict per sub-event type
(the first rule to reach it on a tie), :func:`decide` the best of all; the winning rule's name goes into
the event's evidence stage string (``events@0.8.0:protest.with_intervention``).

The model is the fusion matcher (:mod:`flashpoint.fuse.scoring`): named terms, each with its reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType

from flashpoint.extract import actors as actor_mod
from flashpoint.extract.actors import ActorMention
from flashpoint.extract.events.lexicon import (
    CROWD_KINDS,
    FIGHTER_WORDS,
    ORDINARY_AGENTS,
    PROTEST_FAMILY,
    STATE_CONTEXT_KINDS,
    EventLexicon,
)
from flashpoint.extract.events.options import CodebookOptions
from flashpoint.extract.events.reading import Reading, context_kind

_NONSTATE = frozenset({"rebels", "named", "unidentified", "communal", "gang"})
# organised armed groups that are no community (a community facing the police riots; see _crowd_agent)
_ARMED_GROUPS = _NONSTATE - {"communal"}
_CROWD_VIOLENCE = ("ATTACK", "CLASH", "MOB", "RIOT", "LOOT", "LETHAL_FORCE", "ABDUCT")


@dataclasses.dataclass(frozen=True, slots=True)
class Context:
    """Cue scores and actor kinds of an episode (one or more sentences)."""

    scores: Mapping[str, float]
    agent_kinds: frozenset[str]
    patient_kinds: frozenset[str]
    kinds: frozenset[str]
    label: str | None
    subject_kinds: frozenset[str] = frozenset()  # agents proper (subjects, "by" phrases), not "with" parties
    party_kinds: frozenset[str] = frozenset()  # "between X and Y", "with Y": the sides of a two-sided fight
    firearm: bool = False  # guns or explosives were used
    doer_kinds: frozenset[str] = frozenset()  # kinds of the parties doing violence
    communal: bool = False  # the text says the violence is between communities
    taker_kinds: frozenset[str] = frozenset()  # kinds of the parties taking ground (subjects of "captured")


@dataclasses.dataclass(frozen=True, slots=True)
class Verdict:
    """A sub-event type a codebook rule proposes for an episode, with its score and the rule's name."""

    sub: str
    score: float
    rule: str


def is_identity(mention: ActorMention) -> bool:
    """True for a people or community (an ethnic group, herders, clansmen: ACLED inter 4 when armed), not
    for the words for its fighters ("militiamen", "a herders' militia")."""
    if not (mention.kind.kind == "communal" or (mention.kind.kind == "named" and mention.kind.inter == 4)):
        return False
    return not any(w in FIGHTER_WORDS for w in mention.text.lower().replace("-", " ").split())


def build_context(readings: Sequence[Reading], weights: Sequence[float]) -> Context:
    """The context of an episode: class scores of its sentences (each times its weight; a class scores its
    best sentence plus 0.15 of the next) and the kinds of actor in each role."""
    scores: dict[str, float] = {}
    agents: set[str] = set()
    subjects: set[str] = set()
    patients: set[str] = set()
    kinds: set[str] = set()
    parties: set[str] = set()
    firearm = communal = False
    doers: set[str] = set()
    takers: set[str] = set()
    for reading, w in zip(readings, weights, strict=True):
        firearm = firearm or reading.firearm
        communal = communal or reading.communal
        doers.update(reading.doers)
        takers.update(reading.takers)
        for cls, s in reading.scores.items():
            scores[cls] = max(scores.get(cls, 0.0), s * w) + 0.15 * min(scores.get(cls, 0.0), s * w)
        for mention, role in zip(reading.mentions, reading.roles, strict=True):
            if role == "place":
                continue  # "beaten at a police station": the building, not a party
            # a people or community on the receiving end is a civilian victim, not a militia fighting back
            kind = "civilians" if role == "patient" and is_identity(mention) else context_kind(mention)
            kinds.add(kind)
            if role == "agent":
                agents.add(kind)
                subjects.add(kind)
            elif role in ("patient", "party"):
                patients.add(kind)
            if role == "party":
                agents.add(kind)
                parties.add(kind)
    return Context(
        MappingProxyType(scores),
        frozenset(agents),
        frozenset(patients),
        frozenset(kinds),
        readings[0].label if readings else None,
        frozenset(subjects),
        frozenset(parties),
        firearm,
        frozenset(doers),
        communal,
        frozenset(takers),
    )


# ----------------------------------------------------------------------------------------------
# Facts every rule may use, read once per context


@dataclasses.dataclass(frozen=True, slots=True)
class Facts:
    """What the rules share: combined scores and who the parties are."""

    armed_agent: bool  # an armed party acts (subject, "by" agent or a side)
    armed_patient: bool  # an armed party is on the receiving end or a side
    civ_patient: bool  # civilians, a crowd or protesters are on the receiving end
    state_patient: bool  # police, soldiers or a state force are on the receiving end
    crowd_agent: bool  # the acting party is an unarmed crowd, ordinary people or a mob
    crowdish: bool  # a crowd, protesters or rioters are named, or unarmed civilians act
    crowd: bool  # protesters or rioters are named, or a crowd acts
    private: bool  # a fight over a private dispute among no armed party
    disrupted: bool  # weapons found or seized
    protest: float  # protest words, with blockades and gatherings by a crowd
    riot: float  # riot words, with a crowd's fighting
    violence: float  # the strongest of riot, mob, attack and clash


def _ordinary(ctx: Context) -> bool:
    """True when the episode's acting parties are all ordinary people (no state force, armed group or
    militia among them) and no guns or explosives were used."""
    armed = actor_mod.ARMED_KINDS | STATE_CONTEXT_KINDS
    return (
        bool(ctx.doer_kinds) and ctx.doer_kinds <= ORDINARY_AGENTS and not ctx.agent_kinds & armed and not ctx.firearm
    )


def _crowd_agent(ctx: Context, o: CodebookOptions, armed_agent: bool) -> bool:
    """Whether the acting party is a crowd rather than an armed actor.

    An unarmed crowd, or a crowd the text calls a mob or rioters even when others there are armed.
    Ordinary people (farmers, villagers, youths, traders, party partisans, "a group", "a number of people")
    who use no guns or explosives are rioters when they turn on someone or on each other: the codebook's
    mob violence, not an attack by an armed group. People the text says rioted ("prisoners rioted") stage
    a violent demonstration instead. A crowd facing state forces as one side of a fight ("youths clashed
    with police", "clashes between residents and soldiers") riots: ACLED codes no armed clash for an
    unarmed crowd.
    """
    armed = actor_mod.ARMED_KINDS
    crowd_agent = bool(ctx.agent_kinds & CROWD_KINDS) and (not armed_agent or "rioters" in ctx.agent_kinds)
    named_riot = ctx.scores.get("RIOT_WORD", 0.0) >= o.strong
    crowd_agent = crowd_agent or (_ordinary(ctx) and not named_riot)
    sides = ctx.agent_kinds & (CROWD_KINDS | armed)
    if (
        ctx.party_kinds
        and sides & CROWD_KINDS
        and sides & armed
        and sides & armed <= STATE_CONTEXT_KINDS
        and (ctx.party_kinds & CROWD_KINDS or ctx.party_kinds & armed)
    ):
        crowd_agent = True
    return crowd_agent


def derive(ctx: Context, o: CodebookOptions) -> Facts:
    """Read the facts the rules share from ``ctx``."""
    s = ctx.scores.get
    armed = actor_mod.ARMED_KINDS
    armed_agent = bool(ctx.agent_kinds & armed)
    crowd_agent = _crowd_agent(ctx, o, armed_agent)
    # a fight over a land or family dispute among no armed party ("fighting broke out over a land dispute")
    private = (
        s("PRIVATE", 0.0) >= o.private_min
        and not ctx.firearm
        and not ctx.kinds & armed
        and ctx.agent_kinds <= ORDINARY_AGENTS
        and max(s("CLASH", 0.0), s("MOB", 0.0)) >= o.present
    )
    protest = s("PROTEST", 0.0) + (o.protesters_bonus if "protesters" in ctx.kinds else 0.0)
    block = s("BLOCK", 0.0)
    crowdish = bool(ctx.kinds & {"crowd", "protesters", "rioters"}) or bool(
        ctx.agent_kinds & {"civilians"} and not armed_agent
    )
    if block >= o.present and crowdish and not (ctx.subject_kinds & STATE_CONTEXT_KINDS):
        # a crowd blocking a road, occupying an office or staying away from work demonstrates
        protest = max(protest, block + o.support_share * protest)
    if s("GATHER", 0.0) >= o.present and (ctx.subject_kinds & {"crowd", "protesters"} or protest >= o.hint):
        # supporters or residents gathering (waiting, camping) outside an office or a court demonstrate;
        # journalists waiting outside a hospital do not
        protest = max(protest, s("GATHER", 0.0) + o.support_share * protest)
    crowd = bool(ctx.kinds & {"protesters", "rioters"}) or crowd_agent
    clash = s("CLASH", 0.0)
    # Crowds fighting police or each other riot; they do not fight armed clashes (ACLED codebook).
    riot = (
        s("RIOT", 0.0)
        + (o.rioters_bonus if "rioters" in ctx.kinds else 0.0)
        + (o.crowd_clash_share * clash if crowd else 0.0)
    )
    return Facts(
        armed_agent=armed_agent,
        armed_patient=bool(ctx.patient_kinds & armed),
        civ_patient=bool(ctx.patient_kinds & {"civilians", "crowd", "protesters"}),
        state_patient=bool(ctx.patient_kinds & {"police", "military", "state"}),
        crowd_agent=crowd_agent,
        crowdish=crowdish,
        crowd=crowd,
        private=private,
        disrupted=s("DISRUPTED", 0.0) >= o.decisive,
        protest=protest,
        riot=riot,
        violence=max(riot, s("MOB", 0.0), s("ATTACK", 0.0), clash),
    )


# ----------------------------------------------------------------------------------------------
# The rules. Each yields the verdicts it proposes; names are "<family>.<reading>".

Rule = Callable[[Context, Facts, CodebookOptions], Iterator[Verdict]]


def note_label(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A note that opens with its own type label ("Movement of forces: ...") is of that type."""
    if ctx.label:
        yield Verdict(ctx.label, o.label_score, "label.note")


def protest_violent(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Protest words and rioting by the crowd: a violent demonstration."""
    if f.protest >= o.present and f.riot >= o.present:
        yield Verdict("Violent demonstration", f.protest * o.riot_protest_share + f.riot, "protest.violent")


def protest_crowd_violence(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A protest whose own people attack or beat someone, or burn or smash property ("residents
    demonstrated ... and wounded two policemen", "farmers protested and attacked the officials' cars",
    "marchers set fire to the tax office"): a violent demonstration. Only when every party doing violence is
    a crowd or ordinary people (no state force, no armed group)."""
    s = ctx.scores.get
    harm = max(s("ATTACK", 0.0), s("MOB", 0.0), s("LOOT", 0.0))
    armed = actor_mod.ARMED_KINDS | STATE_CONTEXT_KINDS
    if (
        f.protest >= o.present
        and harm >= o.attack_min
        and ctx.doer_kinds
        and ctx.doer_kinds <= ORDINARY_AGENTS | CROWD_KINDS
        and not ctx.doer_kinds & armed
        and not ctx.firearm
    ):
        yield Verdict("Violent demonstration", f.protest * o.riot_protest_share + harm, "protest.crowd_violence")


def protest_excessive_force(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A protest met with lethal force, or protesters attacked: excessive force against protesters."""
    s = ctx.scores.get
    if f.protest < o.present:
        return
    lethal, attack = s("LETHAL_FORCE", 0.0), s("ATTACK", 0.0)
    hurt_protesters = "protesters" in ctx.patient_kinds and attack >= o.present
    if lethal >= o.strong or hurt_protesters:
        yield Verdict(
            "Excessive force against protesters",
            f.protest + max(lethal, attack) * o.force_share,
            "protest.excessive_force",
        )


def protest_with_intervention(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A protest that the police dispersed, stopped or arrested people at."""
    intervention = ctx.scores.get("INTERVENTION", 0.0)
    if f.protest >= o.present and intervention >= o.intervention_min:
        yield Verdict(
            "Protest with intervention",
            f.protest + o.intervention_share * intervention,
            "protest.with_intervention",
        )


def protest_peaceful(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Protest words alone: a peaceful protest."""
    if f.protest >= o.present:
        yield Verdict("Peaceful protest", f.protest, "protest.peaceful")


def protest_fired_on(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """State forces using lethal force on people the text calls protesters ("police fired on protesters,
    killing eleven"): the codebook's excessive force, protest words or not."""
    s = ctx.scores.get
    lethal = s("LETHAL_FORCE", 0.0)
    if (
        f.protest < o.present
        and f.riot < o.present
        and lethal >= o.strong
        and "protesters" in ctx.patient_kinds
        and ctx.agent_kinds & STATE_CONTEXT_KINDS
    ):
        yield Verdict(
            "Excessive force against protesters",
            lethal + o.force_share * max(s("ATTACK", 0.0), f.protest),
            "protest.fired_on",
        )


def protest_dispersed_gathering(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A gathering that police dispersed was a demonstration, even without protest words."""
    intervention = ctx.scores.get("INTERVENTION", 0.0)
    if (
        intervention >= o.decisive
        and f.crowdish
        and f.protest < o.present
        and f.violence < o.present
        and not f.armed_agent
    ):
        yield Verdict(
            "Protest with intervention",
            intervention * o.dispersal_share + o.dispersal_protest_share * f.protest,
            "protest.dispersed_gathering",
        )


def riot_mob(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Riot words with a crowd acting that nobody calls protesters or rioters and that voices no grievance
    (no protest word at all, not even "demanding" or "denouncing"): mob violence."""
    if (
        f.riot >= o.strong
        and f.crowd_agent
        and "protesters" not in ctx.kinds
        and f.protest < o.hint
        and "rioters" not in ctx.kinds
    ):
        yield Verdict("Mob violence", f.riot * o.mob_discount, "riot.mob")


def riot_violent_demonstration(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Riot words: a violent demonstration. A bottle thrown by one man is not a riot: without a crowd or a
    protest the cue counts for less. A crowd or rioters whose violence comes with no sign of a demonstration
    at all (no protest word, no demand, no grievance voiced: ``protest`` below ``hint``) commit mob violence
    (``riot.without_protest``): the codebook's violent demonstration is a demonstration that turned
    violent, its mob violence the violence of a crowd with no such aim ("a mob stoned the police post",
    "inmates rioted and set mattresses alight")."""
    if f.riot < o.strong:
        return
    alone = (
        f.protest < o.present
        and not f.crowdish
        and "rioters" not in ctx.kinds
        and ctx.scores.get("RIOT_NAMED", 0.0) < o.strong
    )
    factor = 1.0 if f.protest >= o.present else o.riot_alone if alone else o.riot_without_protest
    if f.protest < o.hint and not alone:
        yield Verdict("Mob violence", f.riot * factor, "riot.without_protest")
    else:
        yield Verdict("Violent demonstration", f.riot * factor, "riot.violent_demonstration")


def riot_crowd_destruction(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A crowd or ordinary people burning, smashing or looting property ("motorbike riders burnt a car",
    "supporters stormed the governor's office") riot: the codebook's looting and property destruction is
    an act of organised or armed actors."""
    loot = ctx.scores.get("LOOT", 0.0)
    if loot >= o.present and f.crowd_agent and not f.armed_agent:
        sub = "Violent demonstration" if f.protest >= o.hint else "Mob violence"
        yield Verdict(sub, loot, "riot.crowd_destruction")


def _mob_strong(ctx: Context, f: Facts, o: CodebookOptions) -> bool:
    mob = ctx.scores.get("MOB", 0.0)
    return mob >= o.strong or (mob >= o.present and f.crowd_agent)


def mob_beating(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Mob words (a beating, a lynching): mob violence by a crowd, an attack by police or gunmen. Party
    supporters fighting a militia riot."""
    if not _mob_strong(ctx, f, o):
        return
    s = ctx.scores.get
    crowd_side = f.crowd_agent or bool(ctx.subject_kinds & CROWD_KINDS and ctx.kinds & {"named", "communal"})
    score = s("MOB", 0.0) + o.support_share * s("ATTACK", 0.0)
    if f.armed_agent and not crowd_side and "communal" in ctx.agent_kinds and not f.civ_patient:
        # members of communities fighting each other with weapons: a battle of identity militias
        yield Verdict("Armed clash", score, "mob.communal_fight")
    elif f.armed_agent and not crowd_side:
        yield Verdict("Attack", score, "mob.by_armed")
    else:
        yield Verdict("Mob violence", score, "mob.by_crowd")


def mob_weak_attack(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Mob words of middling strength with no crowd acting: an attack."""
    mob = ctx.scores.get("MOB", 0.0)
    if not _mob_strong(ctx, f, o) and mob >= o.present:
        yield Verdict("Attack", mob * o.mob_discount, "mob.weak_attack")


def weapon_named(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A named means of violence (suicide bomb, air strike, shelling, IED, grenade, abduction, sexual
    violence) is its own sub-event type; found or seized weapons were not used."""
    for cls, sub, factor in o.weapons:
        score = ctx.scores.get(cls, 0.0)
        if score >= o.present:
            yield Verdict(sub, score * factor * (o.disrupted if f.disrupted else 1.0), f"weapon.{cls.lower()}")


def explosive_means(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """An explosive set off (a bomb, a blast, dynamite) is the means of the violence it causes: a remote
    explosive event outranking the attack, killing or destruction words around it, unless the weapon was
    found or seized, or a more specific explosive (suicide bomb, air strike, grenade, shell) is named."""
    s = ctx.scores.get
    ied = s("IED", 0.0)
    specific = max(s("SUICIDE", 0.0), s("AIR", 0.0), s("GRENADE", 0.0), s("SHELL", 0.0))
    if ied < o.explosive_min or f.disrupted or specific >= ied:
        return
    harm = max(s("ATTACK", 0.0), s("LOOT", 0.0), s("CLASH", 0.0), ied)
    yield Verdict("Remote explosive/landmine/IED", harm + o.explosive_bonus, "weapon.explosive_means")


def shelling_heavy_weapon(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A named heavy weapon (mortars, artillery) fired without small arms is shelling, not a clash, unless
    the text names a fight between two sides ("a clash between X and Y involving artillery fire") or fire
    going both ways ("exchanged fire", "in both directions"). The weapon is the means of the fire or the
    attack it is named in ("troops fired mortars at the rebels' positions", "attacked the positions with
    artillery"): the shelling outranks those words."""
    s = ctx.scores.get
    fight = s("CLASH", 0.0) >= o.present and bool(ctx.party_kinds)
    one_way = s("SMALLARMS", 0.0) < o.present and s("RECIP", 0.0) < o.present
    if s("SHELL", 0.0) >= o.decisive and one_way and not f.disrupted and not fight:
        means = max(s("SHELL", 0.0), s("CLASH", 0.0), s("ATTACK", 0.0))
        yield Verdict("Shelling/artillery/missile attack", means + o.heavy_weapon_bonus, "shelling.heavy_weapon")


def clash_small_arms(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Small-arms fire or an exchange of fire by or at an armed party: an armed clash (mortars *and* small
    arms at positions: ACLED codes the exchange as a clash)."""
    s = ctx.scores.get
    small_arms = max(s("SMALLARMS", 0.0), s("RECIP", 0.0))
    if small_arms >= o.present and (f.armed_agent or f.armed_patient or s("SHELL", 0.0) >= o.present):
        yield Verdict(
            "Armed clash",
            max(s("CLASH", 0.0), small_arms, s("SHELL", 0.0)) + o.small_arms_bonus,
            "clash.small_arms",
        )


def shelling_remote_fire(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Fire from a distance at villages, neighbourhoods or areas that nobody returns: shelling."""
    s = ctx.scores.get
    remote = s("REMOTE", 0.0)
    if remote >= o.decisive and s("RECIP", 0.0) < o.strong and not f.disrupted:
        yield Verdict("Shelling/artillery/missile attack", remote + o.remote_bonus, "shelling.remote_fire")


def clash_fight(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Clash words: an armed clash between armed parties; an unarmed crowd fighting police or another crowd
    ("supporters of two parties clashed") commits mob violence instead."""
    clash = ctx.scores.get("CLASH", 0.0)
    if clash < o.present or (f.crowd and f.riot >= o.strong):
        return
    armed = actor_mod.ARMED_KINDS
    if f.crowd_agent or f.private or (not ctx.kinds & armed and "crowd" in ctx.agent_kinds):
        yield Verdict("Mob violence", clash * o.crowd_clash_discount, "clash.crowd")
    else:
        two_sides = len(ctx.kinds & armed) >= 2 or f.armed_patient
        yield Verdict("Armed clash", clash + (o.two_sides_bonus if two_sides else 0.0), "clash.armed")


def clash_armed_party_with_state(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Riot words that name a fight with the police or the army ("clashed with police") whose doing side is
    an armed party (gang members, rebels, gunmen, a named group), with no crowd, protest or rioters named:
    an armed clash. The riot reading of those words presumes a crowd; an armed group facing state forces
    fights a battle (ACLED codebook: armed clashes are between organised armed groups)."""
    if (
        f.riot >= o.strong
        and not f.crowdish
        and not f.crowd_agent
        and f.protest < o.present
        and not ctx.kinds & {"rioters", "protesters"}
        and ctx.doer_kinds & _ARMED_GROUPS
        and ctx.kinds & STATE_CONTEXT_KINDS
    ):
        yield Verdict("Armed clash", f.riot + o.two_sides_bonus, "clash.armed_party_with_state")


def clash_communal(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Clashes or killings the text calls communal, ethnic, tribal or between clans: a battle between
    identity militias, whoever is named ("two herders were killed in intercommunal clashes")."""
    s = ctx.scores.get
    violence = max(s("CLASH", 0.0), s("ATTACK", 0.0), s("MOB", 0.0))
    if ctx.communal and violence >= o.present and not ctx.agent_kinds & STATE_CONTEXT_KINDS:
        yield Verdict("Armed clash", violence + o.communal_bonus, "clash.communal")


def attack_target(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Attack words: by a crowd, mob violence; on police or soldiers (a post, a patrol, bodyguards), a
    battle even if bystanders are hurt too; otherwise an attack on civilians."""
    attack = ctx.scores.get("ATTACK", 0.0)
    if attack < o.attack_min:
        return
    if f.crowd_agent or f.private:
        yield Verdict("Mob violence", attack * o.mob_discount, "attack.by_crowd")
    elif f.state_patient or (f.armed_patient and not f.civ_patient):
        yield Verdict("Armed clash", attack, "attack.on_armed")
    else:
        yield Verdict("Attack", attack + (o.civilian_bonus if f.civ_patient else 0.0), "attack.on_civilians")


def raid_settlement(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """A camp, village or settlement raided: an attack on the people living there, whoever raided it
    (villagers raiding a neighbouring camp act as a communal militia, not as a mob)."""
    raid = ctx.scores.get("RAID", 0.0)
    if raid >= o.strong and not f.armed_patient and not ctx.agent_kinds & STATE_CONTEXT_KINDS:
        yield Verdict("Attack", raid + o.raid_bonus, "raid.settlement")


def territory_change(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Territory: who takes it is the subject of the taking ("government forces retook the town in clashes
    with the rebels"); a change of hands outranks the fighting that brought it (ACLED codes the change).
    The subject of the taking word itself decides when the parser finds one: in "rebels recaptured the
    village days after troops seized it, activists said" neither the troops nor the activists took it."""
    s = ctx.scores.get
    regain, overtake, transfer = s("REGAIN", 0.0), s("OVERTAKE", 0.0), s("TRANSFER", 0.0)
    takers = ctx.taker_kinds or ctx.subject_kinds or ctx.agent_kinds
    state_taker = bool(takers & STATE_CONTEXT_KINDS)
    nonstate_taker = bool(takers & _NONSTATE) and not state_taker
    taking = max(regain, overtake)
    if taking >= o.strong:
        bonus = o.territory_bonus + o.territory_bonus * min(s("CLASH", 0.0), o.decisive) / o.decisive
        if transfer >= o.strong:
            yield Verdict(
                "Non-violent transfer of territory",
                transfer + taking * o.transfer_share + o.territory_bonus,
                "territory.transfer_taken",
            )
        if nonstate_taker:
            yield Verdict("Non-state actor overtakes territory", taking + bonus, "territory.nonstate_takes")
        elif state_taker or regain >= o.strong:
            yield Verdict("Government regains territory", taking + bonus, "territory.government_regains")
    elif transfer >= o.decisive:
        yield Verdict("Non-violent transfer of territory", transfer, "territory.transfer")


def development_named(ctx: Context, f: Facts, o: CodebookOptions) -> Iterator[Verdict]:
    """Strategic developments (arrests, agreements, looting ...) named by their own words; violence wins
    a tie against them."""
    for cls, sub in o.developments:
        score = ctx.scores.get(cls, 0.0)
        if score >= o.present:
            yield Verdict(sub, score * o.development, f"development.{cls.lower()}")


#: The codebook, in order: on a tie between two sub-event types the one proposed first wins.
RULES: tuple[Rule, ...] = (
    note_label,
    protest_violent,
    protest_crowd_violence,
    protest_excessive_force,
    protest_with_intervention,
    protest_peaceful,
    protest_fired_on,
    protest_dispersed_gathering,
    riot_mob,
    riot_violent_demonstration,
    riot_crowd_destruction,
    mob_beating,
    mob_weak_attack,
    weapon_named,
    explosive_means,
    shelling_heavy_weapon,
    clash_small_arms,
    shelling_remote_fire,
    clash_fight,
    clash_armed_party_with_state,
    clash_communal,
    attack_target,
    raid_settlement,
    territory_change,
    development_named,
)


def candidates(ctx: Context, options: CodebookOptions, *, rules: Sequence[Rule] = RULES) -> tuple[Verdict, ...]:
    """Every ACLED sub-event type the codebook rules allow for an episode: the best verdict per type (the
    earliest rule on a tie), in the order the types were first proposed."""
    facts = derive(ctx, options)
    best: dict[str, Verdict] = {}
    for rule in rules:
        for verdict in rule(ctx, facts, options):
            held = best.get(verdict.sub)
            if held is None or verdict.score > held.score:
                best[verdict.sub] = verdict
    return tuple(best.values())


def _best(verdicts: Sequence[Verdict]) -> Verdict | None:
    return max(verdicts, key=lambda v: v.score) if verdicts else None


def decide(ctx: Context, options: CodebookOptions) -> Verdict | None:
    """The best ACLED sub-event type for an episode, or None."""
    return _best(candidates(ctx, options))


def family(sub: str, lex: EventLexicon) -> str:
    """Event families for episode splitting: a protest that turns violent is one event, not two."""
    event_type = lex.subs[sub].event_type
    return "Demonstrations" if event_type in PROTEST_FAMILY else event_type


def decide_in_family(ctx: Context, fam: str, lex: EventLexicon, options: CodebookOptions) -> Verdict | None:
    """The best candidate of one event family (see :func:`family`), or None."""
    return _best([v for v in candidates(ctx, options) if family(v.sub, lex) == fam])


def decide_crowd(ctx: Context, lex: EventLexicon, options: CodebookOptions) -> Verdict:
    """The sub-event type of a report known to be about a crowd event (a demonstration or a riot).

    Such a report is a Protests or Riots event whatever else it mentions: the best demonstration-family
    candidate wins; without one, violence by the crowd makes it mob violence (no protest words) or a
    violent demonstration, and a crowd that stays peaceful holds a peaceful protest.
    """
    best = _best([v for v in candidates(ctx, options) if lex.subs[v.sub].event_type in PROTEST_FAMILY])
    if best is not None:
        return best
    s = ctx.scores.get
    violence = max(s(c, 0.0) for c in _CROWD_VIOLENCE)
    protest = s("PROTEST", 0.0)
    if violence >= options.crowd_violence:
        if protest >= options.crowd_protest:
            return Verdict("Violent demonstration", violence, "crowd.violent_demonstration")
        return Verdict("Mob violence", violence, "crowd.mob")
    if s("INTERVENTION", 0.0) >= options.present:
        return Verdict("Protest with intervention", s("INTERVENTION", 0.0), "crowd.with_intervention")
    return Verdict("Peaceful protest", max(protest, options.hint), "crowd.peaceful")
