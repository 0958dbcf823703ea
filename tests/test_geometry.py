"""The one great-circle distance of the package."""

from __future__ import annotations

import pytest

from flashpoint.geometry import distance_km


def test_distance_km() -> None:
    assert distance_km(0.0, 0.0, 0.0, 0.0) == 0.0
    # one degree of latitude is about 111 km
    assert distance_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.2, abs=0.5)
