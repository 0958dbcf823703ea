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
from collections.abc import Callable, Sequence
from typing import Any

from flashpoint.extract import clauses
from flashpoint.records import DateSpan, Evidence

log = logging.getLogger(__name__)

NAME = "dates"
VERSION = "0.3.1"
STAGE = f"{NAME}@{VERSION}"

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # noqa: E501
# a month name or abbreviation (named group "month"), shared with the other extractors
MONTH_PATTERN = _MONTH
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


# A wire dateline ("PELMORA, March 8 -", "ORLO, Congo, Jan 6 (Kestrel Wire) -") dates the filing, not the event.
_DATELINE = re.compile(
    rf"\b[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+)*(?:,\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*)?,\s*{_MONTH}\s+{_DAY}"
    rf"\s*(?:\([^)]*\))?\s*[-–—]"
)


def _without_dateline(text: str) -> str:
    """``text`` with a wire dateline blanked out (same length, so offsets still point into the article)."""
    m = _DATELINE.search(text)
    if m is None:
        return text
    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]


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


_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")  # "last week's", "yesterday's": a time phrase modifying a noun


def resolve_date(text: str, *, published: dt.date | None, article_id: str, offset: int = 0) -> DateSpan:
    """The date an event in ``text`` (a sentence or clause starting at ``offset``) happened.

    With no date phrase the publication date is returned with precision 2 (the report is about recent
    days, not necessarily the day it appeared); with neither, an empty span with precision 3.
    """
    aid = article_id
    text = _without_dateline(text)
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
        # "suspended last week's price rise on Friday": a possessive time phrase dates the noun it
        # modifies, so it is the sentence's date only when no other phrase gives one
        possessive: tuple[DateSpan, ...] = ()
        for rx, rule in _RELATIVE:
            m = rx.search(text)
            if m:
                start, end, precision = rule(published)
                found = _span(start, end, precision, m, offset=offset, aid=aid)
                if not _POSSESSIVE_AFTER.match(text, m.end()):
                    return found
                possessive = possessive or (found,)
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
        if possessive:
            return possessive[0]
        return DateSpan(start=published, end=published, time_precision=2)
    return DateSpan(start=None, end=None, time_precision=3)


# ----------------------------------------------------------------------------------------------
# The date of one event in a parsed sentence

_MEASURE_DAYS = {"a": 1, "the": 1, **_SMALL}  # "a day after", "two days after", "the day before"
_LOCAL_DATE_DEPS = frozenset({"poss", "compound", "nmod", "npadvmod", "tmod", "amod", "advmod", "obl"})
_LOCAL_DATE_PREPS = frozenset({"on", "in", "during", "overnight", "since", "late", "early", "between", "from", "over"})


def _local_tokens(node: Any) -> list[Any]:
    """The tokens of ``node``'s phrase up to the first nested clause (a relative clause has its own date)."""
    out = [node]
    for child in node.children:
        if child.dep_ in clauses.CLAUSE_DEPS and child.dep_ != "conj":
            continue
        out.extend(_local_tokens(child))
    out.sort(key=lambda t: t.i)
    run = [out[0]]
    for tok in out[1:]:
        if tok.i != run[-1].i + 1:
            break
        run.append(tok)
    return run


def _phrase_date(tokens: Sequence[Any], *, published: dt.date | None, article_id: str) -> DateSpan | None:
    """The date a short phrase states ("on Tuesday", "Tuesday's", "overnight"), or None when it states none."""
    if not tokens:
        return None
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    span = resolve_date(doc.text[start:end], published=published, article_id=article_id, offset=start)
    return span if span.phrase else None


def _own_date(node: Any, skip: Any, *, published: dt.date | None, article_id: str) -> DateSpan | None:
    """A date attached to ``node`` itself: a dated modifier, a temporal phrase, or (for an event noun) the
    date of a relative clause about it ("the bombing, which killed eight on Tuesday")."""
    for child in sorted(node.children, key=lambda t: t.i):
        if skip is not None and child.i == skip.i:
            continue
        tokens: list[Any] = []
        if (child.dep_ in _LOCAL_DATE_DEPS and any(clauses.is_date_word(t) for t in child.subtree)) or (
            child.dep_ == "prep" and child.lower_ in _LOCAL_DATE_PREPS
        ):
            tokens = _local_tokens(child)
        elif child.dep_ in ("relcl", "acl") and node.pos_ in ("NOUN", "PROPN"):
            # "the bombing, which (it said) killed eight on Tuesday", "the attack carried out on Tuesday":
            # a clause whose subject is the event itself dates it; "which the minister condemned on
            # Wednesday" does not
            for verb in [child, *(c for c in child.children if c.dep_ == "ccomp")]:
                about = (child.dep_ == "acl" and verb is child and verb.tag_ == "VBN") or any(
                    c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in clauses.RELATIVE_PRONOUNS for c in verb.children
                )
                if about:
                    found = _own_date(verb, None, published=published, article_id=article_id)
                    if found is not None:
                        return found
            continue
        found = _phrase_date(tokens, published=published, article_id=article_id)
        if found is not None:
            return found
    return None


def _measure(node: Any) -> tuple[int, Any, Any] | None:
    """'a day after X', 'two days after X', 'the day before X' on ``node`` (a clause verb or the preposition
    of an event noun): (days to add to the governing clause's date, the conjunction, the measure phrase)."""
    marker = None
    if node.dep_ == "pobj" and node.head.lower_ in ("after", "before"):
        marker = node.head
    else:
        marker = next((c for c in node.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    if marker is None:
        return None
    holders = [marker, node]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "npadvmod" and c.lemma_.lower() in ("day", "hour"):
                if c.lemma_.lower() == "hour":
                    n = 0
                else:
                    num = next((g for g in c.children if g.dep_ in ("det", "nummod")), None)
                    if num is None or num.lower_ not in _MEASURE_DAYS:
                        return None
                    n = _MEASURE_DAYS[num.lower_]
                return (-n if marker.lower_ == "after" else n), marker, c
    return None


def _governing_date(node: Any, *, published: dt.date | None, article_id: str) -> DateSpan | None:
    """The date of the sentence around ``node``'s subtree (the clause an "a day after" clause hangs from)."""
    sent = node.sent
    text = sent.text
    base = sent.start_char
    inner = sorted(node.subtree, key=lambda t: t.i)
    lo, hi = inner[0].idx - base, inner[-1].idx + len(inner[-1].text) - base
    masked = text[:lo] + " " * (hi - lo) + text[hi:]
    span = resolve_date(masked, published=published, article_id=article_id, offset=base)
    return span if span.phrase else None


def event_date(doc: Any, anchors: Sequence[int], *, published: dt.date | None, article_id: str) -> DateSpan | None:
    """The date stated for an event in the clause or phrase of one of its trigger words, or None.

    ``anchors`` are token indexes of the event's trigger words, strongest first. For each, the parse is
    climbed from the word to the verb of its own clause, and the first date attached on the way wins:
    "Tuesday's attack", "the Thursday attack", "killed ... on Wednesday", "the bombing, which killed eight
    on Tuesday"; the climb ends at a presupposed mention's head (:func:`flashpoint.extract.clauses.reference`).
    A clause "a day after X" / "two days after X" / "the day before X" is dated from the
    clause it hangs from (its date phrase, else the publication date). The climb stops where the word's
    own clause ends, so the date of a statement about an event ("said on Saturday that ...") is not
    taken; callers fall back to :func:`resolve_date` over the whole sentence.
    """
    for index in anchors:
        node = doc[index]
        ref = clauses.reference(node)
        limit = ref.head if ref is not None else None  # a presupposed mention: its date is inside it
        skip = None
        for _step in range(12):
            shift = _measure(node)
            if shift is not None:
                days, marker, measure = shift
                holder = node.head if node.dep_ == "pobj" else node
                base = _governing_date(holder, published=published, article_id=article_id)
                if base is not None and base.start is not None:
                    day, precision = base.start + dt.timedelta(days=days), base.time_precision
                elif published is not None:
                    day, precision = published + dt.timedelta(days=days), 2
                else:
                    break
                lo = min(marker.idx, measure.left_edge.idx)
                hi = max(marker.idx + len(marker.text), measure.idx + len(measure.text))
                phrase = doc.text[lo:hi]
                return DateSpan(day, day, precision, phrase, Evidence(article_id, lo, hi, phrase, STAGE))
            found = _own_date(node, skip, published=published, article_id=article_id)
            if found is not None:
                return found
            if (
                node.i == limit
                or (node.dep_ in clauses.CLAUSE_DEPS and node.pos_ in ("VERB", "AUX"))
                or node.head.i == node.i
            ):
                break
            skip, node = node, node.head
    return None
