"""Ingest: files, HTML pages, feeds, batches, folders and stdin -> :class:`~flashpoint.records.Article`.

The only stage that reads input from outside. Every input either becomes an Article or a
:class:`~flashpoint.records.Rejection` with a stable error code; nothing is dropped silently.

Modules: :mod:`.files` (paths, folders, stdin, format detection), :mod:`.text`, :mod:`.html`,
:mod:`.feeds`, :mod:`.batch` (the readers), :mod:`.decode` (bytes -> clean text), :mod:`.meta` (dates and
country hints), :mod:`.dedup` (content hash, id, SimHash), :mod:`.article` (assembly) and :mod:`.watch` (live
feeds and pages over HTTP, the only module that downloads). See ``docs/ingest.md``.
"""

from __future__ import annotations

from flashpoint.ingest.article import build_article
from flashpoint.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, hamming, is_near_duplicate
from flashpoint.ingest.files import read_bytes, read_file, read_paths, read_stdin, sniff_format
from flashpoint.ingest.options import NAME, STAGE, VERSION, IngestOptions

__all__ = [
    "NAME",
    "NEAR_DUPLICATE_THRESHOLD",
    "STAGE",
    "VERSION",
    "IngestOptions",
    "build_article",
    "hamming",
    "is_near_duplicate",
    "read_bytes",
    "read_file",
    "read_paths",
    "read_stdin",
    "sniff_format",
]
