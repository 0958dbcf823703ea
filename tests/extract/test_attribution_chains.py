"""Claimant chains of ``extract/attribution.py``: relays ("quoted by", "carried by", "citing"), quotations
whose attribution stands around them or in the sentence before, pronoun speakers and the words of a name.
Each row pins the whole chain (name, source type, cue) and the certainty.

Sentences are invented (places, people and outlets included)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from flashpoint.records import Certainty, Claim, SourceType

from .attribution_tools import claim_of

S = SourceType
C = Certainty


def _claim(parse: Any, text: str, target: str) -> Claim:
    return claim_of(parse, text, target)


# (text, claimed span, [(name, source type, cue)], certainty)
RELAYS = [
    # passive "quoted by": the subject speaks, the agent relays
    ("A police spokesman was quoted by Radio Varso as saying that four gunmen were arrested.",
     "four gunmen were arrested",
     [("police spokesman", S.POLICE, "quoted"), ("Radio Varso", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    ("The spokesman was quoted by the Orlo Herald as saying three soldiers died.", "three soldiers died",
     [("spokesman", S.UNKNOWN, "quoted"), ("Orlo Herald", S.INDEPENDENT_MEDIA, "quoted")], C.REPORTED),
    # "published by", "carried" (active): the outermost relay
    ("The statement, published by the Orlo Herald, said two soldiers died.", "two soldiers died",
     [("statement", S.UNKNOWN, "said"), ("Orlo Herald", S.INDEPENDENT_MEDIA, "published by")], C.REPORTED),
    ("State television carried a statement that said two soldiers died.", "two soldiers died",
     [("statement", S.UNKNOWN, "said"), ("State television", S.STATE_MEDIA, "carried")], C.REPORTED),
    ("The statement, aired by state television, said two soldiers died.", "two soldiers died",
     [("statement", S.UNKNOWN, "said"), ("state television", S.STATE_MEDIA, "aired by")], C.REPORTED),
    ("The statement, broadcast by Radio Kessa, said two soldiers died.", "two soldiers died",
     [("statement", S.UNKNOWN, "said"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "broadcast by")], C.REPORTED),
    ("The statement, relayed by the Orlo Herald, said two soldiers died.", "two soldiers died",
     [("statement", S.UNKNOWN, "said"), ("Orlo Herald", S.INDEPENDENT_MEDIA, "relayed by")], C.REPORTED),
    ("The statement, carried on state television, said two soldiers died.", "two soldiers died",
     [("statement", S.UNKNOWN, "said")], C.REPORTED),
    ("Radio Kessa aired the statement that two soldiers died.", "two soldiers died",
     [("Radio Kessa", S.INDEPENDENT_MEDIA, "aired")], C.REPORTED),
    # ... but airing grievances or broadcasting footage reports nothing
    ("The rebels aired their grievances at the rally in Orlo.", "The rebels aired their grievances", [],
     C.ASSERTED),
    ("State television broadcast footage of the burned market.", "State television broadcast footage", [],
     C.ASSERTED),
    # a source cited or quoted in a participle speaks; the one who cites it relays
    ("Ten people were arrested, the army said, citing a field commander.", "Ten people were arrested",
     [("field commander", S.MILITARY, "citing"), ("army", S.MILITARY, "said")], C.CLAIMED),
    ("The agency, quoting a hospital doctor, said nine people died.", "nine people died",
     [("hospital doctor", S.EYEWITNESS, "quoting"), ("agency", S.INDEPENDENT_MEDIA, "said")], C.REPORTED),
    ("Nine people died, the agency said, quoting a hospital doctor.", "Nine people died",
     [("hospital doctor", S.EYEWITNESS, "quoting"), ("agency", S.INDEPENDENT_MEDIA, "said")], C.REPORTED),
    ("Police arrested ten people, the agency reported, citing a police source.", "Police arrested ten people",
     [("police source", S.POLICE, "citing"), ("agency", S.INDEPENDENT_MEDIA, "reported")], C.CLAIMED),
    # "via" / "through" an outlet: a relay; "via a spokesman" is no outlet
    ("The army said via the state broadcaster that ten rebels died.", "ten rebels died",
     [("army", S.MILITARY, "said"), ("state broadcaster", S.STATE_MEDIA, "via")], C.CLAIMED),
    ("The army said through the Orlo Herald that ten rebels died.", "ten rebels died",
     [("army", S.MILITARY, "said"), ("Orlo Herald", S.INDEPENDENT_MEDIA, "through")], C.CLAIMED),
    ("The army said via a spokesman that ten rebels died.", "ten rebels died", [("army", S.MILITARY, "said")],
     C.CLAIMED),
    # "told": the listener is a relay only when it is an outlet
    ("The governor told the agency that nine people died.", "nine people died",
     [("governor", S.GOVERNMENT, "told"), ("agency", S.INDEPENDENT_MEDIA, "told")], C.CLAIMED),
    ("The governor told reporters that nine people died.", "nine people died",
     [("governor", S.GOVERNMENT, "told")], C.CLAIMED),
    # "according to" beside another speaker is the outermost relay; alone it is the speaker
    ("The army said nine rebels died, according to the Orlo Herald.", "nine rebels died",
     [("army", S.MILITARY, "said"), ("Orlo Herald", S.INDEPENDENT_MEDIA, "according to")], C.CLAIMED),
    ("Nine soldiers died, according to the army, which cited field reports.", "Nine soldiers died",
     [("army", S.MILITARY, "according to")], C.CLAIMED),
    # a parenthetical reporting clause inside the content clause
    ("The rebels, the army said, killed nine soldiers.", "killed nine soldiers",
     [("army", S.MILITARY, "said")], C.CLAIMED),
]  # fmt: skip

SPEECH = [
    # a platform named after "on" goes into the cue, whichever platform; other "in" phrases do not
    ("The rebels said on Instagram that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "said on Instagram")], C.CLAIMED),
    ("The rebels said on X that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "said on X")], C.CLAIMED),
    ("The rebels said on YouTube that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "said on YouTube")], C.CLAIMED),
    ("The rebels said on TikTok that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "said on TikTok")], C.CLAIMED),
    ("The rebels said in a video that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "said")], C.CLAIMED),
    # posting, publishing and dismissing report only a claim (a clause or a claim noun), not a thing or a person
    ("The rebels posted a statement that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "posted")], C.CLAIMED),
    ("The rebels posted photos of the burned town.", "The rebels posted photos of the burned town", [], C.ASSERTED),
    ("The governor published the names of the dead.", "The governor published the names of the dead", [],
     C.ASSERTED),
    ("The army dismissed the reports that rebels had seized the town.", "rebels had seized the town",
     [("army", S.MILITARY, "dismissed")], C.DENIED),
    ("The army dismissed the commander after the rebels seized the town.", "the rebels seized the town", [],
     C.ASSERTED),
    ("The rebels denied the accusation that they had seized the town.", "they had seized the town",
     [("rebels", S.ARMED_GROUP, "denied")], C.DENIED),
    ("Rebels denied having seized the town.", "having seized the town", [("Rebels", S.ARMED_GROUP, "denied")],
     C.DENIED),
    ("Police fear that ten people died in the fire.", "ten people died in the fire", [("Police", S.POLICE, "fear")],
     C.HEDGED),
]  # fmt: skip

CLAUSES = [
    # a reporting verb in a clause beside the content clause, not above or below it, does not attribute it
    ("The army said two soldiers died, but the rebels denied it.", "two soldiers died",
     [("army", S.MILITARY, "said")], C.CLAIMED),
    # "as X announced" hung under the content clause attributes it; "as X announced a curfew" is another act
    ("Two soldiers were killed in Orlo, as the army announced.", "Two soldiers were killed in Orlo",
     [("army", S.MILITARY, "announced")], C.CLAIMED),
    ("Two soldiers were killed in Orlo as the army announced a curfew.", "Two soldiers were killed in Orlo", [],
     C.ASSERTED),
    # quoting or citing someone after the content: the object speaks
    ("Two soldiers were killed in Orlo, Radio Kessa quoted a police officer as saying.",
     "Two soldiers were killed in Orlo",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    ("Two soldiers were killed in Orlo, the agency cited a police officer as saying.",
     "Two soldiers were killed in Orlo",
     [("police officer", S.POLICE, "cited"), ("agency", S.INDEPENDENT_MEDIA, "cited")], C.CLAIMED),
    ("Rebels tried to storm the base, the army said.", "Rebels tried to storm the base",
     [("army", S.MILITARY, "said")], C.CLAIMED),
    ("Rebels killed two soldiers in Orlo, officials confirmed.", "Rebels killed two soldiers in Orlo",
     [("officials", S.GOVERNMENT, "confirmed")], C.CLAIMED),
]  # fmt: skip

NAMES = [
    # the words of a name: titles and appositions kept without commas; "at"/"of" phrases kept, "from" not;
    # possessives, determiners and relative clauses dropped; a name the parser splits off is joined back
    ("The army spokesman Colonel Ilan Varsky said nine rebels died.", "nine rebels died",
     [("army spokesman Colonel Ilan Varsky", S.MILITARY, "said")], C.CLAIMED),
    ("The station Radio Orlo 9 said nine rebels died.", "nine rebels died",
     [("station Radio Orlo 9", S.INDEPENDENT_MEDIA, "said")], C.REPORTED),
    ("His deputy said nine rebels died.", "nine rebels died", [("deputy", S.GOVERNMENT, "said")], C.CLAIMED),
    ("The commander of the brigade said nine rebels died.", "nine rebels died",
     [("commander of the brigade", S.MILITARY, "said")], C.CLAIMED),
    ("A spokeswoman at the hospital said nine patients died.", "nine patients died",
     [("spokeswoman at the hospital", S.EYEWITNESS, "said")], C.REPORTED),
    ("A spokeswoman from the hospital said nine patients died.", "nine patients died",
     [("spokeswoman", S.UNKNOWN, "said")], C.REPORTED),
    ("Varsky, who leads the militia, said nine soldiers died.", "nine soldiers died",
     [("Varsky", S.UNKNOWN, "said")], C.REPORTED),
]  # fmt: skip

QUOTES = [
    # the attribution stands after the quote, in the same sentence, whatever the quotation marks
    ("\u201cNine rebels were killed in the raid,\u201d said Colonel Varsky.", "Nine rebels were killed in the raid",
     [("Colonel Varsky", S.MILITARY, "said")], C.CLAIMED),
    ('"Four gunmen were arrested at dawn," the police chief said.', "Four gunmen were arrested at dawn",
     [("police chief", S.POLICE, "said")], C.CLAIMED),
    ("\u00abFour gunmen were arrested at dawn\u00bb, the police chief said.", "Four gunmen were arrested at dawn",
     [("police chief", S.POLICE, "said")], C.CLAIMED),
    # ... or after a second quoted sentence, or between two halves of the quote
    ("\u201cFour gunmen were arrested at dawn. They were armed,\u201d the police chief told the agency.",
     "Four gunmen were arrested at dawn",
     [("police chief", S.POLICE, "told"), ("agency", S.INDEPENDENT_MEDIA, "told")], C.CLAIMED),
    ("\u201cFour gunmen were arrested at dawn,\u201d the police chief said, \u201cand two escaped.\u201d",
     "Four gunmen were arrested at dawn", [("police chief", S.POLICE, "said")], C.CLAIMED),
    # the attribution of the sentence before a quote carries over to it: a reporting verb or "according to"
    ("Radio Kessa quoted a police officer. \u201cFour gunmen were arrested at dawn.\u201d",
     "Four gunmen were arrested at dawn",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    ("According to a police officer, the raid went well. \u201cFour gunmen were arrested at dawn.\u201d",
     "Four gunmen were arrested at dawn", [("police officer", S.POLICE, "according to")], C.CLAIMED),
    # a sentence before without a reporting verb gives nothing; nor does a quote that opens the text
    ("The army spokesman addressed reporters in Orlo. \u201cNine rebels were killed in the raid.\u201d",
     "Nine rebels were killed in the raid", [], C.ASSERTED),
    ("\u201cFour gunmen were arrested at dawn.\u201d", "Four gunmen were arrested at dawn", [], C.ASSERTED),
    # a quote's attribution is its own: a sentence after a quote, outside it, takes nothing from it
    ("\u201cWe are safe,\u201d the mayor said. Nine people died in Orlo.", "Nine people died in Orlo", [],
     C.ASSERTED),
    ("Radio Kessa quoted a police officer. Four gunmen were arrested at dawn.", "Four gunmen were arrested at dawn",
     [], C.ASSERTED),
    # spans with their quotation marks, up to the mark or the comma after it, or of one word
    ("\u201cNine rebels were killed in the raid,\u201d the army said.",
     "\u201cNine rebels were killed in the raid,\u201d", [("army", S.MILITARY, "said")], C.CLAIMED),
    ("\u201cNine rebels were killed in the raid,\u201d the army said.", "Nine rebels were killed in the raid,\u201d",
     [("army", S.MILITARY, "said")], C.CLAIMED),
    ("\u00abFour gunmen were arrested at dawn\u00bb, the police chief said.",
     "Four gunmen were arrested at dawn\u00bb,", [("police chief", S.POLICE, "said")], C.CLAIMED),
    ("Radio Kessa quoted a police officer. \u201cFour gunmen were arrested at dawn.\u201d", "arrested",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    # a quote left open (the next paragraph goes on quoting) still takes the sentence before
    ("Radio Kessa quoted a police officer. \u201cFour gunmen were arrested at dawn.",
     "Four gunmen were arrested at dawn",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    # the second sentence of a quote takes the attribution before the quote's first
    ("Radio Kessa quoted a police officer. \u201cFour gunmen were arrested at dawn. Two escaped.\u201d", "Two escaped",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    # a reporting verb inside the quote is the speaker's own words, not the attribution
    ("\u201cFour gunmen were arrested at dawn. We told the families,\u201d the police chief said.",
     "Four gunmen were arrested at dawn", [("police chief", S.POLICE, "said")], C.CLAIMED),
    # a pronoun speaker takes the nearest earlier speaker or sentence subject, skipping sentences without one
    ("The police chief met the press. He was calm. \u201cFour gunmen were arrested,\u201d he said.",
     "Four gunmen were arrested", [("police chief", S.POLICE, "said")], C.CLAIMED),
    ("Police in Orlo raided a house. \u201cFour gunmen were arrested,\u201d they said.", "Four gunmen were arrested",
     [("Police in Orlo", S.POLICE, "said")], C.CLAIMED),
]  # fmt: skip


ROWS = RELAYS + SPEECH + CLAUSES + NAMES + QUOTES


def _test_id(text: str) -> str:
    """An ASCII test id (mutmut passes ids back to pytest, which cannot match escaped quotation marks)."""
    return re.sub(r"[^A-Za-z0-9 ,.]", "", text)[:48]


@pytest.mark.parametrize(("text", "target", "chain", "certainty"), ROWS, ids=[_test_id(r[0]) for r in ROWS])
def test_chains(
    parse: Any, text: str, target: str, chain: list[tuple[str, SourceType, str]], certainty: Certainty
) -> None:
    claim = _claim(parse, text, target)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == chain
    assert claim.certainty is certainty
