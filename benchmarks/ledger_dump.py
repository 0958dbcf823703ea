"""Store comparison harness: record fixed streams into fresh SQLite files and dump every table canonically.

Run with ``python -m benchmarks.ledger_dump OUT_DIR [--cache DIR] [--streams demo,fusion,ecb,synthetic]``.
Used to show that a change of the store side (issue 13 item 4: moving the fusion decisions out of
``ledger.py``) leaves the database byte-identical, ids included: dump before, dump after, ``diff -r``.

Streams: the demo corpus (read as ``flashpoint demo`` reads it), the project's fusion corpus (in
publication order, as ``flashpoint eval fusion`` records it), ECB+ dev (read with the columns of check
09; ``--ecb`` names the file) and a synthetic stream (:func:`flashpoint.fuse.synthetic.report_stream`,
several batches, relays and tolls). The extractions of the text streams are computed once and cached
as JSON lines in ``--cache`` (the analysis is slow and is not what is compared); every mode then replays
the same stream into a fresh file the way :func:`flashpoint.pipeline.ingest_into` does (rejections
recorded, stored texts noted as copies, the rest through :meth:`Ledger.record_many`).

Modes: ``record`` (one :meth:`Ledger.record` per report), ``many1`` and ``many200`` (``record_many`` in
the foreground with batches of 1 and 200), ``many7`` (batches of 7: the real streams span several
batches), ``bg7`` and ``bg200`` (the background store process), and ``rebuild`` (``many200`` followed by
:meth:`Ledger.rebuild`). Each writes ``OUT_DIR/<stream>.<mode>.txt``: every table, rows sorted on all
columns (wall-clock columns blanked), one JSON array per row; and ``OUT_DIR/SUMS`` with their sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from flashpoint.records import Article, Extraction, Rejection
from flashpoint.store import codec

_CLOCK_COLUMNS = frozenset({"updated_at"})
_MODES = ("record", "many1", "many7", "many200", "bg7", "bg200", "rebuild")
# a stream's steps: ("article", Article) is a report as read, ("rejection", Rejection) a rejected input
Step = tuple[str, Any]


def _read_steps(paths: Sequence[str], options: Any) -> list[Step]:
    from flashpoint.ingest import read_paths

    return [("rejection" if isinstance(x, Rejection) else "article", x) for x in read_paths(list(paths), options)]


def _text_stream(name: str, ecb: str) -> list[Step]:
    from flashpoint.ingest import IngestOptions

    if name == "demo":
        from flashpoint.pipeline import demo_corpus

        return _read_steps([str(demo_corpus())], IngestOptions())
    if name == "ecb":
        options = IngestOptions(text_column="text", date_column="date", id_column="id", source_column="source")
        return _read_steps([ecb], options)
    from flashpoint.evaluation import fusion

    reports = fusion.load_corpus()
    built = fusion.articles_of(reports)
    order = {str(r["id"]): (str(r.get("published") or ""), i) for i, r in enumerate(reports)}
    built.sort(key=lambda a: order.get(a.external_id or "", ("", len(order))))
    return [("article", a) for a in built]


def _cached_extractions(name: str, steps: Sequence[Step], cache: Path) -> dict[str, Extraction | Rejection]:
    """The analysis of every article of a stream by article id, computed once and kept in ``cache``."""
    from flashpoint.pipeline import process_articles

    path = cache / f"{name}.jsonl"
    if not path.exists():
        seen: dict[str, Article] = {}
        for kind, item in steps:
            if kind == "article":
                seen.setdefault(item.id, item)
        lines = []
        for result in process_articles(list(seen.values())):
            kind = "rejection" if isinstance(result, Rejection) else "extraction"
            lines.append(json.dumps({"kind": kind, "data": codec.dumps(result)}))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found: dict[str, Extraction | Rejection] = {}
    articles = [item for kind, item in steps if kind == "article"]
    by_origin = {a.origin: a.id for a in articles}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["kind"] == "extraction":
            extraction = codec.loads(Extraction, entry["data"])
            found[extraction.article.id] = extraction
        else:
            rejection = codec.loads(Rejection, entry["data"])
            found[by_origin.get(rejection.origin, rejection.origin)] = rejection
    return found


def _synthetic() -> tuple[list[Step], dict[str, Extraction | Rejection]]:
    from flashpoint.fuse.synthetic import report_stream

    extractions = list(report_stream(3000))
    return [("article", x.article) for x in extractions], {x.article.id: x for x in extractions}


def _replay(ledger: Any, steps: Sequence[Step], analysed: dict[str, Extraction | Rejection], mode: str) -> None:
    """Record a stream as ``flashpoint ingest`` does (pipeline.ingest_into), in ``mode``."""
    seen: set[str] = set()

    def fresh() -> Iterator[Extraction]:
        for kind, item in steps:
            if kind == "rejection":
                ledger.record_rejection(item)
            elif item.content_hash in seen or ledger.find_duplicate(item) is not None:
                ledger.record_copy(item)
            else:
                seen.add(item.content_hash)
                result = analysed[item.id]
                if isinstance(result, Rejection):
                    ledger.record_rejection(result)
                else:
                    yield result

    if mode == "record":
        for extraction in fresh():
            ledger.record(extraction)
        return
    size = int("".join(c for c in mode if c.isdigit()) or "200")
    for _ in ledger.record_many(fresh(), batch_size=size, background=mode.startswith("bg")):
        pass
    if mode == "rebuild":
        ledger.rebuild()


def _dump(url: str) -> str:
    """Every table of the database, rows sorted on all their columns (NULLs first), one JSON array a row."""
    engine = sa.create_engine(url)
    out: list[str] = []
    try:
        with engine.connect() as conn:
            names = sorted(sa.inspect(conn).get_table_names())
            for name in names:
                table = sa.Table(name, sa.MetaData(), autoload_with=conn)
                # wall-clock columns (when a row was last written) differ between any two runs
                clock = [i for i, c in enumerate(table.columns) if c.name in _CLOCK_COLUMNS]
                rows = [[None if i in clock else v for i, v in enumerate(r)] for r in conn.execute(sa.select(table))]
                rows.sort(key=lambda r: [(v is not None, str(type(v).__name__), v if v is not None else 0) for v in r])
                out.append(f"## {name} {[c.name for c in table.columns]} {len(rows)} rows")
                out.extend(json.dumps(r, default=str, ensure_ascii=False) for r in rows)
    finally:
        engine.dispose()
    return "\n".join(out) + "\n"


def main() -> None:
    """Dump every stream in every mode into OUT_DIR."""
    from flashpoint.ledger import Ledger

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--cache", default="/tmp/flashpoint-ledger-dump-cache")
    parser.add_argument("--streams", default="demo,fusion,ecb,synthetic")
    parser.add_argument("--modes", default=",".join(_MODES))
    parser.add_argument("--ecb", default="../shared/data/ecb_conflict_dev.csv")
    args = parser.parse_args()
    out, cache = Path(args.out), Path(args.cache)
    out.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    sums: list[str] = []
    for name in args.streams.split(","):
        if name == "synthetic":
            steps, analysed = _synthetic()
        else:
            steps = _text_stream(name, args.ecb)
            analysed = _cached_extractions(name, steps, cache)
        for mode in args.modes.split(","):
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{Path(tmp) / 'dump.db'}"
                with Ledger(url) as ledger:
                    _replay(ledger, steps, analysed, mode)
                text = _dump(url)
            path = out / f"{name}.{mode}.txt"
            path.write_text(text, encoding="utf-8")
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            sums.append(f"{digest}  {path.name}")
            print(f"{path.name}: {text.count(chr(10))} lines, sha256 {digest[:16]}", flush=True)
    (out / "SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
