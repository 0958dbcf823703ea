"""The in-memory batch: sequence numbers, the incident index, merges followed, and the batch handed on."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from flashpoint.errors import StoreError
from flashpoint.fuse import MatchOptions, blocking_keys, new_profile, profile_event
from flashpoint.fuse.batch import Batch, Work, country_mode, incident_keys, index_keys, window_overlaps
from flashpoint.fuse.merge import found_incident
from flashpoint.fuse.synthetic import Spot
from flashpoint.records import StoreSnapshot

from .batch_tools import DAY, OSSORO, TOOLS, VARDEN, attack, empty_batch

TEXT = "Gunmen raided a farming village outside Varden on Thursday, killing four people."


def _work(spot: Spot = VARDEN, ext: str = "a", *, seq: int = 1) -> Work:
    extraction = attack(TEXT + f" ({ext})", ext, spot=spot)
    event = extraction.events[0]
    incident = found_incident(event, extraction.article, event.figures)
    profile = new_profile(incident.id, profile_event(event, extraction.article), founded_seq=seq)
    return Work(profile, None, stored=False, incident=incident)


def test_article_seqs_follow_the_largest_stored_and_the_batch_before() -> None:
    first = empty_batch(max_seq=41)
    assert [first.take_seq(), first.take_seq()] == [42, 43]
    after = Batch(TOOLS, parent=first)
    after.start(StoreSnapshot(max_seq=41), None)  # read before the first batch's writes were visible
    assert after.take_seq() == 44
    drawn = Batch(TOOLS)
    drawn.start(StoreSnapshot(), lambda: 7)  # a database sequence (PostgreSQL)
    assert drawn.take_seq() == 7
    nothing = Batch(TOOLS)
    nothing.start(StoreSnapshot(), None)
    with pytest.raises(StoreError):
        nothing.take_seq()


def test_incidents_are_found_by_the_keys_of_their_rows() -> None:
    batch = empty_batch()
    near, far = _work(VARDEN, "a"), _work(OSSORO, "b")
    batch.put(near)
    batch.put(far)
    extraction = attack(TEXT, "c")
    keys = blocking_keys(
        profile_event(extraction.events[0], extraction.article), window_days=MatchOptions().window_days
    )
    found = [w.profile.id for w in batch.lookup(keys, country_mode(keys))]
    assert near.profile.id in found
    assert country_mode(keys) == "coarse"  # a precise event: only coarse incidents beyond its cells
    assert far.profile.id not in found
    row_keys = incident_keys(near.profile)
    assert ("cell", row_keys.cell, False) in index_keys(near.profile)
    assert (row_keys.date_lo, row_keys.date_hi) == (near.profile.window_lo, near.profile.window_hi)


def test_a_merged_incident_is_followed_and_its_lineage_moves() -> None:
    parent = empty_batch()
    a, b = _work(VARDEN, "a", seq=1), _work(VARDEN, "b", seq=2)
    parent.put(a)
    parent.put(b)
    parent.support("e1", b.profile.id, "art-b", None, "founded")
    parent.absorb(b.profile.id, a.profile.id)
    assert parent.supports[0].incident_id == a.profile.id
    assert parent.article_incidents["art-b"] == [a.profile.id]
    assert parent.superseded(b.profile.id)
    parent.written_keys[a.profile.id] = incident_keys(a.profile)
    child = empty_batch(parent=parent.settled())
    assert child.resolve(b.profile.id) == a.profile.id
    current = child.current(a.profile.id)
    assert current is not None
    assert current.stored  # as written by the batch before
    assert current.keys == incident_keys(a.profile)


def test_date_windows_overlap_only_when_both_are_dated_or_both_undated() -> None:
    profile = _work().profile
    assert window_overlaps(profile, DAY, DAY)
    assert not window_overlaps(profile, DAY + dt.timedelta(days=60), DAY + dt.timedelta(days=61))
    assert not window_overlaps(profile, None, None)
    undated = dataclasses.replace(profile, date_lo=None, date_hi=None, window_lo=None, window_hi=None)
    assert window_overlaps(undated, None, None)


def test_a_record_without_json_or_decoder_is_a_store_error() -> None:
    work = _work()
    bare = Work(work.profile, None, stored=True)
    with pytest.raises(StoreError):
        bare.record()
