"""Bytes -> clean text: size limits, binary sniffing, charset detection and Unicode normalisation.

Reads raw bytes (a file, stdin, a feed, a batch); writes ``str`` that every later stage can trust:
NFC-normalised, ``\\n`` line ends, no control characters except newlines and tabs, no bidirectional
overrides or invisible zero-width characters, no lone surrogates.

Decoding order: byte-order mark; strict UTF-8; UTF-8 with a few stray bytes (mixed files); Windows-1252
when the result reads like Latin text; ``charset_normalizer`` for other legacy encodings; otherwise
:class:`~flashpoint.errors.EncodingError`. Binary input is recognised first by magic numbers, by NUL bytes
and by the share of control bytes, and raises :class:`~flashpoint.errors.BinaryInputError`.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

from flashpoint.errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError

log = logging.getLogger(__name__)

#: How many leading bytes the binary and format sniffers look at.
SNIFF_BYTES = 65_536

# Magic numbers of the binary files people most often drop into a folder of reports by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX/ODT office file)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that plain text never contains: C0 controls except TAB, LF, VT, FF, CR and ESC, and DEL.
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

# Calibration: executables, images and compressed data have 5-15% such bytes in their first 64 KiB
# (compressed data is close to uniform: 30/256 = 12%); text files written by people have none, or a
# handful of stray ones. 2% leaves a wide margin on both sides.
_MAX_CONTROL_SHARE = 0.02
# A NUL byte every thousand bytes is not a stray typo any more.
_MAX_NUL_SHARE = 0.001
# Mixed files: UTF-8 text with some bytes in another encoding. Accept UTF-8 with replacement characters
# when at most this share of the characters is broken and the file has valid multi-byte sequences (a
# legacy single-byte file almost never forms one, and when it does, its many broken bytes exceed the share).
_MAX_BROKEN_UTF8_SHARE = 0.01
# Windows-1252 is accepted when the non-ASCII characters are mostly Latin letters and typographic marks
# and make up a minority of the text (random bytes decode to symbol soup and fail both tests).
_MAX_NON_ASCII_SHARE = 0.3
_MIN_PLAUSIBLE_LATIN_SHARE = 0.9
_MAX_CHAOS = 0.2

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})["']""")

# --- text normalisation tables ------------------------------------------------------------------------
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0/C1 controls (except TAB and LF, which survive), soft hyphen, zero-width space, LRM/RLM, Arabic letter
# mark, Mongolian vowel separator, bidi embeddings/overrides/isolates, word joiner and invisible operators,
# BOM/ZWNBSP, interlinear annotation marks, tag characters, and lone surrogates (from JSON "\\ud800").
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)
# ZWNJ/ZWJ are letters' glue in Persian, Indic scripts and emoji sequences; next to ASCII or space they are
# only a way to hide a word from matching, so they go there.
_STRAY_JOINER = re.compile("(?<![^\x00-\x7f\\s])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\\s])")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING_SPACE = re.compile("[ \t]+\n")
_MANY_BREAKS = re.compile("\n{3,}")
_ANY_SPACE = re.compile(r"\s+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read ``path`` whole, refusing files over ``max_bytes`` before reading them.

    Raises :class:`InputTooLargeError` (checked on the size on disk, then again on what was read, since a
    file can grow while it is read) or :class:`EmptyInputError` for a zero-byte file.
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(f"{size:,} bytes is over the limit of {max_bytes:,} bytes")
    with path.open("rb") as fh:
        return _read_capped(fh, max_bytes)


def read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read a binary stream (stdin) whole, raising :class:`InputTooLargeError` past ``max_bytes``."""
    return _read_capped(stream, max_bytes)


def _read_capped(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(f"more than the limit of {max_bytes:,} bytes")
    if not data:
        raise EmptyInputError("the input is empty (0 bytes)")
    return data


def check_not_binary(data: bytes) -> None:
    """Raise :class:`BinaryInputError` if ``data`` is not text in any encoding Flashpoint reads."""
    sample = data[:SNIFF_BYTES]
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            raise BinaryInputError(f"binary input: this is {what}, not text")
    if _bom_encoding(sample) or _utf16_without_bom(sample):
        return
    nul = sample.count(0)
    if nul and nul / len(sample) > _MAX_NUL_SHARE:
        raise BinaryInputError(f"binary input: {nul} NUL bytes in the first {len(sample):,} bytes")
    control = len(sample.translate(None, _TEXT_BYTES))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise BinaryInputError(
            f"binary input: {control} control bytes in the first {len(sample):,} bytes "
            f"({control / len(sample):.0%}; text has almost none)"
        )


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text of mostly Latin script without a BOM: NULs on every other byte."""
    if len(sample) < 8 or sample.count(0) < len(sample) // 3:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.9 * len(sample) // 2 and even < 0.1 * len(sample) // 2:
        return "utf-16-le"
    if even > 0.9 * len(sample) // 2 and odd < 0.1 * len(sample) // 2:
        return "utf-16-be"
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration names in the first bytes, if Python knows it."""
    head = data[:4096]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data`` to a ``str`` (not yet normalised), detecting binary input and the encoding.

    ``declared`` is an encoding named by the document itself (HTML meta, XML declaration); it is tried
    after UTF-8, which it cannot override because mislabelled pages are common and UTF-8 validates itself.
    Raises :class:`BinaryInputError` or :class:`EncodingError`.
    """
    if not data:
        raise EmptyInputError("the input is empty (0 bytes)")
    check_not_binary(data)
    bom = _bom_encoding(data) or _utf16_without_bom(data[:SNIFF_BYTES])
    if bom:
        # A BOM is a promise; a few bad units after it are replaced rather than rejecting the file.
        text = data.decode(bom, errors="replace")
        return text[1:] if text.startswith("\ufeff") else text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc.start
    mixed = _mostly_utf8(data)
    if mixed is not None:
        log.debug("decoded as UTF-8 with replacement characters (mixed encodings)")
        return mixed
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8", "ascii"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            log.debug("declared encoding %s does not fit the bytes", declared)
    latin = _plausible_cp1252(data)
    if latin is not None:
        return latin
    detected = _detect(data)
    if detected is not None:
        return detected
    raise EncodingError(
        f"undecodable bytes: not UTF-8 (first invalid byte at offset {first_error}) and no other "
        "encoding gives readable text"
    )


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    broken = replaced - data.count(b"\xef\xbf\xbd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - replaced
    if broken <= _MAX_BROKEN_UTF8_SHARE * len(text) and multibyte >= 1:
        return text
    return None


def _plausible_cp1252(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = _NON_ASCII.findall(text)
    if not high or len(high) > _MAX_NON_ASCII_SHARE * len(text):
        return None
    latin = sum(1 for ch in high if ch.isalpha() or unicodedata.category(ch) in ("Pd", "Pi", "Pf", "Po", "Sc"))
    return text if latin >= _MIN_PLAUSIBLE_LATIN_SHARE * len(high) else None


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    best = from_bytes(data[: 4 * SNIFF_BYTES]).best()
    if best is None or best.chaos > _MAX_CHAOS:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# Characters XML 1.0 (and so lxml, for HTML too) refuses in a document: C0 controls except TAB, LF and CR,
# lone surrogates and the two non-characters U+FFFE/U+FFFF. One of them anywhere makes lxml raise.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_controls(markup: str) -> str:
    """``markup`` without the characters an XML/HTML parser refuses (run before parsing a page).

    A stray control byte (a page saved by a broken tool, a hostile page) must cost that byte, not the page.
    """
    return _NOT_XML.sub("", markup)


def normalise_text(text: str) -> str:
    """Normalise a report body: NFC, ``\\n`` line ends, hostile and invisible characters removed.

    Tabs and newlines survive; other control characters, bidi overrides, zero-width characters (except
    joiners inside non-Latin words) and lone surrogates are removed; exotic spaces become plain spaces;
    trailing spaces and runs of blank lines are trimmed. Idempotent.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    if not text.isascii():  # the three Unicode-only steps; most English reports skip them
        text = _STRAY_JOINER.sub("", text)
        text = _SPACES.sub(" ", text)
        text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BREAKS.sub("\n\n", text)
    return text.strip()


def normalise_field(value: object, *, limit: int = 2_000) -> str | None:
    """Normalise a metadata value (title, source, id ...) to one line; ``None`` when empty.

    Values longer than ``limit`` characters are cut (a "title" column holding a whole article is a data
    error we survive rather than propagate).
    """
    if value is None:
        return None
    raw = str(value)
    if raw.isascii() and raw.isprintable():  # common case: no controls, tabs or newlines to clean
        text = " ".join(raw.split())
        return text[:limit] if text else None
    text = _ANY_SPACE.sub(" ", normalise_text(raw)).strip()
    if not text:
        return None
    return text[:limit]


def collapse_whitespace(text: str) -> str:
    """``text`` with every run of whitespace replaced by one space (the form that is hashed)."""
    return " ".join(text.split())
