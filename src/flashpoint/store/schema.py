"""The Flashpoint database schema (SQLAlchemy Core), shared by the ledger and the Alembic migrations.

Reads nothing; declares tables. Reports and what was read out of them are append-only (``articles``,
``events``, ``figures``, ``claims``, ``rejections``); incidents are derived (``incidents``,
``incident_events``) and :meth:`flashpoint.ledger.Ledger.rebuild` can recompute them from the rest.
Every extraction is stored losslessly as JSON (``articles.extraction``, the :func:`records.to_dict` of
the :class:`~flashpoint.records.Extraction`), next to the queryable columns analysts filter on.
The same schema runs on SQLite and PostgreSQL: only portable types are used, JSON goes into ``Text``.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),  # ingest order
    sa.Column("id", sa.String(80), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(80), nullable=False, unique=True),
    sa.Column("external_id", sa.String(400), nullable=True, index=True),
    sa.Column("source", sa.String(400), nullable=True),
    sa.Column("published", sa.Date, nullable=True, index=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("origin", sa.Text, nullable=True),
    sa.Column("fingerprint", sa.BigInteger, nullable=True),  # SimHash as a signed 64-bit integer
    # the four 16-bit bands of the fingerprint: two fingerprints within 3 bits share at least one band
    sa.Column("fp_band0", sa.Integer, nullable=True),
    sa.Column("fp_band1", sa.Integer, nullable=True),
    sa.Column("fp_band2", sa.Integer, nullable=True),
    sa.Column("fp_band3", sa.Integer, nullable=True),
    sa.Column("near_duplicate_of", sa.String(80), nullable=True, index=True),
    sa.Column("n_events", sa.Integer, nullable=False, default=0),
    sa.Column("extraction", sa.Text, nullable=False),  # JSON of the whole Extraction
    # each band index carries the whole fingerprint: the near-duplicate lookup reads no article row (0003)
    *(sa.Index(f"ix_articles_fp_band{i}", f"fp_band{i}", "fingerprint") for i in range(4)),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(120), nullable=False, unique=True),
    sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("external_id", sa.String(400), nullable=True, index=True),
    sa.Column("source", sa.String(400), nullable=True),
    sa.Column("published", sa.Date, nullable=True),
    sa.Column("event_type", sa.String(80), nullable=False, index=True),
    sa.Column("sub_event_type", sa.String(120), nullable=False),
    sa.Column("plover_type", sa.String(80), nullable=True),
    sa.Column("date_start", sa.Date, nullable=True, index=True),
    sa.Column("date_end", sa.Date, nullable=True),
    sa.Column("time_precision", sa.Integer, nullable=True),
    sa.Column("place_name", sa.String(400), nullable=True),
    sa.Column("country_iso3", sa.String(3), nullable=True, index=True),
    sa.Column("admin1", sa.String(200), nullable=True),
    sa.Column("latitude", sa.Float, nullable=True),
    sa.Column("longitude", sa.Float, nullable=True),
    sa.Column("geo_precision", sa.Integer, nullable=True),
    sa.Column("fatalities", sa.Integer, nullable=False, default=0),
    sa.Column("certainty", sa.String(40), nullable=True),
    # the event list's order with what a page needs: a deep page walks this index, not the rows (0006)
    sa.Index("ix_events_list_order", "seq", "id", "article_id"),
)

figures = sa.Table(
    "figures",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("event_id", sa.String(120), nullable=True, index=True),  # NULL: article-level figure
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("victims", sa.String(120), nullable=False),
    sa.Column("phrase", sa.Text, nullable=False),
    sa.Column("low", sa.Integer, nullable=True),
    sa.Column("best", sa.Integer, nullable=True),
    sa.Column("high", sa.Integer, nullable=True),
    sa.Column("acled_value", sa.Integer, nullable=True),
    sa.Column("certainty", sa.String(40), nullable=False),
    sa.Column("claimant", sa.Text, nullable=True),  # the original speaker of the claim chain
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("certainty", sa.String(40), nullable=False),
    sa.Column("claimant", sa.Text, nullable=True),
    sa.Column("chain", sa.Text, nullable=False),  # " > "-joined chain names, original speaker first
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

# Other copies of a stored report: the same text (content hash) under another external id or source,
# e.g. a wire story carried verbatim by a second outlet. Stored once as an article; each copy's external
# id still supports the incidents of that article.
article_copies = sa.Table(
    "article_copies",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(80), nullable=False, index=True),
    sa.Column("external_id", sa.String(400), nullable=True),
    sa.Column("source", sa.String(400), nullable=True),
    sa.Column("published", sa.Date, nullable=True),
    sa.Column("origin", sa.Text, nullable=True),
)

# The story keys of each stored article (fuse.content.story_keys: the names it repeats most), so that a
# later report finds the earlier ones about the same protagonists whatever their place or date.
# Append-only, like the articles; the (key, seq) index answers the lookup of a batch's keys.
article_keys = sa.Table(
    "article_keys",
    metadata,
    sa.Column("key", sa.String(120), nullable=False),
    sa.Column("article_id", sa.String(80), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Index("ix_article_keys_key_seq", "key", "seq"),
)

rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("code", sa.String(20), nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("stage", sa.String(80), nullable=False),
    sa.Column("external_id", sa.String(400), nullable=True),
)

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("founded_seq", sa.Integer, nullable=False),  # events.seq of the founding event
    sa.Column("event_type", sa.String(80), nullable=False),
    sa.Column("sub_event_type", sa.String(120), nullable=False),
    # blocking keys: the span of member dates, a coarse grid cell, admin1 and country
    sa.Column("date_lo", sa.Date, nullable=True),
    sa.Column("date_hi", sa.Date, nullable=True),
    sa.Column("cell", sa.String(40), nullable=True),
    sa.Column("admin_key", sa.String(240), nullable=True),
    sa.Column("country_iso3", sa.String(3), nullable=True),
    sa.Column("coarse", sa.Boolean, nullable=False, default=False),  # no town-level place
    sa.Column("n_events", sa.Integer, nullable=False, default=1),
    sa.Column("data", sa.Text, nullable=False),  # JSON of the Incident record
    sa.Column("profile", sa.Text, nullable=False),  # JSON of the fuse.IncidentProfile used for matching
    # date_hi last: the candidate query skips incidents that ended before the event's window on the index
    # alone (migration 0003)
    sa.Index("ix_incidents_cell_date", "cell", "date_lo", "date_hi"),
    sa.Index("ix_incidents_admin_date", "admin_key", "date_lo", "date_hi"),
    sa.Index("ix_incidents_country_date", "country_iso3", "coarse", "date_lo", "date_hi"),
    sa.Index("ix_incidents_date", "date_lo", "date_hi"),
    # the order of the incident lists (Ledger.incident_page walks it instead of sorting the table; 0005)
    sa.Index("ix_incidents_list_order", "date_lo", "id"),
)

incident_events = sa.Table(
    "incident_events",
    metadata,
    sa.Column("event_id", sa.String(120), primary_key=True),
    sa.Column("incident_id", sa.String(40), nullable=False, index=True),
    sa.Column("article_id", sa.String(80), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=True),  # NULL for the founding event
    sa.Column("reasons", sa.Text, nullable=False, default=""),
)

# Incidents merged into another by a report that bridged them (the older incident keeps its id): lets
# an old id still be looked up, and records which report caused the merge.
incident_merges = sa.Table(
    "incident_merges",
    metadata,
    sa.Column("absorbed_id", sa.String(40), primary_key=True),
    sa.Column("into_id", sa.String(40), nullable=False, index=True),
    sa.Column("event_id", sa.String(120), nullable=False),  # the bridging event
)

# What the lists read (store.summary; migration 0006): one row per incident, written with the incident in the
# same transaction, so a list filters, counts and pages in SQL and decodes only the rows of its page. The
# ``*_key`` columns are the compared forms (casefolded types, upper-case country); the others are the values
# the dashboard shows as they are in the incident record.
SUMMARY_ORDER_COLUMNS = (
    "sort_day", "id", "event_type_key", "sub_event_type_key", "country_key", "day_lo", "day_hi", "fatalities",
    "certainty", "latitude", "longitude", "updated_at", "n_figures",
)  # fmt: skip
incident_summaries = sa.Table(
    "incident_summaries",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("sort_day", sa.Date, nullable=False),  # incidents.date_lo, undated last (date.max)
    sa.Column("event_type", sa.String(80), nullable=False),
    sa.Column("sub_event_type", sa.String(120), nullable=False),
    sa.Column("event_type_key", sa.String(80), nullable=False),
    sa.Column("sub_event_type_key", sa.String(120), nullable=False),
    sa.Column("date_start", sa.Date, nullable=True),  # as the incident states them
    sa.Column("date_end", sa.Date, nullable=True),
    sa.Column("day_lo", sa.Date, nullable=True),  # the span the date filters compare: start or end ...
    sa.Column("day_hi", sa.Date, nullable=True),  # ... end or start
    sa.Column("country_iso3", sa.String(3), nullable=True),
    sa.Column("country_key", sa.String(3), nullable=True),
    sa.Column("country", sa.String(200), nullable=True),
    sa.Column("admin1", sa.String(200), nullable=True),
    sa.Column("place_name", sa.String(400), nullable=True),
    sa.Column("latitude", sa.Float, nullable=True),
    sa.Column("longitude", sa.Float, nullable=True),
    sa.Column("fatalities", sa.Integer, nullable=False),  # ACLED deaths: the KILLED histories' values
    sa.Column("certainty", sa.String(40), nullable=True),  # the firmest of its events'
    sa.Column("published_hi", sa.Date, nullable=True),  # the latest publication date of its reports
    sa.Column("n_reports", sa.Integer, nullable=False),
    sa.Column("n_figures", sa.Integer, nullable=False),
    sa.Column("actors", sa.Text, nullable=False),  # JSON list of the actors' names, in the record's order
    sa.Column("updated_at", sa.DateTime, nullable=False),  # UTC wall clock of the last write of the incident
    # the incident as GET /api/incidents lists it (export.items.incident_item), JSON: a page joins these (0007)
    sa.Column("item", sa.Text, nullable=True),
    # the lists' order, covering every column a filter compares (and the figure counts the figure list sums): a
    # page is chosen walking it without visiting the table, and a count with filters scans it alone (a range index
    # on one column made SQLite visit the table for half the rows: 440 ms for certainty + since at 113,551
    # incidents; without n_figures the figure list's running sum visited every row: 2.3 s at 119,230, 0007)
    sa.Index("ix_incident_summaries_order", *SUMMARY_ORDER_COLUMNS),
    # a country is a few percent of the rows at most: seeking it beats the scan (ACLED's six event types do not)
    sa.Index("ix_incident_summaries_country", "country_key", "sort_day"),
    # the unfiltered pages' order alone: their OFFSET walks this, a fifth of the covering index's width (0008)
    sa.Index("ix_incident_summaries_day_id", "sort_day", "id"),
)

# The actor names of each incident (casefolded), for the ``actor`` filter of the incident lists.
incident_actors = sa.Table(
    "incident_actors",
    metadata,
    sa.Column("incident_id", sa.String(40), nullable=False, index=True),
    sa.Column("name_key", sa.Text, nullable=False),
)

# The actor names of each stored event (casefolded), for the ``actor`` filter of the event lists; written
# with the event (append-only, like it).
event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", sa.String(120), nullable=False, index=True),
    sa.Column("name_key", sa.Text, nullable=False),
)

# Each stored event as GET /api/events lists it (export.sitrep.event_json with its report), JSON, and when it was
# stored (UTC wall clock; the migration's time for events stored before 0007): written with the event, so an events
# page decodes no extraction and ``updated_since`` reads the write time (0007).
event_items = sa.Table(
    "event_items",
    metadata,
    sa.Column("event_id", sa.String(120), primary_key=True),
    sa.Column("stored_at", sa.DateTime, nullable=False, index=True),
    sa.Column("item", sa.Text, nullable=False),
    # the event's place in ingest order (events.seq order), from 0 with no gap: an unfiltered page is a range of
    # positions and the unfiltered total the last one plus one (0008; NULL only inside that migration)
    sa.Column("pos", sa.Integer, nullable=True),
    sa.Index("ix_event_items_pos", "pos", unique=True),
)
