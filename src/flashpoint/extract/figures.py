"""Figures: casualty and impact counts with intervals, victim groups and ACLED/UCDP values.

Reads a parsed article (a spaCy ``Doc`` whose text is :attr:`Article.text`) and writes
:class:`~flashpoint.records.Figure` records: people killed, injured, arrested, missing, displaced or
kidnapped (and unspecified "casualties"), each with the phrase that says so, the interval of the count,
the victim group, the ACLED and UCDP values and the :class:`~flashpoint.records.Claim` that carries it.

How: a trigger (a verb such as "kill", an adjective such as "dead", a noun such as "fatalities") points,
through the dependency parse, to the noun that is counted ("eight security guards were killed": the
passive subject; "killing two": the object; "2 fatalities": the noun itself). The count is read from the
words in front of that noun by :mod:`flashpoint.extract.quantities`. Each counted noun gives at most one
figure per kind, so a phrase is never counted twice; numbers that no casualty word governs ("18 million
inhabitants") give nothing. :func:`event_fatalities` turns an event's figures into ACLED fatalities.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.extract.attribution import attribute
from flashpoint.extract.quantities import Quantity, parse_quantity
from flashpoint.records import Article, Certainty, Evidence, Figure, FigureKind

log = logging.getLogger(__name__)

NAME = "figures"
VERSION = "0.2.4"
STAGE = f"{NAME}@{VERSION}"

_NOMINAL = frozenset({"NOUN", "PROPN", "NUM", "PRON", "ADJ", "DET", "X"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_ZERO_PRON = frozenset({"nobody", "none"})
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"})  # fmt: skip
_BACKGROUND_MARKS = frozenset({"after", "following", "over", "against", "since", "for", "into", "behind"})
_BACKGROUND_VERBS = frozenset({"honour", "honor", "mourn", "commemorate", "condemn", "denounce", "protest",
                               "investigate", "demand", "avenge", "remember", "bury"})  # fmt: skip
_WEAK_HEADS = frozenset({"forces", "force", "members", "member", "man", "men", "male", "males", "person",
                         "youth", "youths", "individual", "individuals"})  # fmt: skip
_NOT_COUNTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
# kinds whose verbs also take things as objects ("seized two vehicles"): the counted noun must be a person
_STRICT_LEMMAS = frozenset({"seize", "capture", "evacuate", "execute", "eliminate", "neutralise", "neutralize",
                            "displace", "hurt", "imprison", "jail", "uproot", "take", "body"})  # fmt: skip
_CODED_AS = re.compile(
    r"\b(?:fatalit(?:y|ies)|deaths?)\b[^.;]{0,30}?\bcoded as (?P<n>\d+|[a-z]+(?:-[a-z]+)?)\b", re.IGNORECASE
)


@dataclasses.dataclass(frozen=True, slots=True)
class FigureLexicon:
    """The casualty lexicon (``data/figure_lexicon.json``)."""

    verbs: MappingProxyType[str, str]
    intransitive: MappingProxyType[str, str]
    adjectives: MappingProxyType[str, str]
    nouns: MappingProxyType[str, str]
    ambiguous_nouns: MappingProxyType[str, str]
    shoot_dead: frozenset[str]
    quantity_nouns: frozenset[str]
    generic: frozenset[str]
    groups: MappingProxyType[str, str]  # word -> victim group


@lru_cache(maxsize=1)
def lexicon() -> FigureLexicon:
    """Load the casualty lexicon once per process."""
    try:
        raw: dict[str, Any] = json.loads(
            resources.files("flashpoint.data").joinpath("figure_lexicon.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read figure_lexicon.json: {exc}") from exc
    groups = {word: group for group, words in raw["victim_groups"].items() for word in words}
    return FigureLexicon(
        verbs=MappingProxyType(dict(raw["verbs"])),
        intransitive=MappingProxyType(dict(raw["intransitive"])),
        adjectives=MappingProxyType(dict(raw["adjectives"])),
        nouns=MappingProxyType(dict(raw["nouns"])),
        ambiguous_nouns=MappingProxyType(dict(raw["ambiguous_nouns"])),
        shoot_dead=frozenset(raw["shoot_dead"]),
        quantity_nouns=frozenset(raw["quantity_nouns"]),
        generic=frozenset(raw["generic_nouns"]),
        groups=MappingProxyType(groups),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Hit:
    kind: FigureKind
    victims: str
    quantity: Quantity
    start: int  # character span of the figure phrase in the document
    end: int
    key: tuple[int, ...]  # token indexes of the counted nouns
    background: bool = False
    total: bool = False  # a running total over a period (see _running_total)


# --------------------------------------------------------------------------------------------
# From a trigger to the counted nouns


def _is_passive(tok: Any) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    return bool(tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod", "xcomp", "oprd", "conj", "ccomp", "advcl"))


def _subjects(tok: Any) -> list[Any]:
    subs = [c for c in tok.children if c.dep_ in _SUBJ and c.ent_type_ not in _NOT_COUNTS]
    if subs:
        return subs
    if tok.dep_ in ("xcomp", "oprd", "ccomp", "conj") and tok.head != tok:
        # "were believed to have died", "were shot and wounded": the subject is the head's
        subs = [c for c in tok.head.children if c.dep_ in _SUBJ and c.ent_type_ not in _NOT_COUNTS]
        if subs:
            return subs
    left = _left_noun(tok)
    return [left] if left is not None else []


def _prev_noun(tok: Any) -> Any | None:
    """The counted noun right before a bare participle ("1 soldier killed", "23 rebels dead")."""
    i = tok.i - 1
    while i >= tok.sent.start and tok.doc[i].dep_ == "advmod":
        i -= 1
    if i < tok.sent.start:
        return None
    cand = tok.doc[i]
    if (cand.pos_ in ("NOUN", "PROPN", "NUM") and any(c.dep_ == "nummod" for c in cand.children)) or cand.like_num:
        return cand
    return None


def _left_noun(tok: Any) -> Any | None:
    """The noun phrase right before a verb group whose subject the parser lost.

    Dateline-style openings ("On 3 May, in Town, Region, a man was shot ...") often come out of the
    small parser with the subject hung as an apposition of the place; the passive verb then has no
    subject. Take the noun ending just before the auxiliaries and climb out of prepositional phrases
    ("a fugitive from the prison system was killed" -> fugitive).
    """
    if not any(c.dep_ in ("auxpass", "aux") and c.i < tok.i for c in tok.children):
        return None
    i = min(c.i for c in tok.children if c.dep_ in ("auxpass", "aux") and c.i < tok.i) - 1
    doc = tok.doc
    while i >= tok.sent.start and doc[i].dep_ in ("advmod", "punct") and doc[i].lower_ not in (",", ";"):
        i -= 1
    if i < tok.sent.start:
        return None
    cand = doc[i]
    if cand.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    while cand.dep_ == "pobj" and cand.head.dep_ == "prep" and cand.head.head.pos_ in ("NOUN", "PROPN", "NUM"):
        cand = cand.head.head
    if cand.ent_type_ in _NOT_COUNTS or cand.ent_type_ == "GPE":
        return None
    return cand


def _objects(tok: Any) -> list[Any]:
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if objs:
        return objs
    for other in tok.conjuncts:  # "shooting and wounding an unspecified number of guards"
        if other.pos_ == "VERB":
            objs = [c for c in other.children if c.dep_ == "dobj"]
            if objs:
                return objs
    return []


def _resolve_relative(tok: Any, verb: Any) -> Any:
    """A relative pronoun subject ("people who were killed") stands for the noun the clause modifies."""
    if tok.lower_ in _RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return tok


#: dependency labels the parser gives a verb's particle ("passed away": prt, or advmod when it hesitates)
_PARTICLE = frozenset({"prt", "advmod"})


def _phrasal_kind(verb: Any, lex: FigureLexicon) -> str | None:
    """The kind of a multi-word verb of the lexicon, its lemma and a particle or complement of its own
    ("rounded up 40 youths", "were burned alive", "were taken hostage")."""
    lemma = verb.lemma_.lower()
    for c in verb.children:
        if c.dep_ in _PHRASE_PARTS:
            kind = lex.verbs.get(f"{lemma} {c.lower_}")
            if kind is not None:
                return kind
    return None


#: dependency labels of the second word of a multi-word verb: particle, predicate complement, adverb
_PHRASE_PARTS = frozenset({"prt", "oprd", "acomp", "advmod"})


def _noun_lemma(tok: Any, lex: FigureLexicon) -> str:
    """A noun's lemma for the lexicon; a plural whose singular is a lexicon noun reads as that singular even
    where the model lemmatises it otherwise ("corpses" -> "corps")."""
    lemma = str(tok.lemma_.lower())
    singular = tok.lower_[:-1]
    if lemma not in lex.nouns and tok.tag_ == "NNS" and tok.lower_.endswith("s") and singular in lex.nouns:
        return str(singular)
    return lemma


def _counted(tok: Any, lex: FigureLexicon) -> list[tuple[FigureKind, Any, Any]]:
    """(kind, counted noun, trigger) readings of one token."""
    lower, lemma = tok.lower_, tok.lemma_.lower()
    out: list[tuple[FigureKind, Any, Any]] = []

    def add(kind: str, heads: Iterable[Any]) -> None:
        out.extend((FigureKind(kind), h, tok) for h in heads)

    # the English model tags every VBN/VBD/VBG word VERB or (be, have, do) AUX: no auxiliary is a casualty word
    if tok.pos_ == "VERB":
        kind = lex.verbs.get(lemma) or _phrasal_kind(tok, lex)
        if (
            kind is None
            and lemma in lex.shoot_dead
            and (
                any(c.lower_ == "dead" for c in tok.children)
                or any(c.lower_ == "to" and any(g.lemma_ == "death" for g in c.children) for c in tok.children)
            )
        ):
            kind = "killed"  # "shot dead two men", "a man was stabbed to death"
        if kind != "killed" and _fatally(tok):
            kind = "killed"  # "fatally shot", "fatally assaulted": the victims died
        if kind is None and lemma == "lose" and any(c.lemma_ == "life" for c in tok.children):
            add("killed", (_resolve_relative(s, tok) for s in _subjects(tok)))
            return out
        if kind is not None:
            own_objects = [c for c in tok.children if c.dep_ == "dobj"]
            # "men armed with knives killed and mutilated a guard", misparsed as a participle modifying
            # "knives": a coordinated verb's object makes the pair active
            shared_object = tok.dep_ == "acl" and not own_objects and bool(_objects(tok))
            if (_is_passive(tok) or _headline_passive(tok)) and not own_objects and not shared_object:
                heads = [_resolve_relative(s, tok) for s in _subjects(tok)]
                if not heads and tok.dep_ in ("acl", "amod") and tok.head.pos_ in _NOMINAL:
                    heads = [tok.head]  # "1,000 injured", "people killed in the attack"
                if not heads:
                    prev = _prev_noun(tok)  # "resulting in 1 soldier killed"
                    heads = [prev] if prev is not None else []
                add(kind, heads)
            else:
                objs = _objects(tok)
                if not objs and tok.tag_ == "VBN":  # headline-style ellipsis: "2 wounded"
                    objs = [s for s in _subjects(tok) if s.like_num or s.pos_ == "NUM"]
                add(kind, objs)
            return out
        kind = lex.intransitive.get(lemma)
        if kind is None and lemma == "pass" and any(c.lower_ == "away" for c in tok.children if c.dep_ in _PARTICLE):
            kind = "killed"  # "the wounded guard passed away in hospital": a phrasal verb, not a lemma
        if kind is None and lower in lex.adjectives and not any(c.dep_ == "dobj" for c in tok.children):
            kind = lex.adjectives[lower]  # "four fishermen are missing": the adjective read as a verb ("miss")
        if kind is not None:
            add(kind, (_resolve_relative(s, tok) for s in _subjects(tok)))
            return out
    if lower in lex.adjectives and tok.pos_ in ("ADJ", "VERB", "NOUN"):
        kind = lex.adjectives[lower]
        if tok.dep_ in ("acomp", "attr") and tok.pos_ == "ADJ":
            add(kind, (_resolve_relative(s, tok.head) for s in _subjects(tok.head)))
        elif tok.dep_ in ("oprd", "xcomp", "ccomp") and tok.head.lemma_ in _FOUND_DEAD:
            objs = [c for c in tok.head.children if c.dep_ == "dobj"]
            # "leaving four people dead" parsed as a small clause: the people are the adjective's subject
            own = [c for c in tok.children if c.dep_ in _SUBJ and c.ent_type_ not in _NOT_COUNTS]
            add(kind, objs or own or list(_subjects(tok.head)))
        elif tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            add(kind, [tok.head])
        elif tok.dep_ in ("advcl", "acl", "conj") and _prev_noun(tok) is not None:
            add(kind, [_prev_noun(tok)])  # "resulting in 23 rebels dead"
        elif tok.dep_ not in ("amod", "acomp", "oprd") and any(
            c.dep_ in ("nummod", "quantmod") or c.lower_ in ("no", "several", "many", "dozens") for c in tok.children
        ):
            add(kind, [tok])  # "27 dead", "1,000 injured" used as a noun
        return out
    lemma = _noun_lemma(tok, lex)
    if tok.pos_ in ("NOUN", "PROPN") and lemma in lex.nouns and _ones_own(tok):
        add(lex.nouns[lemma], [tok])  # "resulting in his death": one person
        return out
    if tok.pos_ in ("NOUN", "PROPN") and (lemma in lex.nouns or lemma in lex.ambiguous_nouns):
        kind = lex.nouns.get(lemma)
        if kind is None:
            explicit = any(c.dep_ in ("nummod", "amod", "quantmod") for c in tok.children)
            if not explicit or not _sentence_speaks_of_killing(tok.sent, lex):
                return out
            kind = lex.ambiguous_nouns[lemma]
        of_objs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj"]  # fmt: skip
        if any(c.dep_ in ("nummod", "det", "amod", "quantmod") for c in tok.children) or (
            tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in lex.quantity_nouns
        ):
            head = tok.head.head if tok.dep_ == "pobj" and tok.head.head.lower_ in lex.quantity_nouns else tok
            if of_objs and head == tok and not any(c.dep_ == "nummod" for c in tok.children):
                add(kind, of_objs)  # "the deaths of at least nine miners"
            else:
                add(kind, [head])
        elif of_objs:
            add(kind, of_objs)
        elif _unnumbered_deaths(tok):
            add(kind, [tok])  # "incurring fatalities": deaths reported without a number (see _count)
        return out
    if lemma == "toll" and any(c.lemma_ == "death" for c in tok.children):
        add("killed", _toll_numbers(tok))
    return out


# --------------------------------------------------------------------------------------------
# Death expressions (issue 14): relative clauses about the event, "fatally", headline passives,
# "feared dead", "his death", totals across coordinated clauses

# verbs after which "dead" says someone died: "left two dead", "found dead", "feared dead", "presumed dead"
_FOUND_DEAD = frozenset({"leave", "find", "report", "declare", "fear", "presume", "believe", "confirm", "pronounce"})
_CONSEQUENCE = frozenset({"result", "leave", "cause", "claim", "see"})  # "which resulted in", "which left"
_SINGULAR_POSS = frozenset({"his", "her"})


def _event_relative(relcl: Any) -> bool:
    """A relative clause that tells what happened in the event, not about a person: "... exchanged fire,
    in which one civilian was killed", "an ambush during which two died", "a raid, which left four dead"."""
    for child in relcl.children:
        if child.dep_ == "prep" and any(g.lower_ in ("which", "whom") for g in child.children):
            return True
        if child.lower_ == "where" and child.dep_ == "advmod":
            return True
    subject_which = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that") for c in relcl.children)
    return subject_which and relcl.lemma_.lower() in _CONSEQUENCE


def _fatally(verb: Any) -> bool:
    """ "fatally shot", "fatally assaulted", "mortally wounded": the victims died."""
    return any(c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in verb.children)


def _headline_passive(verb: Any) -> bool:
    """A headline's reduced passive: a casualty verb with a counted subject and no object or auxiliary
    ("Two soldiers killed, three hurt in ambush", "Three guards shot dead")."""
    if verb.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children):
        return False
    if any(c.dep_ == "dobj" for conj in verb.conjuncts for c in conj.children):
        return False  # "gunmen killed and wounded twenty people": the object is shared
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(
        any(g.dep_ in ("nummod", "quantmod") or g.like_num for g in s.subtree) for s in subjects
    )


def _ones_own(noun: Any) -> bool:
    """A death or killing of one person named by a pronoun: "resulting in his death"."""
    return not any(c.dep_ == "nummod" for c in noun.children) and any(
        c.dep_ == "poss" and c.lower_ in _SINGULAR_POSS for c in noun.children
    )


def _join_coordinated(pairs: Sequence[tuple[_Hit, Any]]) -> list[_Hit]:
    """Deaths of one victim group from coordinated clauses are different people: "killed four civilians in
    one village and beheaded a man in another" is five. Hits of the same kind and group whose triggers are
    conjoined verbs in one sentence are summed into the first."""
    out: list[_Hit] = []
    used: set[int] = set()
    for n, (hit, trigger) in enumerate(pairs):
        if n in used:
            continue
        parts = [hit]
        for m in range(n + 1, len(pairs)):
            other, other_trigger = pairs[m]
            if (
                m not in used
                and other.kind is hit.kind is FigureKind.KILLED
                and other.victims == hit.victims
                and other_trigger.i != trigger.i
                and other_trigger.pos_ == trigger.pos_ == "VERB"
                and other_trigger in trigger.conjuncts
            ):
                parts.append(other)
                used.add(m)
        if len(parts) == 1:
            out.append(hit)
            continue
        q = _sum_quantities([p.quantity for p in parts])
        key = tuple(i for p in parts for i in p.key)
        out.append(dataclasses.replace(hit, quantity=q, end=max(p.end for p in parts), key=key))
    return out


def _toll_numbers(tok: Any) -> list[Any]:
    """The number a death toll stands at ("rose to 31", "a toll of 31", "the toll is 31", "raised the toll to
    31": the toll's own words, and its verb's when the toll is that verb's subject or object)."""
    places = [tok, tok.head] if tok.dep_ in _SUBJ or tok.dep_ == "dobj" else [tok]
    for p in places:
        for c in p.subtree:
            if c.i > tok.i and (c.like_num or c.pos_ == "NUM") and c.dep_ in ("pobj", "attr", "dobj", "nummod"):
                return [c]
    return []


def _sentence_speaks_of_killing(sent: Any, lex: FigureLexicon) -> bool:
    for t in sent:
        lemma = t.lemma_.lower()
        if lex.verbs.get(lemma) == "killed" or lex.intransitive.get(lemma) == "killed":
            return True
        if lex.nouns.get(lemma) == "killed" or lex.adjectives.get(t.lower_) == "killed":
            return True
    return False


# --------------------------------------------------------------------------------------------
# From a counted noun to a count and a victim group


def _is_numberish(tok: Any) -> bool:
    return bool(tok.like_num or tok.pos_ == "NUM")


def _of_object(tok: Any) -> Any | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _person_like(tok: Any, lex: FigureLexicon) -> bool:
    lower = tok.lower_
    return bool(
        lower in lex.groups
        or tok.lemma_.lower() in lex.groups
        or lower in lex.generic
        or tok.ent_type_ in ("PERSON", "NORP")
        or _group_from_modifiers(tok, lex) is not None
    )


def _group_from_modifiers(tok: Any, lex: FigureLexicon) -> str | None:
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < tok.i:
            g = lex.groups.get(c.lower_) or lex.groups.get(c.lemma_.lower())
            if g is not None:
                return g
    pobj = _of_object(tok)
    if pobj is not None:
        return _victim_group(pobj, lex)
    return None


def _victim_group(tok: Any, lex: FigureLexicon) -> str:
    """Normalise the counted noun to civilians | security forces | attackers | protesters | rebels | unknown."""
    lower, lemma = tok.lower_, tok.lemma_.lower()
    head_group = lex.groups.get(lower) or lex.groups.get(lemma)
    if _is_numberish(tok) or lower in lex.quantity_nouns:
        pobj = _of_object(tok)
        return _victim_group(pobj, lex) if pobj is not None else "unknown"
    if head_group is not None and lower not in _WEAK_HEADS:
        return head_group
    mod = _group_from_modifiers(tok, lex)
    if mod is not None:
        return mod
    return head_group or "unknown"


def _text_before(span: Any, chars: int = 16) -> str:
    """The few characters before ``span`` in its document: enough to see a month name before a day."""
    return str(span.doc.text[max(0, span.start_char - chars) : span.start_char])


# plural nouns that say people died: "incurring fatalities", "deaths were reported"
_DEATH_PLURALS = frozenset({"fatalities", "deaths"})
_NEGATORS = frozenset({"no", "without", "nor", "neither", "any"})


def _unnumbered_deaths(noun: Any) -> bool:
    """A plural death noun with no count and no "of" object, affirmed: "the attack caused fatalities",
    not "with no reports of fatalities", "did not cause deaths" or "the number of deaths is unknown"."""
    if noun.lower_ not in _DEATH_PLURALS or noun.tag_ != "NNS":
        return False
    if any(c.dep_ not in ("punct", "cc", "conj", "prep") for c in noun.children):
        return False
    node = noun
    for _step in range(4):
        if any(c.dep_ == "neg" or c.lower_ in _NEGATORS for c in node.children) or node.lower_ in _NEGATORS:
            return False
        if node.lower_ == "number" or node.head.i == node.i or node.pos_ in ("VERB", "AUX"):
            return bool(node.lower_ != "number")
        node = node.head
    return True


def _stated_toll(number: Any, trigger: Any) -> bool:
    """Whether ``number`` is what a death toll is said to be ("the death toll is 22"): the complement of the
    copula whose subject is the toll. The small model tags such a bare number a date at times."""
    return bool(trigger.lemma_.lower() == "toll" and number.dep_ == "attr" and number.head == trigger.head)


def _count(head: Any, lex: FigureLexicon, *, toll: bool = False) -> tuple[Quantity, int, int] | None:
    """The count of one counted noun, with the character span of the counting words (``toll``: the number a
    death toll is said to be, whatever entity the model gives it)."""
    doc = head.doc
    if (head.ent_type_ in _NOT_COUNTS and not toll) or head.lower_ in _MONTHS:
        return None
    if _is_numberish(head) or head.lower_ in lex.quantity_nouns or head.lower_ in _ZERO_PRON:
        left = head.left_edge.i
        span = doc[left : head.i + 1]
        # "tens of thousands of people": the quantity noun's own "of" object is part of the count
        pobj = _of_object(head)
        if pobj is not None and pobj.lower_ in lex.quantity_nouns:
            span = doc[left : pobj.i + 1]
        q = parse_quantity(span.text, singular_ok=head.lower_ in ("one", "a"), before=_text_before(span))
        if q is None and head.lower_ in _ZERO_PRON:
            q = Quantity(0, 0, 0, 0, 0, len(head.text))
        if q is None:
            return None
        return q, span.start_char + q.start, span.start_char + q.end
    if head.pos_ == "PRON":
        if head.lower_ in ("him", "her") and head.dep_ == "dobj":
            return Quantity(1, 1, 1, 1, 0, len(head.text)), head.idx, head.idx + len(head.text)  # "killing him"
        return None
    prefix_tokens = [c for c in head.children if c.i < head.i and c.dep_ in
                     ("nummod", "det", "amod", "quantmod", "advmod", "compound", "predet", "nmod")]  # fmt: skip
    if prefix_tokens:
        left = min(t.left_edge.i for t in prefix_tokens)
        span = doc[left : head.i]
        singular = head.tag_ in ("NN", "NNP") and head.lower_ not in lex.quantity_nouns
        q = parse_quantity(span.text, singular_ok=singular, before=_text_before(span))
        if q is not None:
            return q, span.start_char + q.start, span.start_char + q.end
    if _unnumbered_deaths(head):
        # ACLED's value for deaths reported without a number is the one it gives "an unknown number"
        q = parse_quantity("an unknown number")
        return (q, head.idx, head.idx + len(head.text)) if q is not None else None
    if head.tag_ in ("NN", "NNP") and (_person_like(head, lex) or head.ent_type_ == "PERSON"):
        if head.lower_ in ("family", "group", "crowd", "people", "number"):
            return None
        return Quantity(1, 1, 1, 1, 0, len(head.text)), head.idx, head.idx + len(head.text)
    return None


def _counted_group_of_same_kind(noun: Any, kind: FigureKind, lex: FigureLexicon) -> bool:
    """Whether ``noun`` is named as part of a counted group that a word of the same kind already counts.

    "Nine people had died, including two who succumbed to their wounds": the relative clause makes the two
    a death figure of their own, but they are among the nine, so they are no second claim. A group counted
    for another kind stays apart: in "twenty were wounded, including three who later died" the three deaths
    are new.
    """
    if noun.dep_ == "pobj" and noun.head.lower_ == "including":
        group = noun.head.head
    elif noun.dep_ == "appos" and any(
        c.dep_ == "prep" and c.lower_ in ("among", "amongst") and any(p.pos_ == "PRON" for p in c.children)
        for c in noun.children
    ):
        group = noun.head
    else:
        return False
    if group.pos_ in ("VERB", "AUX"):  # "eleven were killed, including three who ...": the phrase on the verb
        word = group
        members = [c for c in group.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i < noun.i]
    else:
        word, members = group.head, [group]
    if not any(m.pos_ == "NUM" or any(c.dep_ == "nummod" or c.like_num for c in m.children) for m in members):
        return False
    lemma = word.lemma_.lower()
    group_kind = lex.verbs.get(lemma) or lex.intransitive.get(lemma) or lex.adjectives.get(word.lower_)
    return group_kind == kind.value


def _member_of_another_count(noun: Any, trigger: Any) -> bool:
    """Whether ``noun`` is named as one of a group the trigger has counted just before it.

    "Police arrested 56 people, among them the coalition's spokesperson Ilka Korva": the parser may
    make the spokesperson a second object of "arrested" (with "among them" on her or on the verb), but
    she is one of the 56, not one more arrest.
    """
    earlier = [c.i for c in trigger.children if c.dep_ == "dobj" and c.i < noun.i]
    if not earlier:
        return False
    return any(
        c.dep_ == "prep"
        and min(earlier) < c.i < noun.i
        and (
            c.lower_ == "including" or (c.lower_ in ("among", "amongst") and any(p.pos_ == "PRON" for p in c.children))
        )
        for c in (*noun.children, *trigger.children)
    )


# animals killed or stolen in a raid are no fatalities: "killed 40 head of cattle", "a dozen sheep"
_ANIMALS = frozenset(
    {"sheep", "goat", "cow", "cattle", "ox", "oxen", "camel", "donkey", "horse", "livestock", "animal",
     "pig", "chicken", "dog", "bull", "calf"}
)  # fmt: skip


def _animals(noun: Any) -> bool:
    """Whether a counted noun names animals, directly or through "of" ("a dozen sheep", "dozens of goats")."""
    of = _of_object(noun)
    return noun.lemma_.lower() in _ANIMALS or (of is not None and of.lemma_.lower() in _ANIMALS)


def _hits_for(kind: FigureKind, head: Any, trigger: Any, lex: FigureLexicon) -> list[_Hit]:
    """One hit per victim group among the counted noun and its conjuncts ("two women and a man")."""
    while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN", "NUM"):
        head = head.head  # "25 fighters and 6 military fatalities": count the whole conjunction
    nouns = [head, *[c for c in head.conjuncts if c.pos_ in ("NOUN", "PROPN", "NUM") and c.i > head.i]]
    strict = trigger.lemma_.lower() in _STRICT_LEMMAS or kind in (FigureKind.DISPLACED,)
    by_group: dict[str, list[tuple[Any, Quantity, int, int]]] = {}
    for noun in nouns:
        if strict and not (_is_numberish(noun) or _person_like(noun, lex) or noun.lower_ in lex.quantity_nouns):
            continue
        if _member_of_another_count(noun, trigger) or _animals(noun) or _counted_group_of_same_kind(noun, kind, lex):
            continue
        counted = _count(noun, lex, toll=_stated_toll(noun, trigger))
        if counted is None:
            continue
        q, s, e = counted
        group = _victim_group(noun, lex)
        by_group.setdefault(group, []).append((noun, q, s, e))
    hits: list[_Hit] = []
    for group, parts in by_group.items():
        qs = [p[1] for p in parts]
        q = qs[0] if len(qs) == 1 else _sum_quantities(qs)
        start = min(*(p[2] for p in parts), *(p[0].idx for p in parts))
        end = max(p[0].idx + len(p[0].text) for p in parts)
        # extend over an "of" object of a quantity noun ("Dozens of attackers")
        for p in parts:
            pobj = _of_object(p[0])
            if pobj is not None and (p[0].lower_ in lex.quantity_nouns or _is_numberish(p[0])):
                end = max(end, pobj.idx + len(pobj.text))
        # include the trigger when it sits close to the counted words
        t_start, t_end = trigger.idx, trigger.idx + len(trigger.text)
        if abs(trigger.i - head.i) <= 8:
            start, end = min(start, t_start), max(end, t_end)
        hits.append(_Hit(kind, group, q, start, end, tuple(p[0].i for p in parts), _background(trigger)))
    return hits


_DURATION_NOUNS = frozenset({"year", "decade", "month", "week", "century"})
_PERIOD_PREPS = frozenset({"in", "over", "during", "throughout", "for", "since", "across"})
_CONFLICT_NOUNS = frozenset({"war", "conflict", "insurgency", "violence", "fighting", "unrest", "crisis", "uprising",
                             "rebellion", "campaign", "hostility"})  # fmt: skip
_PERIOD_STARTS = frozenset({"start", "beginning", "outbreak", "onset"}) | _CONFLICT_NOUNS


def _running_total(trigger: Any) -> bool:
    """Whether a casualty figure counts a whole period rather than one incident (issue 11).

    Read on the clause of the trigger (the trigger itself when it is a verb, else the verb it hangs from):
    a period phrase ("in ten years of war", "over the past decade", "since 1980", "since the conflict
    began") or a conflict as the killer ("the war has killed more than 7,000", "the insurgency has claimed
    thousands of lives"). Such numbers are context for an article, never one event's fatalities.
    """
    verb = trigger
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb.lemma_.lower() in ("kill", "claim", "leave", "cause") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _CONFLICT_NOUNS for c in verb.children
    ):
        return True
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in _PERIOD_PREPS):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            if _names_a_period(obj, since=prep.lower_ == "since"):
                return True
    # "since the war began", "since fighting erupted": a clause opened by "since" about a conflict's start
    return any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)
        and any(g.dep_ in ("nsubj", "nsubjpass") and g.lemma_.lower() in _CONFLICT_NOUNS for g in c.children)
        for c in verb.children
    )


def _names_a_period(obj: Any, *, since: bool) -> bool:
    """A period object: "ten years (of war)", "the past decade", after "since" a year or a war's start."""
    lemma = obj.lemma_.lower()
    if lemma in _DURATION_NOUNS and (
        obj.tag_ in ("NNS", "NNPS") or any(c.dep_ in ("nummod", "amod") for c in obj.children)
    ):
        return True
    if since and (lemma in _PERIOD_STARTS or (obj.like_num and len(obj.text) == 4)):
        return True
    return (
        any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.lemma_.lower() in _CONFLICT_NOUNS for g in c.children)
            for c in obj.children
        )
        and lemma in _DURATION_NOUNS
    )


def incident_fatalities(figures: Sequence[Figure], *, violent: bool) -> tuple[int, int | None, int | None]:
    """ACLED fatalities of one coded event, with the rules of issue 11 around :func:`event_fatalities`.

    Running totals (:attr:`Figure.total`) never count. A figure given as background of the sentence that
    names it ("the government condemned the assassination of X") counts when the event itself is the
    violent incident (the event *is* that assassination); for a protest or a development about it, it
    stays background.
    """
    kept = [f for f in figures if not f.total]
    if violent:
        kept = [dataclasses.replace(f, background=False) if f.background else f for f in kept]
    return event_fatalities(kept)


def _background(trigger: Any) -> bool:
    """Whether a casualty is given as cause or context of what the sentence reports.

    Walks from the trigger up to the sentence root: a relative clause ("a man who died"), a clause or
    phrase opened by after/following/over/against/since/for/into, or a verb of mourning or protest
    ("honour", "condemn") on the way marks the deaths as background of another event.
    """
    tok = trigger
    steps = 0
    while tok.head != tok and steps < 12:
        if tok.dep_ == "relcl" and not _event_relative(tok):
            return True
        if any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in tok.children):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ in _BACKGROUND_MARKS:
            return True
        tok = tok.head
        if tok.lemma_.lower() in _BACKGROUND_VERBS:
            return True
        steps += 1
    return False


def _sum_quantities(qs: Sequence[Quantity]) -> Quantity:
    def total(values: Iterable[int | None]) -> int | None:
        vals = list(values)
        return None if any(v is None for v in vals) else sum(v for v in vals if v is not None)

    return Quantity(
        low=total(q.low for q in qs),
        best=total(q.best for q in qs),
        high=total(q.high for q in qs),
        acled=total(q.acled for q in qs),
        start=min(q.start for q in qs),
        end=max(q.end for q in qs),
        vague=any(q.vague for q in qs),
    )


# --------------------------------------------------------------------------------------------
# Public API


def extract_figures(doc: Any, *, article: Article) -> tuple[Figure, ...]:
    """Every casualty/impact figure in ``doc``, each with its claim and evidence.

    ``doc`` must be the parse of ``article.text`` (character offsets are shared). Figures come in text
    order; the same counted noun never yields two figures of one kind.
    """
    lex = lexicon()
    pairs: list[tuple[_Hit, Any]] = []
    seen: set[tuple[FigureKind, int]] = set()
    for tok in doc:
        for kind, head, trigger in _counted(tok, lex):
            for found in _hits_for(kind, head, trigger, lex):
                hit = dataclasses.replace(found, total=True) if _running_total(trigger) else found
                keys = [(hit.kind, i) for i in hit.key]
                if any(k in seen for k in keys):
                    continue
                seen.update(keys)
                pairs.append((hit, trigger))
    hits = _with_coded_totals(doc, _join_coordinated(pairs))
    hits.sort(key=lambda h: (h.start, h.end))
    figures = tuple(_to_figure(doc, h, article) for h in hits)
    log.debug("%s: %d figures in article %s", STAGE, len(figures), article.id)
    return figures


def _with_coded_totals(doc: Any, hits: Sequence[_Hit]) -> list[_Hit]:
    """``hits`` with the totals a note states itself: a stated total takes the place of the death words it
    contains ("Fatalities coded as 2" is two deaths, not also deaths of an unknown number)."""
    coded = _coded_as_hits(doc, hits)
    kept = [
        h for h in hits
        if not (h.kind is FigureKind.KILLED and any(c.start <= h.start and h.end <= c.end for c in coded))
    ]  # fmt: skip
    return [*kept, *coded]


def _coded_as_hits(doc: Any, hits: Sequence[_Hit]) -> list[_Hit]:
    """Coders' notes state their own total (a note ending "... coded as 10")."""
    out: list[_Hit] = []
    for m in _CODED_AS.finditer(doc.text):
        n = parse_quantity(m.group("n"))
        if n is None or n.best is None:
            continue
        start, end = m.start(), m.end()
        if any(h.kind is FigureKind.KILLED and h.start <= m.start("n") < h.end for h in hits):
            continue
        q = Quantity(n.best, n.best, n.best, n.best, 0, end - start)
        out.append(_Hit(FigureKind.KILLED, "unknown", q, start, end, (-1 - start,)))
    return out


def _ucdp(q: Quantity) -> tuple[int | None, int | None, int | None]:
    """UCDP GED low/best/high: best is the conservative reading (the low end for vague words)."""
    best = q.low if q.vague else (q.best if q.best is not None else q.low)
    high = q.high if q.high is not None else best
    return q.low, best, high


def _to_figure(doc: Any, hit: _Hit, article: Article) -> Figure:
    text = article.text  # the parsed text (see extract_figures); doc.text rebuilds it from every token per call
    claim = attribute(doc, hit.start, hit.end, article=article)
    ucdp_low, ucdp_best, ucdp_high = _ucdp(hit.quantity)
    return Figure(
        kind=hit.kind,
        victims=hit.victims,
        phrase=text[hit.start : hit.end],
        low=hit.quantity.low,
        best=hit.quantity.best,
        high=hit.quantity.high,
        acled_value=hit.quantity.acled,
        ucdp_low=ucdp_low,
        ucdp_best=ucdp_best,
        ucdp_high=ucdp_high,
        claim=claim,
        evidence=Evidence(article.id, hit.start, hit.end, text[hit.start : hit.end], STAGE),
        background=hit.background,
        total=hit.total,
    )


_NOT_HAPPENED = frozenset({Certainty.DENIED, Certainty.HYPOTHETICAL, Certainty.FUTURE})


def event_fatalities(figures: Sequence[Figure]) -> tuple[int, int | None, int | None]:
    """ACLED fatalities of one event from its figures, with the interval (value, low, high).

    ACLED's rules: only deaths count (injuries, arrests, "casualties" = 0); deaths of the perpetrators
    count too, so the groups are added up; within one group the most conservative figure is taken; a
    coder's own total ("fatalities coded as 10") overrides everything; vague words take ACLED's values
    ("dozens" 12). Denied, hypothetical and future deaths do not count. ``high`` is ``None`` when any
    counted figure has no upper bound.
    """
    deaths = [
        f for f in figures if f.kind is FigureKind.KILLED and f.acled_value is not None
        and f.claim.certainty not in _NOT_HAPPENED and not f.background
    ]  # fmt: skip
    if not deaths:
        return 0, 0, 0
    coded = [f for f in deaths if "coded as" in f.phrase.lower()]
    if coded:
        v = coded[0].acled_value or 0
        return v, v, v
    by_group: dict[str, list[Figure]] = {}
    for f in deaths:
        by_group.setdefault(f.victims, []).append(f)

    def pick(group: list[Figure]) -> Figure:
        return min(group, key=lambda f: f.acled_value or 0)

    specific = [pick(g) for name, g in by_group.items() if name != "unknown"]
    generic = pick(by_group["unknown"]) if "unknown" in by_group else None
    chosen = specific
    if generic is not None and (generic.acled_value or 0) >= sum(f.acled_value or 0 for f in specific):
        chosen = [generic]
    value = sum(f.acled_value or 0 for f in chosen)
    low = sum((f.low if f.low is not None else f.acled_value or 0) for f in chosen)
    highs = [f.high for f in chosen]
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    return value, low, high
