"""The batched writes of the ledger: records to rows, and one ``executemany`` per statement for a batch.

Reads records (extractions, articles, incidents with their profiles) and what a fused batch changed;
writes :class:`Writes` (statements with their driver parameter rows, plain values) and runs them where the
connection is (:func:`apply`: in the caller's transaction, or in the store process of
:mod:`flashpoint.store.worker`). The rows of events, figures and claims are read out of the articles'
extraction JSON by :func:`content_rows` where the writes run, so a store process builds them from the
JSON it writes anyway instead of receiving them a second time.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from flashpoint.records import Article, Extraction, Incident, IncidentKeys
from flashpoint.store import codec, summary
from flashpoint.store.database import Prepared, store_error
from flashpoint.store.schema import (
    article_copies,
    article_keys,
    articles,
    claims,
    events,
    figures,
    incident_events,
    incident_merges,
    incidents,
)

ARTICLE_KEYS = (
    "id", "content_hash", "external_id", "source", "published", "title", "url", "origin", "fingerprint",
    "fp_band0", "fp_band1", "fp_band2", "fp_band3", "near_duplicate_of", "n_events", "extraction",
)  # fmt: skip
EVENT_KEYS = (
    "id", "article_id", "external_id", "source", "published", "event_type", "sub_event_type", "plover_type",
    "date_start", "date_end", "time_precision", "place_name", "country_iso3", "admin1", "latitude",
    "longitude", "geo_precision", "fatalities", "certainty",
)  # fmt: skip
FIGURE_KEYS = (
    "article_id", "event_id", "position", "kind", "victims", "phrase", "low", "best", "high", "acled_value",
    "certainty", "claimant",
)  # fmt: skip
CLAIM_KEYS = ("article_id", "position", "certainty", "claimant", "chain", "start", "end")
INCIDENT_KEYS = ("id", "event_type", "sub_event_type", *IncidentKeys._fields, "n_events", "data", "profile")
UPDATE_KEYS = tuple(k for k in INCIDENT_KEYS if k != "id")  # the id is the row's key: never rewritten
# an update that leaves the indexed columns as stored skips the indexes
LIGHT_UPDATE_KEYS = tuple(k for k in UPDATE_KEYS if k not in IncidentKeys._fields)
SUPPORT_KEYS = ("event_id", "incident_id", "article_id", "score", "reasons")
COPY_KEYS = ("content_hash", "external_id", "source", "published", "origin")
KEY_KEYS = ("key", "article_id", "seq")

Statement = tuple[str, list[Any]]  # SQL and its rows of driver parameters


@dataclasses.dataclass(frozen=True, slots=True)
class Writes:
    """A batch's writes (plain values), run in order by :func:`apply` where the connection is."""

    first: list[Statement]  # bridge statements, then the articles, copies and story keys
    contents: list[str]  # the extraction JSON of each new article, whose events, figures and claims follow
    content_inserts: tuple[tuple[str, tuple[str, ...] | None], ...]  # events, figures, claims: SQL, key order
    then: list[Statement]  # incidents, lineage
    # incidents written or merged away: their list summaries are rewritten after them (store.summary)
    summaries: tuple[str, ...] = ()


def signed64(value: int) -> int:
    """A 64-bit fingerprint as the signed integer an ``INTEGER``/``BIGINT`` column holds."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def article_row(seq: int, extraction: Extraction, bands: Sequence[int | None]) -> dict[str, Any]:
    """The ``articles`` row of a new report (its whole extraction as JSON; ``bands``: its fingerprint's)."""
    article = extraction.article
    fp = article.fingerprint
    return {
        "seq": seq,
        "id": article.id,
        "content_hash": article.content_hash,
        "external_id": article.external_id,
        "source": article.source,
        "published": article.published,
        "title": article.title,
        "url": article.url,
        "origin": article.origin,
        "fingerprint": signed64(fp) if fp is not None else None,
        "fp_band0": bands[0],
        "fp_band1": bands[1],
        "fp_band2": bands[2],
        "fp_band3": bands[3],
        "near_duplicate_of": article.near_duplicate_of,
        "n_events": len(extraction.events),
        "extraction": codec.dumps(extraction),
    }


def copy_row(article: Article) -> dict[str, Any]:
    """The ``article_copies`` row of another copy of a stored text."""
    return {
        "content_hash": article.content_hash,
        "external_id": article.external_id,
        "source": article.source,
        "published": article.published,
        "origin": article.origin,
    }


def incident_row(incident: Incident, profile: Any, keys: IncidentKeys, *, n_events: int) -> dict[str, Any]:
    """The ``incidents`` row of an incident: its record and matcher profile as JSON, and its indexed
    (blocking) columns ``keys``."""
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        **keys._asdict(),
        "n_events": n_events,
        "data": codec.dumps(incident),
        "profile": codec.dumps(profile),
    }


class Statements:
    """The write statements of one engine, compiled once."""

    def __init__(self, engine: Engine) -> None:
        """Compile every statement for ``engine``."""
        self.put_article = Prepared(engine, articles.insert(), ("seq", *ARTICLE_KEYS))
        self.put_event = Prepared(engine, events.insert(), EVENT_KEYS)
        self.put_figure = Prepared(engine, figures.insert(), FIGURE_KEYS)
        self.put_claim = Prepared(engine, claims.insert(), CLAIM_KEYS)
        self.put_incident = Prepared(engine, incidents.insert(), ("founded_seq", *INCIDENT_KEYS))
        by_key = incidents.update().where(incidents.c.id == sa.bindparam("key"))
        self.set_incident = Prepared(engine, by_key, UPDATE_KEYS)
        self.set_incident_light = Prepared(engine, by_key, LIGHT_UPDATE_KEYS)
        self.put_support = Prepared(engine, incident_events.insert(), SUPPORT_KEYS)
        self.put_copy = Prepared(engine, article_copies.insert(), COPY_KEYS)
        self.put_key = Prepared(engine, article_keys.insert(), KEY_KEYS)
        # the statements of a bridge (two incidents merged): the newer's row goes, its lineage moves
        self.drop_incident = Prepared(engine, incidents.delete().where(incidents.c.id == sa.bindparam("old")), ())
        self.move_support = Prepared(
            engine,
            incident_events.update()
            .where(incident_events.c.incident_id == sa.bindparam("old"))
            .values(incident_id=sa.bindparam("new")),
            (),
        )
        self.move_merges = Prepared(
            engine,
            incident_merges.update()
            .where(incident_merges.c.into_id == sa.bindparam("old"))
            .values(into_id=sa.bindparam("new")),
            (),
        )
        self.put_merge = Prepared(engine, incident_merges.insert(), ("absorbed_id", "into_id", "event_id"))

    def bridge(self, *, absorbed: str, into: str, event_id: str, stored: bool) -> list[Statement]:
        """The statements of one bridge: a stored absorbed incident's row goes and its lineage and merges
        move to ``into``; the merge is noted."""
        found: list[Statement] = []
        moved = {"old": absorbed, "new": into}
        if stored:
            for statement in (self.drop_incident, self.move_support, self.move_merges):
                found.append((statement.sql, [statement.params(moved)]))
        note = {"absorbed_id": absorbed, "into_id": into, "event_id": event_id}
        found.append((self.put_merge.sql, [self.put_merge.params(note)]))
        return found

    def rows(self, prepared: Prepared, rows: Sequence[dict[str, Any]]) -> list[Statement]:
        """One statement with the driver parameters of ``rows`` (none when there are no rows)."""
        return [(prepared.sql, [prepared.params(r) for r in rows])] if rows else []

    def incidents(
        self, new: Sequence[dict[str, Any]], changed: Sequence[dict[str, Any]], light: Sequence[dict[str, Any]]
    ) -> list[Statement]:
        """The incident statements: new rows (with ``founded_seq``), changed rows and rows changed outside
        their indexed columns (both keyed by ``id``)."""
        return [
            *self.rows(self.put_incident, new),
            *self.rows(self.set_incident, [{"key": r["id"], **r} for r in changed]),
            *self.rows(self.set_incident_light, [{"key": r["id"], **r} for r in light]),
        ]

    def content_inserts(self) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
        """The inserts of events, figures and claims: SQL and the key order of their driver parameters."""
        return tuple((p.sql, p.order) for p in (self.put_event, self.put_figure, self.put_claim))


def apply(conn: sa.Connection, writes: Writes) -> None:
    """Run a batch's statements in order, each with its rows of driver parameters (``executemany``).

    The rows of events, figures and claims are read out of the articles' extraction JSON here, so a
    store process builds them from the JSON it writes anyway instead of receiving them a second time.
    """
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    error = conn.dialect.loaded_dbapi.Error

    def run(statements: Sequence[Statement]) -> None:
        for sql, rows in statements:
            if rows:
                try:
                    cursor.executemany(sql, rows)
                except error as exc:
                    raise store_error(exc, sql.split(" (")[0][:60]) from exc

    try:
        run(writes.first)
        tables: tuple[list[dict[str, Any]], ...] = ([], [], [])
        contents = [orjson.loads(text) for text in writes.contents]
        for data in contents:
            for rows, more in zip(tables, content_rows(data), strict=True):
                rows.extend(more)
        run(
            [
                (sql, [operator.itemgetter(*order)(r) for r in rows] if order else rows)
                for (sql, order), rows in zip(writes.content_inserts, tables, strict=True)
            ]
        )
        run(writes.then)
    finally:
        cursor.close()
    # the one hook of the lists' materialised rows: after the incidents, in the same transaction
    summary.refresh(conn, writes.summaries, contents)


def content_rows(
    data: dict[str, Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of ``events``, ``figures`` and ``claims`` of one extraction (its decoded JSON).

    Dates stay ISO text, as SQLite stores them (PostgreSQL reads the text as a date); figures are listed
    article-level first, then each event's own, with the event that carries each.
    """
    return _event_rows(data), _figure_rows(data), _claim_rows(data)


def _event_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    article = data["article"]
    article_id = article["id"]
    event_rows = []
    for event in data["events"]:
        place = event["place"] or {}
        day = event["date"]
        event_rows.append(
            {
                "id": event["id"],
                "article_id": article_id,
                "external_id": article["external_id"],
                "source": article["source"],
                "published": article["published"],
                "event_type": event["event_type"],
                "sub_event_type": event["sub_event_type"],
                "plover_type": event["plover_type"],
                "date_start": day["start"],
                "date_end": day["end"],
                "time_precision": day["time_precision"],
                "place_name": place.get("name"),
                "country_iso3": place.get("country_iso3"),
                "admin1": place.get("admin1"),
                "latitude": place.get("latitude"),
                "longitude": place.get("longitude"),
                "geo_precision": place.get("geo_precision"),
                "fatalities": event["fatalities"],
                "certainty": event["claim"]["certainty"],
            }
        )
    return event_rows


def _figure_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    article_id = data["article"]["id"]
    # a figure is a value: the same JSON is the same figure (the records' own equality)
    listed = list(data["figures"])
    seen = {orjson.dumps(f) for f in listed}
    owner: dict[bytes, str] = {}
    for event in data["events"]:
        for figure in event["figures"]:
            key = orjson.dumps(figure)
            owner[key] = event["id"]
            if key not in seen:
                listed.append(figure)
    figure_rows = []
    for position, figure in enumerate(listed):
        chain = figure["claim"]["chain"]
        figure_rows.append(
            {
                "article_id": article_id,
                "event_id": owner.get(orjson.dumps(figure)),
                "position": position,
                "kind": figure["kind"],
                "victims": figure["victims"],
                "phrase": figure["phrase"],
                "low": figure["low"],
                "best": figure["best"],
                "high": figure["high"],
                "acled_value": figure["acled_value"],
                "certainty": figure["claim"]["certainty"],
                "claimant": chain[0]["name"] if chain else None,
            }
        )
    return figure_rows


def _claim_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    article_id = data["article"]["id"]
    return [
        {
            "article_id": article_id,
            "position": i,
            "certainty": claim["certainty"],
            "claimant": claim["chain"][0]["name"] if claim["chain"] else None,
            "chain": " > ".join(link["name"] for link in claim["chain"]),
            "start": claim["evidence"]["start"],
            "end": claim["evidence"]["end"],
        }
        for i, claim in enumerate(data["claims"])
    ]
