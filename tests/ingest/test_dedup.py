"""Tests for flashpoint.ingest.dedup: hashes, ids and the calibration of the near-duplicate threshold."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from flashpoint.ingest.decode import normalise_text
from flashpoint.ingest.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    STORED_NEAR_DUPLICATE_BITS,
    BandEntry,
    NearDuplicateRule,
    article_id,
    bands,
    content_hash,
    hamming,
    is_near_duplicate,
    nearest,
    shingles,
    simhash,
    to_signed64,
    to_unsigned64,
)

DEDUP = Path(__file__).parent / "fixtures" / "dedup"


def _fp(name: str) -> int:
    return simhash(normalise_text((DEDUP / f"{name}.txt").read_text(encoding="utf-8")))


def test_content_hash_ignores_whitespace_layout() -> None:
    a = "Troops entered the town\non Monday,  officials said."
    b = "Troops entered the town on Monday,\n\n officials said. "
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(a.replace("Monday", "Tuesday"))
    assert len(content_hash(a)) == 64
    assert article_id(content_hash(a)) == article_id(content_hash(b))
    assert len(article_id(content_hash(a))) == 16


def test_simhash_is_deterministic_and_signed_64_bit() -> None:
    text = normalise_text((DEDUP / "a_original.txt").read_text(encoding="utf-8"))
    fp = simhash(text)
    assert fp == simhash(text)
    assert -(2**63) <= fp < 2**63
    # Pinned: a change to the hashing would silently break comparisons with fingerprints already stored.
    assert simhash("Police fired tear gas at protesters in the capital on Monday.") == -3934852970163460183
    # Case and punctuation do not matter, words do.
    assert simhash("police fired TEAR GAS at protesters, in the capital on monday") == -3934852970163460183


def test_signed_unsigned_round_trip() -> None:
    for value in (0, 1, 2**63 - 1, 2**63, 2**64 - 1):
        signed = to_signed64(value)
        assert -(2**63) <= signed < 2**63
        assert to_unsigned64(signed) == value
        assert hamming(signed, value) == 0


def test_shingles() -> None:
    assert shingles("Troops entered Varsa on Monday") == [
        "troops entered varsa",
        "entered varsa on",
        "varsa on monday",
    ]
    assert shingles("Ceasefire holds") == ["ceasefire holds"]


@pytest.mark.parametrize(("original", "copy"), [("a_original", "a_copy"), ("b_original", "b_copy")])
def test_wire_copy_with_new_headline_and_edits_is_near_duplicate(original: str, copy: str) -> None:
    assert is_near_duplicate(_fp(original), _fp(copy))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a_original", "a_other"),  # same protest, a different report the next day
        ("a_copy", "a_other"),
        ("b_original", "b_other"),  # same attack, a different report from the village
        ("b_copy", "b_other"),
        ("a_original", "b_original"),
    ],
)
def test_different_report_on_same_topic_is_not_near_duplicate(first: str, second: str) -> None:
    assert not is_near_duplicate(_fp(first), _fp(second))
    # with a margin: not merely one bit over the threshold
    assert hamming(_fp(first), _fp(second)) > NEAR_DUPLICATE_THRESHOLD + 5


@pytest.mark.parametrize("original", ["a_original", "b_original"])
def test_threshold_catches_most_randomly_edited_copies(original: str) -> None:
    """Seeded random wire copies: new headline, a byline and three replaced words, 100 variants."""
    text = normalise_text((DEDUP / f"{original}.txt").read_text(encoding="utf-8"))
    body = text.split("\n", 1)[1]
    base = simhash(text)
    rng = random.Random(20240601)
    fillers = ["officials", "reported", "soldiers", "residents", "wounded", "capital", "district"]
    matched = 0
    for _ in range(100):
        words = body.split(" ")
        for _ in range(3):
            words[rng.randrange(len(words))] = rng.choice(fillers)
        copy = f"UPDATE 1-{rng.choice(fillers).title()} in the region\n\nBy Regional Desk\n\n" + " ".join(words)
        matched += is_near_duplicate(base, simhash(copy))
    assert matched >= 95


def test_unrelated_reports_are_far_apart() -> None:
    fps = [_fp(name) for name in ("a_original", "b_original", "a_other", "b_other")]
    distances = [hamming(x, y) for i, x in enumerate(fps) for y in fps[i + 1 :]]
    assert min(distances) > NEAR_DUPLICATE_THRESHOLD


def _flip(value: int, positions: list[int]) -> int:
    for position in positions:
        value ^= 1 << position
    return value


def _index(entries: list[BandEntry]) -> dict[tuple[int, int], list[BandEntry]]:
    index: dict[tuple[int, int], list[BandEntry]] = {}
    for entry in entries:
        for i, band in enumerate(bands(entry.fingerprint)):
            index.setdefault((i, band), []).append(entry)
    return index


def test_the_band_index_finds_every_fingerprint_within_the_stored_distance() -> None:
    rng = random.Random(11)
    rule = NearDuplicateRule()
    for _ in range(300):
        base = rng.getrandbits(64)
        near = _flip(base, rng.sample(range(64), rng.randint(0, STORED_NEAR_DUPLICATE_BITS)))
        assert rule.nearest(to_signed64(near), _index([BandEntry(1, "stored", base)])) == "stored"
        far = _flip(base, rng.sample(range(64), STORED_NEAR_DUPLICATE_BITS + 1))
        assert rule.nearest(far, _index([BandEntry(1, "stored", base)])) is None


def test_the_earliest_near_copy_wins_and_rows_without_a_fingerprint_are_skipped() -> None:
    base = 0x0123_4567_89AB_CDEF
    later, earlier = BandEntry(9, "later", _flip(base, [1])), BandEntry(2, "earlier", _flip(base, [2, 40]))
    assert NearDuplicateRule().nearest(base, _index([later, earlier])) == "earlier"
    assert nearest(base, [("none", None), ("one", base)]) == "one"
    # the same rule as is_near_duplicate, at the distance given
    assert nearest(base, [("x", _flip(base, list(range(10))))], NEAR_DUPLICATE_THRESHOLD) == "x"
    assert nearest(base, [("x", _flip(base, list(range(10))))]) is None
