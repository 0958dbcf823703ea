"""Jobs: the pipeline run over whole inputs, in this process, on local worker processes or on a Dask cluster.

Reads :class:`~flashpoint.records.Article` records (or whole inputs through :mod:`flashpoint.ingest`);
writes :class:`~flashpoint.records.Extraction` / :class:`~flashpoint.records.Rejection` records in input
order (:func:`process_articles`), ACLED-style rows (:func:`code_articles`) or the ledger
(:func:`ingest_into`). The order of the stages on one article is :class:`~flashpoint.pipeline.Pipeline`'s;
this module only decides where each batch of articles runs and in what order results come back, through
the one batching loop (:mod:`flashpoint.batching`). The Dask engine (:mod:`flashpoint.distributed`) is
imported only when a scheduler is named, and it imports the pipeline, not this module.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from flashpoint.batching import Progress, batched, in_flight
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, Extraction, Rejection

log = logging.getLogger(__name__)

# reports per transaction of `ingest_into` (Ledger.record_many): one commit per batch instead of per report;
# small enough that an interruption loses little (it is re-ingested idempotently)
INGEST_BATCH = 200

Result = Extraction | Rejection

# ----------------------------------------------------------------------------------------------
# Parallel processing: one Pipeline per worker process, chunks processed in input order.

_WORKER: dict[str, Pipeline] = {}  # per-process slot for the worker's pipeline (set once per process)


def _worker_init(options: PipelineOptions) -> None:
    if "pipeline" not in _WORKER:
        _WORKER["pipeline"] = Pipeline(options)


def _worker_run(chunk: list[Article]) -> list[Result]:
    return list(_WORKER["pipeline"].analyse_many(chunk))


def worker_count(requested: int) -> int:
    """The number of worker processes to use (0 = one per core)."""
    return max(1, requested or (os.cpu_count() or 1))


def process_articles(
    articles: Iterable[Article],
    options: PipelineOptions | None = None,
    *,
    progress: Progress | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Result]:
    """Analyse articles, in input order, on ``options.workers`` processes.

    With one worker everything runs in this process (reusing ``pipeline`` if given). With more, the
    pipeline is loaded in this process first (so the gazetteer is built once) and inherited by forked
    workers; a bounded window of chunks (two per worker) is in flight, so memory stays flat on corpora of
    any size. With ``options.scheduler`` set, the articles are analysed on that Dask cluster instead.
    """
    opts = options or PipelineOptions()
    if opts.scheduler:
        from flashpoint.distributed import process_articles_distributed

        yield from process_articles_distributed(articles, opts, address=opts.scheduler, progress=progress)
        return
    workers = worker_count(opts.workers)
    if workers == 1:
        local = pipeline or Pipeline(opts)
        for item in local.analyse_many(articles):
            yield item
            if progress:
                progress(1)
        return
    _worker_init(opts)  # load once here; forked workers inherit it
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(opts,)
    ) as pool:

        def submit(chunk: list[Article]) -> Future[list[Result]]:
            return pool.submit(_worker_run, chunk)

        yield from in_flight(
            batched(articles, opts.chunk_size),
            submit,
            Future.result,
            window=2 * workers,
            cancel=Future.cancel,
            progress=progress,
        )


# ----------------------------------------------------------------------------------------------
# Coding whole inputs.


@dataclasses.dataclass(frozen=True, slots=True)
class CodedText:
    """The ACLED-style rows coded from one input text (or its rejection)."""

    external_id: str | None
    rows: tuple[dict[str, str], ...]
    rejection: Rejection | None = None
    extraction: Extraction | None = None


def _split(items: Iterable[Article | Rejection], rejected: list[Rejection]) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Rejection):
            rejected.append(item)
        else:
            yield item


def code_articles(
    items: Iterable[Article | Rejection],
    options: PipelineOptions | None = None,
    *,
    progress: Progress | None = None,
) -> Iterator[CodedText]:
    """Code every text as ACLED-style rows: the primary event first, then the text's other events.

    Rejected inputs (from ingest or extraction) come out as a :class:`CodedText` with the rejection and one
    empty row, so no input row is lost.
    """
    from flashpoint.export.acled import empty_row, event_rows

    rejected: list[Rejection] = []
    for result in process_articles(_split(items, rejected), options, progress=progress):
        while rejected:
            bad = rejected.pop(0)
            yield CodedText(bad.external_id, (empty_row(),), rejection=bad)
        if isinstance(result, Rejection):
            yield CodedText(result.external_id, (empty_row(),), rejection=result)
        else:
            rows = tuple(event_rows(result.events, result.article))
            yield CodedText(result.article.external_id, rows, extraction=result)
    for bad in rejected:
        yield CodedText(bad.external_id, (empty_row(),), rejection=bad)


# ----------------------------------------------------------------------------------------------
# Ingesting whole inputs into the ledger.


@dataclasses.dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did."""

    read: int
    recorded: int
    duplicates: int
    rejections: tuple[Rejection, ...]
    incidents_touched: int
    out_of_scope: int = 0  # recorded, but judged out of scope by extract.relevance (no event coded)

    def describe(self) -> str:
        """One line for the terminal."""
        return (
            f"read {self.read} reports: {self.recorded} recorded ({self.out_of_scope} judged out of scope), "
            f"{self.duplicates} already stored, {len(self.rejections)} rejected; "
            f"{self.incidents_touched} incidents created or updated"
        )


def ingest_into(
    paths: Sequence[str],
    db_url: str,
    ingest_options: Any,
    options: PipelineOptions | None = None,
    *,
    progress: Progress | None = None,
) -> IngestSummary:
    """Read reports from ``paths`` (:func:`flashpoint.ingest.read_paths`) and :func:`ingest_reports` them."""
    from flashpoint.ingest import read_paths

    return ingest_reports(read_paths(list(paths), ingest_options), db_url, options, progress=progress)


def ingest_reports(
    reports: Iterable[Article | Rejection],
    db_url: str,
    options: PipelineOptions | None = None,
    *,
    progress: Progress | None = None,
) -> IngestSummary:
    """Skip the reports already stored, analyse the rest and record them (fusing as it goes).

    Reports are looked up in chunks (one query per chunk of ``options.chunk_size``: the stored ones are
    not analysed again, and each of their copies is noted). Extractions are recorded in batches
    (:meth:`~flashpoint.ledger.Ledger.record_many`, one transaction per batch of :data:`INGEST_BATCH`
    reports): an interruption loses at most the batch in progress, and ingesting the same input again
    records exactly what was lost (recording is idempotent). Rejections are stored as they come.
    """
    from flashpoint.ledger import Ledger

    opts = options or PipelineOptions()
    ledger = Ledger(db_url)
    rejections: list[Rejection] = []
    counts = {"read": 0, "recorded": 0, "duplicates": 0, "out_of_scope": 0}
    touched: set[str] = set()
    seen: set[str] = set()

    def reject(item: Rejection) -> None:
        ledger.record_rejection(item)
        rejections.append(item)

    def fresh() -> Iterator[Article]:
        for chunk in batched(reports, opts.chunk_size):
            stored = ledger.find_duplicates([item for item in chunk if isinstance(item, Article)])
            for item in chunk:
                counts["read"] += 1
                if isinstance(item, Rejection):
                    reject(item)
                elif item.content_hash in seen or item.content_hash in stored:
                    # Stored once, but this copy's external id and source still support the same incidents.
                    counts["duplicates"] += 1
                    touched.update(ledger.record_copy(item).incident_ids)
                else:
                    seen.add(item.content_hash)
                    yield item

    def extractions() -> Iterator[Extraction]:
        for result in process_articles(fresh(), opts, progress=progress):
            if isinstance(result, Rejection):
                reject(result)
            else:
                counts["out_of_scope"] += result.relevance is not None and not result.relevance.in_scope
                yield result

    try:
        for outcome in ledger.record_many(extractions(), batch_size=INGEST_BATCH):
            # exact counts: a concurrent writer may have stored the same text since it was read
            counts["recorded" if outcome.stored else "duplicates"] += 1
            touched.update(outcome.incident_ids)
    finally:
        ledger.close()
    return IngestSummary(
        read=counts["read"],
        recorded=counts["recorded"],
        duplicates=counts["duplicates"],
        rejections=tuple(rejections),
        incidents_touched=len(touched),
        out_of_scope=counts["out_of_scope"],
    )
