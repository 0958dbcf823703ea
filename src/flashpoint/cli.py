"""The ``flashpoint`` command line: thin wrappers over the library.

Each command parses its flags, calls one library function, shows progress on long work and turns a
:class:`~flashpoint.errors.FlashpointError` into a clear message and an exit code:
0 success, 1 error, 3 finished but some inputs were rejected (each rejection is listed on stderr).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def _is_remote(path: str) -> bool:
    return path == "-" or "://" in path


def _require_inputs(paths: Sequence[str]) -> None:
    """Stop (exit 1) before anything is created when a named input file or folder does not exist."""
    missing = [p for p in paths if not _is_remote(p) and not Path(p).exists()]
    if missing:
        raise click.ClickException("no such file or directory: " + ", ".join(missing))


def _require_db(db: str) -> None:
    """Stop (exit 1) when a read command names an SQLite database that does not exist (nothing is created)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from flashpoint.store.database import normalise_url

    try:
        url = make_url(normalise_url(db))
    except ArgumentError as exc:
        raise click.ClickException(f"not a database URL: {db}") from exc
    name = url.database or ""
    if url.get_backend_name() == "sqlite" and name not in ("", ":memory:") and not Path(name).exists():
        raise click.ClickException(f"no such database: {name} (run `flashpoint ingest --db {db} ...` first)")


# Local inputs up to this many characters of report text are read once and held for the run (the progress
# total is then their count); larger ones are counted in a first pass and read again as a stream, so
# memory stays bounded. 50 million characters are some ten thousand long news articles.
HELD_CHARACTERS = 50_000_000


def _reports_and_total(paths: Sequence[str], options: Any) -> tuple[Iterable[Article | Rejection], int | None]:
    """The reports of ``paths`` and how many there are (for a progress total; None for stdin or a URL)."""
    from flashpoint.ingest import read_paths

    if any(_is_remote(p) for p in paths):
        return read_paths(list(paths), options), None
    held: list[Article | Rejection] = []
    characters = 0
    stream = read_paths(list(paths), options)
    for item in stream:
        held.append(item)
        characters += len(item.text) if isinstance(item, Article) else 0
        if characters > HELD_CHARACTERS:  # too large to hold: count the rest, then read it all again
            total = len(held) + sum(1 for _ in stream)
            return read_paths(list(paths), options), total
    return held, len(held)


@contextmanager
def _progress(total: int | None, label: str, *, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A tqdm progress bar on stderr (silent when stderr is not a terminal or ``enabled`` is false)."""
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        desc=label,
        unit="text",
        file=sys.stderr,
        disable=not enabled or None,
        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]" if total else None,
    )
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
    from flashpoint.jobs import process_articles

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
@click.option("--published", default=None, help="publication date (YYYY-MM-DD) of reports that give none")
@_scheduler_option
@_batch_columns
def ingest(
    paths: tuple[str, ...], db: str, workers: int, published: str | None, scheduler: str | None, **columns: Any
) -> None:
    """Read reports (files, folders, feeds, CSV/JSONL batches, - for stdin), extract and fuse them into DB."""
    from flashpoint.jobs import ingest_reports

    _require_inputs(paths)
    date = _parse_date(published)
    try:
        options = _ingest_options(**columns, published=date)
        reports, total = _reports_and_total(paths, options)
        with _progress(total, "ingest") as tick:
            summary = ingest_reports(reports, db, _pipeline_options(workers, scheduler), progress=tick)
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

    _require_inputs(paths)
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
@click.option("--parquet", is_flag=True, help="write Parquet with a typed schema instead of CSV (needs --output)")
@click.option("--inter-labels", is_flag=True, help="ACLED's text labels for inter codes instead of integers")
@click.option("--workers", default=0, show_default=True, help="worker processes (0 = one per core)")
@_scheduler_option
@_batch_columns
def code(
    *,
    input_path: str,
    fmt: str,
    output: str,
    parquet: bool,
    inter_labels: bool,
    workers: int,
    scheduler: str | None,
    **columns: Any,
) -> None:
    """Code every row of a CSV/JSONL batch as ACLED events: one row per event, unique event_id_cnty.

    A text without events gets no row; the summary on stderr counts them.
    """
    from flashpoint.export import acled
    from flashpoint.ingest import read_paths
    from flashpoint.jobs import code_articles

    _require_inputs([input_path])
    if parquet and output == "-":
        raise click.UsageError("--parquet needs --output FILE")
    id_name = columns.get("id_column") or "event_id_cnty"
    options = acled.AcledOptions(inter_labels=inter_labels, timestamp=_export_time())
    rejected: list[Rejection] = []
    counts = {"texts": 0, "events": 0, "empty": 0}
    try:
        items = list(read_paths([input_path], _ingest_options(**columns)))
    except FlashpointError as exc:
        raise _fail(exc) from exc

    def rows(tick: Callable[[int], None]) -> Iterator[dict[str, str]]:
        coded = code_articles(items, _pipeline_options(workers, scheduler), progress=tick)
        yield from _coded_rows(coded, id_name=id_name, options=options, counts=counts, rejected=rejected)

    leading = [] if id_name == "event_id_cnty" else [id_name]
    articles = sum(1 for item in items if not isinstance(item, Rejection))
    if not articles:  # the input as a whole could not be read (a wrong column, an empty file): no output
        _report_rejections([item for item in items if isinstance(item, Rejection)])
        raise click.ClickException(f"no text to code in {input_path}")
    try:
        with _atomic_out(output, binary=parquet) as stream, _progress(articles, "code") as tick:
            if parquet:
                from flashpoint.export.parquet import write_rows

                write_rows("acled", rows(tick), stream, extra=leading, labels=inter_labels)
            else:
                acled.write_acled(rows(tick), stream, leading=leading)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    _report_rejections(rejected)
    click.echo(
        f"coded {counts['texts']} texts: {counts['events']} events, {counts['empty']} texts without events "
        f"(no row), {len(rejected)} rejected",
        err=True,
    )
    if rejected:
        sys.exit(EXIT_REJECTED)


def _write_schema(fmt: str, output: str, *, incidents: bool) -> None:
    """Write the JSON Schema of one line of a JSON Lines export (no database needed)."""
    from flashpoint.export import jsonl, plover

    if fmt not in ("jsonl", "plover"):
        raise click.UsageError("--schema is for --format jsonl or plover")
    try:
        schema = plover.json_schema() if fmt == "plover" else jsonl.json_schema("incident" if incidents else "event")
    except FlashpointError as exc:
        raise _fail(exc) from exc
    with _atomic_out(output) as stream:
        stream.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")


def _coded_rows(
    coded: Iterable[Any], *, id_name: str, options: Any, counts: dict[str, int], rejected: list[Rejection]
) -> Iterator[dict[str, str]]:
    """ACLED rows of coded texts: one per event with a unique ``event_id_cnty``, none for a text without
    events (counted in ``counts``) or a rejected one (kept in ``rejected``). The input's id is also written
    under its own column name when that is not ``event_id_cnty`` (the evaluation scorers join on it)."""
    from flashpoint.export import acled

    ids = acled.EventIds()
    for text in coded:
        counts["texts"] += 1
        if text.rejection:
            rejected.append(text.rejection)
            continue
        extraction = text.extraction
        if extraction is None or not extraction.events:
            counts["empty"] += 1
            continue
        for row in acled.event_rows(extraction.events, extraction.article, ids=ids, options=options, keep_empty=False):
            counts["events"] += 1
            yield {**row, id_name: row["event_id_cnty"] if id_name == "event_id_cnty" else text.external_id or ""}


def _export_time() -> int:
    """The Unix time written in ACLED's ``timestamp``: now, or ``SOURCE_DATE_EPOCH`` when it is set (the
    reproducible-builds convention), so two runs over the same input can write identical files."""
    import os

    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed:
        try:
            return int(fixed)
        except ValueError as exc:
            raise click.ClickException(f"SOURCE_DATE_EPOCH must be an integer, not {fixed!r}") from exc
    return int(dt.datetime.now(dt.UTC).timestamp())


@contextmanager
def _atomic_out(path: str, *, binary: bool = False) -> Iterator[Any]:
    """Write to ``path`` through a temporary file renamed into place on success (stdout for ``-``).

    A command that fails half-way leaves no partial output file behind.
    """
    if path == "-":
        yield sys.stdout
        return
    import os
    import tempfile

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    try:
        if binary:
            with os.fdopen(fd, "wb") as fh:
                yield fh
        else:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
                yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _open_out(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", newline="", encoding="utf-8") as fh:
        yield fh


# ------------------------------------------------------------------------------------- geocoding (issue 12)


@main.command()
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    default=None,
    help="JSON lines {id, text}: write every place mention of each article as one JSON line",
)
def geocode(text: str | None, as_json: bool, input_path: str | None) -> None:
    """Resolve the places named in TEXT (or in every article of --input) and show their roles."""
    if (text is None) == (input_path is None):
        raise click.UsageError("give either TEXT or --input FILE")
    if input_path is not None:
        _geocode_batch(input_path)
        return
    from flashpoint.pipeline import geocode_text

    try:
        geography = geocode_text(text or "")
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


def _geocode_batch(input_path: str) -> None:
    """JSON lines in, one JSON line per article out; rejected lines are counted on standard error."""
    from flashpoint.geo.mentions import article_record
    from flashpoint.pipeline import geocode_lines

    rejected = 0
    try:
        with click.open_file(input_path, encoding="utf-8") as lines:
            for result in geocode_lines(lines, origin=input_path):
                if result.geography is None:
                    rejected += 1
                    code, reason = (result.rejection.code, result.rejection.reason) if result.rejection else ("", "")
                    click.echo(f"rejected {result.id}: [{code}] {reason}", err=True)
                    row = {"id": result.id, "mentions": [], "rejected": {"code": code, "reason": reason}}
                else:
                    row = article_record(result.id, result.geography)
                click.echo(json.dumps(row, ensure_ascii=False))
    except FlashpointError as exc:
        raise _fail(exc) from exc
    if rejected:
        click.echo(f"{rejected} record(s) rejected", err=True)


@main.group(name="gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer: what is loaded, and a bigger one from GeoNames dumps you downloaded."""


@gazetteer_group.command(name="info")
@click.option("--json", "as_json", is_flag=True)
def gazetteer_info(as_json: bool) -> None:
    """Which gazetteer file is in use, its version, sources, licence and row counts."""
    from flashpoint.geo.gazetteer import load_gazetteer

    try:
        gaz = load_gazetteer()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    info = {"path": str(gaz.path), "size_mb": round(gaz.path.stat().st_size / 1e6, 1), **gaz.meta(), **gaz.stats()}
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    for key, value in info.items():
        click.echo(f"{key:16} {value}")


@gazetteer_group.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="default: next to the packaged one")
@click.option("--min-population", default=0, show_default=True, help="skip smaller populated places")
@click.option("--no-areas", is_flag=True, help="skip water bodies, regions and deserts")
def gazetteer_import(files: tuple[str, ...], output: str | None, min_population: int, no_areas: bool) -> None:
    """Build a gazetteer from GeoNames dump FILES (allCountries.zip, XX.zip/.txt, admin1CodesASCII.txt, ...)."""
    from pathlib import Path

    from flashpoint.geo.importer import ImportOptions, import_dumps

    options = ImportOptions(min_population=min_population, keep_areas=not no_areas)
    try:
        report = import_dumps([Path(f) for f in files], output=Path(output) if output else None, options=options)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    click.echo(
        f"{report.path}: {report.added} places added, {report.enriched} packaged places given more names, "
        f"{report.lines} lines read in {report.seconds} s"
    )
    for reason, count in sorted(report.skipped.items()):
        click.echo(f"  skipped ({reason}): {count}")
    for reason, count in sorted(report.malformed.items()):
        click.echo(f"  malformed ({reason}): {count}", err=True)


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

    _require_db(db)

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
    _require_db(db)
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
    _require_db(db)
    try:
        ledger = _ledger(db)
        count = ledger.rebuild()
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    click.echo(f"rebuilt {count} incidents", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["acled", "ucdp", "geojson", "jsonl", "plover"]), required=True)
@click.option("--output", "-o", default="-", show_default=True)
@click.option("--incidents", "by_incident", is_flag=True, help="one row per fused incident, not per report event")
@click.option("--parquet", is_flag=True, help="Parquet with a typed schema (acled, ucdp; needs --output)")
@click.option("--inter-labels", is_flag=True, help="ACLED's text labels for inter codes instead of integers")
@click.option("--schema", "schema_only", is_flag=True, help="write the JSON Schema of a jsonl/plover line instead")
def export(
    *, db: str, fmt: str, output: str, by_incident: bool, parquet: bool, inter_labels: bool, schema_only: bool
) -> None:
    """Export the events (or fused incidents) in DB as ACLED CSV, UCDP GED CSV, GeoJSON, JSONL or PLOVER JSONL."""
    import io

    from flashpoint import export as exporters
    from flashpoint.export.acled import AcledOptions

    if schema_only:
        _write_schema(fmt, output, incidents=by_incident)
        return
    _require_db(db)
    if parquet and (output == "-" or fmt not in ("acled", "ucdp")):
        raise click.UsageError("--parquet needs --output FILE and --format acled or ucdp")
    options = AcledOptions(inter_labels=inter_labels, timestamp=_export_time())
    try:
        ledger = _ledger(db)
        with _atomic_out(output, binary=parquet) as stream:
            if parquet:
                from flashpoint.export.parquet import write_csv_text

                text = io.StringIO()
                exporters.export_ledger(ledger, fmt, text, incidents=by_incident, acled_options=options)
                count = write_csv_text(fmt, text.getvalue(), stream, labels=inter_labels)
            else:
                count = exporters.export_ledger(ledger, fmt, stream, incidents=by_incident, acled_options=options)
        ledger.close()
    except FlashpointError as exc:
        raise _fail(exc) from exc
    click.echo(f"exported {count} {'incidents' if by_incident else 'events'} as {fmt}", err=True)


@main.command()
@click.option("--db", default="sqlite:///flashpoint-demo.db", show_default=True)
@click.option("--workers", default=0, show_default=True)
def demo(db: str, workers: int) -> None:
    """Ingest the bundled sample reports into DB and print the situation report."""
    from flashpoint.export import sitrep as report
    from flashpoint.jobs import ingest_into
    from flashpoint.pipeline import demo_corpus

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
@click.option("--token", default=None, help="require this token on every request (default: $FLASHPOINT_TOKEN)")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="server processes (uvicorn workers)"
)
def serve(db: str, host: str, port: int, token: str | None, workers: int) -> None:
    """Serve the REST API and the dashboard over DB (beyond 127.0.0.1 only with a token)."""
    import uvicorn

    from flashpoint.web.app import SERVE_DB_ENV, create_app
    from flashpoint.web.security import TOKEN_ENV, SecurityOptions, check_exposure

    security = SecurityOptions.from_env(token)
    try:
        check_exposure(host, security)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    _require_db(db)
    if workers == 1:
        uvicorn.run(create_app(db, security=security), host=host, port=port, server_header=False)
        return
    # each worker process builds its own app (and opens its own ledger) from the environment
    os.environ[SERVE_DB_ENV] = db
    if security.token:
        os.environ[TOKEN_ENV] = security.token
    uvicorn.run(
        "flashpoint.web.app:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        server_header=False,
    )


# ------------------------------------------------------------------------------------- live monitoring


@main.command()
@click.argument("sources", type=click.Path(dir_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default=True, help="database URL (sqlite:///... or postgresql://...)")
@click.option("--every", default="10m", show_default=True, help="poll interval of a healthy source (30s, 10m, 1h)")
@click.option("--rounds", default=0, show_default=True, help="stop after this many rounds (0 = run until Ctrl-C)")
@click.option("--timeout", default="20s", show_default=True, help="timeout of one HTTP request")
@click.option("--max-backoff", default="6h", show_default=True, help="longest wait after repeated failures")
@click.option("--no-follow-links", is_flag=True, help="use the text feeds carry; never download entry pages")
@click.option("--state", "state_file", default=None, help="keep ETags, seen entries and backoff in this JSON file")
def watch(
    sources: str,
    *,
    db: str,
    every: str,
    rounds: int,
    timeout: str,
    max_backoff: str,
    no_follow_links: bool,
    state_file: str | None,
) -> None:
    """Poll the RSS/Atom feeds and pages listed in SOURCES (one URL a line) and ingest what is new into DB."""
    from flashpoint.ingest.watch import WatchOptions, parse_interval, read_sources, states_from_json, states_to_json
    from flashpoint.ledger import Ledger
    from flashpoint.live import RoundReport, Watcher

    path = Path(sources)
    if not path.is_file():
        raise click.ClickException(f"no sources file {sources!r}")

    saved = Path(state_file) if state_file else None

    def show(report: RoundReport) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%H:%M:%S UTC")
        click.echo(f"{stamp} {report.describe()}", err=True)
        for url, status, note in report.polls:
            if status == "failed":
                click.echo(f"  {url}: {note}", err=True)
        for line in report.added:
            click.echo(f"  new incident {line}", err=True)
        _report_rejections(report.rejections)
        if saved is not None:
            partial = saved.with_name(saved.name + ".partial")
            partial.write_text(states_to_json(watcher.states), encoding="utf-8")
            partial.replace(saved)  # never a half-written state file

    try:
        options = WatchOptions(
            every=parse_interval(every),
            timeout=parse_interval(timeout),
            max_backoff=parse_interval(max_backoff),
            follow_links=not no_follow_links,
        )
        urls = read_sources(path.read_text(encoding="utf-8"))
        states = states_from_json(saved.read_text(encoding="utf-8")) if saved and saved.exists() else []
        with Ledger(db) as ledger:
            watcher = Watcher(urls, ledger, options=options, states=states)
            watcher.run(rounds=rounds or None, on_round=show)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


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
        if result.metrics.get("passed") is False:  # a pinned floor (attribution, fusion) is not met
            sys.exit(1)

    return run


for _kind, _help in [
    ("acled", "Code ACLED notes and score against the coders (types, actors, fatalities, places)."),
    ("case2021", "Score ACLED sub-event types on CASE 2021 Task 2 snippets."),
    ("glocon", "Protest-document F1 on GLOCON news articles."),
    ("muc4", "Incident recall on MUC-4 wire articles (type, country, date, deaths; relevance)."),
    ("offtopic", "Share of off-topic news articles given an invented event."),
    ("attribution", "Chain precision/recall and certainty accuracy on Flashpoint's attribution gold set."),
    ("fusion", "B-cubed precision/recall/F1 of incident fusion on Flashpoint's fusion corpus."),
    ("ecb", "Fusion of multi-outlet coverage (B-cubed over articles) on a CSV with gold incidents (ECB+)."),
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
