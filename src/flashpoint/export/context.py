"""What a writer may look up besides the records it writes: the articles and events they refer to.

Reads :class:`~flashpoint.records.Extraction` records; writes an :class:`ExportContext` (id -> Article,
id -> Event). Events and incidents hold ids, not copies, of the articles and events behind them; exports that
name sources (ACLED ``source``, UCDP ``source_article``) or certainties of an incident need the records.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterable, Mapping

from flashpoint.export.acled import AcledOptions
from flashpoint.records import Article, Certainty, Event, Extraction

#: From the firmest to the weakest commitment; an incident takes the firmest of its events.
CERTAINTY_ORDER: tuple[Certainty, ...] = (
    Certainty.ASSERTED,
    Certainty.REPORTED,
    Certainty.CLAIMED,
    Certainty.HEDGED,
    Certainty.FUTURE,
    Certainty.HYPOTHETICAL,
    Certainty.DENIED,
)


@dataclasses.dataclass(frozen=True, slots=True)
class ExportContext:
    """Articles and events by id, for writers that need more than the records they write."""

    articles: Mapping[str, Article] = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))
    events: Mapping[str, Event] = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))
    acled: AcledOptions = dataclasses.field(default_factory=AcledOptions)  # inter labels, timestamp

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None when the context does not hold it."""
        return self.articles.get(article_id)


def context_from(extractions: Iterable[Extraction], *, acled: AcledOptions | None = None) -> ExportContext:
    """An :class:`ExportContext` holding every article and event of ``extractions``."""
    articles: dict[str, Article] = {}
    events: dict[str, Event] = {}
    for ex in extractions:
        articles[ex.article.id] = ex.article
        for event in ex.events:
            events[event.id] = event
    return ExportContext(types.MappingProxyType(articles), types.MappingProxyType(events), acled or AcledOptions())


def firmest(certainties: Iterable[Certainty]) -> Certainty | None:
    """The firmest certainty among ``certainties`` (asserted before reported before claimed ...)."""
    found = set(certainties)
    return next((c for c in CERTAINTY_ORDER if c in found), None)
