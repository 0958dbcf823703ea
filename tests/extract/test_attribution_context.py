"""Attribution from context: pronoun speakers resolved across sentences, subjects shared by coordinated
verbs, the article's own outlet left out of its chain, the evidence of a claim, presupposed mentions and
caveats whose sentence opens with its figure.

Sentences are invented (places, people and outlets included)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from flashpoint.extract.attribution import attribute, find_caveats
from flashpoint.extract.figures import extract_figures
from flashpoint.records import Article, Certainty, Claim, SourceType

S = SourceType
C = Certainty


def _article(text: str, source: str | None = None) -> Article:
    return Article(id="a1", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), source=source)


def _claim(parse: Any, text: str, target: str, source: str | None = None) -> Claim:
    start = text.index(target)
    return attribute(parse(text), start, start + len(target), article=_article(text, source))


def _test_id(text: str) -> str:
    """An ASCII test id (mutmut passes ids back to pytest, which cannot match escaped quotation marks)."""
    return re.sub(r"[^A-Za-z0-9 ,.]", "", text)[-48:]


GOVERNOR_QUOTE = "\u201cNine people died,\u201d he said."

# (text, claimed span, the article's outlet, [(name, source type, cue)], certainty)
CONTEXT = [
    # a pronoun speaker: the nearest earlier speaker, or subject that is no pronoun, at most five sentences back
    ("The governor met reporters. It rained. It was cold. It got late. It was dark. " + GOVERNOR_QUOTE,
     "Nine people died", None, [("governor", S.GOVERNMENT, "said")], C.CLAIMED),
    ("The governor met reporters. It rained. It was cold. It got late. It was dark. It snowed. " + GOVERNOR_QUOTE,
     "Nine people died", None, [], C.ASSERTED),
    ("The governor said the police chief had resigned. \u201cNine people died,\u201d she said.", "Nine people died",
     None, [("governor", S.GOVERNMENT, "said")], C.CLAIMED),
    ("The police chief was asked about the raid. \u201cFour gunmen were arrested,\u201d he said.",
     "Four gunmen were arrested", None, [("police chief", S.POLICE, "said")], C.CLAIMED),
    ("On Monday the police chief met the press. \u201cFour gunmen were arrested,\u201d he said.",
     "Four gunmen were arrested", None, [("police chief", S.POLICE, "said")], C.CLAIMED),
    # an unresolved pronoun is no link; the first sentence looks back no further (not round to the last one)
    ("He said nine people died in Orlo. The governor visited the town later.", "nine people died in Orlo", None,
     [], C.ASSERTED),
    ("He told Radio Kessa that nine people died.", "nine people died", None,
     [("Radio Kessa", S.INDEPENDENT_MEDIA, "told")], C.REPORTED),
    # a reporting verb coordinated with another verb, or under one, takes that verb's subject
    ("The army raided the camp and said nine rebels died.", "nine rebels died", None,
     [("army", S.MILITARY, "said")], C.CLAIMED),
    ("The army went on to say that nine rebels died.", "nine rebels died", None, [("army", S.MILITARY, "say")],
     C.CLAIMED),
    # "told" someone who is no outlet: no relay
    ("The governor told the crowd that nine people died.", "nine people died", None,
     [("governor", S.GOVERNMENT, "told")], C.CLAIMED),
    # possessives and pre-determiners are no part of a name
    ("Her deputy said nine rebels died.", "nine rebels died", None, [("deputy", S.GOVERNMENT, "said")], C.CLAIMED),
    ("Its spokesman said nine rebels died.", "nine rebels died", None, [("spokesman", S.UNKNOWN, "said")],
     C.REPORTED),
    ("Our correspondent said nine rebels died.", "nine rebels died", None,
     [("correspondent", S.INDEPENDENT_MEDIA, "said")], C.REPORTED),
    ("All the witnesses said nine rebels died.", "nine rebels died", None, [("witnesses", S.EYEWITNESS, "said")],
     C.REPORTED),
    # the small parser splits "the local channel Kessa 24" into two subjects: the adjacent name joins
    ("The local channel Kessa 24 quoted a police spokesman. \u201cTwo soldiers died.\u201d", "Two soldiers died.",
     None, [("police spokesman", S.POLICE, "quoted"), ("local channel Kessa 24", S.INDEPENDENT_MEDIA, "quoted")],
     C.CLAIMED),
    ("The broadcaster Varso 24 quoted a spokesman for the Interior Ministry. \u201cTwo soldiers died.\u201d",
     "Two soldiers died.", None,
     [("spokesman for the Interior Ministry", S.MINISTRY, "quoted"),
      ("broadcaster Varso 24", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    # an outlet that reports another's words relays them; a passive's agent speaks
    ("The agency reported that the governor said nine people died.", "nine people died", None,
     [("governor", S.GOVERNMENT, "said"), ("agency", S.INDEPENDENT_MEDIA, "reported")], C.CLAIMED),
    ("Nine people died, as confirmed by the police.", "Nine people died", None,
     [("police", S.POLICE, "confirmed")], C.CLAIMED),
    # a platform after "in" goes into the cue with its words
    ("The rebels said in a Facebook post that they had seized the town.", "they had seized the town", None,
     [("rebels", S.ARMED_GROUP, "said in a Facebook post")], C.CLAIMED),
    # relays of relays: "citing X, which quoted Y"
    ("Nine people died, the agency reported, citing Radio Kessa, which quoted a hospital doctor.",
     "Nine people died", None,
     [("hospital doctor", S.EYEWITNESS, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted"),
      ("agency", S.INDEPENDENT_MEDIA, "reported")], C.REPORTED),
    ("The army said, according to Radio Kessa, that nine rebels died.", "nine rebels died", None,
     [("army", S.MILITARY, "said"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "according to")], C.CLAIMED),
    # the article's own outlet is no link, also inside a longer name, wherever it stands in the chain
    ("A Varso Times correspondent said nine rebels died.", "nine rebels died", "Varso Times", [], C.ASSERTED),
    ("A Varso Times correspondent said nine rebels died.", "nine rebels died", None,
     [("Varso Times correspondent", S.INDEPENDENT_MEDIA, "said")], C.REPORTED),
    ("Four traders were killed in Orlo, a police officer told Radio Kessa, as reported by Lakeside Wire.",
     "Four traders were killed", "Radio Kessa",
     [("police officer", S.POLICE, "told"), ("Lakeside Wire", S.WIRE, "reported by")], C.CLAIMED),
    # a second speaker's own statement beside the first does not attribute the first one's content
    ("The army said two soldiers died, and the rebels said three fighters were captured.", "two soldiers died",
     None, [("army", S.MILITARY, "said")], C.CLAIMED),
    # ... but a denial of "the claim" hung on the first speaker's verb does
    ("The army said two soldiers died, but the rebels denied the claim.", "two soldiers died", None,
     [("army", S.MILITARY, "said"), ("rebels", S.ARMED_GROUP, "denied")], C.DENIED),
    # a one-word span
    ("Ten people died, police said.", "died", None, [("police", S.POLICE, "said")], C.CLAIMED),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "target", "outlet", "chain", "certainty"), CONTEXT, ids=[_test_id(r[0]) for r in CONTEXT]
)
def test_context(
    parse: Any,
    text: str,
    target: str,
    outlet: str | None,
    chain: list[tuple[str, SourceType, str]],
    certainty: Certainty,
) -> None:
    claim = _claim(parse, text, target, source=outlet)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == chain
    assert claim.certainty is certainty


def test_a_claim_carries_its_evidence(parse: Any) -> None:
    text = "Gunmen attacked a bus near Orlo. Ten people died, police said."
    start = text.index("Ten people died")
    claim = attribute(parse(text), start, start + 15, article=_article(text))
    assert (claim.evidence.article_id, claim.evidence.start, claim.evidence.end) == ("a1", start, start + 15)
    assert claim.evidence.text == "Ten people died"
    assert [link.name for link in claim.chain] == ["police"]


def test_a_span_inside_a_word_takes_the_whole_word(parse: Any) -> None:
    text = "Ten people died, police said."
    start = text.index("eople died")
    claim = attribute(parse(text), start, start + len("eople died"), article=_article(text))
    assert claim.evidence.text == "eople died"
    assert [link.name for link in claim.chain] == ["police"]
    assert claim.certainty is Certainty.CLAIMED


def test_an_empty_span_is_an_unattributed_claim(parse: Any) -> None:
    text = "Ten people died, police said."
    claim = attribute(parse(text), 3, 3, article=_article(text))
    assert claim.chain == ()
    assert claim.certainty is Certainty.ASSERTED
    assert (claim.evidence.start, claim.evidence.end, claim.evidence.text) == (3, 3, "")


def test_a_presupposed_event_under_a_distancing_verb_is_claimed(parse: Any) -> None:
    text = "Teachers claimed they would hold more rallies after police broke up Friday's march."
    doc = parse(text)
    anchor = next(t.i for t in doc if t.text == "march")
    claim = attribute(doc, 0, len(text), article=_article(text), anchor=anchor)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == [("Teachers", S.UNKNOWN, "claimed")]
    assert claim.certainty is Certainty.CLAIMED
    assert claim.cues == ("claimed",)


# a presupposed mention takes the relays of the sentence that reports it: quoters, citers, outer relays,
# and "according to" or "as reported by" on its own clause
PRESUPPOSED_RELAYS = [
    ("Radio Kessa quoted a police officer as saying the curfew followed Tuesday's riots.",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    ("A police officer was quoted by Radio Kessa as saying the curfew followed Tuesday's riots.",
     [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")], C.CLAIMED),
    ("The agency cited witnesses who said the curfew followed Tuesday's riots.",
     [("witnesses", S.EYEWITNESS, "cited"), ("agency", S.INDEPENDENT_MEDIA, "cited")], C.REPORTED),
    ("The curfew followed Tuesday's riots, as reported by Lakeside Wire.", [("Lakeside Wire", S.WIRE, "reported by")],
     C.REPORTED),
    ("According to the agency, the curfew followed Tuesday's riots.",
     [("agency", S.INDEPENDENT_MEDIA, "according to")], C.REPORTED),
    ("According to the agency, the curfew that followed Tuesday's riots was lifted.",
     [("agency", S.INDEPENDENT_MEDIA, "according to")], C.REPORTED),
    ("The curfew followed Tuesday's unconfirmed riots.", [], C.HEDGED),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "chain", "certainty"), PRESUPPOSED_RELAYS, ids=[r[0][:48] for r in PRESUPPOSED_RELAYS]
)
def test_a_presupposed_mention_keeps_the_relays_of_its_sentence(
    parse: Any, text: str, chain: list[tuple[str, SourceType, str]], certainty: Certainty
) -> None:
    doc = parse(text)
    anchor = next(t.i for t in doc if t.text == "riots")
    claim = attribute(doc, 0, len(text), article=_article(text), anchor=anchor)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == chain
    assert claim.certainty is certainty
    # the mention alone, as a one-word span, is attributed the same way
    word = doc[anchor]
    alone = attribute(doc, word.idx, word.idx + len(word), article=_article(text), anchor=anchor)
    assert (alone.chain, alone.certainty) == (claim.chain, claim.certainty)


def test_a_distancing_verb_of_an_unnamed_speaker_is_still_its_cue(parse: Any) -> None:
    text = "They claimed the curfew followed Tuesday's riots."
    doc = parse(text)
    anchor = next(t.i for t in doc if t.text == "riots")
    claim = attribute(doc, 0, len(text), article=_article(text), anchor=anchor)
    assert claim.chain == ()
    assert claim.certainty is Certainty.CLAIMED
    assert claim.cues == ("claimed",)


def test_a_pronoun_speaker_of_a_presupposed_mention_is_resolved(parse: Any) -> None:
    text = "The governor met reporters. He said the curfew followed Tuesday's riots."
    doc = parse(text)
    anchor = next(t.i for t in doc if t.text == "riots")
    start = text.index("He said")
    claim = attribute(doc, start, len(text), article=_article(text), anchor=anchor)
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == [("governor", S.GOVERNMENT, "said")]
    assert claim.certainty is Certainty.CLAIMED


# a quotation inside a sentence with no reporting verb of its own takes the sentence before; the span may
# carry the quotation marks and the stop after them; the same words without quotation marks take nothing
NEWS = "Radio Kessa quoted a police officer. Then came the news: "
QUOTE_INSIDE = [
    (NEWS + "\u201cFour gunmen were arrested at dawn.\u201d", "\u201cFour gunmen were arrested at dawn.\u201d", True),
    (NEWS + "\u201cFour gunmen were arrested at dawn\u201d.", "\u201cFour gunmen were arrested at dawn\u201d.", True),
    (NEWS + "\u201cFour gunmen were arrested at dawn\u201d.", "Four gunmen were arrested at dawn", True),
    (NEWS + "four gunmen were arrested at dawn.", "four gunmen were arrested at dawn", False),
]


@pytest.mark.parametrize(("text", "target", "quoted"), QUOTE_INSIDE, ids=[_test_id(r[1]) for r in QUOTE_INSIDE])
def test_a_quotation_inside_a_sentence_takes_the_attribution_before(
    parse: Any, text: str, target: str, quoted: bool
) -> None:
    claim = _claim(parse, text, target)
    expected = [("police officer", S.POLICE, "quoted"), ("Radio Kessa", S.INDEPENDENT_MEDIA, "quoted")]
    assert [(link.name, link.source_type, link.cue) for link in claim.chain] == (expected if quoted else [])
    assert claim.certainty is (Certainty.CLAIMED if quoted else Certainty.ASSERTED)


def test_quotations_are_found_on_a_fresh_parse(backbone: Any) -> None:
    # the shared ``parse`` fixture keeps parses (and what attribution stores on them) across tests: a parse of
    # its own makes the quotation regions be found here
    text = NEWS + "\u201cFour gunmen were arrested at dawn.\u201d"
    doc = backbone.parse(text)
    claim = attribute(doc, text.index("Four"), len(text), article=_article(text))
    assert [link.name for link in claim.chain] == ["police officer", "Radio Kessa"]
    again = attribute(doc, text.index("Four"), len(text), article=_article(text))
    assert again == claim


@pytest.mark.parametrize(
    ("text", "word", "certainty", "cues"),
    [
        ("The curfew was apparently imposed after Tuesday's riots in Kessa.", "riots", C.HEDGED, ("apparently",)),
        ("The governor visited Kessa after Tuesday's riots.", "riots", C.ASSERTED, ()),
        ("The governor also visited Kessa after Tuesday's riots.", "riots", C.ASSERTED, ()),
    ],
)
def test_a_hedge_above_a_presupposed_mention_hedges_it(
    parse: Any, text: str, word: str, certainty: Certainty, cues: tuple[str, ...]
) -> None:
    doc = parse(text)
    anchor = next(t.i for t in doc if t.text == word)
    claim = attribute(doc, 0, len(text), article=_article(text), anchor=anchor)
    assert claim.chain == ()
    assert claim.certainty is certainty
    assert claim.cues == cues


def test_a_caveat_qualifies_the_figure_that_opens_its_sentence(parse: Any) -> None:
    text = (
        "Nine soldiers were killed in Orlo, a toll that could not be independently verified. "
        "Two soldiers were killed in Kessa."
    )
    doc = parse(text)
    article = _article(text)
    figures = list(extract_figures(doc, article=article))
    assert [(f.kind.value, f.best, f.evidence.start) for f in figures] == [("killed", 9, 0), ("killed", 2, 84)]
    caveats = find_caveats(doc, article=article, figures=figures)
    # its own sentence's figure only, though the other toll is of the same kind
    assert [c.qualifies for c in caveats] == [(0,)]
    end = text.index(" Two")
    assert (caveats[0].evidence.article_id, caveats[0].evidence.start, caveats[0].evidence.end) == ("a1", 0, end)
    assert caveats[0].evidence.text == text[:end]
