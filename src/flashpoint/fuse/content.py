"""Content evidence: what two reports of one incident share beyond place, day and type.

Reads an article's text; writes its *story keys* (the names it repeats most: the people, groups, places
and organisations the story is about) and its *story names* (every name it uses), and weighs how much of
that two reports share. Independently written reports of one incident, from different outlets and on
different days, repeat the same protagonists ("the gunman Tomas Varga", "Varga's lawyer"); two reports of
different incidents of the same kind ("an office shooting") share common words, rarely names.

Story keys are stored per article (the ledger's ``article_keys`` table) so that a later report finds the
earlier ones that share its protagonists whatever their place or date (a mis-geocoded report, a trial two
years later); :func:`flashpoint.fuse.scoring.content_match` then decides, on the whole name sets,
whether the content evidence is strong enough to join across a place, date or type disagreement.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable

from flashpoint.fuse.profile import _TOKEN, EventProfile, content_tokens, is_number
from flashpoint.records import Article


def _counted_names(text: str) -> tuple[frozenset[str], collections.Counter[str]]:
    """The names of ``text`` and how often each occurs in it.

    A name is a word the text capitalises where a sentence does not start, and never writes in lower
    case (a headline in title case capitalises "Prison" and "Escape"; the body writes "prison"); no
    numbers, at least three letters. Lines in title case are left out: their capitals name nothing.
    """
    text = "\n".join(line for line in text.splitlines() if not _title_case(line))
    names, _words = content_tokens(text)
    candidates = {n for n in names if len(n) >= 3 and not is_number(n)}
    counts: collections.Counter[str] = collections.Counter()
    lower: set[str] = set()
    for match in _TOKEN.finditer(text):
        raw = match.group().rstrip("'’-")
        low = raw.lower()
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        if low in candidates:
            counts[low] += 1
            if raw[0].islower():
                lower.add(low)
    kept = frozenset(candidates - lower)
    return kept, collections.Counter({n: c for n, c in counts.items() if n in kept})


TITLE_CASE_SHARE = 0.6  # a line whose words are capitalised at least this often is a headline in title case
_TITLE_CASE_MIN_WORDS = 4


def _title_case(line: str) -> bool:
    """Whether a line is a headline in title case ("Gunman Kills Two At Depot")."""
    words = [m.group() for m in _TOKEN.finditer(line) if m.group()[0].isalpha()]
    if len(words) < _TITLE_CASE_MIN_WORDS:
        return False
    return sum(1 for w in words if w[0].isupper()) >= TITLE_CASE_SHARE * len(words)


def story_names(text: str) -> tuple[str, ...]:
    """Every name of the text (capitalised words that are not merely sentence-initial), sorted; no numbers."""
    return tuple(sorted(_counted_names(text)[0]))


def story_keys(text: str, *, keys: int, min_count: int) -> tuple[str, ...]:
    """The ``keys`` names the text repeats most (each at least ``min_count`` times; ties alphabetical).

    What a story is about is named again and again; a name mentioned once is context.
    """
    _names, counts = _counted_names(text)
    repeated = [n for n, c in counts.items() if c >= min_count]
    repeated.sort(key=lambda n: (-counts[n], n))
    return tuple(sorted(repeated[:keys]))


def linked(keys_a: Iterable[str], keys_b: Iterable[str], *, min_keys: int) -> bool:
    """Whether two reports share at least ``min_keys`` story keys (worth comparing whatever their place)."""
    return len(set(keys_a) & set(keys_b)) >= min_keys


def report_profile(article: Article, *, names: tuple[str, ...]) -> EventProfile:
    """The profile of a report that names an incident's protagonists but reports no event of its own
    (a portrait of the suspect, a hearing, an analysis): no type, place or date, only its names.

    Its id is ``<article id>#report``; it can support an incident by :func:`content_match` alone.
    """
    return EventProfile(
        event_id=f"{article.id}#report", article_id=article.id, external_id=article.external_id,
        source=article.source, published=article.published, event_type="", sub_event_type="",
        date_start=None, date_end=None, country_iso3=None, admin1=None, place_name=None, latitude=None,
        longitude=None, geo_precision=None, actors=(), killed=None, names=names, words=(), story=names,
    )  # fmt: skip
