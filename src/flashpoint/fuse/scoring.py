"""Scoring: how strongly an event and a candidate incident look like one real-world happening.

Reads an :class:`EventProfile` and candidate :class:`IncidentProfile` s; writes a :class:`MatchScore`
(a total, the reasons behind it, or the veto that ruled the pair out) and picks the best candidate.

The score is a sum of evidence terms, each of which is zero when either side lacks the information:
a short relay that names no actors and gives no toll is neither helped nor hurt by the silence, while a
*conflict* (different town, different country, different day, different actors) counts against the
pair or vetoes it. Text containment decides between incidents that agree on day, place and type (two
protests in one city on one day): reports of one incident share its names and specifics.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from flashpoint.fuse.blocking import distance_km, types_compatible
from flashpoint.fuse.profile import EventProfile, IncidentProfile, is_number


@dataclasses.dataclass(frozen=True, slots=True)
class MatchOptions:
    """Weights and limits of matching.

    Calibrated by error class on two sets (``docs/fusion.md`` has the sweep and its numbers): the fusion
    corpus (``flashpoint/data/gold/fusion``, independently written reports) and whole-note/first-sentence
    pairs of formulaic ACLED-style notes. The text terms are the compromise between them: templated notes
    of distinct events share most words, independently written reports of one event share few.
    """

    threshold: float = 4.0  # minimum total to join an incident
    whole_text: bool = True  # a one-event article's whole text is its event's text (else: evidence + title)
    window_days: int = 2  # blocking window around the event's day span
    max_span_days: int = 31  # an incident never spans more days (bounds the ledger's date index scans)
    max_km: float = 30.0  # two places both given as the town itself further apart: different incidents
    max_near_km: float = 100.0  # the same when either is only "near" a town or a region (precision 2, 3)
    same_km: float = 3.0  # closer than this is the same place
    near_km: float = 15.0
    w_same_place: float = 2.0
    w_near_place: float = 1.0
    w_same_admin1: float = 0.5
    w_same_day: float = 1.0
    w_overlap_days: float = 0.5
    w_day_gap: float = -0.75  # per day between the spans
    w_same_sub_type: float = 1.0
    w_same_type: float = 0.5
    w_related_type: float = -0.5
    w_shared_actor: float = 1.0
    w_disjoint_actors: float = -0.75
    w_same_toll: float = 0.5
    w_far_toll: float = -0.5
    w_text: float = 4.0  # times (containment - text_pivot): +2.4 for a relay, -1.6 for unrelated text
    text_pivot: float = 0.4
    name_weight: float = 2.0  # a shared name or number counts this many common words
    # Near-copies (containment >= novel_from) that differ by a name are formulaic notes of distinct
    # events ("shelled Bara ..." / "shelled Ftireh ..."): each name the shorter text has and the longer
    # lacks counts this much. Between independently written reports extra names are normal: no penalty.
    w_novel_name: float = -3.0
    novel_from: float = 0.6
    max_novel_names: int = 2


@dataclasses.dataclass(frozen=True, slots=True)
class MatchScore:
    """The verdict on one event/incident pair."""

    incident_id: str
    total: float
    reasons: tuple[str, ...]
    veto: str | None = None

    def accepted(self, options: MatchOptions) -> bool:
        """Whether the pair clears the threshold and nothing vetoed it."""
        return self.veto is None and self.total >= options.threshold


def text_containment(
    names_a: Iterable[str],
    words_a: Iterable[str],
    names_b: Iterable[str],
    words_b: Iterable[str],
    *,
    name_weight: float = 2.0,
) -> float | None:
    """Weighted share of the smaller side's content tokens found in the other side (0..1), None if empty.

    Containment, not Jaccard: a one-sentence relay is wholly contained in the full report it relays.
    """
    na, wa, nb, wb = set(names_a), set(words_a), set(names_b), set(words_b)
    size_a = name_weight * len(na) + len(wa)
    size_b = name_weight * len(nb) + len(wb)
    if not size_a or not size_b:
        return None
    # a word capitalised on one side only still counts as shared
    shared_names = na & (nb | wb) | nb & wa
    shared_words = (wa & wb) - shared_names
    shared = name_weight * len(shared_names) + len(shared_words)
    return min(1.0, shared / min(size_a, size_b))


def novel_names(
    names_a: Iterable[str],
    words_a: Iterable[str],
    names_b: Iterable[str],
    words_b: Iterable[str],
    *,
    name_weight: float = 2.0,
) -> tuple[str, ...]:
    """Names and numbers of the shorter text that the longer one lacks (sorted).

    A relay of a fuller report names nothing the fuller one lacks; a report of another incident in the
    same town on the same day names other streets, villages, groups and counts.
    """
    na, wa, nb, wb = set(names_a), set(words_a), set(names_b), set(words_b)
    if name_weight * len(na) + len(wa) <= name_weight * len(nb) + len(wb):
        return tuple(sorted(na - nb - wb))
    return tuple(sorted(nb - na - wa))


def _gap_days(event: EventProfile, incident: IncidentProfile) -> int | None:
    if event.date_start is None or incident.date_lo is None or event.date_end is None or incident.date_hi is None:
        return None
    if event.date_end < incident.date_lo:
        return (incident.date_lo - event.date_end).days
    if incident.date_hi < event.date_start:
        return (event.date_start - incident.date_hi).days
    return 0


def _span_after(event: EventProfile, incident: IncidentProfile) -> int:
    days = [d for d in (event.date_start, event.date_end, incident.date_lo, incident.date_hi) if d is not None]
    return (max(days) - min(days)).days if days else 0


def score_match(event: EventProfile, incident: IncidentProfile, options: MatchOptions) -> MatchScore:
    """The evidence that ``event`` reports the incident ``incident``, term by term."""
    reasons: list[str] = []
    total = 0.0

    def veto(why: str) -> MatchScore:
        return MatchScore(incident.id, float("-inf"), (*reasons, why), veto=why)

    # --- conflicts that rule a pair out
    if event.article_id in incident.article_ids:
        return veto("same article: a report's events are atomic and distinct")
    if event.country_iso3 and incident.country_iso3 and event.country_iso3 != incident.country_iso3:
        return veto("different countries")
    if not types_compatible(event.event_type, incident.event_type):
        return veto("incompatible event types")
    gap = _gap_days(event, incident)
    if gap is not None and gap > options.window_days:
        return veto("dates too far apart")
    if event.exact_day and incident.exact_day is not None and event.date_start != incident.exact_day:
        # ACLED events are atomic per day: a sit-in on its second day is a second event
        return veto("different exact days")
    if _span_after(event, incident) > options.max_span_days:
        return veto("incident would span too many days")

    # --- place
    km: float | None = None
    if None not in (event.latitude, event.longitude, incident.latitude, incident.longitude):
        km = distance_km(event.latitude, event.longitude, incident.latitude, incident.longitude)  # type: ignore[arg-type]
    both_towns = (event.geo_precision or 9) <= 2 and (incident.geo_precision or 9) <= 2
    exact_towns = event.geo_precision == 1 and incident.geo_precision == 1
    same_name = bool(
        event.place_name and incident.place_name and event.place_name.lower() == incident.place_name.lower()
    )
    admin_differs = bool(event.admin1 and incident.admin1 and event.admin1.lower() != incident.admin1.lower())
    if same_name or (km is not None and km <= options.same_km):
        if both_towns:
            total += options.w_same_place
            reasons.append("same place")
        else:
            total += options.w_same_admin1
            reasons.append("same region")
    elif km is not None and km <= options.near_km:
        total += options.w_near_place
        reasons.append(f"places {km:.0f} km apart")
    elif km is not None and km > (options.max_km if exact_towns else options.max_near_km):
        return veto(f"places {km:.0f} km apart")
    elif admin_differs and (km is None or km > options.max_km):
        return veto("different admin1")
    elif event.admin1 and incident.admin1:
        total += options.w_same_admin1
        reasons.append("same admin1")

    # --- day
    if gap is not None:
        one_day = event.date_start == event.date_end and incident.date_lo == incident.date_hi
        if gap == 0 and one_day:
            total += options.w_same_day
            reasons.append("same day")
        elif gap == 0:
            total += options.w_overlap_days
            reasons.append("overlapping days")
        else:
            total += options.w_day_gap * gap
            reasons.append(f"{gap} days apart")

    # --- type
    if event.sub_event_type == incident.sub_event_type:
        total += options.w_same_sub_type
        reasons.append("same sub-event type")
    elif event.event_type == incident.event_type:
        total += options.w_same_type
        reasons.append("same event type")
    else:
        total += options.w_related_type
        reasons.append("related event types")

    # --- actors: only specific names count; generic categories say nothing
    if event.actors and incident.actors:
        if set(event.actors) & set(incident.actors):
            total += options.w_shared_actor
            reasons.append("shared actor")
        else:
            total += options.w_disjoint_actors
            reasons.append("different actors")

    # --- tolls: revised tolls are normal, so only a large disagreement counts against
    if event.killed is not None and incident.killed:
        closest = min(incident.killed, key=lambda k: abs(k - event.killed))  # type: ignore[operator]
        low, high = sorted((closest, event.killed))
        if low == high or (low > 0 and high / low <= 1.5):
            total += options.w_same_toll
            reasons.append("same toll")
        elif high - low > 5 and (low == 0 or high / low > 3):
            total += options.w_far_toll
            reasons.append("different tolls")

    # --- text
    share = text_containment(event.names, event.words, incident.names, incident.words, name_weight=options.name_weight)
    if share is not None:
        total += options.w_text * (share - options.text_pivot)
        reasons.append(f"text {share:.2f}")
        novel = novel_names(event.names, event.words, incident.names, incident.words, name_weight=options.name_weight)
        novel = tuple(n for n in novel if not is_number(n) and n not in event.known)
        if novel and share >= options.novel_from:
            total += options.w_novel_name * min(len(novel), options.max_novel_names)
            reasons.append("unmatched names " + ",".join(novel[:5]))
    return MatchScore(incident.id, round(total, 4), tuple(reasons))


def best_match(event: EventProfile, candidates: Iterable[IncidentProfile], options: MatchOptions) -> MatchScore | None:
    """The accepted candidate with the highest score (ties: the smaller incident id), or None."""
    best: MatchScore | None = None
    for incident in candidates:
        score = score_match(event, incident, options)
        if not score.accepted(options):
            continue
        if best is None or (score.total, best.incident_id) > (best.total, score.incident_id):
            best = score
    return best
