"""Events: ACLED event and sub-event types, PLOVER types, actors, places, dates and fatalities.

Reads a parsed spaCy ``Doc`` (lemmas, POS, dependencies), the article, its resolved
:class:`~flashpoint.records.Geography` and the casualty :class:`~flashpoint.records.Figure` records; writes
:class:`~flashpoint.records.Event` records, the article's primary event first.

How it reads a text:

1. Every sentence is scanned for *cues* from ``data/event_lexicon.json`` (lemma sequences grouped into
   classes such as PROTEST, INTERVENTION, RIOT, CLASH, SHELL, ATTACK, ARREST ...). A cue loses weight when
   the parse shows it is not itself the event: inside what a protest is *about* ("protest against the
   airstrikes"), under a modal or plan ("threatened to strike", "will march"), or negated.
2. Actor phrases (:mod:`flashpoint.extract.actors`) get a role from the parse: agent (subject, "by" phrase)
   or patient (object, passive subject, "on/against" phrase).
3. The class scores and actor roles of a sentence are combined by the codebook (:mod:`.codebook`), a table
   of named rules, into verdicts: candidate ACLED sub-event types, each naming its rule (e.g. protest +
   dispersal = "Protest with intervention" by ``protest.with_intervention``; killing with civilian victims =
   "Attack"; killing with soldiers as victims = "Armed clash"); the best verdict wins, and its rule is
   written into the event's evidence stage (``events@0.8.0:protest.with_intervention``).
4. Consecutive sentences form one *episode* (one event) until a sentence strongly names a different kind
   of event; weak sentences add their cues to the running episode (a dispersal in the next sentence turns
   a peaceful protest into a protest with intervention).
5. Each episode is placed (event-role mention nearest the trigger, never an origin) and dated
   (:func:`flashpoint.extract.dates.resolve_date`). An episode with no date of its own that repeats an
   earlier episode's family and place joins it (strategic developments excepted): ACLED codes one event per
   day, place and type, and a paragraph dated only by the publication day cannot make another day's event.
6. Each episode becomes an Event: its place and date, claim (:func:`flashpoint.extract.attribution.attribute`),
   figures inside its sentences and ACLED fatalities, and actors in ACLED style with inter codes.

Modules: :mod:`.options` (every threshold, documented), :mod:`.lexicon` (data), :mod:`.reading` (steps 1-2),
:mod:`.codebook` (step 3), :mod:`.episodes` (step 4), :mod:`.parties` (actors), :mod:`.core` (the order).
"""

from flashpoint.extract.events.codebook import RULES, Context, Verdict, candidates, decide
from flashpoint.extract.events.core import extract_events
from flashpoint.extract.events.lexicon import (
    PROTEST_FAMILY,
    VIOLENT,
    EventLexicon,
    SubEvent,
    domain_factors,
    load_lexicon,
    taxonomy,
)
from flashpoint.extract.events.options import NAME, STAGE, VERSION, CodebookOptions, CueFactors, EventOptions

__all__ = [
    "NAME",
    "PROTEST_FAMILY",
    "RULES",
    "STAGE",
    "VERSION",
    "VIOLENT",
    "CodebookOptions",
    "Context",
    "CueFactors",
    "EventLexicon",
    "EventOptions",
    "SubEvent",
    "Verdict",
    "candidates",
    "decide",
    "domain_factors",
    "extract_events",
    "load_lexicon",
    "taxonomy",
]
