"""A bigger gazetteer from GeoNames dump files the user downloaded (``flashpoint gazetteer import``).

Reads the packaged gazetteer (built on first use, see :mod:`flashpoint.geo.gazetteer`) and GeoNames dump files
in their tab-separated ``geoname`` format: ``allCountries.zip``, per-country ``XX.zip`` or ``XX.txt``, and
optionally ``admin1CodesASCII.txt`` / ``admin2Codes.txt``. Writes a new SQLite file with the same schema,
indexes and version as the packaged one: every packaged row, plus the dump's populated places, first- and
second-level units, and (as areas) its water bodies, regions and deserts, with their alternate names. A place
already packaged (same GeoNames id) gains the dump's alternate names only. Nothing is downloaded.

A line that is not a valid ``geoname`` row (wrong column count, a coordinate or id that is not a number) is
counted by reason and skipped; the import goes on (:class:`ImportReport`).

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/): an imported gazetteer carries that
attribution in its ``meta`` table.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import io
import logging
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from flashpoint.errors import GazetteerError
from flashpoint.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    REGION,
    SEA,
    WATER,
    _is_latin,
    ensure_built,
    imported_path,
    normalise,
)

log = logging.getLogger(__name__)

#: Place ids of imported rows: this offset plus the GeoNames id (packaged ids stay below 10**7).
IMPORT_ID_OFFSET = 100_000_000
LICENCE = "GeoNames (https://www.geonames.org/), CC BY 4.0"
_COLUMNS = 19  # geonameid .. modification date

#: Populated-place codes that are not places one reports from (historical, abandoned, destroyed).
_DEAD_PLACES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH"})
#: Water feature codes of open water (ACLED precision 3, UCDP 7); other H codes are inland water.
_SEA_CODES = frozenset({"OCN", "SEA", "GULF", "STRT", "BAY", "BAYS", "CHN", "CHNM", "SD", "SNDS"})
#: Area codes kept as regions: named regions, areas, deserts, peninsulas, islands, mountain ranges, valleys.
_REGION_CODES = frozenset({"RGN", "RGNE", "AREA", "DSRT", "PEN", "ISL", "ISLS", "MTS", "VAL", "PLN", "PLAT"})


@dataclasses.dataclass(frozen=True, slots=True)
class ImportOptions:
    """Which dump rows to keep. ``min_population`` applies to populated places only."""

    min_population: int = 0
    keep_areas: bool = True  # water bodies, regions, deserts (feature classes H, L, T)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: rows read and added, lines skipped by reason, where the file went, how long."""

    path: Path
    files: tuple[str, ...]
    lines: int
    added: int
    enriched: int
    skipped: Mapping[str, int]
    malformed: Mapping[str, int]
    seconds: float


@dataclasses.dataclass(frozen=True, slots=True)
class _Row:
    geonameid: int
    name: str
    asciiname: str
    alternates: tuple[str, ...]
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    admin2: str
    population: int


def parse_line(line: str) -> _Row | str:
    """One ``geoname`` line -> a row, or the reason it is malformed (a short stable word)."""
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) != _COLUMNS:
        return "column_count"
    try:
        geonameid = int(parts[0])
        latitude, longitude = float(parts[4]), float(parts[5])
        population = int(parts[14] or 0)
    except ValueError:
        return "not_a_number"
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return "coordinates_out_of_range"
    if not parts[1].strip():
        return "no_name"
    return _Row(
        geonameid=geonameid,
        name=parts[1],
        asciiname=parts[2],
        alternates=tuple(a for a in parts[3].split(",") if a),
        latitude=latitude,
        longitude=longitude,
        feature_class=parts[6],
        feature_code=parts[7],
        country=parts[8],
        admin1=parts[10],
        admin2=parts[11],
        population=population,
    )


def _feature(row: _Row, options: ImportOptions) -> str | None:
    """The gazetteer feature of a dump row, or None when the row is not kept."""
    if row.feature_class == "P":
        keep = row.feature_code not in _DEAD_PLACES and row.population >= options.min_population
        return CITY if keep else None
    if row.feature_class == "A":
        return {"ADM1": ADMIN1, "ADM2": ADMIN2}.get(row.feature_code)
    if not options.keep_areas:
        return None
    if row.feature_class == "H":
        return SEA if row.feature_code in _SEA_CODES else WATER
    if row.feature_class in ("L", "T") and row.feature_code in _REGION_CODES:
        return REGION
    return None


@contextlib.contextmanager
def _open_dump(path: Path) -> Iterator[Iterable[IO[str]]]:
    """The text streams of one dump file: the .txt members of a zip (not its readme), or the file itself."""
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise GazetteerError(f"cannot read {path}: {exc}") from exc
        with archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            streams = [io.TextIOWrapper(archive.open(n), encoding="utf-8", errors="replace") for n in members]
            try:
                yield streams
            finally:
                for stream in streams:
                    stream.close()
        return
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc
    with handle:
        yield [handle]


def _is_code_file(path: Path) -> str | None:
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    return None


def _read_codes(path: Path, malformed: collections.Counter[str]) -> dict[str, tuple[str, int]]:
    """``admin1CodesASCII.txt`` / ``admin2Codes.txt``: code ("US.CA", "US.CA.037") -> (name, geonameid)."""
    codes: dict[str, tuple[str, int]] = {}
    with _open_dump(path) as streams:
        for stream in streams:
            for line in stream:
                parts = line.rstrip("\r\n").split("\t")
                if len(parts) != 4 or not parts[3].isdigit():
                    malformed["code_line"] += 1
                    continue
                codes[parts[0]] = (parts[2] or parts[1], int(parts[3]))
    return codes


def _names(row: _Row) -> Iterator[tuple[str, int]]:
    """(normalised key, is_primary) of a row: its own names, then Latin-script alternate names."""
    seen: set[str] = set()
    for written, primary in ((row.name, 1), (row.asciiname, 1), *((a, 0) for a in row.alternates)):
        if not written or "http" in written or not _is_latin(written):
            continue
        key = normalise(written)
        if len(key) < 3 or key.isdigit() or key in seen:
            continue
        seen.add(key)
        yield key, primary


def import_dumps(
    files: Iterable[Path],
    *,
    output: Path | None = None,
    base: Path | None = None,
    options: ImportOptions | None = None,
    country_iso3: Mapping[str, str] | None = None,
) -> ImportReport:
    """Build a gazetteer from the packaged one plus GeoNames dump files; returns what was done.

    ``base`` is the packaged gazetteer (built on first use when omitted); ``output`` defaults to
    :func:`imported_path`. ``country_iso3`` maps ISO alpha-2 codes to alpha-3 (pycountry when omitted).
    The new file is written next to ``output`` and renamed into place, so a failed import leaves nothing.
    """
    started = time.monotonic()
    opts = options or ImportOptions()
    paths = [Path(f) for f in files]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise GazetteerError(f"no such dump file: {', '.join(missing)}")
    if not paths:
        raise GazetteerError("give at least one GeoNames dump file")
    target = output or imported_path()
    source = base or ensure_built()
    iso3 = dict(country_iso3) if country_iso3 is not None else _iso3_table()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(source, tmp)
        con = sqlite3.connect(tmp)
        # a temporary file renamed into place at the end: no journal needed
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        try:
            report = _import_into(con, paths, opts, iso3)
            con.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?,?)",
                [
                    ("kind", "imported"),
                    ("sources", " ".join(p.name for p in paths)),
                    ("licence", LICENCE),
                    ("import_seconds", f"{time.monotonic() - started:.1f}"),
                    ("places", str(con.execute("SELECT COUNT(*) FROM place").fetchone()[0])),
                ],
            )
            con.commit()
        finally:
            con.close()
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot import into {target}: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    lines, added, enriched, skipped, malformed = report
    seconds = time.monotonic() - started
    log.info("imported %d places (%d enriched) from %d files in %.1f s", added, enriched, len(paths), seconds)
    return ImportReport(
        path=target,
        files=tuple(str(p) for p in paths),
        lines=lines,
        added=added,
        enriched=enriched,
        skipped=dict(skipped),
        malformed=dict(malformed),
        seconds=round(seconds, 1),
    )


def _iso3_table() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _import_into(
    con: sqlite3.Connection, paths: list[Path], opts: ImportOptions, iso3: Mapping[str, str]
) -> tuple[int, int, int, collections.Counter[str], collections.Counter[str]]:
    """Insert the dump rows; link places to their units by code once every row is in."""
    # one row per (key, place, primary): the packaged names first, so a dump adds only what is new
    con.execute("DELETE FROM name WHERE rowid NOT IN (SELECT MIN(rowid) FROM name GROUP BY key, place_id, is_primary)")
    con.execute("CREATE UNIQUE INDEX IF NOT EXISTS name_key_place ON name (key, place_id, is_primary)")
    known = dict(con.execute("SELECT geonameid, id FROM place WHERE geonameid IS NOT NULL"))
    con.execute("CREATE TEMP TABLE codes (place_id INTEGER PRIMARY KEY, a1 TEXT, a2 TEXT)")
    con.execute("CREATE TEMP TABLE unit (code TEXT PRIMARY KEY, place_id INTEGER NOT NULL)")
    skipped: collections.Counter[str] = collections.Counter()
    malformed: collections.Counter[str] = collections.Counter()
    lines = added = enriched = 0
    code_files = {p: _is_code_file(p) for p in paths}
    for path in (p for p in paths if code_files[p]):
        for code, (_name, geonameid) in _read_codes(path, malformed).items():
            if geonameid in known:
                con.execute("INSERT OR IGNORE INTO unit VALUES (?,?)", (code, known[geonameid]))
    queue = _Queue(known=known)
    for path in (p for p in paths if not code_files[p]):
        with _open_dump(path) as streams:
            for stream in streams:
                for line in stream:
                    if not line.strip():
                        continue
                    lines += 1
                    row = parse_line(line)
                    if isinstance(row, str):
                        malformed[row] += 1
                        continue
                    outcome = _take(row, queue, opts=opts, iso3=iso3)
                    if outcome == "added":
                        added += 1
                    elif outcome == "enriched":
                        enriched += 1
                    else:
                        skipped[outcome] += 1
                    if len(queue.names) >= 100_000:
                        _flush(con, queue)
    _flush(con, queue)
    _link_units(con)
    return lines, added, enriched, skipped, malformed


@dataclasses.dataclass(slots=True)
class _Queue:
    """Rows waiting to be written (working state of one import, local to it)."""

    known: dict[int, int]  # GeoNames id -> place id of every place in the file so far
    places: list[tuple[object, ...]] = dataclasses.field(default_factory=list)
    names: list[tuple[str, int, int]] = dataclasses.field(default_factory=list)
    codes: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)


def _take(row: _Row, queue: _Queue, *, opts: ImportOptions, iso3: Mapping[str, str]) -> str:
    """Queue one dump row: "added", "enriched" (already packaged), or the reason it is skipped."""
    known, places, names, codes = queue.known, queue.places, queue.names, queue.codes
    feature = _feature(row, opts)
    a1 = f"{row.country}.{row.admin1}" if row.admin1 else ""
    a2 = f"{a1}.{row.admin2}" if a1 and row.admin2 else ""
    existing = known.get(row.geonameid)
    place_id = existing if existing is not None else IMPORT_ID_OFFSET + row.geonameid
    # a unit names its own code, whether it was packaged already or comes from the dump
    if feature == ADMIN1 and a1:
        codes.append((-place_id, a1, ""))
    elif feature == ADMIN2 and a2:
        codes.append((-place_id, a2, ""))
    if existing is not None:
        names.extend((key, existing, 0) for key, _primary in _names(row))
        return "enriched"
    if feature is None:
        return "feature_not_kept"
    country = iso3.get(row.country)
    if country is None and feature in (CITY, ADMIN1, ADMIN2):
        return "unknown_country"
    known[row.geonameid] = place_id
    places.append(
        (place_id, row.name, feature, country, None, None, row.latitude, row.longitude, row.population, row.geonameid)
    )
    names.extend((key, place_id, primary) for key, primary in _names(row))
    if country is not None and a1:
        codes.append((place_id, a1, a2))
    return "added"


def _flush(con: sqlite3.Connection, queue: _Queue) -> None:
    places, names, codes = queue.places, queue.names, queue.codes
    con.executemany("INSERT OR IGNORE INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", names)
    for place_id, a1, a2 in codes:
        if place_id < 0:
            con.execute("INSERT OR IGNORE INTO unit VALUES (?,?)", (a1, -place_id))
        else:
            con.execute("INSERT OR REPLACE INTO codes VALUES (?,?,?)", (place_id, a1, a2 or None))
    places.clear()
    names.clear()
    codes.clear()


def _link_units(con: sqlite3.Connection) -> None:
    """Give imported places their admin1/admin2 ids from their codes; units without a point take their towns'."""
    con.execute(
        "UPDATE place SET admin1_id = (SELECT u.place_id FROM codes c JOIN unit u ON u.code = c.a1"
        " WHERE c.place_id = place.id) WHERE id IN (SELECT place_id FROM codes)"
    )
    con.execute(
        "UPDATE place SET admin2_id = (SELECT u.place_id FROM codes c JOIN unit u ON u.code = c.a2"
        " WHERE c.place_id = place.id) WHERE id IN (SELECT place_id FROM codes WHERE a2 IS NOT NULL)"
    )
    # a first-level unit is its own admin1 (as in the packaged rows); a second-level one its own admin2
    con.execute("UPDATE place SET admin1_id = id WHERE feature = ? AND id >= ?", (ADMIN1, IMPORT_ID_OFFSET))
    con.execute("UPDATE place SET admin2_id = id WHERE feature = ? AND id >= ?", (ADMIN2, IMPORT_ID_OFFSET))
