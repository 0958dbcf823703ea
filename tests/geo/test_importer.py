"""`flashpoint gazetteer import` on a small GeoNames-format file written for this test (invented places)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.errors import GazetteerError
from flashpoint.geo.gazetteer import Gazetteer, default_path
from flashpoint.geo.importer import IMPORT_ID_OFFSET, ImportOptions, import_dumps, parse_line


def _row(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    cc: str,
    a1: str,
    a2: str,
    pop: int,
    alts: str = "",
) -> str:
    cols = [
        str(gid),
        name,
        name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        a1,
        a2,
        "",
        "",
        str(pop),
        "",
        "",
        "Africa/Nairobi",
        "2024-01-01",
    ]
    return "\t".join(cols)


# Invented places in Kenya's GeoNames layout (admin1 code 99 does not exist in the real dump).
DUMP = "\n".join(
    [
        _row(990001, "Zarakoni Province", 0.5, 37.5, "A", "ADM1", "KE", "99", "", 0),
        _row(990002, "Mbeleru District", 0.4, 37.6, "A", "ADM2", "KE", "99", "9901", 0),
        _row(990003, "Kiwatulu", 0.41, 37.61, "P", "PPLA2", "KE", "99", "9901", 4200, "Kiwatulu Village,Ki-Watulu"),
        _row(990004, "Nyandoroka", 0.35, 37.7, "P", "PPL", "KE", "99", "9901", 900),
        _row(990005, "Lake Ombelo", 0.3, 37.4, "H", "LK", "KE", "99", "", 0),
        _row(990006, "Old Kiwatulu Fort", 0.42, 37.62, "P", "PPLH", "KE", "99", "9901", 0),
        "990007\tBroken line with too few columns",
        _row(990008, "Tapesi", 91.5, 37.0, "P", "PPL", "KE", "99", "", 100),
        "abc\t" + _row(990009, "Bad Id", 0.1, 37.0, "P", "PPL", "KE", "99", "", 10).split("\t", 1)[1],
    ]
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, gazetteer: Any) -> tuple[Any, Gazetteer]:
    folder = tmp_path_factory.mktemp("dump")
    archive = folder / "KE.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("KE.txt", DUMP + "\n")
        zf.writestr("readme.txt", "not a dump\n")
    report = import_dumps([archive], output=folder / "gaz.sqlite", base=default_path())
    return report, Gazetteer(report.path)


def test_report_counts_rows_and_malformed_lines(imported: tuple[Any, Gazetteer]) -> None:
    report, _ = imported
    assert report.lines == 9
    assert report.added == 5
    assert report.skipped == {"feature_not_kept": 1}
    assert report.malformed == {"column_count": 1, "coordinates_out_of_range": 1, "not_a_number": 1}


def test_imported_villages_are_found_with_their_units(imported: tuple[Any, Gazetteer]) -> None:
    _, gaz = imported
    (village,) = gaz.find("Kiwatulu")
    assert village.country_iso3 == "KEN"
    assert village.admin1 == "Zarakoni Province"
    assert village.admin2 == "Mbeleru District"
    assert village.geonameid == 990003
    assert village.place_id == IMPORT_ID_OFFSET + 990003
    assert gaz.find("Ki-Watulu")[0].place_id == village.place_id
    assert not gaz.find("Old Kiwatulu Fort")  # a historical place is not kept


def test_water_body_is_an_area(imported: tuple[Any, Gazetteer]) -> None:
    _, gaz = imported
    (lake,) = gaz.find("Lake Ombelo")
    assert lake.feature == "water body"


def test_packaged_rows_are_kept(imported: tuple[Any, Gazetteer], gazetteer: Any) -> None:
    _, gaz = imported
    assert gaz.find("Nairobi")[0].geonameid == gazetteer.find("Nairobi")[0].geonameid
    assert gaz.meta()["kind"] == "imported"
    assert "CC BY 4.0" in gaz.meta()["licence"]


def test_parse_line_reasons() -> None:
    assert parse_line("1\t2") == "column_count"
    row = parse_line(_row(5, "Tesoro", 1.0, 2.0, "P", "PPL", "KE", "99", "", 10))
    assert not isinstance(row, str)
    assert row.name == "Tesoro"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no such dump file"):
        import_dumps([tmp_path / "XX.zip"], output=tmp_path / "g.sqlite", options=ImportOptions())


def test_cli_import_and_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gazetteer: Any) -> None:
    dump = tmp_path / "KE.txt"
    dump.write_text(DUMP + "\n", encoding="utf-8")
    out = tmp_path / "imported.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "import", str(dump), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 places added" in result.output
    monkeypatch.setenv("FLASHPOINT_GAZETTEER", str(out))
    info = CliRunner().invoke(main, ["gazetteer", "info", "--json"])
    assert info.exit_code == 0, info.output
    data = json.loads(info.stdout)
    assert data["path"] == str(out)
    assert data["kind"] == "imported"
