"""The one batching loop: bounded batches, a bounded window in flight, results in input order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flashpoint.batching import batched, in_flight


def _counted(n: int, taken: list[int]) -> Iterator[int]:
    for i in range(n):
        taken.append(i)
        yield i


def test_batched_cuts_in_order_with_a_short_last_batch() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched(range(6), 3)) == [[0, 1, 2], [3, 4, 5]]
    assert list(batched([], 3)) == []


def test_batched_reads_no_further_than_the_batch_it_fills() -> None:
    taken: list[int] = []
    stream = batched(_counted(100, taken), 4)
    assert next(stream) == [0, 1, 2, 3]
    assert taken == [0, 1, 2, 3]


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(batched(range(3), 0))


class _Work:
    """A fake executor: handles are batch numbers; work finishes only when collected."""

    def __init__(self) -> None:
        self.submitted: list[list[int]] = []
        self.collected: list[int] = []
        self.cancelled: list[int] = []
        self.most_waiting = 0

    def submit(self, batch: list[int]) -> int:
        self.submitted.append(batch)
        waiting = len(self.submitted) - len(self.collected) - len(self.cancelled)
        self.most_waiting = max(self.most_waiting, waiting)
        return len(self.submitted) - 1

    def collect(self, handle: int) -> list[str]:
        self.collected.append(handle)
        return [f"done {x}" for x in self.submitted[handle]]


def test_in_flight_yields_every_result_in_input_order_with_a_bounded_window() -> None:
    work = _Work()
    ticks: list[int] = []
    out = list(in_flight(batched(range(10), 3), work.submit, work.collect, window=2, progress=ticks.append))
    assert out == [f"done {i}" for i in range(10)]
    assert work.collected == [0, 1, 2, 3]
    assert work.most_waiting == 2
    assert ticks == [3, 3, 3, 1]


def test_in_flight_submits_ahead_of_what_the_caller_has_taken() -> None:
    work = _Work()
    run = in_flight(batched(range(20), 2), work.submit, work.collect, window=3)
    assert next(run) == "done 0"
    assert len(work.submitted) == 3  # the window filled before the first batch was collected


def test_a_window_function_is_asked_again_after_each_collected_batch() -> None:
    work = _Work()
    asked: list[int] = []

    def window() -> int:  # a cluster that grows from one worker to four after two batches
        asked.append(len(work.collected))
        return 1 if len(work.collected) < 2 else 4

    out = list(in_flight(batched(range(12), 1), work.submit, work.collect, window=window))
    assert out == [f"done {i}" for i in range(12)]
    assert work.most_waiting == 4
    assert asked[:3] == [0, 1, 2]


def test_stopping_early_cancels_the_batches_still_waiting() -> None:
    work = _Work()
    run = in_flight(batched(range(20), 2), work.submit, work.collect, window=3, cancel=work.cancelled.append)
    assert next(run) == "done 0"
    run.close()
    assert work.collected == [0]
    assert work.cancelled == [1, 2]


def test_a_failed_collect_cancels_the_rest_and_propagates() -> None:
    work = _Work()

    def collect(handle: int) -> list[str]:
        if handle == 1:
            raise RuntimeError("worker lost")
        return work.collect(handle)

    run = in_flight(batched(range(20), 2), work.submit, collect, window=3, cancel=work.cancelled.append)
    with pytest.raises(RuntimeError, match="worker lost"):
        list(run)
    assert work.collected == [0]
    assert work.cancelled == [2, 3]
