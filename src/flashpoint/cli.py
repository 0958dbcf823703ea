"""The ``flashpoint`` command line: thin wrappers over the library.

Each command parses its flags, calls one library function, shows progress on long work and turns a
:class:`~flashpoint.errors.FlashpointError` into a clear message and an exit code:
0 success, 1 error, 3 finished but some inputs were rejected (each rejection is listed on stderr).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from flashpoint import __version__
from flashpoint.errors import FlashpointError
from flashpoint.records import Article, Extraction, Rejection, to_dict

EXIT_REJECTED = 3
DEFAULT_DB = "sqlite:///flashpoint.db"


def _fail(exc: FlashpointError) -> click.ClickException:
    return click.ClickException(str(exc))


@contextmanager
def _progress(total: int | None, label: str, *, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A tqdm progress bar on stderr (silent when stderr is not a terminal or ``enabled`` is false)."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="text", file=sys.stderr, disable=not enabled or None)
    try:
        yield bar.update
    finally:
        bar.close()


def _report_rejections(rejections: Sequence[Rejection]) -> None:
    for r in rejections:
        where = f"{r.origin}" + (f" (id {r.external_id})" if r.external_id else "")
        click.echo(f"rejected {where}: [{r.code}] {r.reason}", err=True)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO date (YYYY-MM-DD): {value}") from exc


def _ingest_options(**columns: Any) -> Any:
    from flashpoint.ingest import IngestOptions

    given = {k: v for k, v in columns.items() if v is not None}
    return IngestOptions(**given)


def _pipeline_options(workers: int, scheduler: str | None = None) -> Any:
    from flashpoint.pipeline import PipelineOptions

    return PipelineOptions(workers=workers, scheduler=scheduler or None)


def _scheduler_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--scheduler`` flag: run the analysis on a Dask cluster (docs/scale.md)."""
    return click.option(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler (e.g. tcp://host:8786): analyse on that cluster instead of local processes",
    )(func)


def _batch_columns(func: Callable[..., Any]) -> Callable[..., Any]:
    """The shared CSV/JSONL column flags."""
    for name, helptext in reversed(
        [
            ("--text-column", "column with the report text (CSV/JSONL batches)"),
            ("--date-column", "column with the publication date"),
            ("--id-column", "column with the report's external id"),
            ("--source-column", "column with the publisher or agency"),
            ("--title-column", "column with the title"),
            ("--country-column", "column with the country the analyst knows the text is about (a hint)"),
        ]
    ):
        func = click.option(name, default=None, help=helptext)(func)
    return func


@click.group()
@click.version_option(__version__, prog_name="flashpoint")
@click.option("-v", "--verbose", count=True, help="more log output (-v info, -vv debug)")
def main(verbose: int) -> None:
    """Flashpoint: event data from news reports, with provenance for every number."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


# ------------------------------------------------------------------------------------------ reading


def _read(paths: Sequence[str], options: Any, published: dt.date | None) -> tuple[list[Article], list[Rejection]]:
    from flashpoint.ingest import read_paths

    articles: list[Article] = []
    rejected: list[Rejection] = []
    for item in read_paths(list(paths), options):
        if isinstance(item, Rejection):
            rejected.append(item)
        else:
            articles.append(item if published is None else _with_published(item, published))
    return articles, rejected


def _with_published(article: Article, published: dt.date) -> Article:
    import dataclasses

    return dataclasses.replace(article, published=published)


def _analyse(articles: Sequence[Article], workers: int, label: str) -> tuple[list[Extraction], list[Rejection]]:
    from flashpoint.pipeline import process_articles

    done: list[Extraction] = []
    rejected: list[Rejection] = []
    with _progress(len(articles), label, enabled=len(articles) > 20) as tick:
        for item in process_articles(articles, _pipeline_options(workers), progress=tick):
            (rejected if isinstance(item, Rejection) else done).append(item)  # type: ignore[arg-type]
    return done, rejected


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="database URL (sqlite:///... or postgresql://...)")
@click.option("--workers", default=0, show_default=True, help="worker processes (0 = one per core)")
@_scheduler_option
@_batch_columns
def ingest(paths: tuple[str, ...], db: str, workers: int, scheduler: str | None, **columns: Any) -> None:
    """Read reports (files, folders, feeds, CSV/JSONL batches, - for stdin), extract and fuse them into DB."""
    from flashpoint.pipeline import ingest_into

    try:
        with _progress(None, "ingest") as tick:
            summary = ingest_into(
                paths, db, _ingest_options(**columns), _pipeline_options(workers, scheduler), progress=tick
            )
    except FlashpointError as exc:
        raise _fail(exc) from exc
    _report_rejections(summary.rejections)
    click.echo(summary.describe(), err=True)
    if summary.rejections:
        sys.exit(EXIT_REJECTED)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", default=None, help="publication date to assume (YYYY-MM-DD)")
@click.option("--json", "as_json", is_flag=True, help="print the situation report as JSON")
@click.option("--workers", default=1, show_default=True, help="worker processes (0 = one per core)")
@_batch_columns
def sitrep(paths: tuple[str, ...], published: str | None, as_json: bool, workers: int, **columns: Any) -> None:
    """Ingest and analyse reports, then print a situation report (no database needed)."""
    from flashpoint.export import sitrep as report

    try:
        articles, rejected = _read(paths, _ingest_options(**columns), _parse_date(published))
        extractions, failed = _analyse(articles, workers, "analyse")
    except FlashpointError as exc:
        raise _fail(exc) from exc
    rejected += failed
    if as_json:
        click.echo(json.dumps(report.sitrep_json(extractions), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render_text(extractions))
    _report_rejections(rejected)
    if rejected:
        sys.exit(EXIT_REJECTED)


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.option("--format", "fmt", type=click.Choice(["acled"]), default="acled", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="-", show_default=True)
@click.option("--workers", default=0, show_default=True, help="worker processes (0 = one per core)")
@_scheduler_option
@_batch_columns
def code(input_path: str, fmt: str, output: str, workers: int, scheduler: str | None, **columns: Any) -> None:
    """Code every row of a CSV/JSONL batch as ACLED-style events (first row per id = primary event)."""
    from flashpoint.export.acled import write_acled
    from flashpoint.ingest import read_paths
    from flashpoint.pipeline import code_articles

    id_name = columns.get("id_column") or "id"
    options = _ingest_options(**columns)
    rejected: list[Rejection] = []

    def rows(tick: Callable[[int], None]) -> Iterator[dict[str, str]]:
        items = read_paths([input_path], options)
        for coded in code_articles(items, _pipeline_options(workers, scheduler), progress=tick):
            if coded.rejection:
                rejected.append(coded.rejection)
            for row in coded.rows:
                yield {id_name: coded.external_id or "", **row}

    try:
        stream: TextIO
        with _open_out(output) as stream, _progress(None, "code") as tick:
            write_acled(rows(tick), stream, leading=[id_name])
    except FlashpointError as exc:
        raise _fail(exc) from exc
    _report_rejections(rejected)
    if rejected:
        sys.exit(EXIT_REJECTED)


@contextmanager
def _open_out(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", newline="", encoding="utf-8") as fh:
        yield fh


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True)
def geocode(text: str, as_json: bool) -> None:
    """Resolve the places named in TEXT and show which one is where the event happened."""
    from flashpoint.pipeline import geocode_text

    try:
        geography = geocode_text(text)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(to_dict(geography), ensure_ascii=False, indent=2))
        return
    for m in geography.mentions:
        p = m.place
        click.echo(
            f"{m.text!r:28} {m.role:8} -> {p.name}, {p.admin1 or '-'}, {p.country or p.country_iso3} "
            f"({p.latitude}, {p.longitude}) geo_precision={p.geo_precision} where_prec={p.where_prec}"
        )
    if geography.country:
        click.echo(f"document country: {geography.country.name} ({geography.country.country_iso3})")


# ------------------------------------------------------------------------------------- database


def _ledger(db: str) -> Any:
    from flashpoint.ledger import Ledger

    return Ledger(db)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def incidents(db: str, as_json: bool) -> None:
    """List the incidents fused from every report in DB, with their supporting reports."""
    from flashpoint.export import sitrep as report

    try:
        ledger = _ledger(db)
        found = ledger.incidents()
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps({"incidents": [to_dict(i) for i in found]}, ensure_ascii=False, indent=1))
    else:
        click.echo(report.render_incidents_text(found))


@main.command()
@click.argument("incident_id")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def history(incident_id: str, db: str, as_json: bool) -> None:
    """Show how each figure of one incident moved as reports came in."""
    try:
        ledger = _ledger(db)
        found = ledger.history(incident_id)
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps([to_dict(h) for h in found], ensure_ascii=False, indent=1))
        return
    for h in found:
        click.echo(f"{h.kind} ({h.victims}): now {h.acled_value} [{h.rule}]")
        for r in h.revisions:
            f = r.figure
            chain = " > ".join(link.name for link in f.claim.chain) or (r.source or "article")
            click.echo(
                f"  {r.published or '?'}  {f.phrase!r}  low={f.low} best={f.best} high={f.high}"
                f"  {f.certainty.value}  via {chain}  [{r.external_id or r.article_id}]"
            )


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
def rebuild(db: str) -> None:
    """Recompute every incident from the stored events and claims."""
    try:
        ledger = _ledger(db)
        count = ledger.rebuild()
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    click.echo(f"rebuilt {count} incidents", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["acled", "ucdp", "geojson", "jsonl"]), required=True)
@click.option("--output", "-o", default="-", show_default=True)
@click.option("--incidents", "by_incident", is_flag=True, help="one row per fused incident, not per report event")
def export(db: str, fmt: str, output: str, by_incident: bool) -> None:
    """Export the events (or fused incidents) in DB as ACLED CSV, UCDP CSV, GeoJSON or JSONL."""
    from flashpoint import export as exporters

    try:
        ledger = _ledger(db)
        with _open_out(output) as stream:
            exporters.export_ledger(ledger, fmt, stream, incidents=by_incident)
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc


@main.command()
@click.option("--db", default="sqlite:///flashpoint-demo.db", show_default=True)
@click.option("--workers", default=0, show_default=True)
def demo(db: str, workers: int) -> None:
    """Ingest the bundled sample reports into DB and print the situation report."""
    from flashpoint.export import sitrep as report
    from flashpoint.pipeline import demo_corpus, ingest_into

    try:
        summary = ingest_into([str(demo_corpus())], db, _ingest_options(), _pipeline_options(workers))
        ledger = _ledger(db)
        extractions = list(ledger.extractions())
        found = ledger.incidents()
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    _report_rejections(summary.rejections)
    click.echo(summary.describe())
    click.echo("")
    click.echo(report.render_text(extractions))
    click.echo("")
    click.echo(report.render_incidents_text(found, articles={ex.article.id: ex.article for ex in extractions}))


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
def serve(db: str, host: str, port: int) -> None:
    """Serve the REST API and the dashboard over DB."""
    import uvicorn

    from flashpoint.web.app import create_app

    uvicorn.run(create_app(db), host=host, port=port)


# ------------------------------------------------------------------------------------- evaluation


@main.group(name="eval")
def evaluate() -> None:
    """Measure Flashpoint against data it did not write."""


def _eval_command(kind: str) -> Callable[..., None]:
    def run(path: str | None, workers: int, as_json: bool, predictions: str | None, **columns: Any) -> None:
        from flashpoint.evaluation import run_evaluation

        try:
            with _progress(None, f"eval {kind}") as tick:
                result = run_evaluation(
                    kind,
                    Path(path) if path else None,
                    workers=workers,
                    predictions=Path(predictions) if predictions else None,
                    progress=tick,
                    **{k: v for k, v in columns.items() if v},
                )
        except FlashpointError as exc:
            raise _fail(exc) from exc
        click.echo(json.dumps(result.metrics, indent=2) if as_json else result.report)

    return run


for _kind, _help in [
    ("acled", "Code ACLED notes and score against the coders (types, actors, fatalities, places)."),
    ("case2021", "Score ACLED sub-event types on CASE 2021 Task 2 snippets."),
    ("glocon", "Protest-document F1 on GLOCON news articles."),
    ("muc4", "Incident recall on MUC-4 wire articles (type, country, date, deaths; relevance)."),
    ("offtopic", "Share of off-topic news articles given an invented event."),
    ("attribution", "Chain precision/recall and certainty accuracy on Flashpoint's attribution gold set."),
    ("fusion", "B-cubed precision/recall/F1 of incident fusion on Flashpoint's fusion corpus."),
    ("ceiling", "The best any place chooser could score on ACLED notes with the shipped gazetteer (an oracle)."),
]:
    _cmd = _eval_command(_kind)
    _cmd.__doc__ = _help
    _cmd = click.option("--predictions", default=None, help="score this prediction CSV instead of coding")(_cmd)
    _cmd = click.option("--json", "as_json", is_flag=True)(_cmd)
    _cmd = click.option("--workers", default=0, show_default=True)(_cmd)
    _cmd = click.option("--country-column", default=None, help="use this column as a country hint")(_cmd)
    if _kind == "muc4":
        _cmd = click.option("--keep-case", is_flag=True, help="parse text in capitals as written")(_cmd)
    _cmd = click.argument("path", required=_kind not in ("attribution", "fusion"), default=None)(_cmd)
    evaluate.command(name=_kind, help=_help)(_cmd)


@evaluate.command(name="all")
@click.option("--data", "data_dir", default="../shared/data", show_default=True, help="folder with the outside sets")
@click.option("--workers", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def evaluate_all(data_dir: str, workers: int, as_json: bool) -> None:
    """Run every evaluation whose data is available and print one report."""
    from flashpoint.evaluation import run_all

    try:
        result = run_all(Path(data_dir), workers=workers)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    click.echo(json.dumps(result.metrics, indent=2) if as_json else result.report)


if __name__ == "__main__":  # pragma: no cover
    main()
