"""The distributed engine: the pipeline on a Dask cluster, for corpora beyond one machine.

Reads :class:`~flashpoint.records.Article` records on the client, writes
:class:`~flashpoint.records.Extraction` / :class:`~flashpoint.records.Rejection` records back to the client,
in input order, with the same contract as :func:`flashpoint.jobs.process_articles`:

* articles are cut into chunks and sent to the cluster; only a bounded window of chunks is in flight
  (twice the cluster's worker threads), so client memory stays flat on a corpus of any size (the one
  batching loop, :func:`flashpoint.batching.in_flight`);
* each Dask worker process loads one :class:`~flashpoint.pipeline.Pipeline` (spaCy model + gazetteer) on its
  first chunk and keeps it for every later chunk (a :class:`PipelinePlugin` registered on the cluster);
* a failure on one article comes back as a Rejection (the pipeline catches it on the worker);
* a chunk whose worker died is re-run by Dask on another worker; a chunk that keeps killing workers is
  split and re-run article by article, and an article that still kills its worker becomes a Rejection;
* nothing is written on the workers: the client receives every result and writes it (the ledger or the
  output file stays on the client side, SQLite or PostgreSQL).

Dask (``dask`` + ``distributed``) is an optional dependency: ``pip install 'flashpoint[distributed]'``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from typing import Any

from flashpoint import __version__
from flashpoint.batching import Progress, batched, in_flight
from flashpoint.errors import ClusterError, ConfigError, ExtractionError
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, Extraction, Rejection

try:
    from distributed import Client, Future, KilledWorker, Worker, WorkerPlugin, get_worker
except ImportError as exc:  # an optional extra: say how to install it instead of a bare ImportError
    raise ConfigError(
        "the distributed engine needs Dask: pip install 'flashpoint[distributed]' (dask and distributed)"
    ) from exc

log = logging.getLogger(__name__)

NAME = "distributed"
VERSION = "1"

Result = Extraction | Rejection

CONNECT_TIMEOUT = "30s"


def worker_options(options: PipelineOptions) -> PipelineOptions:
    """The options a worker's pipeline depends on, with the client-side settings reset.

    How the client schedules the work (local workers, chunk size, the scheduler address) does not change
    what a worker loads, so two runs that differ only there share the pipelines already loaded on the cluster.
    """
    defaults = PipelineOptions()
    return dataclasses.replace(options, workers=defaults.workers, chunk_size=defaults.chunk_size, scheduler=None)


def plugin_name(options: PipelineOptions) -> str:
    """A stable name for the worker plugin that holds a pipeline loaded with ``options``."""
    fields = dataclasses.asdict(worker_options(options))
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True, default=repr).encode("utf-8")).hexdigest()
    return f"flashpoint-pipeline-{__version__}-{digest[:12]}"


class PipelinePlugin(WorkerPlugin):
    """Holds one :class:`Pipeline` per Dask worker process, loaded on the worker's first chunk.

    Loading lazily (in the task thread, not in the worker's event loop at registration) keeps the worker
    responsive to the scheduler while spaCy and the gazetteer load, and costs nothing on workers that never
    receive work. The pipeline is not thread-safe, so analyses in one process are serialised by a lock:
    run workers with one thread each (``dask worker --nthreads 1 --nworkers N``) and scale by processes.
    """

    idempotent = True  # registering the same options again keeps the pipelines already loaded

    def __init__(self, options: PipelineOptions) -> None:
        self.options = worker_options(options)
        self.client_version = __version__
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options, "client_version": self.client_version}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.options = state["options"]
        self.client_version = state["client_version"]
        self._pipeline = None
        self._lock = threading.Lock()

    def setup(self, worker: Worker) -> None:
        """Called by Dask when the plugin is registered on ``worker`` (nothing heavy happens here)."""
        if self.client_version != __version__:
            log.warning(
                "worker %s runs flashpoint %s but the client runs %s: install the same version everywhere",
                worker.address,
                __version__,
                self.client_version,
            )

    def teardown(self, worker: Worker) -> None:
        """Called by Dask when the worker closes: drop the pipeline."""
        self._pipeline = None

    def _loaded(self) -> Pipeline:
        if self._pipeline is None:  # the caller holds the lock
            log.info("loading the pipeline on this worker (model %s)", self.options.model)
            self._pipeline = Pipeline(self.options)
        return self._pipeline

    def load(self) -> float:
        """Load the pipeline now if it is not loaded yet; the seconds it took (0 when already loaded)."""
        with self._lock:
            if self._pipeline is not None:
                return 0.0
            started = time.perf_counter()
            self._loaded()
            return time.perf_counter() - started

    def analyse(self, chunk: list[Article]) -> list[Result]:
        """Analyse one chunk with this process's pipeline (loading it first if needed)."""
        with self._lock:
            return list(self._loaded().analyse_many(chunk))


def _plugin(name: str) -> PipelinePlugin:
    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, PipelinePlugin):
        raise ClusterError(f"worker has no flashpoint pipeline plugin {name!r} (was it registered?)")
    return plugin


def _run_chunk(chunk: list[Article], name: str) -> list[Result]:
    """The Dask task: analyse ``chunk`` with the pipeline held by this worker's plugin ``name``."""
    return _plugin(name).analyse(chunk)


def _load(name: str) -> float:
    """The Dask task of :func:`warm_up`: load this worker's pipeline."""
    return _plugin(name).load()


def warm_up(client: Client, options: PipelineOptions | None = None) -> dict[str, float]:
    """Load the pipeline on every worker now connected, before any article is sent.

    Optional: without it each worker loads its pipeline on its first chunk. Returns the seconds each
    worker spent loading, by worker address (0 for a worker that had it loaded already).
    """
    opts = options or PipelineOptions()
    name = plugin_name(opts)
    client.register_plugin(PipelinePlugin(opts), name=name)
    futures = {
        address: client.submit(
            _load, name, key=f"flashpoint-load-{uuid.uuid4().hex[:8]}", workers=[address], pure=False
        )
        for address in client.nthreads()
    }
    try:
        return {address: float(future.result()) for address, future in futures.items()}
    except (OSError, CancelledError) as exc:
        raise ClusterError(f"lost the connection to the Dask cluster: {type(exc).__name__}: {exc}") from exc


def _lost(article: Article, exc: BaseException) -> Rejection:
    return Rejection(
        origin=article.origin or article.id,
        code=ExtractionError.code,
        reason=f"the worker analysing this article died repeatedly ({type(exc).__name__}: {exc})",
        stage=f"{NAME}@{VERSION}",
        external_id=article.external_id,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Submitted:
    chunk: list[Article]
    future: Future[list[Result]]


class _Engine:
    """Submits chunks to one client and collects them in order (one engine per run)."""

    def __init__(self, client: Client, name: str) -> None:
        self.client = client
        self.name = name
        self.run = uuid.uuid4().hex[:8]
        self.count = 0

    def submit(self, chunk: list[Article]) -> _Submitted:
        self.count += 1
        key = f"flashpoint-chunk-{self.run}-{self.count}"
        return _Submitted(chunk, self.client.submit(_run_chunk, chunk, self.name, key=key, pure=False))

    def window(self) -> int:
        """Chunks to keep in flight: two per worker thread now in the cluster (at least two)."""
        return max(2, 2 * int(sum(self.client.nthreads().values())))

    def collect(self, item: _Submitted) -> list[Result]:
        """The results of one submitted chunk, isolating articles that kill their worker."""
        try:
            return item.future.result()
        except KilledWorker as exc:
            if len(item.chunk) == 1:
                log.error("article %s killed its worker repeatedly: rejected", item.chunk[0].id)
                return [_lost(item.chunk[0], exc)]
            log.warning("a chunk of %d articles killed its workers; re-running it article by article", len(item.chunk))
            singles = [self.submit([article]) for article in item.chunk]
            return [result for single in singles for result in self.collect(single)]
        except (OSError, CancelledError) as exc:
            raise ClusterError(f"lost the connection to the Dask cluster: {type(exc).__name__}: {exc}") from exc
        finally:
            item.future.release()


def connect(address: str, *, timeout: str = CONNECT_TIMEOUT) -> Client:
    """A Dask client connected to the scheduler at ``address`` (e.g. ``tcp://10.0.0.5:8786``)."""
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def process_articles_distributed(
    articles: Iterable[Article],
    options: PipelineOptions | None = None,
    *,
    address: str | None = None,
    client: Client | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> Iterator[Result]:
    """Analyse articles on a Dask cluster, yielding one Extraction or Rejection per article, in input order.

    Give either ``address`` (a scheduler to connect to for this run; defaults to ``options.scheduler``)
    or an already connected ``client``. ``chunk_size`` (articles per task) defaults to
    ``options.chunk_size``: 64 short reports take one or two seconds on one core, long enough that the
    scheduler's per-task overhead (milliseconds) is noise and short enough that a lost worker costs little.
    Articles are read lazily from ``articles``: a generator over a huge file is never held in memory at once.
    """
    opts = options or PipelineOptions()
    size = max(1, chunk_size or opts.chunk_size)
    own = client is None
    if client is None:
        target = address or opts.scheduler
        if not target:
            raise ConfigError("process_articles_distributed needs a scheduler address or a client")
        client = connect(target)
    try:
        name = plugin_name(opts)
        client.register_plugin(PipelinePlugin(opts), name=name)
        engine = _Engine(client, name)
        # the window is asked again after every chunk collected: workers may have joined or left;
        # if the caller stops early or a chunk fails, the chunks still queued are dropped
        yield from in_flight(
            batched(articles, size),
            engine.submit,
            engine.collect,
            window=engine.window,
            cancel=lambda item: item.future.cancel(),
            progress=progress,
        )
    finally:
        if own:
            client.close()
