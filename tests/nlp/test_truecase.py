"""Case restoration of text written in capitals: same length, names capitalised, ordinary words lower."""

from __future__ import annotations

import pytest

from flashpoint.nlp.truecase import CaseOptions, build_case_model, is_mostly_upper, restore_case, word_rule

TELEX = (
    "PUERTO LINDO, 4 MAY 91 -- [TEXT] A CAR BOMB EXPLODED TODAY OUTSIDE THE OFFICES OF THE NATIONAL "
    "UNITY FRONT IN PUERTO LINDO, KILLING TWO GUARDS.  POLICE SAID THE ATTACKERS FLED TOWARD KRASNOVAR.\n\n"
    "   ON MONDAY, THE NUF HAD WARNED OF THREATS AGAINST ITS LEADERS."
)


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return build_case_model(["Puerto Lindo", "National Unity Front", "NUF", "Police"])


def test_only_text_in_capitals_is_restored(model) -> None:  # type: ignore[no-untyped-def]
    prose = "Police said two guards were killed in Puerto Lindo on Monday."
    assert restore_case(prose, model=model) == prose
    assert not is_mostly_upper(prose)
    assert is_mostly_upper(TELEX)
    assert not is_mostly_upper("BOMB", options=CaseOptions(min_letters=20))


def test_restored_text_keeps_every_offset(model) -> None:  # type: ignore[no-untyped-def]
    out = restore_case(TELEX, model=model)
    assert len(out) == len(TELEX)
    assert out.lower() == TELEX.lower()


def test_names_sentence_starts_and_common_words(model) -> None:  # type: ignore[no-untyped-def]
    out = restore_case(TELEX, model=model)
    assert out.startswith("Puerto Lindo, 4 May 91 -- [Text] A car bomb exploded today outside the offices of the ")
    assert "National Unity Front in Puerto Lindo, killing two guards." in out
    assert "Police said the attackers fled toward Krasnovar." in out  # unknown word read as a name
    assert "On Monday, the NUF had warned of threats against its leaders." in out


def test_word_rules_are_named(model) -> None:  # type: ignore[no-untyped-def]
    opts = CaseOptions()
    assert word_rule("killed", model=model, options=opts) == "common_word"  # inflection of "kill"
    assert word_rule("planned", model=model, options=opts) == "common_word"  # doubled consonant
    assert word_rule("monday", model=model, options=opts) == "proper_word"
    assert word_rule("xkr", model=model, options=opts) == "acronym"
    assert word_rule("krasnovar", model=model, options=opts) == "unknown_name"


def test_a_common_word_that_is_also_a_place_name_stays_a_word(model) -> None:  # type: ignore[no-untyped-def]
    out = restore_case("THE POLICE AND THE ARMY SEALED OFF THE MARKET AFTER THE BLAST IN PUERTO LINDO.", model=model)
    assert out == "The police and the army sealed off the market after the blast in Puerto Lindo."
