"""Background incidents (issue 11): the earlier attack a follow-up story is about.

A story about an arrest, a funeral, an investigation, a trial, a resignation or a protest over a killing
names that killing only as the reason or object of what it reports ("judges walked out to protest the
murder of a colleague", "police are investigating the bombing of the office"). The sentence reader damps
such cues (they are not the sentence's own event), so the killing itself would never be coded. ACLED and
MUC code it: it happened, on its own date.

Reads the parsed document, the sentences' readings and the episodes already found; writes extra
:class:`~.episodes.Episode` records, one per referenced violent incident, when the article has no violent
episode of its own. Each sentence is re-read with the *reason* and *relative clause* damping lifted (the
cue is the event referred to) while negation, plans, threats, modals and hypotheticals keep their
damping, so "threatened to bomb the station" never becomes a bombing. The rule that types each episode is
named ``background.<codebook rule>``, so the evidence shows how it was found.

Threats (:func:`threat_episodes`): "the group threatened to bomb the terminal" names violence that has not
happened. The sentence reader damps the cue under the threat (a plan), so no attack is coded; the threat
itself is kept as PLOVER's THREATEN, an event whose claim is ``future`` and whose ACLED coding is a
strategic development (``Other``): it is no violence, and the ACLED-facing outputs can leave it out by its
certainty. Rule ``threat.future_violence``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from flashpoint.extract.actors import ActorLexicon
from flashpoint.extract.events.codebook import Verdict, build_context, candidates
from flashpoint.extract.events.episodes import Episode
from flashpoint.extract.events.lexicon import VIOLENT, EventLexicon
from flashpoint.extract.events.options import EventOptions
from flashpoint.extract.events.reading import Cue, Reading, read_sentence
from flashpoint.records import Figure, FigureKind

#: ACLED event types of the incidents a follow-up story can refer to.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
#: Protest sub-events that are already lethal violence of the article's own: a story about police firing on
#: protesters reports that violence, so its casualty figures (officers injured too) are no other incident.
OWN_VIOLENCE_SUBS = frozenset({"Excessive force against protesters"})


def is_violent(episode: Episode, lex: EventLexicon) -> bool:
    """Whether an episode codes political violence (the event types of :data:`VIOLENT_TYPES`)."""
    return lex.subs[episode.sub].event_type in VIOLENT_TYPES


def background_episodes(
    doc: Any,
    readings: Sequence[Reading],
    episodes: Sequence[Episode],
    keys: Sequence[tuple[str, str]],
    lex: EventLexicon,
    *,
    options: EventOptions,
    factors: Mapping[str, float],
    actors: ActorLexicon,
) -> list[Episode]:
    """The violent incidents an article refers to without reporting them, when it reports none itself.

    Every sentence whose best violent reading (re-read) reaches ``min_score`` proposes one episode, even
    when the sentence's own event is another (a protest, an arrest); the
    strongest ``max_background`` (:class:`~.options.EventOptions`) are kept, in reading order.
    """
    if any(is_violent(e, lex) or lex.subs[e.sub].sub_event_type in OWN_VIOLENCE_SUBS for e in episodes):
        return []
    lifted = dataclasses.replace(options.cues, reason=1.0, relative_clause=1.0)
    found: list[Episode] = []
    for reading, sent in zip(readings, doc.sents, strict=True):
        again = read_sentence(doc, sent, reading.index, keys, lex, actors=actors, factors=factors, cue_factors=lifted)
        violent = [
            v
            for v in candidates(build_context([again], [1.0]), options.codebook)
            if lex.subs[v.sub].event_type in VIOLENT_TYPES
        ]
        verdict = max(violent, key=lambda v: v.score, default=None)  # the first proposed wins a tie
        if verdict is None or verdict.score < options.min_score or _deaths_of_a_crowd_event(doc, again):
            continue
        if all(_under_threat(doc[c.head]) for c in again.cues if c.cls in VIOLENT):
            continue  # "a threat to kill the chiefs": announced, not done (a threat, :func:`threat_episodes`)
        named = Verdict(verdict.sub, verdict.score, f"background.{verdict.rule}")
        own = _violence_only(again)
        found.append(Episode([own], [1.0], named, own))
    best = sorted(found, key=lambda e: -e.score)[: options.max_background]
    return sorted(best, key=lambda e: e.trigger.index)


#: verbs and nouns of a threat: the actor announces violence of its own ("threatened to bomb", "vowed to
#: attack", "a threat to kill"); a warning of others' violence ("police warned of attacks") is no threat by
#: the speaker and is left out
THREAT_HEADS = frozenset({"threaten", "threat", "vow", "ultimatum"})
#: the rule name written into a threat event's evidence (``events@VERSION:threat.future_violence``)
THREAT_RULE = "threat.future_violence"


def threat_episodes(
    doc: Any,
    readings: Sequence[Reading],
    episodes: Sequence[Episode],
    keys: Sequence[tuple[str, str]],
    lex: EventLexicon,
    *,
    options: EventOptions,
    factors: Mapping[str, float],
    actors: ActorLexicon,
) -> list[Episode]:
    """One THREATEN episode per sentence that threatens violence it does not report (rule
    ``threat.future_violence``; module docs).

    A sentence qualifies when its violent reading is below ``min_score`` as read, reaches it once plans,
    modals and reasons ("a threat to kill": the threat's content) are no longer damped, and one of its
    violence cues sits under a word of :data:`THREAT_HEADS`. Sentences already in an episode are left
    alone; at most ``max_background`` threats are kept, in reading order.
    """
    taken = {r.index for e in episodes for r in e.readings}
    lifted = dataclasses.replace(options.cues, plan=1.0, modal=1.0, reason=1.0)
    found: list[Episode] = []
    for reading, sent in zip(readings, doc.sents, strict=True):
        if reading.index in taken or _violent_score(reading, lex, options) >= options.min_score:
            continue
        again = read_sentence(doc, sent, reading.index, keys, lex, actors=actors, factors=factors, cue_factors=lifted)
        score = _violent_score(again, lex, options)
        threatened = [c for c in again.cues if c.cls in VIOLENT and _under_threat(doc[c.head])]
        if score < options.min_score or not threatened:
            continue
        own = dataclasses.replace(again, cues=tuple(threatened), scores=MappingProxyType(_class_scores(threatened)))
        found.append(Episode([own], [1.0], Verdict("Other", score, THREAT_RULE), own))
    return found[: options.max_background]


def is_threat(episode: Episode) -> bool:
    """Whether an episode is a threat of violence (rule ``threat.future_violence``), not violence."""
    return episode.rule == THREAT_RULE


def _violent_score(reading: Reading, lex: EventLexicon, options: EventOptions) -> float:
    """The best score a codebook rule gives the reading as one of the violent event types (0 if none)."""
    verdicts = candidates(build_context([reading], [1.0]), options.codebook)
    return max((v.score for v in verdicts if lex.subs[v.sub].event_type in VIOLENT_TYPES), default=0.0)


def _under_threat(token: Any) -> bool:
    """Whether a word of :data:`THREAT_HEADS` governs ``token`` within three steps ("threatened to bomb",
    "a threat to kill the hostages")."""
    node = token
    for _step in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in THREAT_HEADS:
            return True
    return False


def is_follow_up(episode: Episode, lex: EventLexicon) -> bool:
    """Whether an episode codes what may follow an incident (an arrest, a protest, a threat), so that the
    incidents its sentence names do not date it: neither violence nor force against protesters."""
    sub = lex.subs[episode.sub]
    return sub.event_type not in VIOLENT_TYPES and sub.sub_event_type not in OWN_VIOLENCE_SUBS


def incident_spans(doc: Any, reading: Reading) -> list[tuple[int, int]]:
    """Character spans of the violent incidents a sentence names as noun phrases: what dates a follow-up
    development is not in them (used by :mod:`.core` to date a non-violent event).

    "Police have arrested two men over the March 3 bombing of a bank, prosecutors said": "March 3" dates
    the bombing, not the arrest, which is dated by its own clause or, failing that, the report. A noun
    phrase that holds one of the sentence's other cues is no incident of its own ("the arrest of two men
    over the bombing" is the development's own phrase).
    """
    others = {c.head for c in reading.cues if c.cls not in VIOLENT}
    spans: list[tuple[int, int]] = []
    for cue in reading.cues:
        token = doc[cue.head]
        if cue.cls not in VIOLENT or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if any(token.left_edge.i <= i <= token.right_edge.i for i in others):
            continue
        spans.append((token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)))
    return spans


def without_spans(text: str, offset: int, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` (starting at character ``offset``) with the characters of ``spans`` blanked, same length."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start - offset, 0), min(end - offset, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


#: Cue classes of crowd events: deaths told in a clause about one are that crowd event's casualties.
CROWD_CLASSES = frozenset({"PROTEST", "RIOT", "RIOT_NAMED", "RIOT_WORD", "GATHER"})


def _deaths_of_a_crowd_event(doc: Any, reading: Reading) -> bool:
    """Whether every violence cue of the sentence sits in a relative clause about a protest or riot.

    "... after a week of protests in which several people were killed": the incident referred to is the
    protests, with their casualties, and not an attack by whoever the sentence is about (the president who
    then dismissed a minister). A background incident is never proposed from such a sentence.
    """
    crowd_heads = {c.head for c in reading.cues if c.cls in CROWD_CLASSES}
    violent = [c for c in reading.cues if c.cls in VIOLENT]
    if not crowd_heads or not violent:
        return False

    def about_crowd(index: int) -> bool:
        token = doc[index]
        while token.head.i != token.i:
            if token.dep_ == "relcl":
                return token.head.i in crowd_heads
            token = token.head
        return False

    return all(about_crowd(c.head) for c in violent)


def _violence_only(reading: Reading) -> Reading:
    """The reading with only its violence cues: they place and date the incident, not the protest or the
    arrest the sentence is about."""
    cues = tuple(c for c in reading.cues if c.cls in VIOLENT)
    return dataclasses.replace(reading, cues=cues, scores=MappingProxyType(_class_scores(cues)))


def _class_scores(cues: Sequence[Cue]) -> dict[str, float]:
    """Class scores as the sentence reader sums them: the strongest cue of a class plus half the others."""
    by_class: dict[str, list[float]] = {}
    for cue in cues:
        by_class.setdefault(cue.cls, []).append(cue.weight)
    return {cls: max(ws) + 0.5 * (sum(ws) - max(ws)) for cls, ws in by_class.items()}


def deaths_to_background(
    owner: Callable[[Figure], int], episodes: Sequence[Episode], lex: EventLexicon
) -> Callable[[Figure], int]:
    """Give the deaths named in a background incident's sentence to that incident's event, not to the
    protest or the arrest the same sentence reports."""
    spans = [
        (n, e.trigger.start_char, e.trigger.end_char)
        for n, e in enumerate(episodes)
        if e.rule.startswith("background.") and is_violent(e, lex)
    ]

    def new_owner(figure: Figure) -> int:
        if figure.kind is FigureKind.KILLED:
            for n, start, end in spans:
                if start <= figure.evidence.start < end:
                    return n
        return owner(figure)

    return new_owner
