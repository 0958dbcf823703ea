"""Attribution chains, certainty and caveats on short wire-style texts written here."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from flashpoint.extract.attribution import attribute, find_caveats, source_type
from flashpoint.extract.figures import extract_figures
from flashpoint.records import Article, Certainty, Claim, SourceType


def _claim(parse: Any, text: str, target: str, source: str | None = None) -> Claim:
    article = Article(id="t", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), source=source)
    start = text.index(target)
    return attribute(parse(text), start, start + len(target), article=article)


def test_three_link_chain_with_quoted_sentence(parse: Any) -> None:
    text = (
        "Crowds tried to break into the governor's office, the regional channel Steppe TV quoted a spokesman "
        "for the Interior Ministry, as reported by the Japanese agency Kyodo. "
        "\u201cDozens of rioters were neutralised.\u201d"
    )
    claim = _claim(parse, text, "Dozens of rioters were neutralised.")
    names = [link.name for link in claim.chain]
    assert len(names) == 3
    assert "Interior Ministry" in names[0]
    assert "Steppe TV" in names[1]
    assert "Kyodo" in names[2]
    assert claim.certainty is Certainty.CLAIMED
    assert claim.chain[2].source_type is SourceType.WIRE


def test_according_to_neutral_source_is_reported(parse: Any) -> None:
    claim = _claim(parse, "According to the health ministry, 14 people were wounded.", "14 people were wounded")
    assert [link.name for link in claim.chain] == ["health ministry"]
    assert claim.certainty is Certainty.REPORTED


def test_citing_puts_the_cited_source_first(parse: Any) -> None:
    text = "Bernama, citing medical sources, reported that six people died."
    claim = _claim(parse, text, "six people died")
    assert [link.name for link in claim.chain] == ["medical sources", "Bernama"]


def test_publisher_is_not_repeated(parse: Any) -> None:
    text = "A police officer told Reuters that the gunman had been arrested."
    claim = _claim(parse, text, "the gunman had been arrested", source="Reuters")
    assert [link.name for link in claim.chain] == ["police officer"]


def test_pronoun_speaker_after_quote(parse: Any) -> None:
    text = "The district commissioner met reporters. \u201cFour bodies were recovered,\u201d she said."
    claim = _claim(parse, text, "Four bodies were recovered")
    assert [link.name for link in claim.chain] == ["district commissioner"]


def test_certainty_classes(parse: Any) -> None:
    cases = [
        ("The army denied that its troops shot at the crowd.", "its troops shot at the crowd", Certainty.DENIED),
        ("Unions said the strike could spread if talks failed.", "the strike could spread if talks failed",
         Certainty.HYPOTHETICAL),
        ("Opposition leaders said they will march on Friday.", "they will march on Friday", Certainty.FUTURE),
        ("Three people were reportedly killed in the raid.", "Three people were reportedly killed in the raid",
         Certainty.HEDGED),
        ("Gunmen attacked a bus near Orlo on Sunday.", "Gunmen attacked a bus near Orlo on Sunday", Certainty.ASSERTED),
        ("The rebels claimed they had downed a helicopter.", "they had downed a helicopter", Certainty.CLAIMED),
    ]  # fmt: skip
    for text, target, expected in cases:
        assert _claim(parse, text, target).certainty is expected, text


def test_plain_event_notes_are_not_non_factual(parse: Any) -> None:
    for text in (
        "On 4 March 2021, protesters gathered in front of the parliament to demand higher wages.",
        "On 2 June 2021, unidentified gunmen killed two farmers in the village. No arrests were made.",
    ):
        sent = next(parse(text).sents)
        claim = _claim(parse, text, sent.text.strip())
        assert claim.certainty not in (Certainty.DENIED, Certainty.HYPOTHETICAL, Certainty.FUTURE), text


def test_source_types() -> None:
    assert source_type("the Pelmoran state agency") is SourceType.STATE_MEDIA
    assert source_type("spokeswoman for the Ministry of Transport") is SourceType.MINISTRY
    assert source_type("witnesses") is SourceType.EYEWITNESS
    assert source_type("Human Rights Watch") is SourceType.NGO


def test_caveats_link_to_figures(parse: Any) -> None:
    text = (
        "At least twelve civilians were killed in the shelling, officials said. 40 people were injured. "
        "Figures for civilian deaths are not yet known. These numbers could not be independently checked."
    )
    doc = parse(text)
    article = Article(id="t", text=text, content_hash="h")
    figures = extract_figures(doc, article=article)
    caveats = find_caveats(doc, article=article, figures=figures)
    assert len(caveats) == 2
    killed = [i for i, f in enumerate(figures) if f.kind.value == "killed"]
    assert caveats[0].qualifies == tuple(killed)
    assert caveats[1].qualifies == tuple(range(len(figures)))
    assert text[caveats[1].evidence.start : caveats[1].evidence.end].startswith("These numbers")


def test_a_dismissal_is_an_act_not_a_denial(parse: Any) -> None:
    text = "In response, President Ilse Varnok dismissed the government on Friday."
    claim = _claim(parse, text, text)
    assert claim.certainty is Certainty.ASSERTED
    assert claim.chain == ()


def test_rejecting_reports_is_a_denial(parse: Any) -> None:
    text = "The interior ministry rejected reports that police had fired on the crowd."
    claim = _claim(parse, text, "police had fired on the crowd")
    assert claim.certainty is Certainty.DENIED
    assert [link.name for link in claim.chain] == ["interior ministry"]


def test_carrying_out_an_attack_is_not_a_relay(parse: Any) -> None:
    text = "Gunmen carried out an attack on a checkpoint near Orlo, the army said."
    claim = _claim(parse, text, "Gunmen carried out an attack on a checkpoint near Orlo")
    assert [link.name for link in claim.chain] == ["army"]


# Chains and certainty pinned whole: (text, the claimed span, the article's outlet, [(name, source type,
# cue)], certainty, cues). A moved rank, a lost relay, a cue that no longer fires or a certainty rule out
# of order fails here. None for cues: not pinned.
S = SourceType
PINNED_CLAIMS = [
    ("Rebels killed four soldiers near Orlo, the army said.", "Rebels killed four soldiers", None,
     [("army", S.MILITARY, "said")], Certainty.CLAIMED, ("said",)),
    ("Police said two protesters were injured in Varso.", "two protesters were injured", None,
     [("Police", S.POLICE, "said")], Certainty.CLAIMED, ("said",)),
    ("The rebels denied that they had killed civilians in Kessa.", "they had killed civilians", None,
     [("rebels", S.ARMED_GROUP, "denied")], Certainty.DENIED, ("denied",)),
    ("Police rejected the reports that six protesters had died.", "six protesters had died", None,
     [("Police", S.POLICE, "rejected")], Certainty.DENIED, ("rejected",)),
    ("The governor did not confirm that 12 people died.", "12 people died", None,
     [("governor", S.GOVERNMENT, "confirm")], Certainty.DENIED, ("confirm",)),
    ("Nobody was hurt in the fire in Varso.", "Nobody was hurt", None, [], Certainty.DENIED, ("no",)),
    ("The army will deploy troops to Orlo next week.", "deploy troops", None, [], Certainty.FUTURE, ("will",)),
    ("The protest is to take place on Friday.", "The protest is to take place", None, [], Certainty.FUTURE,
     ("is to",)),
    ("The rebels are scheduled to meet on Monday.", "The rebels are scheduled to meet", None, [],
     Certainty.FUTURE, ("scheduled",)),
    ("Witnesses said the police would disperse the crowd.", "the police would disperse the crowd", None,
     [("Witnesses", S.EYEWITNESS, "said")], Certainty.FUTURE, ("said", "would")),
    ("If the talks fail, the militia could attack Varso.", "the militia could attack Varso", None, [],
     Certainty.HYPOTHETICAL, ("could",)),
    ("Three people may have been killed in the blast, officials said.", "Three people may have been killed", None,
     [("officials", S.GOVERNMENT, "said")], Certainty.HEDGED, ("said", "may have")),
    ("Two soldiers were reportedly killed near Kessa.", "Two soldiers were reportedly killed", None, [],
     Certainty.HEDGED, ("reportedly",)),
    ("Two soldiers were reported killed near Kessa.", "Two soldiers were reported killed", None, [],
     Certainty.HEDGED, ("reported (passive)",)),
    ("It is feared that 30 people died in the flood.", "30 people died", None, [], Certainty.HEDGED,
     ("feared", "feared (passive)")),
    ("Unconfirmed reports said ten people were killed.", "ten people were killed", None,
     [("Unconfirmed reports", S.UNKNOWN, "said")], Certainty.HEDGED, ("said", "unconfirmed")),
    ("The militia claimed that it had shot down a helicopter.", "it had shot down a helicopter", None,
     [("militia", S.ARMED_GROUP, "claimed")], Certainty.CLAIMED, ("claimed",)),
    ("Radio Orlo quoted a police spokesman as saying five gunmen were arrested.", "five gunmen were arrested", None,
     [("police spokesman", S.POLICE, "quoted"), ("Radio Orlo", S.INDEPENDENT_MEDIA, "quoted")], Certainty.CLAIMED,
     ("quoted",)),
    ("The agency cited witnesses who said six people died.", "six people died", None,
     [("witnesses", S.EYEWITNESS, "cited"), ("agency", S.INDEPENDENT_MEDIA, "cited")], Certainty.REPORTED,
     ("cited",)),
    ("Residents told Reuters that the market was burned.", "the market was burned", None,
     [("Residents", S.EYEWITNESS, "told"), ("Reuters", S.WIRE, "told")], Certainty.REPORTED, ("told",)),
    ("Four traders were killed in Orlo, a police officer told Radio Kessa, as reported by Lakeside Wire.",
     "Four traders were killed", None,
     [("police officer", S.POLICE, "told"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "told"),
      ("Lakeside Wire", S.WIRE, "reported by")], Certainty.CLAIMED, ("told", "reported by")),
    ("The statement, carried by the state broadcaster, said two soldiers died.", "two soldiers died", None,
     [("statement", S.UNKNOWN, "said"), ("state broadcaster", S.STATE_MEDIA, "carried by")], Certainty.REPORTED,
     ("said", "carried by")),
    ("The attack killed nine people, according to the Red Cross.", "The attack killed nine people", None,
     [("Red Cross", S.NGO, "according to")], Certainty.REPORTED, ("according to",)),
    ("The rebels said on Telegram that they had seized the town.", "they had seized the town", None,
     [("rebels", S.ARMED_GROUP, "said on Telegram")], Certainty.CLAIMED, ("said on Telegram",)),
    ("The militia said via Telegram that it had killed seven soldiers.", "it had killed seven soldiers", None,
     [("militia", S.ARMED_GROUP, "said"), ("Telegram", S.SOCIAL_MEDIA, "via")], Certainty.CLAIMED,
     ("said", "via")),
    ("Gunmen killed five villagers, Orlo News reported, citing a local chief.", "Gunmen killed five villagers", None,
     [("local chief", S.GOVERNMENT, "citing"), ("Orlo News", S.INDEPENDENT_MEDIA, "reported")], Certainty.CLAIMED,
     ("citing", "reported")),
    ("The governor spoke to reporters in Varso. Five people died in the fire, he said.",
     "Five people died in the fire", None, [("governor", S.GOVERNMENT, "said")], Certainty.CLAIMED, ("said",)),
    ("“Eleven militants were killed in the raid,” the army spokesman said.", "Eleven militants were killed in the raid",
     None, [("army spokesman", S.MILITARY, "said")], Certainty.CLAIMED, ("said",)),
    ("The ministry of defence said 20 militants were killed.", "20 militants were killed", None,
     [("ministry of defence", S.MINISTRY, "said")], Certainty.CLAIMED, ("said",)),
    ("The ministry of health said 20 patients were evacuated.", "20 patients were evacuated", None,
     [("ministry of health", S.MINISTRY, "said")], Certainty.REPORTED, ("said",)),
    # a reporting verb hung under the content clause attributes it; one in a clause about something else does not
    ("Two soldiers were killed in Orlo, where residents said they had seen rebels.", "Two soldiers were killed in Orlo",
     None, [], Certainty.ASSERTED, ()),
    ("Two soldiers were killed in Orlo after the army said it would withdraw.", "Two soldiers were killed in Orlo",
     None, [], Certainty.ASSERTED, ()),
    ("Two soldiers were killed in Orlo, while the army said the rebels had fled.", "Two soldiers were killed in Orlo",
     None, [], Certainty.ASSERTED, ()),
    ("Two soldiers were killed in Orlo, as the army said.", "Two soldiers were killed in Orlo", None,
     [("army", S.MILITARY, "said")], Certainty.CLAIMED, ("said",)),
    ("Two soldiers were killed in Orlo, the army told reporters.", "Two soldiers were killed in Orlo", None,
     [("army", S.MILITARY, "told")], Certainty.CLAIMED, ("told",)),
    ("Two soldiers were killed in Orlo, the army told Radio Kessa.", "Two soldiers were killed in Orlo", None,
     [("army", S.MILITARY, "told"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "told")], Certainty.CLAIMED, ("told",)),
    ("Two soldiers were killed and three were wounded in Orlo, the army said.", "three were wounded in Orlo", None,
     [("army", S.MILITARY, "said")], Certainty.CLAIMED, ("said",)),
    # names: without determiners, possessives and appositions; with "for"/"in" phrases; platforms in the cue
    ("The militia said on Facebook that it had killed five soldiers.", "it had killed five soldiers", None,
     [("militia", S.ARMED_GROUP, "said on Facebook")], Certainty.CLAIMED, ("said on Facebook",)),
    ("The rebels wrote on Twitter that they had captured the airport.", "they had captured the airport", None,
     [("rebels", S.ARMED_GROUP, "wrote on Twitter")], Certainty.CLAIMED, ("wrote on Twitter",)),
    ("The army spokesman said in a statement on Monday that 12 rebels were killed.", "12 rebels were killed", None,
     [("army spokesman", S.MILITARY, "said")], Certainty.CLAIMED, ("said",)),
    ("Colonel Ilan Varsky, a former minister, said three soldiers died.", "three soldiers died", None,
     [("Colonel Ilan Varsky", S.MILITARY, "said")], Certainty.CLAIMED, ("said",)),
    ("Their spokesman said three soldiers died.", "three soldiers died", None,
     [("spokesman", S.UNKNOWN, "said")], Certainty.REPORTED, ("said",)),
    ("A spokesman for the Interior Ministry in Orlo said two officers were hurt.", "two officers were hurt", None,
     [("spokesman for the Interior Ministry in Orlo", S.MINISTRY, "said")], Certainty.CLAIMED, ("said",)),
    ("The toll of nine dead was confirmed by the police.", "The toll of nine dead", None,
     [("police", S.POLICE, "confirmed")], Certainty.CLAIMED, ("confirmed",)),
    ("The attack was condemned by the governor, who said four people died.", "four people died", None,
     [("governor", S.GOVERNMENT, "said")], Certainty.CLAIMED, ("said",)),
    ("Nine people were killed in the raid, state television reported.", "Nine people were killed in the raid", None,
     [("state television", S.STATE_MEDIA, "reported")], Certainty.REPORTED, ("reported",)),
    ("The rebels claimed through their Telegram channel that they had shot down a drone.",
     "they had shot down a drone", None,
     [("rebels", S.ARMED_GROUP, "claimed"), ("Telegram channel", S.SOCIAL_MEDIA, "through")], Certainty.CLAIMED,
     ("claimed", "through")),
    ("Six soldiers were killed, Varsky told the Orlo Herald.", "Six soldiers were killed", None,
     [("Varsky", S.UNKNOWN, "told"), ("Orlo Herald", S.INDEPENDENT_MEDIA, "told")], Certainty.REPORTED, ("told",)),
    # the outlet publishing the report is no link of its chain
    ("Gunmen killed two farmers in Orlo, the Varso Times reported.", "Gunmen killed two farmers", "Varso Times",
     [], Certainty.ASSERTED, ()),
    ("Gunmen killed two farmers in Orlo, the Varso Times reported.", "Gunmen killed two farmers", None,
     [("Varso Times", S.INDEPENDENT_MEDIA, "reported")], Certainty.REPORTED, ("reported",)),
    # acts, not speech: "dismissed the governor", "carried out an attack"
    ("The president dismissed the governor after the riots in Varso.", "dismissed the governor", None, [],
     Certainty.ASSERTED, ()),
    ("The rebels carried out an attack on Orlo, killing three soldiers.", "killing three soldiers", None, [],
     Certainty.ASSERTED, ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "target", "outlet", "chain", "certainty", "cues"), PINNED_CLAIMS, ids=[c[1][:40] for c in PINNED_CLAIMS]
)
def test_pinned_claims(
    parse: Any,
    text: str,
    target: str,
    outlet: str | None,
    chain: list[tuple[str, SourceType, str]],
    certainty: Certainty,
    cues: tuple[str, ...] | None,
) -> None:
    claim = _claim(parse, text, target, source=outlet)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == chain
    assert claim.certainty is certainty
    if cues is not None:
        assert claim.cues == cues
    assert claim.evidence.text == target
    assert claim.evidence.stage.startswith("attribution@")


def test_source_types_match_whole_words_in_lexicon_order() -> None:
    assert source_type("a UN spokesman") is SourceType.NGO
    assert source_type("the unit manager") is SourceType.UNKNOWN  # "un" only as a word
    assert source_type("an AP reporter") is SourceType.WIRE
    assert source_type("a map maker") is SourceType.UNKNOWN
    assert source_type("Radio Orlo") is SourceType.INDEPENDENT_MEDIA
    assert source_type("Orlo state television") is SourceType.STATE_MEDIA  # before the plain "television"
    assert source_type("the rebels' Telegram channel") is SourceType.SOCIAL_MEDIA
    assert source_type("a police spokesman") is SourceType.POLICE
    assert source_type("an army spokesman") is SourceType.MILITARY
    assert source_type("a security source") is SourceType.ANONYMOUS
    assert source_type("the provincial governor") is SourceType.GOVERNMENT
    assert source_type("a survivor") is SourceType.EYEWITNESS
    assert source_type("rebel-held") is SourceType.UNKNOWN  # "rebel" inside a compound word
    assert source_type("") is SourceType.UNKNOWN


def _caveats(parse: Any, text: str) -> tuple[list[Any], list[Any]]:
    doc = parse(text)
    article = Article(id="t", text=text, content_hash="h")
    figures = list(extract_figures(doc, article=article))
    return figures, list(find_caveats(doc, article=article, figures=figures))


def test_a_caveat_qualifies_the_figures_of_its_own_sentence(parse: Any) -> None:
    figures, caveats = _caveats(
        parse,
        "Five soldiers were wounded in Orlo. Nine villagers were killed in Kessa, a toll that could not be "
        "independently verified.",
    )
    assert [(f.kind.value, f.best) for f in figures] == [("injured", 5), ("killed", 9)]
    assert [c.qualifies for c in caveats] == [(1,)]
    assert caveats[0].text.startswith("Nine villagers")
    assert caveats[0].evidence.stage.startswith("attribution@")


def test_a_caveat_naming_a_group_or_kind_qualifies_those_figures(parse: Any) -> None:
    text = "Five soldiers were wounded in Orlo. Nine villagers were killed in Kessa. "
    _, by_group = _caveats(parse, text + "The number of civilian victims is not yet known.")
    assert [c.qualifies for c in by_group] == [(1,)]
    _, by_kind = _caveats(parse, text + "Information on the injuries is not yet available.")
    assert [c.qualifies for c in by_kind] == [(0,)]
    _, by_deaths = _caveats(parse, text + "Details about the dead were not yet released.")
    assert [c.qualifies for c in by_deaths] == [(1,)]
    _, general = _caveats(parse, text + "Communications were cut in the region.")
    assert [c.qualifies for c in general] == [(0, 1)]
    _, none = _caveats(parse, text + "The army patrolled the road.")
    assert none == []


# An event the sentence takes as given ("after Friday's march"): who reports the sentence, and hedges on the
# way to the mention, decide its certainty; a denial of something else, a plan or a modal around it do not.
PRESUPPOSED = [
    ("The rebels denied responsibility for Thursday's attack on Orlo.", "attack", [], Certainty.ASSERTED, ()),
    ("Teachers said they would hold more rallies after police broke up Friday's march.", "march",
     [("Teachers", S.UNKNOWN, "said")], Certainty.REPORTED, ("said",)),
    ("The government condemned Monday's bombing in Kessa, the agency reported.", "bombing",
     [("agency", S.INDEPENDENT_MEDIA, "reported")], Certainty.REPORTED, ("reported",)),
    ("The governor will visit Varso a day after teachers rallied in the town.", "rallied", [], Certainty.ASSERTED,
     ()),
    ("Officials said the curfew was imposed after Tuesday's riots, which reportedly left two dead.", "riots",
     [("Officials", S.GOVERNMENT, "said")], Certainty.HEDGED, ("said", "reportedly")),
    ("The militia claimed it might retaliate for Friday's raid on its camp.", "raid",
     [("militia", S.ARMED_GROUP, "claimed")], Certainty.CLAIMED, ("claimed",)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "word", "chain", "certainty", "cues"), PRESUPPOSED, ids=[p[1] for p in PRESUPPOSED])
def test_a_presupposed_event_takes_its_certainty_from_its_mention(
    parse: Any,
    text: str,
    word: str,
    chain: list[tuple[str, SourceType, str]],
    certainty: Certainty,
    cues: tuple[str, ...],
) -> None:
    doc = parse(text)
    article = Article(id="t", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    anchor = next(t.i for t in doc if t.text == word)
    claim = attribute(doc, 0, len(text), article=article, anchor=anchor)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == chain
    assert claim.certainty is certainty
    assert claim.cues == cues
    assert claim.evidence.text == text
    # without the anchor the sentence's own main verb decides
    plain = attribute(doc, 0, len(text), article=article)
    assert plain.evidence == claim.evidence
