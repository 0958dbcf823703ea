"""Concurrent writers wait, they do not fail; a writer killed at any point loses and duplicates nothing.

Writers are separate processes (forked), each opening the ledger itself, as concurrent ``flashpoint
ingest`` runs do: on a NEW database all of them race to create the schema. Every store runs on a SQLite
file, and on PostgreSQL too when ``FLASHPOINT_TEST_PG_URL`` is set (``make test`` starts a server when
it can). The extractions are synthetic (:mod:`flashpoint.fuse.synthetic`), so no language model loads.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import sqlalchemy as sa

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger
from flashpoint.records import Extraction
from flashpoint.store.database import normalise_url

FORK = multiprocessing.get_context("fork")
STREAM = tuple(report_stream(96, seed=11, places=12, days=20))  # few places and days: many fusions


@pytest.fixture
def fresh_url(database_urls: Callable[[str], str]) -> Callable[[str], str]:
    """A factory of URLs of databases that do not exist yet or have no tables (tests/conftest.py)."""
    return database_urls


def _writer(url: str, part: Sequence[Extraction], gate: Any, outcome: Any) -> None:
    """One writer process: wait for the others, open the ledger (migrating it), record one by one."""
    gate.wait()
    stored = 0
    with Ledger(url) as ledger:
        for extraction in part:
            stored += ledger.record(extraction).stored
    outcome.put(stored)


def _state(url: str) -> tuple[list[str], dict[str, int], list[frozenset[str]]]:
    """Stored article ids in storing order, events per article, incidents as sets of event ids."""
    with Ledger(url) as ledger:
        engine = sa.create_engine(normalise_url(url))
        with engine.connect() as conn:
            ids = [str(r[0]) for r in conn.execute(sa.text("SELECT id FROM articles ORDER BY seq"))]
            per_article = {
                str(a): int(n)
                for a, n in conn.execute(sa.text("SELECT article_id, count(*) FROM events GROUP BY article_id"))
            }
        engine.dispose()
        incidents = sorted((frozenset(i.event_ids) for i in ledger.incidents()), key=sorted)
    return ids, per_article, incidents


def _sequential(url: str, order: Sequence[str], stream: Sequence[Extraction] = STREAM) -> list[frozenset[str]]:
    """The incidents of one writer recording ``stream`` in ``order`` (article ids)."""
    by_id = {x.article.id: x for x in stream}
    with Ledger(url) as ledger:
        for article_id in order:
            ledger.record(by_id[article_id])
    return _state(url)[2]


def _check_complete(ids: Sequence[str], per_article: dict[str, int], stream: Sequence[Extraction] = STREAM) -> None:
    """Every report stored once, with every one of its events (none half-written)."""
    expected = {x.article.id: len(x.events) for x in stream}
    assert len(ids) == len(set(ids)), "an article stored twice"
    assert sorted(ids) == sorted(expected), "articles lost"
    assert per_article == {a: n for a, n in expected.items() if n}, "events lost or duplicated"


def test_four_writers_on_a_new_database_all_finish_and_match_a_sequential_run(
    fresh_url: Callable[[str], str],
) -> None:
    url = fresh_url("shared")
    parts = [STREAM[k::4] for k in range(4)]  # interleaved: writers fuse into the same incidents
    gate, outcome = FORK.Barrier(4), FORK.Queue()
    procs = [FORK.Process(target=_writer, args=(url, part, gate, outcome)) for part in parts]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=300)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]  # 0 aborted
    recorded = sum(outcome.get(timeout=5) for _ in procs)
    ids, per_article, incidents = _state(url)
    assert recorded == len(ids) == len(STREAM)  # exact "recorded" counts, 0 lost, 0 duplicated
    _check_complete(ids, per_article)
    # writers are serialised, so the result is that of one writer recording in the order they committed
    assert incidents == _sequential(fresh_url("sequential"), ids)


# long enough that a kill lands while it records (the kill time is drawn within a measured whole run)
LONG_STREAM = tuple(report_stream(200, seed=13, places=30, days=40))


def _record_all(url: str, stream: Sequence[Extraction] = LONG_STREAM) -> None:
    with Ledger(url) as ledger:
        for extraction in stream:
            ledger.record(extraction)


def _record_batches(url: str) -> None:
    with Ledger(url) as ledger:
        for _ in ledger.record_many(LONG_STREAM, batch_size=7):
            pass


@pytest.mark.parametrize("target", [_record_all, _record_batches], ids=["one-by-one", "batches"])
def test_a_writer_killed_at_random_points_loses_and_duplicates_nothing(
    fresh_url: Callable[[str], str], target: Callable[[str], None]
) -> None:
    started = time.perf_counter()
    target(fresh_url("timing"))  # how long a whole run takes here, to kill inside it (not a timed assert)
    whole = time.perf_counter() - started
    rng = random.Random(5)
    expected = {x.article.id: len(x.events) for x in LONG_STREAM}
    kills = 0
    for attempt in range(3):
        # a fresh database each time: a run that was not interrupted would leave nothing for the next to do
        url = fresh_url(f"killed{attempt}")
        with Ledger(url):
            pass  # the schema exists: the kill lands in the recording, not in the migration
        proc = FORK.Process(target=target, args=(url,))
        proc.start()
        time.sleep(rng.uniform(0.05, 0.6) * whole)
        if proc.is_alive():
            assert proc.pid is not None
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.join(timeout=60)
        ids, per_article, _ = _state(url)
        assert len(ids) == len(set(ids))
        assert {a: per_article.get(a, 0) for a in ids} == {a: expected[a] for a in ids}  # whole articles only
        _record_all(url)  # the resumed run records only what is missing
        ids, per_article, incidents = _state(url)
        _check_complete(ids, per_article, LONG_STREAM)
        assert incidents == _sequential(fresh_url(f"sequential{attempt}"), ids, LONG_STREAM)
    assert kills >= 1, "no run was interrupted: the test proved nothing"
