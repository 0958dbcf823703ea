"""Every place mention of an article in batch: `flashpoint geocode --input` and its records."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.geo.mentions import MENTION_KEYS, article_record
from flashpoint.records import Geography, Place, PlaceMention


def _mention(start: int, end: int, text: str) -> PlaceMention:
    place = Place(
        name=text,
        country_iso3="KEN",
        country="Kenya",
        admin1=None,
        admin2=None,
        latitude=-1.28,
        longitude=36.82,
        geo_precision=1,
        where_prec=1,
        geonameid=184745,
    )
    return PlaceMention(place, start, end, text, "event", 1.0)


def test_article_record_lists_each_span_once_in_text_order() -> None:
    geography = Geography(
        mentions=(_mention(20, 27, "Nairobi"), _mention(0, 7, "Nairobi"), _mention(0, 7, "Nairobi")), country=None
    )
    record = article_record("a1", geography)
    assert record["id"] == "a1"
    assert [m["start"] for m in record["mentions"]] == [0, 20]
    assert tuple(record["mentions"][0]) == MENTION_KEYS
    assert record["mentions"][0]["geonameid"] == 184745


def test_geocode_input_writes_one_line_per_article_and_records_bad_lines(tmp_path: Path) -> None:
    text = "Police fired tear gas at protesters in Nairobi, Kenya, on Monday, while Ugandan officials met in Kampala."
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "k1", "text": text})
        + "\n"
        + "{not json\n\n"
        + json.dumps({"id": "k2", "text": "No place here."})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["geocode", "--input", str(src)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert next(r["id"] for r in rows) == "k1"
    assert rows[-1]["id"] == "k2"
    assert rows[1]["mentions"] == []
    assert rows[1]["rejected"]["code"] == "FP105"
    mentions = rows[0]["mentions"]
    by_text = {m["text"]: m for m in mentions}
    assert text[by_text["Nairobi"]["start"] : by_text["Nairobi"]["end"]] == "Nairobi"
    assert by_text["Nairobi"]["country_iso3"] == "KEN"
    assert by_text["Kampala"]["country_iso3"] == "UGA"
    # a demonym is a mention of its country
    assert by_text["Ugandan"]["feature"] == "country"
    assert rows[-1]["mentions"] == []


def test_geocode_needs_text_or_input() -> None:
    result = CliRunner().invoke(main, ["geocode"])
    assert result.exit_code != 0
    assert "either TEXT or --input" in result.output
