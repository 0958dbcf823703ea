"""Throughput of the Dask engine against the local multi-process path, on the same texts, in the same run.

usage: python -m benchmarks.bench_distributed [CSV] [--text-column notes] [--limit N] [--workers 2]
                                              [--chunk-size 64] [--scheduler tcp://host:8786]

Default texts: the ACLED development notes in ../shared/data (read from there at run time, never copied),
else the bundled demo reports. Without ``--scheduler`` a ``distributed.LocalCluster`` of ``--workers``
processes (one thread each) is started on this machine, so the comparison with the local path (the same
number of forked processes) isolates what Dask costs: serialising chunks to and from the workers and the
scheduler's bookkeeping. Both sides are timed warm (pipelines already loaded, nothing analysed yet); the cold
start of the cluster (spawning workers, each loading spaCy and the gazetteer) is reported separately.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.bench_code import DEFAULT_CSV, articles, load_texts
from flashpoint.jobs import process_articles
from flashpoint.pipeline import PipelineOptions


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def main() -> None:
    """Run the benchmark and print one line per measurement."""
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--text-column", default="notes")
    ap.add_argument("--limit", type=int, default=800)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk-size", type=int, default=64)
    ap.add_argument("--scheduler", default=None, help="an existing cluster instead of a LocalCluster")
    a = ap.parse_args()

    from distributed import Client, LocalCluster

    from flashpoint.distributed import process_articles_distributed, warm_up

    texts = load_texts(a.csv, a.text_column, a.limit)
    arts = articles(texts)
    words = sum(len(t.split()) for t in texts)
    print(f"texts={len(texts)} words={words} workers={a.workers} chunk_size={a.chunk_size}")
    options = PipelineOptions(workers=a.workers, chunk_size=a.chunk_size)

    # Local path: forked processes that inherit the pipeline loaded here (the warm-up analyses happen in
    # children that are then discarded, so the timed run starts from the same fresh pipeline as the cluster).
    list(process_articles(arts[:20], options))
    t0 = time.perf_counter()
    local = list(process_articles(arts, options))
    t_local = time.perf_counter() - t0
    print(f"local processes : {len(texts) / t_local:8.1f} texts/s {words / t_local:9.0f} words/s ({t_local:.1f} s)")

    cluster = None
    t0 = time.perf_counter()
    if a.scheduler:
        client = Client(a.scheduler, set_as_default=False)
    else:
        cluster = LocalCluster(
            n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit="4GiB"
        )
        client = Client(cluster, set_as_default=False)
    loads = warm_up(client, options)  # load without analysing, so both sides start from a fresh pipeline
    t_cold = time.perf_counter() - t0
    slowest = max(loads.values(), default=0.0)
    print(f"dask cold start : {t_cold:8.1f} s (start workers + load one pipeline per worker: {slowest:.1f} s)")

    t0 = time.perf_counter()
    remote = list(process_articles_distributed(arts, options, client=client, chunk_size=a.chunk_size))
    t_dask = time.perf_counter() - t0
    print(f"dask cluster    : {len(texts) / t_dask:8.1f} texts/s {words / t_dask:9.0f} words/s ({t_dask:.1f} s)")
    print(f"dask / local    : {t_local / t_dask:.2f}x the local throughput")
    differing = sum(1 for x, y in zip(local, remote, strict=True) if x != y)
    print(f"same results    : {differing} of {len(local)} articles differ")

    worker_rss = client.run(_rss_mb)
    for address, rss in sorted(worker_rss.items()):
        print(f"worker RSS      : {rss:6.0f} MB  {address}")
    print(f"client RSS      : {_rss_mb():6.0f} MB (this process also holds the local-path pipeline)")
    client.close()
    if cluster is not None:
        cluster.close()


if __name__ == "__main__":
    main()
