"""Fusion evaluation: B-cubed precision, recall and F1 of incidents against gold clusters of reports.

Reads the fusion corpus (``flashpoint/data/gold/fusion/corpus.jsonl``, or any JSONL file with the same
fields: ``id``, ``source``, ``published``, ``title``, ``text``, ``incident``), runs the full pipeline on
every report (or takes precomputed extractions), records them in publication order into an in-memory
:class:`~flashpoint.ledger.Ledger`, and compares the incidents with the gold clusters.

Each report is assigned to the incident of its first fused event (a report with no event is a cluster of
its own, so missed extractions cost recall). The same scores over only the reports that reached fusion
("matching only") separate the matcher's errors from the extractor's. B-cubed (Bagga & Baldwin 1998):
for every report, precision is the share of its predicted cluster that shares its gold incident, recall the
share of its gold incident found in its predicted cluster; both are averaged over reports.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from flashpoint.errors import EvaluationError, FlashpointError
from flashpoint.records import Article, Extraction, Rejection

log = logging.getLogger(__name__)

NAME = "eval-fusion"
VERSION = "0.1.0"
FLOOR_F1 = 0.90  # pinned floor (issue 6); lowering it is a visible change
_FIELDS = ("id", "text", "incident")


def corpus_path() -> Path:
    """The bundled fusion corpus."""
    return Path(str(files("flashpoint") / "data" / "gold" / "fusion" / "corpus.jsonl"))


def load_corpus(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The reports of a fusion corpus (the ``_meta`` line skipped), in file order."""
    where = Path(path) if path is not None else corpus_path()
    try:
        lines = where.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read fusion corpus {where}: {exc}") from exc
    reports: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{where}:{number}: not JSON: {exc}") from exc
        if "_meta" in row:
            continue
        missing = [f for f in _FIELDS if not row.get(f)]
        if missing:
            raise EvaluationError(f"{where}:{number}: missing {', '.join(missing)}")
        reports.append(row)
    if not reports:
        raise EvaluationError(f"{where}: no reports")
    return reports


def articles_of(reports: Sequence[Mapping[str, Any]]) -> list[Article]:
    """One :class:`Article` per report, built by the ingest stage (ids, hashes, fingerprints)."""
    from flashpoint.ingest.article import build_article

    built = []
    for row in reports:
        try:
            built.append(
                build_article(
                    str(row["text"]),
                    title=row.get("title"),
                    published=row.get("published"),
                    source=row.get("source"),
                    external_id=row["id"],
                    origin=f"fusion-corpus:{row['id']}",
                )
            )
        except FlashpointError as exc:
            raise EvaluationError(f"report {row['id']}: {exc}") from exc
    return built


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of a clustering ``predicted`` (item -> cluster) against ``gold``."""
    items = sorted(gold)
    if not items:
        raise EvaluationError("no items to score")
    pred_members: dict[str, set[str]] = {}
    gold_members: dict[str, set[str]] = {}
    for item in items:
        pred_members.setdefault(predicted[item], set()).add(item)
        gold_members.setdefault(gold[item], set()).add(item)
    precision = recall = 0.0
    for item in items:
        mine = pred_members[predicted[item]]
        truth = gold_members[gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _extract(articles: Sequence[Article]) -> list[Extraction]:
    from flashpoint.jobs import process_articles

    out: list[Extraction] = []
    for item in process_articles(articles):
        if isinstance(item, Rejection):
            log.warning("fusion corpus report rejected: %s %s", item.external_id, item.reason)
            continue
        out.append(item)
    return out


def evaluate(
    path: str | Path | None = None,
    *,
    extractions: Iterable[Extraction] | None = None,
    options: Any = None,
) -> dict[str, Any]:
    """Score fusion on a corpus: B-cubed precision/recall/F1 and counts.

    ``extractions`` skips the extraction step (they must come from the corpus's reports, matched by
    external id); ``options`` is a :class:`flashpoint.fuse.MatchOptions`.
    """
    from flashpoint.ledger import Ledger

    reports = load_corpus(path)
    gold = {str(r["id"]): str(r["incident"]) for r in reports}
    order = {str(r["id"]): (str(r.get("published") or ""), i) for i, r in enumerate(reports)}
    found = list(extractions) if extractions is not None else _extract(articles_of(reports))
    found.sort(key=lambda x: order.get(x.article.external_id or "", ("", len(order))))
    ledger = Ledger("sqlite://", options=options)
    try:
        first: dict[str, str] = {}
        for extraction in found:
            result = ledger.record(extraction)
            if result.incident_ids and extraction.article.external_id:
                # the incident of the report's first fused event (its primary incident)
                first.setdefault(extraction.article.external_id, result.incident_ids[0])
        # a later report may have merged that incident into an older one: follow the merge
        predicted = {external_id: ledger.incident(incident_id).id for external_id, incident_id in first.items()}
        n_incidents = len(ledger.incidents())
    finally:
        ledger.close()
    unassigned = sorted(i for i in gold if i not in predicted)
    # matching alone: the same scores over the reports that reached fusion (extraction misses left out)
    fused_gold = {i: g for i, g in gold.items() if i in predicted}
    m_precision, m_recall, m_f1 = bcubed(predicted, fused_gold) if fused_gold else (0.0, 0.0, 0.0)
    for item in unassigned:
        predicted[item] = f"alone:{item}"
    precision, recall, f1 = bcubed({i: predicted[i] for i in gold}, gold)
    return {
        "reports": len(gold),
        "gold_incidents": len(set(gold.values())),
        "predicted_incidents": n_incidents,
        "reports_without_incident": len(unassigned),
        "unassigned": unassigned,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "matching_precision": round(m_precision, 4),
        "matching_recall": round(m_recall, 4),
        "matching_f1": round(m_f1, 4),
        "floor_f1": FLOOR_F1,
        "passed": f1 >= FLOOR_F1,
        "clusters": _clusters(predicted, gold),
    }


def _clusters(predicted: Mapping[str, str], gold: Mapping[str, str]) -> list[list[str]]:
    """Predicted clusters that are not exactly a gold cluster, as lists of ``report=gold`` labels."""
    by_pred: dict[str, list[str]] = {}
    for item in sorted(gold):
        by_pred.setdefault(predicted[item], []).append(item)
    gold_sets = {frozenset(i for i in gold if gold[i] == g) for g in set(gold.values())}
    return [[f"{i}={gold[i]}" for i in members] for members in by_pred.values() if frozenset(members) not in gold_sets]


def format_report(scores: Mapping[str, Any]) -> str:
    """A short text report of :func:`evaluate` output."""
    lines = [
        f"fusion corpus: {scores['reports']} reports, {scores['gold_incidents']} gold incidents, "
        f"{scores['predicted_incidents']} predicted incidents",
        f"B-cubed precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  F1 {scores['f1']:.3f}  "
        f"(floor {scores['floor_f1']:.2f}: {'pass' if scores['passed'] else 'FAIL'})",
    ]
    if "matching_f1" in scores:
        lines.append(
            f"matching only ({scores['reports'] - scores['reports_without_incident']} reports that reached fusion): "
            f"precision {scores['matching_precision']:.3f}  recall {scores['matching_recall']:.3f}  "
            f"F1 {scores['matching_f1']:.3f}"
        )
    if scores["reports_without_incident"]:
        lines.append(f"reports in no incident: {', '.join(scores['unassigned'])}")
    for cluster in scores["clusters"]:
        lines.append("  mixed or split cluster: " + " ".join(cluster))
    return "\n".join(lines)
