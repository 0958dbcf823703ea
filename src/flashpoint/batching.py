"""The one batching loop: a stream cut into bounded batches, a bounded window of batches in flight, results
drained in input order.

Reads any iterable; writes nothing. Used by every place that works in batches: the pipeline's batched
parsing (:meth:`flashpoint.pipeline.Pipeline.analyse_many`), the local worker pool
(:func:`flashpoint.jobs.process_articles`), the Dask engine (:mod:`flashpoint.distributed`) and the
ledger's transactions (:meth:`flashpoint.ledger.Ledger.record_many`).

Both functions are lazy: :func:`batched` reads at most one batch ahead of what it has yielded, and
:func:`in_flight` submits a new batch only while fewer than ``window`` are waiting to be collected, so a
stream of any length is processed in bounded memory.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
B = TypeVar("B")
H = TypeVar("H")
R = TypeVar("R")

Progress = Callable[[int], None]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter), in input order.

    Reads the input lazily: the next item is taken only when the batch that holds it is being filled.
    A ``size`` below 1 is a programming error (:class:`ValueError`).
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    source = iter(items)
    while chunk := list(itertools.islice(source, size)):
        yield chunk


def in_flight(
    batches: Iterable[B],
    submit: Callable[[B], H],
    collect: Callable[[H], Sequence[R]],
    *,
    window: int | Callable[[], int],
    cancel: Callable[[H], object] | None = None,
    progress: Progress | None = None,
) -> Iterator[R]:
    """Submit each batch (``submit`` starts its work and returns a handle), keep at most ``window`` handles
    waiting, and yield the results of each (``collect``) in the order the batches came.

    ``window`` is a number, or a function asked at the start and again after every collected batch (a
    cluster whose size changes). ``progress`` is called with the number of results of each collected
    batch. If the caller stops early or a collect fails, ``cancel`` is called on every handle still
    waiting (their work is dropped, not waited for).
    """
    pending: deque[H] = deque()

    def limit() -> int:
        return max(1, window() if callable(window) else window)

    def drain() -> Iterator[R]:
        results = collect(pending.popleft())
        yield from results
        if progress is not None:
            progress(len(results))

    try:
        most = limit()
        for batch in batches:
            pending.append(submit(batch))
            while len(pending) >= most:
                yield from drain()
                most = limit()
        while pending:
            yield from drain()
    finally:
        if cancel is not None:
            for handle in pending:
                cancel(handle)
