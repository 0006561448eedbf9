"""The Staff page: a staff admin manages the clinic's staff on the web app, as ``backstride staff`` does
at the computer that holds the database.

    GET  /staff                    the staff, and a form to add someone (admins only)
    POST /staff                    add a member (name, password twice, admin or not) -> /staff?added=ID
    GET  /staff/{id}               one member: a new password, admin or not, remove
    POST /staff/{id}/password      a new password for them (twice); their sessions end -> /staff?changed=ID
    POST /staff/{id}/admin         ``admin=yes`` or ``no``                              -> /staff?changed=ID
    POST /staff/{id}/remove        with ``confirm=yes``: they can no longer sign in     -> /staff?removed=1

Only a member signed in by name who is an admin (``staff.is_admin``, migration 0010; ``backstride staff
admin NAME`` makes the first) may use it; anyone else gets 403 and a page saying who can. An admin
cannot remove themselves or stop being an admin here (another admin can, or the command line), so
there is always an admin who can use the page. Their own password is changed on "My password". Every
change is written in the activity list with the admin's name (``services.access``).

Every route is a plain ``def``: FastAPI parses the form on the event loop, then runs the route in its
thread pool, so reading the staff from the database (and hashing a password) never holds up other pages.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.core.errors import InputError, NotAllowedError, NotFoundError, StorageError
from backstride.services.access import (
    NAME_MAX_CHARS,
    PASSWORD_MIN_CHARS,
    SignedIn,
    StaffMember,
    checked_name,
    checked_password,
)
from backstride.services.form_tokens import new_form_token
from backstride.web import auth, views
from backstride.web.deps import refuse_cross_site_writes

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])
FormText = Annotated[str, Form()]
SAME_AGAIN = "The two passwords are not the same. Please type them again."
NOT_YOURSELF = "You cannot {what}; another admin can do it."


def _admin(request: Request) -> SignedIn | None:
    """Who is signed in, when they are a staff admin; else None."""
    who = request.scope.get(auth.WHO_SCOPE_KEY)
    return who if isinstance(who, SignedIn) and who.name is not None and who.is_admin else None


def _render(template: str, request: Request, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    from backstride.web.pages import render

    # when: the server's local time, as on every other page (the activity list, past checks)
    return render(template, status_code=status_code, when=views.when, **context)


def _not_admin(request: Request) -> HTMLResponse:
    who = request.scope.get(auth.WHO_SCOPE_KEY)
    return _render(
        "staff.html",
        request,
        status_code=403,
        page_title="Staff",
        allowed=False,
        by_name=isinstance(who, SignedIn) and who.name is not None,
        signed_in_at_all=auth.access_of(request).required,
    )


def _list_page(
    request: Request,
    me: SignedIn,
    *,
    form: dict[str, str] | None = None,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
    added: str = "",
    changed: str = "",
    removed: bool = False,
) -> HTMLResponse:
    staff = auth.access_of(request).staff()
    by_id = {str(m.id): m.name for m in staff}
    return _render(
        "staff.html",
        request,
        status_code=status_code,
        page_title=("Error: " if error else "") + "Staff",
        allowed=True,
        staff=staff,
        me=me,
        form=form or {"name": "", "admin": ""},
        # the Add form's one-time token (services.form_tokens): sent twice, answered as the first was;
        # a refused form shown again keeps the token it was sent with
        form_token=(form or {}).get("form_token") or new_form_token(),
        error=error,
        error_field=error_field,
        added=by_id.get(added, ""),
        changed=by_id.get(changed, ""),
        removed=removed,
        name_max=NAME_MAX_CHARS,
        min_chars=PASSWORD_MIN_CHARS,
    )


def _member_page(
    request: Request,
    me: SignedIn,
    member: StaffMember,
    *,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return _render(
        "staff_member.html",
        request,
        status_code=status_code,
        page_title=("Error: " if error else "") + f"Staff: {member.name}",
        member=member,
        is_me=member.id == me.staff_id,
        error=error,
        error_field=error_field,
        min_chars=PASSWORD_MIN_CHARS,
    )


def _member(request: Request, staff_id: int) -> StaffMember | None:
    try:
        return auth.access_of(request).staff_by_id(staff_id)
    except NotFoundError:
        return None


def _gone(request: Request) -> HTMLResponse:
    from backstride.web.app import page_heading
    from backstride.web.pages import render

    return render(
        "error.html",
        status_code=404,
        heading=page_heading(404),
        message="There is no such staff member. They may have been removed.",
    )


def _admin_and_member(request: Request, staff_id: int) -> tuple[SignedIn, StaffMember] | HTMLResponse:
    """The admin signed in and the member a page of theirs is about; else the page that says why not
    (403 for anyone but an admin, 404 for a member who is not there)."""
    me = _admin(request)
    if me is None:
        return _not_admin(request)
    member = _member(request, staff_id)
    return _gone(request) if member is None else (me, member)


def _refused(request: Request, me: SignedIn, member: StaffMember, error: str, field: str) -> HTMLResponse:
    return _member_page(request, me, member, error=error, error_field=field, status_code=422)


@router.get("/staff", response_class=HTMLResponse)
def staff_page(request: Request, added: str = "", changed: str = "", removed: str = "") -> Response:
    me = _admin(request)
    if me is None:
        return _not_admin(request)
    return _list_page(request, me, added=added, changed=changed, removed=removed == "1")


@router.post("/staff")
def staff_add(
    request: Request,
    name: FormText = "",
    password: FormText = "",
    password_again: FormText = "",
    admin: FormText = "",
    form_token: FormText = "",
) -> Response:
    me = _admin(request)
    if me is None:
        return _not_admin(request)
    # kept when the page comes back; the passwords never
    form = {"name": name, "admin": admin, "form_token": form_token[:64]}
    access = auth.access_of(request)

    def sent_twice() -> StaffMember | None:
        """The member this very form added a moment ago (a double click on Add), as typed."""
        if password != password_again or admin not in ("", "yes"):
            return None
        return access.added_with_form(form_token, name, password, admin=admin == "yes")

    def again(error: str, field: str) -> HTMLResponse:
        return _list_page(request, me, form=form, error=error, error_field=field, status_code=422)

    if not name.strip():
        return again("Please type their name, as they will type it to sign in.", "name")
    if not password:
        return again("Please type a password for them.", "password")
    if password != password_again:
        return again(SAME_AGAIN, "password_again")
    if admin not in ("", "yes"):
        return again("Admin: please tick the box or leave it empty.", "admin")
    for field, check in (("name", checked_name), ("password", checked_password)):
        try:
            check(name if field == "name" else password)
        except InputError as exc:  # too long, a ':' or a hidden character; a password too short
            return again(auth.said(exc), field)
    try:
        member = access.add_staff(name, password, admin=admin == "yes", by=me.staff_id, form_token=form_token)
    except NotAllowedError:  # no longer an admin (another worker or the command line): nothing added
        return _not_admin(request)
    except StorageError:  # the database failed, not the name: the app's 503 page, its why logged
        raise
    except InputError as exc:  # the name is taken (in any case) ...
        # ... by this very form, sent twice (a double click on Add): answered as the first was
        if (earlier := sent_twice()) is not None:
            return RedirectResponse(f"/staff?added={earlier.id}", status_code=303)
        return again(auth.said(exc), "name")
    return RedirectResponse(f"/staff?added={member.id}", status_code=303)


@router.get("/staff/{staff_id}", response_class=HTMLResponse)
def staff_member_page(request: Request, staff_id: int) -> Response:
    found = _admin_and_member(request, staff_id)
    return found if isinstance(found, HTMLResponse) else _member_page(request, *found)


@router.post("/staff/{staff_id}/password")
def staff_member_password(
    request: Request, staff_id: int, password: FormText = "", password_again: FormText = ""
) -> Response:
    found = _admin_and_member(request, staff_id)
    if isinstance(found, HTMLResponse):
        return found
    me, member = found
    if member.id == me.staff_id:
        return RedirectResponse("/my-password", status_code=303)  # needs the current one: asked there

    if not password:
        return _refused(request, me, member, "Please type a new password for them.", "password")
    if password != password_again:
        return _refused(request, me, member, SAME_AGAIN, "password_again")
    try:
        auth.access_of(request).set_staff_password(member.name, password, by=me.staff_id)
    except NotAllowedError:
        return _not_admin(request)
    except NotFoundError:
        return _gone(request)
    except StorageError:  # the database failed, not the password: the app's 503 page, its why logged
        raise
    except InputError as exc:
        return _refused(request, me, member, auth.said(exc), "password")
    return RedirectResponse(f"/staff?changed={member.id}", status_code=303)


@router.post("/staff/{staff_id}/admin")
def staff_member_admin(request: Request, staff_id: int, admin: FormText = "") -> Response:
    found = _admin_and_member(request, staff_id)
    if isinstance(found, HTMLResponse):
        return found
    me, member = found
    if member.id == me.staff_id:
        return _refused(
            request, me, member, NOT_YOURSELF.format(what="stop being an admin yourself"), "admin"
        )
    if admin not in ("yes", "no"):
        return _refused(request, me, member, "Admin: please choose yes or no.", "admin")
    try:
        auth.access_of(request).set_staff_admin(member.name, admin == "yes", by=me.staff_id)
    except NotAllowedError:
        return _not_admin(request)
    except NotFoundError:
        return _gone(request)
    return RedirectResponse(f"/staff?changed={member.id}", status_code=303)


@router.post("/staff/{staff_id}/remove")
def staff_member_remove(request: Request, staff_id: int, confirm: FormText = "") -> Response:
    found = _admin_and_member(request, staff_id)
    if isinstance(found, HTMLResponse):
        return found
    me, member = found
    if member.id == me.staff_id:
        return _refused(request, me, member, NOT_YOURSELF.format(what="remove yourself"), "confirm")
    if confirm != "yes":
        return _refused(request, me, member, f"To remove {member.name}, tick the box first.", "confirm")
    try:
        auth.access_of(request).remove_staff(member.name, by=me.staff_id)
    except NotAllowedError:
        return _not_admin(request)
    except NotFoundError:
        return _gone(request)
    return RedirectResponse("/staff?removed=1", status_code=303)


__all__ = ["router"]
