"""Tests for flashpoint.extract.clauses: which event mentions a sentence takes as given (invented sentences)."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.extract import clauses


def _token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        (
            "Forty pupils were missing after Monday's attack on the school in Dorvik, officials said.",
            "attack",
            "nominal",
        ),
        ("The ministry condemned the truck bombing at the checkpoint outside Velmora.", "bombing", "nominal"),
        ("Shops stayed shut after Sunday's violent clashes between dockers and police.", "clashes", "nominal"),
        ("The union said it would stage more marches after police broke up the rally.", "broke", "clause"),
        ("A day after 300 nurses rallied outside the ministry, the union said it would strike.", "rallied", "clause"),
        ("The ministry condemned the bombing in Velmora, which killed five soldiers.", "killed", "relative"),
    ],
)
def test_presupposed_mentions(parse: Any, text: str, word: str, kind: str) -> None:
    doc = parse(text)
    ref = clauses.reference(_token(doc, word))
    assert ref is not None
    assert ref.kind == kind
    assert ref.frame is not None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # planned, denied or bare mentions are not taken as given
        ("The opposition said it would hold the march in Osk on Friday.", "march"),
        ("The army denied the massacre in Kessa.", "massacre"),
        ("Protests have become common in the region.", "Protests"),
        # a relative clause about people, and a noun inside what a clause is about
        ("Families who say their sons were abducted held a vigil.", "abducted"),
        ("Police stopped two vans that were used in the kidnapping of a trader.", "kidnapping"),
        # a main clause is stated, not presupposed
        ("Police broke up the rally in Osk on Monday.", "broke"),
    ],
)
def test_not_presupposed(parse: Any, text: str, word: str) -> None:
    assert clauses.reference(_token(parse(text), word)) is None


def test_clause_verb_and_phrase_head(parse: Any) -> None:
    doc = parse("Gunmen threw a grenade at the police post in Dargo.")
    assert clauses.clause_verb(_token(doc, "post")).text == "threw"
    doc = parse("The rebels denied responsibility for Sunday's grenade attack on the post.")
    assert clauses.phrase_head(_token(doc, "grenade")).text == "attack"
    assert clauses.has_date(_token(doc, "attack"))
