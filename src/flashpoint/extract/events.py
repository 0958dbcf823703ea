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
3. The class scores and actor roles of a sentence are combined by codebook rules into candidate ACLED
   sub-event types (e.g. protest + dispersal = "Protest with intervention"; killing with civilian victims =
   "Attack"; killing with soldiers as victims = "Armed clash"); the best candidate wins.
4. Consecutive sentences form one *episode* (one event) until a sentence strongly names a different kind
   of event; weak sentences add their cues to the running episode (a dispersal in the next sentence turns
   a peaceful protest into a protest with intervention).
5. Each episode is placed (event-role mention nearest the trigger, never an origin) and dated
   (:func:`flashpoint.extract.dates.resolve_date`). An episode with no date of its own that repeats an
   earlier episode's family and place joins it (strategic developments excepted): ACLED codes one event per
   day, place and type, and a paragraph dated only by the publication day cannot make another day's event.
6. Each episode becomes an Event: its place and date, claim (:func:`flashpoint.extract.attribution.attribute`),
   figures inside its sentences and ACLED fatalities, and actors in ACLED style with inter codes.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.extract import actors as actor_mod
from flashpoint.extract import attribution, clauses, dates
from flashpoint.extract import figures as figures_mod
from flashpoint.extract.actors import ActorKind, ActorMention, Country, LemmaPhraseIndex
from flashpoint.records import (
    Actor,
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

NAME = "events"
VERSION = "0.5.1"
STAGE = f"{NAME}@{VERSION}"

VIOLENT = frozenset({"CLASH", "ATTACK", "SHELL", "AIR", "IED", "GRENADE", "SUICIDE", "CHEMICAL", "ABDUCT", "SEXUAL"})
PROTEST_FAMILY = frozenset({"Protests", "Riots"})
_MODAL_AUX = frozenset({"will", "would", "could", "may", "might", "should", "shall", "must"})
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "obj", "iobj", "attr", "oprd"})
_AGENT_DEPS = frozenset({"nsubj", "csubj"})
_COMMUNAL_WORDS = frozenset({"communal", "intercommunal", "clan", "tribal", "intertribal", "ethnic", "interethnic"})
_PLANNED = frozenset(
    {"looming", "planned", "threatened", "proposed", "possible", "potential", "imminent", "upcoming", "impending",
     "intended", "mooted", "expected", "future", "pending", "scheduled"}
)  # fmt: skip
_STATE_CONTEXT_KINDS = frozenset({"police", "military", "government", "state"})
_CROWD_KINDS = frozenset({"crowd", "rioters", "protesters"})
_ORDINARY_AGENTS = actor_mod.ORDINARY_KINDS | {"rioters"}
_SUFFER = frozenset({"kill", "wound", "injure", "hurt", "die", "maim"})
_DOER_CLASSES = frozenset({"ATTACK", "MOB", "CLASH", "RIOT", "LETHAL_FORCE", "RAID", "LOOT", "SMALLARMS"})
_FIGHTER_WORDS = frozenset(
    {"militia", "militias", "militiaman", "militiamen", "militant", "militants", "gunman", "gunmen", "fighter",
     "fighters", "vigilante", "vigilantes", "dozo", "dozos", "self", "armed", "communal"}
)  # fmt: skip
# words for people as individuals, not as a community or trade ("two men", "a person", "individuals")
_INDIVIDUALS = frozenset({"man", "men", "woman", "women", "person", "people", "individual", "boy", "girl", "a"})
_SYMMETRIC = frozenset(
    {"clash", "exchange", "fight", "fighting", "encounter", "gunfight", "firefight", "shootout", "battle", "skirmish"}
)
_MUTUAL_FIGHT = _SYMMETRIC | {"brawl", "fistfight", "fist", "street", "scuffle", "free", "confrontation", "violence"}
# ACLED notes end a demonstration event with the crowd size: "[size=no report]", "[size=around 100]"
_CROWD_SIZE = re.compile(r"\[size\s*=", re.IGNORECASE)
_CLIMB_DEPS = frozenset({"compound", "amod", "nmod", "appos", "poss", "nummod", "det"})
_FINITE_PAST = frozenset({"VBD", "VBZ", "VBP"})
# plan verbs that report the act itself when past: "workers organised a sit-in", "they went ahead with the strike"
_ORGANISE = frozenset({"organise", "organize", "mobilise", "mobilize", "proceed", "forge"})
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_NOBODY = frozenset({"nobody", "none", "nothing", "no-one", "noone"})
_FORCE_WORDS = frozenset(
    {"police", "policeman", "officer", "force", "troop", "soldier", "security", "gendarme", "army", "military"}
)


@dataclasses.dataclass(frozen=True, slots=True)
class EventOptions:
    """Options for event extraction.

    ``min_score`` is the score a sentence needs to report an event at all; ``new_event_score`` the score
    a later sentence needs to open a new event instead of adding detail to the current one. Both were set
    by looking at the score distributions of event and non-event sentences in the development notes.
    """

    max_events: int = 20
    min_score: float = 2.0
    new_event_score: float = 2.5
    fallback_score: float = 1.0
    fallback_boost: float = 1.6
    short_text: int = 600  # characters: a note this short reports one incident (all its figures are the primary's)


@dataclasses.dataclass(frozen=True, slots=True)
class SubEvent:
    """One ACLED sub-event type with its event type and default PLOVER coding."""

    event_type: str
    sub_event_type: str
    plover: str
    plover_mode: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class _Domain:
    """A kind of text (sport, markets, labour) that changes what some cue words mean."""

    name: str
    markers: frozenset[str]
    min_hits: int
    min_share: float
    factors: Mapping[str, float]
    class_factors: Mapping[str, float] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    # ^ by cue class; "*" for every class not listed


@dataclasses.dataclass(frozen=True, slots=True)
class EventLexicon:
    """The loaded taxonomy and cue lexicon."""

    subs: Mapping[str, SubEvent]
    inter_names: Mapping[int, str]
    cues: LemmaPhraseIndex[tuple[str, float]]
    labels: Mapping[str, str]
    reason_heads: frozenset[str]
    modal_heads: frozenset[str]
    inanimate_subjects: frozenset[str]  # "shares rallied", "the storm struck": not a party to an event
    transitive_senses: frozenset[str]  # "demonstrated that ...", "struck the ball": not protest senses
    generic_heads: frozenset[str] = frozenset()  # "causes of protests", "a rise in attacks": kinds, not events
    domains: tuple[_Domain, ...] = ()
    firearm_words: frozenset[str] = frozenset()  # lemmas that say guns or explosives were used


def _read_json(name: str) -> Any:
    try:
        return json.loads(resources.files("flashpoint.data").joinpath(name).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read packaged data file {name}: {exc}") from exc


@functools.lru_cache(maxsize=1)
def load_lexicon() -> EventLexicon:
    """Load ``data/acled_taxonomy.json`` and ``data/event_lexicon.json`` once per process."""
    tax = _read_json("acled_taxonomy.json")
    subs: dict[str, SubEvent] = {}
    for event_type, members in tax["event_types"].items():
        for sub, coding in members.items():
            subs[sub] = SubEvent(event_type, sub, coding["plover"], coding.get("mode"))
    lex = _read_json("event_lexicon.json")
    entries = [(phrase, (cls, float(weight))) for cls, items in lex["cues"].items() for phrase, weight in items]
    return EventLexicon(
        subs=MappingProxyType(subs),
        inter_names=MappingProxyType({int(k): v for k, v in tax["inter_codes"].items()}),
        cues=LemmaPhraseIndex(entries),
        labels=MappingProxyType(dict(lex["labels"])),
        reason_heads=frozenset(lex["reason_heads"]),
        modal_heads=frozenset(lex["modal_heads"]),
        inanimate_subjects=frozenset(lex["inanimate_subjects"]),
        transitive_senses=frozenset(lex["transitive_senses"]),
        generic_heads=frozenset(lex.get("generic_heads", ())),
        firearm_words=frozenset(lex.get("firearm_words", ())),
        domains=tuple(
            _Domain(
                name,
                frozenset(spec["markers"]),
                int(spec["min_hits"]),
                float(spec["min_share"]),
                MappingProxyType({k: float(v) for k, v in spec["factors"].items()}),
                MappingProxyType({k: float(v) for k, v in spec.get("class_factors", {}).items()}),
            )
            for name, spec in lex.get("domains", {}).items()
            if not name.startswith("_")
        ),
    )


def domain_factors(keys: Sequence[tuple[str, str]], lex: EventLexicon) -> Mapping[str, float]:
    """Weight factors for cue words in this text, from the domains it belongs to (sport, markets, labour).

    A domain applies when at least ``min_hits`` tokens (and ``min_share`` of all tokens) are its markers.
    Keys are cue lemmas, or ``"@" + class`` for a whole cue class (``"@*"``: every class not listed).
    """
    counts: dict[str, int] = {}
    for lemma, _lower in keys:
        counts[lemma] = counts.get(lemma, 0) + 1
    factors: dict[str, float] = {}
    total = max(1, len(keys))
    for domain in lex.domains:
        hits = sum(counts.get(m, 0) for m in domain.markers)
        if hits >= domain.min_hits and hits / total >= domain.min_share:
            for word, f in domain.factors.items():
                factors[word] = factors.get(word, 1.0) * f
            for cls, f in domain.class_factors.items():
                factors["@" + cls] = factors.get("@" + cls, 1.0) * f
    return MappingProxyType(factors)


def taxonomy() -> Mapping[str, SubEvent]:
    """ACLED's 25 sub-event types (exact spellings) with their event types and PLOVER coding."""
    return load_lexicon().subs


# ----------------------------------------------------------------------------------------------
# Reading one sentence


@dataclasses.dataclass(frozen=True, slots=True)
class _Cue:
    cls: str
    weight: float  # after context factors
    head: int  # token index


@dataclasses.dataclass(frozen=True, slots=True)
class _Reading:
    """What one sentence says: cue class scores, cues, actor mentions with roles."""

    index: int
    start: int  # token bounds
    end: int
    start_char: int
    end_char: int
    scores: Mapping[str, float]
    cues: tuple[_Cue, ...]
    mentions: tuple[ActorMention, ...]
    roles: tuple[str, ...]  # "agent" | "patient" | "other", parallel to mentions
    label: str | None  # ACLED note label ("Movement of forces:") mapped to a sub-event
    plain: Mapping[str, float] | None = None  # class scores before presupposed mentions were lifted, if any were
    firearm: bool = False  # the sentence says guns or explosives were used ("shot", "opened fire", "rifles")
    doers: tuple[str, ...] = ()  # kinds of the parties doing violence (subjects, "by" agents, sides)


def _cue_factor(doc: Any, head: int, span: range, cls: str, lex: EventLexicon, *, stop: int | None = None) -> float:
    """How far the parse says a cue is the event itself (1.0) or only its reason, plan or negation.

    ``stop`` is the head of a presupposed event mention the cue belongs to, in a sentence whose own
    clause reports no event (:func:`_lift_references`): plans, reasons and relative clauses *above* that
    mention do not damp it ("37 students were missing after Tuesday's attack on the school").
    """
    token = doc[head]
    factor = 1.0
    if any(child.dep_ == "neg" for child in token.children) or any(
        child.dep_ == "neg" for child in token.head.children if token.dep_ in ("dobj", "xcomp")
    ):
        factor *= 0.2
    if _none_took_part(token):
        factor *= 0.05  # "there were no arrests", "no one was killed": the sentence says it did not happen
    if cls == "INTERVENTION" and _dispersed_itself(token):
        factor *= 0.2  # "the marchers dispersed peacefully": nobody broke the crowd up
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    if token.pos_ == "VERB" and any(
        child.dep_ == "nsubj" and child.lemma_.lower() in lex.inanimate_subjects for child in token.children
    ):
        factor *= 0.1
    if (
        cls == "PROTEST"
        and token.pos_ == "VERB"
        and token.lemma_.lower() in lex.transitive_senses
        and token.lemma_.lower() != "protest"
        and any(child.dep_ in ("dobj", "ccomp") for child in token.children)
    ):
        factor *= 0.1
    if any(child.dep_ == "aux" and child.lower_ in _MODAL_AUX for child in verb.children):
        factor *= 0.35
    # Climb a few steps: a plan/threat above the cue ("threatened to strike", "called for a protest").
    node = token
    for _step in range(3):
        parent = node.head
        if node.i in (parent.i, stop):
            break
        lemma = parent.lemma_.lower()
        if node.dep_ == "conj" and node.tag_ in _FINITE_PAST and parent.tag_ == "VB":
            break  # "refused to disperse and threw stones": the finite verb is coordinated higher up
        if (
            parent.i not in span
            and lemma in lex.modal_heads
            and node.dep_ in ("xcomp", "dobj", "pobj", "prep", "nsubjpass")
            and not (lemma in _ORGANISE and _past(parent))  # "workers organised a sit-in": it took place
        ):
            factor *= 0.3
            break
        node = parent
    if _hypothetical(token):
        factor *= 0.3  # "if they hold a rally ...", "why do they bus people to a rally?"
    if _generic_head(token, lex):
        factor *= 0.35  # "the causes of service delivery protests", "a rise in strikes"
    if _in_proper_name(token):
        factor *= 0.1  # "Stari Grad" (a place), not a Grad rocket
    if cls == "CLASH" and token.pos_ == "VERB" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in token.children):
        factor *= 0.1  # "battling to stay afloat", "fighting to keep their jobs": a struggle, not a fight
    if stop is None and _in_relative_clause(token):
        factor *= 0.6  # "families who say their sons were abducted held a sit-in": background to the event
    # Reason or cause: the cue sits inside "against ...", "over ...", "demanding ...", "after ...".
    node = token
    for _step in range(6):
        parent = node.head
        if node.i in (parent.i, stop):
            break
        lemma = parent.lemma_.lower()
        coordinate = node.dep_ in ("conj", "cc")  # "stopped and looted": two acts, not a reason
        if node.i == token.i and token.dep_ == "acl" and token.tag_ == "VBG":
            break  # "force against locals protesting": what the people named did, not what it was about
        # "police are accused of assaulting a driver": the passive reports the act itself
        reported = lemma in ("accuse", "allege", "suspect") and any(c.dep_ == "nsubjpass" for c in parent.children)
        if (
            not coordinate
            and not reported
            and parent.i not in span
            and lemma in lex.reason_heads
            and not (cls == "PROTEST" and lemma == "protest")
        ):
            factor *= 0.35
            break
        node = parent
    if any(child.dep_ == "amod" and child.lower_ in _PLANNED for child in token.children):
        factor *= 0.3  # "the looming strike", "a planned march": not (yet) an event
    if (
        token.tag_ == "NNS"
        and token.dep_ == "pobj"
        and not any(child.dep_ in ("det", "poss", "nummod") for child in token.children)
    ):
        factor *= 0.5  # a bare plural in a phrase speaks of such events in general ("causes of protests")
    if token.dep_ == "ROOT":
        factor *= 1.15
    return factor


def _past(verb: Any) -> bool:
    """A verb that reports something done: simple past, or a perfect ("have organised")."""
    if verb.tag_ == "VBD":
        return True
    return bool(verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children))


def _none_took_part(token: Any) -> bool:
    """True when the cue noun is quantified by "no" or its verb's subject is "no one", "nobody", "none"."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return True
    for c in token.children:
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in _NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ):
            return True
    return False


def _dispersed_itself(token: Any) -> bool:
    """True for an intransitive "dispersed"/"broke up" whose subject is the crowd itself."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in ("disperse", "break"):
        return False
    if any(c.dep_ in ("dobj", "nsubjpass", "auxpass", "agent") for c in token.children):
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if not subjects and token.dep_ == "conj":
        subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
    return bool(subjects) and not any(c.lemma_.lower() in _FORCE_WORDS for c in subjects)


def _hypothetical(token: Any) -> bool:
    """True when the cue stands in a condition ("if ..."/"unless ...") or its sentence is a question."""
    node = token
    for _step in range(6):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    sent = token.sent
    if sent.text.rstrip().endswith("?"):
        return True
    return any(t.lower_ == "why" for t in sent) and any(t.lower_ == "if" and t.dep_ == "mark" for t in sent)


def _generic_head(token: Any, lex: EventLexicon) -> bool:
    """True for a cue that names a kind of event, not one: "the causes of protests", "a rise in attacks"."""
    if token.dep_ != "pobj" or token.head.lower_ not in ("of", "in"):
        return False
    holder = token.head.head
    if holder.lemma_.lower() not in lex.generic_heads:
        return False
    # "a wave of protests swept the city" is an event; "the number of protests" is not: only bare plurals
    return token.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in token.children)


def _in_proper_name(token: Any) -> bool:
    """True for a cue word that ends or sits inside a multi-word proper name ("Stari Grad", a place)."""
    if token.pos_ != "PROPN" or token.i == token.sent.start:
        return False
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        return False  # "Grad rockets", "Chlorine gas": a weapon named before a common noun
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)


def _in_relative_clause(token: Any) -> bool:
    """True for a cue inside a relative clause that describes a person ("families who say their sons were
    abducted"); a clause about an event or a place ("the violence, which began with a protest") keeps its cues."""
    node = token
    for _step in range(4):
        if node.dep_ == "relcl":
            return any(t.lower_ in ("who", "whom", "whose") for t in node.subtree)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _role(doc: Any, mention: ActorMention) -> str:
    """The part a mention plays in its clause: "agent", "party" (a side of a fight), "patient" or "other"."""
    head = _phrase_head(doc, mention)
    dep = head.dep_
    if dep in _AGENT_DEPS:
        return "agent"
    if dep == "pobj" and head.head.lower_ == "by" and head.head.dep_ == "agent":
        return "agent"
    if dep == "pobj" and head.head.lower_ in ("between", "with"):
        return "party"
    if dep in _PATIENT_DEPS:
        return "patient"
    return "other"


def _doer_kind(doc: Any, mention: ActorMention, violent: frozenset[int]) -> str | None:
    """The kind of a mention that does violence: the subject, "by" agent or side of a violence word
    (``violent``: token indexes of violence cues) or of a verb coordinated with one; None otherwise.

    "A man died after torture" and "four people killed in the fighting" (a reduced passive) name victims,
    not doers. Members of a group the lexicon does not know ("members of the Hamza Division") are an
    organised party, never ordinary people.
    """
    head = _phrase_head(doc, mention)
    if head.dep_ in _AGENT_DEPS:
        gov = head.head
        if gov.lemma_.lower() in _SUFFER and not any(c.dep_ == "dobj" for c in gov.children):
            return None  # "four people killed and twenty wounded in the fighting": a headline's passive
    elif head.dep_ == "pobj" and head.head.lower_ in ("by", "with", "between"):
        gov = head.head.head
        if head.head.lower_ == "with" and gov.lemma_.lower() not in _MUTUAL_FIGHT | {"engage"}:
            return None  # "killed after a braai with their children": company, not a side of a fight
    else:
        return None
    near = {gov.i, gov.head.i if gov.dep_ == "conj" else gov.i}
    for child in gov.children:
        if child.dep_ in ("conj", "xcomp", "advcl", "nsubj", "dobj"):
            near.add(child.i)
        elif child.dep_ == "prep":
            near.update(g.i for g in child.children if g.dep_ == "pobj")
    if not near & violent:
        return None
    kind = _context_kind(mention)
    if kind in actor_mod.ORDINARY_KINDS and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children) for c in head.children
    ):
        return "unidentified"
    return kind


def _phrase_head(doc: Any, mention: ActorMention) -> Any:
    """The token that carries a mention's role: the phrase head, climbed through modifiers,
    coordination and "a group of ..."."""
    head = doc[mention.head]
    # the phrase head is the token whose own head lies outside the phrase
    for i in range(mention.start, mention.end):
        tok = doc[i]
        if tok.head.i < mention.start or tok.head.i >= mention.end or tok.head.i == tok.i:
            head = tok
            break
    steps = 0
    while steps < 5 and head.head.i != head.i:
        if head.dep_ in _CLIMB_DEPS | {"conj"}:
            head = head.head
        elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
            head = head.head.head  # "a group of protesters blocked ...": the group's role
        else:
            break
        steps += 1
    return head


def _lift_references(
    doc: Any, cues: list[_Cue], raw: Sequence[tuple[str, float, int, range]], lex: EventLexicon
) -> list[_Cue]:
    """Give presupposed event mentions their full weight when the clauses they hang from name no event.

    "The government said 37 students were missing after Tuesday's attack on the school": the attack is
    what the sentence reports, although it sits in a reason phrase. "Residents protested after Sunday's
    killing of a trader" and "teachers will march over Tuesday's killing" keep the killing as the reason,
    because a clause above the mention (the clause it hangs from, or one that clause depends on) names
    an event of its own, stated or planned: its event words outside the mention reach a class score of 2
    before the parse factors. See :mod:`flashpoint.extract.clauses` for the shapes of a mention.
    """
    out = list(cues)
    for n, (cls, weight, head, span) in enumerate(raw):
        ref = clauses.reference(doc[head])
        if ref is None:
            continue
        if ref.frame is not None and _clause_event(doc, raw, doc[ref.head], doc[ref.frame]):
            continue
        lifted = weight * _cue_factor(doc, head, span, cls, lex, stop=ref.head)
        if lifted > out[n].weight:
            out[n] = _Cue(cls, lifted, head)
    return out


def _clause_event(doc: Any, raw: Sequence[tuple[str, float, int, range]], mention: Any, frame: Any) -> bool:
    """Whether the clause ``frame`` or a clause above it names an event, leaving out ``mention``."""
    above = {frame.i, *(t.i for t in frame.ancestors)}
    weights: dict[str, list[float]] = {}
    for cls, weight, head, _span in raw:
        tok = doc[head]
        if clauses.in_subtree(tok, mention):
            continue
        verb = clauses.clause_verb(tok)
        if verb is not None and verb.i in above:
            weights.setdefault(cls, []).append(weight)
    return any(max(ws) + 0.5 * (sum(ws) - max(ws)) >= 2.0 for ws in weights.values())


def _read_sentence(
    doc: Any,
    sent: Any,
    index: int,
    keys: Sequence[tuple[str, str]],
    lex: EventLexicon,
    *,
    factors: Mapping[str, float] = MappingProxyType({}),
) -> _Reading:
    matches = lex.cues.find(doc, sent.start, sent.end, keys)
    # A longer phrase claims its tokens: "air strike" is not a labour strike, "hand grenade" not a hand.
    matches.sort(key=lambda m: -m.size)
    claimed: dict[int, tuple[int, str]] = {}
    cues: list[_Cue] = []
    raw: list[tuple[str, float, int, range]] = []  # class, weight before the parse factors, head, tokens
    kept: dict[tuple[str, int], Any] = {}
    for m in matches:
        cls, weight = m.payload
        size = m.size
        if any(claimed.get(i, (0, cls))[0] > size and claimed[i][1] != cls for i in range(m.start, m.end)):
            continue
        for i in range(m.start, m.end):
            if claimed.get(i, (0, cls))[0] < size:
                claimed[i] = (size, cls)
        # one cue per class and start token: the strongest reading ("marching" 2.5 over "marching to" 1.0)
        key = (cls, m.start)
        if key not in kept or weight > kept[key].payload[1]:
            kept[key] = m
    for m in kept.values():
        cls, weight = m.payload
        head = m.start
        for i in range(m.start, m.end):  # the syntactic head of the cue phrase
            if doc[i].head.i < m.start or doc[i].head.i >= m.end or doc[i].head.i == i:
                head = i
                break
        if (
            cls == "PROTEST"
            and keys[head][0] == "strike"
            and any(child.dep_ in ("compound", "poss", "amod") for child in doc[head].children)
        ):
            weight = max(weight, 3.0)  # "taxi strike", "workers' strike", "national strike"
        weight *= factors.get(keys[head][0], 1.0) * factors.get("@" + cls, factors.get("@*", 1.0))
        w = weight * _cue_factor(doc, head, range(m.start, m.end), cls, lex)
        raw.append((cls, weight, head, range(m.start, m.end)))
        cues.append(_Cue(cls, w, head))
    lifted = _lift_references(doc, cues, raw, lex)
    plain = _totals(cues) if lifted != cues else None
    cues = lifted
    totals = _totals(cues)
    mentions = tuple(actor_mod.find_mentions(doc, sent.start, sent.end, keys))
    roles = tuple(_role(doc, m) for m in mentions)
    firearm = any(
        keys[i][0] in lex.firearm_words
        or (keys[i][0] == "fire" and (doc[i].pos_ == "VERB" or doc[i].head.lemma_.lower() == "open"))
        for i in range(sent.start, sent.end)
    )
    violent = frozenset(c.head for c in cues if c.cls in _DOER_CLASSES and c.weight >= 1.0)
    doers = tuple(
        k for k in (_doer_kind(doc, m, violent) for m, r in zip(mentions, roles, strict=True) if r != "patient") if k
    )
    label = None
    if index == 0:
        text = sent.text
        colon = text.find(":")
        if 0 < colon <= 45:
            label = lex.labels.get(text[:colon].strip().lower())
    return _Reading(
        index,
        sent.start,
        sent.end,
        sent.start_char,
        sent.end_char,
        MappingProxyType(totals),
        tuple(cues),
        mentions,
        roles,
        label,
        None if plain is None else MappingProxyType(plain),
        firearm,
        doers,
    )


def _totals(cues: Sequence[_Cue]) -> dict[str, float]:
    """Class scores of a sentence: the strongest cue of each class plus half of the others."""
    scores: dict[str, list[float]] = {}
    for cue in cues:
        scores.setdefault(cue.cls, []).append(cue.weight)
    return {cls: max(ws) + 0.5 * (sum(ws) - max(ws)) for cls, ws in scores.items()}


# ----------------------------------------------------------------------------------------------
# Codebook rules: cue classes + actor roles -> ACLED sub-event type


@dataclasses.dataclass(frozen=True, slots=True)
class _Context:
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


def _context_kind(mention: ActorMention) -> str:
    """The kind a mention counts as in the codebook rules: a named state force (inter 1) is a state actor."""
    if mention.kind.kind == "named" and mention.kind.inter == 1:
        return "state"
    return mention.kind.kind


def _context(readings: Sequence[_Reading], weights: Sequence[float]) -> _Context:
    scores: dict[str, float] = {}
    agents: set[str] = set()
    subjects: set[str] = set()
    patients: set[str] = set()
    kinds: set[str] = set()
    parties: set[str] = set()
    firearm = False
    doers: set[str] = set()
    for reading, w in zip(readings, weights, strict=True):
        firearm = firearm or reading.firearm
        doers.update(reading.doers)
        for cls, s in reading.scores.items():
            scores[cls] = max(scores.get(cls, 0.0), s * w) + 0.15 * min(scores.get(cls, 0.0), s * w)
        for mention, role in zip(reading.mentions, reading.roles, strict=True):
            # a people or community on the receiving end is a civilian victim, not a militia fighting back
            kind = "civilians" if role == "patient" and _identity(mention) else _context_kind(mention)
            kinds.add(kind)
            if role == "agent":
                agents.add(kind)
                subjects.add(kind)
            elif role in ("patient", "party"):
                patients.add(kind)
            if role == "party":
                agents.add(kind)
                parties.add(kind)
    return _Context(
        MappingProxyType(scores),
        frozenset(agents),
        frozenset(patients),
        frozenset(kinds),
        readings[0].label if readings else None,
        frozenset(subjects),
        frozenset(parties),
        firearm,
        frozenset(doers),
    )


def _decide(ctx: _Context) -> tuple[str, float] | None:
    """The best ACLED sub-event type for an episode, with its score, or None."""
    cands = _candidates(ctx)
    if not cands:
        return None
    return max(cands.items(), key=lambda kv: kv[1])


def _decide_crowd(ctx: _Context, lex: EventLexicon) -> tuple[str, float]:
    """The sub-event type of a report known to be about a crowd event (a demonstration or a riot).

    ACLED notes give the crowd size ("[size=dozens]") only for demonstration events, so such a note is
    a Protests or Riots event whatever else it mentions: the best demonstration-family candidate wins;
    without one, violence by the crowd makes it mob violence (no protest words) or a violent
    demonstration, and a crowd that stays peaceful holds a peaceful protest.
    """
    cands = {k: v for k, v in _candidates(ctx).items() if lex.subs[k].event_type in PROTEST_FAMILY}
    if cands:
        return max(cands.items(), key=lambda kv: kv[1])
    s = ctx.scores.get
    violence = max(s(c, 0.0) for c in ("ATTACK", "CLASH", "MOB", "RIOT", "LOOT", "LETHAL_FORCE", "ABDUCT"))
    protest = s("PROTEST", 0.0)
    if violence >= 1.5:
        return ("Violent demonstration" if protest >= 1.5 else "Mob violence"), violence
    if s("INTERVENTION", 0.0) >= 2.0:
        return "Protest with intervention", s("INTERVENTION", 0.0)
    return "Peaceful protest", max(protest, 1.0)


def _ordinary(ctx: _Context) -> bool:
    """True when the episode's acting parties are all ordinary people (no state force, armed group or
    militia among them) and no guns or explosives were used."""
    armed = actor_mod.ARMED_KINDS | _STATE_CONTEXT_KINDS
    return (
        bool(ctx.doer_kinds) and ctx.doer_kinds <= _ORDINARY_AGENTS and not ctx.agent_kinds & armed and not ctx.firearm
    )


def _candidates(ctx: _Context) -> dict[str, float]:
    """Every ACLED sub-event type the codebook rules allow for an episode, with its score."""
    s = ctx.scores.get
    cands: dict[str, float] = {}

    def add(sub: str, score: float) -> None:
        if score > cands.get(sub, 0.0):
            cands[sub] = score

    armed = actor_mod.ARMED_KINDS
    armed_agent = bool(ctx.agent_kinds & armed)
    armed_patient = bool(ctx.patient_kinds & armed)
    civ_patient = bool(ctx.patient_kinds & {"civilians", "crowd", "protesters"})
    # an unarmed crowd, or a crowd the text calls a mob or rioters even when others there are armed
    crowd_agent = bool(ctx.agent_kinds & {"crowd", "rioters", "protesters"}) and (
        not armed_agent or "rioters" in ctx.agent_kinds
    )
    # a fight over a land or family dispute among no armed party ("fighting broke out over a land dispute")
    private = (
        s("PRIVATE", 0.0) >= 0.4
        and not ctx.firearm
        and not ctx.kinds & armed
        and ctx.agent_kinds <= _ORDINARY_AGENTS
        and max(s("CLASH", 0.0), s("MOB", 0.0)) >= 2.0
    )
    # Ordinary people (farmers, villagers, youths, traders, party partisans, "a group", "a number of people")
    # who use no guns or explosives are rioters when they turn on someone or on each other: the codebook's
    # mob violence, not an attack by an armed group. People the text says rioted ("prisoners rioted") stage
    # a violent demonstration instead.
    named_riot = s("RIOT_WORD", 0.0) >= 2.5
    crowd_agent = crowd_agent or (_ordinary(ctx) and not named_riot)
    # "youths clashed with police", "clashes between residents and soldiers": a crowd facing state forces
    # as one side of a fight riots (ACLED codes no armed clash for an unarmed crowd)
    sides = ctx.agent_kinds & (_CROWD_KINDS | armed)
    if (
        ctx.party_kinds
        and sides & _CROWD_KINDS
        and sides & armed
        and sides & armed <= _STATE_CONTEXT_KINDS
        and (ctx.party_kinds & _CROWD_KINDS or ctx.party_kinds & armed)
    ):
        crowd_agent = True

    if ctx.label:
        add(ctx.label, 6.0)
    protest = s("PROTEST", 0.0) + (0.8 if "protesters" in ctx.kinds else 0.0)
    block, intervention = s("BLOCK", 0.0), s("INTERVENTION", 0.0)
    crowdish = bool(ctx.kinds & {"crowd", "protesters", "rioters"}) or bool(
        ctx.agent_kinds & {"civilians"} and not armed_agent
    )
    if block >= 2.0 and crowdish and not (ctx.subject_kinds & _STATE_CONTEXT_KINDS):
        # a crowd blocking a road, occupying an office or staying away from work demonstrates
        protest = max(protest, block + 0.3 * protest)
    if s("GATHER", 0.0) >= 2.0 and (ctx.subject_kinds & {"crowd", "protesters"} or protest >= 1.0):
        # supporters or residents gathering (waiting, camping) outside an office or a court demonstrate;
        # journalists waiting outside a hospital do not
        protest = max(protest, s("GATHER", 0.0) + 0.3 * protest)
    crowd = bool(ctx.kinds & {"protesters", "rioters"}) or crowd_agent
    clash = s("CLASH", 0.0)
    # Crowds fighting police or each other riot; they do not fight armed clashes (ACLED codebook).
    riot = s("RIOT", 0.0) + (1.0 if "rioters" in ctx.kinds else 0.0) + (0.8 * clash if crowd else 0.0)
    mob = s("MOB", 0.0)
    attack = s("ATTACK", 0.0)
    lethal = s("LETHAL_FORCE", 0.0)
    if protest >= 2.0:
        if riot >= 2.0:
            add("Violent demonstration", protest * 0.6 + riot)
        hurt_protesters = "protesters" in ctx.patient_kinds and attack >= 2.0
        if lethal >= 2.5 or hurt_protesters:
            add("Excessive force against protesters", protest + max(lethal, attack) * 0.8)
        if s("INTERVENTION", 0.0) >= 1.8:
            add("Protest with intervention", protest + 0.4 * s("INTERVENTION", 0.0))
        add("Peaceful protest", protest)
    if (
        protest < 2.0
        and riot < 2.0
        and lethal >= 2.5
        and "protesters" in ctx.patient_kinds
        and ctx.agent_kinds & _STATE_CONTEXT_KINDS
    ):
        # "police fired on protesters, killing eleven": the codebook's excessive force, protest words or not
        add("Excessive force against protesters", lethal + 0.8 * max(attack, protest))
    violence = max(riot, mob, attack, clash)
    if intervention >= 3.0 and crowdish and protest < 2.0 and violence < 2.0 and not armed_agent:
        # a gathering that police dispersed was a demonstration
        add("Protest with intervention", intervention * 0.75 + 0.5 * protest)
    if riot >= 2.5:
        if crowd_agent and "protesters" not in ctx.kinds and protest < 2.0 and "rioters" not in ctx.kinds:
            add("Mob violence", riot * 0.9)
        # a bottle thrown by one man is not a riot: without a crowd or a protest the cue counts for less
        alone = protest < 2.0 and not crowdish and "rioters" not in ctx.kinds and s("RIOT_NAMED", 0.0) < 2.5
        add("Violent demonstration", riot * (1.0 if protest >= 2.0 else 0.6 if alone else 0.85))
    if mob >= 2.5 or (mob >= 2.0 and crowd_agent):
        # a beating by police or gunmen is an attack, not mob violence; party supporters fighting a militia
        # ("X militiamen and Y supporters fought one another") riot
        crowd_side = crowd_agent or bool(ctx.subject_kinds & _CROWD_KINDS and ctx.kinds & {"named", "communal"})
        add("Attack" if armed_agent and not crowd_side else "Mob violence", mob + 0.3 * attack)
    elif mob >= 2.0:
        add("Attack", mob * 0.9)
    disrupted = s("DISRUPTED", 0.0) >= 3.0  # weapons found or seized: named weapons were not used
    for cls, sub, factor in (
        ("SUICIDE", "Suicide bomb", 1.3),
        ("CHEMICAL", "Chemical weapon", 1.2),
        ("AIR", "Air/drone strike", 1.05),
        ("SHELL", "Shelling/artillery/missile attack", 1.0),
        ("IED", "Remote explosive/landmine/IED", 1.0),
        ("GRENADE", "Grenade", 1.1),
        ("ABDUCT", "Abduction/forced disappearance", 1.0),
        ("SEXUAL", "Sexual violence", 1.0),
    ):
        if s(cls, 0.0) >= 2.0:
            add(sub, s(cls, 0.0) * factor * (0.6 if disrupted else 1.0))
    if s("SHELL", 0.0) >= 3.0 and s("SMALLARMS", 0.0) < 2.0 and not disrupted:
        # a named heavy weapon (mortars, artillery) fired at positions is shelling, not a clash
        add("Shelling/artillery/missile attack", s("SHELL", 0.0) + 1.0)
    recip = s("RECIP", 0.0)
    small_arms = max(s("SMALLARMS", 0.0), recip)
    if small_arms >= 2.0 and (armed_agent or armed_patient or s("SHELL", 0.0) >= 2.0):
        # mortars *and* small arms at positions: ACLED codes the exchange as an armed clash
        add("Armed clash", max(clash, small_arms, s("SHELL", 0.0)) + 0.3)
    remote = s("REMOTE", 0.0)
    if remote >= 3.0 and recip < 2.5 and not disrupted:
        # fire from a distance at villages, neighbourhoods, areas and nobody fires back: shelling
        add("Shelling/artillery/missile attack", remote + 0.5)
    if clash >= 2.0 and not (crowd and riot >= 2.5):
        two_sides = len(ctx.kinds & armed) >= 2 or armed_patient
        if crowd_agent or private or (not ctx.kinds & armed and "crowd" in ctx.agent_kinds):
            # an unarmed crowd fighting police or another crowd riots; it does not fight an armed clash
            # ("supporters of two parties clashed"): without any armed party, a fight is mob violence
            add("Mob violence", clash * 0.95)
        else:
            add("Armed clash", clash + (0.7 if two_sides else 0.0))
    state_patient = bool(ctx.patient_kinds & {"police", "military", "state"})
    if attack >= 1.5:
        if crowd_agent or private:
            add("Mob violence", attack * 0.9)
        elif state_patient or (armed_patient and not civ_patient):
            # an attack on police or soldiers (a post, a patrol, bodyguards) is a battle, even if
            # bystanders are hurt too
            add("Armed clash", attack)
        else:
            add("Attack", attack + (0.5 if civ_patient else 0.0))
    raid = s("RAID", 0.0)
    if raid >= 2.5 and not armed_patient and not ctx.agent_kinds & _STATE_CONTEXT_KINDS:
        # a camp, village or settlement attacked: an attack on the people living there, whoever raided it
        # (villagers raiding a neighbouring camp act as a communal militia, not as a mob)
        add("Attack", raid + 1.0)
    # Territory: who takes it is the subject of the taking ("government forces retook the town in clashes
    # with the rebels"); a change of hands outranks the fighting that brought it (ACLED codes the change).
    regain, overtake, transfer = s("REGAIN", 0.0), s("OVERTAKE", 0.0), s("TRANSFER", 0.0)
    nonstate = {"rebels", "named", "unidentified", "communal", "gang"}
    takers = ctx.subject_kinds or ctx.agent_kinds
    state_taker = bool(takers & _STATE_CONTEXT_KINDS)
    nonstate_taker = bool(takers & nonstate) and not state_taker
    taking = max(regain, overtake)
    if taking >= 2.5:
        bonus = 0.5 + 0.5 * min(clash, 3.0) / 3.0
        if transfer >= 2.5:
            add("Non-violent transfer of territory", transfer + taking * 0.3 + 0.5)
        if nonstate_taker:
            add("Non-state actor overtakes territory", taking + bonus)
        elif state_taker or regain >= 2.5:
            add("Government regains territory", taking + bonus)
    elif transfer >= 3.0:
        add("Non-violent transfer of territory", transfer)
    sd = 0.85  # violence wins a tie against a strategic development
    for cls, sub in (
        ("ARREST", "Arrests"),
        ("AGREEMENT", "Agreement"),
        ("CHANGE", "Change to group/activity"),
        ("DISRUPTED", "Disrupted weapons use"),
        ("HQ", "Headquarters or base established"),
        ("LOOT", "Looting/property destruction"),
        ("TRANSFER", "Non-violent transfer of territory"),
        ("OTHER", "Other"),
        ("REQUEST", "Other"),
    ):
        if s(cls, 0.0) >= 2.0:
            add(sub, s(cls, 0.0) * sd)
    return cands


# ----------------------------------------------------------------------------------------------
# Episodes -> events


@dataclasses.dataclass(slots=True)
class _Episode:
    readings: list[_Reading]
    weights: list[float]
    sub: str
    score: float
    trigger: _Reading


def _family(sub: str, lex: EventLexicon) -> str:
    """Event families for episode splitting: a protest that turns violent is one event, not two."""
    event_type = lex.subs[sub].event_type
    return "Demonstrations" if event_type in PROTEST_FAMILY else event_type


def _episodes(
    readings: Sequence[_Reading], options: EventOptions, lex: EventLexicon, *, crowd: bool, short: bool
) -> list[_Episode]:
    """Group sentences into events (see the module docstring).

    ``crowd``: the text is a note about one crowd event (it gives a crowd size), coded as one episode.
    ``short``: a short note reports an event by definition; if no sentence reaches ``min_score``, the
    best candidate of the whole note at ``fallback_score`` or more is its event.
    """
    if not readings:
        return []
    if crowd:
        weights = [1.0] + [0.9] * (len(readings) - 1)
        sub, score = _decide_crowd(_context(readings, weights), lex)
        return [_Episode(list(readings), weights, sub, score, _trigger(readings, sub, lex))]
    episodes = _merge_casualty_reports(_sentence_episodes(readings, options, lex), lex)
    if not episodes and short:
        # weak cues count for more when nothing stronger is said ("stopped and looted a boat")
        weights = [options.fallback_boost] * len(readings)
        best = _decide(_context(readings, weights))
        if best is not None and best[1] >= options.fallback_score:
            episodes = [_Episode(list(readings), weights, best[0], best[1], _trigger(readings, best[0], lex))]
    return episodes


def _merge_casualty_reports(episodes: list[_Episode], lex: EventLexicon) -> list[_Episode]:
    """Fold agentless casualty reports and crowd arrests into the demonstration or riot the text reports.

    "Eight security guards were reported killed" in a report about riots names no one who killed them: it is
    the riot's toll (ACLED counts it in the riot event), not a separate attack. An episode of violence whose
    opening sentence names no armed or crowd actor as the one acting joins the nearest Protests/Riots episode;
    so do arrests of people who are not armed ("twelve people were arrested"), which ACLED codes as the
    intervention in the demonstration, not as a separate strategic development.
    """
    crowd_events = [e for e in episodes if lex.subs[e.sub].event_type in PROTEST_FAMILY]
    if not crowd_events:
        return episodes
    acting = actor_mod.ARMED_KINDS | _CROWD_KINDS
    kept: list[_Episode] = []
    for episode in episodes:
        ctx = _context([episode.trigger], [1.0])  # the sentence that opened it: later ones are detail
        event_type = lex.subs[episode.sub].event_type
        casualties = event_type in ("Violence against civilians", "Battles") and not (
            (ctx.subject_kinds | ctx.party_kinds) & acting
        )
        arrests = episode.sub == "Arrests" and not (ctx.patient_kinds & actor_mod.ARMED_KINDS)
        if not (casualties or arrests):
            kept.append(episode)
            continue
        first = episode.readings[0].index
        target = min(crowd_events, key=lambda e: (abs(e.readings[0].index - first), e.readings[0].index))
        pairs = sorted(
            zip([*target.readings, *episode.readings], [*target.weights, *episode.weights], strict=True),
            key=lambda rw: rw[0].index,
        )
        target.readings = [r for r, _w in pairs]
        target.weights = [w for _r, w in pairs]
        # re-decide within the family: a peaceful protest followed by arrests had an intervention
        trial = _decide_in_family(_context(target.readings, target.weights), _family(target.sub, lex), lex)
        if trial is not None and trial[0] != target.sub and lex.subs[trial[0]].event_type in PROTEST_FAMILY:
            target.sub, target.score = trial
    return kept


def _decide_in_family(ctx: _Context, family: str, lex: EventLexicon) -> tuple[str, float] | None:
    """The best candidate of one event family (see :func:`_family`), or None."""
    cands = [(k, v) for k, v in _candidates(ctx).items() if _family(k, lex) == family]
    if not cands:
        return None
    return max(cands, key=lambda kv: kv[1])


def _trigger(readings: Sequence[_Reading], sub: str, lex: EventLexicon) -> _Reading:
    """The sentence that best supports ``sub`` on its own (the first one on a tie)."""
    best, best_score = readings[0], (-1.0, -1.0)

    def support(reading: _Reading) -> float:
        cands = _candidates(_context([reading], [1.0]))
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


def _sentence_episodes(readings: Sequence[_Reading], options: EventOptions, lex: EventLexicon) -> list[_Episode]:
    episodes: list[_Episode] = []
    current: _Episode | None = None
    for reading in readings:
        own = _decide(_context([reading], [1.0]))
        if (
            own is not None
            and own[1] >= options.min_score
            and (
                current is None
                or (own[1] >= options.new_event_score and _family(own[0], lex) != _family(current.sub, lex))
            )
        ):
            current = _Episode([reading], [1.0], own[0], own[1], reading)
            episodes.append(current)
            continue
        if current is not None and reading.index - current.readings[-1].index <= 2:
            # supporting detail: re-decide with the added sentence, staying in the same event family
            trial = _decide(_context([*current.readings, reading], [*current.weights, 0.9]))
            current.readings.append(reading)
            current.weights.append(0.9)
            if trial is not None and _family(trial[0], lex) == _family(current.sub, lex) and trial[1] >= current.score:
                current.sub, current.score = trial
            elif trial is not None and current.sub == "Mob violence" and reading.firearm and trial[0] != current.sub:
                # "two men executed a youth. Five shots were fired.": people with guns are no mob
                current.sub, current.score = trial
    return episodes


def _figure_owner(readings: Sequence[_Reading], episodes: Sequence[_Episode], short: bool) -> Callable[[Figure], int]:
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


def _place_for(geography: Geography, start_char: int, end_char: int, anchor: int) -> Place | None:
    """The event mention nearest the trigger in its sentence, else the first event mention, else the country.

    Within the sentence a town or a place near one outranks a region or country ("protesters in Kayes region
    marched to the governor's office in Kayes town"): a coder places the event at the most precise place
    the sentence gives it.
    """
    event_mentions = [m for m in geography.mentions if m.role == "event"]
    inside = [m for m in event_mentions if start_char <= m.start < end_char]
    if inside:
        return min(inside, key=lambda m: (m.place.geo_precision >= 3, abs(m.start - anchor))).place
    if event_mentions:
        return event_mentions[0].place
    return geography.country


def _fatalities(figs: Sequence[Figure]) -> tuple[int, int | None, int | None]:
    fn = getattr(figures_mod, "event_fatalities", None)
    if fn is not None:
        value, low, high = fn(tuple(figs))
        return int(value), low, high
    # placeholder until figures.event_fatalities lands: the ACLED values of killed figures, summed
    killed = [f for f in figs if f.kind == FigureKind.KILLED and f.acled_value is not None]
    total = sum(int(f.acled_value or 0) for f in killed)
    return total, total if killed else None, None


def _pick(
    mentions: Sequence[tuple[ActorMention, str]], kinds: frozenset[str], roles: tuple[str, ...]
) -> ActorMention | None:
    for role in roles:
        for mention, r in mentions:
            if r == role and mention.kind.kind in kinds:
                return mention
    return None


def _kind(lex: actor_mod.ActorLexicon, kind: str) -> ActorKind:
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
    doc: Any, episode: _Episode, pairs: Sequence[tuple[ActorMention, str]], lex: actor_mod.ActorLexicon
) -> list[tuple[str, ActorKind, ActorMention | None]]:
    """Actors of mob violence: rioters as actor1; as actor2 the state force they assaulted, the other side
    of a fight between groups of people (rioters too), or the victims: civilians, whatever group the
    victims belong to ("a Fulani pastoralist", "suspected thieves"), unless they are a named armed group.

    Only the sentence that reports the violence gives actor2: police who intervene afterwards
    ("the police intervened and arrested two men") are not the mob's opponent.
    """
    out: list[tuple[str, ActorKind, ActorMention | None]] = [("actor1", _kind(lex, "rioters"), None)]
    trigger = episode.trigger
    own = list(zip(trigger.mentions, trigger.roles, strict=True))
    state = _pick(own, frozenset({"police", "military", "state"}), ("patient", "party"))
    if state is not None:
        out.append(("actor2", state.kind, state))
        return out
    named = _pick(own, frozenset({"named"}), ("patient", "party"))
    if named is not None and named.kind.inter in (2, 3):
        out.append(("actor2", named.kind, named))
        return out
    victims = [m for m, r in own if r == "patient" and m.kind.kind not in _STATE_CONTEXT_KINDS]
    mutual = any(t.lower_ in ("each", "one") and t.nbor().lower_ in ("other", "another") for t in _tokens(doc, trigger))
    sides = [m for m, r in own if r in ("agent", "party") and m.kind.kind not in _STATE_CONTEXT_KINDS]
    symmetric = any(
        c.weight >= 2.0 and c.cls in ("CLASH", "MOB") and doc[c.head].lemma_.lower() in _MUTUAL_FIGHT
        for c in trigger.cues
    )
    if mutual or (symmetric and not any(m.kind.kind in actor_mod.ORDINARY_KINDS for m in victims)):
        out.append(("actor2", _kind(lex, "rioters"), None))  # two groups of people fought each other
    elif victims or any(m.kind.kind in actor_mod.ORDINARY_KINDS for m, _r in pairs if m not in sides):
        out.append(("actor2", _kind(lex, "civilians"), None))
    return out


def _identity(mention: ActorMention) -> bool:
    """True for a people or community (an ethnic group, herders, clansmen: ACLED inter 4 when armed), not
    for the words for its fighters ("militiamen", "Fulani militia")."""
    if not (mention.kind.kind == "communal" or (mention.kind.kind == "named" and mention.kind.inter == 4)):
        return False
    return not any(w in _FIGHTER_WORDS for w in mention.text.lower().replace("-", " ").split())


def _tokens(doc: Any, reading: _Reading) -> Any:
    """The tokens of a sentence, but the last (so that ``nbor()`` is always defined)."""
    return doc[reading.start : max(reading.start, reading.end - 1)]


def _actors(doc: Any, episode: _Episode, sub: SubEvent, country: Country | None, article: Article) -> tuple[Actor, ...]:
    lex = actor_mod.load_lexicon()
    trigger = episode.trigger
    pairs = list(zip(trigger.mentions, trigger.roles, strict=True))
    for reading in episode.readings[1:]:
        pairs.extend(zip(reading.mentions, reading.roles, strict=True))
    armed = actor_mod.ARMED_KINDS | {"government"}
    out: list[tuple[str, ActorKind, ActorMention | None]] = []

    def evidence_of(m: ActorMention | None) -> Evidence | None:
        if m is None:
            return None
        span = doc[m.start : m.end]
        return Evidence(article.id, span.start_char, span.end_char, span.text, actor_mod.STAGE)

    et, st = sub.event_type, sub.sub_event_type
    if et == "Protests":
        out.append(("actor1", _kind(lex, "protesters"), None))
        if st != "Peaceful protest":
            m = _pick(pairs, frozenset({"police", "military"}), ("agent", "party", "other", "patient"))
            out.append(("actor2", m.kind if m else _kind(lex, "police"), m))
    elif st == "Mob violence":
        out.extend(_mob_actors(doc, episode, pairs, lex))
    elif et == "Riots":
        out.append(("actor1", _kind(lex, "rioters"), None))
        m = _pick(pairs, frozenset({"police", "military"}), ("patient", "party", "agent", "other"))
        if m is None:
            m = _pick(pairs, frozenset(armed - {"police", "military"}), ("patient", "party", "other"))
        if m is not None:
            out.append(("actor2", m.kind, m))
        elif st == "Mob violence" and _pick(pairs, frozenset({"civilians", "crowd"}), ("patient", "party", "other")):
            out.append(("actor2", _kind(lex, "civilians"), None))
    else:
        # a people or community named as the victim ("attacked a Fulani camp", "assaulted Fulani herders") is
        # never the perpetrator: identity groups and militias are actor1 only as agents or sides
        doers = [(m, r) for m, r in pairs if not (r == "patient" and _identity(m))]
        agent = _pick(doers, frozenset(armed), ("agent", "party", "other", "patient"))
        symmetric = any(
            c.cls in ("CLASH", "SMALLARMS") and doc[c.head].lemma_.lower() in _SYMMETRIC and c.weight >= 2.0
            for c in trigger.cues
        )
        if et == "Battles" and symmetric:
            # "X clashed with Y", "X and Y exchanged fire": in a two-sided fight the side named first
            # (the subject) is actor1, as ACLED notes write it
            sides = [m for m, r in pairs if m.kind.kind in armed and r in ("agent", "party")]
            agent = sides[0] if sides else agent
        communal = et == "Battles" and any(
            any(part in _COMMUNAL_WORDS for part in doc[i].lower_.split("-"))
            for r in episode.readings
            for i in range(r.start, r.end)
        )
        if agent is None and communal:
            # "inter-clan violence erupted", "communal clashes": identity militias on both sides (inter 4)
            out.append(("actor1", _kind(lex, "communal"), None))
            out.append(("actor2", _kind(lex, "communal"), None))
        elif agent is None and et in ("Violence against civilians", "Explosions/Remote violence", "Battles"):
            # a community's people who raid a settlement act as a communal militia (inter 4)
            raiders = trigger.scores.get("RAID", 0.0) >= 2.5 and any(
                r in ("agent", "party")
                and m.kind.kind in actor_mod.ORDINARY_KINDS
                and doc[m.head].lemma_.lower() not in _INDIVIDUALS
                for m, r in zip(trigger.mentions, trigger.roles, strict=True)
            )
            out.append(("actor1", _kind(lex, "communal" if raiders else "unidentified"), None))
        elif agent is not None:
            out.append(("actor1", agent.kind, agent))
        if et == "Violence against civilians" or (
            et == "Explosions/Remote violence" and _pick(pairs, frozenset({"civilians", "crowd"}), ("patient", "other"))
        ):
            out.append(("actor2", _kind(lex, "civilians"), None))
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
            other = _pick(rest, frozenset(armed), ("patient", "party", "other", "agent"))
            if other is not None:
                out.append(("actor2", other.kind, other))
            elif st in {"Arrests", "Looting/property destruction"} and _pick(
                pairs, frozenset({"civilians", "crowd"}), ("patient", "other")
            ):
                out.append(("actor2", _kind(lex, "civilians"), None))
    result: list[Actor] = []
    for role, kind, m in out:
        own = m.country if m is not None else None
        result.append(
            actor_mod.make_actor(
                kind,
                role=role,
                own_country=own,
                event_country=country,
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
                        _kind(lex, "government"), role="actor1", own_country=None, event_country=country, evidence=ev
                    )
                )
            result.append(actor_mod.person_actor(p.text, role="assoc_actor_1", country=country, evidence=ev))
    return tuple(result)


def _anchors(reading: _Reading) -> list[_Cue]:
    """The trigger words of an event in its sentence: the cues of at least half the strongest cue's
    weight, strongest first (token order on a tie)."""
    positive = [c for c in reading.cues if c.weight > 0]
    if not positive:
        return []
    top = max(c.weight for c in positive)
    return sorted((c for c in positive if c.weight >= 0.5 * top), key=lambda c: (-c.weight, c.head))


_NOT_HAPPENED = frozenset({Certainty.FUTURE, Certainty.HYPOTHETICAL})


def _claim(doc: Any, reading: _Reading, article: Article) -> tuple[Claim, list[int]]:
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
    return claim, list(dict.fromkeys(c.head for c in cues))


def _dating_anchors(doc: Any, heads: Sequence[int]) -> list[int]:
    """The trigger words whose own clause may date the event, in order.

    A presupposed mention ("Tuesday's attack", "a day after teachers rallied") or a clause reported by a
    speaker ("denied that its fighters had killed civilians ... on Wednesday") carries the event's own
    date. A trigger word of the main clause stops the search: the sentence's date phrase is the event's
    ("On 3 May, residents protested ..., demanding justice for a man killed in April"); words in other
    background clauses (a relative clause about a person) are skipped.
    """
    speech = attribution.lexicon().speech
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


def _country_of(place: Place | None, geography: Geography, article: Article) -> Country | None:
    if place is not None and place.country_iso3:
        return actor_mod.country_by_iso3(place.country_iso3, place.country)
    if geography.country is not None and geography.country.country_iso3:
        return actor_mod.country_by_iso3(geography.country.country_iso3, geography.country.country)
    return actor_mod.country_by_iso3(article.country_hint)


@dataclasses.dataclass(slots=True)
class _Located:
    """An episode with the place, claim and date read around the sentence that opened it."""

    episode: _Episode
    place: Place | None
    claim: Claim
    date: DateSpan


def _locate(doc: Any, episode: _Episode, geography: Geography, article: Article) -> _Located:
    trig = episode.trigger
    anchor_cues = [c for c in trig.cues if c.weight > 0]
    anchor_tok = max(anchor_cues, key=lambda c: c.weight).head if anchor_cues else trig.start
    place = _place_for(geography, trig.start_char, trig.end_char, doc[anchor_tok].idx)
    sent_text = article.text[trig.start_char : trig.end_char]
    # the event's own clause dates it ("Tuesday's attack", "a day after teachers rallied"); else the sentence
    claim, anchors = _claim(doc, trig, article)
    date = dates.event_date(
        doc, _dating_anchors(doc, anchors), published=article.published, article_id=article.id
    ) or dates.resolve_date(sent_text, published=article.published, article_id=article.id, offset=trig.start_char)
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
                    if _family(k.episode.sub, lex) == _family(spot.episode.sub, lex)
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
    options: EventOptions = EventOptions(),
) -> tuple[Event, ...]:
    """The events reported in ``doc``; the first is the article's primary event.

    A text that reports no conflict or protest event yields an empty tuple.
    """
    lex = load_lexicon()
    keys = actor_mod.token_keys(doc)
    factors = domain_factors(keys, lex)
    readings = [_read_sentence(doc, sent, i, keys, lex, factors=factors) for i, sent in enumerate(doc.sents)]
    short = len(article.text) <= options.short_text
    crowd = _CROWD_SIZE.search(article.text) is not None
    episodes = _episodes(readings, options, lex, crowd=crowd, short=short)[: options.max_events]
    located = _fold_undated_repeats([_locate(doc, episode, geography, article) for episode in episodes], lex)
    episodes = [spot.episode for spot in located]
    events: list[Event] = []
    owner = _figure_owner(readings, episodes, short)
    for n, spot in enumerate(located):
        episode, place, claim, date = spot.episode, spot.place, spot.claim, spot.date
        sub = lex.subs[episode.sub]
        trig = episode.trigger
        country = _country_of(place, geography, article)
        own_figs = tuple(f for f in figures if owner(f) == n)
        fatalities, low, high = _fatalities(own_figs)
        actors = _actors(doc, episode, sub, country, article)
        inter1 = next((a.inter for a in actors if a.role == "actor1"), 0)
        inter2 = next((a.inter for a in actors if a.role == "actor2"), 0)
        plover, mode = sub.plover, sub.plover_mode
        if trig.scores.get("REQUEST", 0.0) >= 2.5 and sub.event_type == "Strategic developments":
            plover, mode = "REQUEST", None
        elif sub.sub_event_type in ("Change to group/activity", "Other") and trig.scores.get("OTHER", 0.0) >= 2.0:
            plover, mode = "SANCTION", None
        evidence = tuple(
            Evidence(article.id, r.start_char, r.end_char, article.text[r.start_char : r.end_char], STAGE)
            for r in episode.readings
        )
        events.append(
            Event(
                id=f"{article.id}:e{n + 1}",
                article_id=article.id,
                event_type=sub.event_type,
                sub_event_type=sub.sub_event_type,
                plover_type=plover,
                date=date,
                place=place,
                actors=actors,
                figures=own_figs,
                claim=claim,
                evidence=evidence,
                fatalities=fatalities,
                fatalities_low=low,
                fatalities_high=high,
                interaction=actor_mod.interaction(inter1, inter2),
                plover_mode=mode,
            )
        )
    log.debug("article %s: %d events", article.id, len(events))
    return tuple(events)
