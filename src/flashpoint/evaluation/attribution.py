"""Evaluation of attribution: claimant chains and certainty against Flashpoint's own gold passages.

Reads a JSONL gold file (default: the packaged ``data/gold/attribution_gold.jsonl``; one passage a
line with ``text``, ``target``, ``chain``, ``types``, ``certainty`` and optional ``figures``), runs the
backbone and :func:`flashpoint.extract.attribution.attribute` on each target span and writes a dict of
scores: chain-link precision/recall/F1 (a predicted link matches a gold link, in order, when their
content words overlap enough), exact-chain accuracy, source-type accuracy on matched links, certainty
accuracy with a confusion table, and figure precision/recall (kind + low + ACLED value) for passages
that list figures. :func:`format_report` renders the dict for a terminal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from flashpoint.errors import EvaluationError
from flashpoint.records import Article, Claim

log = logging.getLogger(__name__)

NAME = "eval-attribution"
VERSION = "0.1.0"
# Pinned floors on the packaged gold (issue 16 moved them here from a unit test); `flashpoint eval attribution`
# exits 1 below them. Lowering one is a visible change.
FLOOR_CHAIN_F1 = 0.90
FLOOR_CERTAINTY = 0.90
MATCH_THRESHOLD = 80  # rapidfuzz token_set_ratio on content words; "spokesman" ~ "police spokesman"
_STOP = frozenset({"the", "a", "an", "of", "for", "at", "in", "on", "its", "his", "her", "their", "'s"})


def _norm(name: str) -> str:
    words = re.findall(r"[\w']+", name.lower().replace("’", "'"))
    return " ".join(w for w in words if w not in _STOP)


def links_match(predicted: str, gold: str) -> bool:
    """Whether a predicted chain link names the same source as a gold link."""
    a, b = _norm(predicted), _norm(gold)
    if not a or not b:
        return False
    return bool(fuzz.token_set_ratio(a, b) >= MATCH_THRESHOLD)


def _aligned(pred: Sequence[str], gold: Sequence[str]) -> list[tuple[int, int]]:
    """Longest in-order alignment of matching links (LCS)."""
    n, m = len(pred), len(gold)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if links_match(pred[i], gold[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if links_match(pred[i], gold[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def load_gold(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The gold passages (the ``_meta`` line is skipped)."""
    try:
        if path is None:
            raw = resources.files("flashpoint.data").joinpath("gold/attribution_gold.jsonl").read_text("utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(f"cannot read attribution gold {path or '(packaged)'}: {exc}") from exc
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise EvaluationError(f"line {n}: not JSON: {exc}") from exc
        if "_meta" in row:
            continue
        missing = [k for k in ("id", "text", "target", "chain", "certainty") if k not in row]
        if missing or row["target"] not in row["text"]:
            raise EvaluationError(f"line {n}: missing {missing or 'target in text'}")
        rows.append(row)
    return rows


def _figure_ok(pred: Any, gold: dict[str, Any]) -> bool:
    return bool(
        pred.kind.value == gold["kind"] and pred.low == gold.get("low") and pred.acled_value == gold.get("acled")
    )


def evaluate(path: str | Path | None = None, *, backbone: Any = None) -> dict[str, Any]:
    """Score attribution and certainty on the gold passages; returns a dict of metrics and failures."""
    from flashpoint.extract.attribution import attribute
    from flashpoint.extract.figures import extract_figures
    from flashpoint.nlp import load_backbone

    rows = load_gold(path)
    bb = backbone or load_backbone()
    tp = n_pred = n_gold = exact = cert_ok = type_ok = type_n = 0
    fig_tp = fig_pred = fig_gold = 0
    confusion: Counter[tuple[str, str]] = Counter()
    failures: list[dict[str, Any]] = []
    docs = bb.pipe(r["text"] for r in rows)
    for row, doc in zip(rows, docs, strict=True):
        text = row["text"]
        digest = hashlib.sha256(text.encode()).hexdigest()
        article = Article(id=row["id"], text=text, content_hash=digest)
        start = text.index(row["target"])
        claim: Claim = attribute(doc, start, start + len(row["target"]), article=article)
        pred = [link.name for link in claim.chain]
        gold = list(row["chain"])
        pairs = _aligned(pred, gold)
        tp += len(pairs)
        n_pred += len(pred)
        n_gold += len(gold)
        chain_exact = len(pairs) == len(pred) == len(gold)
        exact += chain_exact
        for i, j in pairs:
            if j < len(row.get("types", [])):
                type_n += 1
                type_ok += claim.chain[i].source_type.value == row["types"][j]
        cert = claim.certainty.value
        cert_ok += cert == row["certainty"]
        confusion[(row["certainty"], cert)] += 1
        if "figures" in row:
            figs = [f for f in extract_figures(doc, article=article) if not f.background]
            fig_pred += len(figs)
            fig_gold += len(row["figures"])
            fig_tp += sum(any(_figure_ok(f, g) for f in figs) for g in row["figures"])
        if not chain_exact or cert != row["certainty"]:
            failures.append({"id": row["id"], "gold_chain": gold, "pred_chain": pred,
                             "gold_certainty": row["certainty"], "pred_certainty": cert})  # fmt: skip
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    certainty_accuracy = cert_ok / len(rows) if rows else 0.0
    return {
        "passages": len(rows),
        "floor_chain_f1": FLOOR_CHAIN_F1,
        "floor_certainty_accuracy": FLOOR_CERTAINTY,
        "passed": f1 >= FLOOR_CHAIN_F1 and certainty_accuracy >= FLOOR_CERTAINTY,
        "chain_precision": p,
        "chain_recall": r,
        "chain_f1": f1,
        "chain_exact": exact / len(rows) if rows else 0.0,
        "source_type_accuracy": type_ok / type_n if type_n else 0.0,
        "certainty_accuracy": certainty_accuracy,
        "figure_precision": fig_tp / fig_pred if fig_pred else 0.0,
        "figure_recall": fig_tp / fig_gold if fig_gold else 0.0,
        "confusion": {f"{g}->{pr}": n for (g, pr), n in sorted(confusion.items())},
        "failures": failures,
    }


def format_report(scores: dict[str, Any]) -> str:
    """A plain-text report of :func:`evaluate`'s scores, failures last."""
    lines = [
        f"attribution gold: {scores['passages']} passages",
        f"chain links   P {scores['chain_precision']:.3f}  R {scores['chain_recall']:.3f}  "
        f"F1 {scores['chain_f1']:.3f}  exact chains {scores['chain_exact']:.3f}",
        f"source types  accuracy on matched links {scores['source_type_accuracy']:.3f}",
        f"certainty     accuracy {scores['certainty_accuracy']:.3f}",
        f"floors        chain F1 {scores['floor_chain_f1']:.2f}, certainty {scores['floor_certainty_accuracy']:.2f}: "
        + ("pass" if scores["passed"] else "FAIL"),
        f"figures       P {scores['figure_precision']:.3f}  R {scores['figure_recall']:.3f} (kind, low, ACLED value)",
        "certainty confusion (gold->predicted): "
        + ", ".join(f"{k} {v}" for k, v in scores["confusion"].items() if k.split("->")[0] != k.split("->")[1]),
    ]
    for f in scores["failures"]:
        lines.append(
            f"  {f['id']}: chain {f['pred_chain']} (gold {f['gold_chain']}), "
            f"certainty {f['pred_certainty']} (gold {f['gold_certainty']})"
        )
    return "\n".join(lines)
