"""Tests for flashpoint.ingest.decode: binary sniffing, charset detection, normalisation of hostile text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from flashpoint.errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError
from flashpoint.ingest.decode import (
    check_not_binary,
    declared_encoding,
    decode_bytes,
    normalise_field,
    normalise_text,
    read_limited,
)

REPORT = "Police said “dozens” of protesters were detained in Ségou on Tuesday — the café was closed."


def test_utf8_and_bom() -> None:
    assert decode_bytes(REPORT.encode("utf-8")) == REPORT
    assert decode_bytes(codecs.BOM_UTF8 + REPORT.encode("utf-8")) == REPORT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32(encoding: str) -> None:
    # utf-16-le/-be carry no BOM: they are recognised by the pattern of NUL bytes
    assert decode_bytes(REPORT.encode(encoding)) == REPORT


def test_windows_1252_legacy_file() -> None:
    assert decode_bytes(REPORT.encode("cp1252")) == REPORT


def test_mixed_file_keeps_utf8_and_marks_stray_bytes() -> None:
    data = ("Troops entered Kessa on Monday, residents said. " * 20 + "Café ").encode() + b"\x93x\x94"
    text = decode_bytes(data)
    assert "Café" in text  # not mojibake from a wrong single-byte guess
    assert text.count("\ufffd") == 2


def test_declared_charset_is_used_when_not_utf8() -> None:
    html = '<html><head><meta charset="koi8-r"></head><body><p>Протест в Алматы</p></body></html>'
    data = html.encode("koi8-r")
    assert declared_encoding(data) == "koi8-r"
    assert "Протест в Алматы" in decode_bytes(data, declared=declared_encoding(data))


def test_undecodable_bytes_raise_encoding_error() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    with pytest.raises(EncodingError) as info:
        decode_bytes(data)
    assert info.value.code == "FP104"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ],
)
def test_magic_numbers_are_binary(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what):
        check_not_binary(data + b"x" * 100)


def test_random_bytes_and_nul_bytes_are_binary() -> None:
    rng = random.Random(11)
    with pytest.raises(BinaryInputError):
        decode_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    with pytest.raises(BinaryInputError):
        decode_bytes(b"Report text\x00\x00\x00\x00 with padding\x00\x00")


def test_one_stray_nul_in_long_text_is_not_binary() -> None:
    data = ("Shelling continued overnight in the eastern districts. " * 50).encode() + b"\x00"
    assert "Shelling" in normalise_text(decode_bytes(data))
    assert "\x00" not in normalise_text(decode_bytes(data))


def test_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        decode_bytes(b"")


def test_read_limited_checks_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # a sparse 50 MB file: no need to write 50 MB
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\n")
    with pytest.raises(InputTooLargeError, match="52,428,800 bytes"):
        read_limited(big, 20_000_000)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(EmptyInputError):
        read_limited(empty, 100)


def test_hostile_characters_are_removed() -> None:
    hostile = (
        "Police\u202e detained\u200b 12\u2066 people\x07 in\u00a0Varsa.\r\n"
        "Zero\u200dwidth\ufeff and soft\u00adhyphen \U000e0041tag\ud800.\u2028Next line\tkept."
    )
    clean = normalise_text(hostile)
    assert clean == "Police detained 12 people in Varsa.\nZerowidth and softhyphen tag.\nNext line\tkept."
    clean.encode("utf-8")  # no lone surrogate survives


def test_joiners_inside_non_latin_words_survive() -> None:
    persian = "می\u200cخواهند"  # ZWNJ is part of correct Persian spelling
    assert normalise_text(persian) == persian
    assert normalise_text("Va\u200crsa") == "Varsa"


def test_nfc_and_layout() -> None:
    decomposed = "Se\u0301gou\n\n\n\n  trailing   \nend"
    assert normalise_text(decomposed) == "Ségou\n\n  trailing\nend"
    assert normalise_text(normalise_text(decomposed)) == normalise_text(decomposed)


def test_normalise_field() -> None:
    assert normalise_field("  Daily\n\tLedger \u202e ") == "Daily Ledger"
    assert normalise_field("   ") is None
    assert normalise_field(None) is None
    assert normalise_field(42) == "42"
    assert normalise_field("x" * 5000, limit=10) == "x" * 10


def test_strip_controls_keeps_text_and_whitespace_and_drops_what_xml_refuses() -> None:
    from flashpoint.ingest.decode import strip_controls

    assert strip_controls("a\tb\nc\rd") == "a\tb\nc\rd"
    assert strip_controls("\x00x\x1fy\x0bz\ufffe\uffff\ud800") == "xyz"
    assert strip_controls("Ünïcödé — ok") == "Ünïcödé — ok"
