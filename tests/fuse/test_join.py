"""One event's decisions: candidates from read rows and the batch, found, join, bridge and merge."""

from __future__ import annotations

import dataclasses

from flashpoint.fuse import MatchOptions, blocking_keys, new_profile, profile_event
from flashpoint.fuse.batch import Bridge, Work, incident_keys
from flashpoint.fuse.join import candidates, event_figures, fuse_event, merge
from flashpoint.fuse.merge import found_incident
from flashpoint.fuse.synthetic import EventSpec, make_extraction
from flashpoint.records import CandidateRow, Extraction
from flashpoint.store import codec

from .batch_tools import DAY, VARDEN, attack, empty_batch

OPTIONS = MatchOptions()
RAID = "Gunmen raided a farming village outside Varden on Thursday, killing four people."
RELAY = "Gunmen raided a farming village outside Varden on Thursday, killing four people, residents said."


def _founded(extraction: Extraction, *, seq: int) -> Work:
    event = extraction.events[0]
    incident = found_incident(event, extraction.article, event.figures)
    profile = new_profile(incident.id, profile_event(event, extraction.article), founded_seq=seq)
    return Work(profile, None, stored=False, incident=incident)


def _row(work: Work) -> CandidateRow:
    return CandidateRow(
        work.profile.id, codec.dumps(work.profile), codec.dumps(work.record()), *incident_keys(work.profile)
    )


def test_a_stored_row_is_a_candidate_unless_the_batch_holds_a_newer_version() -> None:
    stored = _founded(attack(RAID, "a"), seq=1)
    extraction = attack(RELAY, "b")
    keys = blocking_keys(profile_event(extraction.events[0], extraction.article), window_days=OPTIONS.window_days)
    batch = empty_batch()
    found = candidates(batch, keys, [_row(stored)])
    assert list(found) == [stored.profile.id]
    assert found[stored.profile.id].stored
    assert found[stored.profile.id].record() == stored.record()  # decoded from the row's JSON
    newer = dataclasses.replace(stored, stored=True, keys=incident_keys(stored.profile))
    batch.put(newer)
    assert candidates(batch, keys, [_row(stored)])[stored.profile.id] is newer


def test_an_event_with_no_candidate_founds_and_a_matching_one_joins() -> None:
    first, relay = attack(RAID, "a"), attack(RELAY, "b", source="Jos Radio")
    batch = empty_batch()
    found: list[tuple[str, bool] | None] = []
    for seq, extraction in enumerate((first, relay), start=1):
        event = extraction.events[0]
        profile = profile_event(event, extraction.article)
        keys = blocking_keys(profile, window_days=OPTIONS.window_days)
        found.append(fuse_event(batch, event, profile, keys, [], extraction, options=OPTIONS, seq=seq, copies=()))
    assert found[0] is not None
    assert found[0][1]  # founded
    assert found[1] == (found[0][0], False)  # joined
    assert [s.reasons == "founded" for s in batch.supports] == [True, False]


def test_an_event_that_may_not_found_and_matches_nothing_is_left_out() -> None:
    extraction = attack(RAID, "a")
    event = extraction.events[0]
    profile = profile_event(event, extraction.article)
    keys = blocking_keys(profile, window_days=OPTIONS.window_days)
    batch = empty_batch()
    assert (
        fuse_event(batch, event, profile, keys, [], extraction, options=OPTIONS, seq=1, copies=(), may_found=False)
        is None
    )
    assert batch.work == {}
    assert batch.supports == []


def test_a_merge_keeps_the_older_incident_and_notes_the_bridge() -> None:
    older, newer = _founded(attack(RAID, "a"), seq=5), _founded(attack(RELAY, "b"), seq=9)
    newer = dataclasses.replace(newer, stored=True)
    batch = empty_batch()
    merged = merge(batch, newer, older, "ev-9")
    assert merged.profile.id == older.profile.id
    assert set(merged.record().article_ids) == set(older.record().article_ids) | set(newer.record().article_ids)
    assert batch.absorbed == {newer.profile.id: older.profile.id}
    assert batch.bridges == [Bridge(newer.profile.id, older.profile.id, "ev-9", stored=True)]


def test_a_single_event_report_gives_its_event_every_figure() -> None:
    text = "Gunmen raided a farming village outside Varden on Thursday. Four people were killed."
    spec = EventSpec("Violence against civilians", "Attack", DAY, VARDEN, "Gunmen raided a farming village", killed=4)
    extraction = make_extraction(text, [spec], published=DAY)
    bare = dataclasses.replace(extraction.events[0], figures=())
    single = dataclasses.replace(extraction, events=(bare,))
    assert event_figures(bare, single) == extraction.figures
    two = dataclasses.replace(extraction, events=(bare, bare))
    assert event_figures(bare, two) == ()
