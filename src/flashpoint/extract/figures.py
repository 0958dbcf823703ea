"""Figures: casualty and impact counts with intervals, victim groups and ACLED/UCDP values."""

from __future__ import annotations

from typing import Any

from flashpoint.records import Article, Figure

NAME = "figures"
VERSION = "0.1.0"


def extract_figures(doc: Any, *, article: Article) -> tuple[Figure, ...]:
    """Every casualty/impact figure in ``doc``, each with its claim and evidence."""
    return ()
