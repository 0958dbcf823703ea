"""The list items of the web API: an incident as ``GET /api/incidents`` lists it, a figure history's head.

Reads :class:`~flashpoint.records.Incident` and :class:`~flashpoint.records.FigureHistory` records; writes
JSON-ready dicts. Pure layout, like :func:`flashpoint.export.sitrep.event_json` (the events list's item): the
store writes these items when an incident or event is written (``store.summary``), so a list page is one read
of ready JSON, and the web layer lays out the same records with the same functions when it reads records.
Changing a layout here needs a migration that rewrites the stored items (as ``0007`` wrote them).
"""

from __future__ import annotations

from typing import Any

from flashpoint.export.fields import place_json
from flashpoint.records import FigureHistory, FigureKind, Incident

NAME = "items"
VERSION = "0.1.0"


def history_head(history: FigureHistory) -> dict[str, Any]:
    """A figure history without its revisions: current ACLED and UCDP values, the rule that chose them."""
    return {
        "kind": history.kind.value,
        "victims": history.victims,
        "acled_value": history.acled_value,
        "ucdp_low": history.ucdp_low,
        "ucdp_best": history.ucdp_best,
        "ucdp_high": history.ucdp_high,
        "rule": history.rule,
        "revision_count": len(history.revisions),
        "revisions": None,  # as the response model (HistoryOut) sends an unlisted history
    }


def incident_item(incident: Incident, certainty: str | None) -> dict[str, Any]:
    """An incident as the lists send it: when, what, where, who, how many, how sure (``certainty``: the firmest
    of its events', given because the record does not hold it)."""
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date_start": incident.date_start.isoformat() if incident.date_start else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "place": place_json(incident.place),
        "actors": [{"name": a.name, "inter": a.inter, "role": a.role} for a in incident.actors],
        "reports": len(incident.article_ids),
        "article_ids": list(incident.article_ids),
        "external_ids": list(incident.external_ids),
        "event_ids": list(incident.event_ids),
        "certainty": certainty,
        "fatalities": sum(h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED),
        "figures": [history_head(h) for h in incident.figures],
    }


__all__ = ["history_head", "incident_item"]
