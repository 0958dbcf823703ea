"""Episodes: consecutive sentences that report one event, and which event owns each figure.

Reads the :class:`~.reading.Reading` of every sentence; writes :class:`Episode` records (step 4 of
:mod:`flashpoint.extract.events`), each with the codebook :class:`~.codebook.Verdict` that typed it.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Sequence
from types import MappingProxyType

from flashpoint.extract import actors as actor_mod
from flashpoint.extract.events.codebook import (
    Verdict,
    build_context,
    candidates,
    decide,
    decide_crowd,
    decide_in_family,
    family,
)
from flashpoint.extract.events.lexicon import CROWD_KINDS, PROTEST_FAMILY, STATE_CONTEXT_KINDS, EventLexicon
from flashpoint.extract.events.options import CodebookOptions, EventOptions
from flashpoint.extract.events.reading import Reading
from flashpoint.records import Figure


@dataclasses.dataclass(slots=True)
class Episode:
    """Sentences that report one event, their weights, the verdict that typed it and its trigger sentence."""

    readings: list[Reading]
    weights: list[float]
    verdict: Verdict
    trigger: Reading

    @property
    def sub(self) -> str:
        """The ACLED sub-event type."""
        return self.verdict.sub

    @property
    def score(self) -> float:
        """The verdict's score."""
        return self.verdict.score

    @property
    def rule(self) -> str:
        """The name of the codebook rule that decided the type."""
        return self.verdict.rule


def find_episodes(
    readings: Sequence[Reading], options: EventOptions, lex: EventLexicon, *, crowd: bool, short: bool
) -> list[Episode]:
    """Group sentences into events (see the module docstring).

    ``crowd``: the text is a note about one crowd event (it gives a crowd size), coded as one episode.
    ``short``: a short note reports an event by definition; if no sentence reaches ``min_score``, the
    best candidate of the whole note at ``fallback_score`` or more is its event.
    """
    if not readings:
        return []
    book = options.codebook
    if crowd:
        weights = [1.0] + [options.detail_weight] * (len(readings) - 1)
        verdict = decide_crowd(build_context(readings, weights), lex, book)
        return [Episode(list(readings), weights, verdict, _trigger(readings, verdict.sub, lex, book))]
    episodes = _merge_armed_responses(_sentence_episodes(readings, options, lex), options)
    episodes = _merge_casualty_reports(episodes, lex, book)
    if not episodes and short:
        # weak cues count for more when nothing stronger is said ("stopped and looted a boat")
        weights = [options.fallback_boost] * len(readings)
        best = decide(build_context(readings, weights), book)
        if best is not None and best.score >= options.fallback_score:
            episodes = [Episode(list(readings), weights, best, _trigger(readings, best.sub, lex, book))]
    return episodes


# non-state armed groups whose attack state forces may meet with armed resistance
_ATTACKERS = actor_mod.ARMED_KINDS - STATE_CONTEXT_KINDS
_VICTIMS = frozenset({"civilians", "crowd", "protesters"})


def _armed_response(attack: Episode, battle: Episode, options: EventOptions) -> bool:
    """Whether ``battle`` is state forces meeting ``attack`` with armed resistance (``episode.armed_response``).

    ACLED codes an armed group's attack that the police or soldiers repel, or that turns into an exchange of
    fire with them, as one battle ("gunmen attacked the district office; guards repelled them with gunfire",
    "militants raided the town and exchanged fire with troops"): the attack on a place had an armed side
    facing it. Only when the fight follows within ``options.response_gap`` sentences, the attack's doers are
    a non-state armed group, state forces act in the fight, and the attack names no people as its victims:
    gunmen who shot villagers and then fought soldiers committed an attack and a battle, two events.
    """
    if attack.sub != "Attack" or battle.sub != "Armed clash":
        return False
    if not 0 < battle.readings[0].index - attack.readings[-1].index <= options.response_gap:
        return False
    hit = build_context(attack.readings, attack.weights)
    fight = build_context([battle.trigger], [1.0])
    return (
        bool(hit.doer_kinds & _ATTACKERS)
        and not hit.doer_kinds & STATE_CONTEXT_KINDS
        and not hit.patient_kinds & _VICTIMS
        and bool((fight.subject_kinds | fight.party_kinds | fight.doer_kinds) & STATE_CONTEXT_KINDS)
    )


def _merge_armed_responses(episodes: list[Episode], options: EventOptions) -> list[Episode]:
    """Fold a battle that is the state's armed response to the attack just before it into that attack, and
    code the whole as an armed clash (see :func:`_armed_response`)."""
    kept: list[Episode] = []
    for episode in episodes:
        previous = kept[-1] if kept else None
        if previous is not None and _armed_response(previous, episode, options):
            previous.readings.extend(episode.readings)
            previous.weights.extend(episode.weights)
            previous.verdict = Verdict("Armed clash", max(previous.score, episode.score), "episode.armed_response")
            continue
        kept.append(episode)
    return kept


_FOLDED_TYPES = frozenset({"Violence against civilians", "Battles", "Riots"})
_CROWD_VIOLENCE = ("RIOT", "CLASH", "LOOT", "ATTACK", "MOB")


def _fold_reason(episode: Episode, target: Episode, lex: EventLexicon) -> str | None:
    """Why an episode belongs to the demonstration or riot ``target`` (a rule name), or None.

    - ``fold.casualties``: violence whose opening sentence names no armed or crowd actor as the one acting
      ("eight guards were reported killed") is the crowd event's toll, not a separate attack;
    - ``fold.arrests``: arrests of people who are not armed are the intervention in the demonstration;
    - ``fold.crowd_violence``: violence soon after the demonstration in which no armed group acts and state
      forces are at most the other side ("they threw stones and clashed with soldiers", "a police post was
      torched"): the crowd turned violent;
    - ``fold.state_response``: state forces using force on people soon after the demonstration ("police
      fired live rounds, killing a man"): the intervention.
    """
    ctx = build_context([episode.trigger], [1.0])  # the sentence that opened it: later ones are detail
    event_type = lex.subs[episode.sub].event_type
    acting = ctx.subject_kinds | ctx.party_kinds
    if event_type in ("Violence against civilians", "Battles") and not acting & (actor_mod.ARMED_KINDS | CROWD_KINDS):
        return "fold.casualties"
    if episode.sub == "Arrests" and not (ctx.patient_kinds & actor_mod.ARMED_KINDS):
        return "fold.arrests"
    gap = episode.readings[0].index - target.readings[-1].index
    if not 0 < gap <= _FOLD_GAP:
        return None
    organised = actor_mod.ARMED_KINDS - STATE_CONTEXT_KINDS
    if (ctx.agent_kinds | ctx.doer_kinds) & organised:
        return None
    violent = event_type in _FOLDED_TYPES or episode.sub == "Looting/property destruction"
    if violent and not ctx.subject_kinds & STATE_CONTEXT_KINDS:
        return "fold.crowd_violence"
    if violent and ctx.subject_kinds <= STATE_CONTEXT_KINDS and not ctx.patient_kinds & organised:
        return "fold.state_response"
    return None


_FOLD_GAP = 2  # sentences: violence this close after a demonstration is part of it


def _as_rioting(reading: Reading) -> Reading:
    """A sentence of crowd violence read as rioting: its strongest violence score becomes its riot score."""
    riot = max(reading.scores.get(c, 0.0) for c in _CROWD_VIOLENCE)
    return dataclasses.replace(reading, scores=MappingProxyType({**reading.scores, "RIOT": riot}))


def _merge_casualty_reports(episodes: list[Episode], lex: EventLexicon, book: CodebookOptions) -> list[Episode]:
    """Fold casualty reports, arrests, crowd violence and the state's response into the demonstration or
    riot the text reports (see :func:`_fold_reason`), and re-decide its type within the family: a peaceful
    protest followed by arrests had an intervention, one followed by stone-throwing was violent."""
    crowd_events = [e for e in episodes if lex.subs[e.sub].event_type in PROTEST_FAMILY]
    if not crowd_events:
        return episodes
    kept: list[Episode] = []
    for episode in episodes:
        if episode in crowd_events:
            kept.append(episode)
            continue
        first = episode.readings[0].index
        target = min(crowd_events, key=lambda e: (abs(e.readings[0].index - first), e.readings[0].index))
        reason = _fold_reason(episode, target, lex)
        if reason is None:
            kept.append(episode)
            continue
        added = [_as_rioting(r) for r in episode.readings] if reason == "fold.crowd_violence" else episode.readings
        pairs = sorted(
            zip([*target.readings, *added], [*target.weights, *episode.weights], strict=True),
            key=lambda rw: rw[0].index,
        )
        target.readings = [r for r, _w in pairs]
        target.weights = [w for _r, w in pairs]
        trial = decide_in_family(build_context(target.readings, target.weights), family(target.sub, lex), lex, book)
        if trial is not None and trial.sub != target.sub and lex.subs[trial.sub].event_type in PROTEST_FAMILY:
            target.verdict = trial
    return kept


def _trigger(readings: Sequence[Reading], sub: str, lex: EventLexicon, book: CodebookOptions) -> Reading:
    """The sentence that best supports ``sub`` on its own (the first one on a tie)."""
    best, best_score = readings[0], (-1.0, -1.0)

    def support(reading: Reading) -> float:
        cands = {v.sub: v.score for v in candidates(build_context([reading], [1.0]), book)}
        return cands.get(sub, 0.0) + 0.01 * max(
            (v for k, v in cands.items() if lex.subs[k].event_type == lex.subs[sub].event_type), default=0.0
        )

    for reading in readings:
        # a sentence that states the event outranks one that only presupposes it ("after the riots in ...")
        own = support(reading)
        stated = own if reading.plain is None else support(dataclasses.replace(reading, scores=reading.plain))
        if (stated, own) > best_score:
            best, best_score = reading, (stated, own)
    return best


def _sentence_episodes(readings: Sequence[Reading], options: EventOptions, lex: EventLexicon) -> list[Episode]:
    """Sentence by sentence: a strong sentence of another family opens an episode, others add detail."""
    book = options.codebook
    episodes: list[Episode] = []
    current: Episode | None = None
    for reading in readings:
        own = decide(build_context([reading], [1.0]), book)
        if (
            own is not None
            and own.score >= options.min_score
            and (
                current is None
                or (own.score >= options.new_event_score and family(own.sub, lex) != family(current.sub, lex))
            )
        ):
            current = Episode([reading], [1.0], own, reading)
            episodes.append(current)
            continue
        if current is not None and reading.index - current.readings[-1].index <= 2:
            # supporting detail: re-decide with the added sentence, staying in the same event family
            weight = options.detail_weight
            trial = decide(build_context([*current.readings, reading], [*current.weights, weight]), book)
            current.readings.append(reading)
            current.weights.append(weight)
            if (
                trial is not None
                and family(trial.sub, lex) == family(current.sub, lex)
                and trial.score >= current.score
            ):
                current.verdict = trial
            elif trial is not None and current.sub == "Mob violence" and reading.firearm and trial.sub != current.sub:
                # "two men beat a trader. Shots were then fired.": people with guns are no mob
                current.verdict = trial
    return episodes


def figure_owner(readings: Sequence[Reading], episodes: Sequence[Episode], short: bool) -> Callable[[Figure], int]:
    """Which event (index into ``episodes``) each figure belongs to.

    A sentence belongs to the episode that holds it; a sentence no episode holds (a death toll given two
    sentences later, "the bodies were found the next day") belongs to the episode before it, or to the
    primary event when it comes first. A short note or a one-episode text reports one incident, so every
    figure goes to the primary event (background deaths are already set aside by the figure reader).
    """
    starts = [r.start_char for r in readings]
    holder: dict[int, int] = {}
    for n, episode in enumerate(episodes):
        for reading in episode.readings:
            holder.setdefault(reading.index, n)
    owners: list[int] = []
    last = 0
    for reading in readings:
        last = holder.get(reading.index, last)
        owners.append(last)

    def owner(figure: Figure) -> int:
        if short or len(episodes) <= 1 or not readings:
            return 0
        return owners[max(0, bisect.bisect_right(starts, figure.evidence.start) - 1)]

    return owner
