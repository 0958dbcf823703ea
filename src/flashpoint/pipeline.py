"""The orchestrator: the only module that knows the order of the stages.

Reads :class:`~flashpoint.records.Article` records, writes :class:`~flashpoint.records.Extraction`
records (or :class:`~flashpoint.records.Rejection` records for articles that failed). Order:

    extract.relevance (on the raw text) -> nlp.truecase (text in capitals only) -> backbone (spaCy +
    entity ruler) -> geo.resolve_places -> extract.figures -> extract.attribution (caveats) -> extract.events

An article judged out of scope by :mod:`flashpoint.extract.relevance` is not parsed: its Extraction holds the
decision (rule, reason, evidence) and nothing else.

A failure on one article is caught here, in one place, turned into a Rejection with its error code, and the
batch goes on. Batches can run on every core: each worker process holds one :class:`Pipeline`.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from flashpoint import __version__
from flashpoint.errors import ExtractionError, FlashpointError, MalformedInputError, TextTooLongError
from flashpoint.extract import actors as actor_extract
from flashpoint.extract import attribution, events, figures, relevance
from flashpoint.geo import resolve as geo
from flashpoint.nlp import truecase
from flashpoint.nlp.backbone import DEFAULT_MODEL, Backbone, BackboneOptions, load_backbone, patterns_from
from flashpoint.records import Article, Extraction, Geography, Rejection, Relevance

log = logging.getLogger(__name__)

NAME = "pipeline"
STAGE = f"{NAME}@{__version__}"
# reports per transaction of `ingest_into` (Ledger.record_many): one commit per batch instead of per report;
# small enough that an interruption loses little (it is re-ingested idempotently)
INGEST_BATCH = 200

Progress = Callable[[int], None]


@dataclasses.dataclass(frozen=True, slots=True)
class PipelineOptions:
    """How to run the pipeline. ``workers=0`` means one worker per core.

    ``scheduler`` (a Dask scheduler address such as ``tcp://host:8786``) runs the analysis on that cluster
    instead of local processes (see :mod:`flashpoint.distributed`); ``workers`` is then ignored.
    """

    model: str = DEFAULT_MODEL
    batch_size: int = 32
    workers: int = 1
    chunk_size: int = 64
    event_options: events.EventOptions = dataclasses.field(default_factory=events.EventOptions)
    scheduler: str | None = None
    restore_case: bool = True
    relevance_options: relevance.RelevanceOptions = dataclasses.field(default_factory=relevance.RelevanceOptions)
    case_options: truecase.CaseOptions = dataclasses.field(default_factory=truecase.CaseOptions)


class Pipeline:
    """A loaded pipeline: backbone, gazetteer and extractors, ready to analyse articles."""

    def __init__(self, options: PipelineOptions | None = None) -> None:
        self.options = options or PipelineOptions()
        self.gazetteer: Any = geo.load_gazetteer()
        self.actor_lexicon = actor_extract.load_lexicon()
        pairs = [*geo.ruler_patterns(self.gazetteer), *actor_extract.ruler_patterns(lexicon=self.actor_lexicon)]
        self.backbone: Backbone = load_backbone(
            BackboneOptions(model=self.options.model, patterns=patterns_from(pairs))
        )
        self._names = tuple(phrase for _label, phrase in pairs)
        self._case_model: truecase.CaseModel | None = None

    @property
    def case_model(self) -> truecase.CaseModel:
        """The case model (built on first use: most streams have no text in capitals)."""
        if self._case_model is None:
            self._case_model = truecase.build_case_model(self._names)
        return self._case_model

    def reading_text(self, article: Article, quiet: Sequence[tuple[int, int]] = ()) -> str:
        """The text the backbone parses: the article's text, with case restored when it is written in capitals
        and its ``quiet`` paragraphs (no cue of conflict, :mod:`flashpoint.extract.relevance`) blanked.

        The text keeps its length (blanked characters become spaces, line breaks stay), so every offset
        computed on it points into ``article.text``.
        """
        text = article.text
        if self.options.restore_case and truecase.is_mostly_upper(text, options=self.options.case_options):
            text = truecase.restore_case(text, model=self.case_model, options=self.options.case_options)
        return _blank(text, quiet) if quiet else text

    def geography(self, doc: Any, article: Article) -> Geography:
        """Resolve every toponym of a parsed article."""
        return geo.resolve_places(doc, article=article, gazetteer=self.gazetteer)

    def analyse_doc(self, doc: Any, article: Article) -> Extraction:
        """Run every extractor on one parsed article."""
        geography = self.geography(doc, article)
        found = figures.extract_figures(doc, article=article)
        caveats = attribution.find_caveats(doc, article=article, figures=found)
        coded = events.extract_events(
            doc,
            article=article,
            geography=geography,
            figures=found,
            options=self.options.event_options,
            actor_lexicon=self.actor_lexicon,
        )
        # Every claim that carries a figure or an event, once each, in reading order of the stages: the
        # store keeps these as the article's append-only claim rows.
        claims = tuple(dict.fromkeys([*(f.claim for f in found), *(e.claim for e in coded)]))
        return Extraction(article=article, events=coded, figures=found, caveats=caveats, claims=claims)

    def judge(self, article: Article) -> Relevance:
        """The relevance decision for one article (cheap: no parse)."""
        try:
            return relevance.judge_relevance(article, options=self.options.relevance_options)
        except FlashpointError:
            raise
        except Exception as exc:  # typed like every other stage failure
            log.exception("relevance failed for article %s", article.id)
            raise ExtractionError(f"{type(exc).__name__}: {exc}") from exc

    def analyse(self, article: Article) -> Extraction:
        """Judge, parse and analyse one article (raises :class:`ExtractionError` on failure)."""
        decision = self.judge(article)
        if not decision.in_scope:
            return _out_of_scope(article, decision)

        def work() -> Extraction:
            _within_limit(article, self)
            return self.analyse_doc(self.backbone.parse(self.reading_text(article, decision.quiet)), article)

        return dataclasses.replace(self._guarded(work, article), relevance=decision)

    def analyse_many(self, articles: Iterable[Article]) -> Iterator[Extraction | Rejection]:
        """Analyse articles in order with batched parsing; failures become Rejections."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.options.batch_size:
                yield from self._analyse_batch(batch)
                batch = []
        if batch:
            yield from self._analyse_batch(batch)

    def _analyse_batch(self, batch: Sequence[Article]) -> Iterator[Extraction | Rejection]:
        decisions: list[Relevance | Rejection] = []
        for article in batch:
            try:
                decisions.append(self.judge(article))
            except FlashpointError as exc:
                decisions.append(_rejection(article, exc))
        limit = self.backbone.options.max_length
        # out-of-scope articles are never parsed; a text over the analysis limit is refused before any parse
        wanted = [
            (a, d)
            for a, d in zip(batch, decisions, strict=True)
            if isinstance(d, Relevance) and d.in_scope and len(a.text) <= limit
        ]
        try:
            texts = [self.reading_text(a, d.quiet) for a, d in wanted]
            docs = iter(list(self.backbone.pipe(texts, batch_size=self.options.batch_size)))
        except Exception as exc:  # noqa: BLE001 - one bad text must not sink the batch: retry one by one
            log.warning("batch parse failed (%s); parsing one by one", exc)
            for article in batch:
                yield self._safe(article)
            return
        for article, decision in zip(batch, decisions, strict=True):
            if isinstance(decision, Rejection):
                yield decision
            elif not decision.in_scope:
                yield _out_of_scope(article, decision)
            elif len(article.text) > limit:
                yield self._safe(article)
            else:
                doc = next(docs)
                try:
                    extraction = self._guarded(functools.partial(self.analyse_doc, doc, article), article)
                    yield dataclasses.replace(extraction, relevance=decision)
                except FlashpointError as exc:
                    yield _rejection(article, exc)

    def _safe(self, article: Article) -> Extraction | Rejection:
        try:
            return self.analyse(article)
        except FlashpointError as exc:
            return _rejection(article, exc)

    def _guarded(self, work: Callable[[], Extraction], article: Article) -> Extraction:
        """Run the parse and extractors of one article: the one place where any failure of theirs is typed."""
        try:
            return work()
        except FlashpointError:
            raise
        except Exception as exc:  # parse or extractor: any failure rejects this article only
            log.exception("analysis failed for article %s", article.id)
            raise ExtractionError(f"{type(exc).__name__}: {exc}") from exc


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with every character inside ``spans`` but line breaks replaced by a space (same length)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _out_of_scope(article: Article, decision: Relevance) -> Extraction:
    """The Extraction of an article judged out of scope: its decision and no events."""
    return Extraction(article=article, events=(), figures=(), caveats=(), claims=(), relevance=decision)


def _within_limit(article: Article, pipeline: Pipeline) -> str:
    """The article's text, or :class:`TextTooLongError` when it is over the analysis limit."""
    limit = pipeline.backbone.options.max_length
    if len(article.text) > limit:
        raise TextTooLongError(
            f"{len(article.text):,} characters is over the analysis limit of {limit:,} characters "
            "(BackboneOptions.max_length); split the report into parts"
        )
    return article.text


def _rejection(article: Article, exc: FlashpointError) -> Rejection:
    return Rejection(
        origin=article.origin or article.id,
        code=exc.code,
        reason=exc.message,
        stage=STAGE,
        external_id=article.external_id,
    )


# ----------------------------------------------------------------------------------------------
# Parallel processing: one Pipeline per worker process, chunks processed in input order.

_WORKER: dict[str, Pipeline] = {}  # per-process slot for the worker's pipeline (set once per process)


def _worker_init(options: PipelineOptions) -> None:
    if "pipeline" not in _WORKER:
        _WORKER["pipeline"] = Pipeline(options)


def _worker_run(chunk: list[Article]) -> list[Extraction | Rejection]:
    return list(_WORKER["pipeline"].analyse_many(chunk))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def worker_count(requested: int) -> int:
    """The number of worker processes to use (0 = one per core)."""
    return max(1, requested or (os.cpu_count() or 1))


def process_articles(
    articles: Iterable[Article],
    options: PipelineOptions | None = None,
    *,
    progress: Progress | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Extraction | Rejection]:
    """Analyse articles, in input order, on ``options.workers`` processes.

    With one worker everything runs in this process (reusing ``pipeline`` if given). With more, the
    pipeline is loaded in this process first (so the gazetteer is built once) and inherited by forked
    workers. With ``options.scheduler`` set, the articles are analysed on that Dask cluster instead.
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
        # A bounded window of chunks in flight keeps memory flat on corpora of any size.
        pending: deque[Future[list[Extraction | Rejection]]] = deque()
        for chunk in _chunks(articles, opts.chunk_size):
            pending.append(pool.submit(_worker_run, chunk))
            if len(pending) >= 2 * workers:
                yield from _drain(pending.popleft(), progress)
        while pending:
            yield from _drain(pending.popleft(), progress)


def _drain(future: Future[list[Extraction | Rejection]], progress: Progress | None) -> Iterator[Extraction | Rejection]:
    result = future.result()
    yield from result
    if progress:
        progress(len(result))


# ----------------------------------------------------------------------------------------------
# Jobs: reading, analysing and coding whole inputs.


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
    """Read reports, skip those already stored, analyse the rest and record them (fusing as it goes).

    Extractions are recorded in batches (:meth:`~flashpoint.ledger.Ledger.record_many`, one transaction
    per batch of :data:`INGEST_BATCH` reports): an interruption loses at most the batch in progress, and
    ingesting the same input again records exactly what was lost (recording is idempotent).
    """
    from flashpoint.ingest import read_paths
    from flashpoint.ledger import Ledger

    ledger = Ledger(db_url)
    rejections: list[Rejection] = []
    counts = {"read": 0, "recorded": 0, "duplicates": 0, "out_of_scope": 0}
    touched: set[str] = set()
    seen: set[str] = set()

    def fresh() -> Iterator[Article]:
        for item in read_paths(list(paths), ingest_options):
            counts["read"] += 1
            if isinstance(item, Rejection):
                ledger.record_rejection(item)
                rejections.append(item)
            elif item.content_hash in seen or ledger.find_duplicate(item) is not None:
                # Stored once, but this copy's external id and source still support the same incidents.
                counts["duplicates"] += 1
                touched.update(ledger.record_copy(item).incident_ids)
            else:
                seen.add(item.content_hash)
                yield item

    def extractions() -> Iterator[Extraction]:
        for result in process_articles(fresh(), options, progress=progress):
            if isinstance(result, Rejection):
                ledger.record_rejection(result)
                rejections.append(result)
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


def geocode_text(text: str, *, published: Any = None) -> Geography:
    """Resolve the places in one piece of text (for a quick look from the CLI)."""
    import hashlib

    pipeline = Pipeline()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(id=digest[:16], text=text, content_hash=digest, published=published, origin="<text>")
    return pipeline.geography(pipeline.backbone.parse(text), article)


# ----------------------------------------------------------------------------------------------
# Geoparsing in batch (`flashpoint geocode --input`): every place mention of every article.


@dataclasses.dataclass(frozen=True, slots=True)
class GeocodeResult:
    """The place mentions of one input record, or why the record could not be geocoded."""

    id: str
    geography: Geography | None
    rejection: Rejection | None = None


def _geocode_record(line: str, number: int, origin: str) -> Article | Rejection:
    """One JSON line ``{"id", "text"}`` -> an Article whose text is kept exactly as given (offsets hold)."""
    import hashlib
    import json

    where = f"{origin}:{number}"
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Rejection(origin=where, code=MalformedInputError.code, reason=f"not JSON: {exc}", stage=STAGE)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        reason = "expected an object with a string 'text'"
        return Rejection(origin=where, code=MalformedInputError.code, reason=reason, stage=STAGE)
    text: str = record["text"]
    external = str(record.get("id", number))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, external_id=external, origin=where)


def geocode_lines(
    lines: Iterable[str], *, origin: str = "<input>", pipeline: Pipeline | None = None, batch_size: int = 32
) -> Iterator[GeocodeResult]:
    """Resolve every place mention of JSON lines ``{"id", "text"}``, one result per non-blank line, in order.

    A line that is not such a record, or an article whose analysis fails, gives a result with a
    :class:`Rejection` (code and reason) and the batch goes on.
    """
    local = pipeline or Pipeline()
    pending: list[Article | Rejection] = []

    def flush() -> Iterator[GeocodeResult]:
        articles = [a for a in pending if isinstance(a, Article)]
        docs = iter(local.backbone.pipe([a.text for a in articles], batch_size=batch_size))
        for item in pending:
            if isinstance(item, Rejection):
                yield GeocodeResult(id=item.origin, geography=None, rejection=item)
                continue
            ident = item.external_id or item.id
            try:
                yield GeocodeResult(id=ident, geography=local.geography(next(docs), item))
            except Exception as exc:  # one failing article is recorded, the batch goes on
                log.exception("geocoding failed for %s", ident)
                error = ExtractionError(f"{type(exc).__name__}: {exc}")
                yield GeocodeResult(id=ident, geography=None, rejection=_rejection(item, error))
        pending.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        pending.append(_geocode_record(line, number, origin))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def demo_corpus() -> Any:
    """The folder of bundled sample reports (package data)."""
    from importlib.resources import files

    return files("flashpoint") / "data" / "demo" / "reports"
