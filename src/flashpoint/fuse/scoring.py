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
import datetime as dt
import typing
from collections.abc import Collection, Iterable, Sequence, Set

from flashpoint.fuse.blocking import types_compatible
from flashpoint.fuse.profile import EventProfile, IncidentProfile, is_number, outlet_day, place_words
from flashpoint.geometry import distance_km


@dataclasses.dataclass(frozen=True, slots=True)
class MatchOptions:
    """Weights and limits of matching.

    Matching decides mostly on structured agreement (place, day, type, actors, tolls); text similarity
    corroborates or breaks ties. Calibrated by error class on two sets (``docs/fusion.md`` has the
    numbers): the fusion corpus (``flashpoint/data/gold/fusion``, independently written reports, which
    share a third to a half of their content words) and whole-note/first-sentence pairs of formulaic
    ACLED-style notes (distinct events in one town on one day whose notes share most words).
    """

    threshold: float = 3.5  # minimum total to join an incident
    min_structured: float = 2.0  # ... of which at least this much from place, day, type, actors, tolls
    whole_text: bool = True  # a one-event article's whole text is its event's text (else: evidence + title)
    window_days: int = 2  # blocking window around the event's date window
    max_gap_days: int = 1  # date windows further apart than this: different incidents
    max_span_days: int = 31  # an incident never spans more days (bounds the ledger's date index scans)
    max_km: float = 30.0  # two places both given as the town itself further apart: different incidents
    max_near_km: float = 100.0  # the same when either is only "near" a town or a region (precision 2, 3)
    same_km: float = 3.0  # closer than this is the same place
    near_km: float = 15.0
    w_same_place: float = 2.0
    w_same_region: float = 1.0  # same name or point, but one side only gives a region
    w_near_place: float = 1.5
    w_same_admin2: float = 1.0  # same district, where either place is imprecise
    w_same_admin1: float = 0.5
    w_same_day: float = 1.0
    w_overlap_days: float = 0.5  # the date windows overlap (weekday dates, follow-ups)
    w_day_gap: float = -0.75  # per day between the windows
    w_same_sub_type: float = 1.0
    w_same_type: float = 0.5
    w_other_weapon: float = -0.5  # both explosions, but by different means (a car bomb is not a mortar)
    w_escalation: float = 0.0  # protest <-> riot, clash <-> attack: compatible, no evidence either way
    w_related_type: float = -0.5  # other compatible types
    w_shared_actor: float = 1.0  # a named party (armed group, militia, party) both name
    w_shared_common_actor: float = 0.25  # state forces / governments both name
    w_disjoint_actors: float = -0.75  # both name parties, none in common
    w_same_toll: float = 0.5
    w_far_toll: float = -0.5
    w_text: float = 4.0  # times (containment - text_pivot), capped at max_text
    text_pivot: float = 0.25
    max_text: float = 2.0
    # Shared details: the weighted count of content words both texts use, leaving out the words of either
    # side's place, admin units and country (the place term has weighed those). Independent reports of
    # one incident share a handful of specifics ("Monday Market", "grain", "suicide bomber"); reports of
    # two protests in one city on one day share little beyond the city ("organized", "Pelmora").
    w_details: float = 0.5  # times (min(shared, max_details) - details_pivot)
    details_pivot: float = 3.0
    max_details: float = 3.0  # details only count against a pair (long formulaic notes share many)
    name_weight: float = 2.0  # a shared name or number counts this many common words
    # Near-copies (containment >= novel_from) that differ by a name are formulaic notes of distinct
    # events ("shelled Orlo ..." / "shelled Kessa ..."): each name the shorter text has and the longer
    # lacks counts this much. Between independently written reports extra names are normal: no penalty.
    w_novel_name: float = -3.0
    novel_from: float = 0.6
    max_novel_names: int = 2
    # A second story the same outlet published the same day, and not a rewrite of the first (containment
    # below rewrite_from): outlets update a story in place or follow it up on a later day, so a separate
    # same-day piece from one outlet about the same place is most often another incident.
    w_same_outlet_day: float = -2.0
    rewrite_from: float = 0.9  # ... unless it keeps this share of the other's words (a rewrite, an update)
    w_near_duplicate: float = 2.0  # the report nearly copies one of the incident's reports
    # Content evidence (fuse.content): reports of one incident from different outlets and days repeat its
    # protagonists' names; reports of two incidents of one kind share common words, rarely names. A report
    # that shares a story key with one of an incident's reports is a candidate whatever its place or date;
    # it joins when the whole reports share at least content_min_names names (admin units, country and
    # actor words left out) and that many make content_min_share of the smaller name set. Calibrated by
    # error class on multi-outlet coverage (docs/fusion.md): pairs of reports of two different incidents
    # of one kind share at most 4 names (a multi-word city and its sheriff), pairs of one incident a median
    # of 6; a story key is shared by 87 % of the pairs of one incident and 1 % of the others.
    story_keys: int = 6  # names per report kept as its story keys (those it repeats most)
    story_key_min_count: int = 2  # ... each named at least this often in the report
    link_min_keys: int = 1  # story keys two reports must share to be compared on content
    # names per report looked up among the stored reports' story keys (its most repeated first): a short
    # report that names the protagonist once finds the reports that repeat the name
    lookup_names: int = 8
    content_min_names: int = 5  # shared story names that outweigh a place, date or type disagreement
    content_min_share: float = 0.15  # ... and their share of the smaller report's names
    w_story_name: float = 0.25  # per shared story name beyond content_min_names (ranking among candidates)
    max_story_names: int = 20
    # A report without an event of its own that names too few protagonists for the names rule (a
    # one-sentence relay: "a co-worker was charged in the killings at the bakery in Orlo") joins the
    # linked incident whose reports contain most of its content words, when they share enough of them
    # (place, admin and country words left out); the day limits of _too_far_in_time apply as to any report
    # without a date of its own. Calibrated by error class on multi-outlet coverage (docs/fusion.md).
    report_min_containment: float = 0.6
    report_min_details: float = 8.0  # weighted (names count name_weight)
    report_min_names: int = 1  # ... and at least this many story names (the town's own counts)
    join_denied: bool = True  # a denied event may join an incident it matches (never found one)
    bridge: bool = True  # a report that matches two incidents merges them (the older keeps its id)
    # ... also when content evidence links it to both and their own reports tell one story
    # (content_bridge_conflict): one story split by the order its reports came in
    bridge_by_content: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class MatchScore:
    """The verdict on one event/incident pair."""

    incident_id: str
    total: float
    reasons: tuple[str, ...]
    veto: str | None = None
    # the veto that content evidence outweighed (fuse.content): the event joins as a later development
    # (an arrest, a trial) or with a place of its own (a mis-geocoded report), and leaves the incident's
    # days and place as they are
    overridden: str | None = None
    by_content: bool = False  # accepted by the content rule (content_match): the report names its protagonists

    def accepted(self, options: MatchOptions) -> bool:
        """Whether the pair clears the threshold and nothing vetoed it."""
        return self.veto is None and self.total >= options.threshold


def _set(tokens: Iterable[str]) -> Set[str]:
    """``tokens`` as a set (sets are used as they are: the scorer builds each profile's sets once)."""
    return tokens if isinstance(tokens, set | frozenset) else frozenset(tokens)


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
    na, wa, nb, wb = _set(names_a), _set(words_a), _set(names_b), _set(words_b)
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
    na, wa, nb, wb = _set(names_a), _set(words_a), _set(names_b), _set(words_b)
    if name_weight * len(na) + len(wa) <= name_weight * len(nb) + len(wb):
        return tuple(sorted(na - nb - wb))
    return tuple(sorted(nb - na - wa))


def _window_gap(lo_a: dt.date | None, hi_a: dt.date | None, lo_b: dt.date | None, hi_b: dt.date | None) -> int | None:
    """Days between two date windows (0 when they overlap), None when either is unknown."""
    if lo_a is None or hi_a is None or lo_b is None or hi_b is None:
        return None
    if hi_a < lo_b:
        return (lo_b - hi_a).days
    if hi_b < lo_a:
        return (lo_a - hi_b).days
    return 0


def _span_after(event: EventProfile, incident: IncidentProfile) -> int:
    days = [d for d in (event.date_start, event.date_end, incident.date_lo, incident.date_hi) if d is not None]
    return (max(days) - min(days)).days if days else 0


def _type_term(sub_a: str, type_a: str, sub_b: str, type_b: str, options: MatchOptions) -> tuple[float, str]:
    if sub_a == sub_b:
        return options.w_same_sub_type, "same sub-event type"
    if type_a == type_b:
        if frozenset((sub_a, sub_b)) == UNSEEN_CARRIER:
            return options.w_escalation, "a bomb, its carrier unknown"
        if type_a == "Explosions/Remote violence":
            return options.w_other_weapon, "different weapons"
        return options.w_same_type, "same event type"
    if frozenset((type_a, type_b)) in ESCALATIONS:
        return options.w_escalation, "escalation types"
    return options.w_related_type, "related event types"


# A bomb and a suicide bomb: first reports of a blast often cannot tell whether someone carried it
# ("a bomb went off in the market" / "a suicide bomber blew herself up in the market"): no evidence either way.
UNSEEN_CARRIER = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})

# Type pairs that one incident often gets from different reports: a demonstration that turned violent
# (protest / riot), a raid on a village (clash / attack on civilians), a bombing that killed civilians.
ESCALATIONS = frozenset(
    {
        frozenset({"Protests", "Riots"}),
        frozenset({"Battles", "Violence against civilians"}),
        frozenset({"Explosions/Remote violence", "Violence against civilians"}),
        frozenset({"Explosions/Remote violence", "Battles"}),
    }
)


def _km(a: PlaceView, b: PlaceView) -> float | None:
    """Great-circle distance of two places, when both have a point."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _place_term(a: PlaceView, b: PlaceView, options: MatchOptions) -> tuple[float, str | None, str | None]:
    """(score, reason, veto) of two places; every field may be missing."""
    km = _km(a, b)
    both_towns = (a.geo_precision or 9) <= 2 and (b.geo_precision or 9) <= 2
    exact_towns = a.geo_precision == 1 and b.geo_precision == 1
    same_name = bool(a.place_name and b.place_name and a.place_name.lower() == b.place_name.lower())
    admin_differs = bool(a.admin1 and b.admin1 and a.admin1.lower() != b.admin1.lower())
    same_admin2 = bool(a.admin2 and b.admin2 and a.admin2.lower() == b.admin2.lower() and not admin_differs)
    if same_name or (km is not None and km <= options.same_km):
        if both_towns:
            return options.w_same_place, "same place", None
        return options.w_same_region, "same region", None
    if km is not None and km <= options.near_km:
        return options.w_near_place, f"places {km:.0f} km apart", None
    if km is not None and km > (options.max_km if exact_towns else options.max_near_km):
        return 0.0, None, f"places {km:.0f} km apart"
    if admin_differs and (km is None or km > options.max_km):
        return 0.0, None, "different admin1"
    if same_admin2 and not exact_towns:
        return options.w_same_admin2, "same admin2", None
    if a.admin1 and b.admin1 and not admin_differs:
        return options.w_same_admin1, "same admin1", None
    return 0.0, None, None


class PlaceView(typing.Protocol):
    """The place fields event and incident profiles share."""

    @property
    def place_name(self) -> str | None: ...
    @property
    def admin1(self) -> str | None: ...
    @property
    def admin2(self) -> str | None: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...
    @property
    def geo_precision(self) -> int | None: ...


def _actor_term(
    actors_a: Sequence[str],
    common_a: Sequence[str],
    actors_b: Sequence[str],
    common_b: Sequence[str],
    options: MatchOptions,
) -> tuple[float, str | None]:
    if actors_a and actors_b:
        if set(actors_a) & set(actors_b):
            return options.w_shared_actor, "shared actor"
        return options.w_disjoint_actors, "different actors"
    if set(common_a) & set(common_b):
        return options.w_shared_common_actor, "shared state actor"
    return 0.0, None


def _toll_term(killed: int | None, others: Sequence[int], options: MatchOptions) -> tuple[float, str | None]:
    if killed is None or not others:
        return 0.0, None
    closest = min(others, key=lambda k: (abs(k - killed), k))
    low, high = sorted((closest, killed))
    if low == high or (low > 0 and high / low <= 1.5):
        return options.w_same_toll, "same toll"
    if high - low > 5 and (low == 0 or high / low > 3):
        return options.w_far_toll, "different tolls"
    return 0.0, None


@dataclasses.dataclass(frozen=True, slots=True)
class EarlyVeto:
    """The fields of an event that :func:`vetoed_early` tests (small plain values, to send to a store process)."""

    event_type: str
    country_iso3: str | None
    window_lo: dt.date | None
    window_hi: dt.date | None

    @classmethod
    def of(cls, event: EventProfile) -> EarlyVeto:
        """The early-veto fields of an event profile."""
        return cls(event.event_type, event.country_iso3, event.window_lo, event.window_hi)


def vetoed_early(
    event: EventProfile | EarlyVeto,
    event_type: str,
    country_iso3: str | None,
    window_lo: dt.date | None,
    window_hi: dt.date | None,
    *,
    options: MatchOptions,
) -> bool:
    """Whether :func:`score_match` would veto an incident with this type, country and date window.

    The same tests as its first vetoes (different countries, incompatible types, date windows too far
    apart), on fields the ledger reads from the incident's indexed row: candidates ruled out here need
    not be decoded. ``False`` says nothing: the full score may still veto.
    """
    if event.country_iso3 and country_iso3 and event.country_iso3 != country_iso3:
        return True
    if not types_compatible(event.event_type, event_type):
        return True
    gap = _window_gap(event.window_lo, event.window_hi, window_lo, window_hi)
    return gap is not None and gap > options.max_gap_days


def score_match(
    event: EventProfile,
    incident: IncidentProfile,
    options: MatchOptions,
    *,
    near_duplicate: bool = False,
    event_sets: tuple[frozenset[str], frozenset[str]] | None = None,
) -> MatchScore:
    """The evidence that ``event`` reports the incident ``incident``, term by term.

    ``near_duplicate``: the event's article nearly copies one of the incident's reports. ``event_sets``:
    the event's (names, words) as sets, when scoring one event against many incidents (built once).
    """
    reasons: list[str] = []
    structured = 0.0

    def veto(why: str) -> MatchScore:
        return MatchScore(incident.id, float("-inf"), (*reasons, why), veto=why)

    # --- conflicts that rule a pair out
    if event.article_id in incident.article_ids:
        return veto("same article: a report's events are atomic and distinct")
    if event.country_iso3 and incident.country_iso3 and event.country_iso3 != incident.country_iso3:
        return veto("different countries")
    if not types_compatible(event.event_type, incident.event_type):
        return veto("incompatible event types")
    gap = _window_gap(event.window_lo, event.window_hi, incident.window_lo, incident.window_hi)
    if gap is not None and gap > options.max_gap_days:
        return veto("dates too far apart")
    if event.exact_day and incident.exact_day is not None and event.date_start != incident.exact_day:
        # ACLED events are atomic per day: a sit-in on its second day is a second event
        return veto("different exact days")
    if _span_after(event, incident) > options.max_span_days:
        return veto("incident would span too many days")

    # --- place
    value, reason, place_veto = _place_term(event, incident, options)
    if place_veto:
        return veto(place_veto)
    structured += value
    if reason:
        reasons.append(reason)

    # --- day
    if gap is not None:
        same_day = (
            event.date_start is not None
            and event.date_start == event.date_end
            and incident.date_lo == incident.date_hi == event.date_start
        )
        if gap == 0 and same_day:
            structured += options.w_same_day
            reasons.append("same day")
        elif gap == 0:
            structured += options.w_overlap_days
            reasons.append("overlapping days")
        else:
            structured += options.w_day_gap * gap
            reasons.append(f"{gap} days apart")

    # --- type
    value, reason = _type_term(
        event.sub_event_type, event.event_type, incident.sub_event_type, incident.event_type, options
    )
    structured += value
    reasons.append(reason)

    # --- actors: only specific names count; generic categories say nothing, state forces little
    value, why = _actor_term(event.actors, event.common_actors, incident.actors, incident.common_actors, options)
    structured += value
    if why:
        reasons.append(why)

    # --- tolls: revised tolls are normal, so only a large disagreement counts against
    value, why = _toll_term(event.killed, incident.killed, options)
    structured += value
    if why:
        reasons.append(why)

    total = structured

    # --- text: corroboration and tie-break
    names_a, words_a = _event_sets(event) if event_sets is None else event_sets
    names_b, words_b = frozenset(incident.names), frozenset(incident.words)
    share = text_containment(names_a, words_a, names_b, words_b, name_weight=options.name_weight)
    if share is not None:
        total += min(options.max_text, options.w_text * (share - options.text_pivot))
        reasons.append(f"text {share:.2f}")
        novel = novel_names(names_a, words_a, names_b, words_b, name_weight=options.name_weight)
        # wide names (admin units, country) and actor names are weighed elsewhere; a town's own name is not
        towns = place_words(event.place_name) | place_words(incident.place_name)
        known = tuple(k for k in (*event.known, *incident.known) if k not in towns)
        novel = tuple(n for n in novel if not is_number(n) and not _is_known(n, known))
        key = outlet_day(event.source, event.published)
        if key and key in incident.outlet_days and share < options.rewrite_from and not near_duplicate:
            total += options.w_same_outlet_day
            reasons.append("same outlet, same day, another story")
        if options.w_details:
            places = {*known, *towns}
            shared = shared_details(names_a, words_a, names_b, words_b, places=places, options=options)
            total += options.w_details * (min(shared, options.max_details) - options.details_pivot)
            reasons.append(f"details {shared:g}")
        if novel and share >= options.novel_from:
            total += options.w_novel_name * min(len(novel), options.max_novel_names)
            reasons.append("unmatched names " + ",".join(novel[:5]))
        elif near_duplicate:  # a near-copy that names nothing new: the same story
            total += options.w_near_duplicate
            reasons.append("near-duplicate report")
    if structured < options.min_structured and not near_duplicate:
        reasons.append(f"structured {structured:.2f}")
        return MatchScore(incident.id, round(min(total, options.threshold - 0.01), 4), tuple(reasons))
    return MatchScore(incident.id, round(total, 4), tuple(reasons))


def _event_sets(event: EventProfile) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(event.names), frozenset(event.words)


def shared_details(
    names_a: Iterable[str],
    words_a: Iterable[str],
    names_b: Iterable[str],
    words_b: Iterable[str],
    *,
    places: Collection[str],
    options: MatchOptions,
) -> float:
    """Weighted count of content tokens two texts share (names ``name_weight``), place words left out."""
    na, wa, nb, wb = _set(names_a), _set(words_a), _set(names_b), _set(words_b)
    shared_names = {t for t in na & (nb | wb) | nb & wa if t not in places}
    shared_words = {t for t in (wa & wb) - shared_names if t not in places}
    return options.name_weight * len(shared_names) + len(shared_words)


def _is_known(name: str, known: Sequence[str]) -> bool:
    """Whether a name is one of the wide place names (admin units, country), or their demonym
    ("somali" for Somalia, "kenyan" for Kenya: the same first five letters)."""
    if name in known:
        return True
    return len(name) >= 5 and any(len(k) >= 5 and k[:5] == name[:5] for k in known)


def incidents_conflict(a: IncidentProfile, b: IncidentProfile, options: MatchOptions) -> str | None:
    """Why two incidents cannot be one (a bridging report must not merge them), or None."""
    if set(a.article_ids) & set(b.article_ids):
        return "a report in both (its events are distinct)"
    if a.country_iso3 and b.country_iso3 and a.country_iso3 != b.country_iso3:
        return "different countries"
    if not types_compatible(a.event_type, b.event_type):
        return "incompatible event types"
    gap = _window_gap(a.window_lo, a.window_hi, b.window_lo, b.window_hi)
    if gap is not None and gap > options.max_gap_days:
        return "dates too far apart"
    if a.exact_day is not None and b.exact_day is not None and a.exact_day != b.exact_day:
        return "different exact days"
    days = [d for d in (a.date_lo, a.date_hi, b.date_lo, b.date_hi) if d is not None]
    if days and (max(days) - min(days)).days > options.max_span_days:
        return "would span too many days"
    if set(a.outlet_days) & set(b.outlet_days):
        return "another story of the same outlet on the same day"
    _, _, place_veto = _place_term(a, b, options)
    if place_veto:
        return place_veto
    if a.actors and b.actors and not set(a.actors) & set(b.actors):
        return "different actors"
    return None


def content_bridge_conflict(
    a: IncidentProfile, b: IncidentProfile, options: MatchOptions, *, shared_report: bool = False
) -> str | None:
    """Why a report that the content rule joins to two incidents must not merge them, or None.

    Greedy incremental fusion splits one story when its reports arrive in an unlucky order (the
    escape reported from the prison town, the manhunt from the county seat, the capture from a third
    town): two incidents, each joined by its own reports, that a later report names both. They are one
    when their own reports name the same protagonists (the content rule between the two incidents) within
    an incident's span of days of each other (new violence by the same people later is another incident).
    ``shared_report``: a report in both does not keep them apart (a news story read as several events,
    the shooting and the arrest, founds several incidents; the caller has checked that the bridging
    report names both incidents' protagonists itself).
    """
    if not shared_report and set(a.article_ids) & set(b.article_ids):
        return "a report in both (its events are distinct)"
    gap = _window_gap(a.window_lo, a.window_hi, b.window_lo, b.window_hi)
    if gap is not None and gap > options.max_span_days and not (a.followup or b.followup):
        return "dates too far apart for one story"
    placed = all(p.geo_precision == 1 and len(p.article_ids) >= 2 and not p.followup for p in (a, b))
    if placed:
        # two towns far apart, each placed by several reports of its own (one mis-geocoded report is no
        # place): a crisis whose coverage shares its names (a movement, a ministry, a price rise) holds
        # incidents in several cities; names alone never merge them
        km = _km(a, b)
        admin_differs = bool(a.admin1 and b.admin1 and a.admin1.lower() != b.admin1.lower())
        if admin_differs and km is not None and km > options.max_near_km:
            return f"two towns {km:.0f} km apart in different admin1"
    known = tuple({*a.known, *b.known})
    shared = [
        n
        for n in set(a.story_names()) & set(b.story_names())
        if len(n) >= 3 and not is_number(n) and not _is_known(n, known)
    ]
    smaller = min(_story_size(a.story_names()), _story_size(b.story_names()))
    if len(shared) < options.content_min_names or len(shared) < options.content_min_share * smaller:
        return f"their reports share {len(shared)} story names"
    return None


def content_match(
    event: EventProfile, incident: IncidentProfile, options: MatchOptions, *, base: MatchScore
) -> MatchScore | None:
    """The content rule: the event's report and the incident's reports name the same protagonists.

    Applied to a candidate found through shared story keys that :func:`score_match` (``base``) did not
    accept. Outweighs a place, date or type veto, never "same article" (a report's events are distinct).
    None: the content evidence is not strong enough.
    """
    if base.veto is not None and base.veto.startswith("same article"):
        return None
    if _too_far_in_time(event, incident, options):
        return None
    shared = content_names(event, incident)
    smaller = min(_story_size(event.story_names()), _story_size(incident.story_names()))
    reasons = [r for r in base.reasons if r != base.veto]
    # a report without an event of its own shares what it is about (a name it repeats), not only the
    # names every story of its country uses (a capital city, a newspaper, a demonym)
    about = not event.story_keys or bool(set(event.story_keys) & set(shared))
    if about and len(shared) >= options.content_min_names and len(shared) >= options.content_min_share * smaller:
        count = min(len(shared), options.max_story_names)
        total = options.threshold + options.w_story_name * (count - options.content_min_names)
        reasons.append(f"story names {len(shared)}: " + ",".join(shared[:8]))
    else:
        words = _report_words(event, incident, options)
        if words is None:
            return None
        total = options.threshold
        reasons.append(words)
    if base.veto is not None:
        reasons.append(f"outweighs: {base.veto}")
    return MatchScore(incident.id, round(total, 4), tuple(reasons), overridden=base.veto, by_content=True)


def _report_words(event: EventProfile, incident: IncidentProfile, options: MatchOptions) -> str | None:
    """The words rule for a report without an event of its own (see ``MatchOptions``): its reason, or None."""
    if event.event_type or not event.words:
        return None
    # names both sides use, the wide ones (admin units, country, actors) left out, the town kept: its own
    # name is what a one-sentence relay has
    town = place_words(incident.place_name)
    wide = {k for k in (*event.known, *incident.known) if k not in town}
    named = {n for n in set(event.story_names()) & set(incident.story_names()) if not is_number(n)}
    if len(named - wide) < options.report_min_names:
        return None
    share = text_containment(event.names, event.words, incident.names, incident.words, name_weight=options.name_weight)
    if share is None or share < options.report_min_containment:
        return None
    places = {*event.known, *incident.known, *place_words(incident.place_name)}
    details = shared_details(event.names, event.words, incident.names, incident.words, places=places, options=options)
    if details < options.report_min_details:
        return None
    return f"report words: text {share:.2f}, details {details:g}"


def _too_far_in_time(event: EventProfile, incident: IncidentProfile, options: MatchOptions) -> bool:
    """Whether the days rule a content join out: beyond the date limits only a later development (its
    report's lede names an arrest, a trial, a funeral ...) may join; new violence by the same people is
    another incident. A report without a date of its own is placed by its publication day: it cannot be
    about an incident that began after it was published."""
    if event.date_start is None and event.published is not None and incident.date_lo is not None:
        if (incident.date_lo - event.published).days > options.max_gap_days:
            return True
        last = incident.date_hi or incident.date_lo
        return (event.published - last).days > options.max_span_days and not event.followup
    gap = _window_gap(event.window_lo, event.window_hi, incident.window_lo, incident.window_hi)
    far = (
        (gap is not None and gap > options.max_gap_days)
        or (event.exact_day and incident.exact_day is not None and event.date_start != incident.exact_day)
        or _span_after(event, incident) > options.max_span_days
    )
    # a later development may join whatever the gap; so may the violence that an incident of follow-ups
    # only (a trial reported before the attack it is about) refers to
    return far and not (event.followup or incident.followup)


def _story_size(names: Iterable[str]) -> int:
    return sum(1 for n in names if len(n) >= 3 and not is_number(n))


def content_names(event: EventProfile, incident: IncidentProfile) -> tuple[str, ...]:
    """The names the event's report shares with the incident's reports (sorted): no numbers, no words of
    either side's admin units, country or actors (the place and actor terms weigh those)."""
    known = {*event.known, *incident.known}
    shared = set(event.story_names()) & set(incident.story_names())
    return tuple(sorted(n for n in shared if len(n) >= 3 and not is_number(n) and not _is_known(n, tuple(known))))


def rank_matches(
    event: EventProfile,
    candidates: Iterable[IncidentProfile],
    options: MatchOptions,
    *,
    near_duplicates: Collection[str] = (),
    linked: Collection[str] = (),
) -> list[MatchScore]:
    """Every accepted candidate, best first (ties: the smaller incident id).

    ``near_duplicates``: ids of incidents that a report the event's article nearly copies supports.
    ``linked``: ids of incidents whose reports share story keys with the event's (:func:`content_match`).
    """
    accepted = []
    sets = _event_sets(event)
    for incident in candidates:
        score = score_match(event, incident, options, near_duplicate=incident.id in near_duplicates, event_sets=sets)
        if score.accepted(options):
            accepted.append(score)
        elif incident.id in linked:
            by_content = content_match(event, incident, options, base=score)
            if by_content is not None:
                accepted.append(by_content)
    accepted.sort(key=lambda s: (-s.total, s.incident_id))
    return accepted


def best_match(
    event: EventProfile,
    candidates: Iterable[IncidentProfile],
    options: MatchOptions,
    *,
    near_duplicates: Collection[str] = (),
) -> MatchScore | None:
    """The accepted candidate with the highest score (ties: the smaller incident id), or None."""
    ranked = rank_matches(event, candidates, options, near_duplicates=near_duplicates)
    return ranked[0] if ranked else None
