"""Who acts in this request or command: which interface, from which network address, and which
staff member was signed in (a clinic's named sign-in, ``services.access``), when one was.

The interfaces say it once (the web app per request, the command line per command) with ``acting``;
the services read it with ``current_actor`` when they write down what was done
(``services.activity``). Kept here, free of the database, so the command line can say it without
loading one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

VIA = ("page", "API", "command line", "python")
# the interface kept with a check or walk restored from a file (``services.restore``): who it names is
# the file's word, never someone who acted here
RESTORED_VIA = "file"
CLIENT_MAX_CHARS = 64


@dataclass(frozen=True)
class Actor:
    """Through which interface (``VIA``), from which network address when there is one, and the name
    of the staff member signed in when there is one (None: the shared password, or no sign-in)."""

    via: str
    client: str | None = None
    staff: str | None = None


CALLED_FROM_PYTHON = Actor("python")  # no interface said who acts: the services were called directly
_ACTOR: ContextVar[Actor] = ContextVar("backstride_actor", default=CALLED_FROM_PYTHON)


@contextmanager
def acting(via: str, client: str | None = None, *, staff: str | None = None) -> Iterator[Actor]:
    """Everything done inside was done through ``via`` (from ``client``, by ``staff``)."""
    if via not in VIA:
        raise ValueError(f"unknown interface {via!r}")  # a mistake in backstride, not in input
    actor = Actor(via, str(client)[:CLIENT_MAX_CHARS] if client else None, staff or None)
    token = _ACTOR.set(actor)
    try:
        yield actor
    finally:
        _ACTOR.reset(token)


def current_actor() -> Actor:
    return _ACTOR.get()


__all__ = ["RESTORED_VIA", "VIA", "Actor", "acting", "current_actor"]
