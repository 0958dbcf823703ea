"""Scoring helpers shared by the evaluations: accuracy, per-class F1, distances, name matching."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from flashpoint.geometry import distance_km

# Generic administrative words that ACLED and GeoNames attach differently to the same unit.
_ADMIN_WORDS = re.compile(
    r"\b(province|region|state|district|governorate|oblast|department|county|division|city|"
    r"municipality|prefecture|territory|capital|autonomous|republic|of|the)\b"
)


def accuracy(pairs: Sequence[tuple[str, str]]) -> float:
    """Share of (gold, predicted) pairs that are equal."""
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def per_class_f1(pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
    """F1 of every gold class."""
    out: dict[str, float] = {}
    for label in sorted({g for g, _ in pairs}):
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        out[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return out


def macro_f1(pairs: Sequence[tuple[str, str]]) -> float:
    """Unweighted mean of the per-class F1 over gold classes."""
    scores = per_class_f1(pairs)
    return sum(scores.values()) / len(scores) if scores else 0.0


def weighted_f1(pairs: Sequence[tuple[str, str]]) -> float:
    """Per-class F1 weighted by each gold class's support."""
    scores = per_class_f1(pairs)
    support = Counter(g for g, _ in pairs)
    return sum(scores[k] * support[k] for k in scores) / len(pairs) if pairs else 0.0


def binary_prf(gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    return distance_km(a[0], a[1], b[0], b[1])


def normalise_name(name: str) -> str:
    """Lower-case ASCII name without generic administrative words or punctuation."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    ascii_name = _ADMIN_WORDS.sub(" ", ascii_name)
    return re.sub(r"[^a-z0-9]+", " ", ascii_name).strip()


def same_place_name(gold: str, predicted: str) -> bool:
    """Whether two place names denote the same unit, allowing for spelling and generic words."""
    g, p = normalise_name(gold), normalise_name(predicted)
    if not g or not p:
        return False
    if g == p or g.replace(" ", "") == p.replace(" ", ""):
        return True
    from rapidfuzz import fuzz

    return bool(fuzz.ratio(g, p) >= 85)
