"""Reading one sentence: cue words weighed by the parse, actor mentions and their roles.

Reads a parsed sentence, the token keys of its document and the :class:`~.lexicon.EventLexicon`; writes a
:class:`Reading` (step 1 and 2 of :mod:`flashpoint.extract.events`). A cue loses weight when the parse
shows it is not itself the event (:func:`cue_factor`, factors in :class:`~.options.CueFactors`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from flashpoint.extract import actors as actor_mod
from flashpoint.extract import clauses
from flashpoint.extract.actors import ActorMention
from flashpoint.extract.events.lexicon import MUTUAL_FIGHT, EventLexicon
from flashpoint.extract.events.options import CueFactors

_DEFAULT_FACTORS = CueFactors()
_MODAL_AUX = frozenset({"will", "would", "could", "may", "might", "should", "shall", "must"})
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "obj", "iobj", "attr", "oprd"})
_AGENT_DEPS = frozenset({"nsubj", "csubj"})
_PLANNED = frozenset(
    {"looming", "planned", "threatened", "proposed", "possible", "potential", "imminent", "upcoming", "impending",
     "intended", "mooted", "expected", "future", "pending", "scheduled"}
)  # fmt: skip
_SUFFER = frozenset({"kill", "wound", "injure", "hurt", "die", "maim"})
_DOER_CLASSES = frozenset({"ATTACK", "MOB", "CLASH", "RIOT", "LETHAL_FORCE", "RAID", "LOOT", "SMALLARMS"})
_TAKING_CLASSES = frozenset({"REGAIN", "OVERTAKE"})  # words of taking ground: "captured", "retook"
_CLIMB_DEPS = frozenset({"compound", "amod", "nmod", "appos", "poss", "nummod", "det"})
_FINITE_PAST = frozenset({"VBD", "VBZ", "VBP"})
# plan verbs that report the act itself when past: "the nurses organised a sit-in", "they went ahead with the strike"
_ORGANISE = frozenset({"organise", "organize", "mobilise", "mobilize", "proceed", "forge"})
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_NOBODY = frozenset({"nobody", "none", "nothing", "no-one", "noone"})
_FORCE_WORDS = frozenset(
    {"police", "policeman", "officer", "force", "troop", "soldier", "security", "gendarme", "army", "military"}
)


@dataclasses.dataclass(frozen=True, slots=True)
class Cue:
    """One cue word (or phrase) of a sentence: its class, weight after the parse factors and head token."""

    cls: str
    weight: float  # after context factors
    head: int  # token index


@dataclasses.dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence says: cue class scores, cues, actor mentions with roles."""

    index: int
    start: int  # token bounds
    end: int
    start_char: int
    end_char: int
    scores: Mapping[str, float]
    cues: tuple[Cue, ...]
    mentions: tuple[ActorMention, ...]
    roles: tuple[str, ...]  # "agent" | "party" | "patient" | "place" | "other", parallel to mentions
    label: str | None  # ACLED note label ("Movement of forces:") mapped to a sub-event
    plain: Mapping[str, float] | None = None  # class scores before presupposed mentions were lifted, if any were
    firearm: bool = False  # the sentence says guns or explosives were used ("shot", "opened fire", "rifles")
    doers: tuple[str, ...] = ()  # kinds of the parties doing violence (subjects, "by" agents, sides)
    communal: bool = False  # the sentence says the violence is between communities ("intercommunal clashes")
    takers: tuple[str, ...] = ()  # kinds of the parties taking ground: the subjects of "captured", "retook"


def cue_factor(
    doc: Any,
    head: int,
    span: range,
    cls: str,
    lex: EventLexicon,
    *,
    f: CueFactors,
    stop: int | None = None,
    question: bool = False,
) -> float:
    """How far the parse says a cue is the event itself (1.0) or only its reason, plan or negation.

    ``stop`` is the head of a presupposed event mention the cue belongs to, in a sentence whose own
    clause reports no event (:func:`_lift_references`): plans, reasons and relative clauses *above* that
    mention do not damp it ("the villagers fled after Sunday's attack on the market"). The factors are
    applied in turn: denial and other senses, then plans above the cue, then context, then reasons.
    """
    token = doc[head]
    factor = _denial_factor(token, cls, lex, f)
    factor = _plan_factor(token, span, lex, f, factor, stop=stop)
    if question or _conditional(token):
        factor *= f.hypothetical  # "if they hold a rally ...", "why do they bus people to a rally?"
    if _generic_head(token, lex):
        factor *= f.generic  # "the causes of fuel-price protests", "a rise in strikes"
    if _in_proper_name(token):
        factor *= f.proper_name  # "Fort Raid" (a place), not a raid
    if cls == "CLASH" and token.pos_ == "VERB" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in token.children):
        factor *= f.struggle  # "battling to stay afloat", "fighting to keep their jobs": a struggle, not a fight
    if stop is None and _in_relative_clause(token):
        factor *= f.relative_clause  # "mothers who say their sons were abducted held a vigil": background
    factor = _reason_factor(token, span, cls, lex, factor, f=f, stop=stop)
    if any(child.dep_ == "amod" and child.lower_ in _PLANNED for child in token.children):
        factor *= f.planned_modifier  # "the looming strike", "a planned march": not (yet) an event
    if (
        token.tag_ == "NNS"
        and token.dep_ == "pobj"
        and not _means(token)
        and not any(child.dep_ in ("det", "poss", "nummod") for child in token.children)
    ):
        factor *= f.bare_plural  # a bare plural in a phrase speaks of such events in general ("causes of protests")
    if _scare_quoted(token):
        factor *= f.scare_quoted  # 'her arrest, which they called "kidnapping"': a label for an act, not a report
    if token.dep_ == "ROOT":
        factor *= f.main_verb
    return factor


_QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"})


def _scare_quoted(token: Any) -> bool:
    """The cue word stands alone between quotation marks: the writer quotes someone's word for an act."""
    doc = token.doc
    i = token.i
    return 0 < i < len(doc) - 1 and doc[i - 1].text in _QUOTES and doc[i + 1].text in _QUOTES


def _denial_factor(token: Any, cls: str, lex: EventLexicon, f: CueFactors) -> float:
    """Negation, "no one", a crowd dispersing itself, an inanimate subject, another sense, a modal."""
    factor = 1.0
    if any(child.dep_ == "neg" for child in token.children) or any(
        child.dep_ == "neg" for child in token.head.children if token.dep_ in ("dobj", "xcomp")
    ):
        factor *= f.negated
    if _none_took_part(token):
        factor *= f.none_took_part  # "there were no arrests", "no one was killed": it did not happen
    if cls == "INTERVENTION" and _dispersed_itself(token):
        factor *= f.self_dispersed  # "the marchers dispersed peacefully": nobody broke the crowd up
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    if token.pos_ == "VERB" and any(
        child.dep_ == "nsubj" and child.lemma_.lower() in lex.inanimate_subjects for child in token.children
    ):
        factor *= f.inanimate_subject
    if (
        cls == "PROTEST"
        and token.pos_ == "VERB"
        and token.lemma_.lower() in lex.transitive_senses
        and token.lemma_.lower() != "protest"
        and any(child.dep_ in ("dobj", "ccomp") for child in token.children)
    ):
        factor *= f.transitive_sense
    if any(child.dep_ == "aux" and child.lower_ in _MODAL_AUX for child in verb.children):
        factor *= f.modal
    return factor


def _plan_factor(
    token: Any, span: range, lex: EventLexicon, f: CueFactors, factor: float, *, stop: int | None
) -> float:
    """Climb a few steps: a plan or threat above the cue ("threatened to strike", "called for a protest")."""
    node = token
    for _step in range(3):
        parent = node.head
        if node.i in (parent.i, stop):
            break
        lemma = parent.lemma_.lower()
        if node.dep_ == "conj" and node.tag_ in _FINITE_PAST and parent.tag_ == "VB":
            break  # "would not leave and hurled rocks": the finite verb is coordinated higher up
        if (
            parent.i not in span
            and lemma in lex.modal_heads
            and (node.dep_ in ("xcomp", "dobj", "pobj", "prep", "nsubjpass") or _infinitive_clause(node))
            and not (lemma in _ORGANISE and _past(parent))  # "the nurses organised a sit-in": it took place
        ):
            return factor * f.plan
        node = parent
    return factor


def _infinitive_clause(node: Any) -> bool:
    """A "to" infinitive the parser hung as an adverbial clause: "the group threatened on Tuesday to bomb
    the terminal" (a time phrase between the verb and its complement) is parsed so, and is still the
    threat's complement, not a purpose the speaker carried out."""
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
    return node.dep_ == "advcl" and node.tag_ == "VB" and to


def _reason_factor(
    token: Any, span: range, cls: str, lex: EventLexicon, factor: float, *, f: CueFactors, stop: int | None
) -> float:
    """Reason or cause: the cue sits inside "against ...", "over ...", "demanding ...", "after ..."."""
    node = token
    for _step in range(6):
        parent = node.head
        if node.i in (parent.i, stop):
            break
        lemma = parent.lemma_.lower()
        coordinate = node.dep_ in ("conj", "cc")  # "stopped and looted": two acts, not a reason
        if node.i == token.i and token.dep_ == "acl" and token.tag_ == "VBG":
            break  # "force against locals protesting": what the people named did, not what it was about
        # "the police stand accused of assaulting a driver": the passive reports the act itself
        reported = lemma in ("accuse", "allege", "suspect") and any(c.dep_ == "nsubjpass" for c in parent.children)
        if (
            not coordinate
            and not reported
            and parent.i not in span
            and lemma in lex.reason_heads
            and not (cls == "PROTEST" and lemma == "protest")
        ):
            return factor * f.reason
        node = parent
    return factor


def _means(token: Any) -> bool:
    """A bare plural that is the means of the act: "blocked the road by burning tyres" or "with burning tyres"
    says how it was done, not such events in general. Only with a present participle on the noun: "a town
    turned into a battlefield by clashes" names a cause, and "shelled with mortars filled with chlorine"
    stays damped."""
    return token.head.lower_ in ("by", "with") and any(c.dep_ == "amod" and c.tag_ == "VBG" for c in token.children)


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


def _conditional(token: Any) -> bool:
    """True when the cue stands in a condition ("if ..."/"unless ...")."""
    node = token
    for _step in range(6):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


def _question(sent: Any) -> bool:
    """True for a question ("why do they bus people to a rally?"), read once per sentence."""
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
    """True for a cue word that ends or sits inside a multi-word proper name ("Dolni Grad", a place)."""
    if token.pos_ != "PROPN" or token.is_sent_start:
        return False
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        return False  # "Grad rockets", "Chlorine gas": a weapon named before a common noun
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)


def _in_relative_clause(token: Any) -> bool:
    """True for a cue inside a relative clause that describes a person ("families who say their sons were
    abducted"); a clause about an event or a place ("the unrest, which started as a march") keeps its cues."""
    node = token
    for _step in range(4):
        if node.dep_ == "relcl":
            return any(t.lower_ in ("who", "whom", "whose") for t in node.subtree)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def context_kind(mention: ActorMention) -> str:
    """The kind a mention counts as in the codebook rules: a named state force (inter 1) is a state actor."""
    if mention.kind.kind == "named" and mention.kind.inter == 1:
        return "state"
    return mention.kind.kind


def _role(
    doc: Any, mention: ActorMention, events: frozenset[int] = frozenset(), violent: frozenset[int] = frozenset()
) -> str:
    """The part a mention plays in its clause: "agent", "party" (a side of a fight), "patient", "place" (a
    force word naming a building, :func:`_names_a_place`), "witness" (who found, recovered or released
    afterwards, :func:`_after_the_fact`) or "other".

    Voice and roles are read from the parse (``events``: token indexes of the sentence's event words):
    the subject of an active verb and the "by" phrase of a passive or of an event noun ("shells by rebel
    forces", "an attack attributed to the militia") act; so does an armed party that modifies an event
    noun ("coalition air raids", "the army's offensive") and the subject of a reporting passive ("police are
    accused of beating ...", "the rebels were said to have shelled ..."). The subject of a headline's
    reduced passive ("Two guards shot dead in raid") suffers the act. Objects, passive subjects and
    "on/against" phrases are patients; "between"/"with" phrases are the sides of a fight.
    """
    own = _own_head(doc, mention)
    struck = phrase_head(doc, mention)
    if struck.dep_ in _AGENT_DEPS and _struck_device(struck.head):
        return "patient"  # "an army patrol stepped on a mine": the patrol suffered, whatever it was doing
    if (
        mention.armed
        and own.dep_ in _MODIFIER_DEPS
        and own.head.i in events
        and _noun_slot(own.head)
        and (own.head.i in violent or not _targeted(own.head, events))
    ):
        return "agent"
    if context_kind(mention) in _STATE_KINDS and _names_a_place(own):
        return "place"
    head = phrase_head(doc, mention)
    dep = head.dep_
    gov = head.head
    if active_modifier(head) is not None:
        return "agent"
    if _after_the_fact(head, violent):
        return "witness"
    if dep in _AGENT_DEPS:
        return "patient" if _reduced_passive(gov) else "agent"
    if dep == "pobj" and gov.lower_ == "by":
        return "agent"
    if dep == "pobj" and gov.lower_ in ("to", "on") and gov.head.lemma_.lower() in _ASCRIBE:
        return "agent"
    if dep == "nsubjpass" and gov.lemma_.lower() in _REPORTING and _active_complement(gov):
        return "agent"
    if dep == "pobj" and gov.lower_ in ("between", "with"):
        return "party"
    if dep in _PATIENT_DEPS:
        return "patient"
    return "other"


def _noun_slot(token: Any) -> bool:
    """``role.noun_slot``: a noun, or a word in a noun's slot that the tagger read as a verb ("in Air Force
    strikes": the object of a preposition is a noun whatever its tag)."""
    return bool(token.pos_ in ("NOUN", "PROPN") or token.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass"))


# buildings and posts a force word can name ("a police station", "an army barracks", "police custody")
_FACILITIES = frozenset(
    {"station", "post", "headquarters", "barracks", "base", "camp", "custody", "cell", "academy", "compound",
     "office", "building", "hospital", "school", "college", "jail", "prison", "quarters", "garrison", "depot"}
)  # fmt: skip
# prepositions of where something happened ("beaten at the police post", "died in police custody")
# (not "near" or "outside": gunfire near a police post is mostly fire at it)
_WHERE = frozenset({"at", "in", "inside", "within"})
# verbs that aim at what follows "at" ("fired at a police post", "threw stones at an army camp")
_AIMING = frozenset({"fire", "shoot", "throw", "hurl", "lob", "aim", "target", "shell", "launch", "open"})


def _names_a_place(own: Any) -> bool:
    """``role.place_modifier``: a state force's word that only names the building where something happened ("a man
    was beaten at a police station", "died in army custody") is the place, not a party to the event; a
    building that is hit ("attacked a police station", "fired at an army post") keeps its force as the
    target."""
    noun = own.head
    if own.dep_ not in _MODIFIER_DEPS or noun.i == own.i or noun.lemma_.lower() not in _FACILITIES:
        return False
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _WHERE:
        return False
    return not (prep.lower_ == "at" and prep.head.lemma_.lower() in _AIMING)


def _targeted(noun: Any, events: frozenset[int]) -> bool:
    """Whether a noun is what another event word in the sentence hits: the object of an event verb
    ("ambushed an army convoy") or an "on/at/against" phrase ("opened fire on a police patrol"). Its
    armed modifier is then the target, not the one who acted (``role.targeted_modifier``), unless the
    noun is itself a word for violence ("repelled a rebel attack": the rebels attacked)."""
    if noun.dep_ in ("dobj", "obj", "nsubjpass") and noun.head.i in events:
        return True
    return bool(noun.dep_ == "pobj" and noun.head.lower_ in ("on", "at", "against", "upon"))


_MODIFIER_DEPS = frozenset({"compound", "poss", "nmod", "amod"})
# "an attack attributed to X", "killings blamed on X": the one it is put down to did it
_ASCRIBE = frozenset({"attribute", "blame", "ascribe", "claim"})
# "police are accused of beating", "the rebels were said to have shelled": the subject did it
_REPORTING = frozenset({"accuse", "suspect", "allege", "report", "believe", "say", "think", "blame", "alleged"})
# verbs whose subject in a headline's reduced passive suffered the act ("Two guards shot dead in raid")
_SUFFERED = frozenset({"kill", "shoot", "wound", "injure", "abduct", "kidnap", "behead", "hack", "stab", "lynch"})


def _active_complement(verb: Any) -> bool:
    """Whether a reporting passive reports an act of its subject: "accused of beating", "reported to have
    shelled", "believed to be behind"; not "reported killed", "said to have been abducted"."""
    for c in verb.children:
        if c.dep_ == "xcomp" and c.tag_ in ("VB", "VBG") and not any(g.dep_ == "auxpass" for g in c.children):
            return True
        if c.dep_ == "xcomp" and c.tag_ == "VBN" and any(g.lemma_ == "have" for g in c.children):
            return not any(g.dep_ == "auxpass" for g in c.children)
        if c.dep_ == "prep" and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children):
            return True
    return False


def _own_head(doc: Any, mention: ActorMention) -> Any:
    """The token of a mention whose head lies outside it (before climbing to the clause)."""
    for i in range(mention.start, mention.end):
        tok = doc[i]
        if not mention.start <= tok.head.i < mention.end or tok.head.i == tok.i:
            return tok
    return doc[mention.head]


# verbs of coming upon or answering an act after it happened ("the body was found by police", "the hostage
# was released by soldiers", "officers recovered the cattle"); not verbs of saying: "the army said it killed
# ten fighters" is the army's own act
_AFTERWARDS = frozenset(
    {"find", "discover", "recover", "retrieve", "rescue", "release", "free", "investigate", "identify", "examine",
     "evacuate", "transport"}
)  # fmt: skip


def _after_the_fact(head: Any, violent: frozenset[int]) -> bool:
    """``role.after_the_fact``: the subject or "by" agent of a verb of finding, recovering, rescuing or
    releasing (:data:`_AFTERWARDS`) came upon the act or answered it; it did not do it ("the body was found by
    police officers", "soldiers later recovered the stolen cattle"), even where the finding is how the report
    names the act ("a body was found"). Never when the verb is coordinated with a word for violence ("found
    and shot him")."""
    if head.dep_ in _AGENT_DEPS:
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ == "by":
        verb = head.head.head
    else:
        return False
    if verb.lemma_.lower() not in _AFTERWARDS:
        return False
    return not any(c.i in violent for c in verb.conjuncts)


# verbs of running into a device ("a truck struck a mine", "a patrol stepped on an IED") and the devices
# (not "detonate" or "trigger": "fighters detonated two bombs" is the fighters' act)
_STRIKE_VERBS = frozenset({"strike", "hit", "step", "run", "drive", "roll"})
_DEVICES = frozenset(
    {"mine", "landmine", "ied", "explosive", "device", "bomb", "ordnance", "booby", "booby-trap", "roadside"}
)


def _struck_device(verb: Any) -> bool:
    """``role.struck_device``: the subject of "struck", "hit", "stepped on" or "ran over" a mine or an IED
    (often a vehicle: "an army truck struck a landmine planted by rebels") suffered the blast; whoever laid
    the device is the one who acted. The device is the verb's object or the object of its particle
    preposition ("stepped on", "ran over", "drove into")."""
    if verb.lemma_.lower() not in _STRIKE_VERBS:
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    objects += [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "over", "into", "onto", "upon")
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    # "struck an IED apparently planted by ...": the small parser reads the device as the subject of a clause
    objects += [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
    return any(o.lemma_.lower() in _DEVICES or o.lower_ in _DEVICES for o in objects)


def _reduced_passive(verb: Any) -> bool:
    """A headline's reduced passive: "Two guards shot dead", "Three villagers killed in raid" (no object, no
    auxiliary; the participle, or a past form followed by "dead")."""
    if verb.lemma_.lower() not in _SUFFERED or any(c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children):
        return False
    dead = any(c.lower_ == "dead" for c in verb.children)
    return dead or (verb.tag_ == "VBN" and verb.dep_ == "ROOT")


# prepositions of a cause or a time: "protested after the killing of a trader", "marched over the arrest"
# name what people reacted to, not what they did (a grievance clause is a cause)
_CAUSE_PREPS = frozenset({"after", "over", "against", "following", "despite", "amid", "because", "before", "since"})


def active_modifier(head: Any) -> Any | None:
    """``role.misparsed_subject``: the verb a sentence-root noun is the subject of, when the parser hung
    the main verb on it as a modifier ("A group burned two men", parsed as a noun with a reduced
    relative). A past form, or a participle with its own direct object (a reduced passive has none), is
    active: the noun did it. None when the noun is no root or has no such verb."""
    if head.dep_ != "ROOT" or head.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in head.children:
        if c.dep_ != "acl" or c.i < head.i or c.tag_ not in ("VBD", "VBN"):
            continue
        verbs = [c, *c.conjuncts]
        if c.tag_ == "VBD" or any(g.dep_ in ("dobj", "obj") for v in verbs for g in v.children):
            return c
    return None


def _doer_kind(doc: Any, mention: ActorMention, violent: frozenset[int]) -> str | None:
    """The kind of a mention that does violence: the subject, "by" agent or side of a violence word
    (``violent``: token indexes of violence cues) or of a verb coordinated with one; None otherwise.

    "A man died after torture" and "four people killed in the fighting" (a reduced passive) name victims,
    not doers. Members of a group the lexicon does not know ("members of the Northern Star Brigade") are an
    organised party, never ordinary people.
    """
    head = phrase_head(doc, mention)
    acting = active_modifier(head)
    if acting is not None:
        gov = acting
    elif head.dep_ in _AGENT_DEPS:
        gov = head.head
        if gov.lemma_.lower() in _SUFFER and not any(c.dep_ == "dobj" for c in gov.children):
            return None  # "three villagers killed and nine hurt in the clashes": a headline's passive
    elif head.dep_ == "pobj" and head.head.lower_ in ("by", "with", "between"):
        gov = head.head.head
        if head.head.lower_ == "with" and gov.lemma_.lower() not in MUTUAL_FIGHT | {"engage"}:
            return None  # "killed after a braai with their children": company, not a side of a fight
    else:
        return None
    near = {gov.i, gov.head.i if gov.dep_ == "conj" else gov.i}
    for child in gov.children:
        if child.dep_ in ("conj", "xcomp", "advcl", "nsubj", "dobj"):
            near.add(child.i)
        elif child.dep_ == "prep" and child.lower_ not in _CAUSE_PREPS:
            near.update(g.i for g in child.children if g.dep_ == "pobj")
    if not near & violent:
        return None
    kind = context_kind(mention)
    if kind in actor_mod.ORDINARY_KINDS and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children) for c in head.children
    ):
        return "unidentified"
    return kind


def phrase_head(doc: Any, mention: ActorMention) -> Any:
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


_STATE_KINDS = frozenset({"police", "military", "government", "state"})
# kinds a people's members may be read as: ordinary people, or unknown armed men ("herder men armed with bows")
_PEOPLE_KINDS = actor_mod.ORDINARY_KINDS | {"unidentified"}
# words that say violence is between communities ("intercommunal clashes", "a clan feud")
COMMUNAL_WORDS = frozenset({"communal", "intercommunal", "clan", "tribal", "intertribal", "ethnic", "interethnic"})
# words that say someone died, and bladed or hand weapons: violence with them is organised, not a brawl
_LETHAL_WORDS = frozenset(
    {"kill", "killed", "die", "dead", "death", "murder", "slaughter", "massacre", "behead", "decapitate", "fatality",
     "fatal", "slay"}
)  # fmt: skip
_BLADE_WORDS = frozenset(
    {"machete", "knife", "cutlass", "spear", "arrow", "bow", "sword", "axe", "dagger", "blade", "stab", "hack",
     "rifle", "firearm", "gun"}
)  # fmt: skip


def _identity_militias(
    doc: Any,
    sent: Any,
    mentions: tuple[ActorMention, ...],
    roles: tuple[str, ...],
    *,
    violent: frozenset[int],
    lex: EventLexicon,
    beating: frozenset[int] = frozenset(),
) -> tuple[ActorMention, ...]:
    """Members of a people or livelihood community who do organised violence act as its militia (inter 4).

    "Herders killed two farmers", "Pokot and Turkana youths clashed with rifles": the side is an identity
    militia, not a mob. Violence is organised when someone is killed or weapons are used
    (:func:`_organised_violence`); a beating or a brawl with people wounded stays mob violence, and so does
    a lynching or a beating (``beating``: heads of mob cues, left out of ``violent``), whatever the
    weapon. Two rules (:func:`_communities_fight`, :func:`_turns_on_another`) widen this:

    - ``identity.two_communities``: two different communities named as the sides of one fight ("herders
      and farmers clashed over a field") are militias on both sides when the fight kills or uses weapons,
      said in its sentence or the next;
    - ``identity.cross_community``: one member of a people who uses weapons on a member of another
      community ("a Dinka man shot a farmer") acts for it; otherwise one person is never a militia
      (:func:`_many`).

    People who face police or soldiers ("farmers clashed with police") stay a crowd: a community turning
    on the state riots, it does not fight as a militia.
    """
    if not (violent or beating) or not any(m.identity for m in mentions):
        return mentions
    if any(r in ("patient", "party") and context_kind(m) in _STATE_KINDS for m, r in zip(mentions, roles, strict=True)):
        return mentions
    organised = _organised_violence(sent, lex)
    fighting = _communities_fight(doc, mentions, roles, violent | beating)
    if fighting and not organised:
        # the weapons or deaths of a fight are often told in the next sentence ("Three were wounded by
        # machetes"); without them two communities' brawl stays mob violence
        organised = sent.end < len(doc) and _organised_violence(doc[sent.end].sent, lex)
        fighting = fighting if organised else frozenset()
    if not fighting and (not violent or not organised):
        return mentions
    out: list[ActorMention] = []
    for m, r in zip(mentions, roles, strict=True):
        if (
            m.identity
            and m.kind.kind in _PEOPLE_KINDS
            and r != "patient"
            and (m in fighting or (_doer_kind(doc, m, violent) is not None and (
                _many(doc, m) or _turns_on_another(m, mentions, roles)
            )))
        ):  # fmt: skip
            out.append(dataclasses.replace(m, kind=_militia_of(m.identity)))
        else:
            out.append(m)
    return tuple(out)


def _communities_fight(
    doc: Any, mentions: Sequence[ActorMention], roles: Sequence[str], violent: frozenset[int]
) -> frozenset[ActorMention]:
    """The sides of a two-sided fight ("clashed", "fought") when they are at least two different
    communities ("herders and farmers clashed", "Tiv and Jukun youths fought"); empty otherwise."""
    if not any(doc[i].lemma_.lower() in MUTUAL_FIGHT for i in violent):
        return frozenset()
    sides = [
        m for m, r in zip(mentions, roles, strict=True)
        if r != "patient" and (m.identity or is_community(m)) and _doer_kind(doc, m, violent) is not None
    ]  # fmt: skip
    names = {m.identity or m.kind.kind for m in sides}
    return frozenset(sides) if len(names) >= 2 else frozenset()


def is_community(mention: ActorMention) -> bool:
    """An identity militia or a community the lexicon names as such (herders, clansmen)."""
    return mention.kind.kind == "communal" and mention.kind.inter == 4


def _turns_on_another(mention: ActorMention, mentions: Sequence[ActorMention], roles: Sequence[str]) -> bool:
    """Whether ``mention`` names a member of a people ("a Dinka man") and the sentence's victim belongs to
    another community ("stabbed a Nuer trader", "shot a farmer"). A farmer who kills a herder is one man
    in a quarrel; a people's member who turns on another community acts for it (ACLED's ethnic militia)."""
    if not mention.identity or not mention.identity[:1].isupper():
        return False
    return any(
        r == "patient" and m.identity and m.identity not in (mention.identity, "local")
        for m, r in zip(mentions, roles, strict=True)
    )


_BAND_WORDS = frozenset({"group", "number", "band", "gang", "crowd", "dozen", "dozens", "hundreds", "scores"})


def _many(doc: Any, mention: ActorMention) -> bool:
    """Whether a mention names several people: a militia is a group, one farmer who kills is not one."""
    head = doc[mention.head]
    if head.tag_ in ("NNS", "NNPS") or head.lower_ in ("people", "youth"):
        return True
    if mention.end - mention.start == 1 and head.text[:1].isupper():
        return True  # a people's name on its own names the people ("the Pokot attacked ...")
    return phrase_head(doc, mention).lemma_.lower() in _BAND_WORDS


def _organised_violence(sent: Any, lex: EventLexicon) -> bool:
    """Whether a sentence's violence kills or uses weapons (guns, explosives, blades): a militia's, not a mob's."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in _LETHAL_WORDS or lemma in _BLADE_WORDS or lemma in lex.firearm_words:
            return True
    return False


def _militia_of(identity: str) -> actor_mod.ActorKind:
    """The ACLED actor for the militia of a people ("Tiv Ethnic Militia") or of a livelihood community."""
    if identity[:1].isupper():
        return actor_mod.ActorKind("communal", 4, f"{identity} Ethnic Militia ({{country}})")
    return actor_mod.ActorKind("communal", 4, "Unidentified Communal Militia ({country})")


def _lift_references(
    doc: Any,
    cues: list[Cue],
    raw: Sequence[tuple[str, float, int, range]],
    lex: EventLexicon,
    f: CueFactors,
    *,
    question: bool,
) -> list[Cue]:
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
        lifted = weight * cue_factor(doc, head, span, cls, lex, f=f, stop=ref.head, question=question)
        if lifted > out[n].weight:
            out[n] = Cue(cls, lifted, head)
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


def read_sentence(
    doc: Any,
    sent: Any,
    index: int,
    keys: Sequence[tuple[str, str]],
    lex: EventLexicon,
    *,
    actors: actor_mod.ActorLexicon,
    factors: Mapping[str, float] = MappingProxyType({}),
    cue_factors: CueFactors = _DEFAULT_FACTORS,
) -> Reading:
    """What one sentence says: its cues weighed by the parse (:func:`cue_factor`; ``factors`` are the
    text's domain factors), class scores, actor mentions (``actors``: the actor lexicon) with their roles,
    and the note label if any."""
    f = cue_factors
    question = _question(sent)
    matches = lex.cues.find(doc, sent.start, sent.end, keys)
    # A longer phrase claims its tokens: "air strike" is not a labour strike, "hand grenade" not a hand. Only
    # the tokens it matched: the words in a gap ("fired 120mm mortars at rebel positions") keep their own cues.
    matches.sort(key=lambda m: -m.size)
    claimed: dict[int, tuple[int, str]] = {}
    cues: list[Cue] = []
    raw: list[tuple[str, float, int, range]] = []  # class, weight before the parse factors, head, tokens
    kept: dict[tuple[str, int], Any] = {}
    for m in matches:
        cls, weight = m.payload
        size = m.size
        own = m.tokens or range(m.start, m.end)
        if any(claimed.get(i, (0, cls))[0] > size and claimed[i][1] != cls for i in own):
            continue
        for i in own:
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
            weight = max(weight, f.qualified_strike)  # "taxi strike", "workers' strike", "national strike"
        weight *= factors.get(keys[head][0], 1.0) * factors.get("@" + cls, factors.get("@*", 1.0))
        w = weight * cue_factor(doc, head, range(m.start, m.end), cls, lex, f=f, question=question)
        raw.append((cls, weight, head, range(m.start, m.end)))
        cues.append(Cue(cls, w, head))
    lifted = _lift_references(doc, cues, raw, lex, f, question=question)
    plain = _totals(cues) if lifted != cues else None
    cues = lifted
    totals = _totals(cues)
    mentions = tuple(actor_mod.find_mentions(doc, sent.start, sent.end, keys, lexicon=actors))
    events = frozenset(c.head for c in cues if c.weight >= 1.0)
    violent = frozenset(c.head for c in cues if c.cls in _DOER_CLASSES and c.weight >= 1.0)
    roles = tuple(_role(doc, m, events, violent) for m in mentions)
    firearm = any(
        keys[i][0] in lex.firearm_words
        or (keys[i][0] == "fire" and (doc[i].pos_ == "VERB" or doc[i].head.lemma_.lower() == "open"))
        for i in range(sent.start, sent.end)
    )
    beating = frozenset(c.head for c in cues if c.cls == "MOB" and c.weight >= 1.0) - frozenset(
        c.head for c in cues if c.cls in _DOER_CLASSES - {"MOB"} and c.weight >= 1.0
    )
    mentions = _identity_militias(doc, sent, mentions, roles, violent=violent - beating, lex=lex, beating=beating)
    doers = tuple(
        k for k in (_doer_kind(doc, m, violent) for m, r in zip(mentions, roles, strict=True) if r != "patient") if k
    )
    taking = frozenset(c.head for c in cues if c.cls in _TAKING_CLASSES and c.weight >= 1.0)
    takers = tuple(k for k in (_doer_kind(doc, m, taking) for m in mentions) if k) if taking else ()
    label = None
    if index == 0:
        text = sent.text
        colon = text.find(":")
        if 0 < colon <= 45:
            label = lex.labels.get(text[:colon].strip().lower())
    return Reading(
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
        any(part in COMMUNAL_WORDS for i in range(sent.start, sent.end) for part in keys[i][1].split("-")),
        takers,
    )


def _totals(cues: Sequence[Cue]) -> dict[str, float]:
    """Class scores of a sentence: the strongest cue of each class plus half of the others."""
    scores: dict[str, list[float]] = {}
    for cue in cues:
        scores.setdefault(cue.cls, []).append(cue.weight)
    return {cls: max(ws) + 0.5 * (sum(ws) - max(ws)) for cls, ws in scores.items()}
