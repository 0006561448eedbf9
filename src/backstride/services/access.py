"""Sign-in for a web app that other computers can reach (a clinic): a shared password for the app,
and each staff member's own name and password.

At home the app listens on 127.0.0.1 only and needs no password. A clinic that serves it on its
network sets a shared password (``backstride password set``), adds its staff (``backstride staff
add NAME``), or both; from then on every page and API call needs a sign-in: pages through a sign-in
page and a session cookie, scripts through HTTP Basic authentication (user name: the staff member's
name, or none for the shared password). Signed in as staff, what is done is written down with their
name (``core.acting``, ``services.activity``).

The shared password is kept in the app-wide ``settings`` table, the staff in the ``staff`` table;
neither is ever in an export, restored from a file or deleted with a person's data. Each password is
a scrypt hash (``hashlib.scrypt``, a random 16-byte salt, n=2**14, r=8, p=1, the parameters OWASP
lists for scrypt). A random secret (in ``settings``) signs session cookies: HMAC-SHA256 of when the
session began, and for a staff member of their id and their password's hash too, so removing them or
changing their password ends their sessions. A new shared password (or clearing it) makes a new
secret, so everyone signed in is signed out.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backstride.core.errors import (
    InputError,
    NotAllowedError,
    NotFoundError,
    StorageError,
    TooManyGuessesError,
)
from backstride.core.names import cleaned_name as _cleaned
from backstride.core.names import name_key
from backstride.services.activity import note
from backstride.services.form_tokens import added_with_form, keep_form_token
from backstride.storage.db import Database
from backstride.storage.models import Setting, Staff, stored_time

PASSWORD_KEY = "access.password_scrypt"
SECRET_KEY = "access.session_secret"
# A new random token is written here with every change of the sign-in state (the shared password, the
# staff), in the change's own transaction: a running server reads it on every request (one row by its
# key, much cheaper than the whole state) and reads the whole state again when it differs, so a password
# set by the command line (another process) is needed from the server's very next request
VERSION_KEY = "access.version"
VERSION_SQL = f"SELECT value FROM settings WHERE key = '{VERSION_KEY}'"  # read as the driver gives it
ACCESS_KEYS = (PASSWORD_KEY, SECRET_KEY, VERSION_KEY)  # never exported, restored or deleted with data
PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 1024  # scrypt hashes any length; a megabyte "password" is a mistake or an attack
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024  # n=2**14, r=8 needs 16 MB; OpenSSL's default cap is 32 MB
SESSION_HOURS = 12  # a working day; then sign in again
# Guessing: each check of a new password costs ~50 ms of CPU and 16 MB (scrypt, on purpose). At most
# SCRYPT_AT_ONCE run at once. Wrong passwords are counted per computer (the client's address) and per
# name tried (the shared password is one name): after WRONG_PER_CLIENT_PER_MINUTE from one computer in
# a minute, that computer waits until the oldest is a minute old; after WRONG_PER_NAME_PER_MINUTE for one
# name from computers that have not signed in here lately (guesses spread over many addresses), those
# computers wait too. A guesser so slows down only itself and the name it guesses at, never everyone:
# a computer that signed in within KNOWN_COMPUTER_DAYS is never held back by others' guesses at a name, and
# a password already checked in this server still works.
SCRYPT_AT_ONCE = 2
WRONG_PER_CLIENT_PER_MINUTE = 10
WRONG_PER_NAME_PER_MINUTE = 30
# A computer that signed in this lately is the clinic's own: not held back by guesses at a name. Not
# SESSION_HOURS: the first sign-in of each day comes more than 12 hours after the last (judgement)
KNOWN_COMPUTER_DAYS = 30
GUESS_WINDOW_S = 60.0
GUESS_KEYS_MAX = 10_000  # computers and names counted at once (a guesser's made-up names end here)
SHARED_TRIES = "\nshared"  # the shared password's count among the names (no name holds a line break)
# The whole sign-in state is read again at least this often even when VERSION_KEY has not changed: a change
# made without a new token (an older backstride run on the same database, an edit by hand) reaches a
# running server this fast; a change made by this version reaches it on the next request
SETTINGS_TTL_S = 2.0
NAME_MAX_CHARS = 80
_UNKNOWN_NAME_SALT = secrets.token_bytes(16)  # a wrong name costs one scrypt too: its time tells nothing


@dataclass(frozen=True)
class SignedIn:
    """Who a sign-in (or a session) is: a staff member (``staff_id``, ``name``), or, with both None,
    whoever knows the shared password."""

    staff_id: int | None = None
    name: str | None = None
    is_admin: bool = False  # may manage the staff (read afresh with every request)
    # the hash of the password a sign-in just checked: ``new_session`` makes a session only while it is
    # still the password (None: no password was checked just now)
    checked: str | None = field(default=None, compare=False, repr=False)


SHARED = SignedIn()  # signed in with the shared password: no name


@dataclass(frozen=True)
class StaffMember:
    """A staff member as listed: never their password's hash."""

    id: int
    name: str
    created_at: datetime
    is_admin: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "admin": self.is_admin,
        }


@dataclass(frozen=True)
class _Account:
    id: int
    name: str
    key: str
    password: dict[str, Any]
    is_admin: bool = False

    def signed_in(self) -> SignedIn:
        return SignedIn(self.id, self.name, self.is_admin)


@dataclass(frozen=True)
class _Stored:
    password: dict[str, Any] | None
    secret: str | None
    staff: tuple[_Account, ...] = ()
    version: Any = field(default=None, compare=False)  # VERSION_KEY's token when read (None: none yet)

    @property
    def required(self) -> bool:
        return self.password is not None or bool(self.staff)

    def named(self, name: str) -> _Account | None:
        key = name_key(name)
        return next((a for a in self.staff if a.key == key), None)

    def numbered(self, staff_id: int) -> _Account | None:
        return next((a for a in self.staff if a.id == staff_id), None)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=32)


def _hashed(password: str) -> dict[str, Any]:
    """``password``'s scrypt hash with a new salt, and the parameters to check it with."""
    salt = secrets.token_bytes(16)
    hashed = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {"salt": salt.hex(), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "hash": hashed.hex()}


def checked_password(password: Any) -> str:
    """A password the app may be given (``InputError`` naming the problem otherwise)."""
    if not isinstance(password, str):
        raise InputError("the password must be text")
    if len(password) < PASSWORD_MIN_CHARS:
        n = len(password)
        raise InputError(
            f"the password is {n} character{'' if n == 1 else 's'} long; use at least {PASSWORD_MIN_CHARS} "
            "(a few words you remember are easy to type and hard to guess)"
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise InputError(f"the password is longer than {PASSWORD_MAX_CHARS} characters")
    return password


def checked_name(name: Any) -> str:
    """A staff member's name as kept (spaces trimmed and joined), else ``InputError`` naming the problem."""
    if not isinstance(name, str):
        raise InputError("the name must be text, for example Dr Lee")
    cleaned = _cleaned(name)
    if not cleaned:
        raise InputError("the name is empty; type the staff member's name, for example Dr Lee")
    if len(cleaned) > NAME_MAX_CHARS:
        raise InputError(f"the name is {len(cleaned)} characters long; use at most {NAME_MAX_CHARS}")
    if not cleaned.isprintable():
        raise InputError(
            "the name holds a character that cannot be seen (a control or formatting character); "
            "use letters, digits, spaces and punctuation"
        )
    if ":" in cleaned:
        raise InputError(
            "the name holds ':'; leave it out (scripts send the name and password as NAME:PASSWORD)"
        )
    return cleaned


def name_taken(name: str) -> InputError:
    """The refusal of a name a staff member has already (``name``: theirs, as kept)."""
    return InputError(
        f"there is already a staff member called {name!r}; "
        "give each a name of their own (capital letters do not count as a difference)"
    )


def _member(row: Staff) -> StaffMember:
    return StaffMember(
        id=row.id, name=row.name, created_at=stored_time(row.created_at), is_admin=bool(row.is_admin)
    )


class WrongTries:
    """The wrong passwords of the last minute, per computer and per name tried (see the module's
    constants): ``check`` before a new password is checked, then ``wrong`` or ``right``. Not locked:
    ``Access`` calls it under its own lock."""

    def __init__(self, ticks: Callable[[], float] = time.monotonic) -> None:
        self.ticks = ticks
        self.by_client: dict[str, deque[float]] = {}
        self.by_name: dict[str, deque[float]] = {}
        self.signed_in_at: dict[str, float] = {}  # computer -> when it last signed in (ticks)

    def check(self, client: str | None, tried: str | tuple[str, ...]) -> None:
        """``TooManyGuessesError`` naming how long to wait when ``client`` has given too many wrong
        passwords in the last minute, or ``tried`` (a name, or several counted together) has had too
        many from computers that have not signed in here within KNOWN_COMPUTER_DAYS."""
        now, client = self.ticks(), client or ""
        wait = _wait(self.by_client, client, WRONG_PER_CLIENT_PER_MINUTE, now)
        if wait:
            raise TooManyGuessesError(
                f"too many wrong passwords were tried from this computer in the last minute; please wait "
                f"{_seconds(wait)}, then try again (this slows down anyone guessing)",
                wait_s=wait,
            )
        signed_in = self.signed_in_at.get(client)
        if signed_in is not None and now - signed_in <= KNOWN_COMPUTER_DAYS * 86400:
            return  # a computer that signed in lately: others' guesses at a name never hold it back
        wait, key = max(
            (_wait(self.by_name, key, WRONG_PER_NAME_PER_MINUTE, now), key) for key in _keys(tried)
        )
        if wait:
            what = "the shared password" if key == SHARED_TRIES else "this name"
            raise TooManyGuessesError(
                f"too many wrong passwords were tried for {what} in the last minute; please wait "
                f"{_seconds(wait)}, then try again (this slows down anyone guessing; a computer that "
                f"signed in here in the last {KNOWN_COMPUTER_DAYS} days is not held back)",
                wait_s=wait,
            )

    def wrong(self, client: str | None, tried: str | tuple[str, ...]) -> None:
        now = self.ticks()
        for table, key in ((self.by_client, client or ""), *((self.by_name, key) for key in _keys(tried))):
            if key not in table and len(table) >= GUESS_KEYS_MAX:
                for old in [k for k, times in table.items() if now - times[-1] > GUESS_WINDOW_S]:
                    del table[old]
                while len(table) >= GUESS_KEYS_MAX:  # all within the minute: the oldest counted goes
                    del table[next(iter(table))]
            table.setdefault(key, deque()).append(now)

    def right(self, client: str | None) -> None:
        self.signed_in_at[client or ""] = self.ticks()
        if len(self.signed_in_at) > GUESS_KEYS_MAX:
            del self.signed_in_at[next(iter(self.signed_in_at))]


def _wait(table: dict[str, deque[float]], key: str, limit: int, now: float) -> float:
    """Seconds until ``key`` may try again (0: now): its tries older than a minute are forgotten."""
    times = table.get(key)
    while times and now - times[0] > GUESS_WINDOW_S:
        times.popleft()
    if times is not None and not times:
        del table[key]
    if not times or len(times) < limit:
        return 0.0
    # it may hold more than ``limit`` (tries checked at once; a name's count holds the tries of
    # computers that signed in lately, which it never holds back): wait until all but limit - 1 are old
    return max(GUESS_WINDOW_S - (now - times[len(times) - limit]), 0.001)


def _keys(tried: str | tuple[str, ...]) -> tuple[str, ...]:
    return (tried,) if isinstance(tried, str) else tried


def _tried(name: str) -> str:
    """A name as its wrong tries are counted: a megabyte of made-up name is not kept."""
    return name_key(name)[: NAME_MAX_CHARS + 1]


def _seconds(wait: float) -> str:
    whole = max(1, math.ceil(wait))
    return "1 second" if whole == 1 else f"{whole} seconds"


class Access:
    """Whether the app needs a sign-in, checking one, and the staff who may sign in, for one ``Database``.

    ``clock`` gives seconds since the epoch (``time.time``); tests pass their own.
    """

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], float] = time.time,
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, _Stored] | None = None
        self._verified: set[bytes] = set()  # HMACs of passwords already checked (HTTP Basic, per call)
        self._hashing = threading.BoundedSemaphore(SCRYPT_AT_ONCE)
        self._tries = WrongTries(ticks)  # the last minute's wrong passwords (``ticks``: monotonic seconds)

    # -- stored state ------------------------------------------------------------------------

    def _fresh(self) -> _Stored | None:
        """What was read from the database less than SETTINGS_TTL_S ago, else None (as kept: not checked
        against the database's VERSION_KEY)."""
        with self._lock:
            if self._cached is not None and time.monotonic() - self._cached[0] < SETTINGS_TTL_S:
                return self._cached[1]
        return None

    def _stored(self) -> _Stored:
        """The sign-in state as it is in the database now: as kept when the database's VERSION_KEY is the
        token kept with it (one row read), else read whole (``StorageError`` when it cannot be)."""
        fresh = self._fresh()
        if fresh is not None and self.db.read_value(VERSION_SQL) == fresh.version:
            return fresh
        return self._read()

    def _read(self) -> _Stored:
        """The sign-in state read from the database now (``StorageError`` when it cannot be), kept."""
        now = time.monotonic()
        with self.db.session() as session:
            password = session.get(Setting, PASSWORD_KEY)
            secret = session.get(Setting, SECRET_KEY)
            version = _version(session)
            stored = _Stored(
                password=dict(password.value) if password is not None and password.value else None,
                secret=str(secret.value) if secret is not None and secret.value else None,
                staff=tuple(
                    _Account(
                        id=row.id,
                        name=row.name,
                        key=row.name_key,
                        password=dict(row.password_scrypt),
                        is_admin=bool(row.is_admin),
                    )
                    for row in session.scalars(select(Staff).order_by(Staff.id))
                ),
                version=version,
            )
        with self._lock:
            if self._cached is None or self._cached[1] != stored:
                self._verified.clear()
            self._cached = (now, stored)
        return stored

    def _forget(self) -> None:
        with self._lock:
            self._cached = None
            self._verified.clear()

    def required_and_session(self, token: str | None) -> tuple[bool, SignedIn | None]:
        """(``required``, who ``token`` is signed in as: ``session``), from one read of the sign-in state as
        it is in the database now (``_stored``): what a server asks on every request."""
        stored = self._stored()
        return stored.required, self._session(stored, token) if stored.required and token else None

    def required_when_last_read(self) -> bool | None:
        """``required`` as it was when last read from the database, however long ago; None if it never
        was (for when the database cannot be read now)."""
        with self._lock:
            last = self._cached
        return None if last is None else last[1].required

    def required_now(self) -> bool | None:
        """``required`` read from the database now, not as kept for SETTINGS_TTL_S (a password set by the
        command line meanwhile counts); None when it cannot be read."""
        try:
            stored = self._read()
        except StorageError:
            return None
        return stored.required

    @property
    def required(self) -> bool:
        """Whether a sign-in is needed (a shared password is set, or there is staff): then every page
        and API call needs it."""
        return self._stored().required

    @property
    def password_set(self) -> bool:
        """Whether a shared password is set."""
        return self._stored().password is not None

    @property
    def has_staff(self) -> bool:
        """Whether any staff member may sign in with their own name (the sign-in page asks for it)."""
        return bool(self._stored().staff)

    def set_password(self, password: Any) -> None:
        """Set (or change) the shared password; everyone signed in must sign in again."""
        hashed = _hashed(checked_password(password))
        with self.db.session(write=True) as session:
            for key, value in ((PASSWORD_KEY, hashed), (SECRET_KEY, secrets.token_hex(32))):
                _put(session, key, value)
            note(session, "password_set")
            _changed(session)
        self._forget()

    def clear(self) -> bool:
        """Remove the shared password; whether one was set. Everyone signed in must sign in again.
        Without staff the app is then open to whoever reaches it."""
        with self.db.session(write=True) as session:
            password = session.get(Setting, PASSWORD_KEY)
            if password is not None:
                session.delete(password)
                note(session, "password_cleared")
            staff_left = session.scalars(select(Staff.id).limit(1)).first() is not None
            secret = session.get(Setting, SECRET_KEY)
            if not staff_left and secret is not None:
                session.delete(secret)
            elif password is not None:  # staff's sessions end too, as with a new password
                _put(session, SECRET_KEY, secrets.token_hex(32))
            _changed(session)
        self._forget()
        return password is not None

    # -- staff ---------------------------------------------------------------------------------

    def staff(self) -> list[StaffMember]:
        """Every staff member, in the order they were added."""
        with self.db.session() as session:
            return [_member(row) for row in session.scalars(select(Staff).order_by(Staff.id))]

    def staff_member(self, name: Any) -> StaffMember:
        """The staff member called ``name`` (case ignored), else ``NotFoundError``."""
        with self.db.session() as session:
            return _member(_staff_row(session, name))

    def add_staff(
        self,
        name: Any,
        password: Any,
        *,
        admin: bool = False,
        by: int | None = None,
        form_token: str | None = None,
    ) -> StaffMember:
        """Add a staff member who signs in with ``name`` and their own ``password`` (``admin``: who
        may manage the staff on the Staff page; ``by``: see ``_still_admin``). ``form_token``: the Staff
        page's form's one-time token, kept with them (``services.form_tokens``, ``added_with_form``)."""
        name, password = checked_name(name), checked_password(password)
        hashed = _hashed(password)
        with self.db.session(write=True) as session:
            _still_admin(session, by)
            same = session.scalars(select(Staff).where(Staff.name_key == name_key(name))).first()
            if same is not None:
                raise name_taken(same.name)
            row = Staff(
                name=name,
                name_key=name_key(name),
                password_scrypt=hashed,
                created_at=datetime.now(UTC),
                is_admin=admin is True,
            )
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:  # added meanwhile by another command with the same name
                raise name_taken(name) from None
            if session.get(Setting, SECRET_KEY) is None:  # the first way in: sessions need a secret
                session.add(Setting(key=SECRET_KEY, value=secrets.token_hex(32)))
            note(session, "staff_added_admin" if admin is True else "staff_added", detail=name)
            _changed(session)
            session.flush()
            keep_form_token(session, form_token, "staff", row.id, datetime.now(UTC))
            added = _member(row)
        self._forget()
        return added

    def added_with_form(
        self, form_token: str | None, name: Any, password: Any, *, admin: bool = False
    ) -> StaffMember | None:
        """The staff member the form ``form_token`` added a short while ago (``services.form_tokens``)
        with this name, password and admin or not: the same form sent twice (a double click on Add), to
        be answered as the first was. None for another form, one sent again later, or other values (the
        page then says the name is taken, as for anyone else)."""
        if not isinstance(name, str) or not isinstance(password, str) or len(password) > PASSWORD_MAX_CHARS:
            return None
        with self.db.session() as session:
            staff_id = added_with_form(session, form_token, "staff", datetime.now(UTC))
            row = None if staff_id is None else session.get(Staff, staff_id)
            if row is None or row.name_key != name_key(_cleaned(name)) or row.is_admin != (admin is True):
                return None
            kept = row.password_scrypt
            try:
                given = _scrypt(password, bytes.fromhex(kept["salt"]), kept["n"], kept["r"], kept["p"])
            except (KeyError, TypeError, ValueError):
                return None
            return _member(row) if hmac.compare_digest(given.hex(), str(kept.get("hash"))) else None

    def staff_by_id(self, staff_id: int) -> StaffMember:
        """The staff member with id ``staff_id``, else ``NotFoundError``."""
        with self.db.session() as session:
            row = session.get(Staff, staff_id) if 0 < staff_id < 2**31 else None
            if row is None:
                raise NotFoundError(f"there is no staff member {staff_id}; they may have been removed")
            return _member(row)

    def set_staff_admin(self, name: Any, admin: bool, *, by: int | None = None) -> StaffMember:
        """Make a staff member an admin (``admin=True``: they may manage the staff on the Staff page)
        or no longer one. Takes effect on their next request; their sessions go on."""
        with self.db.session(write=True) as session:
            _still_admin(session, by)
            row = _staff_row(session, name)
            if bool(row.is_admin) != admin:
                row.is_admin = admin
                note(session, "staff_admin_given" if admin else "staff_admin_taken", detail=row.name)
                _changed(session)
            changed = _member(row)
        self._forget()
        return changed

    def remove_staff(self, name: Any, *, by: int | None = None) -> StaffMember:
        """Remove a staff member: their sessions end, and they can no longer sign in. Lines of the
        activity list keep their name."""
        with self.db.session(write=True) as session:
            _still_admin(session, by)
            row = _staff_row(session, name)
            removed = _member(row)
            session.delete(row)
            note(session, "staff_removed", detail=removed.name)
            _changed(session)
        self._forget()
        return removed

    def set_staff_password(
        self, name: Any, password: Any, *, own: bool = False, by: int | None = None
    ) -> StaffMember:
        """Change a staff member's password: their sessions end (they sign in again with the new one).
        ``own``: they changed it themselves (``change_own_password``), as the activity list says."""
        password = checked_password(password)
        hashed = _hashed(password)
        with self.db.session(write=True) as session:
            _still_admin(session, by)
            row = _staff_row(session, name)
            row.password_scrypt = hashed
            note(session, "staff_own_password_changed" if own else "staff_password_changed", detail=row.name)
            _changed(session)
            changed = _member(row)
        self._forget()
        return changed

    def change_own_password(
        self, name: Any, current: Any, new: Any, *, client: str | None = None
    ) -> SignedIn | None:
        """A signed-in staff member changes their own password: ``new`` is checked first (no guess
        counted for a short one), then ``current`` as a sign-in checks it (a wrong one counts as a
        wrong guess; ``TooManyGuessesError`` as there), then that they differ (only then is it true
        that ``new`` is the one they have). None when ``current`` is wrong (or the member was removed
        meanwhile); else who they are, for a new session (every old one ends)."""
        new = checked_password(new)
        who = self.sign_in(name, current, client=client) if isinstance(name, str) and name.strip() else None
        if who is None or who.name is None:
            return None
        if new == current:
            raise InputError("the new password is the one you have now; choose a different one")
        try:
            self.set_staff_password(who.name, new, own=True)
        except NotFoundError:  # removed between the check and the change
            return None
        return replace(who, checked=None)  # the session is for the password they just set

    # -- checking ------------------------------------------------------------------------------

    def _verify(
        self,
        stored: _Stored,
        hashed: dict[str, Any] | None,
        password: Any,
        whose: str,
        *,
        client: str | None,
        tried: str | tuple[str, ...],
    ) -> bool:
        """Whether ``password`` matches ``hashed`` (None: a name nobody has, checked all the same so
        that its time tells nothing). ``whose``: "" for the shared password, else the staff id;
        ``client``: the computer it came from (None: not known); ``tried``: the name tried, as
        ``WrongTries`` counts it.

        ``TooManyGuessesError`` when too many wrong passwords came from ``client``, or for ``tried``,
        in the last minute (``WrongTries.check``) and this one was not checked before."""
        if stored.secret is None or not isinstance(password, str) or len(password) > PASSWORD_MAX_CHARS:
            return False
        # the hash too: a password checked while it was changed is never taken for the new one
        given = f"{whose}\n{(hashed or {}).get('hash')}\n{password}".encode()
        mark = hmac.new(bytes.fromhex(stored.secret), given, hashlib.sha256).digest()
        with self._lock:
            if hashed is not None and mark in self._verified:  # scrypt takes ~50 ms on purpose: once
                self._tries.right(client)
                return True
            self._tries.check(client, tried)
        try:
            with self._hashing:
                if hashed is None:
                    _scrypt(password, _UNKNOWN_NAME_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P)
                    ok = False
                else:
                    salt, n, r, p = (
                        bytes.fromhex(hashed["salt"]),
                        int(hashed["n"]),
                        int(hashed["r"]),
                        int(hashed["p"]),
                    )
                    ok = hmac.compare_digest(_scrypt(password, salt, n, r, p), bytes.fromhex(hashed["hash"]))
        except (KeyError, TypeError, ValueError):
            return False
        with self._lock:
            if ok:
                self._verified.add(mark)
                self._tries.right(client)
            else:
                self._tries.wrong(client, tried)
        return ok

    def check_password(self, password: Any, *, client: str | None = None) -> bool:
        """Whether ``password`` is the shared password (always False when none is set); see ``_verify``."""
        return self._shared_checked(password, client) is not None

    def _shared_checked(
        self, password: Any, client: str | None, tried: tuple[str, ...] = (SHARED_TRIES,)
    ) -> str | None:
        """The hash of the shared password when ``password`` is it, else None (``tried``: as counted)."""
        stored = self._stored()
        if (
            stored.password is not None
            and self._verify(stored, stored.password, password, "", client=client, tried=tried)
            and self._stored().password == stored.password  # not changed while it was checked
        ):
            return str(stored.password.get("hash"))
        return None

    def sign_in(
        self, name: Any, password: Any, *, client: str | None = None, shared_too: bool = False
    ) -> SignedIn | None:
        """Who signs in with ``name`` and ``password`` (an empty name: the shared password), or None
        when the name or the password is wrong (never saying which). ``client``: the computer it
        came from (its address), for the count of wrong passwords; ``shared_too``: a wrong one counts
        for the shared password too (``basic``)."""
        if not isinstance(name, str) or not name.strip():
            shared = self._shared_checked(password, client)
            return None if shared is None else replace(SHARED, checked=shared)
        stored = self._stored()
        account = stored.named(name)
        if not self._verify(
            stored,
            account.password if account else None,
            password,
            str(account and account.id),
            client=client,
            tried=(_tried(name), SHARED_TRIES) if shared_too else _tried(name),
        ):
            return None
        if account is None or self._stored().numbered(account.id) != account:  # changed meanwhile
            return None
        return replace(account.signed_in(), checked=str(account.password.get("hash")))

    def basic(self, user: str, password: str, *, client: str | None = None) -> SignedIn | None:
        """Who HTTP Basic credentials are: a staff member's name and password, or the shared password
        with any other user name (or none), as scripts sent it before staff had names."""
        stored = self._stored()
        # with no shared password a name nobody has is checked as sign_in checks it (a scrypt, a
        # wrong try), so the answer's time never tells which names exist
        if user.strip() and (stored.named(user) is not None or stored.password is None):
            return self.sign_in(user, password, client=client, shared_too=stored.password is not None)
        if not user.strip():
            return SHARED if self.check_password(password, client=client) else None
        # a name nobody has, with the shared password: its wrong tries count for that name and the
        # shared password, as a staff member's name does here, so a refusal for guessing (which of
        # the two, and when) never tells whether the name exists
        return SHARED if self._shared_checked(password, client, (_tried(user), SHARED_TRIES)) else None

    def new_session(self, who: SignedIn = SHARED) -> str:
        """A session token for a browser that just signed in: when it began (and which staff member),
        signed. ``NotFoundError`` when the member was removed, or the password ``who.checked`` was
        changed, since the check: the old password never gets a session made with the new one."""
        stored = self._stored()
        if stored.secret is None:
            raise InputError("no password is set and there is no staff, so there is nothing to sign in to")
        began = str(int(self.clock()))
        if who.staff_id is None:
            if who.checked is not None and (stored.password or {}).get("hash") != who.checked:
                raise NotFoundError("the shared password was changed meanwhile")
            return f"{began}.{_sign(stored.secret, began)}"
        account = stored.numbered(who.staff_id)
        if account is None:
            raise NotFoundError(f"staff member {who.name!r} was removed meanwhile")
        if who.checked is not None and account.password.get("hash") != who.checked:
            raise NotFoundError(f"the password of {who.name!r} was changed meanwhile")
        return f"{began}.{account.id}.{_sign(stored.secret, began, account)}"

    def session(self, token: str | None) -> SignedIn | None:
        """Who ``token`` (made by ``new_session`` with the current secret, within SESSION_HOURS) is
        signed in as; None when it is not valid (forged, too old, the member removed or their
        password changed, the shared password changed or cleared)."""
        return self._session(self._stored(), token)

    def _session(self, stored: _Stored, token: str | None) -> SignedIn | None:
        if not token or not token.isascii() or stored.secret is None or token.count(".") not in (1, 2):
            return None
        began, *staff_id, signature = token.split(".")
        if not began.isdigit() or not all(part.isdigit() and len(part) < 12 for part in staff_id):
            return None
        account = stored.numbered(int(staff_id[0])) if staff_id else None
        if (staff_id and account is None) or (not staff_id and stored.password is None):
            return None
        if not hmac.compare_digest(signature, _sign(stored.secret, began, account)):
            return None
        if not -60 <= self.clock() - int(began) <= SESSION_HOURS * 3600:
            return None
        return account.signed_in() if account is not None else SHARED

    def session_valid(self, token: str | None) -> bool:
        """Whether ``token`` is a valid session (see ``session``)."""
        return self.session(token) is not None


def _sign(secret: str, began: str, account: _Account | None = None) -> str:
    signed = (
        f"session:{began}"
        if account is None
        else f"session:{began}:{account.id}:{account.password.get('hash')}"
    )
    return hmac.new(bytes.fromhex(secret), signed.encode(), hashlib.sha256).hexdigest()


def _put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _version(session: Session) -> Any:
    """VERSION_KEY's token as stored, as ``Database.read_value`` gives it (None: no change was made by a
    version that writes one)."""
    return session.connection().exec_driver_sql(VERSION_SQL).scalar()


def _changed(session: Session) -> None:
    """Write a new VERSION_KEY token in a change's transaction: every running server reads the whole
    sign-in state again on its next request (``Access._stored``)."""
    _put(session, VERSION_KEY, secrets.token_hex(16))


def _still_admin(session: Session, by: int | None) -> None:
    """``by``: the staff id of the admin making a change on the Staff page (None: the command line).
    ``NotAllowedError`` unless they are still a staff member and an admin, read in the change's own
    transaction: a server's cache (SETTINGS_TTL_S) may not yet know that another worker or the
    command line removed them or made them no longer an admin. On PostgreSQL their row stays locked
    until the change is written, so two admins never make each other no longer admins at once (SQLite
    writes one change at a time anyway)."""
    if by is None:
        return
    row = session.get(Staff, by, with_for_update=True) if 0 < by < 2**31 else None
    if row is None or not row.is_admin:
        raise NotAllowedError("only a staff admin can change the staff, and you are not one now")


def _staff_row(session: Session, name: Any) -> Staff:
    if not isinstance(name, str) or not name.strip():
        raise InputError("the name is empty; type the staff member's name, as 'staff list' shows it")
    row = session.scalars(select(Staff).where(Staff.name_key == name_key(name))).first()
    if row is None:
        raise NotFoundError(
            f"no staff member is called {_cleaned(name)!r}; check the spelling against the list of staff"
        )
    return row


__all__ = [
    "ACCESS_KEYS",
    "Access",
    "NAME_MAX_CHARS",
    "PASSWORD_MIN_CHARS",
    "KNOWN_COMPUTER_DAYS",
    "SESSION_HOURS",
    "SHARED",
    "SignedIn",
    "StaffMember",
    "checked_name",
    "checked_password",
    "name_key",
    "name_taken",
]
