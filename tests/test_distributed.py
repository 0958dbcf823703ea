"""The distributed engine: the same records, in the same order, from a real Dask cluster of two processes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

import cloudpickle
from click.testing import CliRunner
from distributed import Client, KilledWorker, LocalCluster

from flashpoint import distributed as engine
from flashpoint.cli import main
from flashpoint.errors import ClusterError, ConfigError
from flashpoint.jobs import process_articles
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.records import Article, Extraction, Rejection

# Short reports written for these tests (not taken from any dataset).
REPORTS = [
    "Riot police fired tear gas at several hundred students who blocked the main road outside the university "
    "in Thimphu on Tuesday to protest against a rise in fees, witnesses said.",
    "Two soldiers were killed and four wounded when their convoy struck a roadside bomb near Paro on Sunday, "
    "an army spokesman said.",
    "The finance ministry said on Wednesday that tax revenue rose by 6 percent in the first quarter.",
    "Armed men on motorbikes stormed a village in Dornod province overnight, killing at least 11 residents and "
    "abducting a dozen others, a local official told reporters.",
    "Thousands of garment workers marched peacefully through Ulaanbaatar on Friday demanding higher wages.",
    "Government forces and rebels clashed for several hours near Erdenet on Monday; the army said nine rebels died.",
    "A car bomb went off beside a checkpoint in Darkhan on Thursday, killing three civilians, police said.",
]

POISON = "Quartermaster Zebulon"  # a marker the patched extractor refuses


def _article(i: int, text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 3, 5), external_id=f"r{i}")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, memory_limit="2GiB"
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster, set_as_default=False) as connected:
        yield connected


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [_article(i, t) for i, t in enumerate(REPORTS)]


@pytest.fixture(scope="module")
def local_results(articles: list[Article]) -> list[Extraction | Rejection]:
    return list(process_articles(articles, PipelineOptions(workers=1), pipeline=Pipeline(PipelineOptions())))


def test_cluster_results_equal_the_local_path_in_order(
    cluster: LocalCluster, articles: list[Article], local_results: list[Extraction | Rejection]
) -> None:
    ticks: list[int] = []
    out = list(
        engine.process_articles_distributed(
            articles, PipelineOptions(), address=cluster.scheduler_address, chunk_size=2, progress=ticks.append
        )
    )
    assert [type(x) for x in out] == [Extraction] * len(REPORTS)
    assert [x.article.external_id for x in out if isinstance(x, Extraction)] == [f"r{i}" for i in range(len(REPORTS))]
    assert out == local_results
    assert sum(ticks) == len(REPORTS)
    assert len(ticks) == 4  # one tick per chunk of two (the last chunk has one article)
    # The texts with violence are coded on the workers exactly as locally (guards against empty extractions).
    bomb = out[1]
    assert isinstance(bomb, Extraction)
    assert bomb.events


def test_the_scheduler_option_routes_process_articles_to_the_cluster(
    cluster: LocalCluster, articles: list[Article], local_results: list[Extraction | Rejection]
) -> None:
    options = PipelineOptions(scheduler=cluster.scheduler_address, chunk_size=3, workers=2)
    assert list(process_articles(articles, options)) == local_results


def test_each_worker_loads_its_pipeline_once(client: Client, articles: list[Article]) -> None:
    for _ in range(2):
        list(engine.process_articles_distributed(articles, PipelineOptions(), client=client, chunk_size=1))
    name = engine.plugin_name(PipelineOptions())

    def pipeline_id(dask_worker: Any) -> int:
        return id(dask_worker.plugins[name]._pipeline)

    loaded = client.run(pipeline_id)
    assert len(loaded) == 2
    # Both workers already hold the pipeline: warming up loads nothing more.
    assert engine.warm_up(client) == dict.fromkeys(client.nthreads(), 0.0)
    # Client-side scheduling settings do not change what the workers load (no second pipeline).
    assert engine.plugin_name(PipelineOptions(workers=4, chunk_size=8, scheduler="tcp://x:1")) == name
    assert engine.plugin_name(PipelineOptions(batch_size=8)) != name
    first = client.run(pipeline_id)
    list(engine.process_articles_distributed(articles[:2], PipelineOptions(), client=client))
    assert client.run(pipeline_id) == first


def _patch_events() -> None:
    from flashpoint.extract import events

    real = events.extract_events

    def refusing(doc: Any, **kw: Any) -> Any:
        if POISON in doc.text:
            raise ValueError("cue table corrupted")
        return real(doc, **kw)

    events._test_original = real  # type: ignore[attr-defined]
    events.extract_events = refusing


def _restore_events() -> None:
    from flashpoint.extract import events

    events.extract_events = events._test_original  # type: ignore[attr-defined]


def test_a_failing_article_becomes_a_rejection_and_the_rest_go_on(client: Client, articles: list[Article]) -> None:
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    bad = _article(99, f"{POISON} said the depot near Paro was looted by gunmen on Saturday.")
    batch = [*articles[:3], bad, *articles[3:5]]
    client.run(_patch_events)
    try:
        out = list(engine.process_articles_distributed(batch, PipelineOptions(), client=client, chunk_size=2))
    finally:
        client.run(_restore_events)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert len(out) == len(batch)
    rejected = [x for x in out if isinstance(x, Rejection)]
    assert [r.external_id for r in rejected] == ["r99"]
    assert rejected[0].code == "FP200"
    assert "cue table corrupted" in rejected[0].reason
    assert isinstance(out[3], Rejection)
    assert [x.article.external_id for x in out if isinstance(x, Extraction)] == ["r0", "r1", "r2", "r3", "r4"]


def test_cli_code_on_the_cluster_writes_the_same_csv_as_local(cluster: LocalCluster, tmp_path: Path) -> None:
    batch = tmp_path / "reports.csv"
    with batch.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ref", "day", "body"])
        for i, text in enumerate(REPORTS[:5]):
            writer.writerow([f"k{i}", "2024-03-05", text])
    common = ["code", str(batch), "--text-column", "body", "--id-column", "ref", "--date-column", "day"]
    runner = CliRunner(env={"SOURCE_DATE_EPOCH": "1700000000"})  # one ACLED timestamp for both runs
    local = runner.invoke(main, [*common, "--workers", "1", "--output", str(tmp_path / "local.csv")])
    assert local.exit_code == 0, local.output
    remote = runner.invoke(
        main, [*common, "--scheduler", cluster.scheduler_address, "--output", str(tmp_path / "cluster.csv")]
    )
    assert remote.exit_code == 0, remote.output
    text = (tmp_path / "cluster.csv").read_text(encoding="utf-8")
    assert text == (tmp_path / "local.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    # input order kept; the tax-revenue report (k2) has no event, so no row
    assert list(dict.fromkeys(r["ref"] for r in rows)) == ["k0", "k1", "k3", "k4"]
    assert any(r["event_type"] for r in rows if r["ref"] == "k1")


def test_an_unreachable_scheduler_is_a_typed_error() -> None:
    with pytest.raises(ClusterError) as err:
        engine.connect("tcp://127.0.0.1:1", timeout="1s")
    assert err.value.code == "FP800"
    assert "tcp://127.0.0.1:1" in err.value.message


# ------------------------------------------------------------------------------ worker loss (no cluster)


class _LastWorker:
    address = "tcp://127.0.0.1:9"


class _FakeFuture:
    def __init__(self, chunk: list[Article]) -> None:
        self.chunk = chunk

    def result(self) -> list[Extraction | Rejection]:
        if any(POISON in a.text for a in self.chunk):
            raise KilledWorker("chunk", _LastWorker(), 3)
        return [
            Rejection(origin=a.id, code="FP000", reason="ok", stage="fake@1", external_id=a.external_id)
            for a in self.chunk
        ]

    def release(self) -> None:
        pass


class _FakeClient:
    def __init__(self) -> None:
        self.submitted: list[int] = []

    def submit(self, func: Any, chunk: list[Article], name: str, **kw: Any) -> _FakeFuture:
        self.submitted.append(len(chunk))
        return _FakeFuture(chunk)


def test_a_chunk_that_kills_its_workers_is_rerun_article_by_article(articles: list[Article]) -> None:
    fake = _FakeClient()
    run = engine._Engine(fake, "plugin")  # type: ignore[arg-type]
    bad = _article(42, f"{POISON} reported shelling near Kharkiv.")
    out = run.collect(run.submit([articles[0], bad, articles[1]]))
    assert fake.submitted == [3, 1, 1, 1]
    assert [x.external_id for x in out if isinstance(x, Rejection)] == ["r0", "r42", "r1"]
    lost = out[1]
    assert isinstance(lost, Rejection)
    assert lost.code == "FP200"
    assert "died" in lost.reason


def test_stopping_early_cancels_the_queued_chunks(client: Client, articles: list[Article]) -> None:
    run = engine.process_articles_distributed(articles * 4, PipelineOptions(), client=client, chunk_size=1)
    first = next(run)
    assert isinstance(first, Extraction)
    assert first.article.external_id == "r0"
    run.close()
    assert not [key for key in client.futures if str(key).startswith("flashpoint-chunk-")]


def test_no_scheduler_and_no_client_is_a_config_error(articles: list[Article]) -> None:
    with pytest.raises(ConfigError):
        list(engine.process_articles_distributed(articles))
