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

from flashpoint.fuse.profile import _TOKEN, content_tokens, is_number


def _counted_names(text: str) -> tuple[frozenset[str], collections.Counter[str]]:
    """The names of ``text`` (no numbers, at least 3 letters) and how often each occurs in it."""
    names, _words = content_tokens(text)
    kept = frozenset(n for n in names if len(n) >= 3 and not is_number(n))
    counts: collections.Counter[str] = collections.Counter()
    for match in _TOKEN.finditer(text):
        low = match.group().rstrip("'’-").lower()
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        if low in kept:
            counts[low] += 1
    return kept, counts


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
