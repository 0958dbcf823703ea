"""Events: ACLED event and sub-event types, PLOVER types, actors, places, dates and fatalities."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from flashpoint.records import Article, Event, Figure, Geography

NAME = "events"
VERSION = "0.1.0"


@dataclasses.dataclass(frozen=True, slots=True)
class EventOptions:
    """Options for event extraction."""

    max_events: int = 20


def extract_events(
    doc: Any,
    *,
    article: Article,
    geography: Geography,
    figures: Sequence[Figure],
    options: EventOptions = EventOptions(),
) -> tuple[Event, ...]:
    """The events reported in ``doc``; the first is the article's primary event."""
    return ()
