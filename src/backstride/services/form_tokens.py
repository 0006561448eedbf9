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
(``Records.export_all`` writes only the person's height), and ``Records.delete_all`` keeps them without
counting them: the tokens of the walks and diary days it deletes, and the keys of restores into the
person whose records it deletes, marked (``forms_deleted``, ``records_deleted``) and kept 24 hours, so
the same form sent again is told so (``form_sent_after_delete``), a retry is a 409, and nothing
deleted is added or restored again.
The diary's forms keep their token with the entry
(``diary_entries.form_token``, migration 0017): a day may be added twice on purpose, so the token is
what tells; here a unique name, or a walk's duplicate key, already keeps the second out, and the token
only tells which answer to give.

The API's ``Idempotency-Key`` on ``POST /api/people``, ``/api/walks``, ``/api/diary``,
``/api/assessments``, ``/api/assessments/{id}/answers``, ``/api/assessments/{id}/back``,
``/api/import`` and ``/api/everyday`` (``IdempotencyKey``) is
kept the same way, under ``idempotency:`` and the key's sha256, with a fingerprint of the request, for
``IDEMPOTENCY_KEPT_FOR``: the same request sent again with it (a client retrying after a timeout) is
answered with what it added (``sent_before``); another request with it is refused naming the key.
Unlike a form's token, a key is kept strictly (``keep_idempotency_key``): two requests with it at the
same moment, the second's transaction fails on it and answers as the first."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backstride.core.errors import InputError
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
    _forget_older(session, FORM_TOKEN_PREFIX, FORM_SENT_TWICE_WITHIN, now)
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


def _forget_older(session: Session, prefix: str, kept_for: timedelta, now: datetime) -> None:
    """Forget the keys under ``prefix`` kept more than ``kept_for`` before ``now``, but those another
    transaction is forgetting now (never waited for)."""
    kept = session.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(prefix)))
    # a form's token marked as of records deleted since (``forms_deleted``) is kept as a key is
    old = [key for key, value in kept if not _recent(_at(value), now, _kept_for(value, kept_for))]
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


def _kept_for(value: Any, kept_for: timedelta) -> timedelta:
    """How long a kept token or key with ``value`` stays: a form's token whose record was deleted since
    (``forms_deleted``) as long as an API key, so the form sent again later is still refused."""
    marked = isinstance(value, dict) and RECORDS_DELETED in value
    return max(kept_for, IDEMPOTENCY_KEPT_FOR) if marked else kept_for


class FormSentAfterDeleteError(InputError):
    """A page's form sent again after what it added was deleted ("delete everything"): nothing is added
    again (409), and the person is told so in plain words."""


def forms_deleted(
    session: Session,
    walks: Mapping[int, str],
    diary_tokens: Mapping[str, tuple[int, datetime, str]],
    now: datetime,
) -> None:
    """Mark, in the caller's write transaction (``Records.delete_all``), the forms' tokens of the walks
    (id: the file's sha256) and diary days (the token: the day's id, when it was added and a sha256 of
    what it held, never the values themselves) deleted now: each is kept ``IDEMPOTENCY_KEPT_FOR`` from
    when it was used, so the same form sent again (the browser's "send again", a page left open) is
    ``form_sent_after_delete``'s refusal, never the walk or the day added back. A diary day's token is
    kept with the day (``diary_entries.form_token``): it is copied here, as the day goes."""
    marked = {RECORDS_DELETED: now.isoformat()}
    for row in session.scalars(select(Setting).where(Setting.key.startswith(FORM_TOKEN_PREFIX))):
        value = row.value
        if isinstance(value, dict) and value.get("what") == "walk" and value.get("id") in walks:
            row.value = value | {"sha256": walks[value["id"]]} | marked
    for sent, (entry_id, at, held) in diary_tokens.items():
        token = form_token_of(sent)
        if token is None or not _recent(at, now, IDEMPOTENCY_KEPT_FOR):
            continue
        value = {"what": "diary entry", "id": entry_id, "at": at.isoformat(), "held": held} | marked
        kept = session.get(Setting, FORM_TOKEN_PREFIX + token)
        if kept is not None:
            kept.value = value
        else:
            session.add(Setting(key=FORM_TOKEN_PREFIX + token, value=value))
    session.flush()


def form_sent_after_delete(session: Session, sent: Any, what: str, now: datetime, **held: Any) -> None:
    """Refuse (``FormSentAfterDeleteError``) the form ``sent`` when it added a ``what`` holding ``held``
    (a walk: its ``sha256``; a diary day: ``held``, its values) that was deleted since with all the
    records (``forms_deleted``), at most ``IDEMPOTENCY_KEPT_FOR`` before ``now``; else nothing."""
    token = form_token_of(sent)
    row = None if token is None else session.get(Setting, FORM_TOKEN_PREFIX + token)
    value = None if row is None else row.value
    if not isinstance(value, dict) or RECORDS_DELETED not in value or value.get("what") != what:
        return
    if not _recent(_at(value), now, IDEMPOTENCY_KEPT_FOR):
        return
    if any(value.get(name) != given for name, given in held.items()):
        return  # the same page with another file, or other values: a new one, added
    if what == "walk":
        said = (
            "This walk was sent from this page before, and since then all the records were deleted. "
            "So it was not saved again. If you want it back, choose the file and send it from this page."
        )
    else:
        said = (
            "This day was saved from this page before, and since then all the records were deleted. "
            "So it was not saved again. If you want it back, press Save on this page."
        )
    raise FormSentAfterDeleteError(said)


def added_with_form(session: Session, sent: Any, what: str, now: datetime) -> int | None:
    """The id of the ``what`` the form ``sent`` added at most ``FORM_SENT_TWICE_WITHIN`` before ``now``;
    else None (another form, none, or sent again later)."""
    token = form_token_of(sent)
    row = None if token is None else session.get(Setting, FORM_TOKEN_PREFIX + token)
    if row is None or not isinstance(row.value, dict) or row.value.get("what") != what:
        return None
    at, record_id = _at(row.value), row.value.get("id")
    return record_id if _recent(at, now) and isinstance(record_id, int) else None


# ------------------------------------------------------------------ the API's Idempotency-Key

# kept as ``idempotency:<sha256 of the key>`` (the key as sent is never stored), the value
# ``{"what": "person", "id": 7, "request": <sha256 of what was asked>, "at": ...}``; a client retries
# within seconds or minutes, and a day (as other APIs keep theirs) covers a night's batch sent again
IDEMPOTENCY_PREFIX = "idempotency:"
IDEMPOTENCY_KEPT_FOR = timedelta(hours=24)
IDEMPOTENCY_KEY_MAX = 64


class IdempotencyKeyReusedError(InputError):
    """The ``Idempotency-Key`` was sent before with another request: nothing is done (422)."""


class IdempotencyKeyGoneError(InputError):
    """What the ``Idempotency-Key`` added was deleted since: nothing is added again (409)."""


@dataclass(frozen=True)
class IdempotencyKey:
    """An API request's ``Idempotency-Key`` and a fingerprint of what the request asked for."""

    key: str
    request: str

    @classmethod
    def of(cls, key: str | None, what: str, *asked: Any) -> IdempotencyKey | None:
        """The key sent with a request for ``what`` that asked ``asked`` (None: no key sent). An
        empty key or one longer than ``IDEMPOTENCY_KEY_MAX`` is an ``InputError`` naming it."""
        if key is None:
            return None
        if not key.strip() or len(key) > IDEMPOTENCY_KEY_MAX:
            raise InputError(
                f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} characters, got {len(key)}; "
                "nothing was stored"
            )
        said = json.dumps([what, *asked], sort_keys=True, default=str, ensure_ascii=False)
        return cls(key, hashlib.sha256(said.encode()).hexdigest())

    @property
    def stored_as(self) -> str:
        return IDEMPOTENCY_PREFIX + hashlib.sha256(self.key.encode()).hexdigest()


def sent_before(session: Session, sent: IdempotencyKey | None, what: str, now: datetime) -> int | None:
    """The id of the ``what`` that ``sent``'s key added with the same request at most
    ``IDEMPOTENCY_KEPT_FOR`` before ``now``; None when the key is new (or none was sent). The key kept
    with another request is an ``IdempotencyKeyReusedError`` naming it."""
    row = None if sent is None else session.get(Setting, sent.stored_as)
    if sent is None or row is None or not isinstance(row.value, dict):
        return None
    if not _recent(_at(row.value), now, IDEMPOTENCY_KEPT_FOR):
        return None  # forgotten: the next key kept removes it
    record_id = row.value.get("id")
    if (
        row.value.get("request") != sent.request
        or row.value.get("what") != what
        or not isinstance(record_id, int)
    ):
        raise reused(sent)
    return record_id


def reused(sent: IdempotencyKey) -> IdempotencyKeyReusedError:
    """What to raise when ``sent``'s key was kept with another request."""
    return IdempotencyKeyReusedError(
        f"Idempotency-Key {sent.key!r} was sent before with another request; nothing was done. "
        "Use a new key for each new request"
    )


def answer_sent_before(session: Session, sent: IdempotencyKey | None, what: str, now: datetime) -> Any:
    """The answer kept with ``sent``'s key (``keep_idempotency_key``'s ``answer``) when it was sent
    with the same request (``sent_before``); None when the key is new, none was sent or none was kept."""
    if sent is None or sent_before(session, sent, what, now) is None:
        return None
    row = session.get(Setting, sent.stored_as)
    return None if row is None else row.value.get("answer")


def added_gone(
    sent: IdempotencyKey, what: str, record_id: int, *, records_deleted: bool = False
) -> IdempotencyKeyGoneError:
    """What to raise when the ``what`` ``record_id`` that ``sent``'s key added is not there any more
    (``answers``: the check it answered; ``records_deleted``: a restore's person is there, their records
    were all deleted since)."""
    if what == "everyday":
        whose = "whose records were all deleted since" if records_deleted else "who was deleted since"
        said = (
            f"brought everyday walking into the records of person {record_id}, {whose}; nothing was "
            "brought in again. Send it with a new key to bring it in again"
        )
    elif what == "restore" and records_deleted:
        said = (
            f"restored a backup into the records of person {record_id}, whose records were all deleted "
            "since; nothing was restored again. Send it with a new key to restore it again"
        )
    elif what == "restore":
        said = (
            f"restored a backup into the records of person {record_id}, who was deleted since; nothing "
            "was restored again. Send it with a new key to restore it again"
        )
    elif what == "back":
        said = (
            f"took a step back on check {record_id}, which was deleted since; nothing was done. Start a "
            "new check to answer it again"
        )
    elif what == "answers":
        said = (
            f"answered check {record_id}, which was deleted since; nothing was stored. Start a new "
            "check to answer it again"
        )
    else:
        said = (
            f"added {what} {record_id}, which was deleted since; nothing was added again. Send it with "
            "a new key to add it again"
        )
    return IdempotencyKeyGoneError(f"Idempotency-Key {sent.key!r} {said}")


# kept with a restore's key when all the records of the person it restored into were deleted since
# (``Records.delete_all`` with other people in the database: the keys stay, not the person's records)
RECORDS_DELETED = "records_deleted_at"


def records_deleted(session: Session, person_id: int | None, now: datetime) -> list[str]:
    """Mark the keys of the restores and everyday imports into ``person_id`` as of records all deleted
    at ``now``, in the caller's write transaction, and give them (as stored): the answer kept with each
    goes (it said what was added, and whose), and its retry is ``added_gone``'s error, never "1 diary
    entry added" of records no longer there, nor a restore or an import of them again."""
    marked: list[str] = []
    if person_id is None:
        return marked
    for row in session.scalars(select(Setting).where(Setting.key.startswith(IDEMPOTENCY_PREFIX))):
        value = row.value
        kept_answer = isinstance(value, dict) and value.get("what") in ("restore", "everyday")
        if kept_answer and value.get("id") == person_id:
            row.value = {k: v for k, v in value.items() if k != "answer"} | {RECORDS_DELETED: now.isoformat()}
            marked.append(row.key)
    return marked


def row_sent_before(
    session: Session, sent: IdempotencyKey | None, what: str, model: type[Any], now: datetime
) -> Any | None:
    """The ``model`` row that ``sent``'s key added with the same request (``sent_before``); None when the
    key is new or none was sent; the row deleted since: ``added_gone``'s error."""
    record_id = None if sent is None else sent_before(session, sent, what, now)
    if sent is None or record_id is None:
        return None
    row = session.get(model, record_id)
    kept = session.get(Setting, sent.stored_as)
    if row is None or (kept is not None and RECORDS_DELETED in kept.value):
        raise added_gone(sent, what, record_id, records_deleted=row is not None)
    return row


def keep_idempotency_key(
    session: Session,
    sent: IdempotencyKey | None,
    what: str,
    record_id: int,
    now: datetime,
    *,
    answer: Any = None,
) -> None:
    """Keep that ``sent``'s key added ``what`` ``record_id`` at ``now``, in the caller's write
    transaction, and forget the keys older than ``IDEMPOTENCY_KEPT_FOR``. The same key kept meanwhile by
    another request is an ``IntegrityError`` at the commit: nothing of this one is kept, and the caller
    answers as that one (``sent_before``). ``answer``: JSON the request answered, kept with the key when
    the record alone cannot give it again (a restore's counts: ``answer_sent_before``)."""
    if sent is None:
        return
    _forget_older(session, IDEMPOTENCY_PREFIX, IDEMPOTENCY_KEPT_FOR, now)
    value = {"what": what, "id": int(record_id), "request": sent.request, "at": now.isoformat()}
    if answer is not None:
        value["answer"] = answer
    row = session.get(Setting, sent.stored_as)
    if row is not None and _recent(_at(row.value), now, IDEMPOTENCY_KEPT_FOR):
        # kept meanwhile by the same request sent at the same moment, whose commit came before this
        # look (so no unique key stops this one): never overwritten, or both would add; answered as it
        raise IntegrityError("idempotency key kept meanwhile", None, Exception(sent.stored_as))
    if row is not None:  # kept over a day ago, and not forgotten yet (another add was forgetting it)
        row.value = value
    else:
        session.add(Setting(key=sent.stored_as, value=value))
    session.flush()


def _recent(at: datetime | None, now: datetime, kept_for: timedelta = FORM_SENT_TWICE_WITHIN) -> bool:
    """Kept at most ``kept_for`` before ``now`` (or after it: another worker's clock)."""
    return at is not None and now - at <= kept_for


def _at(value: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(value["at"])
    except (TypeError, KeyError, ValueError):
        return None
    return at if at.tzinfo is not None else None


__all__ = [
    "FORM_SENT_TWICE_WITHIN",
    "FORM_TOKEN_PREFIX",
    "FormSentAfterDeleteError",
    "IDEMPOTENCY_KEPT_FOR",
    "IDEMPOTENCY_KEY_MAX",
    "IDEMPOTENCY_PREFIX",
    "IdempotencyKey",
    "IdempotencyKeyGoneError",
    "IdempotencyKeyReusedError",
    "RECORDS_DELETED",
    "added_with_form",
    "form_token_of",
    "form_sent_after_delete",
    "forms_deleted",
    "added_gone",
    "answer_sent_before",
    "keep_form_token",
    "keep_idempotency_key",
    "new_form_token",
    "records_deleted",
    "reused",
    "row_sent_before",
    "sent_before",
]
