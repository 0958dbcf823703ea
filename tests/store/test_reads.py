"""The batched read: everything a batch needs from the store, in one snapshot."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from flashpoint.fuse import MatchOptions, blocking_keys, profile_event
from flashpoint.fuse.batch import country_mode
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction
from flashpoint.ingest.dedup import NearDuplicateRule
from flashpoint.ledger import Ledger
from flashpoint.records import Extraction
from flashpoint.store.reads import CandidateQueries, CandidateQuery, ReadRequest, prefetch

DAY = dt.date(2024, 7, 1)
SORAN = Spot("Soran gate", "IRQ", "Erbil", 36.65, 44.54)
TEXT = "A roadside bomb hit a police patrol at the Soran gate on Monday, killing two officers."


def _report(text: str = TEXT, ext: str = "w-1") -> Extraction:
    spec = EventSpec("Explosions/Remote violence", "Remote explosive/landmine/IED", DAY, SORAN, text, killed=2)
    return make_extraction(text, [spec], published=DAY, source="Mountain Wire", external_id=ext)


def _request(extraction: Extraction, **changes: Any) -> ReadRequest:
    fields: dict[str, Any] = {
        "hashes": [extraction.article.content_hash],
        "ids": [extraction.article.id],
        "fingerprints": [],
        "near_ids": [],
        "queries": [],
        "story": {},
        "link_min_keys": 2,
        "near": NearDuplicateRule(),
        "vetoed": None,
        "max_seq": True,
    }
    fields.update(changes)
    return ReadRequest(**fields)


def test_a_stored_text_its_copies_its_near_copy_and_its_incidents_are_read(tmp_path: Path) -> None:
    stored = _report()
    with Ledger(f"sqlite:///{tmp_path / 'r.db'}") as ledger:
        incident_id = ledger.record(stored).incident_ids[0]
        ledger.record_copy(dataclasses.replace(stored.article, external_id="w-2", source="Valley News"))
        fp = (stored.article.fingerprint or 0) & ((1 << 64) - 1)
        with ledger._engine.connect() as conn:
            snapshot = prefetch(conn, _request(stored, fingerprints=[fp]))
    assert snapshot.stored[stored.article.content_hash].id == stored.article.id
    assert stored.article.id in snapshot.ids
    assert [c.external_id for c in snapshot.copies[stored.article.content_hash]] == ["w-2"]
    assert snapshot.nearest == {fp: stored.article.id}
    assert snapshot.article_incidents[stored.article.id] == [incident_id]
    assert incident_id in snapshot.incident_rows
    assert snapshot.max_seq == 1


def test_candidate_rows_come_with_their_keys_and_early_vetoes_drop_them(tmp_path: Path) -> None:
    stored = _report()
    options = MatchOptions()
    later = _report("Police said a second device was found at the Soran gate on Monday.", "w-3")
    profile = profile_event(later.events[0], later.article)
    keys = blocking_keys(profile, window_days=options.window_days)
    with Ledger(f"sqlite:///{tmp_path / 'c.db'}") as ledger:
        incident_id = ledger.record(stored).incident_ids[0]
        queries = CandidateQueries(ledger._engine)
        sql, params = queries.params(
            date_lo=keys.date_lo,
            date_hi=keys.date_hi,
            floor=keys.date_lo - dt.timedelta(days=60) if keys.date_lo else None,
            cells=keys.cells,
            admin_key=keys.admin_key,
            country_iso3=keys.country_iso3,
            country=country_mode(keys),
        )
        query = CandidateQuery(sql, params, veto=None)
        with ledger._engine.connect() as conn:
            kept = prefetch(conn, _request(later, queries=[query]))
            dropped = prefetch(conn, _request(later, queries=[query], vetoed=lambda *_row: True))
    [rows] = kept.candidates
    assert [row.id for row in rows] == [incident_id]
    assert rows[0].country_iso3 == "IRQ"
    assert rows[0].date_lo is not None
    assert dropped.candidates == [[]]
