"""Fixtures for the web tests: the hand-built sample records of ``tests/export/export_samples.py``.

pytest runs with ``--import-mode=importlib``; the samples module is loaded from its file once and
registered under its own name so both test folders share one copy of the records.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def load_samples() -> None:
    """Load ``tests/export/export_samples.py`` as the module ``export_samples`` (once per session)."""
    if "export_samples" in sys.modules:
        return
    path = Path(__file__).parent.parent / "export" / "export_samples.py"
    spec = importlib.util.spec_from_file_location("export_samples", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["export_samples"] = module
    spec.loader.exec_module(module)


load_samples()


def load_dashboard_samples() -> None:
    """Load ``tests/web/dashboard_samples.py`` as the module ``dashboard_samples`` (once per session)."""
    if "dashboard_samples" in sys.modules:
        return
    path = Path(__file__).parent / "dashboard_samples.py"
    spec = importlib.util.spec_from_file_location("dashboard_samples", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dashboard_samples"] = module
    spec.loader.exec_module(module)


load_dashboard_samples()
