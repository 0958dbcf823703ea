"""Field helpers shared by every export writer and the situation report.

Reads records (:class:`~flashpoint.records.Event`, :class:`~flashpoint.records.Figure`,
:class:`~flashpoint.records.Claim`, :class:`~flashpoint.records.Place` ...) and writes plain JSON-ready
values: evidence spans, claimant chains, source lists, places and actors. Keeping these in one module means
the sitrep, the JSON/GeoJSON/CSV exports and the web API spell every field the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from flashpoint.records import Actor, Article, Claim, Evidence, Figure, FigureKind, Place

logger = logging.getLogger(__name__)

#: Victim groups UCDP would count on the government side (``deaths_a`` when side A is a state).
STATE_VICTIMS = frozenset(
    {"security forces", "police", "soldiers", "military", "troops", "government forces", "officers"}
)
#: Victim groups counted as the organised non-state side (``deaths_b``).
ARMED_VICTIMS = frozenset({"attackers", "militants", "rebels", "insurgents", "gunmen", "fighters", "armed men"})
#: Victim groups counted as civilians.
CIVILIAN_VICTIMS = frozenset({"civilians", "protesters", "demonstrators", "rioters", "bystanders", "residents"})


def evidence_json(evidence: Evidence) -> dict[str, Any]:
    """One evidence span as the sitrep contract spells it: ``start``, ``end``, ``text`` (+ provenance)."""
    return {
        "start": evidence.start,
        "end": evidence.end,
        "text": evidence.text,
        "article_id": evidence.article_id,
        "stage": evidence.stage,
    }


def evidence_list(evidence: Iterable[Evidence | None]) -> list[dict[str, Any]]:
    """Evidence spans as a JSON list, skipping missing ones and exact repeats, in text order."""
    seen: set[tuple[str, int, int]] = set()
    out: list[dict[str, Any]] = []
    for ev in sorted((e for e in evidence if e is not None), key=lambda e: (e.article_id, e.start, e.end)):
        key = (ev.article_id, ev.start, ev.end)
        if key not in seen:
            seen.add(key)
            out.append(evidence_json(ev))
    return out


def claimant_chain(claim: Claim) -> list[str]:
    """The link names of a claim's chain, from the original speaker to the last relay."""
    return [link.name for link in claim.chain]


def claimant_links(claim: Claim) -> list[dict[str, Any]]:
    """The chain with each link's source type and cue, for exports that keep more than names."""
    return [{"name": link.name, "source_type": link.source_type.value, "cue": link.cue} for link in claim.chain]


def source_names(claim: Claim | None, article: Article | None) -> list[str]:
    """Every source behind a value: the chain's links, then the publishing article's source, deduplicated.

    This is what ACLED's ``source`` column and UCDP's ``source_original`` hold.
    """
    names: list[str] = []
    if claim is not None:
        names.extend(claimant_chain(claim))
    if article is not None and article.source:
        names.append(article.source)
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(name.strip())
    return out


def place_json(place: Place | None) -> dict[str, Any] | None:
    """A place as the sitrep contract spells it, plus country name, admin2, feature and geonameid."""
    if place is None:
        return None
    return {
        "name": place.name,
        "country_iso3": place.country_iso3,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "where_prec": place.where_prec,
        "feature": place.feature,
        "geonameid": place.geonameid,
    }


def actor_json(actor: Actor) -> dict[str, Any]:
    """An actor as the sitrep contract spells it (``name``, ``inter``, ``country_iso3``) plus role and mention."""
    return {
        "name": actor.name,
        "inter": actor.inter,
        "country_iso3": actor.country_iso3,
        "role": actor.role,
        "mention": actor.mention,
    }


def figure_range(figure: Figure) -> str:
    """The interval of a figure for people to read: ``"8-?"``, ``"24-99; ACLED 12"``, ``"18"``.

    ACLED's value is shown only when it differs from the best estimate, because that is when an analyst
    must know that ACLED's conservative rule chose a lower number than the phrase suggests.
    """
    low = "?" if figure.low is None else str(figure.low)
    high = "?" if figure.high is None else str(figure.high)
    text = low if figure.low is not None and figure.low == figure.high else f"{low}-{high}"
    if figure.acled_value is not None and figure.acled_value != figure.best:
        text += f"; ACLED {figure.acled_value}"
    return text


def death_side(victims: str) -> str:
    """Which UCDP deaths column a victim group belongs to: ``a``, ``b``, ``civilians`` or ``unknown``."""
    group = victims.strip().casefold()
    if group in STATE_VICTIMS or any(w in group for w in ("police", "soldier", "security", "army")):
        return "a"
    if group in ARMED_VICTIMS or any(w in group for w in ("militant", "attacker", "rebel", "gunm")):
        return "b"
    if group in CIVILIAN_VICTIMS or "civilian" in group:
        return "civilians"
    return "unknown"


def ucdp_deaths(figures: Iterable[Figure]) -> dict[str, int | None]:
    """UCDP death counts from the killed-figures of one event.

    Figures of the same victim group in one event are alternative claims about the same people, not
    additions, so per group the lowest ``ucdp_low``, the highest ``ucdp_best`` and the highest
    ``ucdp_high`` are kept; groups are then summed. Returns ``deaths_a``, ``deaths_b``,
    ``deaths_civilians``, ``deaths_unknown``, ``low``, ``best``, ``high`` (None where nothing was said).
    """
    per_group: dict[str, tuple[int | None, int | None, int | None]] = {}
    for fig in figures:
        if fig.kind is not FigureKind.KILLED:
            continue
        key = fig.victims.strip().casefold() or "unknown"
        low = fig.ucdp_low if fig.ucdp_low is not None else fig.low
        best = fig.ucdp_best if fig.ucdp_best is not None else fig.best
        high = fig.ucdp_high if fig.ucdp_high is not None else fig.high
        old = per_group.get(key)
        if old is None:
            per_group[key] = (low, best, high)
        else:
            per_group[key] = (_min(old[0], low), _max(old[1], best), _max(old[2], high))
    return _sum_groups(per_group)


def ucdp_deaths_from_groups(groups: Mapping[str, tuple[int | None, int | None, int | None]]) -> dict[str, int | None]:
    """UCDP death counts from per-victim-group ``(low, best, high)`` values (e.g. incident figure histories)."""
    return _sum_groups({k.strip().casefold(): v for k, v in groups.items()})


def _sum_groups(per_group: Mapping[str, tuple[int | None, int | None, int | None]]) -> dict[str, int | None]:
    out: dict[str, int | None] = {
        "deaths_a": None,
        "deaths_b": None,
        "deaths_civilians": None,
        "deaths_unknown": None,
        "low": None,
        "best": None,
        "high": None,
    }
    for group, (low, best, high) in per_group.items():
        column = f"deaths_{death_side(group)}"
        out[column] = _add(out[column], best)
        out["low"] = _add(out["low"], low)
        out["best"] = _add(out["best"], best)
        out["high"] = _add(out["high"], high if high is not None else best)
    return out


def _add(a: int | None, b: int | None) -> int | None:
    if b is None:
        return a
    return b if a is None else a + b


def _min(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else max(a, b)
