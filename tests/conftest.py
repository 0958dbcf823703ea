"""Shared fixtures: the language backbone is loaded once per test session."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from flashpoint.nlp import Backbone, load_backbone


@pytest.fixture(scope="session")
def backbone() -> Backbone:
    """The default backbone (spaCy small model), loaded once."""
    return load_backbone()


@pytest.fixture(scope="session")
def parse(backbone: Backbone) -> Any:
    """A function that parses a text with the session backbone."""
    return backbone.parse


# Property-based tests (hypothesis): a fixed budget in `make test`, a slower profile in CI
# (`HYPOTHESIS_PROFILE=ci`, set by .ci/run). No deadline: two shared cores make per-example times noisy,
# and speed is measured by benchmarks, never by tests. Derandomised by default so a run is repeatable;
# the CI profile explores new examples each time.
settings.register_profile(
    "default", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
