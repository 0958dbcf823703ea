"""Gazetteer benchmark: build time, resident memory when loaded, and lookups per second.

Run with ``make bench`` or ``python -m benchmarks.bench_gazetteer [--rebuild]``. Targets (issue 4):
build <= 60 s, <= 300 MB resident when loaded, >= 5,000 lookups/s. The build goes to a temporary
directory so the user's cache is left alone; lookups use a fresh :class:`Gazetteer` so the per-process
cache starts empty (each name is looked up once cold, then the whole list again warm).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from flashpoint.geo.gazetteer import Gazetteer, build_gazetteer, default_path, ensure_built

NAMES = (
    "Almaty", "Alma-Ata", "Kiev", "Kyiv", "Nur-Sultan", "Aleppo", "Idlib", "Donetsk", "Mogadishu", "Kabul",
    "Tripoli", "Sanaa", "Aden", "Goma", "Beni", "Bunia", "Maiduguri", "Gao", "Mopti", "Diffa", "Kidal",
    "San Juan", "Springfield", "Victoria", "Santa Cruz", "Kherson", "Bakhmut", "Juba", "Malakal", "Khartoum",
    "El Fasher", "Mosul", "Kirkuk", "Basra", "Gaza", "Rafah", "Jenin", "Hebron", "Lahore", "Peshawar",
    "Quetta", "Karachi", "Dhaka", "Yangon", "Mandalay", "Manila", "Marawi", "Cotabato", "Bogota", "Cali",
)  # fmt: skip


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Print build seconds, resident MB after loading, and cold/warm lookups per second."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="time a fresh build in a temporary directory")
    args = parser.parse_args()
    if args.rebuild or not default_path().exists():
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build_gazetteer(Path(tmp) / "gazetteer.sqlite")
            print(f"build_seconds={time.perf_counter() - started:.1f}")
    path = ensure_built()
    before = _rss_mb()
    gaz = Gazetteer(path)
    gaz.find("Almaty")
    print(f"rss_mb_after_load={_rss_mb():.0f} (process before load {before:.0f})")
    keys = [f"{n}{suffix}" for suffix in ("", " ", "  ") for n in NAMES]  # distinct strings, same keys
    # Cold: many distinct names (every 50th stored name), none in the per-process cache yet.
    sample = [str(r[0]) for r in gaz._con.execute("SELECT key FROM name WHERE rowid % 50 = 0 LIMIT 10000")]
    started = time.perf_counter()
    for name in sample:
        gaz.lookup(name)
    cold_rate = len(sample) / (time.perf_counter() - started)
    started = time.perf_counter()
    rounds = 200
    for _ in range(rounds):
        for name in keys:
            gaz.find(name)
    warm_rate = rounds * len(keys) / (time.perf_counter() - started)
    print(f"lookups_per_s_cold={cold_rate:.0f} lookups_per_s_warm={warm_rate:.0f}")
    print(f"rss_mb_after_lookups={_rss_mb():.0f} stats={gaz.stats()}")


if __name__ == "__main__":
    main()
