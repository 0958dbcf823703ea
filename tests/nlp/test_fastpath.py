"""Tests for flashpoint.nlp.fastpath: the stand-ins write exactly what the stock spaCy components write."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from flashpoint.nlp import Backbone, BackboneOptions, fastpath

# Written here: news-style prose, headline capitals, lower-case chat, spoken contractions the tag map's
# exceptions cover ("gonna", "ain't", "nothin'"), numbers, brackets, blank lines and stray whitespace.
TEXTS = (
    "Gunmen on motorbikes attacked a market in Lirovo district on Sunday, killing at least 12 traders and "
    "wounding 30 others, a regional official said. Nobody has claimed the attack.",
    "POLICE FIRE TEAR GAS AT STUDENTS MARCHING ON PARLIAMENT IN KASSAVA",
    "they ain't gonna stop us, we're marching again tomorrow y'all, nothin' changes, said one organiser.",
    "About 200 residents of Quelmar blocked the highway (Route 9) with burning tyres; two were arrested.\n\n"
    "The army's 3rd Brigade said it had repelled an attack by rebels near the border.",
    "   ",
    "",
    "Who fired first? Nobody knows yet -- and the inquiry won't report before March, it's been said.",
)
ATTRS = ("ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START")


def _table(doc: Any) -> list[list[int]]:
    rows: list[list[int]] = doc.to_array(list(ATTRS)).tolist()
    return rows


@pytest.mark.slow
def test_the_fast_backbone_parses_exactly_as_the_stock_pipeline(backbone: Backbone) -> None:
    assert backbone.options.fast_components
    assert {type(backbone.nlp.get_pipe(n)) for n in ("attribute_ruler", "lemmatizer")} == {
        fastpath.FastAttributeRuler,
        fastpath.FastLemmatizer,
    }
    stock = Backbone(BackboneOptions(patterns=backbone.options.patterns, fast_components=False))
    assert stock.nlp.pipe_names == backbone.nlp.pipe_names
    for text in TEXTS + tuple(t.lower() for t in TEXTS) + tuple(t.upper() for t in TEXTS):
        fast_doc, stock_doc = backbone.parse(text), stock.parse(text)
        assert _table(fast_doc) == _table(stock_doc), text
        assert [t.lemma_ for t in fast_doc] == [t.lemma_ for t in stock_doc]
        assert [str(t.morph) for t in fast_doc] == [str(t.morph) for t in stock_doc]
    piped = list(backbone.pipe(TEXTS, batch_size=3))
    assert [_table(d) for d in piped] == [_table(stock.parse(t)) for t in TEXTS]


@pytest.mark.slow
def test_the_index_finds_the_matches_of_the_spacy_matcher(backbone: Backbone) -> None:
    stock = Backbone(BackboneOptions(fast_components=False)).nlp.get_pipe("attribute_ruler")
    fast = fastpath.FastAttributeRuler(stock)
    with backbone.nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = [backbone.nlp(t) for t in TEXTS]
    for doc in docs:
        assert fast.match(doc) == sorted(set(stock.match(doc)))
    assert any(fast.match(doc) for doc in docs)


def _ruler_pipeline(patterns: list[dict[str, Any]]) -> Any:
    """A blank English pipeline with an attribute ruler of ``patterns`` (no model needed)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp


PATTERNS: list[dict[str, Any]] = [
    {"patterns": [[{"LOWER": "brig"}]], "attrs": {"LEMMA": "brigade", "POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"IN": ["gov", "govt"]}}]], "attrs": {"LEMMA": "government"}},
    {"patterns": [[{"LOWER": "gonna"}]], "attrs": {"LEMMA": "go"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a"]}, "IS_SPACE": False}]], "attrs": {"NORM": "x"}},
    {"patterns": [[{"LOWER": "brig"}]], "attrs": {"LEMMA": "brigadier"}},  # a later rule wins
]


def test_a_blank_pipeline_with_an_indexable_ruler_gets_the_stand_in_and_the_same_tokens() -> None:
    text = "The Brig said the govt isn't gonna wait.\n\nGon na happen, Govt  says n't."
    stock = _ruler_pipeline(PATTERNS)
    fast = _ruler_pipeline(PATTERNS)
    assert fastpath.install(fast) == ("attribute_ruler",)  # no lemmatizer in a blank pipeline
    assert fast.pipe_names == stock.pipe_names == ["attribute_ruler"]
    a, b = stock(text), fast(text)
    assert [(t.lemma_, t.pos_, t.norm_) for t in a] == [(t.lemma_, t.pos_, t.norm_) for t in b]
    assert b[1].lemma_ == "brigadier"  # the later of two rules on one token, as the stock component does
    assert [t.lemma_ for t in b].count("not") == 2  # "isn't" and the stray "n't": the REGEX rule


def test_a_ruler_with_an_operator_keeps_the_spacy_matcher() -> None:
    nlp = _ruler_pipeline([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"LEMMA": "very"}}])
    assert fastpath.install(nlp) == ()
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert nlp("very very good")[1].lemma_ == "very"


def test_installing_twice_or_on_a_pipeline_without_the_components_is_harmless() -> None:
    nlp = spacy.blank("en")
    assert fastpath.install(nlp) == ()
    ruled = _ruler_pipeline(PATTERNS[:1])
    assert fastpath.install(ruled) == ("attribute_ruler",)
    assert fastpath.install(ruled) == ()  # already the stand-in
    assert ruled("brig")[0].lemma_ == "brigade"


def test_a_word_list_answers_membership_as_the_list_does() -> None:
    words = ["march", "rally", "strike", "march"]
    indexed = fastpath.WordList(words)
    assert indexed == words
    assert list(indexed) == words
    assert bool(indexed)
    assert not fastpath.WordList([])
    for probe in ("march", "strike", "marches", "", "March"):
        assert (probe in indexed) == (probe in words)


@pytest.mark.slow
def test_the_lemma_index_keeps_its_words_as_sets(backbone: Backbone) -> None:
    stock = spacy.load(backbone.options.model).get_pipe("lemmatizer")
    before = {key: list(words) for key, words in stock.lookups.get_table("lemma_index").items()}
    assert fastpath.index_word_lists(stock) == len(before) > 0
    after = stock.lookups.get_table("lemma_index")
    assert all(type(words) is fastpath.WordList for _key, words in after.items())
    assert {key: list(words) for key, words in after.items()} == before
    assert fastpath.index_word_lists(stock) == 0  # already indexed
    with backbone.nlp.select_pipes(disable=["lemmatizer"]):
        doc = backbone.nlp("The protesters were dispersed and several marchers were detained.")
    fresh = spacy.load(backbone.options.model).get_pipe("lemmatizer")
    assert [stock.lemmatize(t) for t in doc] == [fresh.lemmatize(t) for t in doc]
    # "were" -> "be" is the attribute ruler's, not the lemmatizer's
    assert [stock.lemmatize(t)[0] for t in doc][6:9] == ["marcher", "were", "detain"]
