"""Dates: event dates resolved against the publication date, with ACLED time precision."""

from __future__ import annotations

import datetime as dt

from flashpoint.records import DateSpan


NAME = "dates"
VERSION = "0.1.0"


def resolve_date(text: str, *, published: dt.date | None, article_id: str, offset: int = 0) -> DateSpan:
    """The date an event in ``text`` (a sentence or clause starting at ``offset``) happened."""
    return DateSpan(start=published, end=published, time_precision=1 if published else 3)
