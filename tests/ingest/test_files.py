"""Tests for flashpoint.ingest.files: paths, folders, stdin, format sniffing and the bad-input battery."""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
from pathlib import Path

import pytest

from flashpoint.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    IngestError,
    InputTooLargeError,
    MalformedInputError,
    MissingColumnError,
    SpecialFileError,
    UnsupportedFormatError,
)
from flashpoint.ingest import IngestOptions, read_paths, read_stdin, sniff_format
from flashpoint.records import Article, Rejection

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_REPORT = "Title: Market attack\n\nGunmen attacked a market near Dovra on Saturday, killing five traders.\n"


def _articles(items: list[Article | Rejection]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _rejections(items: list[Article | Rejection]) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


def test_folder_is_read_recursively_in_sorted_order_without_hidden_files() -> None:
    items = list(read_paths([FIXTURES / "reports"], IngestOptions()))
    origins = [Path(i.origin or "").name for i in items]
    assert origins == ["curfew_headers.txt", "market_plain.txt", "strike.txt"]
    assert all(isinstance(i, Article) for i in items)


def test_same_report_twice_has_the_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD_REPORT.replace("\n\nGunmen", "\n\n  Gunmen"), encoding="utf-8")
    a, b = _articles(list(read_paths([tmp_path])))
    assert a.id == b.id
    assert a.content_hash == b.content_hash
    assert a.fingerprint == b.fingerprint


def test_whole_fixture_tree_reads_every_format() -> None:
    options = IngestOptions(id_column="id", date_column="date", source_column="source", country_column="country")
    items = list(read_paths([FIXTURES], options))
    suffixes = {Path((i.origin or "").split(":")[0]).suffix for i in _articles(items)}
    assert suffixes == {".csv", ".jsonl", ".txt", ".html", ".xml", ".atom"}
    # only the rows and entries that are bad on purpose are rejected
    assert {r.code for r in _rejections(items)} == {EmptyInputError.code, MalformedInputError.code}


def test_bad_input_battery_never_stops_the_batch(tmp_path: Path) -> None:
    rng = random.Random(5)
    (tmp_path / "01_binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (tmp_path / "02_empty.txt").write_bytes(b"")
    with (tmp_path / "03_huge.txt").open("wb") as fh:  # sparse 50 MB file
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\n")
    (tmp_path / "04_broken.html").write_text("<html><body><div><<<</p>>>", encoding="utf-8")
    (tmp_path / "05_malformed.rss").write_bytes(b"<rss version='2.0'><channel><item><title>Cut")
    (tmp_path / "06_undecodable.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(2000)))
    (tmp_path / "07_columns.csv").write_text("id,body\n1,Clashes in Orlo.\n", encoding="utf-8")
    (tmp_path / "08_picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "09_image_named.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "10_whitespace.txt").write_text(" \n\t\u200b\n", encoding="utf-8")
    (tmp_path / "11_not_a_feed.xml").write_text("<?xml version='1.0'?><catalog><book/></catalog>", encoding="utf-8")
    (tmp_path / "99_good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"], IngestOptions()))
    by_name: dict[str, Rejection] = {}
    for rejected in _rejections(items):  # the first rejection of each file (a feed may add its entries')
        by_name.setdefault(Path(rejected.origin.split(":")[0]).name, rejected)
    expected = {
        "01_binary.txt": BinaryInputError.code,
        "02_empty.txt": EmptyInputError.code,
        "03_huge.txt": InputTooLargeError.code,
        "05_malformed.rss": MalformedInputError.code,
        "06_undecodable.txt": EncodingError.code,
        "07_columns.csv": MissingColumnError.code,
        "08_picture.png": UnsupportedFormatError.code,
        "09_image_named.txt": BinaryInputError.code,
        "10_whitespace.txt": EmptyInputError.code,
        "11_not_a_feed.xml": MalformedInputError.code,
        "missing.txt": IngestError.code,
    }
    for name, code in expected.items():
        assert by_name[name].code == code, name
        assert by_name[name].reason
        assert by_name[name].stage.startswith("ingest@")
    assert "'body'" in by_name["07_columns.csv"].reason
    broken = [i for i in items if Path((i.origin or "").split(":")[0]).name == "04_broken.html"]
    assert len(broken) == 1  # a Rejection or whatever text survives, never a crash
    (good,) = _articles(items)
    assert good.title == "Market attack"
    assert Path(items[-2].origin or "").name == "99_good.txt"  # order kept, missing path last


def test_stdin_sniffs_the_format() -> None:
    text = list(read_stdin(IngestOptions(), io.BytesIO(GOOD_REPORT.encode())))
    assert isinstance(text[0], Article)
    assert text[0].origin == "<stdin>"
    assert text[0].title == "Market attack"
    feed = (FIXTURES / "feeds" / "bulletin_atom.atom").read_bytes()
    assert len(_articles(list(read_stdin(IngestOptions(), io.BytesIO(feed))))) == 2
    jsonl = (FIXTURES / "batches" / "reports.jsonl").read_bytes()
    assert len(_articles(list(read_stdin(IngestOptions(id_column="id"), io.BytesIO(jsonl))))) == 3


def test_stdin_csv_needs_the_format_option() -> None:
    csv_bytes = (FIXTURES / "batches" / "reports.csv").read_bytes()
    items = list(read_stdin(IngestOptions(stdin_format="csv", id_column="id"), io.BytesIO(csv_bytes)))
    assert len(_articles(items)) == 4


def test_stdin_through_read_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(GOOD_REPORT.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (article,) = read_paths(["-"])
    assert isinstance(article, Article)
    assert article.origin == "<stdin>"


def test_empty_and_oversized_stdin() -> None:
    (empty,) = read_stdin(IngestOptions(), io.BytesIO(b""))
    assert isinstance(empty, Rejection)
    assert empty.code == EmptyInputError.code
    (big,) = read_stdin(IngestOptions(max_bytes=100), io.BytesIO(b"word " * 100))
    assert isinstance(big, Rejection)
    assert big.code == InputTooLargeError.code


def test_unknown_extensions_are_sniffed(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "pages" / "clashes_page.html", tmp_path / "page.download")
    shutil.copy(FIXTURES / "feeds" / "bulletin_atom.atom", tmp_path / "feed")
    (tmp_path / "note.md").write_text(GOOD_REPORT, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [Path((i.origin or "").split(":")[0]).name for i in items] == ["feed", "feed", "note.md", "page.download"]
    assert all(isinstance(i, Article) for i in items)
    page = items[-1]
    assert isinstance(page, Article)
    assert page.title == "Protesters and police clash in Valparaíso"


def test_sniff_format() -> None:
    assert sniff_format(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">') == "feed"
    assert sniff_format(b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert sniff_format(b"<!DOCTYPE html><html><body>") == "html"
    assert sniff_format(b'{"text": "a"}\n{"text": "b"}') == "jsonl"
    assert sniff_format(b"Title: x\n\nBody") == "txt"
    assert sniff_format(b"{not json") == "txt"


def test_hidden_folders_and_symlinks(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "note.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (tmp_path / "reports" / "loop").symlink_to(tmp_path)
    items = list(read_paths([tmp_path]))
    assert [Path(i.origin or "").name for i in items] == ["a.txt"]


def test_large_batch_reads_every_row(tmp_path: Path) -> None:
    """2,400 rows of short reports all come back (how fast: ``benchmarks/bench_ingest.py``)."""
    rng = random.Random(1)
    words = ["police", "protesters", "fired", "tear", "gas", "district", "capital", "killed", "soldiers", "village"]
    lines = ["id,date,country,text"]
    for i in range(2400):
        text = " ".join(rng.choice(words) for _ in range(60))
        lines.append(f"r{i},2020-05-0{1 + i % 9},Kenya,{text}.")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    options = IngestOptions(id_column="id", date_column="date", country_column="country")
    items = list(read_paths([path], options))
    assert [a.external_id for a in _articles(items)] == [f"r{i}" for i in range(2400)]


def test_a_named_pipe_is_rejected_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    (tmp_path / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    for given in ([pipe], [tmp_path]):  # named directly, or met in a folder
        items = list(read_paths(given))
        assert [r.code for r in _rejections(items) if r.origin.endswith("feed.txt")] == [SpecialFileError.code]
    assert len(_articles(list(read_paths([tmp_path])))) == 1


def test_a_device_and_a_dangling_link_are_rejected_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    items = list(read_paths([tmp_path, Path("/dev/zero")]))
    codes = {Path(r.origin).name: r.code for r in _rejections(items)}
    assert codes == {"gone.txt": IngestError.code, "zero": SpecialFileError.code}
    assert len(_articles(items)) == 1
