"""Attribution chains, certainty and caveats on short wire-style texts written here."""

from __future__ import annotations

import hashlib
from typing import Any

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
