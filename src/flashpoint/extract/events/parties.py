"""Parties: the ACLED actors of an episode, from the roles of the actor mentions in its sentences.

Reads an :class:`~.episodes.Episode` (its mentions and roles), its sub-event type and country; writes
:class:`~flashpoint.records.Actor` records in ACLED style with inter codes (step 6 of
:mod:`flashpoint.extract.events`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from flashpoint.extract import actors as actor_mod
from flashpoint.extract.actors import ActorKind, ActorMention, Country
from flashpoint.extract.events.codebook import is_identity
from flashpoint.extract.events.episodes import Episode
from flashpoint.extract.events.lexicon import MUTUAL_FIGHT, STATE_CONTEXT_KINDS, SYMMETRIC, SubEvent
from flashpoint.extract.events.reading import Reading, phrase_head
from flashpoint.records import Actor, Article, Evidence

_DOER_ROLES = ("agent", "party", "other")
# ``parties.state_first``: protest sub-events in which the state's force is the actor (ACLED codes the force
# that used lethal or excessive force on a demonstration as actor1 and the protesters as actor2); in a protest
# with an intervention the protesters stay actor1
STATE_FIRST = frozenset({"Excessive force against protesters"})
# words for people as individuals, not as a community or trade ("two men", "a person", "individuals")
_INDIVIDUALS = frozenset({"man", "men", "woman", "women", "person", "people", "individual", "boy", "girl", "a"})


def pick(
    mentions: Sequence[tuple[ActorMention, str]], kinds: frozenset[str], roles: tuple[str, ...]
) -> ActorMention | None:
    for role in roles:
        for mention, r in mentions:
            if r == role and mention.kind.kind in kinds:
                return mention
    return None


def kind_of(lex: actor_mod.ActorLexicon, kind: str) -> ActorKind:
    templates = {
        "protesters": (6, "Protesters ({country})"),
        "rioters": (5, "Rioters ({country})"),
        "police": (1, "Police Forces of {country}"),
        "military": (1, "Military Forces of {country}"),
        "government": (1, "Government of {country}"),
        "unidentified": (3, "Unidentified Armed Group ({country})"),
        "civilians": (7, "Civilians ({country})"),
        "communal": (4, "Unidentified Communal Militia ({country})"),
        "crowd": (7, "Civilians ({country})"),
    }
    inter, template = templates[kind]
    return ActorKind(kind, inter, template)


def _mob_actors(
    doc: Any, episode: Episode, pairs: Sequence[tuple[ActorMention, str]], lex: actor_mod.ActorLexicon
) -> list[tuple[str, ActorKind, ActorMention | None]]:
    """Actors of mob violence: rioters as actor1; as actor2 the state force they assaulted, the other side
    of a fight between groups of people (rioters too), or the victims: civilians, whatever group the
    victims belong to ("a Tiv pastoralist", "suspected thieves"), unless they are a named armed group.

    Only the sentence that reports the violence gives actor2: police who intervene afterwards
    ("officers arrived later and detained two men") are not the mob's opponent.
    """
    out: list[tuple[str, ActorKind, ActorMention | None]] = [("actor1", kind_of(lex, "rioters"), None)]
    trigger = episode.trigger
    own = list(zip(trigger.mentions, trigger.roles, strict=True))
    state = pick(own, frozenset({"police", "military", "state"}), ("patient", "party"))
    if state is not None:
        out.append(("actor2", state.kind, state))
        return out
    named = pick(own, frozenset({"named"}), ("patient", "party"))
    if named is not None and named.kind.inter in (2, 3):
        out.append(("actor2", named.kind, named))
        return out
    victims = [m for m, r in own if r == "patient" and m.kind.kind not in STATE_CONTEXT_KINDS]
    mutual = _mutual(doc, trigger)
    symmetric = any(
        c.weight >= 2.0 and c.cls in ("CLASH", "MOB") and doc[c.head].lemma_.lower() in MUTUAL_FIGHT
        for c in trigger.cues
    )
    if mutual or (symmetric and not any(m.kind.kind in actor_mod.ORDINARY_KINDS for m in victims)):
        out.append(("actor2", kind_of(lex, "rioters"), None))  # two groups of people fought each other
    else:
        # a mob turns on someone: with no state force, armed group or second crowd named, on civilians
        # (a thief, a suspected witch, passers-by), as ACLED codes the victims of mob violence
        out.append(("actor2", kind_of(lex, "civilians"), None))
    return out


def _mutual(doc: Any, reading: Reading) -> bool:
    """Whether a sentence says its parties fought "each other" or "one another"."""
    tokens = sentence_tokens(doc, reading)
    return any(t.lower_ in ("each", "one") and t.nbor().lower_ in ("other", "another") for t in tokens)


def sentence_tokens(doc: Any, reading: Reading) -> Any:
    """The tokens of a sentence, but the last (so that ``nbor()`` is always defined)."""
    return doc[reading.start : max(reading.start, reading.end - 1)]


# verbs of answering an attack: their subject did not start the fight ("troops repelled ...", "returned fire")
_RESPONSES = frozenset({"return", "retaliate", "respond", "repel", "repulse", "foil", "thwart", "counter", "defend"})


def _responds(doc: Any, mention: ActorMention) -> bool:
    """``parties.responder_second``: whether a mention is the subject of a verb of answering an attack;
    ACLED's actor1 of a battle is the side that attacked, so a responder goes after the other sides."""
    head = phrase_head(doc, mention)
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in _RESPONSES


_CLAIMED = frozenset({"responsibility", "credit", "attack", "attacks", "killing", "bombing", "ambush", "abduction"})


def _claimant(doc: Any, lex: actor_mod.ActorLexicon) -> ActorMention | None:
    """``parties.claimed_by``: the organised group that claims an act nobody is named for ("The group X
    claimed responsibility", "the attack was claimed by X"): ACLED's actor1 is the claimant when the report
    names no other doer. Only named groups and rebels claim; a state or ordinary people do not."""
    for tok in doc:
        if tok.lemma_.lower() != "claim" or tok.pos_ not in ("VERB", "AUX"):
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not any(o.lower_ in _CLAIMED or o.lemma_.lower() in _CLAIMED for o in objects):
            continue
        doers = [c for c in tok.children if c.dep_ == "nsubj"]
        doers += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        sent = tok.sent
        mentions = actor_mod.find_mentions(doc, sent.start, sent.end, actor_mod.token_keys(doc), lexicon=lex)
        for d in doers:
            for m in mentions:
                if m.start <= d.i < m.end and m.kind.kind in ("named", "rebels") and m.kind.inter in (2, 3):
                    return m
    return None


def _unnamed_doer(sub_event_type: str, *, raiders: bool) -> str:
    """The kind of actor1 when the text names no doer.

    ``parties.air_force_default``: an air or drone strike nobody is named for is the state's (military
    forces of the event's country): aircraft are flown by air forces, almost never by the armed groups
    they fight, and a report that does not say whose planes struck names the state's by omission.
    ``parties.communal_raiders``: a community's people who raid a settlement act as a communal militia.
    Otherwise an unidentified armed group.
    """
    if sub_event_type == "Air/drone strike":
        return "military"
    return "communal" if raiders else "unidentified"


def _flag_of_strike(doc: Any, trigger: Reading, lex: actor_mod.ActorLexicon) -> Country | None:
    """``parties.strike_flag``: the country a nationality adjective gives an air strike ("Israeli air
    strikes", "a Turkish drone strike"): its military flew it (ACLED's external forces, inter 8, when that
    is not the event's country)."""
    for cue in trigger.cues:
        if cue.cls != "AIR":
            continue
        for child in doc[cue.head].children:
            if child.dep_ not in ("amod", "compound", "nmod") or not child.text[:1].isupper():
                continue
            keys = [(t.lemma_.lower(), t.lower_) for t in doc]
            found = lex.countries.find(doc, child.i, child.i + 1, keys)
            if found:
                return found[0].payload
    return None


def code_actors(
    doc: Any,
    episode: Episode,
    sub: SubEvent,
    country: Country | None,
    article: Article,
    *,
    lex: actor_mod.ActorLexicon,
) -> tuple[Actor, ...]:
    """The ACLED actors of an episode: actor1, actor2 and associated actors, by the event's type."""
    trigger = episode.trigger
    pairs = list(zip(trigger.mentions, trigger.roles, strict=True))
    for reading in episode.readings[1:]:
        pairs.extend(zip(reading.mentions, reading.roles, strict=True))
    if sub.event_type in ("Protests", "Riots", "Strategic developments"):
        # a force that came afterwards (``role.after_the_fact``) still faced the crowd, and its recovering or
        # releasing is itself a strategic development; in violence it is no party
        pairs = [(m, "other" if r == "witness" else r) for m, r in pairs]
    armed = actor_mod.ARMED_KINDS | {"government"}
    out: list[tuple[str, ActorKind, ActorMention | None]] = []

    def evidence_of(m: ActorMention | None) -> Evidence | None:
        if m is None:
            return None
        span = doc[m.start : m.end]
        return Evidence(article.id, span.start_char, span.end_char, span.text, actor_mod.STAGE)

    et, st = sub.event_type, sub.sub_event_type
    if et == "Protests":
        protesters: tuple[str, ActorKind, ActorMention | None] = ("actor1", kind_of(lex, "protesters"), None)
        if st == "Peaceful protest":
            out.append(protesters)
        else:
            m = pick(pairs, frozenset({"police", "military"}), ("agent", "party", "other", "patient"))
            force = (m.kind if m else kind_of(lex, "police"), m)
            if st in STATE_FIRST:
                # ``parties.state_first``: the state's force did the violence; the protesters suffered it
                out.extend([("actor1", *force), ("actor2", protesters[1], None)])
            else:
                out.extend([protesters, ("actor2", *force)])
    elif st == "Mob violence":
        out.extend(_mob_actors(doc, episode, pairs, lex))
    elif et == "Riots":
        out.append(("actor1", kind_of(lex, "rioters"), None))
        m = pick(pairs, frozenset({"police", "military"}), ("patient", "party", "agent", "other"))
        if m is None:
            m = pick(pairs, frozenset(armed - {"police", "military"}), ("patient", "party", "other"))
        if m is not None:
            out.append(("actor2", m.kind, m))
        elif st == "Mob violence" and pick(pairs, frozenset({"civilians", "crowd"}), ("patient", "party", "other")):
            out.append(("actor2", kind_of(lex, "civilians"), None))
    else:
        # a people or community named as the victim ("raided a Pokot camp", "beat Turkana herders") is
        # never the perpetrator: identity groups and militias are actor1 only as agents or sides
        doers = [(m, r) for m, r in pairs if not (r == "patient" and is_identity(m))]
        # the victim of violence is never its perpetrator: "two soldiers were killed in an ambush" has an
        # unidentified actor1 and the soldiers as actor2 (only a strategic development falls back on a patient)
        roles = ("agent", "party", "other", "patient") if et == "Strategic developments" else _DOER_ROLES
        if et == "Battles":
            doers.sort(key=lambda mr: _responds(doc, mr[0]))  # the side that attacked first is actor1
        agent = pick(doers, frozenset(armed), roles)
        symmetric = any(
            c.cls in ("CLASH", "SMALLARMS") and doc[c.head].lemma_.lower() in SYMMETRIC and c.weight >= 2.0
            for c in trigger.cues
        )
        if et == "Battles" and symmetric:
            # "X clashed with Y", "X and Y exchanged fire": in a two-sided fight the side named first
            # (the subject) is actor1, as ACLED notes write it
            sides = [m for m, r in pairs if m.kind.kind in armed and r in ("agent", "party")]
            agent = sides[0] if sides else agent
        if et != "Strategic developments" and (agent is None or agent.kind.kind == "unidentified"):
            agent = _claimant(doc, lex) or agent
        communal = et == "Battles" and any(r.communal for r in episode.readings)
        if agent is None and communal:
            # "inter-clan violence erupted", "communal clashes": identity militias on both sides (inter 4)
            out.append(("actor1", kind_of(lex, "communal"), None))
            out.append(("actor2", kind_of(lex, "communal"), None))
        elif agent is None and et in ("Violence against civilians", "Explosions/Remote violence", "Battles"):
            # a community's people who raid a settlement act as a communal militia (inter 4)
            raiders = trigger.scores.get("RAID", 0.0) >= 2.5 and any(
                r in ("agent", "party")
                and m.kind.kind in actor_mod.ORDINARY_KINDS
                and doc[m.head].lemma_.lower() not in _INDIVIDUALS
                for m, r in zip(trigger.mentions, trigger.roles, strict=True)
            )
            doer = kind_of(lex, _unnamed_doer(st, raiders=raiders))
            flag = _flag_of_strike(doc, trigger, lex) if doer.kind == "military" else None
            if flag is not None:
                doer = dataclasses.replace(doer, country_iso3=flag.iso3)
            out.append(("actor1", doer, None))
        elif agent is not None:
            out.append(("actor1", agent.kind, agent))
        if et == "Violence against civilians" or (
            et == "Explosions/Remote violence" and pick(pairs, frozenset({"civilians", "crowd"}), ("patient", "other"))
        ):
            out.append(("actor2", kind_of(lex, "civilians"), None))
        elif et in ("Battles", "Explosions/Remote violence", "Strategic developments") and not (
            agent is None and communal
        ):
            rest = [
                (m, r)
                for m, r in pairs
                if m is not agent
                and (
                    agent is None
                    or m.kind.template != agent.kind.template
                    or (m.country and agent.country and m.country.iso3 != agent.country.iso3)
                )
            ]
            other = pick(rest, frozenset(armed), ("patient", "party", "other", "agent"))
            sides = [m for m, r in pairs if m is not agent and m.kind.kind == "communal" and r in ("agent", "party")]
            if other is None and agent is not None and agent.kind.kind == "communal" and sides:
                other = sides[0]  # two communities' militias, both unnamed: "herders and farmers fought"
            if other is not None:
                out.append(("actor2", other.kind, other))
            elif agent is not None and agent.kind.kind == "communal" and _mutual(doc, trigger):
                out.append(("actor2", agent.kind, None))  # "... fought each other": the same kind on both sides
            elif st == "Looting/property destruction" or (
                st == "Arrests" and pick(pairs, frozenset({"civilians", "crowd"}), ("patient", "other"))
            ):
                # property destroyed or looted with no armed owner named belongs to civilians (ACLED's
                # default victim of looting and property destruction); the arrested are civilians when named
                out.append(("actor2", kind_of(lex, "civilians"), None))
    result: list[Actor] = []
    for role, kind, m in out:
        own = m.country if m is not None else None
        if m is None and kind.country_iso3 and kind.kind != "named":
            own = actor_mod.country_by_iso3(kind.country_iso3, lexicon=lex)  # ``parties.strike_flag``
        result.append(
            actor_mod.make_actor(
                kind,
                role=role,
                own_country=own,
                event_country=country,
                lexicon=lex,
                mention=m.text if m is not None else None,
                evidence=evidence_of(m),
            )
        )
    # A person acting for a state (the subject of a strategic development): "the president dismissed ...".
    if et == "Strategic developments":
        sent = doc[trigger.start : trigger.end]
        persons = [e for e in sent.ents if e.label_ == "PERSON" and e.root.dep_ in ("nsubj", "compound", "appos")]
        if persons:
            p = persons[0]
            ev = Evidence(article.id, p.start_char, p.end_char, p.text, actor_mod.STAGE)
            if not result:
                result.append(
                    actor_mod.make_actor(
                        kind_of(lex, "government"),
                        role="actor1",
                        own_country=None,
                        event_country=country,
                        lexicon=lex,
                        evidence=ev,
                    )
                )
            result.append(actor_mod.person_actor(p.text, role="assoc_actor_1", country=country, evidence=ev))
    return tuple(result)
