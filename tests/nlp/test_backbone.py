"""Tests for flashpoint.nlp.backbone: long texts are parsed in chunks into one Doc with the text's offsets."""

from __future__ import annotations

import dataclasses

import pytest

from flashpoint.nlp import Backbone
from flashpoint.nlp.backbone import split_chunks

PARAGRAPH = (
    "Militia fighters raided the village of Orsk Vale before dawn on Tuesday, burning a granary. "
    "Two farmers were wounded, the district commissioner said.\n\n"
)


def test_chunks_join_back_into_the_text_and_respect_the_size() -> None:
    text = PARAGRAPH * 40
    chunks = split_chunks(text, 1000)
    assert "".join(chunks) == text
    assert all(len(c) <= 1000 for c in chunks)
    assert all(c.endswith("\n\n") for c in chunks)  # cut at paragraph breaks when there are some


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("One line here.\n" * 200, "\n"),  # no paragraph break: at a line break
        ("A sentence ends here. " * 200, ". "),  # one paragraph: at a sentence end
        ("word " * 600, " "),  # no sentence ends: at a space
    ],
)
def test_the_best_break_available_is_used(text: str, ends: str) -> None:
    chunks = split_chunks(text, 500)
    assert "".join(chunks) == text
    assert all(c.endswith(ends) for c in chunks[:-1])


def test_a_run_without_any_break_is_cut_at_the_size() -> None:
    text = "x" * 2500
    assert [len(c) for c in split_chunks(text, 1000)] == [1000, 1000, 500]
    assert split_chunks("short", 1000) == ["short"]
    with pytest.raises(ValueError, match="positive"):
        split_chunks("x", 0)


@pytest.mark.slow
def test_a_long_text_parses_in_chunks_with_the_same_text_entities_and_sentences(backbone: Backbone) -> None:
    text = PARAGRAPH * 12
    whole = backbone.parse(text)
    chunked_backbone = Backbone.__new__(Backbone)  # the same loaded model, a small chunk size
    chunked_backbone.nlp = backbone.nlp
    chunked_backbone.options = dataclasses.replace(backbone.options, chunk_chars=400)
    chunked_backbone.stage = backbone.stage
    doc = chunked_backbone.parse(text)
    assert doc.text == text
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]
    assert [s.text for s in doc.sents] == [s.text for s in whole.sents]
    # pipe keeps input order when long and short texts are mixed
    docs = list(chunked_backbone.pipe(["Short one.", text, "Short two."]))
    assert [d.text for d in docs] == ["Short one.", text, "Short two."]
