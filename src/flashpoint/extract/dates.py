"""Dates: event dates resolved against the publication date, with ACLED time precision.

Reads a stretch of text (a sentence or clause) and the article's publication date, and writes a
:class:`~flashpoint.records.DateSpan`: start, end, ACLED ``time_precision`` (1 a day, 2 a week or a
stated range of days, 3 a month or vaguer), the phrase that gave it and its evidence.

Rules are our own, tried in order from the most to the least specific: explicit ranges ("between 3 and
5 May"), explicit days ("On 27 April 2020", "May 3"), parts of months ("early May"), months, then
relative expressions ("yesterday", "overnight", "on Monday", "over the weekend", "in the past few
days", "last week"). dateparser is not used: it misses "overnight" and "over the weekend", puts a
weekday equal to the publication weekday a week early, and reads "may"/"now" as dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable

from flashpoint.records import DateSpan, Evidence

log = logging.getLogger(__name__)

NAME = "dates"
VERSION = "0.2.0"
STAGE = f"{NAME}@{VERSION}"

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # noqa: E501
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_RANGE_DMY = re.compile(
    rf"\b(?:between|from)?\s*(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*{_DAY}\s+{_MONTH}{_YEAR}", re.I
)
_RANGE_MDY = re.compile(rf"\b{_MONTH}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*{_DAY}\b{_YEAR}", re.I)
_DMY = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b", re.I)
_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_PART = re.compile(
    rf"\b(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)[\s-]+"
    rf"{_MONTH}{_YEAR}",
    re.I,
)
_MONTH_ONLY = re.compile(rf"\b(?:in|during|since|throughout|of|last)\s+{_MONTH}{_YEAR}\b", re.I)


def _year_for(month: int, day: int, published: dt.date | None, year: str | None) -> int | None:
    if year:
        return int(year)
    if published is None:
        return None
    candidate = published.year
    try:
        if dt.date(candidate, month, day) > published + dt.timedelta(days=1):
            candidate -= 1  # "on 30 December" in a report of 2 January
    except ValueError:
        return None
    return candidate


def _date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_before(published: dt.date, weekday: int) -> dt.date:
    """The most recent ``weekday`` on or before the publication date (the same day when they match)."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _span(
    start: dt.date | None, end: dt.date | None, precision: int, m: re.Match[str], *, offset: int, aid: str
) -> DateSpan:
    phrase = m.group(0).strip()
    s = offset + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    return DateSpan(start, end, precision, phrase, Evidence(aid, s, s + len(phrase), phrase, STAGE))


_Relative = Callable[[dt.date], tuple[dt.date, dt.date, int]]


def _weekend(p: dt.date) -> tuple[dt.date, dt.date, int]:
    sat = p - dt.timedelta(days=(p.weekday() - 5) % 7)
    return sat, min(sat + dt.timedelta(days=1), p), 2


def _last_week(p: dt.date) -> tuple[dt.date, dt.date, int]:
    monday = p - dt.timedelta(days=p.weekday() + 7)
    return monday, monday + dt.timedelta(days=6), 2


def _last_month(p: dt.date) -> tuple[dt.date, dt.date, int]:
    last = p.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last, 3


_RELATIVE: tuple[tuple[re.Pattern[str], _Relative], ...] = (
    # "late on" / "on the night of" alone mean the night before publication; followed by a weekday or a
    # date ("late on Tuesday", "on the night of 3 May") the weekday/date rules decide instead.
    (re.compile(r"\b(?:during the night|last night|overnight|(?:late on|on the night of)(?!\s+(?:the\s+)?"
                r"(?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))\b", re.I),
     lambda p: (p - dt.timedelta(days=1), p, 1)),
    (re.compile(r"\b(?:the day before yesterday)\b", re.I), lambda p: (p - dt.timedelta(days=2),) * 2 + (1,)),
    (re.compile(r"\byesterday\b", re.I), lambda p: (p - dt.timedelta(days=1),) * 2 + (1,)),
    (re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier today)\b", re.I),
     lambda p: (p, p, 1)),
    (re.compile(r"\b(?:over|at|during|on|this|last|past) (?:the )?weekend\b", re.I), _weekend),
    (re.compile(r"\b(?:in|over|during) the (?:past|last) (?:few|several|couple of) days\b|\bin recent days\b"
                r"|\bfor days\b", re.I),
     lambda p: (p - dt.timedelta(days=4), p, 2)),
    (re.compile(r"\b(?:earlier|later) this week\b|\bthis week\b", re.I),
     lambda p: (p - dt.timedelta(days=p.weekday()), p, 2)),
    (re.compile(r"\blast week\b|\bthe previous week\b", re.I), _last_week),
    (re.compile(r"\b(?:in|over|during) the (?:past|last) (?:week|seven days)\b", re.I),
     lambda p: (p - dt.timedelta(days=7), p, 2)),
    (re.compile(r"\b(?:earlier )?this month\b", re.I), lambda p: (p.replace(day=1), p, 3)),
    (re.compile(r"\blast month\b", re.I), _last_month),
)  # fmt: skip
_DAYS_AGO = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven) days? ago\b", re.I)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WEEKDAY_RE = re.compile(rf"\b(?:on\s+|last\s+|late\s+|early\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening))?\b", re.I)


def _weekday_match(text: str) -> re.Match[str] | None:
    """The weekday phrase that dates the event, not one that is part of a name.

    "on Tuesday morning" outranks a bare weekday, and a bare weekday followed by a capitalised word is a
    name ("the Monday Market", "Black Friday Mall"), not a date.
    """
    bare: re.Match[str] | None = None
    for m in _WEEKDAY_RE.finditer(text):
        if m.group(0).split()[0].lower() in ("on", "last", "late", "early"):
            return m
        following = text[m.end() :].lstrip()
        if bare is None and not (following[:1].isupper() and m.group(0)[:1].isupper()):
            bare = m
    return bare


def resolve_date(text: str, *, published: dt.date | None, article_id: str, offset: int = 0) -> DateSpan:
    """The date an event in ``text`` (a sentence or clause starting at ``offset``) happened.

    With no date phrase the publication date is returned with precision 2 (the report is about recent
    days, not necessarily the day it appeared); with neither, an empty span with precision 3.
    """
    aid = article_id
    for rx in (_RANGE_DMY, _RANGE_MDY):
        m = rx.search(text)
        if m:
            month = _MONTHS[m.group("month").lower().rstrip(".")]
            d1, d2 = int(m.group("d1")), int(m.group("day"))
            year = _year_for(month, d1, published, m.group("year"))
            start, end = _date(year, month, d1), _date(year, month, d2)
            if start and end and start <= end:
                return _span(start, end, 2 if (end - start).days <= 7 else 3, m, offset=offset, aid=aid)
    night = re.search(r"\bnight of\b", text, re.I)
    for rx in (_ISO, _DMY, _MDY):
        m = rx.search(text)
        if m:
            raw = m.group("month")
            month = int(raw) if raw.isdigit() else _MONTHS[raw.lower().rstrip(".")]
            day = int(m.group("day"))
            d = _date(_year_for(month, day, published, m.group("year")), month, day)
            if d is not None:
                end = d + dt.timedelta(days=1) if night and night.start() < m.start() else d
                return _span(d, end, 1, m, offset=offset, aid=aid)
    m = _PART.search(text)
    if m:
        month = _MONTHS[m.group("month").lower().rstrip(".")]
        year = _year_for(month, 1, published, m.group("year"))
        if year is not None:
            last = calendar.monthrange(year, month)[1]
            part = m.group("part").lower()
            lo, hi = (
                (1, 10)
                if ("early" in part or "beginning" in part or "start" in part)
                else ((11, 20) if "mid" in part else (21, last))
            )
            return _span(dt.date(year, month, lo), dt.date(year, month, hi), 2, m, offset=offset, aid=aid)
    m = _MONTH_ONLY.search(text)
    if m and published is not None:
        month = _MONTHS[m.group("month").lower().rstrip(".")]
        year = _year_for(month, 1, published, m.group("year"))
        if year is not None:
            last = calendar.monthrange(year, month)[1]
            return _span(dt.date(year, month, 1), dt.date(year, month, last), 3, m, offset=offset, aid=aid)
    if published is not None:
        for rx, rule in _RELATIVE:
            m = rx.search(text)
            if m:
                start, end, precision = rule(published)
                return _span(start, end, precision, m, offset=offset, aid=aid)
        m = _DAYS_AGO.search(text)
        if m:
            n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
            d = published - dt.timedelta(days=n)
            return _span(d, d, 1, m, offset=offset, aid=aid)
        m = _weekday_match(text)
        if m:
            d = _weekday_before(published, _WEEKDAYS[m.group("weekday").lower()])
            if m.group(0).lower().startswith("last ") and d == published:
                d -= dt.timedelta(days=7)
            return _span(d, d, 1, m, offset=offset, aid=aid)
        return DateSpan(start=published, end=published, time_precision=2)
    return DateSpan(start=None, end=None, time_precision=3)
