"""Faster drop-ins for two stock spaCy components, writing exactly what the stock components write.

Reads a parsed :class:`spacy.tokens.Doc` (tags and dependencies set); writes the same token attributes as
the component it stands in for. The small English pipeline spends about a fifth of its time in two pure
Python components that do the same work for every token of every text:

- ``attribute_ruler`` runs a spaCy ``Matcher`` of ~180 patterns (tag map and morphology exceptions) over
  every token; the Matcher tries every pattern at every position. :class:`FastAttributeRuler` indexes the
  same patterns by the value their first token requires (its lower-case form or its tag), so each token is
  checked against the few patterns that can start there, then hands the matches, in the stock order, to
  the stock component's own ``set_annotations``.
- ``lemmatizer`` (rule mode) builds a ``Token`` and a cache key for every token, and caches only some of
  its answers. :class:`FastLemmatizer` reads the keys of the whole doc as one array and remembers the lemma
  of every (form, part of speech, morphology) it has seen; an unseen key is lemmatised by the stock
  component itself.

Both stand-ins are exact by construction, not by approximation: the matches and lemmas are those of the
stock component (``tests/nlp/test_fastpath.py`` compares every token attribute of both pipelines). A
pattern the index cannot express (an operator, an attribute other than those in :data:`_ATTRS`) keeps the
stock component: :func:`install` changes a pipeline only where it can be exact.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

log = logging.getLogger(__name__)

NAME = "fastpath"
VERSION = "0.1.0"

#: Token attributes a pattern may constrain for :class:`FastAttributeRuler` to stand in (others: stock).
_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")

#: One token constraint: the attribute's column in the doc array and a test of its value (a string hash,
#: or 0/1 for a flag) given the doc's string store.
Check = tuple[int, Callable[[int, Any], bool]]


class UnindexablePatternError(ValueError):
    """A pattern uses a feature the index does not implement (the stock component stays)."""


def _eq(value: int) -> Callable[[int, Any], bool]:
    return lambda h, _strings: h == value


def _in(values: frozenset[int]) -> Callable[[int, Any], bool]:
    return lambda h, _strings: h in values


def _not_in(values: frozenset[int]) -> Callable[[int, Any], bool]:
    return lambda h, _strings: h not in values


def _regex(pattern: str) -> Callable[[int, Any], bool]:
    """The Matcher's REGEX predicate (``re.search`` on the attribute's string), remembered per value."""
    compiled = re.compile(pattern)
    seen: dict[int, bool] = {}

    def test(h: int, strings: Any) -> bool:
        got = seen.get(h)
        if got is None:
            got = seen[h] = bool(compiled.search(strings[h]))
        return got

    return test


def _compile_token(spec: dict[str, Any], strings: Any) -> tuple[tuple[Check, ...], list[tuple[int, int]]]:
    """One token of a Matcher pattern -> (its checks, the (column, value) pairs it can be indexed by)."""
    checks: list[Check] = []
    keys: list[tuple[int, int]] = []
    for attr, value in spec.items():
        if attr not in _ATTRS:
            raise UnindexablePatternError(f"attribute {attr!r}")
        col = _ATTRS.index(attr)
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                raise UnindexablePatternError(f"IS_SPACE {value!r}")
            checks.append((col, _eq(int(value))))
            keys.append((col, int(value)))
        elif isinstance(value, str):
            checks.append((col, _eq(strings.add(value))))
            keys.append((col, strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), *_ = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                hashes = frozenset(strings.add(v) for v in arg)
                checks.append((col, _in(hashes) if op == "IN" else _not_in(hashes)))
                if op == "IN":
                    keys.extend((col, h) for h in hashes)
            elif op == "REGEX" and isinstance(arg, str):
                checks.append((col, _regex(arg)))
            else:
                raise UnindexablePatternError(f"{attr} {op}")
        else:
            raise UnindexablePatternError(f"{attr} {value!r}")
    return tuple(checks), keys


def _best_keys(keys: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Index a first token by one attribute only (the most selective it constrains): lower form, then tag."""
    for col in (0, 1, 2, 3):
        picked = [k for k in keys if k[0] == col]
        if picked:
            return picked
    return []


class FastAttributeRuler:
    """The stock ``attribute_ruler`` with its Matcher replaced by an index of the same patterns."""

    def __init__(self, stock: Any) -> None:
        self.stock = stock
        strings = stock.vocab.strings
        #: (attribute id, match id, pattern tokens' checks) of every pattern, in the stock order
        self._patterns: list[tuple[int, int, tuple[tuple[Check, ...], ...]]] = []
        self._by_key: dict[tuple[int, int], list[int]] = {}
        self._always: list[int] = []  # patterns whose first token has no indexable equality
        for attr_id, entry in enumerate(stock.patterns):
            match_id = strings.add(str(attr_id))
            for pattern in entry["patterns"]:
                if not pattern:
                    raise UnindexablePatternError("empty pattern")
                compiled = [_compile_token(tok, strings) for tok in pattern]
                number = len(self._patterns)
                self._patterns.append((attr_id, match_id, tuple(checks for checks, _ in compiled)))
                keys = _best_keys(compiled[0][1])
                for key in keys:
                    self._by_key.setdefault(key, []).append(number)
                if not keys:
                    self._always.append(number)

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """What the stock ``AttributeRuler.match`` returns: (attribute id, match id, start, end), sorted."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        if not len(doc):
            return []
        rows: list[list[int]] = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        strings = doc.vocab.strings
        found: set[tuple[int, int, int, int]] = set()
        by_key, always, patterns = self._by_key, self._always, self._patterns
        n = len(rows)
        for start, row in enumerate(rows):
            candidates = [*always]
            for col in (0, 1, 2, 3):
                hit = by_key.get((col, row[col]))
                if hit:
                    candidates.extend(hit)
            for number in candidates:
                attr_id, match_id, tokens = patterns[number]
                end = start + len(tokens)
                if end <= n and all(
                    test(rows[i][col], strings) for i, checks in enumerate(tokens, start) for col, test in checks
                ):
                    found.add((attr_id, match_id, start, end))
        return sorted(found)

    def __call__(self, doc: Any) -> Any:
        """Set the attributes of every match, as the stock component does."""
        self.stock.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Iterable[Any], *, batch_size: int = 128) -> Iterator[Any]:
        """Process docs in order (``batch_size`` is accepted for spaCy's pipe interface)."""
        del batch_size
        for doc in docs:
            yield self(doc)


class WordList(list[str]):
    """A list of words that answers ``in`` from a set of the same words, and is otherwise the same list.

    The stock rule lemmatizer asks ``form in index`` of the ``lemma_index`` table's lists (tens of thousands
    of words each for nouns, verbs, adjectives) for every rule that applies to an unseen word: a linear scan
    each time, about half of its cost. A set of the same strings gives the same answers.
    """

    __slots__ = ("_members",)

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def index_word_lists(lemmatizer: Any) -> int:
    """Make every list of the stock lemmatizer's ``lemma_index`` table a :class:`WordList` (same words, same
    order); returns how many lists were replaced. Nothing else reads the table."""
    if not lemmatizer.lookups.has_table("lemma_index"):
        return 0
    table = lemmatizer.lookups.get_table("lemma_index")
    lists = [(key, words) for key, words in table.items() if type(words) is list]
    for key, words in lists:
        table[key] = WordList(words)
    return len(lists)


class FastLemmatizer:
    """The stock rule ``lemmatizer`` with every (form, POS, morphology) -> lemma answer remembered, and its
    word index answering membership from sets (:class:`WordList`)."""

    def __init__(self, stock: Any) -> None:
        self.stock = stock
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._indexed = False

    def __call__(self, doc: Any) -> Any:
        """Set ``lemma`` of every token without one (all tokens when the stock component overwrites)."""
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        if not self.stock._validated:  # the stock component checks its tables on first use
            return self.stock(doc)
        if not self._indexed:  # the tables are complete once the stock component has validated them
            index_word_lists(self.stock)
            self._indexed = True
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows: list[list[int]] = array.tolist()
        lemmas = self._lemmas
        strings = doc.vocab.strings
        overwrite = self.stock.overwrite
        out = [row[3] for row in rows]
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            got = lemmas.get(key)
            if got is None:
                got = lemmas[key] = strings.add(self.stock.lemmatize(doc[i])[0])
            out[i] = got
        doc.from_array([LEMMA], numpy.asarray(out, dtype=array.dtype).reshape(-1, 1))
        return doc

    def pipe(self, docs: Iterable[Any], *, batch_size: int = 128) -> Iterator[Any]:
        """Process docs in order (``batch_size`` is accepted for spaCy's pipe interface)."""
        del batch_size
        for doc in docs:
            yield self(doc)


def _stand_in(stock: Any) -> Any | None:
    """The fast stand-in for a stock component, or None when there is none that is exact."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    if isinstance(stock, AttributeRuler):
        try:
            return FastAttributeRuler(stock)
        except UnindexablePatternError as exc:
            log.info("attribute_ruler keeps the spaCy Matcher (pattern not indexable: %s)", exc)
            return None
    if isinstance(stock, Lemmatizer) and stock.mode == "rule":
        return FastLemmatizer(stock)
    return None


def install(nlp: Any, names: Sequence[str] = ("attribute_ruler", "lemmatizer")) -> tuple[str, ...]:
    """Put the fast stand-ins in place of the named stock components of ``nlp`` (same names, same
    positions); returns the names replaced. A component that is absent or has no exact stand-in stays."""
    _register()
    replaced = []
    for name in names:
        if name not in nlp.pipe_names or _stand_in(nlp.get_pipe(name)) is None:
            continue
        # spaCy builds components through registered factories only: the factory finds the stock component
        # by name in ``nlp``, the stand-in is added right after it, then takes its name.
        temporary = f"{name}_{_FACTORY}"
        nlp.add_pipe(_FACTORY, name=temporary, after=name, config={"stock": name})
        nlp.remove_pipe(name)
        nlp.rename_pipe(temporary, name)
        replaced.append(name)
    return tuple(replaced)


_FACTORY = "flashpoint_fastpath"


def _register() -> None:
    """Register the factory of the stand-ins with spaCy (once per process)."""
    from spacy.language import Language

    if Language.has_factory(_FACTORY):
        return

    def factory(nlp: Any, name: str, stock: str) -> Any:
        del name
        fast = _stand_in(nlp.get_pipe(stock))
        if fast is None:
            raise ValueError(f"{stock!r} has no exact fast stand-in")
        return fast

    Language.factory(_FACTORY, func=factory)
