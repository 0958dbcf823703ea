"""Step 3b of place resolution: what the article's resolved places say about its country and region.

Reads resolved spans (and the demonym and actor evidence of :mod:`~flashpoint.geo.resolve.context`); returns
vote tallies: countries (``country_votes``) and first-level units (``admin_votes``), weighted by role, and
the same tallies without one span's own vote (a reading must not vote for itself).
"""

from __future__ import annotations

import collections
from collections.abc import Mapping, Sequence

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, COUNTRY, normalise
from flashpoint.geo.resolve.base import CONTEXT, EVENT, ORIGIN, PLACE_LABELS, SPEAKER, ResolveOptions, Span, admin1_of


def span_vote(span: Span) -> tuple[str | None, float]:
    """The country a resolved span votes for, and the weight of its vote."""
    best = span.best
    if best is None or not best.country_iso3:
        return None, 0.0
    if (span.label not in PLACE_LABELS or span.shouted) and not (supported(span) or span.dateline):
        # "Arab mediators" (NORP -> Arab, Alabama), "MPs" (-> Mount Pleasant): a name with no place
        # label and no locative support is kept only if it fits the document; it must not decide the country.
        return None, 0.0
    weight = {EVENT: 2.0, CONTEXT: 1.0, SPEAKER: 0.7, ORIGIN: 0.3}.get(span.role, 1.0)
    if span.dateline:
        weight = 3.0  # where the reporter files from: usually where the events are
    if best.feature == COUNTRY:
        weight *= 1.5
    if span.quarter or span.site or span.prefix:
        weight /= 3.0  # "the El Angel neighborhood": a quarter says little about the country
    return best.country_iso3, weight


def supported(span: Span) -> bool:
    """A locative cue, a feature word or a written hierarchy supports the span as a place name."""
    return (
        span.role in {EVENT, ORIGIN}
        or span.feature_hint is not None
        or span.qualifies is not None
        or bool(span.qualifiers)
    )


def country_votes(
    spans: Sequence[Span], demonym_isos: Sequence[tuple[str, str]], hint: str | None, options: ResolveOptions
) -> dict[str, float]:
    votes: dict[str, float] = collections.defaultdict(float)
    if hint:
        votes[hint] += options.hint_votes
    for iso3, role in demonym_isos:
        votes[iso3] += 1.0 if role != ORIGIN else 0.3
    for span in spans:
        iso, weight = span_vote(span)
        if iso is not None:
            votes[iso] += weight
    return dict(votes)


def admin_vote(span: Span) -> tuple[int | None, float]:
    """The first-level unit a resolved span votes for, and the weight of its vote.

    Written admin units and places with a written hierarchy vote more than a bare town name.
    """
    best = span.best
    if best is None:
        return None, 0.0
    a1 = admin1_of(best)
    if a1 is None:
        return None, 0.0
    weight = 1.0
    if best.feature in (ADMIN1, ADMIN2) or span.qualifiers or span.qualifies is not None:
        weight = 2.0
    if span.role == ORIGIN:
        weight *= 0.3
    return a1, weight


def admin_votes(spans: Sequence[Span]) -> dict[int, float]:
    """Votes of the resolved spans for the first-level units the document is about."""
    # one witness per name: "Hale ... Hale ... Hale" is one name read three times, its strongest vote counts
    strongest: dict[tuple[str, int], float] = {}
    for span in spans:
        a1, weight = admin_vote(span)
        if a1 is not None:
            key = (normalise(span.text), a1)
            strongest[key] = max(strongest.get(key, 0.0), weight)
    votes: dict[int, float] = collections.defaultdict(float)
    for (_, a1), weight in strongest.items():
        votes[a1] += weight
    return dict(votes)


def _namesakes(span: Span, spans: Sequence[Span]) -> list[Span]:
    """Other bare mentions of a bare name (a town written with its unit, "San Pedro (San Pedro)", is not one)."""
    if span.qualifiers or span.qualifies is not None:
        return []
    key = normalise(span.text)
    return [o for o in spans if o is not span and not o.qualifiers and o.qualifies is None and normalise(o.text) == key]


def without_admin(votes: Mapping[int, float], span: Span, spans: Sequence[Span] = ()) -> Mapping[int, float]:
    """The admin1 votes without the span's own vote (and, with ``spans``, without its name's other mentions)."""
    out = dict(votes)
    own: dict[int, float] = {}
    for one in [span, *_namesakes(span, spans)]:
        a1, weight = admin_vote(one)
        if a1 is not None:
            own[a1] = max(own.get(a1, 0.0), weight)  # the name counted once (see _admin_votes)
    for a1, weight in own.items():
        if a1 in out:
            out[a1] = max(0.0, out[a1] - weight)
    return out


def without(votes: Mapping[str, float], span: Span, spans: Sequence[Span] = ()) -> Mapping[str, float]:
    """The document's country votes without the span's own vote (a reading must not vote for itself).

    With ``spans``, the votes of the other mentions of the same name go too: "London ... London ... London"
    in a report from Ontario is one name read three times, not three witnesses for England.
    """
    out = dict(votes)
    for one in [span, *_namesakes(span, spans)]:
        iso, weight = span_vote(one)
        if iso is not None and iso in out:
            out[iso] = max(0.0, out[iso] - weight)
    return out
