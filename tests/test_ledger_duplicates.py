"""Ledger.find_duplicates: the stored copies of a whole batch of reports in one lookup."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from flashpoint.ledger import Ledger
from flashpoint.records import Article, Extraction


def _article(text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 5, 3))


def test_find_duplicates_answers_like_find_duplicate_for_a_whole_batch(tmp_path: Path) -> None:
    stored = [_article(f"Farmers blocked the road to Tessaly for the {n}th day.") for n in range(4, 9)]
    new = [_article(f"Dockers struck at the port of Marvane for {n} hours.") for n in range(3)]
    with Ledger(f"sqlite:///{tmp_path / 'f.db'}") as ledger:
        list(ledger.record_many([Extraction(article=a, events=(), figures=(), caveats=()) for a in stored]))
        batch = [new[0], *stored, new[1], stored[0], new[2]]
        found = ledger.find_duplicates(batch)
        assert found == {a.content_hash: a.id for a in stored}
        assert {a.content_hash: ledger.find_duplicate(a) for a in batch if a.content_hash in found} == found
        assert all(ledger.find_duplicate(a) is None for a in new)
        assert ledger.find_duplicates([]) == {}
