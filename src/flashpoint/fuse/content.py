"""Content evidence: what two reports of one incident share beyond place, day and type.

Reads an article's text; writes its *story keys* (the names it repeats most: the people, groups, places
and organisations the story is about) and its *story names* (every name it uses), and weighs how much of
that two reports share. Independently written reports of one incident, from different outlets and on
different days, repeat the same protagonists ("the gunman Ansel Varga", "Varga's lawyer"); two reports of
different incidents of the same kind ("an office shooting") share common words, rarely names.

Story keys are stored per article (the ledger's ``article_keys`` table) so that a later report finds the
earlier ones that share its protagonists whatever their place or date (a mis-geocoded report, a trial two
years later); :func:`flashpoint.fuse.scoring.content_match` then decides, on the whole name sets,
whether the content evidence is strong enough to join across a place, date or type disagreement.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import importlib.resources
import json
import re
from collections.abc import Iterable

from flashpoint.fuse.profile import EventProfile, _skipped, is_number
from flashpoint.records import Article

TITLE_CASE_SHARE = 0.6  # a line whose words are capitalised at least this often is a headline in title case
_TITLE_CASE_MIN_WORDS = 4
# Capitalised and lower-case words (Latin, Greek and Cyrillic letters: scripts without case have no names
# by this rule), and capitalised words that open the text, a line or a sentence.
_UPPER = "A-ZÀ-ÖØ-ÞΑ-ΩА-ЯЁ"
_LOWER = "a-zß-öø-ÿα-ωа-яё"
_CAPITAL = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’-]*")
_LOWER_WORD = re.compile(rf"(?<![\w'’-])[{_LOWER}][\w'’-]*")
_INITIAL = re.compile(rf"(?:^|[\n.!?:\-–—])[ \t\"'“‘(]*([{_UPPER}][\w'’-]*)")
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")


# "I'm", "I've", "I'd", "I'll": the pronoun is always capitalised, and names no one
_FIRST_PERSON = re.compile(r"i['’]")


def _key(token: str) -> str:
    low = token.rstrip("'’-").lower()
    return low[:-2] if low.endswith(("'s", "’s")) else low


def _written(name: str) -> tuple[str, ...]:
    """The forms in which a lower-case word reads as ``name`` (see :func:`_key`): itself, possessive, clipped."""
    return name, f"{name}'s", f"{name}’s", f"{name}'", f"{name}’", f"{name}-"


def _headline(line: str) -> bool:
    """Whether a line is a headline in title case ("Gunman Kills Two At Depot")."""
    capitals = len(_CAPITAL.findall(line))
    if capitals < TITLE_CASE_SHARE * _TITLE_CASE_MIN_WORDS:  # too few capitals for any headline: words not counted
        return False
    words = len(_WORD.findall(line))
    return words >= _TITLE_CASE_MIN_WORDS and capitals >= TITLE_CASE_SHARE * words


def _counted_names(text: str) -> tuple[frozenset[str], collections.Counter[str]]:
    """The names of ``text`` and how often each occurs in it.

    A name is a word the text capitalises where a sentence does not start, and never writes in lower
    case (a headline in title case capitalises "Prison" and "Escape"; the body writes "prison"); no
    stopwords, calendar words or numbers, at least three letters. Lines in title case are left out:
    their capitals name nothing.
    """
    body = "\n".join(line for line in text.split("\n") if not _headline(line))
    counts = collections.Counter(map(_key, _CAPITAL.findall(body)))
    initial = collections.Counter(map(_key, _INITIAL.findall(body)))
    skipped = _skipped()
    candidates = [
        n
        for n, c in counts.items()
        if c > initial[n] and len(n) >= 3 and n not in skipped and not is_number(n) and not _FIRST_PERSON.match(n)
    ]
    if not candidates:
        return frozenset(), collections.Counter()
    lower = set(_LOWER_WORD.findall(body))  # as written: a candidate is tested in the forms _key folds
    names = frozenset(n for n in candidates if not lower.intersection(_written(n)))
    return names, collections.Counter({n: counts[n] for n in names})


@dataclasses.dataclass(frozen=True, slots=True)
class Story:
    """What a report is about: every name it uses, and the ones it repeats most (its story keys)."""

    names: tuple[str, ...]  # sorted
    keys: tuple[str, ...]  # sorted
    # the names to look up among stored reports' keys (its most repeated first, at most ``lookup`` of them):
    # a short report that names its protagonist once still finds the reports that repeat that name
    lookup: tuple[str, ...] = ()


_NO_STORY = Story((), ())


def read_story(text: str, *, keys: int, min_count: int, lookup: int = 0) -> Story:
    """The story of ``text``: its names (see :func:`_counted_names`) and its ``keys`` most repeated names,
    each named at least ``min_count`` times (ties alphabetical). What a story is about is named again and
    again; a name mentioned once is context. ``lookup``: how many names (most repeated first) to look up
    among the stored reports' keys; 0: only the keys. A text that capitalises nothing has no story."""
    if not _CAPITAL.search(text):
        return _NO_STORY
    names, counts = _counted_names(text)
    ranked = sorted(names, key=lambda n: (-counts[n], n))
    repeated = [n for n in ranked if counts[n] >= min_count][:keys]
    wanted = tuple(sorted({*repeated, *ranked[:lookup]}))
    return Story(tuple(sorted(names)), tuple(sorted(repeated)), wanted)


def story_names(text: str) -> tuple[str, ...]:
    """Every name of the text (capitalised words that are not merely sentence-initial), sorted; no numbers."""
    return tuple(sorted(_counted_names(text)[0]))


def story_keys(text: str, *, keys: int, min_count: int) -> tuple[str, ...]:
    """The ``keys`` names the text repeats most (see :func:`read_story`)."""
    return read_story(text, keys=keys, min_count=min_count).keys


@functools.lru_cache(maxsize=1)
def followup_stems() -> tuple[str, ...]:
    """Word starts that name a later development of an incident (package data, with its header)."""
    path = importlib.resources.files("flashpoint") / "data" / "followup_cues.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(str(w) for w in data["stems"])


_LEDE_END = re.compile(r"(?<=[a-z0-9)\"'”’])[.!?](?=\s)")
_LOW_WORD = re.compile(r"[a-z][a-z'’-]*")


def is_followup(text: str, title: str | None = None) -> bool:
    """Whether a report's lede (its title and first sentence) names a later development of an incident:
    an arrest, a charge, a trial, a verdict, a sentence, a funeral, an inquest, an anniversary. News ledes
    say what the report is about; a report of new violence may mention an arrest further down."""
    body = text.strip()
    end = _LEDE_END.search(body, 40)
    lede = body[: end.start()] if end else body[:400]
    stems = followup_stems()
    words = _LOW_WORD.findall(f"{title or ''} {lede}".lower())
    return any(w.startswith(stems) for w in words)


def linked(keys_a: Iterable[str], keys_b: Iterable[str], *, min_keys: int) -> bool:
    """Whether two reports share at least ``min_keys`` story keys (worth comparing whatever their place)."""
    return len(set(keys_a) & set(keys_b)) >= min_keys


def report_profile(
    article: Article,
    *,
    names: tuple[str, ...],
    followup: bool = False,
    words: tuple[str, ...] = (),
    keys: tuple[str, ...] = (),
) -> EventProfile:
    """The profile of a report that names an incident's protagonists but reports no event of its own
    (a portrait of the suspect, a hearing, an analysis): no type, place or date, only its names.

    Its id is ``<article id>#report``; it can support an incident by :func:`content_match` alone.
    ``words``: its content words (:func:`flashpoint.fuse.profile.content_tokens`), for a report that
    names too few protagonists to be matched on names alone. ``keys``: its story keys (the names it
    repeats): what it is about must be among the names it shares with an incident.
    """
    return EventProfile(
        event_id=f"{article.id}#report", article_id=article.id, external_id=article.external_id,
        source=article.source, published=article.published, event_type="", sub_event_type="",
        date_start=None, date_end=None, country_iso3=None, admin1=None, place_name=None, latitude=None,
        longitude=None, geo_precision=None, actors=(), killed=None, names=names, words=words, story=names,
        followup=followup, story_keys=keys,
    )  # fmt: skip
