"""Tests for flashpoint.extract.actors: lexicon matching, ACLED names, inter codes, interaction."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.errors import ConfigError
from flashpoint.extract import actors

LEX = actors.load_lexicon()


def test_interaction_puts_the_smaller_code_first() -> None:
    assert actors.interaction(6, 1) == 16
    assert actors.interaction(1, 6) == 16
    assert actors.interaction(6, 0) == 60
    assert actors.interaction(0, 0) == 0


def test_foreign_state_force_is_external() -> None:
    lex = actors.load_lexicon()
    russia, kaz = lex.by_iso3["RUS"], lex.by_iso3["KAZ"]
    kind = actors.ActorKind("military", 1, "Military Forces of {country}")
    foreign = actors.make_actor(kind, role="actor1", own_country=russia, event_country=kaz, lexicon=lex)
    home = actors.make_actor(kind, role="actor1", own_country=None, event_country=kaz, lexicon=lex)
    assert (foreign.name, foreign.inter, foreign.country_iso3) == ("Military Forces of Russia", 8, "RUS")
    assert (home.name, home.inter, home.country_iso3) == ("Military Forces of Kazakhstan", 1, "KAZ")


def test_mentions_find_named_groups_generic_forces_and_nationality(parse: Any) -> None:
    doc = parse("Taliban fighters ambushed Afghan soldiers while unidentified gunmen shot a farmer.")
    keys = actors.token_keys(doc)
    found = {(m.text, m.kind.kind) for m in actors.find_mentions(doc, 0, len(doc), keys, lexicon=LEX)}
    assert ("Taliban", "named") in found or ("Taliban fighters", "named") in found
    assert any(kind == "military" for _t, kind in found)
    assert any(kind == "unidentified" for _t, kind in found)
    assert any(kind == "civilians" for _t, kind in found)
    soldiers = next(m for m in actors.find_mentions(doc, 0, len(doc), keys, lexicon=LEX) if m.kind.kind == "military")
    assert soldiers.country is not None
    assert soldiers.country.iso3 == "AFG"


def test_short_acronyms_need_capitals(parse: Any) -> None:
    doc = parse("Let us go to the market, the police said.")
    kinds = {m.kind.kind for m in actors.find_mentions(doc, 0, len(doc), actors.token_keys(doc), lexicon=LEX)}
    assert "named" not in kinds
    assert "police" in kinds


def test_ruler_patterns_cover_alliances() -> None:
    phrases = {p for _label, p in actors.ruler_patterns(lexicon=LEX)}
    assert "CSTO" in phrases
    assert "Collective Security Treaty Organization" in phrases
    assert all(label == "ORG" for label, _p in actors.ruler_patterns(lexicon=LEX))


def _mentions(parse: Any, text: str) -> list[tuple[str, str]]:
    doc = parse(text)
    return [(m.text, m.kind.kind) for m in actors.find_mentions(doc, 0, len(doc), actors.token_keys(doc), lexicon=LEX)]


def test_a_people_qualifying_ordinary_people_is_not_its_militia(parse: Any) -> None:
    found = _mentions(parse, "Farmers beat a Fulani trader and some people of the Fulani community near Ulmeri.")
    assert all(kind != "named" for _text, kind in found), found
    found = _mentions(parse, "A group of Fulani beat a trader in the market of Orla.")
    assert ("Fulani", "crowd") in found, found
    found = _mentions(parse, "Fulani herdsmen attacked the village of Agatu.")
    assert any(kind == "named" for _text, kind in found), found


def test_armed_people_are_armed_groups(parse: Any) -> None:
    found = dict(_mentions(parse, "Armed villagers clashed with four armed poachers near Varnel park."))
    assert found.get("villagers") == "communal"
    assert found.get("armed poachers") == "unidentified"
    found = dict(_mentions(parse, "Unknown armed people abducted a trader in Beira."))
    assert "unidentified" in found.values()
    assert "civilians" not in found.values()


def test_a_name_after_anti_names_the_groups_opponents(parse: Any) -> None:
    """ "anti-Taliban fighters" fight the Taliban; they are not Taliban."""
    doc = parse("On 2 May, anti-Taliban fighters attacked a checkpoint near Kolva.")
    keys = [(t.lemma_.lower(), t.lower_) for t in doc]
    assert all(m.kind.template != "Taliban" for m in actors.find_mentions(doc, 0, len(doc), keys, lexicon=LEX))


def test_the_lexicon_is_passed_in_not_read_from_a_global(parse: Any) -> None:
    """Two lexicons live in one process: a caller's own word list decides what a phrase names."""
    own = actors.lexicon_from(
        {
            "generic": [{"kind": "police", "inter": 1, "name": "Police Forces of {country}", "terms": ["watchman"]}],
            "named": [],
            "countries": [{"iso3": "KEN", "name": "Kenya", "adjectives": ["kenyan"]}],
        }
    )
    doc = parse("A watchman and two soldiers chased the thieves out of the depot.")
    keys = actors.token_keys(doc)
    mine = {m.text: m.kind.kind for m in actors.find_mentions(doc, 0, len(doc), keys, lexicon=own)}
    packaged = {m.text: m.kind.kind for m in actors.find_mentions(doc, 0, len(doc), keys, lexicon=LEX)}
    assert mine == {"watchman": "police"}
    assert packaged.get("soldiers") == "military"
    assert "watchman" not in packaged


def test_a_malformed_lexicon_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        actors.lexicon_from({"generic": [{"kind": "police"}], "named": [], "countries": []})


def test_a_named_groups_fighters_are_one_mention_of_the_group(parse: Any) -> None:
    """actors.named_with_fighters: "Taliban forces" is the Taliban, not the Taliban and a state's army."""
    found = _mentions(parse, "On 2 May, shells fired by Taliban forces fell on a market near Kolva.")
    assert [kind for _text, kind in found] == ["named"], found
    assert found[0][0] == "Taliban forces"


def test_local_as_an_adjective_names_nobody(parse: Any) -> None:
    """A "local councillor" is a councillor: the lexicon's "local/N" is a noun only."""
    found = _mentions(parse, "Youths beat a local councillor in the market of Kolva.")
    assert ("local", "crowd") not in found, found
    assert ("locals", "crowd") in _mentions(parse, "Angry locals beat a thief in the market.")


def test_a_qualifier_before_an_unknown_people_is_no_party(parse: Any) -> None:
    """ "suspected Pokot raiders": "suspected" qualifies the raiders even when the lexicon does not know the
    people's name; only the noun ("a suspect") names a party."""
    found = _mentions(parse, "On 2 May, suspected Pokot militiamen raided a cattle camp near Kolva.")
    assert all(text.lower() != "suspected" for text, _kind in found), found
    assert ("suspect", "unidentified") in _mentions(parse, "Police said a suspect shot the guard.")


def test_forces_of_two_countries_are_two_parties(parse: Any) -> None:
    """actors.forces_of_each: "the forces of Armenia and Azerbaijan" are each country's forces."""
    doc = parse("On 4 May, the forces of Armenia and Azerbaijan exchanged fire near the border.")
    found = actors.find_mentions(doc, 0, len(doc), actors.token_keys(doc), lexicon=LEX)
    forces = [(m.kind.kind, m.country.iso3 if m.country else None) for m in found]
    assert forces == [("military", "ARM"), ("military", "AZE")], forces
    one = actors.find_mentions(*_whole(parse("Police of Kenya arrested two men near Kolva.")), lexicon=LEX)
    assert next((m.kind.kind, m.country.iso3 if m.country else None) for m in one) == ("police", "KEN")


def _whole(doc: Any) -> tuple[Any, int, int, list[tuple[str, str]]]:
    return doc, 0, len(doc), actors.token_keys(doc)


def test_phrase_match_names_the_tokens_of_its_elements(parse: Any) -> None:
    doc = parse("Troops fired heavy mortars at the post.")
    index = actors.LemmaPhraseIndex([("fire ~3 at", "CUE")])
    (match,) = index.find(doc, 0, len(doc), actors.token_keys(doc))
    assert [doc[i].text for i in match.tokens] == ["fired", "at"]  # not the words of the gap
    assert (match.start, match.end) == (1, 5)


def test_a_state_service_acronym_is_its_countrys_force(parse: Any) -> None:
    # ``state_services``: a service's acronym names the state force of its own country
    doc = parse("On 2 June, UPDF soldiers and KDF troops repulsed an attack near the border.")
    found = actors.find_mentions(doc, 0, len(doc), actors.token_keys(doc), lexicon=LEX)
    forces = {(m.kind.kind, m.country.iso3) for m in found if m.country is not None}
    assert ("military", "UGA") in forces
    assert ("military", "KEN") in forces


def test_a_state_service_acronym_in_lower_case_is_a_word(parse: Any) -> None:
    # "ana" and "rab" are ordinary words or names in lower case; only the capitals name the service
    doc = parse("The rab of the grain market said ana would come.")
    found = actors.find_mentions(doc, 0, len(doc), actors.token_keys(doc), lexicon=LEX)
    assert not any(m.kind.country_iso3 for m in found)


def test_a_named_state_force_abroad_is_external() -> None:
    # ``actors.external_state``: a named force the lexicon marks as a state's (inter 1) acting outside it
    lex = actors.load_lexicon()
    uganda, congo = lex.by_iso3["UGA"], lex.by_iso3["COD"]
    kind = actors.ActorKind("named", 1, "Example Defence Corps", "UGA")
    abroad = actors.make_actor(kind, role="actor1", own_country=uganda, event_country=congo, lexicon=lex)
    home = actors.make_actor(kind, role="actor1", own_country=uganda, event_country=uganda, lexicon=lex)
    assert abroad.inter == 8
    assert home.inter == 1
