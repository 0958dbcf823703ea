"""Tests for flashpoint.extract.figures: deaths told in a small clause or by a misparsed verb pair (issue 14).

Sentences are invented. Kept apart from ``test_figures.py`` (mutation tests of the same module live there).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from flashpoint.extract import figures
from flashpoint.records import Article, FigureKind


def _killed(parse: Any, text: str) -> list[int | None]:
    article = Article(
        id="f1", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), published=dt.date(2023, 3, 14)
    )
    found = figures.extract_figures(parse(text), article=article)
    return [f.acled_value for f in found if f.kind == FigureKind.KILLED]


def test_leaving_people_dead_counts_them(parse: Any) -> None:
    """ "leaving at least four people dead": the small parser makes the people the subject of "dead"."""
    assert _killed(parse, "Herders and farmers fought near Dorva on Sunday, leaving at least four people dead.") == [4]


def test_two_coordinated_verbs_share_their_victim(parse: Any) -> None:
    """ "men armed with knives killed and mutilated a guard": read as a participle of "knives", the pair is
    still active and the guard is the one killed."""
    assert _killed(parse, "On 8 May, unknown men armed with knives killed and mutilated a night guard near Dorva.") == [
        1
    ]


def test_people_killed_by_armed_men_stay_counted(parse: Any) -> None:
    """The passive reading is unchanged: "two traders killed by gunmen" are two deaths."""
    assert _killed(parse, "Two traders killed by gunmen on the road to Dorva.") == [2]
