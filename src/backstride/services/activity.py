"""What was done to the records, for a clinic to account for changes (the ``events`` table).

A line is written, in the same transaction as the change, when a person is added, changed or
deleted, when all of someone's records are deleted, restored from a file or downloaded, when the
password is set or cleared, and when a staff member is added or removed or their password changed.
It says when, what, whose (id and label, kept after the person is deleted), who (the staff member
signed in, by name, kept after they are removed), through which interface and from which network
address; never what the records say.
Opening pages and reading records are not written down.

Who acts is not an argument of every use case: the interface says it once per request or command
(``core.acting``), and ``note`` reads it. Code that calls the services directly is ``python``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backstride.core.acting import current_actor
from backstride.core.errors import InputError
from backstride.storage.db import Database
from backstride.storage.models import ID_LIMIT, Event, stored_time

# action code -> what it means, in plain words (the Activity page, the command line, the API)
ACTIONS = {
    "person_added": "Added a person",
    "person_changed": "Changed a person's name, height or details",
    "person_deleted": "Deleted a person and all their records",
    "records_deleted": "Deleted all records",
    "records_restored": "Restored records from a file",
    "records_downloaded": "Downloaded all records",
    "table_downloaded": "Downloaded one table of the records",
    "everyday_imported": "Imported everyday walking from Apple Health",
    "report_downloaded": "Downloaded the report for a clinician",
    "walk_deleted": "Deleted a walk",
    "password_set": "Set the password",
    "password_cleared": "Cleared the password",
    "staff_added": "Added a staff member",
    # its own action, not words after the name: a member may be called "Eve, an admin"
    "staff_added_admin": "Added a staff member who is an admin",
    "staff_removed": "Removed a staff member",
    "staff_password_changed": "Changed a staff member's password",
    "staff_own_password_changed": "Changed their own password",
    "staff_admin_given": "Made a staff member an admin",
    "staff_admin_taken": "Made a staff member no longer an admin",
}
LIST_LIMIT_MAX = 1000
# interface (core.acting.VIA) -> how it was done, in plain words
VIA_WORDS = {
    "page": "on a page",
    "API": "through the API",
    "command line": "at the command line",
    "python": "by a Python program",
}


def note(
    session: Session,
    action: str,
    *,
    at: datetime | None = None,
    person_id: int | None = None,
    person_label: str | None = None,
    detail: str = "",
) -> None:
    """Write one line in ``session`` (so it is kept exactly when the change is)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown activity {action!r}")  # a mistake in backstride, not in input
    actor = current_actor()
    session.add(
        Event(
            at=(at or datetime.now(UTC)).astimezone(UTC),
            action=action,
            person_id=person_id,
            person_label=person_label,
            detail=detail,
            via=actor.via,
            client=actor.client,
            staff_name=actor.staff,
        )
    )


def forget_all(session: Session) -> int:
    """Delete every line (a home install's "delete all my data", with nobody else kept); how many."""
    return int(session.execute(delete(Event)).rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class EventView:
    id: int
    at: datetime
    action: str
    what: str
    person_id: int | None
    person_label: str | None
    detail: str
    via: str
    client: str | None
    staff_name: str | None

    @property
    def who(self) -> str:
        """Who did it and how, in plain words: "Dr Lee, on a page, from 10.0.0.5"; without a name (the
        shared password, the command line) the interface and the address only."""
        how = VIA_WORDS.get(self.via, self.via)
        return ", ".join(
            part for part in (self.staff_name, how, self.client and f"from {self.client}") if part
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "action": self.action,
            "what": self.what,
            "person_id": self.person_id,
            "person_label": self.person_label,
            "detail": self.detail,
            "via": self.via,
            "client": self.client,
            "staff_name": self.staff_name,
            "who": self.who,
        }


class Activity:
    """The lines of one ``Database``, newest first."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, *, limit: Any = 100, before: Any = None) -> list[EventView]:
        """At most ``limit`` lines (1 to ``LIST_LIMIT_MAX``), newest first; ``before``: only lines with
        a smaller id (the next page)."""
        limit = _whole(limit, "limit", 1, LIST_LIMIT_MAX)
        query = select(Event).order_by(Event.id.desc()).limit(limit)
        if before is not None and _whole(before, "before", 1, 2**63 - 1) < ID_LIMIT:  # else: every id is less
            query = query.where(Event.id < before)
        with self.db.session() as session:
            return [
                EventView(
                    id=e.id,
                    at=stored_time(e.at),
                    action=e.action,
                    what=_what(e.action, e.detail),
                    person_id=e.person_id,
                    person_label=e.person_label,
                    detail=e.detail,
                    via=e.via,
                    client=e.client,
                    staff_name=e.staff_name,
                )
                for e in session.scalars(query)
            ]


def _what(action: str, detail: str) -> str:
    """An action in plain words; a line written before one table had its own action ("Downloaded
    all records" with "as a CSV table of diary") says what was downloaded too."""
    if action == "records_downloaded" and detail.startswith("as a CSV table of "):
        action = "table_downloaded"
    return ACTIONS.get(action, action)


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


__all__ = ["ACTIONS", "Activity", "EventView", "forget_all", "note"]
