"""Sign-in, when the app has a shared password or staff (``services.access``; ``backstride password
set``, ``backstride staff add``).

Without either nothing here does anything: the home app on 127.0.0.1 opens straight away. With one,
``SignInMiddleware`` lets a request through only with a valid session cookie (set by the sign-in
page) or HTTP Basic credentials (a staff member's name and password, or the shared password with no
or any other user name; for scripts and the API); otherwise a page is sent to ``/sign-in`` and an
API call gets 401 with ``WWW-Authenticate``. The sign-in page, its CSS and ``/sign-out`` are always
reachable. A staff member's name is left in the request (``STAFF_SCOPE_KEY``) for
``app.ActingMiddleware``, so what they do is written down with it.

It also tells the pages (``templating.SHARED``) whether others may open this app (a password is
set, or the browser is on another computer), so that they never say "stays on this computer" then.

A wrong password waits a second before its answer, so a guessing program gets one try a second per
connection; the password itself is scrypt-hashed (slow on purpose).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import ipaddress
import json
import math
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import anyio
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.core.errors import NotFoundError, StorageError, TooManyGuessesError
from backstride.services.access import NAME_MAX_CHARS, SESSION_HOURS, Access, SignedIn
from backstride.web.deps import refuse_cross_site_writes
from backstride.web.templating import (
    SEES_PROBLEMS,
    SEES_PROBLEMS_STILL,
    SHARED,
    SIGN_IN_REQUIRED,
    SIGNED_IN,
    STAFF_ADMIN,
)

SESSION_COOKIE = "backstride_session"
STAFF_SCOPE_KEY = "backstride.staff"  # the signed-in staff member's name, in the ASGI scope
WHO_SCOPE_KEY = "backstride.who"  # who signed in (services.access.SignedIn), read afresh each request
OPEN_PATHS = frozenset({"/sign-in", "/sign-out"})
WRONG_PASSWORD_DELAY_S = 1.0
router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _basic_credentials(headers: dict[bytes, bytes]) -> tuple[str, str] | None:
    """(user name, password) of an HTTP Basic ``Authorization`` header, else None."""
    scheme, _, encoded = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        sent = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        return None
    try:
        text = sent.decode("utf-8")
    except UnicodeDecodeError:  # ISO-8859-1, RFC 7617's old default, as Python's requests sends "Zoë"
        text = sent.decode("latin-1")
    user, _, password = text.partition(":")
    return user, password


PASSWORD_CLEARED_MESSAGE = (
    "this backstride is open to other computers, and its password was removed (and it has no staff), "
    "so it shows nothing until a new one is set with 'backstride password set' or a staff member is "
    "added with 'backstride staff add NAME' (or it is started again with --no-password behind your "
    "own sign-in)"
)


def _address(scope: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address | str | None:
    """The client's address (behind a proxy on this computer, uvicorn puts the proxy's
    ``X-Forwarded-For`` there); what it gave when that is not an address (a Unix socket, a test
    client); None without one."""
    return _ip(scope.get("client"))


def _ip(host_port: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address | str | None:
    """The address of an ASGI ``(host, port)`` (the scope's client or server), as ``_address``."""
    if not host_port:
        return None
    try:
        address = ipaddress.ip_address(str(host_port[0]))
    except ValueError:
        return str(host_port[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:127.0.0.1, on a server listening on "::"
    return address


def from_another_computer(scope: Any) -> bool:
    """Whether the request came from another computer (its client is an address that is not
    loopback; not an address: not known to be another)."""
    address = _address(scope)
    return isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address) and not address.is_loopback


def guessing_client(scope: Any) -> str | None:
    """The computer a password came from, as wrong passwords are counted (``services.access``): its
    address, an IPv6 one by its /64 network (a home or an office is usually given a whole /64, so a
    guesser cannot take a new address for each try). But every computer on one network shares its
    /64: one on the server's own network (the clinic's), or link-local, is counted by its address,
    so one person's mistyped passwords never make the whole clinic wait."""
    address = _address(scope)
    if isinstance(address, ipaddress.IPv6Address):
        # (int: without a zone such as %eth0, which ``in`` and ``exploded`` do not take)
        network = ipaddress.IPv6Network((int(address), 64), strict=False)
        server = _ip(scope.get("server"))
        if address.is_link_local or (
            isinstance(server, ipaddress.IPv6Address) and ipaddress.IPv6Address(int(server)) in network
        ):
            return str(address)
        return str(network)
    return None if address is None else str(address)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


class StillOpen:
    """Whether this app still needs no sign-in, asked when the database failed in a request the owner at
    home was let through on the sign-in state read when it began (or as kept, ``SETTINGS_TTL_S``, for a
    change made by an older backstride): read again from the database the first time (a password set by
    the command line while it was answered counts; no other request pays for the read), as last read
    when it cannot be read (``templating.SEES_PROBLEMS_STILL``)."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self.answer: bool | None = None

    def __call__(self) -> bool:
        if self.answer is None:
            self.answer = self.access.required_now() is not True
        return self.answer


class SignInMiddleware:
    """Let a request through only when signed in, if the app has a password (see the module)."""

    def __init__(self, app: Any, access: Access, *, require_password: bool = False) -> None:
        self.app = app
        self.access = access
        self.require_password = require_password  # served to other computers: never open without one

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from backstride.web.app import _error_response, people_known, problem_said, status_for

        try:
            required, allowed, with_session, who = await self._check(scope)
        except (StorageError, TooManyGuessesError) as exc:  # 503 (the password unreadable) or 429, said
            headers = retry_after(exc) if isinstance(exc, TooManyGuessesError) else None
            await people_known(database_failed=isinstance(exc, StorageError))  # the page's footer
            # who asks cannot be told now: the owner only if no sign-in was needed when last read and they
            # are at this computer of an app not served to others. Never read (the first request after
            # start): it may have a password, kept from whoever else sits at this computer, so plain
            # words; the why is in the server's log (problem_said)
            last = self.access.required_when_last_read()
            sees = SEES_PROBLEMS.set(last is False and not self._shared(scope, last))
            try:
                said = problem_said(exc)
            finally:
                SEES_PROBLEMS.reset(sees)
            await _error_response(Request(scope), status_for(exc), said, headers)(scope, receive, send)
            return
        path = scope.get("path", "")
        others_may_open = self._shared(scope, required)
        shared = SHARED.set(others_may_open)
        clinic = SIGN_IN_REQUIRED.set(bool(required))  # who did what speaks of staff only then (views)
        signed_in = SIGNED_IN.set(with_session)
        admin = STAFF_ADMIN.set(who is not None and who.is_admin)
        # why the database failed: for the owner at home with no password, and for anyone signed in
        sees = SEES_PROBLEMS.set(who is not None or not others_may_open)
        # the owner at home: only while no sign-in is needed, read again if the database fails (R12)
        still = SEES_PROBLEMS_STILL.set(
            StillOpen(self.access) if who is None and not others_may_open else None
        )
        if who is not None:
            scope[WHO_SCOPE_KEY] = who
            if who.name is not None:
                scope[STAFF_SCOPE_KEY] = who.name
        try:
            if not required and self.require_password and not path.startswith("/static/"):
                await people_known()
                await _error_response(Request(scope), 503, PASSWORD_CLEARED_MESSAGE)(scope, receive, send)
            elif allowed:
                await self.app(scope, receive, send)
            else:
                await self._refuse(scope, send, path)
        finally:
            SEES_PROBLEMS_STILL.reset(still)
            SEES_PROBLEMS.reset(sees)
            STAFF_ADMIN.reset(admin)
            SIGNED_IN.reset(signed_in)
            SHARED.reset(shared)
            SIGN_IN_REQUIRED.reset(clinic)

    def _shared(self, scope: Any, required: bool) -> bool:
        """Whether others may open this app: it needs a sign-in, or must have one (served to other
        computers), or this request came from another computer."""
        return required or self.require_password or from_another_computer(scope)

    async def _check(self, scope: Any) -> tuple[bool, bool, bool, SignedIn | None]:
        """(whether the app needs a sign-in; whether this request may pass; whether it came with a
        session cookie, so its pages offer "Sign out"; who signed in). Only this reads the sign-in
        state, so only this can meet an unreadable database or too many guesses."""
        path = scope.get("path", "")
        headers = dict(scope.get("headers") or ())
        session = _cookie(headers, SESSION_COOKIE)
        last = self.access.required_when_last_read()
        if path.startswith("/static/") and last is not None:  # the app's own CSS and scripts: open to all
            return last, True, False, None
        # read on every request, with the session (one thread hop): a password set by the command line
        # (another process) is needed from the next request on (``Access._stored``: one row read)
        required, who = await anyio.to_thread.run_sync(self.access.required_and_session, session)
        if not required or path in OPEN_PATHS or path.startswith("/static/"):
            return required, True, False, None
        if who is not None:
            return True, True, True, who
        credentials = _basic_credentials(headers)
        if credentials is not None:
            basic = partial(self.access.basic, *credentials, client=guessing_client(scope))
            who = await anyio.to_thread.run_sync(basic)
            if who is not None:
                return True, True, session is not None, who
            await asyncio.sleep(WRONG_PASSWORD_DELAY_S)
        return True, False, False, None

    @staticmethod
    async def _refuse(scope: Any, send: Any, path: str) -> None:
        from backstride.web.app import is_api_path

        if is_api_path(path):
            body = json.dumps(
                {"detail": "sign in first: this app has a password (send it with HTTP Basic authentication)"}
            ).encode()
            headers = [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Basic realm="backstride", charset="UTF-8"'),
            ]
            status = 401
        else:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            headers = [(b"location", f"/sign-in?next={quote(target, safe='')}".encode("latin-1"))]
            body, status = b"", 303
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def retry_after(exc: TooManyGuessesError) -> dict[str, str]:
    """The ``Retry-After`` header of a 429 for too many wrong passwords: the seconds to wait."""
    return {"Retry-After": str(max(1, math.ceil(exc.wait_s)))}


def access_of(request: Request) -> Access:
    """The app's sign-in state (``services.access.Access``), made once by ``create_app``."""
    access: Access = request.app.state.access
    return access


def said(exc: Exception) -> str:
    """A refusal's message as a page says it: a capital first letter and a full stop."""
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _sign_in_page(
    access: Access, next_url: str, *, name: str = "", error: str = "", status_code: int = 200
) -> HTMLResponse:
    from backstride.web.pages import render

    return render(
        "sign_in.html",
        status_code=status_code,
        page_title=("Error: " if error else "") + "Sign in",
        next_url=next_url,
        error=error,
        ask_name=access.has_staff,
        shared_password=access.password_set,
        name=name,  # kept as typed (never the password)
        name_max_chars=NAME_MAX_CHARS,
    )


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query's name
    access = access_of(request)
    if not access.required:
        return RedirectResponse(safe_next(next), status_code=303)
    return _sign_in_page(access, safe_next(next))


@router.post("/sign-in")
async def sign_in(
    request: Request,
    password: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",  # noqa: A002 - the form field's name
) -> Response:
    access = access_of(request)
    target = safe_next(next)
    if not await anyio.to_thread.run_sync(lambda: access.required):
        return RedirectResponse(target, status_code=303)

    async def again(error: str, status_code: int) -> HTMLResponse:
        # the page reads the sign-in state, from the database once it is a few seconds old (a wrong
        # password waits a second, a busy scrypt longer): in the thread pool, never on the event loop
        page = partial(_sign_in_page, access, target, name=name, error=error, status_code=status_code)
        return await anyio.to_thread.run_sync(page)

    if not password:
        return await again("Please type the password.", 422)
    try:
        who = await anyio.to_thread.run_sync(
            partial(access.sign_in, name, password, client=guessing_client(request.scope))
        )
    except TooManyGuessesError as exc:
        page = await again(said(exc), 429)
        page.headers.update(retry_after(exc))
        return page
    token = None
    if who is not None:
        try:
            token = await anyio.to_thread.run_sync(access.new_session, who)
        except NotFoundError:  # removed, or the password changed, since the check: as if it were wrong
            token = None
    if token is None:
        await asyncio.sleep(WRONG_PASSWORD_DELAY_S)
        # with staff, never which of the two was wrong
        has_staff = await anyio.to_thread.run_sync(lambda: access.has_staff)
        wrong = "That name or password is not right." if has_staff else "That password is not right."
        return await again(wrong + " Please try again.", 401)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, token)
    return response


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """Give the browser its session (``Access.new_session``): never readable by scripts, never sent
    from another site, only over HTTPS when the app is served so."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.post("/sign-out")
def sign_out() -> Response:
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


__all__ = [
    "SESSION_COOKIE",
    "STAFF_SCOPE_KEY",
    "SignInMiddleware",
    "from_another_computer",
    "guessing_client",
    "router",
    "safe_next",
]
