"""Fusion: events from many reports -> incidents, with lineage and figure histories.

Pure functions only (the ledger does the storage): :mod:`.profile` reads events into comparable
profiles, :mod:`.blocking` says which incidents are candidates, :mod:`.scoring` weighs the evidence,
:mod:`.merge` folds an event into an incident and :mod:`.history` keeps every toll revision and picks
the current value by documented ACLED and UCDP rules. For a batch of reports, :mod:`.decide` plans it
and decides for each report (stored already, copy, near copy, its events, orphans), :mod:`.join` decides
for each event (found, join, bridge), and :mod:`.batch` holds what the batch changed until the ledger
writes it.
"""

from flashpoint.fuse.blocking import BlockingKeys, blocking_keys, types_compatible
from flashpoint.fuse.content import Story, is_followup, linked, read_story, report_profile, story_keys, story_names
from flashpoint.fuse.history import build_histories, current_claims
from flashpoint.fuse.merge import add_copies, add_event, add_report, found_incident, incident_id_for, merge_incidents
from flashpoint.fuse.profile import (
    EventProfile,
    IncidentProfile,
    absorb,
    anchored,
    attached,
    combine,
    new_profile,
    note_report,
    profile_event,
)
from flashpoint.fuse.scoring import (
    EarlyVeto,
    MatchOptions,
    MatchScore,
    best_match,
    content_bridge_conflict,
    content_match,
    incidents_conflict,
    rank_matches,
    score_match,
    vetoed_early,
)

NAME = "fuse"
VERSION = "0.4.1"

__all__ = [
    "NAME",
    "VERSION",
    "BlockingKeys",
    "EarlyVeto",
    "EventProfile",
    "IncidentProfile",
    "MatchOptions",
    "MatchScore",
    "Story",
    "absorb",
    "add_copies",
    "add_event",
    "add_report",
    "anchored",
    "attached",
    "best_match",
    "blocking_keys",
    "build_histories",
    "combine",
    "content_bridge_conflict",
    "content_match",
    "current_claims",
    "found_incident",
    "incident_id_for",
    "incidents_conflict",
    "is_followup",
    "linked",
    "merge_incidents",
    "new_profile",
    "note_report",
    "profile_event",
    "rank_matches",
    "read_story",
    "report_profile",
    "score_match",
    "story_keys",
    "story_names",
    "types_compatible",
    "vetoed_early",
]
