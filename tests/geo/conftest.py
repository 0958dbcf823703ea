"""Fixtures of the geo tests: the gazetteer (built once per cache) and a backbone with its ruler patterns."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.geo.resolve import load_gazetteer, ruler_patterns
from flashpoint.nlp.backbone import BackboneOptions, load_backbone, patterns_from


@pytest.fixture(scope="session")
def gazetteer() -> Any:
    """The packaged gazetteer (built into the cache directory on first use)."""
    return load_gazetteer()


@pytest.fixture(scope="session")
def geo_parse(gazetteer: Any) -> Any:
    """Parse with the backbone carrying the gazetteer's entity-ruler patterns."""
    backbone = load_backbone(BackboneOptions(patterns=patterns_from(ruler_patterns(gazetteer))))
    return backbone.parse
