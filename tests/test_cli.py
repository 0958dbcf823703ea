"""The CLI: documented, thin, and honest about failures."""

from __future__ import annotations

from pathlib import Path

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
    report.write_text("Protesters marched in Lusaka on Monday.", encoding="utf-8")
    result = CliRunner().invoke(main, ["sitrep", str(report), "--published", "last Tuesday"])
    assert result.exit_code == 2
    assert "ISO date" in result.output


def test_unknown_evaluation_path_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "acled", str(tmp_path / "missing.csv")])
    assert result.exit_code == 1
    assert "FP600" in result.output


def test_serve_refuses_an_exposed_host_without_a_token(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner(env={"FLASHPOINT_TOKEN": ""}).invoke(main, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "FP700" in result.output
    assert "without a token" in result.output
