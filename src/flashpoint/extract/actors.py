"""Actors: ACLED-style actor names, inter codes and countries."""

from __future__ import annotations

NAME = "actors"
VERSION = "0.1.0"


def ruler_patterns() -> list[tuple[str, str]]:
    """(label, phrase) pairs for the backbone's entity ruler: organisations and armed groups."""
    return []
