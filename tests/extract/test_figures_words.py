"""Figures: words the model reads otherwise than the lexicon writes them, pinned whole on sentences written here
(invented places): multi-word verbs ("round up", "burn alive", "take hostage"), a plural the model lemmatises
to another word ("corpses"), a death toll given with a copula whose number the model may take for a date, and
"missing" read as the verb "miss"."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from flashpoint.extract.figures import event_fatalities, extract_figures
from flashpoint.records import Article, Figure, FigureKind

K, ARR, KID, MIS = FigureKind.KILLED, FigureKind.ARRESTED, FigureKind.KIDNAPPED, FigureKind.MISSING


def _figures(parse: Any, text: str) -> tuple[Figure, ...]:
    article = Article(id="t", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    return extract_figures(parse(text), article=article)


def _pinned(figs: tuple[Figure, ...]) -> list[tuple[Any, ...]]:
    return [
        (f.kind, f.victims, f.phrase, (f.low, f.best, f.high, f.acled_value), (f.ucdp_low, f.ucdp_best, f.ucdp_high),
         f.background, f.total)
        for f in figs
    ]  # fmt: skip


ROWS = [
    # multi-word verbs: the lemma and its particle or complement
    ("Soldiers rounded up 25 protesters outside the parliament in Tarvosk.",
     [(ARR, "protesters", "rounded up 25 protesters", (25, 25, 25, 25), (25, 25, 25), False, False)], 0),
    ("Five villagers were burned alive by raiders in Tarvosk.",
     [(K, "civilians", "Five villagers were burned", (5, 5, 5, 5), (5, 5, 5), False, False)], 5),
    ("Three aid workers were taken hostage on the road to Tarvosk.",
     [(KID, "civilians", "Three aid workers were taken", (3, 3, 3, 3), (3, 3, 3), False, False)], 0),
    ("The army burned down twelve huts in Tarvosk.", [], 0),  # "burn down" is no casualty verb
    # "corpses" (lemmatised "corps" by the model) is the plural of "corpse"
    ("Farmers found the corpses of four herders near Tarvosk.",
     [(K, "civilians", "corpses of four herders", (4, 4, 4, 4), (4, 4, 4), False, False)], 4),
    ("Nine corpses were recovered from the river in Tarvosk.",
     [(K, "unknown", "Nine corpses", (9, 9, 9, 9), (9, 9, 9), False, False)], 9),
    # a toll with a copula: "is 22" (the model tags the bare number a date)
    ("The death toll is 22.", [(K, "unknown", "toll is 22", (22, 22, 22, 22), (22, 22, 22), False, False)], 22),
    ("The death toll from the bombing in Tarvosk is now 31, the governor said.",
     [(K, "unknown", "toll from the bombing in Tarvosk is now 31", (31, 31, 31, 31), (31, 31, 31), False, False)],
     31),
    # "missing" read as a verb without an object: the people are missing
    ("Six fishermen are missing after their boat was attacked off Tarvosk.",
     [(MIS, "civilians", "Six fishermen are missing", (6, 6, 6, 6), (6, 6, 6), False, False)], 0),
    ("Two students went missing after the raid on their school in Tarvosk.",
     [(MIS, "civilians", "Two students went missing", (2, 2, 2, 2), (2, 2, 2), False, False)], 0),
    ("The striker was missing two teeth after the match.", [], 0),  # the verb "miss" with an object
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "fatalities"), ROWS, ids=[f"row{i}" for i in range(len(ROWS))])
def test_words_the_model_reads_otherwise(
    parse: Any, text: str, expected: list[tuple[Any, ...]], fatalities: int
) -> None:
    figs = _figures(parse, text)
    assert _pinned(figs) == expected
    assert event_fatalities(figs)[0] == fatalities
