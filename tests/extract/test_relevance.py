"""Relevance: out-of-scope news is recognised before any parse, with the rule and the evidence."""

from __future__ import annotations

import hashlib

import pytest

from flashpoint.errors import ConfigError
from flashpoint.extract.relevance import RelevanceOptions, compile_group, judge_relevance
from flashpoint.records import Article


def _article(text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest)


IN_SCOPE = [
    "Gunmen opened fire on a bus near Karvo on Tuesday, killing four passengers, police said.",
    "Thousands of teachers marched to parliament on Friday to protest against unpaid salaries; police "
    "used tear gas to scatter the crowd.",
    "Soldiers arrested twelve suspected rebels in a dawn raid on two villages, the army said.",
    "A roadside bomb struck a military convoy in the northern province, wounding three soldiers.",
    "The magistrate was shot outside his home on Monday.",
]

OUT_OF_SCOPE = [
    # sport: the words of violence belong to the game
    "The champion stopped his challenger in round six and kept his heavyweight belt, landing a "
    "crushing punch that ended the fight. The undefeated boxer now eyes a rematch, his promoter said, "
    "and fans cheered the knockout at the stadium.",
    # disaster: the dead belong to the quake
    "A magnitude 6.1 earthquake struck the island on Sunday, killing five people and injuring dozens. "
    "Aftershocks shook the area and the epicentre was 10 km deep, the geological survey said.",
    # accident and obituary: deaths without force
    "A climber died after a fall on the mountain's north face; rescuers recovered his body on Tuesday. "
    "He and his partner had set out for the summit on Saturday in good weather, but cloud came down in the "
    "afternoon and the pair lost the route on the upper glacier. His partner reached a hut the next morning "
    "and raised the alarm. The mountain, one of the most popular climbs in the range, has seen four deaths "
    "this season. Guides said the snow on the north face had been unusually unstable for the time of year.",
    "The former senator died at the age of 91, his family said. He is survived by three children. Born on "
    "a farm in the north of the state, he taught history at a small college before he entered politics. "
    "He served four terms in the senate, where he chaired the committee on agriculture and wrote the law "
    "that created the state's first rural credit office. Colleagues remembered him as patient and funny. "
    "The funeral will be held on Saturday in his home town, and the state flag will fly at half-staff "
    "over the capitol until then. The governor called him a gentle man who never forgot where he came "
    "from, and the university he founded will name its new library after him.",
    # technology: an "attack" on software
    "The company released an emergency patch for its browser after attackers exploited a vulnerability; "
    "users should download the software update, and the patch covers every device and computer.",
]


@pytest.mark.parametrize("text", IN_SCOPE)
def test_conflict_news_is_in_scope(text: str) -> None:
    decision = judge_relevance(_article(text))
    assert decision.in_scope, decision.reason
    assert decision.rule.endswith("relevance.in_scope")


@pytest.mark.parametrize("text", OUT_OF_SCOPE)
def test_other_news_is_out_of_scope_with_rule_and_evidence(text: str) -> None:
    decision = judge_relevance(_article(text))
    assert not decision.in_scope, decision.reason
    assert decision.rule.split(":")[-1] in {"relevance.no_cue", "relevance.other_domain"}
    if decision.evidence is not None:
        ev = decision.evidence
        assert text[ev.start : ev.end] == ev.text


def test_the_domain_must_outweigh_the_conflict() -> None:
    text = (
        "Riot police fired tear gas at protesters outside the stadium before the football match; the "
        "league said the game would be replayed."
    )
    assert judge_relevance(_article(text)).in_scope


def test_a_stricter_ratio_keeps_more_articles() -> None:
    text = OUT_OF_SCOPE[0]
    assert judge_relevance(_article(text), options=RelevanceOptions(domain_ratio=10.0, min_domain=50)).in_scope


def test_judging_can_be_switched_off() -> None:
    assert judge_relevance(_article(OUT_OF_SCOPE[1]), options=RelevanceOptions(enabled=False)).in_scope


def test_cues_match_whole_words_only() -> None:
    group = compile_group("strategic", ["coup", "arrest*"])
    assert group.pattern.search("a couple of arrests") is not None
    assert group.pattern.search("the couple left") is None
    with pytest.raises(ConfigError):
        compile_group("empty", [" "])


def test_a_short_note_is_never_dropped_for_lack_of_cues() -> None:
    note = "On 3 June, traders in Lindo shut their stalls and sat in front of the market office over new fees."
    assert len(note) < RelevanceOptions().short_text
    assert judge_relevance(_article(note)).in_scope
    longer = note + " " + "The council will meet the traders next week to discuss the fees and the market hours. " * 8
    assert not judge_relevance(_article(longer)).in_scope


def test_health_science_and_weather_news_are_other_domains() -> None:
    text = (
        "Health officials reported 340 new cases of the virus on Monday, and the vaccine campaign reached "
        "the northern districts. Doctors said most patients showed mild symptoms; the epidemic has killed "
        "twelve people since March, all of them elderly, and infections are falling. Researchers at the "
        "national laboratory said a study of the virus found no new variant. A second vaccine will be "
        "offered to nurses and clinical staff next month, and the influenza season is expected to be mild, "
        "the public health agency said in its weekly report on the disease."
    )
    decision = judge_relevance(_article(text))
    assert not decision.in_scope
    assert "health" in decision.reason


def test_quiet_paragraphs_are_listed_after_the_first() -> None:
    from flashpoint.extract.relevance import load_lexicon, paragraphs, quiet_paragraphs

    text = (
        "Gunmen killed two guards at a depot in Karvo on Monday.\n\n"
        "The town is known for its coffee, its old cathedral and a spring fair.\n\n"
        "Police said the attackers fled in a pickup truck."
    )
    assert len(paragraphs(text)) == 3
    quiet = quiet_paragraphs(text, lexicon=load_lexicon())
    assert [text[a:b] for a, b in quiet] == ["The town is known for its coffee, its old cathedral and a spring fair."]
    wrapped = "GUNMEN KILLED TWO GUARDS\nAT A DEPOT ON MONDAY.\n\nTHE TOWN IS KNOWN\nFOR ITS COFFEE."
    assert [wrapped[a:b] for a, b in paragraphs(wrapped)] == [
        "GUNMEN KILLED TWO GUARDS\nAT A DEPOT ON MONDAY.",
        "THE TOWN IS KNOWN\nFOR ITS COFFEE.",
    ]


MARKETS = (
    "Copper futures climbed on Tuesday as traders weighed supply risks and investors watched quarterly "
    "earnings. Shares of the largest producers rose, and the stock index gained 0.4 percent on strong sales, "
    "revenue and profits. {middle} Analysts expect revenue to rise next quarter as shareholders back the "
    "merger, and retail investors bought shares. The chief executive told investors the acquisition would "
    "lift earnings per share."
)


def test_a_protest_told_inside_markets_news_is_read_alone() -> None:
    middle = "Striking dock workers blocked the road to the port of Tarsa on Sunday, and police used tear gas."
    text = MARKETS.format(middle=middle)
    decision = judge_relevance(_article(text))
    assert decision.in_scope, decision.reason
    assert decision.rule.endswith("relevance.embedded_report")
    assert decision.evidence is not None
    assert decision.evidence.text == middle
    start = text.index(middle)
    # everything but the sentence is quiet: the markets news is neither parsed nor coded
    assert decision.quiet == ((0, start), (start + len(middle), len(text)))


@pytest.mark.parametrize(
    "middle",
    [
        # one borrowed anchor word is the vocabulary of the other domain, not an event
        "Consumer groups called for a boycott of the new fees, the company said.",
        # strategic anchors (arrests, raids) are also business news
        "Police raided the offices of the trading firm and arrested two former directors.",
        # two anchors outweighed by the sentence's own domain words: a shareholders' "revolt" and "protest"
        "A shareholder revolt and protest votes against the chief executive's pay weighed on shares, stock "
        "options, profits, earnings, revenue and sales, investors said.",
    ],
)
def test_markets_news_with_borrowed_words_stays_out_of_scope(middle: str) -> None:
    decision = judge_relevance(_article(MARKETS.format(middle=middle)))
    assert not decision.in_scope, decision.reason
    assert decision.rule.endswith("relevance.other_domain")


def test_embedded_reports_can_be_switched_off() -> None:
    text = MARKETS.format(middle="Rioters looted shops and burned cars in the port of Tarsa on Sunday.")
    assert judge_relevance(_article(text)).in_scope
    assert not judge_relevance(_article(text), options=RelevanceOptions(min_embedded_anchors=0)).in_scope


def test_sentence_spans_keep_closing_quotes_with_their_sentence() -> None:
    from flashpoint.extract.relevance import sentence_spans

    text = 'Troops fired. "We ran," she said. 12 people fled!  THE END'
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Troops fired.",
        '"We ran," she said.',
        "12 people fled!",
        "THE END",
    ]


def test_cues_factored_by_first_character_match_exactly_what_the_plain_alternation_matches() -> None:
    import re

    from flashpoint.extract.relevance import _by_first_character, _cue_regex

    cues = ["tear gas", "tear*", "kill*", "killed", "kidnap*", "shot", "shoot*", "4x4", "riot police", "riot*"]
    alternatives = sorted({_cue_regex(c) for c in cues}, key=len, reverse=True)
    factored = _by_first_character(alternatives)
    assert factored.count("k(?:") == 1  # the three k- cues share one branch
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
    fast = compile_group("test", cues).pattern
    texts = [
        "Riot police fired TEAR GAS and tear-gas canisters; tearful crowds fled. Two were killed, one kidnapped.",
        "SHOOTING near the 4x4 depot; shots heard, a shot man; riot-police; Killers, kill-zone, skilled.",
        "",
    ]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert _by_first_character([r"\#tag", "word"]) == r"\#tag|word"  # not a letter first: left plain
