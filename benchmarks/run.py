"""Run every benchmark in turn (``make bench``)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "benchmarks.bench_code",
    "benchmarks.bench_relevance",
    "benchmarks.bench_ingest",
    "benchmarks.bench_gazetteer",
    "benchmarks.bench_fusion",
    "benchmarks.bench_distributed",
    "benchmarks.bench_dashboard",
)


def main() -> None:
    """Run each benchmark module's ``main`` with no arguments."""
    for name in BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            print(f"{name}: not available ({exc})")
            continue
        print(f"== {name}")
        sys.argv = [name]
        module.main()


if __name__ == "__main__":
    main()
