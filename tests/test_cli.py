"""The CLI: documented, thin, and honest about failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashpoint.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_every_command_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in main.commands:
        assert f"flashpoint {name}" in text, f"docs/cli.md does not mention 'flashpoint {name}'"


def test_every_eval_kind_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    evaluate = main.commands["eval"]
    for kind in evaluate.commands:  # type: ignore[attr-defined]
        assert kind in text


def test_bad_published_date_is_a_usage_error(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Protesters marched in Varsa on Monday.", encoding="utf-8")
    result = CliRunner().invoke(main, ["sitrep", str(report), "--published", "last Tuesday"])
    assert result.exit_code == 2
    assert "ISO date" in result.output


def test_unknown_evaluation_path_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "acled", str(tmp_path / "missing.csv")])
    assert result.exit_code == 1
    assert "FP600" in result.output


def test_code_on_a_missing_file_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["code", str(tmp_path / "missing.csv"), "--output", str(out)])
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_read_commands_on_a_missing_database_create_nothing(tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    for args in (["incidents"], ["export", "--format", "acled"], ["history", "inc-1"], ["rebuild"], ["serve"]):
        result = CliRunner().invoke(main, [*args, "--db", f"sqlite:///{db}"])
        assert result.exit_code == 1, args
        assert "no such database" in result.output
        assert not db.exists()


def test_ingest_on_a_missing_file_creates_no_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nothing.txt"), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 1
    assert not db.exists()


def test_a_wrong_column_gets_a_suggestion(tmp_path: Path) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text("id,notes\n1,Protesters marched in Varsa on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["sitrep", str(batch), "--text-column", "note"])
    assert "did you mean `notes`?" in result.output


def test_code_writes_one_row_per_event_and_none_for_texts_without(tmp_path: Path) -> None:
    import pandas as pd

    batch = tmp_path / "batch.csv"
    batch.write_text(
        "ref,day,text\n"
        "R1,2024-02-05,Hundreds of teachers protested in Varsa on Monday over unpaid salaries.\n"
        "R2,2024-02-06,The national football team won its qualifying match on Tuesday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "coded.csv"
    args = ["code", str(batch), "--text-column", "text", "--date-column", "day", "--id-column", "ref"]
    result = CliRunner().invoke(main, [*args, "--output", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert "R2" not in set(frame["ref"])  # no event, no row
    assert frame["event_id_cnty"].is_unique
    assert next(iter(frame["event_id_cnty"])) == "R1"
    assert str(frame["year"].dtype) == "int64"
    assert "1 texts without events" in result.output


def test_ingest_published_dates_undated_reports(tmp_path: Path) -> None:
    from flashpoint.ledger import Ledger

    report = tmp_path / "report.txt"
    report.write_text("Protesters marched in Varsa on Monday against rising bread prices.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'f.db'}"
    result = CliRunner().invoke(
        main, ["ingest", str(report), "--db", db, "--published", "2024-03-06", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    ledger = Ledger(db)
    try:
        published = {ex.article.published for ex in ledger.extractions()}
    finally:
        ledger.close()
    assert published == {dt.date(2024, 3, 6)}


def test_code_with_a_wrong_column_is_an_error_without_output(tmp_path: Path) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text("id,notes\n1,Protesters marched in Varsa on Monday.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["code", str(batch), "--text-column", "note", "--output", str(out)])
    assert result.exit_code == 1
    assert "did you mean `notes`?" in result.output
    assert not out.exists()


def test_export_schema_needs_no_database(tmp_path: Path) -> None:
    import json

    out = tmp_path / "event.schema.json"
    result = CliRunner().invoke(main, ["export", "--format", "jsonl", "--schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"claim", "date", "place", "evidence"} <= set(schema["properties"])
    assert CliRunner().invoke(main, ["export", "--format", "acled", "--schema"]).exit_code == 2


def test_serve_refuses_an_exposed_host_without_a_token(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner(env={"FLASHPOINT_TOKEN": ""}).invoke(main, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "FP700" in result.output
    assert "without a token" in result.output


def test_ingest_holds_a_small_input_and_streams_a_large_one_with_the_same_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint import cli
    from flashpoint.ingest import IngestOptions
    from flashpoint.records import Article

    batch = tmp_path / "batch.csv"
    rows = [f"r{i},Traders in Kessar closed their stalls for the {i}th day of a strike over rents." for i in range(5)]
    batch.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    options = IngestOptions(text_column="text", id_column="id")
    held, held_total = cli._reports_and_total([str(batch)], options)
    monkeypatch.setattr(cli, "HELD_CHARACTERS", 100)  # two reports' worth: the rest is counted, then streamed
    streamed, streamed_total = cli._reports_and_total([str(batch)], options)
    assert isinstance(held, list)
    assert not isinstance(streamed, list)
    assert held_total == streamed_total == 5
    assert [a for a in held if isinstance(a, Article)] == [a for a in streamed if isinstance(a, Article)]
