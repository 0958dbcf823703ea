"""Step 3c of place resolution: each span's reading among its homonyms.

Reads the spans of :mod:`~flashpoint.geo.resolve.context` and the article's country evidence; returns copies
with ``best`` (the chosen :class:`~flashpoint.geo.gazetteer.Candidate`) and ``score``. Each candidate is
scored by a population prior, agreement with the document's country and first-level-unit evidence, the
administrative hierarchy written next to it and feature words, in two rounds (the second re-scores with the
readings the first settled on). Then written hierarchies are chosen jointly, strays that contradict a
written setting lose their readings, a bare foreign town in a report filed elsewhere becomes a place of the
dateline, and a name fixed once by its hierarchy keeps that reading at every mention.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate, normalise
from flashpoint.geo.places import candidate_km
from flashpoint.geo.resolve.base import (
    CONNECTORS,
    ORIGIN,
    PLACE_LABELS,
    ResolveOptions,
    Span,
    admin1_of,
    fit,
    fits,
    lexicon,
)
from flashpoint.geo.resolve.context import CountryEvidence
from flashpoint.geo.resolve.votes import admin_votes, country_votes, without, without_admin


def resolve_homonyms(
    doc: Any, spans: Sequence[Span], *, evidence: CountryEvidence, hint: str | None, options: ResolveOptions
) -> tuple[Span, ...]:
    """Every span's reading, in the passes' order (see the module docstring)."""
    out = score_spans(spans, evidence=evidence, hint=hint, options=options)
    out = resolve_chains(out, country_votes(out, evidence.isos, hint, options), options, admin_votes(out))
    out = drop_strays(doc, out)
    out = under_dateline(out, country_votes(out, evidence.isos, hint, options))
    out = one_reading_per_name(out)
    return keep_written_units(out)


def score_spans(
    spans: Sequence[Span], *, evidence: CountryEvidence, hint: str | None, options: ResolveOptions
) -> tuple[Span, ...]:
    """Two rounds of scoring: every span against the same snapshot of the votes, then all readings change."""
    out = tuple(spans)
    for _ in range(2):
        votes = country_votes(out, evidence.isos, hint, options)
        admin = admin_votes(out)
        picks: list[tuple[float, Candidate | None]] = []
        for span in out:
            if not span.candidates:
                picks.append((span.score, None))
                continue
            own = without(votes, span, out)
            own_admin = without_admin(admin, span, out)
            if span.dateline and (span.shouted or span.wire) and not span.qualifiers:
                # "LIMA, 17 APR 89 --": a wire dateline names a city known by itself, and the report's other
                # places (foreign officials, misread capitalised words) do not get to move it to a namesake
                own, own_admin = {}, {}
            scored = [(score(c, span, out, own, options, admin_votes=own_admin), c) for c in span.candidates]
            picks.append(max(scored, key=lambda sc: sc[0]))
        out = tuple(dataclasses.replace(span, score=s, best=best) for span, (s, best) in zip(out, picks, strict=True))
    return out


def score(
    cand: Candidate,
    span: Span,
    spans: Sequence[Span],
    votes: Mapping[str, float],
    options: ResolveOptions,
    *,
    hierarchy: bool = True,
    admin_votes: Mapping[int, float] | None = None,
) -> float:
    """The disambiguation score of reading ``cand`` for ``span`` (weights in :class:`ResolveOptions`)."""
    # Shares of at least one full vote: a single weak mention must not count as the whole evidence.
    total_votes = max(1.0, sum(votes.values()))
    score = options.population_weight * math.log10(cand.population + 10)
    if cand.country_iso3 and total_votes > 0:
        score += options.country_weight * votes.get(cand.country_iso3, 0.0) / total_votes
    if admin_votes:
        a1 = admin1_of(cand)
        total_admin = sum(admin_votes.values())
        if a1 is not None and total_admin > 0:
            score += options.admin_weight * admin_votes.get(a1, 0.0) / total_admin
    if span.dateline:
        # a reporter files from a town big enough to have a desk: "BOGOTA" is the capital, not a namesake
        score += options.dateline_population_weight * math.log10(cand.population + 10)
    if cand.primary:
        score += options.primary_bonus
    elif cand.feature == CITY and _shadowed(cand, span.candidates):
        # a town of that very name outranks one that lists it among its many foreign spellings
        score -= options.shadow_penalty
    elif _shortened_unit(cand, span):
        # "Valle department" is a unit named "Valle" before it is the first word of "Valle del Cauca"
        score -= options.shadow_penalty
    if cand.feature == COUNTRY:
        score += options.country_feature_bonus
    elif (
        cand.feature == CITY
        and not span.qualifiers
        and span.feature_hint is None
        and any(c.feature == COUNTRY and c.primary for c in span.candidates)
    ):
        score -= options.country_name_town_penalty
    if span.feature_hint == "admin":
        if cand.feature in (ADMIN1, ADMIN2):
            score += options.feature_bonus
            level = 1 if cand.feature == ADMIN1 else 2
            if span.admin_level_hint == level:
                score += 0.5
    elif span.feature_hint == "city" and cand.feature == CITY:
        score += options.feature_bonus
    elif cand.feature in (ADMIN1, ADMIN2) and span.qualifies is None:
        score -= 1.0  # a place named on its own or with qualifiers is more often the town than the region
        if any(
            c.feature == CITY and c.primary and cand.place_id in (c.admin1_id, c.admin2_id)
            for c in span.candidates[:15]
        ):
            # "Baghdad", "Lexington": the unit is named after its town, and the bare name means the town
            score -= options.namesake_unit_penalty
    elif cand.feature in (ADMIN1, ADMIN2) and span.qualifies is not None:
        score += 0.5  # "X (Y, Z)": written qualifiers are usually admin units
    if not hierarchy:
        return score
    for q in span.qualifiers:
        score += options.hierarchy_bonus * max((fit(qc, cand) for qc in spans[q].candidates[:15]), default=0.0)
    if span.qualifies is not None:
        head = spans[span.qualifies]
        score += options.hierarchy_bonus * max((fit(cand, hc) for hc in head.candidates[:15]), default=0.0)
    return score


def _shortened_unit(cand: Candidate, span: Span) -> bool:
    """A unit read from the first word of its longer name while a unit bears the written name as its own."""
    written = normalise(span.text)
    rest = normalise(cand.name)[len(written) :].split()
    return (
        cand.feature in (ADMIN1, ADMIN2)
        and normalise(cand.name).startswith(written + " ")
        and len(rest) >= 2
        and rest[0] in CONNECTORS  # "Clark County" is Clark's own unit, not a shortened long name
        and any(c.primary and c.feature in (ADMIN1, ADMIN2) for c in span.candidates[:15])
    )


def _shadowed(cand: Candidate, candidates: Sequence[Candidate]) -> bool:
    """Whether a town matched by an alternate name competes with a sizeable town of that very name abroad.

    (Within one country an alternate name is often the short name in use: "San Tirelo" for San Tirelo de
    la Sierra.)
    """
    top = candidates[:15]
    if any(c.primary and c.country_iso3 == cand.country_iso3 for c in top):
        return False
    return any(c.primary and c.feature == CITY and c.population >= 10_000 for c in top)


def resolve_chains(
    spans: Sequence[Span],
    votes: Mapping[str, float],
    options: ResolveOptions,
    admin: Mapping[int, float] | None = None,
) -> tuple[Span, ...]:
    """Choose each written hierarchy ("X, Y" / "X (Y, Z)") jointly: the head and qualifiers that agree.

    Scoring head and qualifiers separately lets a populous namesake of the qualifier (Orlo, Pelmora) win
    against the reading that contains the head (Kessa, Orlo, Varsa). Here each head reading is scored
    with, for every qualifier, its best reading that contains the head (plus the hierarchy bonus) or, if
    better, its best reading overall.
    """
    out = list(spans)
    for k in range(len(out)):
        span = out[k]
        if span.qualifies is not None or not span.qualifiers:
            continue
        head_idx, q_idx = k, list(span.qualifiers)
        while not out[head_idx].candidates and q_idx:
            head_idx, q_idx = q_idx[0], q_idx[1:]  # "Tirelo (Kessa, Pelmora)": the first known level heads
        head, quals = out[head_idx], [out[q] for q in q_idx]
        if not head.candidates or not quals:
            continue
        choice = _best_chain(head, quals=quals, spans=out, votes=votes, options=options, admin=admin or {})
        if choice is None:
            continue
        h, picks = choice
        if head.best is not None and h.place_id != head.best.place_id:
            out[head_idx] = dataclasses.replace(head, best=h)
        for q, pick in zip(q_idx, picks, strict=True):
            if pick is not None:
                out[q] = dataclasses.replace(out[q], best=pick)
    return tuple(out)


def _best_chain(
    head: Span,
    *,
    quals: Sequence[Span],
    spans: Sequence[Span],
    votes: Mapping[str, float],
    options: ResolveOptions,
    admin: Mapping[int, float],
) -> tuple[Candidate, list[Candidate | None]] | None:
    """The head reading and qualifier readings of the best-scoring chain (None for a qualifier left free)."""
    head_votes = without(votes, head)
    head_admin = without_admin(admin, head)
    q_scored = [
        [
            (score(c, q, spans, without(votes, q), options, hierarchy=False, admin_votes=without_admin(admin, q)), c)
            for c in q.candidates[:15]
        ]
        for q in quals
    ]
    best_total = -math.inf
    choice: tuple[Candidate, list[Candidate | None]] | None = None
    for h in head.candidates[:15]:
        total = score(h, head, spans, head_votes, options, hierarchy=False, admin_votes=head_admin)
        picks: list[Candidate | None] = []
        for scored in q_scored:
            free = max(scored, key=lambda sc: sc[0], default=None)
            fitting = [(sc + options.hierarchy_bonus * fit(c, h), c) for sc, c in scored if fits(c, h)]
            best_fit = max(fitting, key=lambda sc: sc[0], default=None)
            if best_fit is not None and (free is None or best_fit[0] >= free[0]):
                total += best_fit[0]
                picks.append(best_fit[1])
            elif free is not None:
                total += free[0]
                picks.append(None)
            else:
                picks.append(None)
        if total > best_total:
            best_total, choice = total, (h, picks)
    return choice


def _beside(qualifier: Candidate, head: Candidate) -> bool:
    """A town or second-level unit written as qualifier lies within 50 km of a town reading of its head."""
    return (
        qualifier.feature in (ADMIN2, CITY)
        and head.feature == CITY
        and qualifier.country_iso3 == head.country_iso3
        and candidate_km(qualifier, head) <= 50.0
    )


def drop_strays(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """Unread small towns that contradict a written setting in their own sentence.

    * "Dovra village near Varsa town (Orlo, Pelmora)": a place said to be near another must lie near
      it; a namesake 1,000 km away means the real village is not in the gazetteer.
    * "in Kessa village, Orlo district, Varsa Regency, Pelmora province": a bare village name read in another
      first-level unit than the units written in the same sentence is a namesake elsewhere.
    The span loses its readings (it may still be placed by its qualifiers); the written places remain.
    """
    lex = lexicon()
    out = list(spans)
    for k in range(len(out)):
        span = out[k]
        best = span.best
        if best is None or best.feature != CITY or span.qualifiers or span.qualifies is not None:
            continue
        if span.quarter:
            # a quarter named like a town elsewhere: keep the reading only near a town of the same text
            towns = [o.best for i, o in enumerate(out) if i != k and o.best is not None and o.best.feature == CITY]
            if towns and not any(candidate_km(best, t) <= 30.0 for t in towns):
                out[k] = span.unread()
                continue
        if best.population >= 100_000:
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and nxt.best is not None and nxt.best.feature in (CITY, ADMIN2):
            gap = [t.lower_ for t in doc[span.end : nxt.start]]
            if len(gap) <= 4 and any(g in lex.near_preps for g in gap):
                near = [c for c in span.candidates if candidate_km(c, nxt.best) <= 60.0]
                out[k] = dataclasses.replace(span, best=near[0]) if near else span.unread()
                continue
        sent = doc[span.start].sent
        written = [
            o.best
            for i, o in enumerate(out)
            if i != k
            and o.best is not None
            and o.best.feature in (ADMIN1, ADMIN2)
            and o.best.country_iso3 == best.country_iso3
            and sent.start <= o.start < sent.end
        ]
        if written and not any(admin1_of(w) == best.admin1_id for w in written):
            inside = [c for c in span.candidates if any(admin1_of(w) == admin1_of(c) for w in written)]
            out[k] = dataclasses.replace(span, best=inside[0]) if inside else span.unread()
    return tuple(out)


def under_dateline(spans: Sequence[Span], votes: Mapping[str, float]) -> tuple[Span, ...]:
    """A bare town read abroad in a report filed from a town elsewhere is an unlisted place of the dateline.

    "PELMORA - ... marched along the Corso": nothing else in the report points to the one country with a town
    "Corso", so "Corso" is a street or quarter of Pelmora the gazetteer lacks, placed at Pelmora (precision 2).
    """
    home = _home(spans)
    if home is None:
        return tuple(spans)
    anchor = spans[home].best
    if anchor is None or anchor.feature == COUNTRY:
        return tuple(spans)
    out = list(spans)
    for k, span in enumerate(spans):
        best = span.best
        if (
            span.dateline
            or best is None
            or not (span.label in PLACE_LABELS or span.supported or span.site or span.quarter)
            or best.feature != CITY
            or best.country_iso3 == anchor.country_iso3
            or span.qualifiers
            or span.qualifies is not None
            or best.population >= 1_000_000
        ):
            continue
        if without(votes, span).get(best.country_iso3 or "", 0.0) > 0.0:
            continue  # the report names that country otherwise too: a second place, not a misreading
        out[k] = dataclasses.replace(span.unread(), qualifiers=(*span.qualifiers, home))
    return tuple(out)


def _home(spans: Sequence[Span]) -> int | None:
    """The span the report is filed from: its dateline, else a town of a country the report names."""
    home = next((k for k, s in enumerate(spans) if s.dateline and s.best is not None), None)
    if home is not None:
        return home
    # no dateline: a report that names its country ("Chile's education minister ...") and a town of it
    named = {
        s.best.country_iso3 for s in spans if s.best is not None and s.best.feature == COUNTRY and s.role != ORIGIN
    }
    return next(
        (
            k
            for k, s in enumerate(spans)
            if s.best is not None
            and s.best.feature == CITY
            and s.best.country_iso3 in named
            and s.label in PLACE_LABELS
            and s.role != ORIGIN
        ),
        None,
    )


def one_reading_per_name(spans: Sequence[Span]) -> tuple[Span, ...]:
    """A name written once with its hierarchy ("London, Ontario") means that place at every other mention.

    One sense per discourse: a report does not switch between two same-named towns without saying so. Only
    a reading fixed by a written qualifier or feature word is spread, only to mentions that can bear it, and
    never to the fixed mention's own qualifiers ("San Pedro (San Pedro)": a town and its unit of that name).
    """
    fixed: dict[str, tuple[int, Candidate]] = {}
    for k, span in enumerate(spans):
        if span.best is not None and (span.qualifiers or span.feature_hint or span.dateline):
            fixed.setdefault(normalise(span.text), (k, span.best))
    out = list(spans)
    for k, span in enumerate(spans):
        found = fixed.get(normalise(span.text))
        if found is None or span.best is None or span.best.place_id == found[1].place_id:
            continue
        source, reading = found
        if span.qualifies == source:
            continue
        same = next((c for c in span.candidates if c.place_id == reading.place_id), None)
        if same is not None:
            out[k] = dataclasses.replace(span, best=same)
    return tuple(out)


def keep_written_units(spans: Sequence[Span]) -> tuple[Span, ...]:
    """A reading must agree with the units written next to it, or give way to one beside them.

    "Burgersfort (Sekhukhune, Limpopo)": a reading next to its written unit is the place even when the
    gazetteer files it in the neighbouring unit (towns near a border); the written units name its admin1 and
    admin2, as the report (and its readers) do. Otherwise ("Mandoli (Bandiagara, Mopti)") the written
    hierarchy outranks a same-named town elsewhere: the span loses its readings.
    """
    out = list(spans)
    for k in range(len(out)):
        span = out[k]
        quals = [b for b in (out[q].best for q in span.qualifiers) if b is not None]
        if span.best is None or not quals or _agrees(span.best, [out[q] for q in span.qualifiers]):
            continue
        near = [(c, q) for c in span.candidates[:15] for q in quals if q is not None and _beside(q, c)]
        if not near:
            out[k] = span.unread()
            continue
        town, unit = near[0]
        best = dataclasses.replace(
            town,
            admin1=unit.admin1,
            admin1_id=unit.admin1_id,
            admin2=unit.name if unit.feature == ADMIN2 else unit.admin2,
            admin2_id=unit.place_id if unit.feature == ADMIN2 else unit.admin2_id,
        )
        out[k] = dataclasses.replace(span, best=best)
    return tuple(out)


def _agrees(reading: Candidate, qualifiers: Sequence[Span]) -> bool:
    """Whether a reading agrees with its written qualifiers.

    The units below the country judge when any is written ("X, Y district, Z province, Country" lies in Y and
    Z, not just somewhere in the country), by any of their readings (a unit read at the wrong level, Z's
    district rather than Z's province, still places X); a written country alone judges by its reading.
    """
    units = [q for q in qualifiers if q.best is not None and q.best.feature != COUNTRY]
    if units:
        return any(fits(c, reading) for q in units for c in (q.best, *q.candidates[:15]) if c is not None)
    return any(fits(q.best, reading) for q in qualifiers if q.best is not None)
