"""Make the hand-built sample records (``export_samples.py``, ``edge_samples.py``) importable by the export
and web tests.

pytest runs with ``--import-mode=importlib``, so test folders are not on ``sys.path``; the samples module is
loaded once from its file and registered under its own name.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def load_samples(name: str = "export_samples") -> None:
    """Load ``tests/export/<name>.py`` as the module ``name`` (once per session)."""
    if name in sys.modules:
        return
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


load_samples()
load_samples("edge_samples")
