"""The name and version of backstride's "all data" export document (``Records.export_all``), for the
code that writes it (``services.records``), reads it back (``services.restore``) and maps it to FHIR
(``fhir.export``): one definition below all three layers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EXPORT_FORMAT = "backstride-export"
# 2: the document names its person (people were added); 3: everyday walking; 4: each diary entry's
# "tried" (the relief steps tried that day); 5: each check's "finished_at" (when it was finished);
# 6: each diary entry's "earlier_versions" (the versions a restore replaced); 7: each check's
# "walk_deleted" (the walk its result used, deleted since, and the gait factors its result had then);
# 8: walk_deleted's "result_before" (how soon to get help and the walking tolerance it went by then);
# 9: the person's "name", "birth_date", "gender", "mrn" and "mrn_system" (what a clinic matches by);
# 10: each check's "walks_deleted_before", the walks its result used before its "walk_deleted", deleted
# earlier, oldest first (a second deletion no longer hides the first); 11: each walk's "sent_via" and
# "sent_by" (who sent it: the interface, and the staff member signed in; null: not recorded), and each
# deletion note's "after" (what the check said right after it, kept when an answer changed before the next);
# 12: each check's "started_via" and "started_by" (who started it, as a walk's sender; null: not recorded);
# 13: each deletion note's "time_zone" (the name of the zone its walk was recorded in; null: not known)
EXPORT_FORMAT_VERSION = 13


def not_worked_out(check: Mapping[str, Any], screening: Mapping[str, Any] | None) -> str | None:
    """Why a check of the export has no level, or a level this version did not work out, in plain words
    for the tables and the FHIR export (a blank level reads like "nothing wrong"); None when its level
    is this version's or it is not finished. ``check``: one of the document's ``assessments``;
    ``screening``: ``services.interview.screening_state`` of its answers. A level stored before (the
    check's, else the one its note of a deleted walk kept) is named: a warning level is never hidden."""
    problem = (screening or {}).get("answers_problem")
    if problem:
        said = f"This version of backstride could not work this check out: {problem}."
        if check.get("disposition"):
            return f"{said} Its level ({check['disposition']}) is the one stored when it was last worked out."
        before = _level_before_deletion(check)
        if before:
            return f"{said} It has no level now; before the walk it used was deleted, it said: {before}."
        return f"{said} It has no level: none was stored."
    if check.get("result") is None and (screening or {}).get("complete"):
        said = "Finished, but its result was not worked out yet: open the check to see it."
        before = _level_before_deletion(check)  # its walk deleted, and a failure before it was worked out
        return f"{said} Before the walk it used was deleted, it said: {before}." if before else said
    return None


def _level_before_deletion(check: Mapping[str, Any]) -> str | None:
    """The level a check's note of its last deleted walk kept (``walk_deleted.result_before``), or None."""
    deleted = check.get("walk_deleted") or {}
    before = (deleted.get("result_before") or {}).get("disposition")
    return str(before) if before else None


__all__ = ["EXPORT_FORMAT", "EXPORT_FORMAT_VERSION", "not_worked_out"]
