"""A staff member changes their own password on a page (``/my-password``), so a clinic's staff need not
ask whoever runs the server (``backstride staff password NAME`` is still there for a forgotten one).

Only for someone signed in by name (``web.auth`` leaves the name in the request). Someone signed in
with the shared password, or a home app without sign-in, is told where that password is changed
instead. The current password is checked as a sign-in checks it (a wrong one waits a second and counts
as a wrong guess); the change ends every other session of theirs, and this browser gets a new one.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.core.errors import InputError, NotFoundError, StorageError, TooManyGuessesError
from backstride.services.access import PASSWORD_MIN_CHARS
from backstride.web import auth
from backstride.web.deps import refuse_cross_site_writes

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])


def _page(
    request: Request,
    *,
    error: str = "",
    error_field: str = "",
    changed: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    from backstride.web.pages import render

    access = auth.access_of(request)
    return render(
        "my_password.html",
        status_code=status_code,
        page_title=("Error: " if error else "") + "Change my password",
        name=request.scope.get(auth.STAFF_SCOPE_KEY),
        signed_in_at_all=access.required,
        error=error,
        error_field=error_field,
        changed=changed,
        min_chars=PASSWORD_MIN_CHARS,
    )


@router.get("/my-password", response_class=HTMLResponse)
def my_password_page(request: Request, changed: str = "") -> Response:
    return _page(request, changed=changed == "1" and bool(request.scope.get(auth.STAFF_SCOPE_KEY)))


@router.post("/my-password")
async def my_password_change(
    request: Request,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    name = request.scope.get(auth.STAFF_SCOPE_KEY)
    access = auth.access_of(request)

    async def again(error: str, field: str, status_code: int = 422) -> HTMLResponse:  # no password is kept
        # the page reads the sign-in state (the database, now and then): in the thread pool, as the
        # password's check, never on the event loop (async only for the wrong password's wait)
        page = functools.partial(_page, request, error=error, error_field=field, status_code=status_code)
        return await anyio.to_thread.run_sync(page)

    if not name:  # the page says where such a password is changed
        return await anyio.to_thread.run_sync(functools.partial(_page, request, status_code=403))
    if not current_password:
        return await again("Please type the password you have now.", "current_password")
    if not new_password:
        return await again("Please type a new password.", "new_password")
    if new_password != new_password_again:
        return await again(
            "The two new passwords are not the same. Please type them again.", "new_password_again"
        )
    try:
        change = functools.partial(
            access.change_own_password,
            name,
            current_password,
            new_password,
            client=auth.guessing_client(request.scope),
        )
        who = await anyio.to_thread.run_sync(change)
    except TooManyGuessesError as exc:
        page = await again(auth.said(exc), "current_password", 429)
        page.headers.update(auth.retry_after(exc))
        return page
    except StorageError:  # the database failed, not the password: the app's 503 page, its why logged
        raise
    except InputError as exc:  # the new password: too short, too long, the same as now
        return await again(auth.said(exc), "new_password")
    if who is None:
        await asyncio.sleep(auth.WRONG_PASSWORD_DELAY_S)
        return await again(
            "That is not the password you have now. Please try again.", "current_password", 401
        )
    try:
        token = await anyio.to_thread.run_sync(access.new_session, who)
    except NotFoundError:  # removed just after the change: signed out, as their sessions are
        return RedirectResponse("/sign-in", status_code=303)
    response = RedirectResponse("/my-password?changed=1", status_code=303)
    auth.set_session_cookie(response, request, token)
    return response


__all__ = ["router"]
