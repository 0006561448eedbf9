"""FastAPI dependencies shared by the REST API and the HTML pages.

Both are ``async def``: they only read the request, and FastAPI runs a plain ``def`` dependency in
its thread pool, a hand-over to a worker thread and back on every request for nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import anyio
from fastapi import HTTPException, Query, Request

from backstride.core.errors import NotFoundError
from backstride.services.records import Records

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_records(request: Request) -> Records:
    """The app's ``Records`` service (built by ``create_app``; one per app, none at import)."""
    records: Records = request.app.state.records
    return records


PERSON_ID_SAID = (
    "Whose records (an id of GET /api/people). Needed when the database keeps records for several people; "
    "without it the one person is meant, and with several the request is refused (422) rather than guessed"
)


async def person_records(
    request: Request,
    person_id: int | None = Query(None, description=PERSON_ID_SAID),
) -> Records:
    """The ``Records`` of the person the request names with ``?person_id=``, else the app's unscoped
    ``Records`` (the database's one person; ``PersonNeededError`` when there are several).

    ``async def``, as ``get_records``: most requests name nobody and need no hand-over to a worker
    thread; only finding a named person reads the database, in the thread pool. An unknown person is
    a ``NotFoundError`` (404), never someone else.
    """
    records: Records = request.app.state.records
    if person_id is None:
        return records
    try:
        return await anyio.to_thread.run_sync(records.for_person, person_id)
    except NotFoundError:
        if request.method == "POST" and request.headers.get("idempotency-key"):
            # a retry into the person deleted since: its key answers first (409 when what it added went
            # with them, as without ?person_id=), and nobody is there to store for (404)
            return records.for_person_gone(person_id)
        raise


async def refuse_cross_site_writes(request: Request) -> None:
    """Refuse (403) a change sent by a page of another web site (cross-site request forgery).

    The app has no log-in, so any site open in the same browser could otherwise post a hidden form
    to 127.0.0.1 and, for example, delete all data. Browsers name the sending page in ``Origin``
    (and ``Sec-Fetch-Site``); a request without them (curl, scripts, tests) is not from a web page
    and is let through.
    """
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise HTTPException(403, "refused: this form was sent from another web site")
    origin = request.headers.get("origin")
    if origin is None:
        return
    host = request.headers.get("host", "")
    if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
        raise HTTPException(403, f"refused: this form was sent from another web site ({origin})")


__all__ = ["PERSON_ID_SAID", "get_records", "person_records", "refuse_cross_site_writes"]
