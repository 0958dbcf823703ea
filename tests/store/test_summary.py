"""The lists' materialised rows (store.summary): written with every incident, by every write path, built for an
existing database by its migration, and answering the list queries. The equality of every filtered page with the
full-decoding path is in tests/web/test_app_ledger.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import command

from flashpoint.export.context import CERTAINTY_ORDER
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction, report_stream, spots
from flashpoint.ledger import Ledger
from flashpoint.records import Certainty, Extraction, FigureKind
from flashpoint.store import create_engine, migrate, summary
from flashpoint.store.database import _alembic_config
from flashpoint.store.schema import event_actors, event_items, incident_actors, incident_merges, incident_summaries

UrlFactory = Callable[[str], str]
HILL = Spot("Tarnbeck", "KEN", "Rift", 0.51, 35.27)


def _stable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Summaries without their write time (which differs between two writes of the same incident)."""
    return [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]


def _tables(url: str) -> tuple[list[Any], list[Any], list[Any]]:
    """The incident and event actor names, and the event items (with their list positions) without their write
    times."""
    engine = create_engine(url)
    with engine.connect() as conn:
        people = sorted(conn.execute(sa.select(incident_actors)).all())
        said = sorted(conn.execute(sa.select(event_actors)).all())
        items = sorted(conn.execute(sa.select(event_items.c.event_id, event_items.c.item, event_items.c.pos)).all())
    engine.dispose()
    return people, said, items


def test_the_firmness_order_is_the_exports_certainty_order() -> None:
    assert tuple(c.value for c in CERTAINTY_ORDER) == summary.FIRMNESS
    assert summary.firmest(["hedged", None, "reported", "denied"]) == "reported"
    assert summary.firmest([None]) is None


def test_a_summary_holds_what_the_lists_filter_on(tmp_path: Any) -> None:
    text = "Herders from the Blue Ridge militia raided Tarnbeck on 9 May 2022, killing 6, elders said."
    spec = EventSpec(
        "Violence against civilians", "Attack", dt.date(2022, 5, 9), HILL, text,
        actors=("Blue Ridge Militia",), killed=6, certainty=Certainty.REPORTED, end=dt.date(2022, 5, 10),
    )  # fmt: skip
    with Ledger(f"sqlite:///{tmp_path / 's.db'}") as ledger:
        ledger.record(make_extraction(text, [spec], published=dt.date(2022, 5, 11)))
        (row,) = ledger.summaries()
        (incident,) = ledger.incidents()
    assert row["id"] == incident.id
    assert row["event_type_key"] == "violence against civilians"
    assert (row["day_lo"], row["day_hi"]) == (dt.date(2022, 5, 9), dt.date(2022, 5, 10))
    assert (row["country_key"], row["latitude"], row["longitude"]) == ("KEN", 0.51, 35.27)
    assert row["fatalities"] == sum(h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED) == 6
    assert row["certainty"] == "reported"
    assert row["published_hi"] == dt.date(2022, 5, 11)
    assert row["actors"] == ["Blue Ridge Militia"]
    assert (row["n_reports"], row["n_figures"]) == (1, len(incident.figures))
    assert row["updated_at"] <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
    people, said, items = _tables(f"sqlite:///{tmp_path / 's.db'}")
    assert [p[1] for p in people] == [s[1] for s in said] == ["blue ridge militia"]
    item = orjson.loads(row["item"])  # the incident as the lists send it, written with it
    assert (item["id"], item["certainty"], item["fatalities"], item["reports"]) == (incident.id, "reported", 6, 1)
    assert [a["name"] for a in item["actors"]] == ["Blue Ridge Militia"]
    ((event_id, event_item, position),) = items
    assert event_id == incident.event_ids[0] == orjson.loads(event_item)["id"]
    assert position == 0  # the first event of the list
    said_item = orjson.loads(event_item)  # the event as the events list sends it (export.sitrep.event_json)
    assert (said_item["fatalities"], said_item["certainty"], said_item["date_end"]) == (6, "reported", "2022-05-10")
    assert [a["name"] for a in said_item["actors"]] == ["Blue Ridge Militia"]


def _dense_stream() -> list[Extraction]:
    """A dense synthetic stream with two-town reports every so often: some of them bridge two incidents."""
    base = list(report_stream(300, seed=17, places=12, days=20))
    towns = spots(12, seed=17)  # the stream's own towns
    out: list[Extraction] = []
    for i, extraction in enumerate(base):
        out.append(extraction)
        if i % 13 == 3:
            day = dt.date(2021, 1, 1) + dt.timedelta(days=i % 20)
            one, two = towns[i % len(towns)], towns[(i * 5 + 1) % len(towns)]
            raid = f"Armed men raided a market in {one.name} on {day:%d %B %Y}."
            shells = f"Artillery hit homes in {two.name} on the same day."
            out.append(
                make_extraction(
                    f"{raid} {shells}",
                    [
                        EventSpec("Violence against civilians", "Attack", day, one, raid, killed=i % 3),
                        EventSpec("Explosions/Remote violence", "Shelling/artillery/missile attack", day, two, shells),
                    ],
                    published=day,
                    source="Valley Wire",
                    external_id=f"two-{i}",
                )
            )
    return out


def _positions(url: str) -> tuple[list[tuple[str, int]], list[str]]:
    """The event items by list position, and the events in ingest order (``events.seq``)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        placed = [(str(r[0]), int(r[1])) for r in conn.execute(sa.select(event_items.c.event_id, event_items.c.pos))]
        stored = [str(e) for e in conn.execute(sa.text("SELECT id FROM events ORDER BY seq")).scalars()]
    engine.dispose()
    return sorted(placed, key=lambda p: p[1]), stored


def test_event_items_are_numbered_in_ingest_order_by_every_write_path(tmp_path: Any) -> None:
    stream = list(report_stream(150, places=10, days=15))
    for name, background in (("fore", False), ("back", True)):
        url = f"sqlite:///{tmp_path / name}.db"
        with Ledger(url) as ledger:
            ledger.record(stream[0])
            for _ in ledger.record_many(stream[1:100], batch_size=30, background=background):
                pass
            ledger.record(stream[100])
            for _ in ledger.record_many(stream, batch_size=25, background=background):  # stored ones: no new item
                pass
            ledger.rebuild()  # events stay where they were
        placed, stored = _positions(url)
        assert [pos for _, pos in placed] == list(range(len(stored)))  # from 0, no gap, no repeat
        assert [event for event, _ in placed] == stored
        assert len(stored) > 100


def test_the_migration_numbers_the_events_of_a_database_at_0007(database_urls: UrlFactory) -> None:
    url = database_urls("at7")
    with Ledger(url) as ledger:
        for _ in ledger.record_many(list(report_stream(90, places=8, days=12)), batch_size=30):
            pass
    before = _tables(url)
    engine = create_engine(url)
    with engine.begin() as conn:  # back to a database whose items have no positions
        command.downgrade(_alembic_config(conn), "0007")
        assert "pos" not in {c["name"] for c in sa.inspect(conn).get_columns("event_items")}
    assert migrate(engine) == "0008"
    engine.dispose()
    assert _tables(url) == before  # numbered as the live writes numbered them
    placed, stored = _positions(url)
    assert [event for event, _ in placed] == stored
    assert len(stored) > 50


def test_every_write_path_keeps_one_summary_per_incident(database_urls: UrlFactory) -> None:
    url = database_urls("paths")
    stream = _dense_stream()
    with Ledger(url) as ledger:
        for extraction in stream[:20]:
            ledger.record(extraction)
        for _ in ledger.record_many(stream[20:], batch_size=37):
            pass
        incidents = ledger.incidents()
        written = ledger.summaries()
        assert [r["id"] for r in written] == [i.id for i in incidents]
        assert [r["n_reports"] for r in written] == [len(i.article_ids) for i in incidents]
        assert ledger.counts()["incident_events"] > len(incidents)
        with ledger._read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(incident_merges)).scalar_one() > 0
        ledger.rebuild()
        assert _stable(ledger.summaries()) == _stable(written)


def test_the_background_store_process_writes_the_same_summaries(tmp_path: Any) -> None:
    stream = list(report_stream(150, places=10, days=15))
    with Ledger(f"sqlite:///{tmp_path / 'fore.db'}") as fore, Ledger(f"sqlite:///{tmp_path / 'back.db'}") as back:
        for _ in fore.record_many(stream, batch_size=30):
            pass
        for _ in back.record_many(stream, batch_size=30, background=True):
            pass
        assert _stable(back.summaries()) == _stable(fore.summaries())
        assert len(fore.summaries()) == len(fore.incidents()) > 10


def test_the_migration_builds_the_summaries_of_an_existing_database(database_urls: UrlFactory) -> None:
    url = database_urls("old")
    stream = list(report_stream(120, places=10, days=15))
    text = "Fishermen and the Coastal Watch unit clashed at Tarnbeck on 2 June 2022."
    varied = make_extraction(
        text, [EventSpec("Battles", "Armed clash", dt.date(2022, 6, 2), HILL, text, actors=("Coastal Watch",))]
    )
    with Ledger(url) as ledger:
        for _ in ledger.record_many([*stream, varied], batch_size=40):
            pass
        written = ledger.summaries()
    before = _tables(url)
    engine = create_engine(url)
    with engine.begin() as conn:  # back to a database written before the summaries existed
        command.downgrade(_alembic_config(conn), "0005")
        assert not sa.inspect(conn).has_table("incident_summaries")
    assert migrate(engine) == "0008"
    engine.dispose()
    with Ledger(url) as reopened:
        assert _stable(reopened.summaries()) == _stable(written)
        assert len(written) == len(reopened.incidents()) > 10
    assert _tables(url) == before
    assert ("coastal watch",) in {(r[1],) for r in before[1]}
    assert len(before[2]) == sum(len(i.event_ids) for i in reopened.incidents())


def test_the_migration_adds_the_items_of_a_database_at_0006(database_urls: UrlFactory) -> None:
    url = database_urls("at6")
    with Ledger(url) as ledger:
        for _ in ledger.record_many(list(report_stream(90, places=8, days=12)), batch_size=30):
            pass
        written = ledger.summaries()
    before = _tables(url)
    engine = create_engine(url)
    with engine.begin() as conn:  # back to a database with summaries but no items
        command.downgrade(_alembic_config(conn), "0006")
        assert not sa.inspect(conn).has_table("event_items")
        assert "item" not in {c["name"] for c in sa.inspect(conn).get_columns("incident_summaries")}
    assert migrate(engine) == "0008"
    engine.dispose()
    with Ledger(url) as reopened:
        assert reopened.summaries() == written  # the items as written live, and the write times kept
    assert _tables(url) == before
    assert len(written) > 10


def test_list_queries_count_and_page_in_sql(tmp_path: Any) -> None:
    with Ledger(f"sqlite:///{tmp_path / 'q.db'}") as ledger:
        for _ in ledger.record_many(report_stream(200, places=10, days=30), batch_size=50):
            pass
        everything = ledger.incidents()
        total, page = ledger.incident_list(summary.ListQuery(), offset=10, limit=5)
        assert total == len(everything)
        assert [i.id for i, _ in page] == [i.id for i in everything[10:15]]
        total, page = ledger.incident_list(summary.ListQuery(min_fatalities=3))
        assert [i.id for i, _ in page] == [
            i.id for i in everything if sum(h.acled_value or 0 for h in i.figures if h.kind is FigureKind.KILLED) >= 3
        ]
        assert 0 < total < len(everything)
        figures, slices = ledger.figure_list(summary.ListQuery(), offset=3, limit=4)
        assert figures == sum(len(i.figures) for i in everything)
        flat = [(i.id, h) for i in everything for h in i.figures]
        assert [(i.id, h) for i, a, b in slices for h in i.figures[a:b]] == flat[3:7]
        with ledger._read() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(incident_summaries)).scalar_one()
        assert count == len(everything)
