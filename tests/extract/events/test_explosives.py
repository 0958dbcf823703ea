"""Codebook rule weapon.explosive_means (issue 11): an explosive set off is the means of the violence."""

from __future__ import annotations

from types import MappingProxyType

from flashpoint.extract.events.codebook import Context, decide
from flashpoint.extract.events.options import CodebookOptions

OPTS = CodebookOptions()


def _ctx(scores: dict[str, float]) -> Context:
    return Context(
        MappingProxyType(scores),
        agent_kinds=frozenset(),
        patient_kinds=frozenset({"civilians"}),
        kinds=frozenset({"civilians"}),
        label=None,
    )


def test_a_bomb_that_destroys_or_kills_is_a_remote_explosive() -> None:
    # "the office was destroyed by a bomb": destruction words outweigh the bare word "bomb"
    verdict = decide(_ctx({"IED": 1.8, "LOOT": 2.5}), OPTS)
    assert verdict is not None
    assert verdict.sub == "Remote explosive/landmine/IED"
    assert verdict.rule == "weapon.explosive_means"
    verdict = decide(_ctx({"IED": 1.5, "ATTACK": 2.0}), OPTS)
    assert verdict is not None
    assert verdict.sub == "Remote explosive/landmine/IED"


def test_a_found_or_more_specific_explosive_is_not_this_rule() -> None:
    found = decide(_ctx({"IED": 1.8, "DISRUPTED": 3.5}), OPTS)
    assert found is not None
    assert found.sub == "Disrupted weapons use"
    air = decide(_ctx({"IED": 1.8, "AIR": 3.0}), OPTS)
    assert air is not None
    assert air.sub == "Air/drone strike"


def test_weak_explosion_words_alone_do_not_fire() -> None:
    verdict = decide(_ctx({"IED": 1.0, "ATTACK": 2.0}), OPTS)
    assert verdict is not None
    assert verdict.sub == "Attack"
