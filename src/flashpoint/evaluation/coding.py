"""Event-coding evaluations against data coded by other people: ACLED, CASE 2021 Task 2 and GLOCON.

Reads a gold CSV, codes its texts with the full pipeline (or reads a prediction CSV written by
``flashpoint code``), and scores the primary event of each text field by field.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.scoring import (
    accuracy,
    binary_prf,
    haversine_km,
    macro_f1,
    same_place_name,
    weighted_f1,
)

Progress = Callable[[int], None]
Row = Mapping[str, str]

ACLED_INTER_NAMES = {
    "state forces": "1",
    "rebel groups": "2",
    "political militias": "3",
    "identity militias": "4",
    "rioters": "5",
    "protesters": "6",
    "civilians": "7",
    "external/other forces": "8",
}
NON_FACTUAL = frozenset({"hypothetical", "future", "denied"})


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Read a CSV, checking that the named columns exist."""
    csv.field_size_limit(1 << 30)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            columns = reader.fieldnames or []
            missing = [c for c in required if c not in columns]
            if missing:
                raise EvaluationError(f"{path} lacks column(s) {missing}; it has {columns}")
            return list(reader)
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc}") from exc


def code_file(
    path: Path,
    *,
    text_column: str,
    id_column: str,
    date_column: str | None = None,
    country_column: str | None = None,
    workers: int = 0,
    progress: Progress | None = None,
    restore_case: bool = True,
) -> dict[str, list[dict[str, str]]]:
    """Code every row of ``path`` with the pipeline; returns the rows coded for each id, primary first.

    ``restore_case=False`` parses texts written in capitals as they are (to measure what case restoration
    is worth).
    """
    from flashpoint.ingest import IngestOptions, read_paths
    from flashpoint.jobs import code_articles
    from flashpoint.pipeline import PipelineOptions

    options = IngestOptions(
        text_column=text_column, id_column=id_column, date_column=date_column, country_column=country_column
    )
    coded: dict[str, list[dict[str, str]]] = {}
    items = read_paths([path], options)
    pipeline_options = PipelineOptions(workers=workers, restore_case=restore_case)
    for result in code_articles(items, pipeline_options, progress=progress):
        coded.setdefault(result.external_id or "", []).extend(result.rows)
    return coded


def read_predictions(path: Path, id_column: str) -> dict[str, list[dict[str, str]]]:
    """Read a prediction CSV written by ``flashpoint code`` (several rows per id allowed)."""
    coded: dict[str, list[dict[str, str]]] = {}
    for row in read_rows(path, [id_column]):
        coded.setdefault(row[id_column], []).append(row)
    return coded


def _inter(value: str | None) -> str:
    v = (value or "").strip()
    v = ACLED_INTER_NAMES.get(v.lower(), v)
    try:
        return str(int(float(v)))
    except ValueError:
        return v or "0"


def _int(value: str | None, default: int) -> int:
    try:
        return int(float(value or ""))
    except ValueError:
        return default


def score_acled(gold: Sequence[Row], predicted: Mapping[str, Sequence[Row]], id_column: str) -> dict[str, float]:
    """Per-field agreement of the primary coded event with the ACLED coders' row."""
    n = len(gold)
    if n == 0:
        raise EvaluationError("no gold rows to score")
    empty: Row = {}
    first = {k: (v[0] if v else empty) for k, v in predicted.items()}
    pairs = [(g, first.get(g[id_column], empty)) for g in gold]
    etype = [(g["event_type"], p.get("event_type", "")) for g, p in pairs]
    sub = [(g["sub_event_type"], p.get("sub_event_type", "")) for g, p in pairs]
    fat = [(_int(g["fatalities"], 0), _int(p.get("fatalities"), -1)) for g, p in pairs]
    killed = [(gf, pf) for gf, pf in fat if gf > 0]
    distances: list[float] = []
    for g, p in pairs:
        try:
            gold_point = (float(g["latitude"]), float(g["longitude"]))
            distances.append(haversine_km(gold_point, (float(p["latitude"]), float(p["longitude"]))))
        except (KeyError, ValueError):
            distances.append(float("inf"))
    certainty = [(p.get("certainty") or "").strip().lower() for _, p in pairs]
    return {
        "rows": float(n),
        "coded": sum(1 for g in gold if g[id_column] in predicted) / n,
        "event_type_acc": accuracy(etype),
        "event_type_macro_f1": macro_f1(etype),
        "sub_event_acc": accuracy(sub),
        "sub_event_weighted_f1": weighted_f1(sub),
        "fatalities_exact": sum(a == b for a, b in fat) / n,
        "fatalities_exact_when_killed": sum(a == b for a, b in killed) / len(killed) if killed else 1.0,
        "inter1_acc": accuracy([(_inter(g.get("inter1")), _inter(p.get("inter1"))) for g, p in pairs]),
        "inter2_acc": accuracy([(_inter(g.get("inter2")), _inter(p.get("inter2"))) for g, p in pairs]),
        "country_acc": sum(same_place_name(g["country"], p.get("country", "")) for g, p in pairs) / n,
        "admin1_acc": sum(same_place_name(g["admin1"], p.get("admin1", "")) for g, p in pairs) / n,
        "median_km": statistics.median(distances),
        "within_25km": sum(d <= 25 for d in distances) / n,
        "within_100km": sum(d <= 100 for d in distances) / n,
        "geo_precision_acc": accuracy([(g.get("geo_precision", ""), p.get("geo_precision", "")) for g, p in pairs]),
        "event_date_acc": accuracy([(g.get("event_date", ""), p.get("event_date", "")) for g, p in pairs]),
        "certainty_given": sum(bool(c) for c in certainty) / n,
        "certainty_non_factual": sum(c in NON_FACTUAL for c in certainty) / n,
    }


def score_case(gold: Sequence[Row], predicted: Mapping[str, Sequence[Row]]) -> dict[str, float]:
    """ACLED sub-event agreement on CASE 2021 Task 2 snippets whose class maps to ACLED."""
    rows = [g for g in gold if g.get("is_acled_type", "").lower() in ("true", "1")]
    if not rows:
        raise EvaluationError("no CASE rows with an ACLED class")
    empty: Row = {}
    first = {k: (v[0] if v else empty) for k, v in predicted.items()}
    sub = [(g["acled_sub_event_type"], first.get(g["case_id"], empty).get("sub_event_type", "")) for g in rows]
    etype = [(g["acled_event_type"], first.get(g["case_id"], empty).get("event_type", "")) for g in rows]
    others = [g for g in gold if g not in rows]
    quiet = sum(1 for g in others if not first.get(g["case_id"], empty).get("event_type"))
    return {
        "rows": float(len(rows)),
        "sub_event_weighted_f1": weighted_f1(sub),
        "sub_event_acc": accuracy(sub),
        "event_type_acc": accuracy(etype),
        "event_type_macro_f1": macro_f1(etype),
        "non_acled_rows": float(len(others)),
        "non_acled_without_event": quiet / len(others) if others else 1.0,
    }


def score_glocon(gold: Sequence[Row], predicted: Mapping[str, Sequence[Row]]) -> dict[str, float]:
    """Protest-document precision/recall/F1: a document is positive when any event is Protests or Riots."""
    truth = [g["label"] not in ("0", "") for g in gold]
    guess = [any(r.get("event_type") in ("Protests", "Riots") for r in predicted.get(g["id"], ())) for g in gold]
    precision, recall, f1 = binary_prf(truth, guess)
    return {
        "documents": float(len(gold)),
        "positives": float(sum(truth)),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _table(title: str, metrics: Mapping[str, float]) -> str:
    width = max(len(k) for k in metrics)
    lines = [title]
    for key, value in metrics.items():
        shown = f"{value:.0f}" if key in ("rows", "documents", "positives", "non_acled_rows") else f"{value:.3f}"
        lines.append(f"  {key:<{width}}  {shown}")
    return "\n".join(lines)


def evaluate_acled(
    path: Path,
    *,
    predictions: Path | None = None,
    workers: int = 0,
    progress: Progress | None = None,
    country_column: str | None = None,
    text_column: str = "notes",
    id_column: str = "event_id_cnty",
    date_column: str = "event_date",
) -> tuple[dict[str, float], str]:
    """Code (or read coded) ACLED notes and score them; returns metrics and a report."""
    gold = read_rows(path, [text_column, id_column, "event_type", "sub_event_type", "fatalities"])
    coded = (
        read_predictions(predictions, id_column)
        if predictions
        else code_file(
            path,
            text_column=text_column,
            id_column=id_column,
            date_column=date_column,
            country_column=country_column,
            workers=workers,
            progress=progress,
        )
    )
    metrics = score_acled(gold, coded, id_column)
    hint = f", country hint from {country_column!r}" if country_column else ", no country hint"
    return metrics, _table(f"ACLED {path.name}{hint}", metrics)


def evaluate_case(
    path: Path,
    *,
    predictions: Path | None = None,
    workers: int = 0,
    progress: Progress | None = None,
    **_: Any,
) -> tuple[dict[str, float], str]:
    """Code CASE 2021 Task 2 snippets and score the ACLED sub-event types."""
    gold = read_rows(path, ["case_id", "text", "acled_sub_event_type", "is_acled_type"])
    coded = (
        read_predictions(predictions, "case_id")
        if predictions
        else code_file(path, text_column="text", id_column="case_id", workers=workers, progress=progress)
    )
    metrics = score_case(gold, coded)
    return metrics, _table(f"CASE 2021 task 2 {path.name}", metrics)


def evaluate_glocon(
    path: Path,
    *,
    predictions: Path | None = None,
    workers: int = 0,
    progress: Progress | None = None,
    **_: Any,
) -> tuple[dict[str, float], str]:
    """Code GLOCON documents and score protest-document detection."""
    gold = read_rows(path, ["id", "text", "label"])
    coded = (
        read_predictions(predictions, "id")
        if predictions
        else code_file(path, text_column="text", id_column="id", workers=workers, progress=progress)
    )
    metrics = score_glocon(gold, coded)
    return metrics, _table(f"GLOCON documents {path.name}", metrics)
