"""store.pages: the stored reports read page by page, in ingest order, each once."""

from __future__ import annotations

from pathlib import Path

import orjson

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger
from flashpoint.store import create_engine
from flashpoint.store.pages import article_page


def test_pages_walk_every_stored_report_once_in_ingest_order(tmp_path: Path) -> None:
    stream = list(report_stream(12, places=4, days=5))
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    ledger = Ledger(url)
    results = list(ledger.record_many(stream, batch_size=5))
    ledger.close()
    assert len(results) == len(stream)
    seen: list[str] = []
    last = 0
    with create_engine(url).connect() as conn:
        while rows := article_page(conn, after=last, size=5):
            assert len(rows) <= 5
            seqs = [int(r[0]) for r in rows]
            assert seqs == sorted(seqs)
            assert seqs[0] > last
            seen.extend(orjson.loads(r[1])["article"]["id"] for r in rows)
            last = seqs[-1]
    assert seen == [e.article.id for e in stream]
