"""The web app factory: ``create_app(settings=None)``.

No import-time singletons: the database, its engine and the ``Records`` service are made here, per
app. Migrations run at start-up (``alembic upgrade head``). Errors of the ``BackstrideError`` tree
become HTTP 4xx with ``{"detail": message}``: 404 for ``NotFoundError``, 422 for other input errors.
The OpenAPI document is served at ``/api/openapi.json`` and rendered locally at ``/api/docs``; no
page loads anything from another machine.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from backstride import __version__
from backstride.core.acting import acting
from backstride.core.errors import (
    BackstrideError,
    InputError,
    NotAllowedError,
    NotFoundError,
    PersonNeededError,
    PersonNotFoundError,
    StorageError,
    TooManyGuessesError,
)
from backstride.core.json_text import RepeatedKeyError
from backstride.services.access import Access
from backstride.services.form_tokens import FormSentAfterDeleteError, IdempotencyKeyGoneError
from backstride.services.records import (
    EVERYDAY_UPLOAD,
    OtherQuestionsError,
    Records,
    UploadTooLargeError,
    upload_too_large_message,
)
from backstride.services.restore import RESTORE_MAX_BYTES  # one limit, the command line's too
from backstride.storage.db import Database
from backstride.web.settings import Settings, get_settings
from backstride.web.templating import SEES_PROBLEMS, SEES_PROBLEMS_STILL, SEVERAL_PEOPLE

logger = logging.getLogger("backstride.web")

# What a person reads when the app itself failed (a bug): kind, and not their fault.
SERVER_ERROR_MESSAGE = (
    "Sorry, something went wrong on our side. It is not your fault. Please try again. "
    "If it happens again, it is a mistake in backstride: please tell the people who make it."
)
# What a visitor reads when the database fails (a StorageError, 503), unless they may see why
# (templating.SEES_PROBLEMS): its own words name where the database is (its file, or its server, port,
# user and name), which is not for someone who has not signed in
STORAGE_PLAIN_MESSAGE = (
    "The saved records cannot be reached just now. If you were saving something, it was not saved: "
    "please try again in a little while. The person who runs backstride can see why where it runs."
)
# A walk upload's request holds the file and a few short form fields (each at most 1 MB).
FORM_ALLOWANCE_BYTES = 1024 * 1024
# Only these take a walk file; every other request (answers, a diary entry, a form) is a few KB and
# is held to FORM_ALLOWANCE_BYTES, so a huge JSON body is never read and parsed whole in memory.
UPLOAD_PATHS = frozenset({"/api/walks", "/walks", "/api/everyday", "/everyday"})
EVERYDAY_PATHS = frozenset({"/api/everyday", "/everyday"})  # an Apple Health export: its own words
# A backstride file to restore is read whole (it is JSON), so it has its own, smaller limit.
RESTORE_PATHS = frozenset({"/api/import", "/data/import"})
RESTORE_TOO_LARGE_MESSAGE = (
    f"This file is too big to restore: at most {RESTORE_MAX_BYTES // (1024 * 1024)} MB is accepted. "
    "Nothing was stored."
)
SMALL_BODY_MESSAGE = (
    "This request is too big: at most 1 MB is accepted here (only a walk file may be bigger). "
    "Nothing was stored."
)


def status_for(exc: BackstrideError) -> int:
    """The HTTP status of a domain error."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, NotAllowedError):
        return 403
    if isinstance(exc, UploadTooLargeError):
        return 413
    if isinstance(exc, StorageError):
        return 503  # the database cannot be reached or opened: not the request's fault
    if isinstance(exc, TooManyGuessesError):
        return 429
    if isinstance(exc, IdempotencyKeyGoneError | FormSentAfterDeleteError):
        return 409  # what the key or the page's form added was deleted since: not added again
    if isinstance(exc, InputError):
        return 422
    return 500  # KnowledgeError: a bug in the packaged data, not the person's fault


def problem_said(exc: BaseException) -> str:
    """What a visitor reads for ``exc``: its own words, but for the database failing (``StorageError``)
    only when they may see why (``SEES_PROBLEMS``), else ``STORAGE_PLAIN_MESSAGE``. The database's
    own words always go to the server's log, where the person who runs backstride reads them. A check
    made with other questions says so plainly (``OtherQuestionsError.PLAIN``): it cannot be carried on."""
    if isinstance(exc, OtherQuestionsError):
        return exc.PLAIN
    if not isinstance(exc, StorageError):
        return str(exc)
    logger.warning("the database could not be used: %s", exc)
    return str(exc) if sees_problems() else STORAGE_PLAIN_MESSAGE


def sees_problems() -> bool:
    """Whether this request's visitor may read why the database failed (``SEES_PROBLEMS``): the owner at
    home only while no sign-in is needed, read again now (``SEES_PROBLEMS_STILL``)."""
    still = SEES_PROBLEMS_STILL.get()
    return SEES_PROBLEMS.get() and (still is None or still())


async def sees_problems_known() -> None:
    """Before ``problem_said`` on the event loop: read again in the thread pool whether no sign-in is
    needed still (``sees_problems``), so no database read holds up the other pages."""
    still = SEES_PROBLEMS_STILL.get()
    if SEES_PROBLEMS.get() and still is not None:
        await anyio.to_thread.run_sync(still)


def is_api_path(path: str) -> bool:
    """Requests under ``/api`` get JSON errors; the pages get an HTML error page."""
    return path == "/api" or path.startswith("/api/")


# An error page's heading, which is its title too (error.html): plain words, never the protocol's
PAGE_HEADINGS = {
    404: "We could not find that page",
    403: "This was refused",
    405: "That cannot be done on this page",
    413: "This file is too big",
    422: "Something was not right",
    429: "Too many tries",
    503: "We could not reach your saved data just now",  # the database: not the person's doing
}


def page_heading(status_code: int) -> str:
    """The heading (and title) of the error page for ``status_code``: ``PAGE_HEADINGS``, else "Something
    went wrong" for a mistake in backstride (5xx), "Something was not right" for any other request."""
    otherwise = "Something went wrong" if status_code >= 500 else PAGE_HEADINGS[422]
    return PAGE_HEADINGS.get(status_code, otherwise)


def error_page(status_code: int, message: str) -> HTMLResponse:
    """A small HTML error page (the pages' own ``error.html``) with a link to the start page."""
    from backstride.web.pages import render

    # the page's title (what a screen reader says first, and the tab shows) is its heading (error.html),
    # in plain words, not the protocol's ("Unprocessable Entity")
    return render("error.html", status_code=status_code, heading=page_heading(status_code), message=message)


# A message longer than this repeats too much of what was sent (a 5 MB answer): its middle is cut.
MAX_DETAIL_CHARS = 1000


def shown_detail(detail: str) -> str:
    """An error message as it can be sent: a lone surrogate taken from the request is written as an
    escape (it cannot be encoded, and the error response itself failed: a 500), and a message that
    echoes a huge value keeps its start and its end (what was expected) around a cut."""
    detail = detail.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(detail) <= MAX_DETAIL_CHARS:
        return detail
    head, tail = MAX_DETAIL_CHARS * 3 // 5, MAX_DETAIL_CHARS // 4
    return f"{detail[:head]} ... ({len(detail) - head - tail} characters left out) ... {detail[-tail:]}"


def _error_response(request: Request, status_code: int, detail: str, headers: Any = None) -> Response:
    detail = shown_detail(detail)
    if is_api_path(request.url.path):
        return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)
    response = error_page(status_code, detail)
    if headers:
        response.headers.update(headers)
    return response


def _page_message(status_code: int, detail: Any) -> str:
    if status_code == 404 and detail == HTTPStatus.NOT_FOUND.phrase:
        return "There is no page at this address. It may have moved, or the link has a typo."
    if status_code == 405 and detail == HTTPStatus.METHOD_NOT_ALLOWED.phrase:
        return "This page cannot be used that way. Please start again from the start page."
    return str(detail)


# Where the API's refusal of an unknown person points: the list of people, as the API gives it.
API_PEOPLE_NAMES = {"people_list": "GET /api/people"}


def person_needed_message(exc: PersonNeededError, path: str) -> str:
    """What the API says when a request did not say whose records it means: also where to say it
    (the address; a walk upload or a restore sending it as a form field is not read)."""
    many = f"{exc.people} people" if exc.people else "several people"
    return (
        f"this database keeps records for {many}; say whose records you mean (person_id) in the "
        f"address: {path}?person_id=N, with N from GET /api/people"
    )


def _not_json(content_type: str) -> str | None:
    """Why a body that should be a JSON object is not one, when its ``Content-Type`` says so (``curl
    -d`` sends application/x-www-form-urlencoded unless told otherwise); None when it says JSON."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        return None
    sent = f"sent as {kind}" if kind else "sent without a Content-Type"
    return (
        f"the request body was {sent}, not as JSON; send a JSON object with the header "
        "Content-Type: application/json, as /api/docs describes"
    )


# what each API endpoint's file field takes, for a file field sent as text (else: a walk file)
UPLOADED_FILES = {
    "/api/everyday": "an Apple Health export (export.zip or export.xml)",
    "/api/import": "a backstride export (the JSON file of GET /api/export)",
}


def _validation_message(exc: RequestValidationError, path: str = "", content_type: str = "") -> str:
    parts = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        if loc == ("body", "person_id") and error.get("type") == "extra_forbidden":  # a clinic's script
            value = error.get("input")
            shown = value if isinstance(value, int) and not isinstance(value, bool) else "N"
            parts.append(f"person_id goes in the address, not in the JSON body: {path}?person_id={shown}")
            continue
        if error.get("type") == "json_invalid":  # loc is ("body", character position)
            position = loc[1] if len(loc) > 1 else None
            cause = str((error.get("ctx") or {}).get("error") or "").strip()
            at = f" at character {position}" if isinstance(position, int) else ""
            parts.append(
                f"the request body is not valid JSON ({cause or 'it cannot be read'}{at}); "
                "expected a JSON object as /api/docs describes for this endpoint"
            )
            continue
        if loc == ("body",) and error.get("type") == "missing":
            parts.append("the request body is empty; expected a JSON object as /api/docs describes")
            continue
        if loc == ("body",) and error.get("type") == "model_attributes_type":  # not a JSON object
            parts.append(
                _not_json(content_type)
                or f"the request body is JSON but not an object (it is {_json_kind(error.get('input'))}); "
                "expected a JSON object as /api/docs describes"
            )
            continue
        where = ".".join(str(p) for p in loc if p not in ("body", "query", "path", "form"))
        if not where:
            where = "request body" if loc[:1] == ("body",) else "request"
        if "Expected UploadFile" in str(error.get("msg", "")):  # a file field sent without a file name
            what = UPLOADED_FILES.get(path.rstrip("/"), "a walk file")
            parts.append(f"{where}: expected {what} sent as a file (with its file name), got text")
            continue
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")  # a validator's own words
        parts.append(f"{where}: {message}")
    return "; ".join(parts) or "the request is not valid"


# What a page's address or form field should be, by pydantic's error type, in plain words.
_PAGE_EXPECTED = {
    "int_parsing": "a whole number, like 12",
    "int_from_float": "a whole number, like 12",
    "float_parsing": "a number, like 4.5",
    "bool_parsing": "yes or no (true or false)",
    "date_parsing": "a date, like 2026-11-27",
    "date_from_datetime_parsing": "a date, like 2026-11-27",
}


def _page_validation_message(exc: RequestValidationError) -> str:
    """The error page's words for a page address or form that is not right: each field by the name
    it has in the address or form, what it should be and what it was (the API's ``detail`` says the
    same for scripts)."""
    parts = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        place = loc[0] if loc else ""
        name = ".".join(str(p) for p in loc[1:]) or "the form"
        field = "the number in the address" if place == "path" else f"“{name}”"
        kind = str(error.get("type", ""))
        given = error.get("input")
        shown = str(given) if len(str(given)) <= 40 else f"{str(given)[:40]}…"
        if kind == "missing":
            parts.append(f"{field} is missing")
        elif kind in _PAGE_EXPECTED:
            parts.append(f"{field} should be {_PAGE_EXPECTED[kind]}, not “{shown}”")
        else:
            parts.append(f"{field}: {str(error.get('msg', 'not valid')).removeprefix('Value error, ')}")
    said = "; ".join(parts) or "it cannot be read"
    return f"This address or form is not right: {said}. Please check it, or go back to the start page."


def _json_kind(value: Any) -> str:
    kinds = {list: "an array", str: "text", bool: "true or false", int: "a number", float: "a number"}
    return next((word for kind, word in kinds.items() if isinstance(value, kind)), "not an object")


# What FastAPI says when the body parser fails with something other than a JSON syntax error.
BODY_PARSE_ERROR = "There was an error parsing the body"


def _body_message(cause: BaseException | None) -> str:
    """Why a JSON body could not be read, in words (FastAPI says only ``BODY_PARSE_ERROR``; a form's
    parser names its own problem)."""
    if isinstance(cause, UnicodeDecodeError):
        why = f"it is not UTF-8 text: byte 0x{cause.object[cause.start]:02x} at position {cause.start}"
    elif isinstance(cause, RecursionError):
        why = "it is nested too deeply to read"
    elif isinstance(cause, RepeatedKeyError):  # web.json_body
        why = f"it gives {cause.key!r} twice in one object, so which one is meant cannot be told"
    elif isinstance(cause, ValueError) and "digits" in str(cause):
        why = "it holds a number with too many digits"
    else:
        why = str(cause or "it cannot be read")
    return (
        f"the request body cannot be read as JSON ({why}); "
        "expected a UTF-8 JSON object as /api/docs describes"
    )


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method the address of ``request`` takes, for a 405's ``Allow``. Starlette names only the
    methods of the first route whose path matched (``GET`` for ``PUT /api/people``, which also takes
    ``POST``), so a client was told less than the address takes."""
    routes = request.app.router.routes
    return [
        method
        for method in HTTP_METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    ]


def _not_allowed(request: Request, allowed: list[str]) -> str:
    if is_api_path(request.url.path):
        return f"{request.method} cannot be used on {request.url.path}; it takes {', '.join(allowed)}"
    return HTTPStatus.METHOD_NOT_ALLOWED.phrase  # the page's own words (_page_message)


LOOPBACK_NAMES = frozenset({"localhost", "testserver"})  # testserver: Starlette's TestClient


def host_name(host_header: str) -> str:
    """The host of a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


class TrustedHostMiddleware:
    """Answer 400 to a request whose ``Host`` is not this computer (DNS rebinding).

    A web page can point a name it controls (``evil.example``) at 127.0.0.1 and then read this app's
    answers as its own site's; the browser still sends ``Host: evil.example``, so such requests are
    refused. Allowed: loopback names, any IP address, this computer's own name, and the configured
    ``--host``. A request without ``Host`` (HTTP/1.0 tools, not browsers) is let through.
    """

    def __init__(self, app: Any, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        own = socket.gethostname().lower()
        self.allowed = set(LOOPBACK_NAMES) | {own, f"{own}.local"} | {host_name(h) for h in allowed_hosts}

    def is_allowed(self, host_header: str) -> bool:
        host = host_name(host_header)
        if host in self.allowed or host.endswith(".localhost"):
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or ())
            host = headers.get(b"host")
            if host is not None and not self.is_allowed(host.decode("latin-1")):
                await self._refuse(scope, send, host.decode("latin-1"))
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope: Any, send: Any, host: str) -> None:
        detail = (
            f"refused: this app answers only on this computer (e.g. http://127.0.0.1/), at its IP "
            f"addresses and at the names in BACKSTRIDE_ALLOWED_HOSTS, not at the address {host!r}"
        )
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if is_api_path(scope.get("path", "")):
            body, kind = json.dumps({"detail": detail}).encode(), b"application/json"
        else:
            body = (
                "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                "<title>Refused · backstride</title></head><body><main><h1>This was refused</h1>"
                f"<p>{html.escape(detail)}</p></main></body></html>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class UploadLimitMiddleware:
    """Answer 413 to a request body bigger than the upload limit (plus room for the form fields), or,
    for a request that is not a walk upload (``UPLOAD_PATHS``), bigger than ``FORM_ALLOWANCE_BYTES``.

    A request that says it is bigger (``Content-Length``) is refused before any of it is read; one
    that does not say (chunked) is refused as soon as more than the limit has come in. Nothing of it
    is stored. The service checks the file itself against the exact limit while it copies it.
    """

    def __init__(self, app: Any, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = int(max_upload_bytes)
        self.max_body_bytes = self.max_upload_bytes + FORM_ALLOWANCE_BYTES
        self.message = upload_too_large_message(self.max_upload_bytes)  # once, not on every request
        self.everyday_message = upload_too_large_message(self.max_upload_bytes, kind=EVERYDAY_UPLOAD)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path") in EVERYDAY_PATHS:
            limit, message = self.max_body_bytes, self.everyday_message
        elif scope.get("path") in UPLOAD_PATHS:
            limit, message = self.max_body_bytes, self.message
        elif scope.get("path") in RESTORE_PATHS:
            limit, message = RESTORE_MAX_BYTES + FORM_ALLOWANCE_BYTES, RESTORE_TOO_LARGE_MESSAGE
        else:
            limit, message = FORM_ALLOWANCE_BYTES, SMALL_BODY_MESSAGE
        try:
            declared = int(Headers(scope=scope).get("content-length", ""))
        except ValueError:
            declared = None
        if declared is not None and declared > limit:
            await people_known()
            response = _error_response(Request(scope), 413, message, {"Connection": "close"})
            await response(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Any:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise HTTPException(413, message, headers={"Connection": "close"})
            return event

        await self.app(scope, counted_receive, send)


class UnexpectedErrorMiddleware:
    """A bug (any exception that is not a ``BackstrideError`` or an HTTP error) is logged with its
    traceback and answered with a kind 500 message: JSON under ``/api``, the error page elsewhere."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(event: Any) -> None:
            nonlocal started
            if event["type"] == "http.response.start":
                started = True
            await send(event)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as exc:
            # two catchers (inside and outside the sign-in): a bug passed on by the inner one is
            # logged once, not twice
            if not getattr(exc, "_backstride_logged", False):
                logger.exception(
                    "unexpected error while answering %s %s", scope.get("method"), scope.get("path")
                )
            if started:  # too late for an error page: let the server close the connection
                with contextlib.suppress(AttributeError):  # an exception without a __dict__
                    exc._backstride_logged = True  # type: ignore[attr-defined]
                raise
            await people_known()
            await _error_response(Request(scope), 500, SERVER_ERROR_MESSAGE)(scope, receive, send)


class SeveralPeople:
    """Whether the database keeps several people (a clinic), asked at most once, for one request. A
    database that cannot be read answers yes: the clinic's words ("kept in this backstride's own
    database") are true at home too, and never promise that the records stay on this computer."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.known: bool | None = None

    def __call__(self) -> bool:
        if self.known is None:
            try:
                self.known = self.records.people.only()[1]
            except Exception:  # the page (an error page too) is still drawn
                logger.warning("could not tell whether this database keeps several people", exc_info=True)
                self.known = True
        return self.known


async def people_known(*, database_failed: bool = False) -> None:
    """Before a page is drawn on the event loop (an error page): ask ``SeveralPeople`` in the thread
    pool, so no database read holds up the other pages; after the database failed, do not ask again."""
    if database_failed:
        people_not_asked()
        return
    asked = SEVERAL_PEOPLE.get()
    if isinstance(asked, SeveralPeople) and asked.known is None:
        await anyio.to_thread.run_sync(asked)


def people_not_asked() -> None:
    """The database failed in this request: a page drawn for it never asks again whether it keeps
    several people (it would fail again, and its failure be logged a second time); it says the clinic's
    words (``SeveralPeople``)."""
    asked = SEVERAL_PEOPLE.get()
    if isinstance(asked, SeveralPeople) and asked.known is None:
        asked.known = True


class PeopleMiddleware:
    """Let every page drawn for a request ask whether the database keeps several people
    (``templating.SEVERAL_PEOPLE``), so its footer and its 'Get help now' line say the clinic's words
    without each route passing ``several_people``. Asked only by a page that does not say (one small
    query, in the thread pool: ``people_known`` before an error page). Around everything: the page
    for a bug asks too."""

    def __init__(self, app: Any, records: Records) -> None:
        self.app = app
        self.records = records

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or is_api_path(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        asked = SEVERAL_PEOPLE.set(SeveralPeople(self.records))
        try:
            await self.app(scope, receive, send)
        finally:
            SEVERAL_PEOPLE.reset(asked)


# Sent with every answer: no other site may show these pages in a frame (clickjacking a "Delete"),
# the browser never guesses a type, and an address (with ?person=N) is not sent to other sites
SAFE_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class ActingMiddleware:
    """Say who acts in each request (``core.acting``): a page or the API, from the address the
    request came from, so what it changes is written down with both (``services.activity``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        via = "API" if is_api_path(scope["path"]) else "page"
        staff = scope.get("backstride.staff")  # web.auth.STAFF_SCOPE_KEY: a staff member signed in
        with acting(via, client[0] if client else None, staff=staff):
            await self.app(scope, receive, send)


class SafeHeadersMiddleware:
    """Add ``SAFE_HEADERS`` to every answer, and ``Cache-Control: no-store`` to every answer that
    does not say how it may be cached (pages, API answers, downloads): a person's records are never
    kept in the browser's cache, so after "Sign out" on a shared computer, Back shows nothing of
    them. The static files (versioned names) keep their own caching."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(event: Any) -> None:
            if event["type"] == "http.response.start":
                headers = list(event.get("headers") or [])
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SAFE_HEADERS if name not in names]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                event = {**event, "headers": headers}
            await send(event)

        await self.app(scope, receive, send_with_headers)


def settle_for_serving() -> None:
    """Before serving for long: load the knowledge base, then freeze what start-up made.

    ``gc.freeze`` moves every object alive now (the knowledge base, the imported libraries) out of
    the garbage collector's view, so its full collections no longer walk them during requests; a
    larger first-generation threshold makes collections rarer (each request makes many short-lived
    objects, few cycles). Process-wide, so only an app made to serve (``create_app(settle=True)``,
    ``create_serving_app``: what ``backstride serve`` runs, in each worker) calls it, at its start-up.
    """
    import gc

    from backstride.knowledge.loader import load_knowledge

    load_knowledge()
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


def create_app(settings: Settings | None = None, *, settle: bool = False) -> FastAPI:
    """Build the app: database + migrations, services, REST API under ``/api`` and the pages.

    ``settle=True``: at start-up (in the process that serves) call ``settle_for_serving``.
    """
    settings = settings or get_settings()
    db = Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settle:
            settle_for_serving()
        yield
        db.dispose()

    if settings.migrate_on_start:
        db.migrate()

    app = FastAPI(
        title="backstride",
        version=__version__,
        description=(
            "The API of backstride: assessments and answers, walks (gait recordings), diary entries, "
            "results and plans, export and delete-all. By default only this computer can reach it; a "
            "clinic serves it to other computers (serve --host, or a reverse proxy), with a password "
            "(HTTP Basic). Not a diagnosis."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's default docs load scripts from a CDN; ours are rendered locally
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.records = Records(db, max_upload_bytes=settings.max_upload_bytes)
    app.state.access = Access(db)

    @app.exception_handler(BackstrideError)
    async def _domain_error(request: Request, exc: BackstrideError) -> Response:
        status = status_for(exc)
        await people_known(database_failed=status == 503)
        if status == 500:  # a mistake in backstride (a knowledge or export bug): logged, said kindly
            logger.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
            return _error_response(request, 500, SERVER_ERROR_MESSAGE)
        if isinstance(exc, PersonNeededError) and is_api_path(request.url.path):
            return _error_response(request, status, person_needed_message(exc, request.url.path))
        if isinstance(exc, PersonNotFoundError) and is_api_path(request.url.path):
            return _error_response(request, status, exc.phrased(API_PEOPLE_NAMES))
        if isinstance(exc, OtherQuestionsError) and is_api_path(request.url.path):
            # its finished state, as the History list and checks.csv say it (it cannot be carried on)
            finished_at = None if exc.finished_at is None else exc.finished_at.isoformat()
            said = {"detail": shown_detail(exc.PLAIN), "finished": False, "finished_at": finished_at}
            return JSONResponse(said, status_code=status)
        if status == 503:
            await sees_problems_known()
        return _error_response(request, status, problem_said(exc))

    @app.exception_handler(RequestValidationError)
    async def _request_error(request: Request, exc: RequestValidationError) -> Response:
        await people_known()
        if is_api_path(request.url.path):
            content_type = request.headers.get("content-type", "")
            return _error_response(request, 422, _validation_message(exc, request.url.path, content_type))
        return error_page(422, _page_validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        await people_known()
        if exc.status_code == 405 and (allowed := allowed_methods(request)):
            exc = StarletteHTTPException(405, _not_allowed(request, allowed), {"Allow": ", ".join(allowed)})
        if is_api_path(request.url.path):
            detail = str(exc.detail)
            if exc.status_code == 400 and detail == BODY_PARSE_ERROR:
                detail = _body_message(exc.__cause__)
            return _error_response(request, exc.status_code, detail, exc.headers)
        return _error_response(
            request, exc.status_code, _page_message(exc.status_code, exc.detail), exc.headers
        )

    # the last added runs first: bugs are caught around everything, hosts checked before any body
    from backstride.web.auth import SignInMiddleware

    # a bug in a page or the API: its page is drawn inside the sign-in and with who acts, so its menu
    # and footer are those of every other page (a home with a password said "stay on this computer"
    # and lost "Sign out"); the outer one below catches a bug in the middlewares around these
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(ActingMiddleware)
    app.add_middleware(UploadLimitMiddleware, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(  # before any body is read
        SignInMiddleware, access=app.state.access, require_password=settings.require_password
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(PeopleMiddleware, records=app.state.records)  # around the page for a bug too
    app.add_middleware(SafeHeadersMiddleware)  # around everything: also on the error answers

    from backstride.web import (
        account_pages,
        api,
        auth,
        everyday_api,
        everyday_pages,
        pages,
        people_pages,
        report_pages,
        staff_pages,
        walking_test_pages,
    )

    # the pages first: a request is matched against the routes in this order, and the question page
    # and its answer (the interview, many times a check) met the API's 32 routes first (120 us of
    # matching, twice a request; 10 us first). No two routers share a path, so the order decides nothing else
    app.include_router(pages.router)
    app.include_router(auth.router)
    app.include_router(account_pages.router)  # GET, POST /my-password
    app.include_router(staff_pages.router)  # /staff: a staff admin manages the staff
    app.include_router(api.router)
    app.include_router(people_pages.router)
    app.include_router(walking_test_pages.router)  # GET, POST /walking-test
    app.include_router(everyday_pages.router)  # GET, POST /everyday
    app.include_router(everyday_api.router)  # GET, POST /api/everyday
    app.include_router(report_pages.router)  # GET /report.pdf
    return app


def create_serving_app() -> FastAPI:
    """The app each worker of ``backstride serve --workers N`` builds (settings from the environment):
    it settles (``settle_for_serving``) once it has started."""
    return create_app(settle=True)


__all__ = [
    "PeopleMiddleware",
    "SeveralPeople",
    "SafeHeadersMiddleware",
    "TrustedHostMiddleware",
    "UnexpectedErrorMiddleware",
    "UploadLimitMiddleware",
    "create_app",
    "create_serving_app",
    "host_name",
    "people_known",
    "people_not_asked",
    "problem_said",
    "settle_for_serving",
    "status_for",
]
