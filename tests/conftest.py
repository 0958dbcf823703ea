"""Shared fixtures: the language backbone is loaded once per test session."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.nlp import Backbone, load_backbone


@pytest.fixture(scope="session")
def backbone() -> Backbone:
    """The default backbone (spaCy small model), loaded once."""
    return load_backbone()


@pytest.fixture(scope="session")
def parse(backbone: Backbone) -> Any:
    """A function that parses a text with the session backbone."""
    return backbone.parse
