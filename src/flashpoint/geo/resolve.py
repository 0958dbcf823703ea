"""Place resolution: toponyms in a parsed article -> :class:`~flashpoint.records.Geography`."""

from __future__ import annotations

from typing import Any

from flashpoint.records import Article, Geography

NAME = "geo"
VERSION = "0.1.0"


def resolve_places(doc: Any, *, article: Article, gazetteer: Any) -> Geography:
    """Every toponym of ``doc`` resolved in the context of the whole document."""
    return Geography(mentions=(), country=None)


def load_gazetteer() -> Any:
    """Open (building it on first use) the packaged gazetteer."""
    return None


def ruler_patterns(gazetteer: Any) -> list[tuple[str, str]]:
    """(label, phrase) pairs for the backbone's entity ruler: place names."""
    return []
