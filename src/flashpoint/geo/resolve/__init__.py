"""Place resolution: toponyms in a parsed article -> :class:`~flashpoint.records.Geography`.

Reads a spaCy ``Doc`` (entities, sentences, dependency parse), the :class:`~flashpoint.records.Article`
(for evidence and its optional ``country_hint``) and the :class:`~flashpoint.geo.gazetteer.Gazetteer`.
Writes one :class:`~flashpoint.records.PlaceMention` per resolved toponym (text order) with a role
(``event``/``origin``/``speaker``/``context``) and a :class:`~flashpoint.records.Place` carrying ACLED
``geo_precision`` and UCDP ``where_prec``, plus the document's main country.

A toponym is resolved by passes over frozen :class:`~flashpoint.geo.resolve.base.Span` records, each a module:
1. :mod:`.candidates`: spans come from NER (GPE/LOC/FAC, and ORG/PERSON/NORP when the gazetteer knows the
   name and the context is locative) and from runs of capitalised tokens the NER missed, when a locative
   cue, a feature word ("X district") or a hierarchy ("X, Y" / "X (Y, Z)") supports them; candidates come
   from the gazetteer by name and alternate name.
2. :mod:`.context`: the article's context: the administrative hierarchy written next to a span ("Dovra
   (Kessa, Pelmora)", "Varsa, Orlo Province", "X district of Y province"), the dateline, each span's role,
   and the country evidence of demonyms and actors (:mod:`.votes` tallies it).
3. :mod:`.homonyms`: each candidate is scored by a population prior, agreement with the document's country
   and first-level-unit evidence, the written hierarchy and feature words, in two rounds; then written
   chains are chosen jointly and readings that contradict a written setting give way.
4. :mod:`.precision`: the spans that are places, their precision codes, the fallback (a toponym the
   gazetteer lacks but whose written hierarchy resolves, "Tirelo (Kessa, Pelmora)", is placed at its most
   specific qualifier with precision "part of region"), the main country and the settled roles.
Areas (regions, water bodies) and recall of the remaining mentions follow in :mod:`flashpoint.geo.supplement`
and :mod:`flashpoint.geo.recall`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flashpoint.geo.gazetteer import Gazetteer
from flashpoint.geo.gazetteer import load_gazetteer as _load_gazetteer
from flashpoint.geo.recall import recall_mentions
from flashpoint.geo.resolve.base import (
    CONTEXT,
    EVENT,
    NAME,
    ORIGIN,
    SPEAKER,
    STAGE,
    VERSION,
    ResolveOptions,
)
from flashpoint.geo.resolve.candidates import find_spans, ruler_patterns
from flashpoint.geo.resolve.context import country_evidence, link_context
from flashpoint.geo.resolve.homonyms import resolve_homonyms
from flashpoint.geo.resolve.precision import accepted, settle_mentions, span_mentions
from flashpoint.geo.supplement import supplement_mentions
from flashpoint.records import Article, Geography

__all__ = [
    "CONTEXT",
    "EVENT",
    "NAME",
    "ORIGIN",
    "SPEAKER",
    "STAGE",
    "VERSION",
    "ResolveOptions",
    "load_gazetteer",
    "resolve_places",
    "ruler_patterns",
]


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Open (building it on first use) the packaged gazetteer; cached per process."""
    return _load_gazetteer(path)


def resolve_places(
    doc: Any, *, article: Article, gazetteer: Gazetteer, options: ResolveOptions | None = None
) -> Geography:
    """Every toponym of ``doc`` resolved in the context of the whole document.

    Mentions come in text order; each carries a role (event/origin/speaker/context) and a score.
    ``Geography.country`` is the country-level place of the country most of the event evidence points to
    (``article.country_hint`` when given weighs most).
    """
    opts = options or ResolveOptions()
    hint = article.country_hint
    spans = link_context(doc, find_spans(doc, gazetteer=gazetteer))
    evidence = country_evidence(doc, demonyms=gazetteer.demonyms())
    spans = resolve_homonyms(doc, spans, evidence=evidence, hint=hint, options=opts)
    keep = accepted(spans, opts)
    mentions = span_mentions(doc, article=article, spans=spans, keep=keep, gazetteer=gazetteer, evidence=evidence)
    settled, country = settle_mentions(
        doc, mentions, spans=spans, keep=keep, evidence=evidence, hint=hint, gazetteer=gazetteer, options=opts
    )
    settled = supplement_mentions(doc, settled, article=article, gazetteer=gazetteer, stage=STAGE)
    settled = recall_mentions(doc, settled, article=article, gazetteer=gazetteer, stage=STAGE)
    return Geography(mentions=tuple(settled), country=country)
