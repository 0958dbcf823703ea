"""Clauses: which part of a sentence an event word belongs to, and whether the sentence takes it as given.

Reads a parsed spaCy ``Doc`` (dependencies, tags, entity types) and one token of it; writes
:class:`Reference` records (frozen, no I/O). Used by :mod:`flashpoint.extract.events` (cue weights),
:mod:`flashpoint.extract.dates` (the date of the event's own clause) and
:mod:`flashpoint.extract.attribution` (certainty of the event's own clause).

Follow-up reports often mention an incident only inside another statement: "37 students were missing
after *Tuesday's attack on the school*", "the government condemned *the car bombing at the checkpoint*",
"the opposition would hold more rallies *after police broke up Friday's march*", "the rebels denied
responsibility for *Thursday's grenade attack*". Such a mention is *presupposed*: the sentence takes the
event as having happened whatever its main verb says (a plan, a denial of something else, a
condemnation). This module recognises three shapes from the parse, not from word lists about incidents:

* **nominal**: a definite noun phrase (article, demonstrative or possessor) anchored by a date ("Tuesday's
  attack", "the Thursday attack"), a place or target phrase ("the bombing at the checkpoint", "the attack
  on the school") or a past relative clause ("the attack that killed an officer"), unless it is the
  direct object of a plan, denial or cancellation verb or of a verb under a modal ("denied the massacre",
  "would hold the march in Tarna" are not presupposed);
* **clause**: a past-tense clause introduced by a temporal conjunction ("after police broke up ...",
  "a day after teachers rallied ...", "since troops fired ...");
* **relative**: a past relative clause about a thing or an event ("..., which it said killed eight").
"""

from __future__ import annotations

import calendar
import dataclasses
import logging
from typing import Any

log = logging.getLogger(__name__)

NAME = "clauses"
VERSION = "0.1.0"
STAGE = f"{NAME}@{VERSION}"

_DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
_TEMPORAL_MARKS = frozenset({"after", "since", "following", "when", "before", "until"})
# prepositions that place or target an event noun: "the attack on the school", "the bombing at the checkpoint"
_ANCHOR_PREPS = frozenset(
    {"in", "at", "on", "near", "outside", "inside", "along", "across", "around", "between", "off", "into"}
)
_DATE_PREPS = frozenset({"on", "during", "overnight"})
_DATE_WORDS = frozenset(
    {d.lower() for d in calendar.day_name}
    | {m.lower() for m in calendar.month_name if m}
    | {"yesterday", "today", "weekend", "week", "month"}
)
# verbs whose direct object is an event that is denied, planned, called for, cancelled or prevented, not one
# that took place: "denied the massacre", "planned the march", "called off the strike", "banned the rally"
_NOT_PRESUPPOSING = frozenset(
    {"deny", "reject", "dismiss", "refute", "rebut", "disown", "debunk", "plan", "call", "announce", "organise",
     "organize", "schedule", "postpone", "cancel", "ban", "prohibit", "prevent", "avert", "foil", "thwart",
     "threaten", "propose", "consider", "prepare", "intend", "want", "vow", "pledge", "promise", "urge", "permit",
     "allow", "authorise", "authorize", "approve", "hold", "stage", "fear", "expect", "predict", "warn", "avoid",
     "mobilise", "mobilize", "suspend"}
)  # fmt: skip
_MODALS = frozenset({"will", "would", "could", "may", "might", "should", "shall", "must", "wo", "'ll", "ca", "can"})
_PERSON_RELATIVES = frozenset({"who", "whom", "whose"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
# dependencies that open a clause of its own (leaving one means leaving the event's own clause)
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"})
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod"})


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    """An event mention the sentence takes as given (see the module docstring).

    ``kind`` is "nominal", "clause" or "relative"; ``head`` the token index of the referring noun or
    clause verb (its subtree is the reference); ``frame`` the index of the clause verb the reference
    hangs from, or None when it hangs from nothing (a headline fragment).
    """

    kind: str
    head: int
    frame: int | None


def is_past(verb: Any) -> bool:
    """A verb that reports something done: simple past, a perfect, or a past passive."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ != "VBN":
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in _MODALS for c in aux):
        return False
    return any(c.lemma_ == "have" or c.tag_ == "VBD" for c in aux) or verb.dep_ in ("relcl", "acl")


def clause_verb(token: Any) -> Any | None:
    """The verb of the clause a token belongs to (the token itself when it is one), or None."""
    node = token
    for _step in range(10):
        if node.pos_ in ("VERB", "AUX") and not (node.pos_ == "AUX" and node.dep_ in ("aux", "auxpass")):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def phrase_head(token: Any) -> Any:
    """The head noun of the phrase a word modifies ("grenade" in "the grenade attack" -> "attack")."""
    node = token
    for _step in range(3):
        if node.dep_ in _PHRASE_DEPS and node.head.i != node.i and node.head.pos_ in ("NOUN", "PROPN"):
            node = node.head
        else:
            break
    return node


def is_date_word(token: Any) -> bool:
    """A word that names a day, a week or a month ("Tuesday", "May", "week")."""
    return bool(token.lower_ in _DATE_WORDS or (token.ent_type_ == "DATE" and not token.like_num))


def has_date(noun: Any) -> bool:
    """Whether an event noun carries its own date ("Tuesday's attack", "the Thursday attack", "the raid on Monday")."""
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "nmod", "npadvmod", "amod") and (
            is_date_word(c) or any(is_date_word(g) for g in c.children if g.dep_ in ("compound", "amod", "poss"))
        ):
            return True
        if c.dep_ == "prep" and c.lower_ in _DATE_PREPS and any(is_date_word(g) for g in c.children):
            return True
    return False


def _definite(noun: Any) -> bool:
    return any((c.dep_ == "det" and c.lower_ in _DEFINITE_DETS) or c.dep_ == "poss" for c in noun.children) or has_date(
        noun
    )


def _anchored(noun: Any) -> bool:
    if has_date(noun):
        return True
    if noun.dep_ == "dobj" and any(
        c.dep_ == "prep" and c.lower_ in _ANCHOR_PREPS and c.i == noun.right_edge.i + 1 for c in noun.head.children
    ):
        return True  # "condemned the bombing at a checkpoint": the parser often hangs the place on the verb
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in _ANCHOR_PREPS:
            return True
        if c.dep_ in ("relcl", "acl") and is_past(c) and not any(t.lower_ in _PERSON_RELATIVES for t in c.subtree):
            return True
    return False


def _under_modal(verb: Any) -> bool:
    """A verb under a modal, or an infinitive ("would hold", "to stage")."""
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS | {"to"} for c in verb.children):
        return True
    return bool(verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl"))


def _frame_of(node: Any) -> int | None:
    if node.head.i == node.i:
        return None
    verb = clause_verb(node.head)
    return None if verb is None else int(verb.i)


def _nominal(token: Any) -> Reference | None:
    noun = phrase_head(token)
    if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_.startswith("VB"):
        return None
    if not (_definite(noun) and _anchored(noun)):
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return None
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and noun.head.pos_ in ("VERB", "AUX"):
        verb = noun.head
        if (
            verb.lemma_.lower() in _NOT_PRESUPPOSING
            or _under_modal(verb)
            or any(c.dep_ == "neg" for c in verb.children)
        ):
            return None
    return Reference("nominal", int(noun.i), _frame_of(noun))


_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "compound", "amod", "nmod", "agent", "attr", "conj"})
_INSTRUMENT_PREPS = frozenset({"with", "by", "using"})


def _argument_of(token: Any, verb: Any) -> bool:
    """Whether ``token`` is the verb or part of what the verb does or is done with ("police broke up
    Friday's march with tear gas": "gas" is; "vans involved in the kidnapping": "kidnapping" is not)."""
    node = token
    for _step in range(8):
        if node.i == verb.i:
            return True
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ in _INSTRUMENT_PREPS:
            node = node.head.head
            continue
        if node.dep_ not in _ARGUMENT_DEPS or node.head.i == node.i:
            return False
        node = node.head
    return False


def _clause(token: Any) -> Reference | None:
    verb = clause_verb(token)
    if verb is None or not is_past(verb) or not _argument_of(token, verb):
        return None
    if verb.dep_ in ("advcl", "conj", "ccomp") and any(
        c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS for c in verb.children
    ):
        return Reference("clause", int(verb.i), _frame_of(verb))
    if verb.dep_ == "pcomp" and verb.head.lower_ in _TEMPORAL_MARKS:
        return Reference("clause", int(verb.i), _frame_of(verb.head))  # "after having stormed the office"
    if token.i != verb.i:
        return None
    # a relative clause whose verb is the event: "the bombing, which (it said) killed eight"
    rel = verb.head if verb.dep_ == "ccomp" and verb.head.dep_ == "relcl" else verb
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    pronoun = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in RELATIVE_PRONOUNS]
    if (
        rel.dep_ == "relcl"
        and rel.head.pos_ in ("NOUN", "PROPN")
        and pronoun
        and len(subjects) <= 1
        and not any(t.lower_ in _PERSON_RELATIVES for t in rel.subtree)
    ):
        return Reference("relative", int(rel.i), _frame_of(rel.head))
    return None


def reference(token: Any) -> Reference | None:
    """The presupposed event mention ``token`` belongs to, or None when the sentence does not take it as given.

    ``token`` is an event word (a cue head): the noun of a nominal mention, a word inside it, or a word of
    a clause. A definite, anchored noun phrase is checked first, then the clause the word belongs to.
    """
    return _nominal(token) or _clause(token)


def in_subtree(token: Any, head: Any) -> bool:
    """Whether ``token`` lies in the subtree of ``head`` (``head`` itself included)."""
    return bool(token.i == head.i or head.is_ancestor(token))
