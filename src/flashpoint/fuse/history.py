"""Figure histories: every claim about an incident's tolls, and the current value by documented rules.

Reads :class:`~flashpoint.records.FigureRevision` s (one per figure of each supporting report); writes
:class:`~flashpoint.records.FigureHistory` records, one per (kind, victim group). Revisions are never
dropped; the rules below only decide which of them the *current* value comes from.

Rules (also in ``docs/fusion.md``):

1. Claims that are denied, hypothetical or about the future stay in the history but never set a value.
2. A claimant's latest revision replaces its own earlier ones (claimant = publisher + original speaker).
3. A later-published, higher toll supersedes earlier lower ones: tolls are revised upward as victims are
   counted ("at least eight" on Wednesday, "18" on Friday), so the earlier figure is history, not a
   competing estimate. A later *lower* figure does not supersede; it competes.
4. ``acled``: the most conservative (lowest) ACLED value among the competing current claims.
5. ``ucdp``: low = lowest low, high = highest high, best = the median of the current best estimates
   (lower median), all over the competing current claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from flashpoint.records import Certainty, FigureHistory, FigureKind, FigureRevision

RULE = "acled: most conservative current claim; ucdp: min low, median best, max high of current claims"
_NO_VALUE = frozenset({Certainty.DENIED, Certainty.HYPOTHETICAL, Certainty.FUTURE})
_UNKNOWN_VICTIMS = frozenset({"", "unknown", "people", "persons"})


def _value(revision: FigureRevision) -> int | None:
    figure = revision.figure
    for value in (figure.acled_value, figure.best, figure.low, figure.ucdp_best):
        if value is not None:
            return value
    return None


def _claimant(revision: FigureRevision) -> tuple[str, str]:
    chain = revision.figure.claim.chain
    speaker = chain[0].name.lower() if chain else ""
    return ((revision.source or revision.article_id).lower(), speaker)


def _day(revision: FigureRevision) -> dt.date:
    return revision.published or dt.date.min


def current_claims(revisions: Sequence[FigureRevision]) -> tuple[FigureRevision, ...]:
    """The revisions the current value is taken from (rules 1-3), in history order."""
    usable = [r for r in revisions if r.figure.certainty not in _NO_VALUE and _value(r) is not None]
    latest: dict[tuple[str, str], FigureRevision] = {}
    for revision in usable:  # history order: a claimant's later revision overwrites its earlier one
        key = _claimant(revision)
        if key not in latest or _day(revision) >= _day(latest[key]):
            latest[key] = revision
    kept = list(latest.values())
    current = []
    for revision in kept:
        value = _value(revision)
        superseded = any(_day(other) > _day(revision) and (_value(other) or 0) > (value or 0) for other in kept)
        if not superseded:
            current.append(revision)
    order = {id(r): i for i, r in enumerate(revisions)}
    return tuple(sorted(current, key=lambda r: order[id(r)]))


def _median_low(values: list[int]) -> int:
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def build_history(kind: FigureKind, victims: str, revisions: Sequence[FigureRevision]) -> FigureHistory:
    """One figure's history with its current ACLED and UCDP values."""
    ordered = tuple(sorted(revisions, key=_day))  # stable: same-day revisions keep their arrival order
    current = current_claims(ordered)
    acled = [v for v in (_value(r) for r in current) if v is not None]
    lows = [
        v for r in current if (v := r.figure.ucdp_low if r.figure.ucdp_low is not None else r.figure.low) is not None
    ]
    bests = [
        v for r in current if (v := r.figure.ucdp_best if r.figure.ucdp_best is not None else _value(r)) is not None
    ]
    highs = [
        v for r in current if (v := r.figure.ucdp_high if r.figure.ucdp_high is not None else r.figure.high) is not None
    ]
    return FigureHistory(
        kind=kind,
        victims=victims,
        revisions=ordered,
        acled_value=min(acled) if acled else None,
        ucdp_low=min(lows) if lows else None,
        ucdp_best=_median_low(bests) if bests else None,
        ucdp_high=max(highs) if highs else None,
        rule=RULE,
    )


def build_histories(revisions: Iterable[FigureRevision]) -> tuple[FigureHistory, ...]:
    """Group revisions by (kind, victim group) and build each history.

    A revision whose victims are unknown joins the one known group of its kind when there is exactly
    one (an outlet that says "eight people" and one that says "eight civilians" report one toll).
    """
    revisions = list(revisions)
    groups: dict[tuple[FigureKind, str], list[FigureRevision]] = {}
    known: dict[FigureKind, set[str]] = {}
    for revision in revisions:
        victims = revision.figure.victims.strip().lower()
        if victims not in _UNKNOWN_VICTIMS:
            known.setdefault(revision.figure.kind, set()).add(victims)
    for revision in revisions:
        kind = revision.figure.kind
        victims = revision.figure.victims.strip().lower()
        if victims in _UNKNOWN_VICTIMS:
            options = known.get(kind, set())
            victims = next(iter(options)) if len(options) == 1 else "unknown"
        groups.setdefault((kind, victims), []).append(revision)
    kinds = list(FigureKind)
    return tuple(
        build_history(kind, victims, group)
        for (kind, victims), group in sorted(groups.items(), key=lambda kv: (kinds.index(kv[0][0]), kv[0][1]))
    )
