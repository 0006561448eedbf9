"""One-time tokens of the pages' forms that add a person, a staff member or a walk: a form sent twice
(a double click on its button) is answered the second time as it was the first, never with "already
there" (a 422 or 409 for something the first just saved).

Each such form carries a token made when the page is drawn (``new_form_token``). What the form added
keeps it here, in the app's settings table, in the same write transaction: the key ``form_token:`` and
the token, the value ``{"what": "person", "id": 7, "at": "2026-11-28T06:40:00+00:00"}``. When the same
form comes back and what it asks for is there already, its service asks ``added_with_form``: the
record the form added, if it did so at most ``FORM_SENT_TWICE_WITHIN`` before, else None (then the
answer is today's). Each keeping forgets the tokens older than that, so the table holds a few.

No migration: the settings table is the app's key/value store; it is never exported or backed up
(``Records.export_all`` writes only the person's height), and ``Records.delete_all`` removes these
with the app's settings without counting them. The diary's forms keep their token with the entry
(``diary_entries.form_token``, migration 0017): a day may be added twice on purpose, so the token is
what tells; here a unique name, or a walk's duplicate key, already keeps the second out, and the token
only tells which answer to give."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backstride.storage.models import Setting

FORM_TOKEN_PREFIX = "form_token:"
# a double click, or a page sent again at once; a form sent again later is answered as today
FORM_SENT_TWICE_WITHIN = timedelta(minutes=10)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_form_token() -> str:
    """A new form's one-time token (32 characters, URL-safe)."""
    return secrets.token_urlsafe(24)


def form_token_of(sent: Any) -> str | None:
    """The token a form sent, when it is one this app could have made (else None: nothing kept)."""
    token = sent.strip() if isinstance(sent, str) else ""
    return token if _TOKEN.fullmatch(token) else None


def keep_form_token(session: Session, sent: Any, what: str, record_id: int, now: datetime) -> None:
    """Keep that the form ``sent`` added ``what`` ``record_id`` at ``now``, in the caller's write
    transaction, and forget the tokens older than ``FORM_SENT_TWICE_WITHIN`` (but those another
    transaction is forgetting now: never waited for). A token already kept (the
    same form changed and sent again) is given the newer record."""
    token = form_token_of(sent)
    if token is None:
        return
    kept = session.execute(
        select(Setting.key, Setting.value).where(Setting.key.startswith(FORM_TOKEN_PREFIX))
    )
    old = [key for key, value in kept if not _recent(_at(value), now)]
    if old:
        # on PostgreSQL, only those no other transaction holds (another add forgetting the same ones: it
        # deletes them), locked in one order: an add never waits for another's, nor deadlocks with it
        # (two plain DELETEs took the rows' locks in their scans' orders); SQLite writes one at a time
        free = session.scalars(
            select(Setting.key)
            .where(Setting.key.in_(old))
            .order_by(Setting.key)
            .with_for_update(skip_locked=True)
        ).all()
        if free:
            session.execute(delete(Setting).where(Setting.key.in_(free)))
    value = {"what": what, "id": int(record_id), "at": now.isoformat()}
    row = session.get(Setting, FORM_TOKEN_PREFIX + token)
    if row is not None:
        row.value = value
        return
    try:
        with session.begin_nested():
            session.add(Setting(key=FORM_TOKEN_PREFIX + token, value=value))
    except IntegrityError:  # the same token kept meanwhile by another request: the record stays
        pass


def added_with_form(session: Session, sent: Any, what: str, now: datetime) -> int | None:
    """The id of the ``what`` the form ``sent`` added at most ``FORM_SENT_TWICE_WITHIN`` before ``now``;
    else None (another form, none, or sent again later)."""
    token = form_token_of(sent)
    row = None if token is None else session.get(Setting, FORM_TOKEN_PREFIX + token)
    if row is None or not isinstance(row.value, dict) or row.value.get("what") != what:
        return None
    at, record_id = _at(row.value), row.value.get("id")
    return record_id if _recent(at, now) and isinstance(record_id, int) else None


def _recent(at: datetime | None, now: datetime) -> bool:
    """Kept at most ``FORM_SENT_TWICE_WITHIN`` before ``now`` (or after it: another worker's clock)."""
    return at is not None and now - at <= FORM_SENT_TWICE_WITHIN


def _at(value: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(value["at"])
    except (TypeError, KeyError, ValueError):
        return None
    return at if at.tzinfo is not None else None


__all__ = [
    "FORM_SENT_TWICE_WITHIN",
    "FORM_TOKEN_PREFIX",
    "added_with_form",
    "form_token_of",
    "keep_form_token",
    "new_form_token",
]
