"""Case restoration for text written in capitals (telex copy, old wire archives, shouted headlines).

Reads a text; writes a text of *exactly the same length* in which every character sits at the same
offset, so every evidence span computed on the restored text still points into the original article.
It runs only when a text is mostly upper case (:func:`is_mostly_upper`); ordinary text is returned as is.

How a word gets its case, first rule that applies (each rule is named in :data:`RULES`):

1. ``phrase``: a run of words that is a name Flashpoint already knows (gazetteer places, named actors of
   the actor lexicon, passed in as phrases) takes that name's spelling ("SAN TIRELO" -> "San Tirelo").
2. ``common_word``: a word English writes in lower case (the word list of the ``english-words`` package,
   Webster's Second International, and its inflections: "-s", "-es", "-ed", "-ing", "-ly", "-ies") stays
   lower case.
3. ``proper_word``: a word the word list only knows capitalised ("Monday", "Marxist") is capitalised.
4. ``acronym``: an unknown word of at most :attr:`CaseOptions.max_acronym` letters, or without a vowel, is
   kept in capitals ("NATO"-like initialisms).
5. ``unknown_name``: any other unknown word is most likely a name and is capitalised.

Then the first letter of every sentence (after ``.``, ``!``, ``?``, a blank line, a dateline dash or an
opening bracket, and after any bracketed editor's tags that follow them) is capitalised, a month name next
to a number is capitalised ("3 MAY" -> "3 May"), and the pronoun "I" stays upper case.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

NAME = "truecase"
VERSION = "0.1.0"
STAGE = f"{NAME}@{VERSION}"

RULES = ("phrase", "common_word", "proper_word", "acronym", "unknown_name")

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:[.!?][\"')\]]?\s+|\n\s*\n\s*|--\s*|[\[(\"]\s*)(?:\[[^\]\n]{1,40}\]\s*)*$")
_NUMBER_NEAR = re.compile(r"\d")
_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip
_VOWELS = frozenset("aeiouy")


@dataclasses.dataclass(frozen=True, slots=True)
class CaseOptions:
    """When and how to restore case.

    ``min_upper_share``: a text is restored when at least this share of its cased letters is upper case.
    Ordinary English prose has about 3-6% capitals and an all-capitals headline inside it does not move the
    share much; telex copy has 100% (a bracketed lower-case editor's note rarely brings it below 0.9).
    0.8 leaves room for mixed copy and never fires on prose.
    ``min_letters``: shorter texts (a bare headline) are left alone: too little to judge.
    ``max_acronym``: unknown words up to this length are read as initialisms and kept in capitals.
    """

    min_upper_share: float = 0.8
    min_letters: int = 20
    max_acronym: int = 3


@dataclasses.dataclass(frozen=True, slots=True)
class CaseModel:
    """What the restorer knows about words: built once per process by :func:`build_case_model`."""

    lower_words: frozenset[str]
    proper_words: frozenset[str]
    phrases: Mapping[tuple[str, ...], tuple[str, ...]]
    longest_phrase: int
    phrase_starts: frozenset[str]


@functools.cache
def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(words written in lower case, lower-cased words only ever written capitalised) of the word list."""
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False)
    from spacy.lang.en.stop_words import STOP_WORDS

    lower = frozenset(w for w in words if w.islower()) | frozenset(STOP_WORDS)
    proper = frozenset(w.lower() for w in words if w[:1].isupper() and w.lower() not in lower)
    return lower, proper


def build_case_model(phrases: Iterable[str]) -> CaseModel:
    """A case model from known names (gazetteer places, actor names) and the English word list.

    A name whose spelling is a single common lower-case word ("Police") is ignored: in capitals it is far
    more often the word than the name.
    """
    lower, proper = _word_lists()
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for phrase in phrases:
        words = tuple(m.group(0) for m in _WORD.finditer(phrase))
        if not words or any(len(w.lower()) != len(w) for w in words):
            continue
        key = tuple(w.lower() for w in words)
        if len(key) == 1 and key[0] in lower:
            continue
        table.setdefault(key, words)
    longest = max((len(k) for k in table), default=1)
    starts = frozenset(k[0] for k in table)
    return CaseModel(lower, proper, MappingProxyType(table), longest, starts)


def is_mostly_upper(text: str, *, options: CaseOptions | None = None) -> bool:
    """Whether ``text`` is written (mostly) in capitals and should have its case restored."""
    opts = options or CaseOptions()
    upper = lower = 0
    for char in text:
        if char.isupper():
            upper += 1
        elif char.islower():
            lower += 1
    cased = upper + lower
    return cased >= opts.min_letters and upper / cased >= opts.min_upper_share


def _inflection_bases(word: str) -> Iterable[str]:
    """Candidate dictionary forms of an inflected word ("killed" -> "kill", "parties" -> "party")."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("est", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)] + repl
            yield base
            if len(base) > 2 and base[-1] == base[-2] and not repl:  # doubled consonant: "planned" -> "plan"
                yield base[:-1]


def word_rule(word: str, *, model: CaseModel, options: CaseOptions) -> str:
    """The name of the rule (one of :data:`RULES`, except ``phrase``) that decides a lower-cased word."""
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    if word in model.lower_words or any(b in model.lower_words for b in _inflection_bases(word)):
        return "common_word"
    if word in model.proper_words:
        return "proper_word"
    if len(word) <= options.max_acronym or not (set(word) & _VOWELS):
        return "acronym"
    return "unknown_name"


def _cased(word: str, rule: str) -> str:
    if rule == "common_word":
        return word
    if rule == "acronym":
        return word.upper()
    return word[:1].upper() + word[1:]


def _lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer than one character stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def restore_case(text: str, *, model: CaseModel, options: CaseOptions | None = None) -> str:
    """The text with ordinary case restored, the same length as ``text`` (returned unchanged unless
    :func:`is_mostly_upper`)."""
    opts = options or CaseOptions()
    if not is_mostly_upper(text, options=opts):
        return text
    out = list(_lower_same_length(text))
    words = list(_WORD.finditer("".join(out)))
    i = 0
    while i < len(words):
        i += _case_at(words, i, out, text=text, model=model, options=opts)
    return "".join(out)


def _case_at(
    words: list[re.Match[str]], i: int, out: list[str], *, text: str, model: CaseModel, options: CaseOptions
) -> int:
    """Case the word (or known phrase) starting at ``words[i]`` in ``out``; returns how many words it took."""
    longest = min(model.longest_phrase, len(words) - i) if words[i].group(0) in model.phrase_starts else 0
    for n in range(longest, 0, -1):
        span = words[i : i + n]
        if n > 1 and any(text[a.end() : b.start()].strip() not in ("", "-") for a, b in itertools.pairwise(span)):
            continue
        known = model.phrases.get(tuple(m.group(0) for m in span))
        if known is None or (n == 1 and word_rule(span[0].group(0), model=model, options=options) == "common_word"):
            continue
        for match, spelled in zip(span, known, strict=True):
            if len(spelled) == match.end() - match.start():
                out[match.start() : match.end()] = spelled
        _capitalise_start(words[i], out, text=text)
        return n
    match = words[i]
    word = match.group(0)
    rule = word_rule(word, model=model, options=options)
    cased = "I" if word == "i" else _cased(word, rule)
    if word in _MONTHS and _NUMBER_NEAR.search(text[max(0, match.start() - 4) : match.end() + 4]):
        cased = word[:1].upper() + word[1:]
    if len(cased) == len(word):
        out[match.start() : match.end()] = cased
    _capitalise_start(match, out, text=text)
    return 1


def _capitalise_start(match: re.Match[str], out: list[str], *, text: str) -> None:
    start = match.start()
    if start == len(text) - len(text.lstrip()) or _SENTENCE_START.search(text[max(0, start - 80) : start]):
        first = out[match.start()].upper()
        if len(first) == 1:
            out[match.start()] = first
