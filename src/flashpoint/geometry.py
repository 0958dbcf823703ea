"""The one great-circle distance of Flashpoint (geo resolution, fusion and evaluation share it).

Reads two points in decimal degrees; writes a distance in kilometres on a sphere of the mean Earth radius.
"""

from __future__ import annotations

import math

#: Mean Earth radius in km (IUGG): the one radius of the package.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
