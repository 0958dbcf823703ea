"""Country codes the export formats and the API filters need: ISO 3166 alpha-2/alpha-3/numeric,
Gleditsch-Ward numbers (UCDP ``country_id``) and ACLED regions.

Reads a country name or code in any spelling or case (``Ghana``, ``gh``, ``GHA``, ``Republic of Ghana``);
writes a frozen :class:`Country`. The codes come from ``country_converter`` (its table of names, regular
expressions and classifications), not from hand lists; only ACLED's regions, which no library ships, come from
the packaged data file ``acled_regions.json`` (UN M49 sub-region -> ACLED region, plus the few countries ACLED
files elsewhere).

The table is country_converter's own data file, read as its ``CountryConverter`` reads it (current countries,
the same missing values, the same de-duplication; ``tests/export/test_countries.py`` compares the two) but
without importing the package: its module imports pandas, which cost every ``flashpoint code`` process about
a second of CPU for a 260-row table.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import importlib.util
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from flashpoint.errors import ExportError

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class Country:
    """One country with every code an export or filter needs."""

    iso3: str
    iso2: str
    name: str
    numeric: int | None  # ISO 3166-1 numeric (ACLED ``iso``)
    gw_code: int | None  # Gleditsch-Ward number (UCDP GED ``country_id``)
    un_region: str  # UN M49 sub-region
    acled_region: str  # ACLED's region of the public export
    continent: str = ""

    @property
    def ucdp_region(self) -> str:
        """UCDP GED's ``region``, which follows the Gleditsch-Ward numbering (codebook: 2-199 Americas,
        200-399 Europe, 400-626 Africa, 630-699 Middle East, 700-999 Asia and Oceania)."""
        code = self.gw_code
        if code is None:
            middle_east = self.acled_region == "Middle East"
            return "Middle East" if middle_east else _CONTINENT_REGION.get(self.continent, "")
        for upper, region in GW_REGIONS:
            if code <= upper:
                return region
        return ""


#: UCDP regions by the upper bound of their Gleditsch-Ward number range.
GW_REGIONS: tuple[tuple[int, str], ...] = (
    (199, "Americas"),
    (399, "Europe"),
    (626, "Africa"),
    (699, "Middle East"),
    (999, "Asia"),
)
#: For the few countries without a Gleditsch-Ward number: UCDP's region of their continent.
_CONTINENT_REGION: Mapping[str, str] = {
    "Africa": "Africa",
    "America": "Americas",
    "Asia": "Asia",
    "Oceania": "Asia",
    "Europe": "Europe",
}


def _int(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class CountryCodes:
    """Lookup of countries by name or code; build one with :func:`country_codes` (loaded once)."""

    def __init__(self, rows: Iterable[Mapping[str, Any]], regions: Mapping[str, Any]) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        self._by_iso3: dict[str, Country] = {}
        self._by_key: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}
        by_subregion: Mapping[str, str] = regions["by_un_subregion"]
        by_iso3: Mapping[str, str] = regions["by_iso3"]
        for row in rows:
            iso3 = _text(row.get("ISO3")).upper()
            if not iso3:
                continue
            subregion = _text(row.get("UNregion"))
            country = Country(
                iso3=iso3,
                iso2=_text(row.get("ISO2")).upper(),
                name=_text(row.get("name_short")),
                numeric=_int(row.get("ISOnumeric")),
                gw_code=_int(row.get("GWcode")),
                un_region=subregion,
                acled_region=by_iso3.get(iso3) or by_subregion.get(subregion, ""),
                continent=_text(row.get("continent")),
            )
            self._by_iso3[iso3] = country
            pattern = _text(row.get("regex"))
            if pattern:  # country_converter's own name patterns ("congo.*dem|dem.*congo|drc", ...)
                self._patterns.append((re.compile(pattern, re.IGNORECASE), iso3))
            for key in (iso3, country.iso2, country.name, _text(row.get("name_official"))):
                if key:
                    self._by_key.setdefault(key.casefold(), iso3)

    def lookup(self, text: str | None) -> Country | None:
        """The country ``text`` names (a name in any common spelling, ISO2 or ISO3, any case), or None."""
        key = (text or "").strip().casefold()
        if not key:
            return None
        if key in self._by_key:
            return self._by_iso3[self._by_key[key]]
        if key not in self._seen:
            # the name patterns, as country_converter matches them; two countries matching is no answer
            found = {iso3 for pattern, iso3 in self._patterns if pattern.search(key)}
            self._seen[key] = found.pop() if len(found) == 1 else None
        iso3 = self._seen[key]
        return self._by_iso3[iso3] if iso3 else None


#: Cells country_converter reads as missing: pandas' default missing-value strings except "NA" (Namibia).
_MISSING = frozenset(
    {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
     "NULL", "NaN", "None", "n/a", "nan", "null"}
)  # fmt: skip
#: Columns country_converter keeps unique (the last row of a repeated value wins), in its order.
_UNIQUE = ("name_short", "name_official", "regex")


def converter_rows(path: Path | None = None) -> list[dict[str, str | None]]:
    """The current countries of country_converter's data file, missing cells as None, as its
    ``CountryConverter()`` keeps them (obsolete countries dropped; a repeated name or pattern: last row)."""
    if path is None:
        spec = importlib.util.find_spec("country_converter")  # finds the package without running it
        if spec is None or not spec.submodule_search_locations:
            raise ExportError("cannot load the country table: country_converter is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows: list[dict[str, str | None]] = [
            {k: (None if v in _MISSING else v) for k, v in row.items()} for row in csv.DictReader(fh, delimiter="\t")
        ]
    rows = [row for row in rows if row.get("obsolete") is None]
    for column in _UNIQUE:
        last = {row.get(column): i for i, row in enumerate(rows)}
        rows = [row for i, row in enumerate(rows) if last[row.get(column)] == i]
    return rows


@functools.cache
def country_codes() -> CountryCodes:
    """The country table, loaded once per process (country_converter's table + ACLED's regions)."""
    try:
        rows = converter_rows()
        raw = json.loads(files("flashpoint.data").joinpath("acled_regions.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, csv.Error) as exc:
        raise ExportError(f"cannot load the country table: {exc}") from exc
    return CountryCodes(rows, raw)


def lookup(text: str | None) -> Country | None:
    """Shortcut for ``country_codes().lookup(text)``."""
    return country_codes().lookup(text)
