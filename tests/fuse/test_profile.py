"""Profiles: content words without dates or boilerplate; incident profiles absorb events."""

from __future__ import annotations

import datetime as dt

from flashpoint.fuse.profile import absorb, content_tokens, majority_type, new_profile, profile_event
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction

SPOT = Spot("Kessa", "MLI", "Kessa", 18.4411, 1.4078, geo_precision=1)
REGION = Spot("Kessa region", "MLI", "Kessa", 19.0, 1.5, geo_precision=3)


def test_dates_and_stopwords_are_dropped() -> None:
    names, words = content_tokens("On 3rd of May 2021 and on Tuesday's vote, 14 MNLA fighters said they seized Anefis.")
    assert "may" not in names | words
    assert "2021" not in names
    assert "3rd" not in names
    assert "tuesday" not in names | words
    assert "said" not in words
    assert {"14", "mnla", "anefis"} <= names
    assert "seized" in words


def test_profile_reads_place_actors_and_toll() -> None:
    text = "On 2 May 2021, MNLA fighters seized a checkpoint in Kessa, killing 3 soldiers."
    spec = EventSpec(
        "Battles", "Armed clash", dt.date(2021, 5, 2), SPOT, text, actors=("MNLA", "Civilians (Mali)"), killed=3
    )
    extraction = make_extraction(text, [spec], published=dt.date(2021, 5, 3))
    profile = profile_event(extraction.events[0], extraction.article, whole_text=True)
    assert profile.actors == ("mnla",)  # generic categories are left out
    assert profile.killed == 3
    assert profile.admin1 == "Kessa"
    assert "kessa" in profile.known


def test_absorb_keeps_the_most_precise_place_and_widens_the_span() -> None:
    vague = make_extraction(
        "Fighting in Kessa region.",
        [EventSpec("Battles", "Armed clash", dt.date(2021, 5, 2), REGION, "Fighting in Kessa region.")],
    )
    exact = make_extraction(
        "Clashes in Kessa town.",
        [EventSpec("Battles", "Armed clash", dt.date(2021, 5, 3), SPOT, "Clashes in Kessa town.")],
    )
    first = profile_event(vague.events[0], vague.article)
    second = profile_event(exact.events[0], exact.article)
    merged = absorb(new_profile("I", first), second)
    assert merged.place_name == "Kessa"
    assert merged.geo_precision == 1
    assert (merged.date_lo, merged.date_hi) == (dt.date(2021, 5, 2), dt.date(2021, 5, 3))
    assert merged.n_events == 2
    assert merged.article_ids == (vague.article.id, exact.article.id)


def test_majority_type_ties_go_to_the_first() -> None:
    assert majority_type(["Attack", "Armed clash"], "x") == "Attack"
    assert majority_type(["Attack", "Armed clash", "Armed clash"], "x") == "Armed clash"
    assert majority_type([], "fallback") == "fallback"


def test_date_windows_follow_how_the_date_was_stated() -> None:
    from dataclasses import replace

    from flashpoint.fuse.profile import date_window

    day = dt.date(2021, 5, 4)
    text = "Fighters attacked a checkpoint in Kessa."
    extraction = make_extraction(text, [EventSpec("Battles", "Armed clash", day, SPOT, text)], published=day)
    event = extraction.events[0]
    explicit = replace(event, date=replace(event.date, phrase="4 May 2021"))
    weekday = replace(event, date=replace(event.date, phrase="on Tuesday"))
    fallback = replace(event, date=replace(event.date, phrase=None, time_precision=2))
    assert date_window(explicit, extraction.article) == (day, day)
    assert date_window(weekday, extraction.article) == (day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert date_window(fallback, extraction.article) == (day - dt.timedelta(days=3), day)


def test_sentence_initial_capitals_are_not_names() -> None:
    names, words = content_tokens("Explosion at the market. Witnesses saw the Explosion Squad arrive in Kessa.")
    assert "kessa" in names
    assert "witnesses" in words
    assert "explosion" in names  # capitalised mid-sentence too ("Explosion Squad")


def test_a_report_dated_only_by_publication_neither_widens_nor_narrows_a_dated_incident() -> None:
    from dataclasses import replace

    day, later = dt.date(2021, 5, 4), dt.date(2021, 5, 7)
    text = "Fighters attacked a checkpoint in Kessa on Tuesday."
    dated = make_extraction(text, [EventSpec("Battles", "Armed clash", day, SPOT, text)], published=day)
    dated_event = replace(dated.events[0], date=replace(dated.events[0].date, phrase="on Tuesday"))
    mention = "The attack on the Kessa checkpoint was condemned by the governor."
    follow = make_extraction(mention, [EventSpec("Battles", "Armed clash", later, SPOT, mention)], published=later)
    undated = replace(follow.events[0], date=replace(follow.events[0].date, phrase=None, time_precision=2))
    on_day = profile_event(dated_event, dated.article)
    by_publication = profile_event(undated, follow.article)
    assert not on_day.dated_by_publication
    assert by_publication.dated_by_publication
    # the follow-up says "on or before 7 May": the incident stays on 4 May, whichever report came first
    first_dated = absorb(new_profile("I", on_day), by_publication)
    first_undated = absorb(new_profile("I", by_publication), on_day)
    for merged in (first_dated, first_undated):
        assert (merged.date_lo, merged.date_hi) == (day, day)
        assert not merged.dated_by_publication
    # the matching windows still cover both reports
    assert (first_dated.window_lo, first_dated.window_hi) == (first_undated.window_lo, first_undated.window_hi)
    assert first_dated.window_hi == later
    # two reports both dated by publication: the span covers both days
    other = absorb(new_profile("J", by_publication), replace(by_publication, date_start=day, date_end=day))
    assert (other.date_lo, other.date_hi, other.dated_by_publication) == (day, later, True)
