"""The ledger: lossless, transactional, idempotent storage; incremental fusion with stable ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from flashpoint.errors import NotFoundError, StoreError
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction, report_stream, spots
from flashpoint.ledger import Ledger
from flashpoint.records import Certainty, Extraction, FigureKind, Rejection

# Every ledger test runs on SQLite, and on PostgreSQL too when FLASHPOINT_TEST_PG_URL is set (the
# `database_urls` fixture of tests/conftest.py).
UrlFactory = Callable[[str], str]

DAY = dt.date(2023, 8, 22)
MOGADISHU = Spot("Mogadishu", "SOM", "Banadir", 2.0371, 45.3438)
KISMAYO = Spot("Kismayo", "SOM", "Lower Juba", -0.3582, 42.5454)

BOMB_FULL = (
    "A car bomb exploded at a checkpoint on the airport road in Mogadishu on Tuesday, killing 7 people. "
    "Al-Shabaab said its fighters carried out the attack on the Afgoye junction."
)
BOMB_RELAY = "A car bomb exploded at a checkpoint on the airport road in Mogadishu on Tuesday, killing 7 people."
BOMB_UPDATE = (
    "The toll from Tuesday's car bomb at the airport road checkpoint in Mogadishu rose to 11, "
    "a doctor at Madina hospital said. Al-Shabaab claimed the checkpoint attack."
)
MORTARS = "Mortar shells fired at Villa Somalia landed in the Bondhere district of Mogadishu on Tuesday evening."


def bomb(text: str, ext: str, *, killed: int | None, published: dt.date = DAY, source: str = "Horn Wire") -> Extraction:
    spec = EventSpec(
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        DAY,
        MOGADISHU,
        text.split(". ", maxsplit=1)[0],
        actors=("Al Shabaab",),
        killed=killed,
    )
    return make_extraction(text, [spec], published=published, source=source, external_id=ext)


def mortars() -> Extraction:
    spec = EventSpec("Explosions/Remote violence", "Shelling/artillery/missile attack", DAY, MOGADISHU, MORTARS)
    return make_extraction(MORTARS, [spec], published=DAY, source="Radio Muqdisho", external_id="mortars")


@pytest.fixture
def make_url(database_urls: UrlFactory) -> UrlFactory:
    """A factory of fresh, empty database URLs (one per name) on the test's backend (tests/conftest.py)."""
    return database_urls


@pytest.fixture
def ledger(make_url: UrlFactory) -> Iterator[Ledger]:
    with Ledger(make_url("ledger")) as opened:
        yield opened


def test_relay_and_follow_up_fuse_and_the_other_incident_stays_apart(ledger: Ledger) -> None:
    first = ledger.record(bomb(BOMB_FULL, "wire-1", killed=7))
    relay = ledger.record(bomb(BOMB_RELAY, "local-1", killed=7, source="Radio Muqdisho"))
    update = ledger.record(bomb(BOMB_UPDATE, "wire-2", killed=11, published=DAY + dt.timedelta(days=1)))
    other = ledger.record(mortars())
    assert first.new_incident_ids == first.incident_ids
    assert relay.incident_ids == first.incident_ids == update.incident_ids
    assert other.incident_ids != first.incident_ids
    incident = ledger.incident(first.incident_ids[0])
    assert incident.external_ids == ("wire-1", "local-1", "wire-2")
    assert len(incident.event_ids) == 3
    assert len(incident.article_ids) == 3
    (killed,) = ledger.history(incident.id)
    assert killed.kind is FigureKind.KILLED
    assert [r.figure.best for r in killed.revisions] == [7, 7, 11]  # earlier values stay
    assert killed.acled_value == 11  # the later higher toll supersedes
    lineage = ledger.lineage(incident.id)
    assert lineage[0].score is None
    assert lineage[1].score is not None
    assert "same place" in lineage[1].reasons


def test_recording_the_same_report_again_changes_nothing(ledger: Ledger) -> None:
    extraction = bomb(BOMB_FULL, "wire-1", killed=7)
    ledger.record(extraction)
    before = (ledger.counts(), ledger.incidents())
    again = ledger.record(extraction)
    assert not again.stored
    assert again.duplicate_of == extraction.article.id
    assert (ledger.counts(), ledger.incidents()) == before
    assert ledger.find_duplicate(extraction.article) == extraction.article.id


def test_a_verbatim_copy_from_another_outlet_supports_the_incident(ledger: Ledger) -> None:
    original = bomb(BOMB_FULL, "wire-1", killed=7)
    copy = dataclasses.replace(original.article, external_id="reprint-9", source="Daily Horn")
    early = ledger.record_copy(copy)  # may arrive before the original is recorded
    assert not early.stored
    result = ledger.record(original)
    assert ledger.incident(result.incident_ids[0]).external_ids == ("wire-1", "reprint-9")
    late = dataclasses.replace(copy, external_id="reprint-10")
    assert ledger.record_copy(late).incident_ids == result.incident_ids
    assert ledger.record_copy(late).incident_ids == ()  # idempotent
    assert ledger.incident(result.incident_ids[0]).external_ids == ("wire-1", "reprint-9", "reprint-10")


def test_ids_are_stable_across_runs_and_rebuild(make_url: UrlFactory) -> None:
    reports = list(report_stream(120, seed=3))
    runs = []
    for name in ("a", "b"):
        with Ledger(make_url(name)) as ledger:
            for extraction in reports:
                ledger.record(extraction)
            runs.append([i.id for i in ledger.incidents()])
            incidents = ledger.incidents()
            assert ledger.rebuild() == len(incidents)
            assert ledger.incidents() == incidents
    assert runs[0] == runs[1]


def test_a_new_report_touches_only_what_it_matches(ledger: Ledger) -> None:
    ledger.record(bomb(BOMB_FULL, "wire-1", killed=7))
    other = ledger.record(mortars())
    before = ledger.incident(other.incident_ids[0])
    ledger.record(bomb(BOMB_RELAY, "local-1", killed=7))
    assert ledger.incident(other.incident_ids[0]) == before


def test_distant_town_same_day_is_another_incident(ledger: Ledger) -> None:
    ledger.record(bomb(BOMB_FULL, "wire-1", killed=7))
    text = "A car bomb exploded at a checkpoint on the airport road in Kismayo on Tuesday, killing 7 people."
    spec = EventSpec("Explosions/Remote violence", "Remote explosive/landmine/IED", DAY, KISMAYO, text)
    ledger.record(make_extraction(text, [spec], published=DAY, external_id="kismayo"))
    assert len(ledger.incidents()) == 2


def test_multi_event_report_splits_into_atomic_incidents(ledger: Ledger) -> None:
    one = "Militants bombed a checkpoint in Mogadishu on Tuesday."
    two = "On the same day, gunmen attacked a police post in Kismayo."
    specs = [
        EventSpec("Explosions/Remote violence", "Remote explosive/landmine/IED", DAY, MOGADISHU, one),
        EventSpec("Violence against civilians", "Attack", DAY, KISMAYO, two),
    ]
    result = ledger.record(make_extraction(f"{one} {two}", specs, published=DAY, external_id="multi"))
    assert len(result.incident_ids) == 2
    assert len(result.new_incident_ids) == 2


def test_denied_events_are_stored_but_found_no_incident(ledger: Ledger) -> None:
    text = "Al-Shabaab denied it attacked the Mogadishu port on Tuesday."
    spec = EventSpec("Battles", "Armed clash", DAY, MOGADISHU, text, certainty=Certainty.DENIED)
    result = ledger.record(make_extraction(text, [spec], published=DAY))
    assert result.stored
    assert result.incident_ids == ()
    assert ledger.counts()["events"] == 1
    assert ledger.incidents() == []


def test_extractions_round_trip_losslessly(ledger: Ledger) -> None:
    stored = [bomb(BOMB_FULL, "wire-1", killed=7), mortars()]
    for extraction in stored:
        ledger.record(extraction)
    assert list(ledger.extractions()) == stored
    assert ledger.article(stored[1].article.id) == stored[1].article
    assert ledger.extraction(stored[0].article.id) == stored[0]


def test_failed_write_leaves_no_half_written_report(ledger: Ledger) -> None:
    good = bomb(BOMB_FULL, "wire-1", killed=7)
    ledger.record(good)
    clash = mortars()
    # an event id that is already stored makes the events insert fail after the article row was written
    broken = dataclasses.replace(clash, events=(dataclasses.replace(clash.events[0], id=good.events[0].id),))
    with pytest.raises(StoreError):
        ledger.record(broken)
    counts = ledger.counts()
    assert counts["articles"] == 1
    assert counts["events"] == 1
    assert counts["incidents"] == 1
    ledger.record(clash)  # the batch goes on
    assert ledger.counts()["articles"] == 2


def test_near_duplicates_are_linked(ledger: Ledger) -> None:
    first = bomb(BOMB_FULL, "wire-1", killed=7)
    ledger.record(
        dataclasses.replace(first, article=dataclasses.replace(first.article, fingerprint=0xF0F0_1234_5678_9ABC))
    )
    second = bomb(BOMB_FULL + " Updated.", "wire-1b", killed=7)
    near = dataclasses.replace(second.article, fingerprint=0xF0F0_1234_5678_9ABD)  # one bit apart
    result = ledger.record(dataclasses.replace(second, article=near))
    assert result.near_duplicate_of == first.article.id
    assert ledger.article(near.id).near_duplicate_of == first.article.id


def test_rejections_and_missing_records(ledger: Ledger) -> None:
    rejection = Rejection(origin="bad.bin", code="FP102", reason="binary", stage="ingest@0", external_id="x")
    ledger.record_rejection(rejection)
    ledger.record_rejection(rejection)
    assert ledger.rejections() == [rejection]
    with pytest.raises(NotFoundError):
        ledger.incident("inc-nothing")
    with pytest.raises(NotFoundError):
        ledger.article("nothing")


def test_record_many_commits_in_batches(make_url: UrlFactory) -> None:
    reports = list(report_stream(60, seed=5))
    with Ledger(make_url("many")) as many, Ledger(make_url("one")) as one:
        results = list(many.record_many(reports, batch_size=7))
        for extraction in reports:
            one.record(extraction)
        assert len(results) == 60
        assert many.incidents() == one.incidents()


def _rewrite(earlier: Extraction, i: int) -> Extraction:
    """A rewrite of ``earlier`` by another desk, its SimHash one bit apart (a near-duplicate)."""
    rewrite = make_extraction(
        earlier.article.text + " Updated.",
        [EventSpec(e.event_type, e.sub_event_type, e.date.start, None, e.evidence[0].text) for e in earlier.events],
        published=earlier.article.published,
        source="Rewrite Desk",
        external_id=f"rewrite-{i}",
    )
    fingerprint = (earlier.article.fingerprint or 0) ^ (1 << (i % 64))
    return dataclasses.replace(rewrite, article=dataclasses.replace(rewrite.article, fingerprint=fingerprint))


def test_record_many_finds_duplicates_and_near_duplicates_within_its_batch(make_url: UrlFactory) -> None:
    reports = list(report_stream(30, seed=9))
    stream: list[Extraction] = []
    for i, extraction in enumerate(reports):
        stream.append(extraction)
        if i % 7 == 3:
            stream.append(reports[i - 2])  # the same report again, in the same batch
        if i % 5 == 4:  # a rewrite of an earlier report of the batch: SimHash one bit apart
            stream.append(_rewrite(reports[i - 3], i))
    with Ledger(make_url("many")) as many, Ledger(make_url("one")) as one:
        batched = list(many.record_many(stream, batch_size=len(stream)))
        single = [one.record(extraction) for extraction in stream]
        assert batched == single
        assert sum(not r.stored for r in batched) == 4
        assert sum(r.near_duplicate_of is not None for r in batched) == 6
        assert many.incidents() == one.incidents()
        assert many.counts() == one.counts()


def _report(
    text: str,
    ext: str,
    *,
    source: str,
    day: dt.date = DAY,
    published: dt.date = DAY,
    spot: Spot = MOGADISHU,
    sub: str = "Remote explosive/landmine/IED",
    kind: str = "Explosions/Remote violence",
    phrase: str | None = "Tuesday",
    certainty: Certainty = Certainty.ASSERTED,
) -> Extraction:
    spec = EventSpec(kind, sub, day, spot, text.split(". ", maxsplit=1)[0], certainty=certainty)
    extraction = make_extraction(text, [spec], published=published, source=source, external_id=ext)
    event = extraction.events[0]
    # dated by a weekday ("on Tuesday"), as news reports are, not by an explicit calendar day
    event = dataclasses.replace(event, date=dataclasses.replace(event.date, phrase=phrase))
    return dataclasses.replace(extraction, events=(event,))


def test_a_denial_joins_the_incident_it_refers_to(ledger: Ledger) -> None:
    first = ledger.record(_report(BOMB_FULL, "wire-1", source="Horn Wire"))
    denial = _report(
        "Al-Shabaab denied that its fighters planted the car bomb at the airport road checkpoint in Mogadishu.",
        "denial",
        source="Radio Muqdisho",
        published=DAY + dt.timedelta(days=1),
        certainty=Certainty.DENIED,
    )
    result = ledger.record(denial)
    assert result.incident_ids == first.incident_ids
    assert ledger.incident(first.incident_ids[0]).external_ids == ("wire-1", "denial")
    assert len(ledger.incidents()) == 1


def test_a_later_report_bridges_two_incidents_and_the_older_id_survives(ledger: Ledger) -> None:
    # two first reports too different to fuse on their own: one a day off (a weekday read against
    # another publication date), one with few words in common
    a = ledger.record(
        _report(
            "A car bomb exploded at a checkpoint on the airport road in Mogadishu, killing soldiers.",
            "a",
            source="Horn Wire",
            day=DAY - dt.timedelta(days=1),
            phrase="Monday",
        )
    )
    b = ledger.record(
        _report(
            "Explosion heard near Afgoye junction; ambulances rushed to the scene, residents said.",
            "b",
            source="Radio Muqdisho",
            day=DAY + dt.timedelta(days=1),
            phrase="Wednesday",
        )
    )
    assert a.incident_ids != b.incident_ids
    bridge = ledger.record(
        _report(
            "A car bomb exploded at the airport road checkpoint near Afgoye junction in Mogadishu on Tuesday; "
            "ambulances rushed to the scene and soldiers were among the dead, residents said.",
            "c",
            source="Global Newswire",
            published=DAY + dt.timedelta(days=1),
        )
    )
    (survivor,) = ledger.incidents()
    assert survivor.id == a.incident_ids[0]  # the older incident keeps its id
    assert survivor.merged_from == b.incident_ids
    assert set(survivor.external_ids) == {"a", "b", "c"}
    assert bridge.incident_ids == a.incident_ids
    assert ledger.incident(b.incident_ids[0]).id == survivor.id  # the absorbed id still resolves
    assert {s.external_id for s in ledger.lineage(b.incident_ids[0])} == {"a", "b", "c"}
    assert any(r.startswith("bridged") for r in ledger.lineage(survivor.id)[-1].reasons)
    before = ledger.incidents()
    assert ledger.rebuild() == 1
    assert ledger.incidents() == before  # the replay merges the same way


def test_no_bridge_across_two_stories_of_one_outlet_on_one_day(ledger: Ledger) -> None:
    a = ledger.record(_report(BOMB_RELAY, "a", source="Horn Wire"))
    b = ledger.record(_report(MORTARS, "b", source="Horn Wire", sub="Shelling/artillery/missile attack"))
    assert a.incident_ids != b.incident_ids
    ledger.record(_report(f"{BOMB_RELAY} {MORTARS}", "c", source="Global Newswire"))
    assert len(ledger.incidents()) == 2


def test_near_duplicate_reports_put_their_events_in_the_same_incident(ledger: Ledger) -> None:
    first = _report(BOMB_FULL, "wire-1", source="Horn Wire")
    ledger.record(dataclasses.replace(first, article=dataclasses.replace(first.article, fingerprint=0xABCD_0000_1111)))
    # a rewrite whose extraction placed the event a district away and a day later
    text = BOMB_FULL.replace("Afgoye junction", "Afgoye crossroads")
    second = _report(text, "wire-1b", source="Horn Wire", day=DAY + dt.timedelta(days=1), phrase="Wednesday")
    second = dataclasses.replace(second, article=dataclasses.replace(second.article, fingerprint=0xABCD_0000_1113))
    result = ledger.record(second)
    assert result.near_duplicate_of == first.article.id
    (incident,) = ledger.incidents()
    assert incident.external_ids == ("wire-1", "wire-1b")
    assert "near-duplicate report" in ledger.lineage(incident.id)[-1].reasons


def test_incident_ids_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from flashpoint.fuse.synthetic import report_stream\n"
        "from flashpoint.ledger import Ledger\n"
        "with Ledger('sqlite://') as ledger:\n"
        "    for _ in ledger.record_many(report_stream(400, seed=11), batch_size=50):\n"
        "        pass\n"
        "    print([(i.id, i.event_ids, i.merged_from) for i in ledger.incidents()])\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_stored_blocking_columns_follow_the_profiles_across_batches(make_url: UrlFactory) -> None:
    # updates that leave the indexed columns alone skip them: every row must still match its profile,
    # including incidents whose date window grew in a later batch (dense stream: many later joins)
    from flashpoint.fuse.blocking import admin_key, cell_of, is_coarse
    from flashpoint.fuse.profile import IncidentProfile
    from flashpoint.store import codec

    url = make_url("blocking")
    stream = list(report_stream(400, seed=13, places=6, days=12))
    # a report that gives only the region, then (another transaction) one that names the town: the
    # incident's place becomes precise, so its row must leave the coarse index entries
    region = Spot("Lower Shabelle", "SOM", "Lower Shabelle", 1.9, 44.5, geo_precision=3)
    town = Spot("Afgooye", "SOM", "Lower Shabelle", 1.9, 44.5, geo_precision=1)
    sentence = "On 05 January 2021, a roadside bomb exploded beside a minibus near the Afgooye bridge."
    vague = make_extraction(
        sentence,
        [
            EventSpec(
                "Explosions/Remote violence", "Remote explosive/landmine/IED", dt.date(2021, 1, 5), region, sentence
            )
        ],
        published=dt.date(2021, 1, 5),
        source="A",
    )
    text = sentence + " Police said the device was planted overnight."
    precise = make_extraction(
        text,
        [EventSpec("Explosions/Remote violence", "Remote explosive/landmine/IED", dt.date(2021, 1, 5), town, sentence)],
        published=dt.date(2021, 1, 6),
        source="B",
    )
    with Ledger(url) as ledger:
        for _ in ledger.record_many(stream, batch_size=37):
            pass
        first = ledger.record(vague)
        second = ledger.record(precise)
        assert second.incident_ids == first.incident_ids
        with ledger._engine.connect() as conn:
            rows = conn.execute(
                sa.text("select date_lo, date_hi, cell, admin_key, country_iso3, coarse, profile from incidents")
            ).all()
    refined = 0
    for date_lo, date_hi, cell, admin, country, coarse, profile_json in rows:
        profile = codec.loads(IncidentProfile, profile_json)
        lo = profile.window_lo or profile.date_lo
        hi = profile.window_hi or profile.date_hi
        assert (str(date_lo)[:10], str(date_hi)[:10]) == (str(lo), str(hi))
        assert cell == cell_of(profile.latitude, profile.longitude)
        assert admin == admin_key(profile.country_iso3, profile.admin1)
        assert country == profile.country_iso3
        assert bool(coarse) == is_coarse(profile.geo_precision, profile.latitude)
        refined += profile.id == first.incident_ids[0] and not coarse
    assert rows
    assert refined == 1


def _mixed_stream() -> list[Extraction]:
    """A dense stream with everything a bulk load meets: relays and revised tolls, the same report again
    (some a few batches back), verbatim copies from another outlet, near-duplicate rewrites, two-town
    reports that can bridge incidents, and denials."""
    base = list(report_stream(700, seed=17, places=12, days=20))
    towns = spots(12, seed=17)  # the stream's own towns
    out: list[Extraction] = []
    for i, extraction in enumerate(base):
        out.append(extraction)
        if i % 41 == 7 and i > 10:
            out.append(base[i - 3])
        if i % 97 == 5 and i > 200:
            out.append(base[i - 150])
        if i % 31 == 9 and i > 70:  # the same text from another outlet, the same day or days later
            copied = base[i - 1 - (i * 13) % 69]
            published = (copied.article.published or dt.date(2021, 1, 1)) + dt.timedelta(days=(0, 1, 4)[i % 3])
            copy = dataclasses.replace(copied.article, external_id=f"copy-{i}", source="Copy Desk", published=published)
            out.extend([dataclasses.replace(copied, article=copy)] * (1 + i % 2))
        if i % 23 == 11:
            out.append(_rewrite(base[i - 4], i))
        if i % 19 == 3:
            day = dt.date(2021, 1, 1) + dt.timedelta(days=i % 20)
            one, two = towns[i % len(towns)], towns[(i * 7 + 3) % len(towns)]
            attack = f"On {day:%d %B %Y}, gunmen opened fire on villagers in {one.name}."
            shelling = f"Shells struck houses in {two.name} the same day."
            out.append(
                make_extraction(
                    f"{attack} {shelling}",
                    [
                        EventSpec("Violence against civilians", "Attack", day, one, attack, killed=i % 4),
                        EventSpec(
                            "Explosions/Remote violence", "Shelling/artillery/missile attack", day, two, shelling
                        ),
                    ],
                    published=day,
                    source="Two Town Wire",
                    external_id=f"two-{i}",
                )
            )
            out.append(
                make_extraction(
                    f"{attack} The army denied it.",
                    [EventSpec("Violence against civilians", "Attack", day, one, attack, certainty=Certainty.DENIED)],
                    published=day + dt.timedelta(days=1),
                    source="Denial Desk",
                    external_id=f"denial-{i}",
                )
            )
    return out


def _tables(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = sa.create_engine(url)
    names = (
        "articles",
        "article_copies",
        "events",
        "figures",
        "claims",
        "incidents",
        "incident_events",
        "incident_merges",
    )
    with engine.connect() as conn:
        tables = {name: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {name}")).all()] for name in names}
    engine.dispose()
    return {name: sorted(rows, key=repr) for name, rows in tables.items()}


def test_a_background_bulk_load_writes_what_the_foreground_writes(tmp_path: Path) -> None:
    stream = _mixed_stream()
    front, back = f"sqlite:///{tmp_path / 'front.db'}", f"sqlite:///{tmp_path / 'back.db'}"
    with Ledger(front) as foreground, Ledger(back) as background:
        expected = list(foreground.record_many(stream, batch_size=29))
        got = list(background.record_many(stream, batch_size=29, background=True))
        assert got == expected
        assert background.incidents() == foreground.incidents()
        counts = background.counts()
    assert sum(not r.stored for r in got) >= 30  # the same text again: stored once
    assert sum(r.near_duplicate_of is not None for r in got) >= 25
    tables = _tables(back)
    assert tables["incident_merges"]  # two-town reports bridged incidents across batches
    assert len(tables["article_copies"]) >= 10  # copies from another outlet support the original's incidents
    assert any("copy-" in str(row) for row in tables["incidents"])
    assert counts["articles"] == len(tables["articles"])
    assert tables == _tables(front)


def test_a_failed_background_batch_raises_and_leaves_the_batches_before_it(tmp_path: Path) -> None:
    stream = list(report_stream(120, seed=21))
    # an event id that an earlier batch stored: the events insert of the batch holding it fails
    clash = stream[90]  # in the fourth batch of 25
    broken = dataclasses.replace(clash, events=(dataclasses.replace(clash.events[0], id=stream[3].events[0].id),))
    with Ledger(f"sqlite:///{tmp_path / 'fail.db'}") as ledger:
        done: list[object] = []
        results = ledger.record_many([*stream[:90], broken, *stream[91:]], batch_size=25, background=True)
        with pytest.raises(StoreError):
            done.extend(results)  # keeps what came before the error
        assert len(done) == 75  # batches 1-3 committed and reported; the failing fourth, and after it, not
        assert ledger.counts()["articles"] == 75
        assert all(ledger.article(x.article.id) for x in stream[:75])
        with pytest.raises(NotFoundError):
            ledger.article(stream[80].article.id)


def test_stopping_a_background_load_early_keeps_whole_batches_and_the_rest_can_follow(tmp_path: Path) -> None:
    stream = list(report_stream(400, seed=23))
    with Ledger(f"sqlite:///{tmp_path / 'early.db'}") as ledger:
        results = ledger.record_many(stream, batch_size=40, background=True)
        first = [next(results) for _ in range(3)]
        results.close()  # the caller stops: batches already handed over are still committed, whole
        stored = ledger.counts()["articles"]
        assert stored >= 40
        assert stored % 40 == 0
        assert [ledger.article(r.article_id).id for r in first] == [r.article_id for r in first]
        again = list(ledger.record_many(stream, batch_size=40, background=True))
        assert sum(r.stored for r in again) == len(stream) - stored  # the rest, and nothing twice
        assert ledger.counts()["articles"] == len(stream)


VARGA_SHOOTING = (
    "A dismissed warehouse clerk, Tomas Varga, shot dead two colleagues at the Halden Logistics depot in Mogadishu "
    "on Tuesday. Police said Varga drove to the depot in a borrowed van. Halden Logistics said Varga had been "
    "dismissed in March. Prosecutor Irena Kowalczyk said Varga would be charged with murder. Colleagues Marek "
    "Nowicki and Ewa Sobczak were killed; Kowalczyk said a third employee, Lena Brandt, was wounded."
)
VARGA_TRIAL = (
    "Tomas Varga, the former Halden Logistics clerk who shot dead Marek Nowicki and Ewa Sobczak at the depot, "
    "was given a life sentence on Tuesday. Judge Piotr Zielinski said Varga had planned the attack. "
    "Prosecutor Irena Kowalczyk called the sentence just; Lena Brandt, who survived, attended with Kowalczyk."
)
VARGA_ABROAD = (
    "Police in Mogadishu named Tomas Varga as the clerk who shot Marek Nowicki and Ewa Sobczak at the Halden "
    "Logistics depot on Tuesday. Varga was dismissed by Halden Logistics; prosecutor Irena Kowalczyk said "
    "Lena Brandt was wounded. Kowalczyk said Varga would appear in court."
)


def test_a_trial_years_later_and_a_mis_geocoded_report_attach_to_their_incident(ledger: Ledger) -> None:
    shooting = _report(VARGA_SHOOTING, "first", source="Horn Wire", sub="Attack", kind="Violence against civilians")
    first = ledger.record(shooting)
    later = DAY + dt.timedelta(days=700)
    trial = _report(
        VARGA_TRIAL, "trial", source="Court News", day=later, published=later, sub="Arrests",
        kind="Strategic developments",
    )  # fmt: skip
    abroad = _report(VARGA_ABROAD, "abroad", source="Radio", spot=KISMAYO, sub="Attack", kind="Battles")
    assert ledger.record(trial).incident_ids == first.incident_ids
    assert ledger.record(abroad).incident_ids == first.incident_ids
    incident = ledger.incident(first.incident_ids[0])
    assert incident.external_ids == ("first", "trial", "abroad")
    # later developments keep their own date and place; the incident keeps its days and place
    assert (incident.date_start, incident.date_end) == (DAY, DAY)
    assert incident.place is not None
    assert incident.place.name == "Mogadishu"
    reasons = [s.reasons for s in ledger.lineage(incident.id)]
    assert any("outweighs: dates too far apart" in r for rs in reasons for r in rs), reasons
    # an unrelated report of the same kind, same place and day, stays apart
    other = _report(BOMB_FULL, "bomb", source="Horn Wire")
    assert ledger.record(other).incident_ids != first.incident_ids


VARGA_PORTRAIT = (
    "Neighbours describe Tomas Varga as quiet. Varga worked for Halden Logistics for nine years, and his "
    "colleagues Marek Nowicki and Ewa Sobczak trained him. Prosecutor Irena Kowalczyk and Lena Brandt "
    "declined to comment."
)
# one sentence that names only the company: too few names for the names rule, its words tie it to the incident
VARGA_RELAY = (
    "A dismissed clerk who shot dead two colleagues at the Halden Logistics depot drove there in a "
    "borrowed van, police said."
)


def test_content_links_give_the_same_incidents_in_any_order_and_on_rebuild(make_url: UrlFactory) -> None:
    import random

    later = DAY + dt.timedelta(days=400)
    reports = [
        # reports without an event of their own: one that names the protagonists, one that only shares words
        make_extraction(
            VARGA_PORTRAIT, [], published=DAY + dt.timedelta(days=3), source="Weekly", external_id="portrait"
        ),
        make_extraction(VARGA_RELAY, [], published=DAY, source="Coast Radio", external_id="one-line"),
        _report(VARGA_SHOOTING, "first", source="Horn Wire", sub="Attack", kind="Violence against civilians"),
        _report(
            VARGA_TRIAL,
            "trial",
            source="Court News",
            day=later,
            published=later,
            sub="Arrests",
            kind="Strategic developments",
        ),
        _report(VARGA_ABROAD, "abroad", source="Radio", spot=KISMAYO, sub="Attack", kind="Battles"),
        _report(BOMB_FULL, "bomb", source="Horn Wire"),
        _report(BOMB_RELAY, "relay", source="Coast Radio"),
        _report(MORTARS, "mortars", source="Radio Muqdisho", sub="Shelling/artillery/missile attack"),
    ]

    def groups(ledger: Ledger) -> set[frozenset[str]]:
        return {frozenset(i.external_ids) for i in ledger.incidents()}

    seen = []
    for seed in (1, 2, 3):
        order = list(reports)
        random.Random(seed).shuffle(order)
        with Ledger(make_url(f"order{seed}")) as ledger:
            for report in order:
                ledger.record(report)
            found = groups(ledger)
            ledger.rebuild()
            assert groups(ledger) == found
            seen.append(found)
    assert seen[0] == seen[1] == seen[2]
    # a report in no incident is adopted by the incident its names or words point to, whenever it came
    assert frozenset({"first", "trial", "abroad", "portrait", "one-line"}) in seen[0]
    assert frozenset({"bomb", "relay"}) in seen[0]


def test_batches_background_and_rebuild_give_the_same_lineage_with_adopted_reports(make_url: UrlFactory) -> None:
    later = DAY + dt.timedelta(days=400)
    reports = [
        make_extraction(
            VARGA_PORTRAIT, [], published=DAY + dt.timedelta(days=3), source="Weekly", external_id="portrait"
        ),
        _report(BOMB_FULL, "bomb", source="Horn Wire"),
        make_extraction(VARGA_RELAY, [], published=DAY, source="Coast Radio", external_id="one-line"),
        _report(
            VARGA_TRIAL, "trial", source="Court News", day=later, published=later, sub="Arrests",
            kind="Strategic developments",
        ),
        _report(VARGA_SHOOTING, "first", source="Horn Wire", sub="Attack", kind="Violence against civilians"),
        _report(BOMB_RELAY, "relay", source="Coast Radio"),
    ]  # fmt: skip

    def lineage(ledger: Ledger) -> list[tuple[str, str, str]]:
        rows = [(s.external_id or "", s.event_id, s.reasons) for i in ledger.incidents() for s in ledger.lineage(i.id)]
        return sorted(rows)

    seen = []
    # batches of 2 and 3: the orphans and the reports that adopt them fall in different batches
    for name, batch_size, background in (("b2", 2, False), ("b3", 3, True), ("one", 1, False)):
        with Ledger(make_url(name)) as ledger:
            list(ledger.record_many(reports, batch_size=batch_size, background=background))
            found = lineage(ledger)
            ledger.rebuild()
            assert lineage(ledger) == found
            seen.append(found)
    assert seen[0] == seen[1] == seen[2]
    assert {row[0] for row in seen[0] if row[1].endswith("#report")} == {"portrait", "one-line"}


def test_a_report_in_no_incident_is_adopted_by_a_later_report_of_its_incident(ledger: Ledger) -> None:
    portrait = make_extraction(
        VARGA_PORTRAIT, [], published=DAY + dt.timedelta(days=3), source="Weekly", external_id="portrait"
    )
    assert ledger.record(portrait).incident_ids == ()  # nothing to support yet
    first = ledger.record(
        _report(VARGA_SHOOTING, "first", source="Horn Wire", sub="Attack", kind="Violence against civilians")
    )
    incident = ledger.incident(first.incident_ids[0])
    assert incident.external_ids == ("first", "portrait")
    assert len(incident.event_ids) == 1  # only the report's ids join
    adopted = [s for s in ledger.lineage(incident.id) if s.external_id == "portrait"]
    assert adopted
    assert "report without an event of its own" in adopted[0].reasons


def test_a_one_sentence_report_joins_by_its_words_when_it_shares_a_name(ledger: Ledger) -> None:
    first = ledger.record(
        _report(VARGA_SHOOTING, "first", source="Horn Wire", sub="Attack", kind="Violence against civilians")
    )
    relay = make_extraction(VARGA_RELAY, [], published=DAY, source="Coast Radio", external_id="one-line")
    assert ledger.record(relay).incident_ids == first.incident_ids
    reasons = [s.reasons for s in ledger.lineage(first.incident_ids[0]) if s.external_id == "one-line"]
    assert any(r.startswith("report words") for r in reasons[0])
    # the same words about another company name nothing the incident's reports name: no join
    elsewhere = make_extraction(
        VARGA_RELAY.replace("Halden Logistics", "Orlo Freight"), [], published=DAY, source="Bay Radio",
        external_id="other-depot",
    )  # fmt: skip
    assert ledger.record(elsewhere).incident_ids == ()


def test_a_report_without_an_event_supports_the_incident_its_names_point_to(ledger: Ledger) -> None:
    first = ledger.record(
        _report(VARGA_SHOOTING, "first", source="Horn Wire", sub="Attack", kind="Violence against civilians")
    )
    portrait = make_extraction(
        "Neighbours describe Tomas Varga as quiet. Varga worked for Halden Logistics for nine years, and his "
        "colleagues Marek Nowicki and Ewa Sobczak trained him. Prosecutor Irena Kowalczyk and Lena Brandt "
        "declined to comment.",
        [],
        published=DAY + dt.timedelta(days=3),
        source="Weekly",
        external_id="portrait",
    )
    result = ledger.record(portrait)
    assert result.incident_ids == first.incident_ids
    incident = ledger.incident(first.incident_ids[0])
    assert incident.external_ids == ("first", "portrait")
    assert len(incident.event_ids) == 1  # it reports no event: only its ids join
    supports = ledger.lineage(incident.id)
    assert [s.external_id for s in supports] == ["first", "portrait"]
    assert "report without an event of its own" in supports[1].reasons
    # a report without an event that names nobody of the incident supports nothing
    unrelated = make_extraction("Markets were calm on Friday.", [], published=DAY, source="Weekly", external_id="calm")
    assert ledger.record(unrelated).incident_ids == ()


def _undated(extraction: Extraction) -> Extraction:
    events = tuple(
        dataclasses.replace(e, date=dataclasses.replace(e.date, start=None, end=None)) for e in extraction.events
    )
    return dataclasses.replace(
        extraction, events=events, article=dataclasses.replace(extraction.article, published=None)
    )


def test_incident_pages_are_slices_of_the_full_list_dated_first_then_undated(ledger: Ledger) -> None:
    ledger.record(bomb(BOMB_FULL, "full", killed=7))
    ledger.record(_undated(mortars()))
    every = ledger.incidents()
    assert any(i.date_start is None for i in every)
    assert any(i.date_start is not None for i in every)
    for offset in range(len(every) + 2):
        for limit in (1, 2, None):
            total, chosen = ledger.incident_page(offset=offset, limit=limit)
            end = None if limit is None else offset + limit
            assert total == len(every)
            assert [i.id for i in chosen] == [i.id for i in every[offset:end]], (offset, limit)
