"""Live monitoring: poll sources, analyse what is new, record and fuse it, round after round.

Reads source URLs (through :mod:`flashpoint.ingest.watch`, the only part that downloads); writes into a
:class:`~flashpoint.ledger.Ledger` exactly as ``flashpoint ingest`` does (rejections recorded, copies of stored
reports noted with :meth:`~flashpoint.ledger.Ledger.record_copy`, new reports analysed by
:func:`~flashpoint.jobs.process_articles` and fused by :meth:`~flashpoint.ledger.Ledger.record`), and
returns a :class:`RoundReport` per round. The dashboard's change token moves with every stored row, so an
open dashboard shows the new incidents on its next poll.

A round: every due source is polled once (a failing source only delays itself, see
:func:`~flashpoint.ingest.watch.poll_source`), the new items of all sources are recorded, and each incident
created or updated is logged. :meth:`Watcher.run` repeats rounds, sleeping until the next source is due.
The language model is loaded once, on the first round that has something to analyse.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from flashpoint.errors import FlashpointError
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.watch import (
    Fetch,
    Item,
    PollResult,
    SourceState,
    WatchOptions,
    due,
    http_fetch,
    poll_source,
)
from flashpoint.jobs import process_articles
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, FigureKind, Rejection

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class RoundReport:
    """What one round of polling did."""

    number: int
    polls: tuple[tuple[str, str, str], ...]  # (source URL, status, note) for each source polled
    recorded: int
    duplicates: int
    rejections: tuple[Rejection, ...]
    incident_ids: tuple[str, ...]  # created or updated, in recording order
    new_incident_ids: tuple[str, ...]
    next_due: float  # when the next source is due (epoch seconds)
    added: tuple[str, ...] = ()  # one line per new incident: id, type, place, date, deaths

    def describe(self) -> str:
        """One line for the terminal."""
        failed = [url for url, status, _ in self.polls if status == "failed"]
        quiet = sum(1 for _, status, _ in self.polls if status == "not-modified")
        parts = [
            f"round {self.number}: polled {len(self.polls)} sources ({quiet} not modified, {len(failed)} failed)",
            f"{self.recorded} reports recorded, {self.duplicates} already stored, {len(self.rejections)} rejected",
            f"{len(self.new_incident_ids)} new incidents, {len(self.incident_ids)} created or updated",
        ]
        return "; ".join(parts)


class Watcher:
    """Polls a list of sources into one ledger (see the module docstring).

    ``ledger`` is an open :class:`~flashpoint.ledger.Ledger` (or any object with its ``record``,
    ``record_copy``, ``record_rejection`` and ``find_duplicate`` methods). ``fetch`` replaces the HTTP client
    (tests); ``clock`` gives the time in epoch seconds; ``states`` are the saved states of an earlier run
    (sources no longer listed are dropped, new ones start fresh).
    """

    def __init__(
        self,
        sources: Sequence[str],
        ledger: Any,
        *,
        options: WatchOptions | None = None,
        ingest_options: IngestOptions | None = None,
        pipeline_options: PipelineOptions | None = None,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.time,
        states: Sequence[SourceState] = (),
    ) -> None:
        self.options = options or WatchOptions()
        self.ingest_options = ingest_options or IngestOptions()
        self.pipeline_options = pipeline_options or PipelineOptions(workers=1)
        self.ledger = ledger
        self.fetch = fetch or http_fetch(self.options)
        self.clock = clock
        known = {s.url: s for s in states}  # saved states of a previous run (ETags, seen entries, backoff)
        self.states = [known.get(url, SourceState(url)) for url in sources]
        self.rounds = 0
        self._pipeline: Pipeline | None = None

    def run_round(self) -> RoundReport:
        """Poll every due source once and record what is new."""
        self.rounds += 1
        now = self.clock()
        results: list[PollResult] = []
        for state in list(due(self.states, now)):
            result = poll_source(
                state, now=now, fetch=self.fetch, options=self.options, ingest_options=self.ingest_options
            )
            self.states[self.states.index(state)] = result.state
            results.append(result)
            log.info("%s: %s", state.url, result.note)
        items = [item for result in results for item in result.items]
        recorded, duplicates, rejections, touched, created = self._record(items)
        added = tuple(self._describe(i) for i in dict.fromkeys(created))
        for line in added:
            log.info("new incident %s", line)
        for incident_id in dict.fromkeys(touched):
            if incident_id not in created:
                log.info("updated incident %s", incident_id)
        return RoundReport(
            number=self.rounds,
            polls=tuple((r.state.url, r.status, r.note) for r in results),
            recorded=recorded,
            duplicates=duplicates,
            rejections=tuple(rejections),
            incident_ids=tuple(dict.fromkeys(touched)),
            new_incident_ids=tuple(dict.fromkeys(created)),
            next_due=min(s.next_due for s in self.states),
            added=added,
        )

    def run(
        self,
        *,
        rounds: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_round: Callable[[RoundReport], None] | None = None,
    ) -> None:
        """Run ``rounds`` rounds (``None``: until interrupted), sleeping until a source is due."""
        done = 0
        while rounds is None or done < rounds:
            report = self.run_round()
            done += 1
            if on_round is not None:
                on_round(report)
            if rounds is not None and done >= rounds:
                return
            sleep(max(0.0, report.next_due - self.clock()))

    def _record(self, items: Sequence[Item]) -> tuple[int, int, list[Rejection], list[str], list[str]]:
        """Record rejections, note copies of stored reports, analyse and fuse the rest (as ``ingest`` does)."""
        rejections: list[Rejection] = []
        touched: list[str] = []
        created: list[str] = []
        fresh: list[Article] = []
        hashes: set[str] = set()
        duplicates = 0
        for item in items:
            if isinstance(item, Rejection):
                self.ledger.record_rejection(item)
                rejections.append(item)
            elif item.content_hash in hashes or self.ledger.find_duplicate(item) is not None:
                duplicates += 1
                touched.extend(self.ledger.record_copy(item).incident_ids)
            else:
                hashes.add(item.content_hash)
                fresh.append(item)
        recorded = 0
        if fresh:
            for result in process_articles(fresh, self.pipeline_options, pipeline=self._loaded()):
                if isinstance(result, Rejection):
                    self.ledger.record_rejection(result)
                    rejections.append(result)
                    continue
                outcome = self.ledger.record(result)
                recorded += 1
                touched.extend(outcome.incident_ids)
                created.extend(outcome.new_incident_ids)
        return recorded, duplicates, rejections, touched, created

    def _describe(self, incident_id: str) -> str:
        """``id: type / sub-type, place, country, date, N killed`` for the log and the terminal."""
        try:
            found = self.ledger.incident(incident_id)
        except FlashpointError:  # merged away by a later report of the same round: the id is enough
            return incident_id
        place = found.place
        where = ", ".join(x for x in (place.name, place.country or place.country_iso3) if x) if place else "?"
        when = found.date_start.isoformat() if found.date_start else "undated"
        killed = sum(h.acled_value or 0 for h in found.figures if h.kind is FigureKind.KILLED)
        return f"{found.id}: {found.event_type} / {found.sub_event_type}, {where}, {when}, {killed} killed"

    def _loaded(self) -> Pipeline | None:
        """The in-process pipeline, loaded once (None when the analysis runs in workers or on a cluster)."""
        if self.pipeline_options.scheduler or self.pipeline_options.workers != 1:
            return None
        if self._pipeline is None:
            self._pipeline = Pipeline(self.pipeline_options)
        return self._pipeline


__all__ = ["RoundReport", "Watcher"]
