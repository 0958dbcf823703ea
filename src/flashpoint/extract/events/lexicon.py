"""The event coder's data: ACLED's taxonomy, the cue lexicon, and the word sets the steps share.

Reads ``data/acled_taxonomy.json`` and ``data/event_lexicon.json`` (see their headers); writes an
:class:`EventLexicon`, loaded once per process by :func:`load_lexicon` and passed to the steps.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.extract import actors as actor_mod
from flashpoint.extract.actors import LemmaPhraseIndex

VIOLENT = frozenset({"CLASH", "ATTACK", "SHELL", "AIR", "IED", "GRENADE", "SUICIDE", "CHEMICAL", "ABDUCT", "SEXUAL"})
PROTEST_FAMILY = frozenset({"Protests", "Riots"})
STATE_CONTEXT_KINDS = frozenset({"police", "military", "government", "state"})
CROWD_KINDS = frozenset({"crowd", "rioters", "protesters"})
ORDINARY_AGENTS = actor_mod.ORDINARY_KINDS | {"rioters"}
# words for the fighters of a people or community, not the people themselves
FIGHTER_WORDS = frozenset(
    {"militia", "militias", "militiaman", "militiamen", "militant", "militants", "gunman", "gunmen", "fighter",
     "fighters", "vigilante", "vigilantes", "dozo", "dozos", "self", "armed", "communal"}
)  # fmt: skip
# words that name a two-sided fight ("clashed with", "an exchange of fire")
SYMMETRIC = frozenset(
    {"clash", "exchange", "fight", "fighting", "encounter", "gunfight", "firefight", "shootout", "battle", "skirmish"}
)
MUTUAL_FIGHT = SYMMETRIC | {"brawl", "fistfight", "fist", "street", "scuffle", "free", "confrontation", "violence"}


@dataclasses.dataclass(frozen=True, slots=True)
class SubEvent:
    """One ACLED sub-event type with its event type and default PLOVER coding."""

    event_type: str
    sub_event_type: str
    plover: str
    plover_mode: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class Domain:
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
    domains: tuple[Domain, ...] = ()
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
            Domain(
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
