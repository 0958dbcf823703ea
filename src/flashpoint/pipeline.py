"""The orchestrator: the only module that knows the order of the stages.

Reads :class:`~flashpoint.records.Article` records, writes :class:`~flashpoint.records.Extraction`
records (or :class:`~flashpoint.records.Rejection` records for articles that failed). Order:

    extract.relevance (on the raw text) -> nlp.truecase (text in capitals only) -> backbone (spaCy +
    entity ruler) -> geo.resolve_places -> extract.figures -> extract.attribution (caveats) -> extract.events

An article judged out of scope by :mod:`flashpoint.extract.relevance` is not parsed: its Extraction holds the
decision (rule, reason, evidence) and nothing else.

A failure on one article is caught here, in one place, turned into a Rejection with its error code, and the
batch goes on. Where batches run (this process, local worker processes each holding one :class:`Pipeline`,
a Dask cluster) is decided by :mod:`flashpoint.jobs` and :mod:`flashpoint.distributed`, which import this
module; this module imports neither.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from flashpoint import __version__
from flashpoint.batching import batched
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
        for batch in batched(articles, self.options.batch_size):
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

    def flush(pending: list[Article | Rejection]) -> Iterator[GeocodeResult]:
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

    records = (_geocode_record(line, n, origin) for n, line in enumerate(lines, start=1) if line.strip())
    for pending in batched(records, batch_size):
        yield from flush(pending)


def demo_corpus() -> Any:
    """The folder of bundled sample reports (package data)."""
    from importlib.resources import files

    return files("flashpoint") / "data" / "demo" / "reports"
