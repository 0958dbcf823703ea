"""Exact and near-duplicate keys for reports: content hash, article id and a 64-bit SimHash.

Reads normalised article text; writes ``content_hash`` (sha256 of the whitespace-collapsed text), the
article ``id`` and ``fingerprint``. The store decides what is a duplicate across the database; this
module only computes the keys and compares two fingerprints.

SimHash (Charikar 2002) over word 3-shingles: each shingle gets a 64-bit hash built from BLAKE2b word
hashes (not Python's ``hash()``, which is salted per process), each bit position votes +1/-1 over all
shingles, and the fingerprint keeps the sign of each vote. Texts that share most shingles get fingerprints a few bits
apart. The fingerprint is returned as a **signed** 64-bit integer (two's complement of the unsigned
value), so that it fits SQLite's and PostgreSQL's signed 64-bit ``INTEGER``/``BIGINT`` columns as is;
:func:`hamming` accepts either form.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from flashpoint.errors import ConfigError
from flashpoint.ingest.decode import collapse_whitespace

#: Shingle width in words.
SHINGLE_SIZE = 3

#: Largest Hamming distance between two fingerprints that still counts as a near duplicate.
#: Calibrated on reports written for it (``tests/ingest/fixtures/dedup``, checked by
#: ``tests/ingest/test_dedup.py``): wire copies of 150-200 words with a new headline, a byline and 3-6
#: edited words land at 4-12 bits (over 300 seeded random variants each: median 7-10, 95th percentile
#: 10-15, 99th 12-18); a different report on the same events (same places, actors, vocabulary) lands
#: at 26-31 bits, unrelated reports at about 32 (the mean for independent fingerprints; the chance that
#: two independent fingerprints fall within 16 bits is 4e-5). 16 sits between the groups. Caveats:
#: short texts (under ~40 words) move many bits per edit, and templated notes ("On 29 April 2020, in
#: X, residents staged a protest ...") about *different* events are textually near duplicates, so a
#: near-duplicate link says "copy of the same text", not "same event".
NEAR_DUPLICATE_THRESHOLD = 16

_WORD = re.compile(r"\w+")
_MASK = (1 << 64) - 1
# Odd 64-bit constants (from the golden ratio and SplitMix64/xxHash primes) weighting word positions.
_MULTIPLIERS = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9))


def content_hash(text: str) -> str:
    """sha256 (hex) of ``text`` with every run of whitespace collapsed to one space.

    Two files that differ only in line wrapping or indentation get the same hash.
    """
    flat = collapse_whitespace(text)
    return hashlib.sha256(flat.encode("utf-8", "surrogatepass")).hexdigest()


def article_id(content_hash_hex: str) -> str:
    """The stable article id: the first 16 hex characters of sha256(content hash)."""
    return hashlib.sha256(content_hash_hex.encode("ascii")).hexdigest()[:16]


def shingles(text: str, size: int = SHINGLE_SIZE) -> list[str]:
    """Lower-cased word ``size``-grams of ``text``; the whole text as one shingle if it is shorter.

    This is what :func:`simhash` hashes (it combines per-word hashes rather than hashing these strings).
    """
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return [" ".join(words) or text.strip().lower()]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


@functools.lru_cache(maxsize=65_536)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def _shingle_hashes(text: str, size: int) -> Any:
    """64-bit hashes of the word ``size``-grams, as a big-endian ``uint64`` array.

    Each word is hashed once with BLAKE2b (cached: news vocabulary repeats); a shingle's hash mixes
    its words' hashes with distinct odd multipliers (order matters) and the SplitMix64 finaliser, whose
    output bits are close to independent. All arithmetic is modulo 2**64, so results are the same on
    every platform.
    """
    if not 1 <= size <= len(_MULTIPLIERS):
        raise ConfigError(f"shingle size must be 1 to {len(_MULTIPLIERS)}, not {size}")
    words = _WORD.findall(text.lower())
    if len(words) < size:
        words = [" ".join(words) or text.strip().lower()]
        size = 1
    hashed = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    n = len(words) - size + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for offset, multiplier in enumerate(_MULTIPLIERS[:size]):
        mixed = mixed + hashed[offset : offset + n] * multiplier
    mixed ^= mixed >> np.uint64(30)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(27)
    mixed *= np.uint64(0x94D049BB133111EB)
    mixed ^= mixed >> np.uint64(31)
    return mixed.astype(">u8")


def simhash(text: str, size: int = SHINGLE_SIZE) -> int:
    """The 64-bit SimHash of ``text``'s word shingles, as a signed 64-bit integer.

    Deterministic across processes, machines and Python versions (BLAKE2b, fixed-width arithmetic).
    """
    hashes = _shingle_hashes(text, size)
    bits = np.unpackbits(hashes.view(np.uint8).reshape(len(hashes), 8), axis=1)
    ones = bits.sum(axis=0, dtype=np.int64)
    # A bit is set when more than half the shingles set it; ties go to 0 (deterministic).
    packed = np.packbits((2 * ones > len(hashes)).astype(np.uint8))
    return int.from_bytes(packed.tobytes(), "big", signed=True)


def to_signed64(value: int) -> int:
    """The signed 64-bit form of a fingerprint given as unsigned (or signed: then unchanged)."""
    value &= _MASK
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned64(value: int) -> int:
    """The unsigned 64-bit form (0 .. 2**64-1) of a fingerprint given as signed or unsigned."""
    return value & _MASK


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints (signed or unsigned)."""
    return ((a ^ b) & _MASK).bit_count()


def is_near_duplicate(a: int, b: int, threshold: int = NEAR_DUPLICATE_THRESHOLD) -> bool:
    """True when fingerprints ``a`` and ``b`` differ in at most ``threshold`` bits."""
    return hamming(a, b) <= threshold


# ---------------------------------------------------------------------- finding the nearest stored copy
#: Largest Hamming distance at which a new report is linked to the earliest stored report it nearly
#: copies (``Article.near_duplicate_of``, set by the ledger). Far below :data:`NEAR_DUPLICATE_THRESHOLD`
#: on purpose: the link makes the copy support its original's incidents, and templated notes about
#: different events are textual near duplicates (see above), so only an almost verbatim copy is linked.
#: At 3 bits the band index is exhaustive: two fingerprints within 3 bits differ in at most 3 of the
#: 4 bands, so they share one (pigeonhole), and the store's (band, fingerprint) indexes find every
#: such pair without a scan.
STORED_NEAR_DUPLICATE_BITS = 3

#: Number of 16-bit bands a fingerprint is cut into for the band index.
BANDS = 4


class BandEntry(NamedTuple):
    """One fingerprint in a band index: ingest order, the key to report (an article id or seq), its SimHash."""

    seq: int
    key: Any
    fingerprint: Any  # signed or unsigned 64-bit (None when not known)


def bands(fingerprint: int) -> tuple[int, int, int, int]:
    """The four 16-bit bands of a fingerprint (signed or unsigned), low bits first."""
    value = fingerprint & _MASK
    return (value & 0xFFFF, (value >> 16) & 0xFFFF, (value >> 32) & 0xFFFF, (value >> 48) & 0xFFFF)


def band_matches(index: Mapping[tuple[int, Any], Sequence[BandEntry]], fingerprint: int) -> list[tuple[Any, Any]]:
    """(key, fingerprint) of the entries sharing a band with ``fingerprint``, in ingest order.

    ``index`` maps (band number, band value) to the entries holding it; an entry met in several bands
    counts once.
    """
    entries: dict[int, tuple[Any, Any]] = {}
    for i, band in enumerate(bands(fingerprint)):
        for seq, key, other in index.get((i, band), ()):
            entries[seq] = (key, other)
    return [entries[seq] for seq in sorted(entries)]


def nearest(fingerprint: int, rows: Iterable[tuple[Any, Any]], threshold: int = STORED_NEAR_DUPLICATE_BITS) -> Any:
    """The key of the first of ``rows`` (key, fingerprint) that is a near duplicate of ``fingerprint``.

    The same rule as :func:`is_near_duplicate`; rows without a fingerprint are skipped. None when none is.
    """
    for key, other in rows:
        if other is not None and is_near_duplicate(fingerprint, int(other), threshold):
            return key
    return None


@dataclasses.dataclass(frozen=True, slots=True)
class NearDuplicateRule:
    """The near-duplicate rule as the store and the ledger's batches apply it (passed in, so that neither
    imports this stage): fingerprints within ``max_bits`` bits, found through the band index."""

    max_bits: int = STORED_NEAR_DUPLICATE_BITS

    def bands(self, fingerprint: int) -> tuple[int, ...]:
        """The band values of ``fingerprint`` (see :func:`bands`)."""
        return bands(fingerprint)

    def nearest(self, fingerprint: int, index: Mapping[tuple[int, Any], Sequence[BandEntry]]) -> Any:
        """The key of the earliest entry of ``index`` within ``max_bits`` bits of ``fingerprint``, or None."""
        return nearest(fingerprint, band_matches(index, fingerprint), self.max_bits)
