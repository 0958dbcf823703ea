"""Evaluation against data Flashpoint did not write: one entry point, one result type.

``run_evaluation(kind, path)`` dispatches to the scorer of each kind: ``acled``, ``case2021`` and ``glocon``
(coding agreement with outside coders, :mod:`flashpoint.evaluation.coding`), ``muc4`` and ``offtopic``
(full news articles, :mod:`flashpoint.evaluation.articles`), ``attribution``
(:mod:`flashpoint.evaluation.attribution`), ``fusion`` (:mod:`flashpoint.evaluation.fusion`), ``ecb``
(fusion of multi-outlet coverage, :mod:`flashpoint.evaluation.ecb`) and ``ceiling``
(what the shipped gazetteer allows at best on ACLED notes, :mod:`flashpoint.evaluation.ceiling`).
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flashpoint.errors import EvaluationError


@dataclasses.dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Metrics of one evaluation run and the report printed for them."""

    kind: str
    metrics: Mapping[str, Any]
    report: str


def run_evaluation(
    kind: str,
    path: Path | None,
    *,
    workers: int = 0,
    predictions: Path | None = None,
    progress: Callable[[int], None] | None = None,
    **options: Any,
) -> EvaluationResult:
    """Run the evaluation ``kind`` on ``path`` (the bundled gold set when ``path`` is None)."""
    from flashpoint.evaluation import articles, coding

    coders = {
        "acled": coding.evaluate_acled,
        "case2021": coding.evaluate_case,
        "glocon": coding.evaluate_glocon,
        "muc4": articles.evaluate_muc4,
        "offtopic": articles.evaluate_offtopic,
    }
    if kind in coders:
        if path is None:
            raise EvaluationError(f"eval {kind} needs the path of the gold CSV")
        metrics, report = coders[kind](path, predictions=predictions, workers=workers, progress=progress, **options)
        return EvaluationResult(kind, metrics, report)
    if kind == "ceiling":
        from flashpoint.evaluation import ceiling

        if path is None:
            raise EvaluationError("eval ceiling needs the path of an ACLED CSV")
        metrics, report = ceiling.evaluate_ceiling(path, progress=progress)
        return EvaluationResult(kind, metrics, report)
    if kind == "ecb":
        from flashpoint.evaluation import ecb

        if path is None:
            raise EvaluationError("eval ecb needs the path of a CSV with gold incidents")
        found_ecb = ecb.evaluate(path, workers=workers, progress=progress)
        return EvaluationResult(kind, found_ecb, ecb.format_report(found_ecb))
    if kind in ("attribution", "fusion"):
        module: Any = importlib.import_module(f"flashpoint.evaluation.{kind}")
        found = module.evaluate(path)
        return EvaluationResult(kind, found, module.format_report(found))
    raise EvaluationError(f"unknown evaluation {kind!r}")


# The outside data sets `eval all` looks for in a data folder, with the command that scores each.
OUTSIDE_SETS: tuple[tuple[str, str], ...] = (
    ("acled", "acled_dev_2020_global.csv"),
    ("acled", "acled_dev_benin_2009_2022.csv"),
    ("acled", "acled_dev_africa_2016_legacy_taxonomy.csv"),
    ("case2021", "case2021_task2_dev.csv"),
    ("glocon", "glocon_sample_sa_docs_dev.csv"),
    ("muc4", "muc4_dev_0001_0400.csv"),
    ("offtopic", "ecb_nonconflict_dev.csv"),
    ("ecb", "ecb_conflict_dev.csv"),
)


def run_all(
    data_dir: Path | None, *, workers: int = 0, progress: Callable[[int], None] | None = None
) -> EvaluationResult:
    """Every evaluation: the outside sets found in ``data_dir`` and the bundled gold sets."""
    results: list[EvaluationResult] = []
    commands: list[str] = []
    for kind, name in OUTSIDE_SETS:
        path = data_dir / name if data_dir else None
        if path is None or not path.exists():
            continue
        results.append(run_evaluation(kind, path, workers=workers, progress=progress))
        commands.append(f"flashpoint eval {kind} {path}")
    for kind in ("attribution", "fusion"):
        results.append(run_evaluation(kind, None))
        commands.append(f"flashpoint eval {kind}")
    report = "\n\n".join(f"$ {cmd}\n{res.report}" for cmd, res in zip(commands, results, strict=True))
    metrics = {cmd: dict(res.metrics) for cmd, res in zip(commands, results, strict=True)}
    return EvaluationResult("all", metrics, report)
