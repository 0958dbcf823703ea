"""Situation reports: the JSON contract of ``flashpoint sitrep --json`` and the text an analyst reads.

Reads :class:`~flashpoint.records.Extraction` records (one per article) or fused
:class:`~flashpoint.records.Incident` records; writes a JSON-ready ``dict`` (:func:`sitrep_json`) or plain text
(:func:`render_text`, :func:`render_incidents_text`). Nothing here extracts or fuses: it only lays out what the
earlier stages found, with the evidence, claimant chain and certainty of every value.

The JSON contract (issue 2) is ``{"events": [...], "figures": [...], "caveats": [...]}``; fields beyond the
contract (ids, sources, UCDP values, which figures a caveat qualifies) are added, never renamed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from flashpoint.export.fields import (
    actor_json,
    claimant_chain,
    claimant_links,
    evidence_json,
    evidence_list,
    figure_range,
    place_json,
    source_names,
)
from flashpoint.records import (
    Actor,
    Article,
    Caveat,
    Event,
    Extraction,
    Figure,
    FigureHistory,
    Incident,
    Place,
)

logger = logging.getLogger(__name__)

NAME = "sitrep"
VERSION = "0.1.0"

_RULE = "=" * 78
_SUBRULE = "-" * 78


def article_json(article: Article) -> dict[str, Any]:
    """The metadata of one report (no text): id, external id, title, source, date, URL, near-duplicate link."""
    return {
        "id": article.id,
        "external_id": article.external_id,
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "origin": article.origin,
        "near_duplicate_of": article.near_duplicate_of,
    }


def event_json(event: Event, article: Article | None = None) -> dict[str, Any]:
    """One event in the sitrep contract: type, PLOVER, dates, place, actors, certainty, evidence (+ provenance)."""
    return {
        "id": event.id,
        "article_id": event.article_id,
        "external_id": article.external_id if article else None,
        "source": article.source if article else None,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "date_start": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "time_precision": event.date.time_precision,
        "date_phrase": event.date.phrase,
        "place": place_json(event.place),
        "actors": [actor_json(a) for a in event.actors],
        "interaction": event.interaction,
        "fatalities": event.fatalities,
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "certainty": event.certainty.value,
        "claimant_chain": claimant_chain(event.claim),
        "claimant_links": claimant_links(event.claim),
        "sources": source_names(event.claim, article),
        "evidence": evidence_list(event.evidence),
    }


def figure_json(figure: Figure, article: Article | None = None) -> dict[str, Any]:
    """One figure in the sitrep contract: kind, victims, phrase, interval, ACLED value, chain, evidence."""
    return {
        "kind": figure.kind.value,
        "victims": figure.victims,
        "phrase": figure.phrase,
        "low": figure.low,
        "best": figure.best,
        "high": figure.high,
        # The contract names the ACLED value ``acled_fatalities`` for every kind; for injured/arrested
        # figures it is the number ACLED's counting rules would take, not a death toll.
        "acled_fatalities": figure.acled_value,
        "ucdp_low": figure.ucdp_low,
        "ucdp_best": figure.ucdp_best,
        "ucdp_high": figure.ucdp_high,
        "certainty": figure.certainty.value,
        "claimant_chain": claimant_chain(figure.claim),
        "claimant_links": claimant_links(figure.claim),
        "cues": list(figure.claim.cues),
        "sources": source_names(figure.claim, article),
        "article_id": figure.evidence.article_id,
        "external_id": article.external_id if article else None,
        "published": article.published.isoformat() if article and article.published else None,
        "evidence": [evidence_json(figure.evidence)],
        "claim_evidence": [evidence_json(figure.claim.evidence)],
    }


def caveat_json(caveat: Caveat, article: Article | None = None) -> dict[str, Any]:
    """One caveat in the sitrep contract: its text and evidence (+ article id and source)."""
    return {
        "text": caveat.text,
        "article_id": caveat.evidence.article_id,
        "source": article.source if article else None,
        "evidence": [evidence_json(caveat.evidence)],
    }


def sitrep_json(extractions: Sequence[Extraction]) -> dict[str, Any]:
    """The JSON situation report of a batch of extractions, following the contract of issue 2.

    Events and figures keep article order, then text order. Each event's ``figures`` and each caveat's
    ``qualifies`` are indexes into the top-level ``figures`` list; each figure's ``qualified_by`` lists the
    indexes of the caveats that qualify it.
    """
    events: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    caveats: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    for ex in extractions:
        article = ex.article
        articles.append(article_json(article))
        index: dict[Figure, int] = {}
        local: list[int] = []  # position of each of ex.figures in the global list
        for fig in ex.figures:
            if fig not in index:
                index[fig] = len(figures)
                item = figure_json(fig, article)
                item["qualified_by"] = []
                figures.append(item)
            local.append(index[fig])
        for event in ex.events:
            item = event_json(event, article)
            refs: list[int] = []
            for fig in event.figures:
                if fig not in index:  # a figure an event holds but the article list lacks: keep it too
                    index[fig] = len(figures)
                    extra = figure_json(fig, article)
                    extra["qualified_by"] = []
                    figures.append(extra)
                refs.append(index[fig])
            item["figures"] = refs
            events.append(item)
        for caveat in ex.caveats:
            item = caveat_json(caveat, article)
            qualifies = [local[i] for i in caveat.qualifies if 0 <= i < len(local)]
            item["qualifies"] = qualifies
            for i in qualifies:
                figures[i]["qualified_by"].append(len(caveats))
            caveats.append(item)
    skipped = [_skip_json(ex) for ex in extractions if ex.relevance is not None and not ex.relevance.in_scope]
    return {"events": events, "figures": figures, "caveats": caveats, "articles": articles, "out_of_scope": skipped}


def _skip_json(ex: Extraction) -> dict[str, Any]:
    """Why an article was judged out of scope (issue 11): its id, the rule, the reason and the cue."""
    rel = ex.relevance
    ev = rel.evidence if rel else None
    return {
        "article_id": ex.article.id,
        "rule": rel.rule if rel else None,
        "reason": rel.reason if rel else None,
        "evidence": {"start": ev.start, "end": ev.end, "text": ev.text} if ev else None,
    }


# --------------------------------------------------------------------------------------------
# Text


def _date_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "date unknown"
    if start is None or end is None or start == end:
        return (start or end or dt.date.min).isoformat()
    return f"{start.isoformat()}..{end.isoformat()}"


def _place_text(place: Place | None) -> str:
    if place is None:
        return "place unknown"
    parts = [place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if place.country and place.country not in parts:
        parts.append(place.country)
    text = ", ".join(parts)
    if place.country_iso3:
        text += f" ({place.country_iso3})"
    coords = ""
    if place.latitude is not None and place.longitude is not None:
        coords = f" {place.latitude:.3f},{place.longitude:.3f}"
    return f"{text}{coords} [geo_precision {place.geo_precision}, where_prec {place.where_prec}]"


def _actors_text(actors: Sequence[Actor]) -> str:
    if not actors:
        return "none named"
    return "; ".join(f"{a.name} [inter {a.inter}]" for a in actors)


def _chain_text(chain: Sequence[str], source: str | None) -> str:
    links = list(chain)
    if source and (not links or links[-1].casefold() != source.casefold()):
        links.append(f"{source} (publisher)")
    return " -> ".join(links) if links else "the report itself"


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 3].rstrip() + "..."
    return f'"{flat}"'


def _figure_line(figure: Figure) -> str:
    return f"{figure.kind.value} ({figure.victims}): {figure.phrase} ({figure_range(figure)})"


def _event_sort_key(item: tuple[Event, Article]) -> tuple[dt.date, str, str]:
    event, article = item
    start = event.date.start or event.date.end or dt.date.max
    return (start, article.published.isoformat() if article.published else "", event.id)


def render_text(extractions: Sequence[Extraction], *, title: str = "Situation report") -> str:
    """A plain-text situation report: sources, a timeline of events, figures with claimants, caveats.

    Events are ordered by start date (undated events last); figures are grouped by kind and victim group so
    revised tolls from different reports sit next to each other, each with its claimant chain and certainty.
    """
    lines: list[str] = [title.upper(), _RULE]
    articles = [ex.article for ex in extractions]
    dated = sorted(a.published for a in articles if a.published)
    period = f"{dated[0].isoformat()} to {dated[-1].isoformat()}" if dated else "undated"
    sources = sorted({a.source for a in articles if a.source})
    lines.append(f"Reports: {len(articles)} ({period})")
    if sources:
        lines.append("Sources: " + ", ".join(sources))
    dups = [a for a in articles if a.near_duplicate_of]
    if dups:
        lines.append(f"Near-identical copies linked to an earlier report: {len(dups)}")
    skipped = sum(1 for ex in extractions if ex.relevance is not None and not ex.relevance.in_scope)
    if skipped:
        lines.append(f"Judged out of scope (no political violence, protest or strategic development): {skipped}")

    pairs = [(event, ex.article) for ex in extractions for event in ex.events]
    lines += ["", f"TIMELINE ({len(pairs)} events)", _SUBRULE]
    if not pairs:
        lines.append("No conflict or unrest events found.")
    for event, article in sorted(pairs, key=_event_sort_key):
        lines.append(
            f"{_date_text(event.date.start, event.date.end)}  {event.event_type} / {event.sub_event_type}"
            f"  [PLOVER {event.plover_type}]"
        )
        lines.append(f"    where:     {_place_text(event.place)}")
        lines.append(f"    who:       {_actors_text(event.actors)}")
        if event.fatalities:
            lines.append(f"    deaths:    {event.fatalities} (ACLED)")
        lines.append(
            f"    certainty: {event.certainty.value}; says: {_chain_text(claimant_chain(event.claim), article.source)}"
        )
        if event.evidence:
            lines.append(f"    evidence:  {_quote(event.evidence[0].text)}")

    lines += _figure_lines(extractions)
    lines += _caveat_lines(extractions)
    return "\n".join(lines) + "\n"


def _report_label(article: Article) -> str:
    """How the text report names a report: its source, title or external id, never an internal hash."""
    return article.source or article.title or article.external_id or "a report without source"


def _figure_key(figure: Figure, article: Article) -> tuple[str, str, str, int | None, int | None, int | None]:
    """Figures of one report with the same kind, victims and interval are one claim repeated (a headline
    and the body that restates it), shown once."""
    return (article.id, figure.kind.value, figure.victims.casefold(), figure.low, figure.best, figure.high)


def _figure_lines(extractions: Sequence[Extraction]) -> list[str]:
    claims: dict[tuple[Any, ...], tuple[Figure, Article, int]] = {}
    for ex in extractions:
        for fig in ex.figures:
            key = _figure_key(fig, ex.article)
            first, article, mentions = claims.get(key, (fig, ex.article, 0))
            claims[key] = (first, article, mentions + 1)
    lines = ["", f"FIGURES ({len(claims)} claims)", _SUBRULE]
    if not claims:
        lines.append("No casualty or impact figures found.")
    groups: dict[tuple[str, str], list[tuple[Figure, Article, int]]] = {}
    for fig, article, mentions in claims.values():
        groups.setdefault((fig.kind.value, fig.victims), []).append((fig, article, mentions))
    for (kind, victims), items in groups.items():
        lines.append(f"{kind} - {victims}:")
        items.sort(key=lambda it: (it[1].published or dt.date.min, it[1].id, it[0].evidence.start))
        for fig, article, mentions in items:
            when = article.published.isoformat() if article.published else "undated"
            again = f"  (stated {mentions} times in this report)" if mentions > 1 else ""
            lines.append(f"    {when}  {fig.phrase} ({figure_range(fig)})  [{fig.certainty.value}]{again}")
            lines.append(f"        says: {_chain_text(claimant_chain(fig.claim), article.source)}")
            lines.append(f"        {_quote(fig.evidence.text)}")
    return lines


def _caveat_lines(extractions: Sequence[Extraction]) -> list[str]:
    """Each distinct caveat once, with the reports that state it and, once each, the figures it qualifies."""
    caveats: dict[str, tuple[str, list[str], list[str]]] = {}
    for ex in extractions:
        for cav in ex.caveats:
            key = " ".join(cav.text.split()).casefold()
            text, reports, qualified = caveats.setdefault(key, (cav.text, [], []))
            label = _report_label(ex.article)
            if label not in reports:
                reports.append(label)
            for i in cav.qualifies:
                if 0 <= i < len(ex.figures):
                    line = _figure_line(ex.figures[i])
                    if line not in qualified:
                        qualified.append(line)
    lines = ["", f"CAVEATS ({len(caveats)})", _SUBRULE]
    if not caveats:
        lines.append("None stated.")
    for text, reports, qualified in caveats.values():
        lines.append(f"- {_quote(text)} ({', '.join(reports)})")
        lines.extend(f"    qualifies: {q}" for q in qualified)
    return lines


def _history_lines(history: FigureHistory, articles: Mapping[str, Article]) -> list[str]:
    ucdp = "/".join("?" if v is None else str(v) for v in (history.ucdp_low, history.ucdp_best, history.ucdp_high))
    acled = "?" if history.acled_value is None else str(history.acled_value)
    lines = [
        f"    {history.kind.value} - {history.victims}: ACLED {acled}; UCDP low/best/high {ucdp}"
        f"  (rule: {history.rule})"
    ]
    for rev in sorted(history.revisions, key=lambda r: (r.published or dt.date.min, r.article_id)):
        article = articles.get(rev.article_id)
        source = rev.source or (article.source if article else None)
        when = rev.published.isoformat() if rev.published else "undated"
        fig = rev.figure
        lines.append(
            f"        {when}  {fig.phrase} ({figure_range(fig)})  [{fig.certainty.value}]"
            f"  says: {_chain_text(claimant_chain(fig.claim), source)}"
        )
    return lines


def render_incidents_text(
    incidents: Sequence[Incident],
    *,
    articles: Mapping[str, Article] | None = None,
    title: str = "Situation report: incidents",
) -> str:
    """A plain-text report of fused incidents: one block per incident with its reports and figure histories.

    ``articles`` (id -> Article) lets the report name the sources and titles of supporting reports; without
    it, article and external ids are shown.
    """
    known = articles or {}
    lines: list[str] = [title.upper(), _RULE, f"Incidents: {len(incidents)}"]
    reports = {a for inc in incidents for a in inc.article_ids}
    lines.append(f"Supporting reports: {len(reports)}")
    ordered = sorted(incidents, key=lambda i: (i.date_start or dt.date.max, i.id))
    for inc in ordered:
        lines += ["", _SUBRULE]
        lines.append(f"{_date_text(inc.date_start, inc.date_end)}  {inc.event_type} / {inc.sub_event_type}  [{inc.id}]")
        lines.append(f"    where:   {_place_text(inc.place)}")
        lines.append(f"    who:     {_actors_text(inc.actors)}")
        lines.append(f"    reports: {len(inc.article_ids)}; events: {len(inc.event_ids)}")
        unnamed = [aid for aid in inc.article_ids if aid not in known]
        if unnamed:
            ids = ", ".join(inc.external_ids) if inc.external_ids else f"{len(unnamed)} without metadata"
            lines.append(f"        - reports: {ids}")
        for aid in inc.article_ids:
            art = known.get(aid)
            if art is None:
                continue
            when = art.published.isoformat() if art.published else "undated"
            label = " ".join(x for x in (art.source, when, _quote(art.title or "", 90) if art.title else "") if x)
            ext = f" [{art.external_id}]" if art.external_id else ""
            lines.append(f"        - {label}{ext}")
        if inc.figures:
            lines.append("    figures:")
            for history in inc.figures:
                lines.extend(_history_lines(history, known))
    if not incidents:
        lines += ["", "No incidents."]
    return "\n".join(lines) + "\n"
