"""The fusion decisions for a batch of reports, on synthetic records and an empty store (no database)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flashpoint.fuse import MatchOptions
from flashpoint.fuse.decide import fuse_reports, note_copy, orphan_of, plan, same_days
from flashpoint.records import Certainty, StoredArticle

from .batch_tools import DAY, OSSORO, TOOLS, VARDEN_MARKET, attack, empty_batch

OPTIONS = MatchOptions()
FIRST = "Gunmen attacked the cattle traders' camp outside Varden on Thursday, killing four herders. Police said."
RELAY = "Gunmen attacked the cattle traders' camp outside Varden on Thursday, killing four herders."
FAR = "Gunmen attacked a cattle traders' camp near Ossoro on Thursday, killing four herders."
DENIED = "The militia denied that its fighters attacked the cattle traders' camp outside Varden on Thursday."


def test_plan_numbers_the_events_to_fuse_across_the_batch_and_skips_what_founds_nothing() -> None:
    reports = [
        attack(FIRST, "a"),
        attack("A rumoured raid on the Varden camp was announced for next week.", "b", certainty=Certainty.FUTURE),
        attack(FAR, "c", spot=OSSORO),
    ]
    items = plan(reports, options=OPTIONS)
    assert [len(item.events) for item in items] == [1, 0, 1]
    assert [e.query for item in items for e in item.events] == [0, 1]  # one candidate query each, in order
    assert all(item.seq is None for item in items)
    rebuilt = plan(reports, options=OPTIONS, seqs=[7, 8, 9])
    assert [item.seq for item in rebuilt] == [7, 8, 9]


def test_a_relay_joins_and_a_far_town_founds_its_own_incident() -> None:
    reports = [attack(FIRST, "a"), attack(RELAY, "b", source="Jos Radio"), attack(FAR, "c", spot=OSSORO)]
    items = plan(reports, options=OPTIONS)
    batch = empty_batch(items)
    first, relay, far = fuse_reports(items, batch, options=OPTIONS)
    assert first.new_incident_ids == first.incident_ids
    assert relay.incident_ids == first.incident_ids
    assert not relay.new_incident_ids
    assert far.incident_ids != first.incident_ids
    assert [a.seq for a in batch.new_articles] == [1, 2, 3]
    founded = [s for s in batch.supports if s.score is None]
    assert [s.reasons for s in founded] == ["founded", "founded"]
    joined = next(s for s in batch.supports if s.article_id == relay.article_id)
    assert joined.score is not None
    assert joined.incident_id == first.incident_ids[0]


def test_a_denial_joins_what_it_matches_but_never_founds() -> None:
    items = plan([attack(DENIED, "d", certainty=Certainty.DENIED)], options=OPTIONS)
    alone = fuse_reports(items, empty_batch(items), options=OPTIONS)
    assert alone[0].stored
    assert alone[0].incident_ids == ()
    reports = [attack(FIRST, "a"), attack(DENIED, "d", certainty=Certainty.DENIED, spot=VARDEN_MARKET)]
    items = plan(reports, options=OPTIONS)
    first, denial = fuse_reports(items, empty_batch(items), options=OPTIONS)
    assert denial.incident_ids == first.incident_ids


def test_a_text_stored_already_is_only_a_copy_and_supports_within_a_day() -> None:
    original = attack(FIRST, "a")
    article = original.article
    stored = StoredArticle(article.id, "a", "Plateau Herald", DAY)
    copy = dataclasses.replace(original, article=dataclasses.replace(article, external_id="z", source="Jos Radio"))
    items = plan([copy], options=OPTIONS)
    batch = empty_batch(items, max_seq=5, stored={article.content_hash: stored}, ids={article.id})
    same = note_copy(article, batch)  # the stored article itself: nothing to note
    assert (same.stored, same.duplicate_of, batch.copies) == (False, article.id, [])
    result = fuse_reports(items, batch, options=OPTIONS)
    assert result[0].duplicate_of == article.id
    assert not result[0].stored
    assert batch.copies == [copy.article]
    assert batch.new_articles == []
    again = note_copy(copy.article, batch)  # the same copy again: noted once
    assert again.duplicate_of == article.id
    assert len(batch.copies) == 1


def test_copies_of_a_text_support_its_incidents_only_within_a_day() -> None:
    assert same_days(DAY, DAY + dt.timedelta(days=1))
    assert same_days(None, DAY)
    assert not same_days(DAY, DAY + dt.timedelta(days=3))


def test_a_near_copy_in_the_same_batch_is_linked_to_the_earliest() -> None:
    first = attack(FIRST, "a")
    near = attack(RELAY, "b", source="Jos Radio")
    # the same fingerprint as the first report: a near copy whatever the rest of the text says
    copy = dataclasses.replace(near, article=dataclasses.replace(near.article, fingerprint=first.article.fingerprint))
    items = plan([first, copy], options=OPTIONS)
    results = fuse_reports(items, empty_batch(items), options=OPTIONS)
    assert results[1].near_duplicate_of == first.article.id
    assert results[1].incident_ids == results[0].incident_ids


def test_an_orphan_is_profiled_as_a_report_without_an_event() -> None:
    extraction = attack("Relatives of the herders killed outside Varden buried them on Saturday.", "f")
    orphan = orphan_of(extraction, OPTIONS)
    assert orphan.article == extraction.article
    assert orphan.profile.article_id == extraction.article.id
    assert TOOLS.near.bands(extraction.article.fingerprint or 0)  # the batch's rule is the ingest one
