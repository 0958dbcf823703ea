"""The event coder's driver: sentences -> episodes -> placed, dated, attributed Event records.

Reads a parsed ``Doc``, the article, its :class:`~flashpoint.records.Geography` and casualty figures; writes
:class:`~flashpoint.records.Event` records (steps 5 and 6 of :mod:`flashpoint.extract.events`). This module
alone knows the order of the steps.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from typing import Any

from flashpoint.extract import actors as actor_mod
from flashpoint.extract import attribution, clauses, dates
from flashpoint.extract import figures as figures_mod
from flashpoint.extract.actors import Country
from flashpoint.extract.events.background import (
    background_episodes,
    deaths_to_background,
    incident_spans,
    is_follow_up,
    is_threat,
    threat_episodes,
    without_spans,
)
from flashpoint.extract.events.codebook import family
from flashpoint.extract.events.episodes import Episode, figure_owner, find_episodes
from flashpoint.extract.events.lexicon import VIOLENT, EventLexicon, domain_factors, load_lexicon
from flashpoint.extract.events.options import STAGE, EventOptions
from flashpoint.extract.events.parties import code_actors
from flashpoint.extract.events.reading import Cue, Reading, read_sentence
from flashpoint.records import (
    Article,
    Certainty,
    Claim,
    DateSpan,
    Event,
    Evidence,
    Figure,
    FigureKind,
    Geography,
    Place,
)

log = logging.getLogger(__name__)
_DEFAULT_OPTIONS = EventOptions()

# ACLED notes end a demonstration event with the crowd size: "[size=no report]", "[size=around 100]"
# events that are themselves the violent incident a figure may give as background (issue 11)
_VIOLENT_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
_CROWD_SIZE = re.compile(r"\[size\s*=", re.IGNORECASE)


def _place_for(geography: Geography, start_char: int, end_char: int, anchor: int) -> Place | None:
    """The event mention nearest the trigger in its sentence, else the first event mention, else the country.

    Within the sentence a town or a place near one outranks a region or country ("protesters in Tarna region
    marched to the governor's office in Tarna town"): a coder places the event at the most precise place
    the sentence gives it.
    """
    event_mentions = [m for m in geography.mentions if m.role == "event"]
    inside = [m for m in event_mentions if start_char <= m.start < end_char]
    if inside:
        return min(inside, key=lambda m: (m.place.geo_precision >= 3, abs(m.start - anchor))).place
    if event_mentions:
        return event_mentions[0].place
    return geography.country


def _fatalities(figs: Sequence[Figure], *, violent: bool = False) -> tuple[int, int | None, int | None]:
    fn = getattr(figures_mod, "incident_fatalities", None)
    if fn is not None:
        value, low, high = fn(tuple(figs), violent=violent)
        return int(value), low, high
    # placeholder until figures.event_fatalities lands: the ACLED values of killed figures, summed
    killed = [f for f in figs if f.kind == FigureKind.KILLED and f.acled_value is not None]
    total = sum(int(f.acled_value or 0) for f in killed)
    return total, total if killed else None, None


def _anchors(reading: Reading) -> list[Cue]:
    """The trigger words of an event in its sentence: the cues of at least half the strongest cue's
    weight, strongest first (token order on a tie)."""
    positive = [c for c in reading.cues if c.weight > 0]
    if not positive:
        return []
    top = max(c.weight for c in positive)
    return sorted((c for c in positive if c.weight >= 0.5 * top), key=lambda c: (-c.weight, c.head))


_NOT_HAPPENED = frozenset({Certainty.FUTURE, Certainty.HYPOTHETICAL})
#: cue classes of violence done to people: when the strongest is read as future, another of them may not be
_HARM = VIOLENT | {"LETHAL_FORCE"}


def _claim(doc: Any, reading: Reading, article: Article) -> tuple[Claim, list[int]]:
    """The claim of an event triggered in ``reading`` and its trigger words (token indexes) in the order
    that dates it.

    Certainty is read for the strongest trigger word. When that word is only planned or hypothetical
    ("... before extending the strike") and a word of the same cue class names an event the sentence
    takes as given ("a day after hundreds of teachers rallied ..."), the sentence reports that past event:
    its word leads, for the claim and the date.
    """
    cues = _anchors(reading)
    start, end = reading.start_char, reading.end_char
    if not cues:
        return attribution.attribute(doc, start, end, article=article), []
    claim = attribution.attribute(doc, start, end, article=article, anchor=cues[0].head)
    if claim.certainty in _NOT_HAPPENED:
        given = next((c for c in cues[1:] if c.cls == cues[0].cls and clauses.reference(doc[c.head]) is not None), None)
        if given is not None:
            claim = attribution.attribute(doc, start, end, article=article, anchor=given.head)
            cues = [given, *(c for c in cues if c is not given)]
        elif cues[0].cls in _HARM:
            # "vowed to strike back, a day after guerrillas killed three soldiers in an ambush": the word of
            # harm that the text takes as done (killed) carries the claim, not one read under the vow
            for other in cues[1:]:
                if other.cls not in _HARM:
                    continue
                done = attribution.attribute(doc, start, end, article=article, anchor=other.head)
                if done.certainty not in _NOT_HAPPENED:
                    claim, cues = done, [other, *(c for c in cues if c is not other)]
                    break
    return claim, list(dict.fromkeys(c.head for c in cues))


def _dating_anchors(doc: Any, heads: Sequence[int]) -> list[int]:
    """The trigger words whose own clause may date the event, in order.

    A presupposed mention ("Tuesday's attack", "a day after teachers rallied") or a clause reported by a
    speaker ("denied that its fighters had killed civilians ... on Wednesday") carries the event's own
    date. A trigger word of the main clause stops the search: the sentence's date phrase is the event's
    ("On 3 May, residents protested ..., demanding justice for a man killed in April"); words in other
    background clauses (a relative clause about a person) are skipped.
    """
    speech = attribution.lexicon().speech  # the attribution stage's own lexicon (loaded once per process)
    out: list[int] = []
    for index in heads:
        tok = doc[index]
        verb = clauses.clause_verb(tok)
        if clauses.reference(tok) is not None or (
            verb is not None and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech
        ):
            out.append(index)
        elif verb is None or verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            break
    return out


def _country_of(
    place: Place | None, geography: Geography, article: Article, actor_lex: actor_mod.ActorLexicon
) -> Country | None:
    if place is not None and place.country_iso3:
        return actor_mod.country_by_iso3(place.country_iso3, place.country, lexicon=actor_lex)
    if geography.country is not None and geography.country.country_iso3:
        return actor_mod.country_by_iso3(geography.country.country_iso3, geography.country.country, lexicon=actor_lex)
    return actor_mod.country_by_iso3(article.country_hint, lexicon=actor_lex)


@dataclasses.dataclass(slots=True)
class _Located:
    """An episode with the place, claim and date read around the sentence that opened it."""

    episode: Episode
    place: Place | None
    claim: Claim
    date: DateSpan


def _locate(doc: Any, episode: Episode, geography: Geography, article: Article, lex: EventLexicon) -> _Located:
    trig = episode.trigger
    anchor_cues = [c for c in trig.cues if c.weight > 0]
    anchor_tok = max(anchor_cues, key=lambda c: c.weight).head if anchor_cues else trig.start
    place = _place_for(geography, trig.start_char, trig.end_char, doc[anchor_tok].idx)
    sent_text = article.text[trig.start_char : trig.end_char]
    # the event's own clause dates it ("Tuesday's attack", "a day after teachers rallied"); else the sentence
    claim, anchors = _claim(doc, trig, article)
    own = dates.event_date(doc, _dating_anchors(doc, anchors), published=article.published, article_id=article.id)
    if is_follow_up(episode, lex):  # a follow-up (an arrest, a protest) is not dated by the attack it names
        spans = incident_spans(doc, trig)
        sent_text = without_spans(sent_text, trig.start_char, spans)
        if own is not None and own.evidence is not None and any(a <= own.evidence.start < b for a, b in spans):
            own = None
    date = own or dates.resolve_date(
        sent_text, published=article.published, article_id=article.id, offset=trig.start_char
    )
    return _Located(episode, place, claim, date)


def _fold_undated_repeats(located: list[_Located], lex: EventLexicon) -> list[_Located]:
    """Fold an episode with no date of its own into an earlier one of the same family and place.

    ACLED codes one event per day, place and type; a later paragraph that says what happened there without
    saying when ("Six people were arrested and three officers were injured, a police spokesman said") is
    dated by the publication day only, which cannot make it another day's event: it adds to the event the
    report dated before it. Families as for episodes: a demonstration that turned violent is one event.
    Strategic developments are never folded.
    """
    kept: list[_Located] = []
    for spot in located:
        target = None
        # strategic developments are not one day's happening at a place: a report lists several (a
        # deployment, a dismissal, a blackout), each its own event
        developments = lex.subs[spot.episode.sub].event_type == "Strategic developments"
        if spot.date.phrase is None and spot.date.time_precision >= 2 and not developments:
            target = next(
                (
                    k
                    for k in kept
                    if family(k.episode.sub, lex) == family(spot.episode.sub, lex)
                    and k.date.phrase is not None
                    and _same_place(k.place, spot.place)
                ),
                None,
            )
        if target is None:
            kept.append(spot)
            continue
        pairs = sorted(
            zip(
                [*target.episode.readings, *spot.episode.readings],
                [*target.episode.weights, *spot.episode.weights],
                strict=True,
            ),
            key=lambda rw: rw[0].index,
        )
        target.episode.readings = [r for r, _w in pairs]
        target.episode.weights = [w for _r, w in pairs]
    return kept


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.name, a.country_iso3, a.latitude, a.longitude) == (b.name, b.country_iso3, b.latitude, b.longitude)


def extract_events(
    doc: Any,
    *,
    article: Article,
    geography: Geography,
    figures: Sequence[Figure],
    options: EventOptions = _DEFAULT_OPTIONS,
    lexicon: EventLexicon | None = None,
    actor_lexicon: actor_mod.ActorLexicon | None = None,
) -> tuple[Event, ...]:
    """The events reported in ``doc``; the first is the article's primary event.

    A text that reports no conflict or protest event yields an empty tuple. ``lexicon`` and
    ``actor_lexicon`` default to the packaged ones (:func:`load_lexicon`, :func:`actors.load_lexicon`).
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    actor_lex = actor_lexicon if actor_lexicon is not None else actor_mod.load_lexicon()
    keys = actor_mod.token_keys(doc)
    factors = domain_factors(keys, lex)
    readings = [
        read_sentence(doc, sent, i, keys, lex, actors=actor_lex, factors=factors, cue_factors=options.cues)
        for i, sent in enumerate(doc.sents)
    ]
    short = len(article.text) <= options.short_text
    crowd = _CROWD_SIZE.search(article.text) is not None
    episodes = find_episodes(readings, options, lex, crowd=crowd, short=short)[: options.max_events]
    episodes += background_episodes(
        doc, readings, episodes, keys, lex, options=options, factors=factors, actors=actor_lex
    )
    episodes += threat_episodes(doc, readings, episodes, keys, lex, options=options, factors=factors, actors=actor_lex)
    located = _fold_undated_repeats([_locate(doc, episode, geography, article, lex) for episode in episodes], lex)
    owner = deaths_to_background(
        figure_owner(readings, [spot.episode for spot in located], short), [spot.episode for spot in located], lex
    )
    events = tuple(
        _event(
            doc,
            spot,
            n,
            article=article,
            geography=geography,
            figures=tuple(f for f in figures if owner(f) == n),
            lex=lex,
            actor_lex=actor_lex,
        )
        for n, spot in enumerate(located)
    )
    log.debug("article %s: %d events", article.id, len(events))
    return events


def _event(
    doc: Any,
    spot: _Located,
    n: int,
    *,
    article: Article,
    geography: Geography,
    figures: tuple[Figure, ...],
    lex: EventLexicon,
    actor_lex: actor_mod.ActorLexicon,
) -> Event:
    """The ``n``-th Event of an article from a located episode and the figures it owns. Its evidence names
    the codebook rule that typed it (``events@0.8.0:protest.with_intervention``)."""
    episode = spot.episode
    sub = lex.subs[episode.sub]
    trig = episode.trigger
    if is_threat(episode):
        figures = ()  # a threat has no casualties of its own: deaths told beside it are another incident's
    country = _country_of(spot.place, geography, article, actor_lex)
    fatalities, low, high = _fatalities(figures, violent=sub.event_type in _VIOLENT_EVENT_TYPES)
    actors = code_actors(doc, episode, sub, country, article, lex=actor_lex)
    inter1 = next((a.inter for a in actors if a.role == "actor1"), 0)
    inter2 = next((a.inter for a in actors if a.role == "actor2"), 0)
    plover, mode = sub.plover, sub.plover_mode
    if trig.scores.get("REQUEST", 0.0) >= 2.5 and sub.event_type == "Strategic developments":
        plover, mode = "REQUEST", None  # a demand or an appeal: PLOVER's REQUEST
    elif sub.sub_event_type in ("Change to group/activity", "Other") and trig.scores.get("OTHER", 0.0) >= 2.0:
        plover, mode = "SANCTION", None
    claim = spot.claim
    if is_threat(episode):  # violence announced, not done: PLOVER's THREATEN, never happened (yet)
        plover, mode = "THREATEN", None
        claim = dataclasses.replace(claim, certainty=Certainty.FUTURE)
    stage = f"{STAGE}:{episode.rule}"
    evidence = tuple(
        Evidence(article.id, r.start_char, r.end_char, article.text[r.start_char : r.end_char], stage)
        for r in episode.readings
    )
    return Event(
        id=f"{article.id}:e{n + 1}",
        article_id=article.id,
        event_type=sub.event_type,
        sub_event_type=sub.sub_event_type,
        plover_type=plover,
        date=spot.date,
        place=spot.place,
        actors=actors,
        figures=figures,
        claim=claim,
        evidence=evidence,
        fatalities=fatalities,
        fatalities_low=low,
        fatalities_high=high,
        interaction=actor_mod.interaction(inter1, inter2),
        plover_mode=mode,
    )
