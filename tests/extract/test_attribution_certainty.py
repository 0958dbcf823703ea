"""Certainty rules of ``extract/attribution.py``, one sentence per rule: each row pins the chain, the
certainty and the cues, so a rule dropped, a cue word lost or two rules swapped in order fails its row.

Sentences are invented (places and people included)."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.records import Certainty, Claim, SourceType

from .attribution_tools import claim_of

S = SourceType
C = Certainty


def _claim(parse: Any, text: str, target: str) -> Claim:
    return claim_of(parse, text, target)


# (text, claimed span, [(name, source type, cue)], certainty, cues)
CERTAINTY = [
    # denial: a denial verb, or "confirm" / "say" negated
    ("The police did not say that anyone was arrested.", "anyone was arrested",
     [("police", S.POLICE, "say")], C.DENIED, ("say",)),
    ("The army refuted claims that its soldiers looted the market.", "its soldiers looted the market",
     [("army", S.MILITARY, "refuted")], C.DENIED, ("refuted",)),
    ("The militia insisted that it had not attacked civilians.", "it had not attacked civilians",
     [("militia", S.ARMED_GROUP, "insisted")], C.DENIED, ("insisted", "not")),
    # negation of the content verb, and "no" / "none" subjects (but not "no casualties")
    ("Police did not arrest anyone in Varso.", "Police did not arrest anyone in Varso", [], C.DENIED, ("not",)),
    ("No soldiers were killed in the ambush.", "No soldiers were killed in the ambush", [], C.DENIED, ("no",)),
    ("None were hurt in the fire.", "None were hurt in the fire", [], C.DENIED, ("no",)),
    ("No casualties were reported in the ambush.", "No casualties were reported in the ambush", [], C.HEDGED,
     ("reported (passive)",)),
    # future: modals, plan verbs with an infinitive, "is to", "going to", "scheduled"
    ("The militia shall withdraw from Orlo.", "The militia shall withdraw from Orlo", [], C.FUTURE, ("shall",)),
    ("The union plans to march on Monday.", "The union plans to march on Monday", [], C.FUTURE, ("plans",)),
    ("The rebels are going to attack Orlo.", "The rebels are going to attack Orlo", [], C.FUTURE, ("going",)),
    # "would": future under a past reporting verb, hypothetical under a present one or with "if" / "unless"
    ("Witnesses say the police would disperse the crowd.", "the police would disperse the crowd",
     [("Witnesses", S.EYEWITNESS, "say")], C.HYPOTHETICAL, ("say", "would")),
    ("The army said the rebels would attack Orlo unless they were paid.",
     "the rebels would attack Orlo unless they were paid", [("army", S.MILITARY, "said")], C.HYPOTHETICAL,
     ("said", "would")),
    # "if" on the main clause of the sentence is hypothetical; inside a reported clause it is the speaker's
    ("The militia attacks Varso if talks fail.", "The militia attacks Varso if talks fail", [], C.HYPOTHETICAL,
     ("if",)),
    ("Officials said the militia attacks Varso if talks fail.", "the militia attacks Varso if talks fail",
     [("Officials", S.GOVERNMENT, "said")], C.CLAIMED, ("said",)),
    # "may" alone is a possibility to come, "would have" a counterfactual: neither happened
    ("The army may attack Orlo.", "The army may attack Orlo", [], C.HYPOTHETICAL, ("may",)),
    ("Police said protesters may be charged.", "protesters may be charged", [("Police", S.POLICE, "said")],
     C.HYPOTHETICAL, ("said", "may")),
    ("The army might attack Orlo.", "The army might attack Orlo", [], C.HYPOTHETICAL, ("might",)),
    ("Rebels would have attacked Orlo.", "Rebels would have attacked Orlo", [], C.HYPOTHETICAL, ("would have",)),
    ("The militia said it was going to attack Orlo.", "it was going to attack Orlo",
     [("militia", S.ARMED_GROUP, "said")], C.FUTURE, ("said", "going")),
    ("The army intends to retake Orlo.", "The army intends to retake Orlo", [], C.FUTURE, ("intends",)),
    ("The army wants Orlo back.", "The army wants Orlo back", [], C.ASSERTED, ()),
    # hedges: modal + have, hedge adverbs and verbs, passive "believed / thought / said / understood"
    ("Ten people could have died in the fire.", "Ten people could have died", [], C.HEDGED, ("may have",)),
    ("Ten people might have been killed in the fire, a doctor said.", "Ten people might have been killed",
     [("doctor", S.EYEWITNESS, "said")], C.HEDGED, ("said", "may have")),
    ("The fire apparently killed ten people.", "The fire apparently killed ten people", [], C.HEDGED,
     ("apparently",)),
    ("It appears that ten people died in the fire.", "ten people died in the fire", [], C.HEDGED, ("appears",)),
    ("Ten people are believed to have died in the fire.", "Ten people are believed to have died", [], C.HEDGED,
     ("believed", "believed (passive)")),
    ("Four soldiers are thought to have been captured.", "Four soldiers are thought to have been captured", [],
     C.HEDGED, ("thought (passive)",)),
    ("Ten people were said to have died in the fire.", "Ten people were said to have died", [], C.HEDGED,
     ("said (passive)",)),
    ("It is understood that four soldiers were captured.", "four soldiers were captured", [], C.HEDGED,
     ("understood", "understood (passive)")),
    ("Ten people may have died in the fire.", "Ten people may have died", [], C.HEDGED, ("may have",)),
    ("It is rumoured that ten people died in the fire.", "ten people died in the fire", [], C.HEDGED,
     ("rumoured (passive)",)),
    ("Ten people are presumed to have died in the fire.", "Ten people are presumed to have died", [], C.HEDGED,
     ("presumed", "presumed (passive)")),
    ("Ten people were feared dead after the fire.", "Ten people were feared dead", [], C.HEDGED,
     ("feared (passive)",)),
    ("Nine people were possibly killed in the blast.", "Nine people were possibly killed", [], C.HEDGED,
     ("possibly",)),
    ("Possibly nine people were killed in the blast.", "Possibly nine people were killed in the blast", [],
     C.HEDGED, ("Possibly",)),
    ("The army said nine rebels were probably killed.", "nine rebels were probably killed",
     [("army", S.MILITARY, "said")], C.HEDGED, ("said", "probably")),
    ("The army probably said that nine rebels died.", "nine rebels died", [("army", S.MILITARY, "said")],
     C.HEDGED, ("said", "probably")),
    # a denial in the sentence wins over the other speakers
    ("The army denied that rebels attacked Orlo, officials said.", "rebels attacked Orlo",
     [("army", S.MILITARY, "denied"), ("officials", S.GOVERNMENT, "said")], C.DENIED, ("denied", "said")),
    # a passive with its agent is a source, not a hedge
    ("It was reported by the agency that ten people died.", "ten people died",
     [("agency", S.INDEPENDENT_MEDIA, "reported by")], C.REPORTED, ("reported by",)),
    # distancing verbs make a claim whoever speaks
    ("The army alleged that rebels had burned the school.", "rebels had burned the school",
     [("army", S.MILITARY, "alleged")], C.CLAIMED, ("alleged",)),
    ("The opposition accused the police of killing two students.", "killing two students",
     [("opposition", S.UNKNOWN, "accused")], C.CLAIMED, ("accused",)),
    # ministries: interested only with a security word in the name
    ("The interior ministry said 12 rioters were arrested.", "12 rioters were arrested",
     [("interior ministry", S.MINISTRY, "said")], C.CLAIMED, ("said",)),
    ("The ministry of information said 12 rioters were arrested.", "12 rioters were arrested",
     [("ministry of information", S.MINISTRY, "said")], C.CLAIMED, ("said",)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "target", "chain", "certainty", "cues"), CERTAINTY, ids=[row[1][:40] for row in CERTAINTY]
)
def test_certainty_rules(
    parse: Any,
    text: str,
    target: str,
    chain: list[tuple[str, SourceType, str]],
    certainty: Certainty,
    cues: tuple[str, ...],
) -> None:
    claim = _claim(parse, text, target)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == chain
    assert claim.certainty is certainty
    assert claim.cues == cues
