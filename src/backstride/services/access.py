"""Sign-in for a web app that other computers can reach (a clinic): one password for the app.

At home the app listens on 127.0.0.1 only and needs no password. A clinic that serves it on its
network sets one (``backstride password set``); from then on every page and API call needs it:
pages through a sign-in page and a session cookie, scripts through HTTP Basic authentication.

Kept in the app-wide ``settings`` table, never in an export and never deleted with a person's data:
the password as a scrypt hash (``hashlib.scrypt``, a random 16-byte salt, n=2**14, r=8, p=1, the
parameters OWASP lists for scrypt) and a random secret that signs session cookies (HMAC-SHA256 of
when the session began). A new password makes a new secret, so everyone signed in is signed out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backstride.core.errors import InputError, TooManyGuessesError
from backstride.services.activity import note
from backstride.storage.db import Database
from backstride.storage.models import Setting

PASSWORD_KEY = "access.password_scrypt"
SECRET_KEY = "access.session_secret"
ACCESS_KEYS = (PASSWORD_KEY, SECRET_KEY)  # never exported, restored or deleted with data
PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 1024  # scrypt hashes any length; a megabyte "password" is a mistake or an attack
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024  # n=2**14, r=8 needs 16 MB; OpenSSL's default cap is 32 MB
SESSION_HOURS = 12  # a working day; then sign in again
# Guessing: each check of a new password costs ~50 ms of CPU and 16 MB (scrypt, on purpose). At most
# SCRYPT_AT_ONCE run at once, and after WRONG_PER_MINUTE wrong passwords in a minute (from anyone) a new
# one is not checked until the minute has passed: a guessing program gets ~30 tries a minute, not
# thousands, and cannot fill the memory. The password already checked in this server still works.
SCRYPT_AT_ONCE = 2
WRONG_PER_MINUTE = 30
SETTINGS_TTL_S = 2.0  # a password set by the command line reaches a running server this fast


@dataclass(frozen=True)
class _Stored:
    password: dict[str, Any] | None
    secret: str | None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=32)


def checked_password(password: Any) -> str:
    """A password the app may be given (``InputError`` naming the problem otherwise)."""
    if not isinstance(password, str):
        raise InputError("the password must be text")
    if len(password) < PASSWORD_MIN_CHARS:
        raise InputError(
            f"the password is {len(password)} characters long; use at least {PASSWORD_MIN_CHARS} "
            "(a few words you remember are easy to type and hard to guess)"
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise InputError(f"the password is longer than {PASSWORD_MAX_CHARS} characters")
    return password


class Access:
    """Whether the app needs a password, and checking it, for one ``Database``.

    ``clock`` gives seconds since the epoch (``time.time``); tests pass their own.
    """

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, _Stored] | None = None
        self._verified: set[bytes] = set()  # HMACs of passwords already checked (HTTP Basic, per call)
        self._hashing = threading.BoundedSemaphore(SCRYPT_AT_ONCE)
        self._wrong_at: deque[float] = deque()  # monotonic times of the last minute's wrong passwords

    # -- stored state ------------------------------------------------------------------------

    def _fresh(self) -> _Stored | None:
        """What was read from the database less than SETTINGS_TTL_S ago, else None."""
        with self._lock:
            if self._cached is not None and time.monotonic() - self._cached[0] < SETTINGS_TTL_S:
                return self._cached[1]
        return None

    def _stored(self) -> _Stored:
        fresh = self._fresh()
        if fresh is not None:
            return fresh
        now = time.monotonic()
        with self.db.session() as session:
            password = session.get(Setting, PASSWORD_KEY)
            secret = session.get(Setting, SECRET_KEY)
            stored = _Stored(
                password=dict(password.value) if password is not None and password.value else None,
                secret=str(secret.value) if secret is not None and secret.value else None,
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

    def required_if_known(self) -> bool | None:
        """``required`` when it was read from the database less than SETTINGS_TTL_S ago, else None
        (then ask ``required``, which reads it): lets a server skip a thread hop on most requests."""
        fresh = self._fresh()
        return None if fresh is None else fresh.password is not None

    @property
    def required(self) -> bool:
        """Whether a password is set (then every page and API call needs it)."""
        return self._stored().password is not None

    def set_password(self, password: Any) -> None:
        """Set (or change) the password; everyone signed in must sign in again."""
        password = checked_password(password)
        salt = secrets.token_bytes(16)
        hashed = {
            "salt": salt.hex(),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "hash": _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex(),
        }
        with self.db.session(write=True) as session:
            for key, value in ((PASSWORD_KEY, hashed), (SECRET_KEY, secrets.token_hex(32))):
                row = session.get(Setting, key)
                if row is None:
                    session.add(Setting(key=key, value=value))
                else:
                    row.value = value
            note(session, "password_set")
        self._forget()

    def clear(self) -> bool:
        """Remove the password (the app is open to whoever reaches it); whether one was set."""
        with self.db.session(write=True) as session:
            rows = [session.get(Setting, key) for key in ACCESS_KEYS]
            for row in rows:
                if row is not None:
                    session.delete(row)
            if rows[0] is not None:
                note(session, "password_cleared")
        self._forget()
        return rows[0] is not None

    # -- checking ------------------------------------------------------------------------------

    def check_password(self, password: str) -> bool:
        """Whether ``password`` is the app's password (always False when none is set).

        ``TooManyGuessesError`` when WRONG_PER_MINUTE wrong passwords were given in the last minute and
        this one was not checked before (see SCRYPT_AT_ONCE)."""
        stored = self._stored()
        if stored.password is None or stored.secret is None or not isinstance(password, str):
            return False
        if len(password) > PASSWORD_MAX_CHARS:
            return False
        mark = hmac.new(bytes.fromhex(stored.secret), password.encode("utf-8"), hashlib.sha256).digest()
        with self._lock:
            if mark in self._verified:  # scrypt takes ~50 ms on purpose: once per password per server
                return True
        now = time.monotonic()
        with self._lock:
            while self._wrong_at and now - self._wrong_at[0] > 60:
                self._wrong_at.popleft()
            if len(self._wrong_at) >= WRONG_PER_MINUTE:
                raise TooManyGuessesError(
                    "too many wrong passwords were tried in the last minute; please wait a minute"
                    " (this slows down anyone guessing)"
                )
        p = stored.password
        try:
            with self._hashing:
                given = _scrypt(password, bytes.fromhex(p["salt"]), int(p["n"]), int(p["r"]), int(p["p"]))
            ok = hmac.compare_digest(given, bytes.fromhex(p["hash"]))
        except (KeyError, TypeError, ValueError):
            return False
        with self._lock:
            if ok:
                self._verified.add(mark)
            else:
                self._wrong_at.append(time.monotonic())
        return ok

    def new_session(self) -> str:
        """A session token for a browser that just signed in: when it began, signed."""
        stored = self._stored()
        if stored.secret is None:
            raise InputError("no password is set, so there is nothing to sign in to")
        began = str(int(self.clock()))
        return f"{began}.{self._sign(stored.secret, began)}"

    def session_valid(self, token: str | None) -> bool:
        """Whether ``token`` was made by ``new_session`` with the current secret, within SESSION_HOURS."""
        stored = self._stored()
        if not token or not token.isascii() or stored.secret is None or token.count(".") != 1:
            return False
        began, signature = token.split(".")
        if not began.isdigit() or not hmac.compare_digest(signature, self._sign(stored.secret, began)):
            return False
        age_s = self.clock() - int(began)
        return -60 <= age_s <= SESSION_HOURS * 3600

    @staticmethod
    def _sign(secret: str, began: str) -> str:
        return hmac.new(bytes.fromhex(secret), f"session:{began}".encode(), hashlib.sha256).hexdigest()


__all__ = [
    "ACCESS_KEYS",
    "Access",
    "PASSWORD_MIN_CHARS",
    "SESSION_HOURS",
    "checked_password",
]
