"""Actors: ACLED-style actor names, inter codes and countries.

Reads a parsed spaCy ``Doc`` (tokens, lemmas, dependencies) and the packaged actor lexicon
(``data/actor_lexicon.json``); writes :class:`ActorMention` values (what kind of party a phrase names,
which country it belongs to) and, once the event extractor has chosen an event's place and roles,
:class:`~flashpoint.records.Actor` records named in ACLED's style ("Protesters (Albania)",
"Police Forces of Kenya", "Unidentified Armed Group (Mali)") with ACLED inter codes:
1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters, 6 protesters,
7 civilians, 8 external/other forces (a state force acting outside its own country is 8).

The module also provides :class:`LemmaPhraseIndex`, the small lemma-sequence matcher shared with the
event extractor, and :func:`ruler_patterns` for the backbone's entity ruler.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from flashpoint.errors import ConfigError
from flashpoint.records import Actor, Evidence

log = logging.getLogger(__name__)

NAME = "actors"
VERSION = "0.4.0"
STAGE = f"{NAME}@{VERSION}"

P = TypeVar("P")

_PIECE = re.compile(r"[\w.]+|'s|[^\w\s]")
ARMED_KINDS = frozenset({"police", "military", "unidentified", "gang", "communal", "rebels", "named", "state"})
STATE_KINDS = frozenset({"police", "military", "government"})
ORDINARY_KINDS = frozenset({"crowd", "civilians"})  # ordinary people: not organised, not armed
# "a group of Tiv", "members of the Berom community": nouns that make a people word a gathering of people
_GATHERING_HEADS = frozenset({"group", "number", "member", "crowd", "community", "family"})
_ARMED_WORDS = frozenset({"armed", "heavily-armed", "gun-wielding", "gun-toting"})


def _pieces(phrase: str) -> list[str]:
    """Split a lexicon phrase the way the spaCy tokenizer splits text (hyphens, possessives)."""
    return _PIECE.findall(phrase.lower())


@dataclasses.dataclass(frozen=True, slots=True)
class _Element:
    words: frozenset[str]
    pos: str | None  # "N" noun, "V" verb, or None for any
    gap: int  # tokens allowed between the previous element and this one


@dataclasses.dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[P]):
    """A lexicon phrase found in a doc: token span ``[start, end)``, the payload and the phrase's size."""

    start: int
    end: int
    payload: P
    size: int  # number of pattern elements (longer phrases win overlaps)
    tokens: tuple[int, ...] = ()  # the token of each element: a gap ("fire ~4 at") holds words of its own


class LemmaPhraseIndex(Generic[P]):
    """Match lexicon phrases against tokens by lower-cased lemma or surface form.

    A phrase is a space-separated sequence of elements; ``a|b`` gives alternatives, ``~N`` lets up to N
    tokens stand between two elements, ``word/N`` or ``word/V`` restricts the element to a noun or a verb.
    Matches never cross the ``end`` bound given to :meth:`find` (callers pass sentence bounds).
    """

    def __init__(self, entries: Iterable[tuple[str, P]]) -> None:
        index: dict[str, list[tuple[tuple[_Element, ...], P]]] = {}
        for phrase, payload in entries:
            for elements in self._compile(phrase):
                for word in elements[0].words:
                    index.setdefault(word, []).append((elements, payload))
        self._index = MappingProxyType({k: tuple(v) for k, v in index.items()})

    @staticmethod
    def _segment(text: str, gap: int) -> list[tuple[_Element, ...]]:
        """The options of one segment: ``|``-separated alternative phrases, single words pooled."""
        singles: dict[str | None, set[str]] = {}
        options: list[tuple[_Element, ...]] = []
        for alternative in text.split("|"):
            pos: str | None = None
            words = alternative.strip()
            if words.endswith(("/N", "/V")):
                words, pos = words[:-2], words[-1]
            pieces = _pieces(words)
            if len(pieces) == 1:
                singles.setdefault(pos, set()).add(pieces[0])
            elif pieces:
                first = _Element(frozenset({pieces[0]}), None, gap)
                options.append((first, *(_Element(frozenset({w}), None, 0) for w in pieces[1:])))
        options.extend((_Element(frozenset(ws), pos, gap),) for pos, ws in singles.items())
        return options

    @classmethod
    def _compile(cls, phrase: str) -> list[tuple[_Element, ...]]:
        """Compile one lexicon phrase into its element sequences.

        ``~N`` splits a phrase into segments that may stand up to N tokens apart; inside a segment ``|``
        separates alternative words or phrases ("throw|hurl ~3 stone|petrol bomb").
        """
        parts = re.split(r"\s*~(\d+)\s*", phrase.strip())
        sequences: list[tuple[_Element, ...]] = [()]
        gap = 0
        for n, part in enumerate(parts):
            if n % 2 == 1:
                gap = int(part)
                continue
            options = cls._segment(part, gap)
            sequences = [seq + option for seq in sequences for option in options]
            gap = 0
        return [seq for seq in sequences if seq]

    @staticmethod
    def _fits(doc: Any, i: int, element: _Element, keys: tuple[str, str]) -> bool:
        if keys[0] not in element.words and keys[1] not in element.words:
            return False
        if element.pos is None:
            return True
        token = doc[i]  # only now: indexing a Doc builds a Token object
        if element.pos == "N":  # a capitalised PROPN "March" is the month, not a march
            return bool(token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_lower))
        return bool(token.pos_ in ("VERB", "AUX"))

    def find(self, doc: Any, start: int, end: int, keys: Sequence[tuple[str, str]]) -> list[PhraseMatch[P]]:
        """Every phrase occurrence in tokens ``[start, end)``; ``keys[i]`` = (lemma, lower) of token i."""
        found: list[PhraseMatch[P]] = []
        for i in range(start, end):
            candidates: list[tuple[tuple[_Element, ...], P]] = []
            lemma, lower = keys[i]
            # lemma first, then the surface form: a fixed order (a set's order would change with the hash seed)
            candidates.extend(self._index.get(lemma, ()))
            if lower != lemma:
                candidates.extend(self._index.get(lower, ()))
            for elements, payload in candidates:
                if not self._fits(doc, i, elements[0], keys[i]):
                    continue
                j = i + 1
                ok = True
                hits = [i]
                for element in elements[1:]:
                    hit = -1
                    for k in range(j, min(end, j + element.gap + 1)):
                        if self._fits(doc, k, element, keys[k]):
                            hit = k
                            break
                    if hit < 0:
                        ok = False
                        break
                    hits.append(hit)
                    j = hit + 1
                if ok:
                    found.append(PhraseMatch(i, j, payload, len(elements), tuple(hits)))
        return found


def token_keys(doc: Any) -> list[tuple[str, str]]:
    """(lower-cased lemma, lower-cased text) of every token, computed once per doc.

    A capitalised plural the tagger read as a proper noun keeps its plural lemma ("Ukrainian Forces",
    "Maoist Rebels"); its singular stands in for the lemma so that lexicon nouns match it.
    """
    out: list[tuple[str, str]] = []
    for t in doc:
        lemma, lower = t.lemma_.lower(), t.lower_
        if t.pos_ == "PROPN" and lemma == lower and len(lower) > 4 and lower.endswith("s") and lower[-2] not in "su":
            lemma = lower[:-1]
        out.append((lemma, lower))
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class Country:
    """A country as actors are named after it."""

    iso3: str
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class ActorKind:
    """A lexicon entry: what kind of party a phrase names, its name template and default inter code."""

    kind: str  # protesters | rioters | police | military | government | unidentified | gang | communal
    # | rebels | civilians | named
    inter: int
    template: str  # e.g. "Police Forces of {country}", "Taliban", "Islamic State ({country})"
    country_iso3: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ActorLexicon:
    """The loaded actor lexicon: phrase indexes for generic and named actors, and countries."""

    actors: LemmaPhraseIndex[ActorKind]
    countries: LemmaPhraseIndex[Country]
    by_iso3: Mapping[str, Country]
    named_aliases: tuple[tuple[str, str], ...]  # (alias, ACLED name) for the entity ruler
    ethnonyms: frozenset[str] = frozenset()  # peoples, lower case ("fulani", "dinka", "pashtun")
    livelihoods: LemmaPhraseIndex[str] | None = None  # communities by livelihood ("farmer", "herder")


@functools.lru_cache(maxsize=1)
def load_lexicon() -> ActorLexicon:
    """Load ``data/actor_lexicon.json`` (once per process: the result is shared, and frozen).

    Nothing in this module reads it on its own: callers load it and pass it in (``lexicon=``), so a test or
    a second configuration can pass another lexicon in the same process.
    """
    try:
        raw = json.loads(resources.files("flashpoint.data").joinpath("actor_lexicon.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the actor lexicon: {exc}") from exc
    return lexicon_from(raw)


def lexicon_from(raw: Mapping[str, Any]) -> ActorLexicon:
    """Build an :class:`ActorLexicon` from data shaped like ``data/actor_lexicon.json`` (``generic``,
    ``named``, ``countries`` and optional ``state_services`` and ``identity`` sections); raises
    :class:`ConfigError` when a section or field is missing."""
    try:
        return _build_lexicon(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"malformed actor lexicon: {type(exc).__name__}: {exc}") from exc


def _build_lexicon(raw: Mapping[str, Any]) -> ActorLexicon:
    entries: list[tuple[str, ActorKind]] = []
    for group in raw["generic"]:
        kind = ActorKind(group["kind"], int(group["inter"]), group["name"])
        entries.extend((term, kind) for term in group["terms"])
    aliases: list[tuple[str, str]] = []
    for group in raw["named"]:
        kind = ActorKind("named", int(group["inter"]), group["name"], group.get("country_iso3"))
        for alias in group["aliases"]:
            entries.append((alias, kind))
            aliases.append((alias, group["name"]))
    for group in raw.get("state_services", ()):
        # a country's own services by their names and acronyms ("FARDC", "Border Security Force")
        kind = ActorKind(group["kind"], int(group["inter"]), group["name"], group["country_iso3"])
        entries.extend((alias, kind) for alias in group["aliases"])
    country_entries: list[tuple[str, Country]] = []
    by_iso3: dict[str, Country] = {}
    for c in raw["countries"]:
        country = Country(c["iso3"], c["name"])
        by_iso3[country.iso3] = country
        country_entries.append((c["name"], country))
        country_entries.extend((adj, country) for adj in c["adjectives"])
    identity = raw.get("identity", {})
    return ActorLexicon(
        actors=LemmaPhraseIndex(entries),
        countries=LemmaPhraseIndex(country_entries),
        by_iso3=MappingProxyType(by_iso3),
        named_aliases=tuple(aliases),
        ethnonyms=frozenset(identity.get("ethnonyms", ())),
        livelihoods=LemmaPhraseIndex((w, w) for w in identity.get("livelihoods", ())),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class ActorMention:
    """A phrase that names a party: its token span, head token, kind and (if the text says) country."""

    start: int
    end: int
    head: int  # token index of the phrase's syntactic head
    kind: ActorKind
    country: Country | None  # nationality given in the text ("Turkish forces", "police of Chad")
    text: str
    identity: str | None = None  # the people or community the phrase names ("Tiv", "herder"), if any

    @property
    def armed(self) -> bool:
        """True for organised armed actors (state forces, rebels, militias, gangs, unidentified gunmen)."""
        return self.kind.kind in ARMED_KINDS


# nouns for the people of an organisation: "<group> fighters", "<group> forces", "<group> members"
_FIGHTER_NOUNS = frozenset(
    {"force", "fighter", "troop", "militant", "gunman", "gunmen", "element", "militiaman", "militiamen", "soldier",
     "combatant", "unit", "rebel", "insurgent", "jihadist", "member", "commander", "loyalist", "cadre", "operative"}
)  # fmt: skip


def _with_own_fighters(doc: Any, chosen: list[PhraseMatch[ActorKind]]) -> list[PhraseMatch[ActorKind]]:
    """``actors.named_with_fighters``: a named group followed by a generic noun for its people ("LNA forces",
    "Shabaab fighters", "Red Hand members") is one mention of the group, not the group and a second, generic
    party ("forces" read as the state's army). The name must modify the noun (compound or adjective)."""
    out: list[PhraseMatch[ActorKind]] = []
    skip: set[int] = set()
    for n, m in enumerate(chosen):
        if n in skip:
            continue
        nxt = chosen[n + 1] if n + 1 < len(chosen) else None
        if (
            m.payload.kind == "named"
            and nxt is not None
            and nxt.payload.kind != "named"
            and nxt.start == m.end
            and nxt.end - nxt.start == 1
            and doc[nxt.start].lemma_.lower() in _FIGHTER_NOUNS
            and doc[m.end - 1].dep_ in ("compound", "amod", "nmod")
            and doc[m.end - 1].head.i == nxt.start
        ):
            out.append(PhraseMatch(m.start, nxt.end, m.payload, m.size))
            skip.add(n + 1)
            continue
        out.append(m)
    return out


def _forces_of_each(
    doc: Any, m: PhraseMatch[ActorKind], countries: Sequence[PhraseMatch[Country]], taken: set[int]
) -> list[ActorMention]:
    """``actors.forces_of_each``: "the forces of Armenia and Azerbaijan", "police of Kenya and Uganda": a
    state force of two coordinated countries is two parties, one per country (the first keeps the
    phrase's own mention; this gives the others, each on its country's name)."""
    if m.payload.kind not in STATE_KINDS or m.end >= len(doc) or doc[m.end].lower_ != "of":
        return []
    first = next((c for c in countries if c.start == m.end + 1), None)
    if first is None:
        return []
    out: list[ActorMention] = []
    for conj in doc[first.end - 1].conjuncts:
        other = next((c for c in countries if c.start <= conj.i < c.end and c.payload != first.payload), None)
        if other is not None and not any(other.start <= i < other.end for i in taken):
            text = doc[other.start : other.end].text
            out.append(ActorMention(other.start, other.end, other.end - 1, m.payload, other.payload, text))
    return out


def _is_short_acronym(phrase: str) -> bool:
    return len(phrase) <= 4 and phrase.isalpha()


def _opposed(doc: Any, start: int) -> bool:
    """Whether the name at ``start`` follows "anti-" ("anti-Taliban militia"): its opponents are meant."""
    before = doc[max(0, start - 2) : start]
    words = [t.lower_ for t in before]
    return words[-1:] in (["anti"], ["anti-"]) or words == ["anti", "-"]


def find_mentions(
    doc: Any, start: int, end: int, keys: Sequence[tuple[str, str]], *, lexicon: ActorLexicon
) -> list[ActorMention]:
    """Actor phrases in tokens ``[start, end)``, longest first where they overlap, in text order.

    ``lexicon`` is the loaded actor lexicon (:func:`load_lexicon` once per process, or a caller's own).
    """
    lex = lexicon
    matches = lex.actors.find(doc, start, end, keys)
    # Short acronyms ("IS", "LNA", "ADF") must be written in capitals to count.
    kept = []
    for m in matches:
        span_text = doc[m.start : m.end].text
        own_name = m.payload.kind == "named" or m.payload.country_iso3 is not None  # a name, not a noun
        short = own_name and m.size == 1 and _is_short_acronym(span_text.lower())
        if short and not span_text.isupper():
            continue
        if m.payload.kind == "named" and _opposed(doc, m.start):
            continue  # "anti-Taliban fighters": people who fight that group, not its members
        if (
            m.size == 1
            and doc[m.start].lower_ in _QUALIFIERS
            and (any(o.start == m.end for o in matches) or doc[m.start].pos_ != "NOUN")
        ):
            # "suspected rebels", "alleged gunmen", "suspected Pokot raiders": a qualifier of the party named
            # next (even when the lexicon does not know it), not a party; only the noun "suspect" is one
            continue
        kept.append(m)
    kept.sort(key=lambda m: (-(m.end - m.start), -int(m.payload.kind == "named"), m.start))
    taken: set[int] = set()
    chosen: list[PhraseMatch[ActorKind]] = []
    for m in kept:
        if any(i in taken for i in range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        chosen.append(m)
    chosen = _with_own_fighters(doc, sorted(chosen, key=lambda m: m.start))
    countries = lex.countries.find(doc, start, end, keys)
    out: list[ActorMention] = []
    for m in chosen:
        head = m.end - 1
        country: Country | None = None
        for c in countries:
            # "Turkish forces", "Israeli artillery": the adjective just before; "forces of India": just after.
            if (
                m.start - 3 <= c.end <= m.start
                or m.end <= c.start <= m.end + 1
                or (m.end < c.start <= m.end + 2 and doc[m.end].lower_ == "of")
            ):
                country = c.payload
        if m.payload.country_iso3:  # a named group or a state service of one country
            country = lex.by_iso3.get(m.payload.country_iso3, country)
        out.append(ActorMention(m.start, m.end, head, m.payload, country, doc[m.start : m.end].text))
        out.extend(_forces_of_each(doc, m, countries, taken))
    out = [p for p in (_as_ordinary_people(doc, m, out, start) for m in out) if p is not None]
    out = [_with_identity(doc, m, keys, lex) for m in out]
    out.extend(_bare_peoples(doc, start, end, taken, lex))
    out.extend(_armed_unknowns(doc, start, end, taken))
    # A plural demonym standing alone ("Palestinians clashed with ...", "Indian nationals") names people.
    crowd = ActorKind("crowd", 7, "Civilians ({country})")
    for c in countries:
        if any(i in taken for i in range(c.start - 1, c.end + 1)):
            continue
        last = doc[c.end - 1]
        plural = last.tag_ in ("NNS", "NNPS") or (last.pos_ in ("NOUN", "PROPN") and last.lower_.endswith("s"))
        followed = c.end < end and doc[c.end].pos_ in ("NOUN", "PROPN")
        single = c.end - c.start == 1  # "Palestinians", never "United States" or "Netherlands"
        if single and plural and not followed and last.lower_ != c.payload.name.lower():
            out.append(ActorMention(c.start, c.end, c.end - 1, crowd, c.payload, doc[c.start : c.end].text))
    out.sort(key=lambda x: x.start)
    return out


_CROWD = ActorKind("crowd", 7, "Civilians ({country})")
_ARMED_CROWD = ActorKind("communal", 4, "Unidentified Communal Militia ({country})")
_ARMED_PEOPLE = ActorKind("unidentified", 3, "Unidentified Armed Group ({country})")
_INDIVIDUALS = frozenset({"man", "men", "person", "people", "individual", "woman", "women"})
# plural nouns after "armed" that are not people: "armed clashes", "armed robberies"
_NOT_PEOPLE = frozenset(
    {"clash", "attack", "robbery", "confrontation", "hostility", "conflict", "group", "incident", "assault", "raid",
     "operation", "force", "movement", "struggle", "encounter", "forces", "clashes", "attacks", "robberies"}
)  # fmt: skip


_FORMER = frozenset({"former", "ex", "retired", "ex-"})
_CIVILIAN = ActorKind("civilians", 7, "Civilians ({country})")
# people who belong to an organisation: "a member of X", "an X commander"
_MEMBER_NOUNS = frozenset(
    {"member", "commander", "leader", "chief", "head", "official", "spokesman", "spokesperson", "operative", "cadre"}
)


def _member_of_armed(doc: Any, mention: ActorMention, others: Sequence[ActorMention]) -> bool:
    """Whether a member noun belongs to an armed group another mention names ("a member of the militia",
    "a rebel commander", "the gang's leader")."""
    head = doc[mention.head]
    if head.lemma_.lower() not in _MEMBER_NOUNS or any(c.lower_ in _FORMER for c in head.children):
        return False  # "a former member of the militia" is a civilian now
    owners = [c for c in head.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
    owners += [
        g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
    ]
    spans = {t.i for o in owners for t in o.subtree}
    return any(o.kind.kind in ARMED_KINDS and any(o.start <= i < o.end for i in spans) for o in others)


def _as_ordinary_people(
    doc: Any, mention: ActorMention, others: Sequence[ActorMention], start: int
) -> ActorMention | None:
    """Read a mention as ordinary people, or as armed people, where its words say so; None drops it.

    An ethnic group's bare name is not its militia when it only qualifies ordinary people ("a Tiv
    pastoralist", "the Tiv community": the pastoralist, the community are the party) or is what a
    gathering is made of ("a group of Tiv", "a number of Tiv": a crowd). Ordinary people said to
    be armed ("armed villagers", "farmers armed with machetes") are an unidentified communal militia
    (inter 4).
    """
    kind = mention.kind
    nxt = doc[mention.end] if mention.end < len(doc) else None
    if (
        doc[mention.head].lemma_.lower() == "group"
        and nxt is not None
        and nxt.lower_ == "of"
        and any(mention.end < o.start <= mention.end + 4 for o in others)
    ):
        return None  # "a group of gunmen", "a group of farmers": the members named are the party
    own = doc[mention.end - 1]
    if (
        kind.kind in ARMED_KINDS
        and own.dep_ in ("compound", "amod", "nmod")
        and own.head.i >= mention.end
        and own.head.lemma_.lower() in _MEMBER_NOUNS
        and any(c.lower_ in _FORMER for c in own.head.children)
    ):
        # "a former rebel commander" is a civilian now; "former Seleka militiamen" who still fight are not
        return dataclasses.replace(mention, kind=_CIVILIAN)
    if kind.kind in ORDINARY_KINDS and _member_of_armed(doc, mention, others):
        return None  # "a member of the Red Hand militia", "a rebel commander": the armed group is the party
    if kind.kind == "named" and "Ethnic Militia" in kind.template and mention.end - mention.start == 1:
        tok = doc[mention.start]
        if tok.dep_ in ("compound", "amod", "nmod") and any(
            o.kind.kind in ORDINARY_KINDS and o.start <= tok.head.i < o.end for o in others
        ):
            return None
        if tok.dep_ in ("pobj", "conj") and _under_gathering(tok):
            return dataclasses.replace(mention, kind=_CROWD)
    after = doc[mention.end : mention.end + 2]
    if kind.kind in ORDINARY_KINDS and (
        any(doc[i].lower_ in _ARMED_WORDS for i in range(max(start, mention.start - 2), mention.start))
        or (
            len(after) == 2
            and after[0].lower_ in ("armed", "equipped")
            and after[1].lower_ == "with"
            and not _crowd_weapons(after[1])
        )
    ):
        individual = doc[mention.head].lemma_.lower() in _INDIVIDUALS
        return dataclasses.replace(mention, kind=_ARMED_PEOPLE if individual else _ARMED_CROWD)
    return mention


# what a crowd picks up (sticks, stones, clubs): people "armed with" them are a mob, not an armed group
_CROWD_WEAPONS = frozenset(
    {"stick", "stone", "rock", "club", "cudgel", "baton", "whip", "brick", "bottle", "pole", "rod", "bar", "cane"}
)


def _crowd_weapons(with_tok: Any) -> bool:
    """True when everything ``with_tok`` ("armed with ...") governs is what a crowd picks up."""
    objs = [c for c in with_tok.children if c.dep_ == "pobj"]
    objs += [c for o in objs for c in o.conjuncts]
    return bool(objs) and all(o.lemma_.lower() in _CROWD_WEAPONS for o in objs)


_QUALIFIERS = frozenset({"suspected", "alleged", "presumed", "purported"})
_IDENTITY_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _ethnonym(tok: Any, lex: ActorLexicon) -> str | None:
    """The people a capitalised token names ("Pokot", "Tiv-Jukun" -> "Tiv"), or None."""
    if not tok.text[:1].isupper():
        return None
    for part in tok.text.split("-"):
        low = part.lower()
        if low in lex.ethnonyms:
            return str(part)
        if low.endswith("s") and low[:-1] in lex.ethnonyms:
            return str(part[:-1])
    return None


def _with_identity(doc: Any, mention: ActorMention, keys: Sequence[tuple[str, str]], lex: ActorLexicon) -> ActorMention:
    """Mark a phrase that names a people or a livelihood community ("Pokot youths", "a group of herders",
    "Tiv farmers"): members of an identity group, who act as its militia when they turn to violence."""
    head = doc[mention.head]
    tokens = [doc[i] for i in range(mention.start, mention.end)]
    tokens += [c for c in head.children if c.dep_ in _IDENTITY_DEPS and not mention.start <= c.i < mention.end]
    for tok in tokens:
        people = _ethnonym(tok, lex)
        if people is not None:
            return dataclasses.replace(mention, identity=people)
    if lex.livelihoods is not None:
        found = lex.livelihoods.find(doc, mention.start, mention.end, keys)
        if found:
            return dataclasses.replace(mention, identity=found[0].payload)
    if mention.kind.kind in ORDINARY_KINDS and _from_a_place(head):
        return dataclasses.replace(mention, identity="local")
    return mention


_HOME_NOUNS = frozenset({"village", "community", "town", "clan", "tribe", "settlement", "hamlet", "locality"})


def _from_a_place(head: Any) -> bool:
    """People named by where they come from ("youths from Kavra", "residents of two villages"): a local
    community, whose members act as its militia when they fight another community."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("from", "of"):
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and (
                obj.ent_type_ in ("GPE", "LOC") or obj.lemma_.lower() in _HOME_NOUNS or obj.pos_ == "PROPN"
            ):
                return True
    return False


def _bare_peoples(doc: Any, start: int, end: int, taken: set[int], lex: ActorLexicon) -> list[ActorMention]:
    """A people named on its own as a party ("the Pokot attacked ...", "clashes between Tiv and Jukun")."""
    out: list[ActorMention] = []
    for i in range(start, end):
        tok = doc[i]
        if i in taken or tok.pos_ not in ("PROPN", "NOUN") or tok.dep_ in _IDENTITY_DEPS:
            continue
        people = _ethnonym(tok, lex)
        if people is not None:
            out.append(ActorMention(i, i + 1, i, _CROWD, None, tok.text, identity=people))
    return out


def _armed_unknowns(doc: Any, start: int, end: int, taken: set[int]) -> list[ActorMention]:
    """People the lexicon does not know, said to be armed ("armed loggers", "heavily-armed poachers"):
    an unidentified armed group."""
    out: list[ActorMention] = []
    for i in range(start, end):
        tok = doc[i]
        head = tok.head
        if (
            tok.lower_ in _ARMED_WORDS
            and tok.dep_ == "amod"
            and head.tag_ in ("NNS", "NNPS")
            and start <= head.i < end
            and head.i not in taken
            and tok.i not in taken
            and head.lemma_.lower() not in _NOT_PEOPLE
        ):
            out.append(ActorMention(i, head.i + 1, head.i, _ARMED_PEOPLE, None, doc[i : head.i + 1].text))
    return out


def _under_gathering(tok: Any) -> bool:
    """True for the people a gathering is made of: "a group of Tiv", "members of the Berom"."""
    node = tok
    for _step in range(3):
        if node.dep_ == "pobj" and node.head.lower_ == "of":
            return bool(node.head.head.lemma_.lower() in _GATHERING_HEADS)
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
    return False


def actor_name(kind: ActorKind, country: Country | None) -> str:
    """The ACLED-style name of an actor of ``kind`` in ``country`` (the country may be unknown)."""
    if "{country}" not in kind.template:
        return kind.template
    if country is None:
        fallback = {
            "Police Forces of {country}": "Police Forces",
            "Military Forces of {country}": "Military Forces",
            "Government of {country}": "Government",
        }
        return fallback.get(kind.template, kind.template.replace(" ({country})", ""))
    return kind.template.format(country=country.name)


def make_actor(
    kind: ActorKind,
    *,
    role: str,
    own_country: Country | None,
    event_country: Country | None,
    lexicon: ActorLexicon,
    mention: str | None = None,
    evidence: Evidence | None = None,
) -> Actor:
    """Build an :class:`Actor` for ``role``: the event country unless the text gives the actor's own.

    A state force of another country than the event's is coded inter 8 (external forces), as ACLED does;
    so is a named state force (inter 1 in the lexicon) of another country (``actors.external_state``).
    """
    country = own_country or (event_country if kind.kind != "named" or "{country}" in kind.template else None)
    if kind.kind == "named" and kind.country_iso3 and own_country is None:
        country = lexicon.by_iso3.get(kind.country_iso3)
    inter = kind.inter
    if (
        (kind.kind in STATE_KINDS or (kind.kind == "named" and kind.inter == 1))
        and own_country is not None
        and event_country is not None
        and own_country.iso3 != event_country.iso3
    ):
        inter = 8
    return Actor(
        name=actor_name(kind, country),
        inter=inter,
        country_iso3=country.iso3 if country else None,
        role=role,
        mention=mention,
        evidence=evidence,
    )


def person_actor(name: str, *, role: str, country: Country | None, evidence: Evidence | None) -> Actor:
    """A named person acting for a state (a president dismissing a government): inter 1."""
    return Actor(
        name=name, inter=1, country_iso3=country.iso3 if country else None, role=role, mention=name, evidence=evidence
    )


def country_by_iso3(iso3: str | None, name: str | None = None, *, lexicon: ActorLexicon) -> Country | None:
    """The lexicon's country for an ISO3 code, or one built from ``name`` when the lexicon lacks it."""
    if not iso3:
        return None
    found = lexicon.by_iso3.get(iso3)
    if found is not None:
        return found
    return Country(iso3, name or iso3)


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, smaller first (16); a lone actor gives e.g. 60."""
    if inter1 and inter2:
        low, high = sorted((inter1, inter2))
        return low * 10 + high
    return (inter1 or inter2) * 10


def ruler_patterns(*, lexicon: ActorLexicon) -> list[tuple[str, str]]:
    """(label, phrase) pairs for the backbone's entity ruler: named armed groups, alliances, missions."""
    out: list[tuple[str, str]] = []
    for alias, _name in lexicon.named_aliases:
        if _is_short_acronym(alias) or alias.isupper():
            out.append(("ORG", alias.upper()))
            continue
        if len(alias) < 4:
            continue
        out.append(("ORG", " ".join(w[:1].upper() + w[1:] for w in alias.split())))
    return sorted(set(out))
