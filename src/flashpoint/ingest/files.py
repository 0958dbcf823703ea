"""Paths, folders and stdin -> the right reader for each input, with every failure turned into a Rejection.

Reads file system paths (files, folders walked recursively in sorted order, hidden names skipped) and
``-`` for stdin; writes :class:`~flashpoint.records.Article` and :class:`~flashpoint.records.Rejection`
records in a stable order. This module alone decides the format of an input: by extension first
(``.txt``, ``.html``/``.htm``, ``.rss``/``.atom``/``.xml``, ``.csv``/``.tsv``, ``.jsonl``/``.ndjson``/``.json``),
by content for ``.xml``, stdin and unknown extensions. Known binary types (PDF, office files, archives,
images) are refused by extension without being read.

Size limits are checked before reading: ``max_bytes`` for a single report, ``max_batch_bytes`` for a
batch or feed file.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import logging
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from flashpoint.errors import (
    FlashpointError,
    IngestError,
    InputTooLargeError,
    MalformedInputError,
    SpecialFileError,
    UnsupportedFormatError,
)
from flashpoint.ingest.article import os_rejection, rejection
from flashpoint.ingest.batch import read_csv, read_jsonl
from flashpoint.ingest.decode import (
    SNIFF_BYTES,
    check_not_binary,
    declared_encoding,
    decode_bytes,
    read_limited,
    read_stream,
)
from flashpoint.ingest.feeds import read_feed
from flashpoint.ingest.html import article_from_html
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.text import article_from_text
from flashpoint.records import Article, Rejection

log = logging.getLogger(__name__)

Item = Article | Rejection

STDIN_ORIGIN = "<stdin>"

_SUFFIX_FORMATS = MappingProxyType(
    {
        ".txt": "txt",
        ".text": "txt",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".rss": "feed",
        ".atom": "feed",
        ".xml": "xml",
        ".csv": "csv",
        ".tsv": "tsv",
        ".tab": "tsv",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".json": "jsonl",
    }
)
_BINARY_SUFFIXES = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".xls",
        ".xlsx",
        ".ods",
        ".ppt",
        ".pptx",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".tar",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".bmp",
        ".tif",
        ".tiff",
        ".svgz",
        ".mp3",
        ".mp4",
        ".m4a",
        ".wav",
        ".ogg",
        ".avi",
        ".mov",
        ".mkv",
        ".exe",
        ".dll",
        ".so",
        ".bin",
        ".db",
        ".sqlite",
        ".parquet",
        ".pkl",
        ".pickle",
        ".npy",
        ".whl",
    }
)
_SNIFF_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_BATCH_FORMATS = frozenset({"csv", "tsv", "jsonl", "feed", "xml"})
_FEED_ROOTS = ("<rss", "<feed", "<rdf:rdf", "<rdf ")
_HTML_MARKS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<p>", "<div", "<article")


def read_paths(paths: Sequence[str | Path], options: IngestOptions | None = None) -> Iterator[Item]:
    """Read every report under ``paths`` ("-" is stdin), in a stable order.

    Never raises for a bad input: a path that does not exist, cannot be read, or holds no usable
    report becomes a :class:`Rejection` and the next input is read. Articles without a publication date
    get ``options.published`` when it is set.
    """
    opts = options or IngestOptions()
    items = _read_all(paths, opts)
    if opts.published is None:
        yield from items
        return
    for item in items:
        if isinstance(item, Article) and item.published is None:
            yield dataclasses.replace(item, published=opts.published)
        else:
            yield item


def _read_all(paths: Sequence[str | Path], opts: IngestOptions) -> Iterator[Item]:
    for given in paths:
        if str(given) == "-":
            yield from read_stdin(opts)
            continue
        path = Path(given)
        origin = _origin(path)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:
            yield os_rejection(origin, exc)
            continue
        if not exists:
            yield rejection(origin, IngestError("no such file or directory"))
        elif is_dir:
            for found in iter_files(path):
                yield from read_file(found, opts) if isinstance(found, Path) else (found,)
        else:
            yield from read_file(path, opts)


def iter_files(root: Path) -> Iterator[Path | Rejection]:
    """Files under ``root``, depth first in sorted name order, skipping hidden files and folders.

    Symbolic links to folders are not followed (no cycles); a folder that cannot be listed gives a
    Rejection.
    """
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield os_rejection(_origin(root), exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    yield from iter_files(entry)
                continue
            # anything else is read too: a named pipe or a device is refused by read_file with its code,
            # a dangling link with the OS error, instead of vanishing from the batch unmentioned
            yield entry
        except OSError as exc:
            yield os_rejection(_origin(entry), exc)


def read_file(path: Path, options: IngestOptions | None = None) -> Iterator[Item]:
    """The Articles (one, or one per row/entry) and Rejections of one file."""
    opts = options or IngestOptions()
    origin = _origin(path)
    yield from _guarded(origin, _read_file(path, origin, opts))


def read_stdin(options: IngestOptions | None = None, stream: BinaryIO | None = None) -> Iterator[Item]:
    """The reports on stdin (or ``stream``), in ``options.stdin_format`` or a sniffed format."""
    opts = options or IngestOptions()
    source = stream if stream is not None else sys.stdin.buffer

    def items() -> Iterator[Item]:
        data = read_stream(source, max(opts.max_bytes, opts.max_batch_bytes))
        yield from read_bytes(data, origin=STDIN_ORIGIN, options=opts, fmt=opts.stdin_format)

    yield from _guarded(STDIN_ORIGIN, items())


def read_bytes(
    data: bytes, *, origin: str, options: IngestOptions, fmt: str | None = None, base_dir: Path | None = None
) -> Iterator[Item]:
    """The reports in ``data`` read as ``fmt`` (``txt html feed xml csv tsv jsonl``; ``None``: sniffed).

    Raises :class:`~flashpoint.errors.IngestError` subclasses for the whole input; per-row and
    per-entry problems are yielded as Rejections.
    """
    check_not_binary(data)
    kind = fmt or sniff_format(data)
    if kind == "xml":
        kind = sniff_format(data)
        if kind not in ("feed", "html"):
            raise MalformedInputError("an XML file that is not an RSS or Atom feed")
    if kind in ("txt", "html") and len(data) > options.max_bytes:
        raise InputTooLargeError(f"{len(data):,} bytes is over the limit of {options.max_bytes:,} bytes")
    if kind == "txt":
        yield article_from_text(decode_bytes(data), origin=origin, options=options)
    elif kind == "html":
        yield article_from_html(decode_bytes(data, declared=declared_encoding(data)), origin=origin, options=options)
    elif kind == "feed":
        yield from read_feed(data, origin=origin, options=options, base_dir=base_dir)
    elif kind in ("csv", "tsv"):
        yield from read_csv(data, origin=origin, options=options, delimiter="\t" if kind == "tsv" else ",")
    elif kind == "jsonl":
        yield from read_jsonl(data, origin=origin, options=options)
    else:
        raise UnsupportedFormatError(f"unknown input format {kind!r}")


def sniff_format(data: bytes) -> str:
    """Guess the format of ``data`` from its first bytes: ``feed``, ``html``, ``jsonl`` or ``txt``."""
    head = _head_text(data).lstrip().lower()
    markup = _skip_prolog(head)
    if markup.startswith(_FEED_ROOTS):
        return "feed"
    if markup.startswith("<") and any(mark in head[:4096] for mark in _HTML_MARKS):
        return "html"
    first = head.split("\n", 1)[0].strip()
    if first.startswith("{"):
        try:
            if isinstance(json.loads(_head_text(data).lstrip().split("\n", 1)[0]), dict):
                return "jsonl"
        except (json.JSONDecodeError, RecursionError):
            pass
    return "txt"


def _head_text(data: bytes) -> str:
    head = data[:SNIFF_BYTES]
    for bom, encoding in _SNIFF_BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="replace")
    return head.decode("utf-8", errors="replace")


def _skip_prolog(head: str) -> str:
    """``head`` without a leading XML declaration, comments, doctype and processing instructions."""
    text = head
    while text.startswith(("<?", "<!--", "<!doctype rss", "<!doctype feed")):
        end = text.find("-->") + 3 if text.startswith("<!--") else text.find(">") + 1
        if end <= 0:
            return text
        text = text[end:].lstrip()
    return text


def _format_for(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in _BINARY_SUFFIXES:
        raise UnsupportedFormatError(
            f"{suffix} files are not read: Flashpoint reads .txt, .html, RSS/Atom, .csv/.tsv and .jsonl "
            "(convert documents to text first)"
        )
    return _SUFFIX_FORMATS.get(suffix)


def _read_file(path: Path, origin: str, options: IngestOptions) -> Iterator[Item]:
    check_regular(path)
    fmt = _format_for(path)
    if fmt is None:
        # Unknown extension: sniff the head first, so an oversized single report is refused unread.
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        if head:
            check_not_binary(head)
        fmt = sniff_format(head) if head else "txt"
        log.debug("%s: unknown extension, sniffed as %s", origin, fmt)
        if fmt in ("txt", "html") and size > options.max_bytes:
            raise InputTooLargeError(f"{size:,} bytes is over the limit of {options.max_bytes:,} bytes")
    limit = options.max_batch_bytes if fmt in _BATCH_FORMATS else options.max_bytes
    data = read_limited(path, limit)
    yield from read_bytes(data, origin=origin, options=options, fmt=fmt, base_dir=path.parent)


def check_regular(path: Path) -> None:
    """Raise :class:`SpecialFileError` unless ``path`` is a regular file (links followed).

    Opening a named pipe waits for a writer (forever, in a batch), and a device such as ``/dev/zero`` never
    ends; the file's type is read with ``stat``, which opens nothing.
    """
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise SpecialFileError(f"{kind}: only regular files are read (pipe a stream to '-' instead)")


def _guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """Pass ``items`` through; an error for the whole input ends it with one Rejection."""
    try:
        yield from items
    except FlashpointError as exc:
        yield rejection(origin, exc)
    except OSError as exc:
        yield os_rejection(origin, exc)


def _origin(path: Path) -> str:
    """``path`` as printable text (undecodable file-name bytes shown as U+FFFD, never as surrogates)."""
    return os.fsencode(path).decode("utf-8", errors="replace")
