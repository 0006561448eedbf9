"""The People page: whose records this backstride keeps (several people, for example in a clinic).

    GET  /people                 everyone with how many records they have, and a form to add someone
                                 (``?choose=1``: "Choose whose records to open", where a page sends
                                 the browser when there are several people and none was chosen)
    POST /people                 add a person                          -> /people?added=ID
    POST /people/{id}/open       open their records (sets the cookie)  -> /
    GET  /people/{id}            change their name, height or details, or delete them (saying how many
                                 records go)
    POST /people/{id}            change their name, height or details  -> /people?changed=ID
    POST /people/{id}/delete     with ``confirm=yes``: delete them and their records -> /people?deleted=1
    GET  /activity               what was done to the records, newest first (``services.activity``;
                                 ``?before=ID``: the next, older lines)

The service (``services.people``) keeps the rules (a label unique in any case, 1-80 characters, a
height from 50 to 250 cm, the details a clinic matches its record by: ``checked_identity``); this
page words its problems for a person and keeps what they typed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from backstride.core.errors import BackstrideError, InputError, NotFoundError, StorageError
from backstride.core.typed import NotCentimetres, typed_centimetres
from backstride.services.form_tokens import new_form_token
from backstride.services.people import (
    GENDERS,
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    IDENTITY_FIELDS,
    LABEL_MAX_CHARS,
    MRN_MAX_CHARS,
    MRN_SYSTEM_MAX_CHARS,
    NAME_MAX_CHARS,
    PersonView,
    checked_identity,
    clean_label,
    counts_in_words,
    same_label,
    system_without_number,
)
from backstride.services.records import Records
from backstride.web import views
from backstride.web.deps import get_records, refuse_cross_site_writes
from backstride.web.pages import _error_page, _see_other, render
from backstride.web.whose import PERSON_COOKIE, remember_person

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])

RecordsDep = Annotated[Records, Depends(get_records)]
FormText = Annotated[str, Form()]


def counts_words(counts: dict[str, int]) -> str:
    """``3 checks, 1 walk and 10 diary days`` (what a person's records are, in the pages' words)."""
    return counts_in_words(counts, diary=("diary day", "diary days"))


def _label_problem(label: str, people: list[PersonView], *, other_than: int | None = None) -> str | None:
    """What is wrong with a name typed on the page, in the page's words (None: it can be kept)."""
    joined = " ".join(label.split())
    if not joined:
        return "Name: please type a name, initials or a clinic number."
    if len(joined) > LABEL_MAX_CHARS:
        return f"Name: please keep it to {LABEL_MAX_CHARS} letters or fewer (this one has {len(joined)})."
    try:
        clean_label(joined)
    except InputError:
        return "Name: please use only letters, numbers, spaces and marks you can type."
    same = next((p for p in people if same_label(p.label, joined) and p.id != other_than), None)
    if same is not None:
        return (
            f"Name: there is already someone called “{same.label}”. "
            "Please choose another name, so no one is mixed up."
        )
    return None


def _height(text: str) -> tuple[float | None, str | None]:
    """A height typed on the page: (cm or None when blank, the problem in words or None)."""
    if not text.strip():
        return None, None
    try:  # "170cm" too, as the walk page and --height-cm read it
        height = typed_centimetres(text)
    except NotCentimetres as exc:
        said = "" if exc.metres_in_cm is None else f" ({exc.metres_in_cm:g} cm)"
        return None, f"Height: “{text}” is not in cm. Please type it in cm, like 172{said}, or leave it out."
    except ValueError:
        return None, f"Height: “{text}” is not a height. Please type it in cm, like 172, or leave it blank."
    if not HEIGHT_MIN_CM <= height <= HEIGHT_MAX_CM:
        return (
            None,
            f"Height: please type a height from {HEIGHT_MIN_CM} to {HEIGHT_MAX_CM} cm, or leave it blank.",
        )
    return height, None


# what _person_form.html needs for the details a clinic matches its record by
IDENTITY_LIMITS = {
    "name_max": NAME_MAX_CHARS,
    "mrn_max": MRN_MAX_CHARS,
    "mrn_system_max": MRN_SYSTEM_MAX_CHARS,
    "genders": GENDERS,
}
# each detail's problem in the page's words (the service's names the field and the value)
_IDENTITY_PROBLEMS = {
    "name": f"Full name: please keep it to {NAME_MAX_CHARS} letters or fewer, with only letters, numbers "
    "and marks you can type.",
    "birth_date": "Birth date: please give a day from 1900 until today, like 1961-04-23, or leave it blank.",
    "gender": "Gender: please choose one from the list, or leave it blank.",
    "mrn": f"Clinic number: please keep it to {MRN_MAX_CHARS} letters or fewer, with only letters, numbers "
    "and marks you can type.",
    "mrn_system": "The clinic number's system: please type a URI, like urn:oid:1.2.36.146.595.217.0.1, or "
    "leave it blank.",
}


def _identity(form: dict[str, str], today: Any) -> tuple[dict[str, Any], list[str]]:
    """The details typed on the page (a blank one: not given), and their problems in the page's words."""
    typed = {key: form[key] for key in IDENTITY_FIELDS}
    problems = []
    for key, value in typed.items():
        try:
            checked_identity({key: value}, today=today)
        except InputError:
            problems.append(_IDENTITY_PROBLEMS[key])
    if not problems and system_without_number(checked_identity(typed, today=today)):
        problems.append("Clinic number: please type the number too, or leave its system blank.")
    return typed, problems


def _identity_form(person: PersonView) -> dict[str, str]:
    return {key: value or "" for key, value in person.identity().items()}


def _remembered(request: Request) -> int | None:
    value = request.cookies.get(PERSON_COOKIE, "").strip()
    return int(value) if value.isdigit() else None


def _people_page(
    request: Request,
    records: Records,
    *,
    status_code: int = 200,
    errors: list[str] | None = None,
    form: dict[str, str] | None = None,
    **notes: Any,
) -> HTMLResponse:
    people = records.people.list()
    current = _remembered(request)
    rows = [
        {
            "id": p.id,
            "label": p.label,
            "checks": p.counts.get("assessments", 0),
            "walks": p.counts.get("gait_recordings", 0),
            "days": p.counts.get("diary_entries", 0),
            "everyday": p.everyday_days,
            "open_now": p.id == current or len(people) == 1,
        }
        for p in people
    ]
    by_id = {p.id: p.label for p in people}
    return render(
        "people.html",
        status_code=status_code,
        page_title=("Error: " if errors else "") + "People",
        nav="people",
        several_people=len(people) > 1,
        people=rows,
        errors=errors or [],
        form=form or {"label": "", "height_cm": "", **dict.fromkeys(IDENTITY_FIELDS, "")},
        # the Add form's one-time token (services.form_tokens): sent twice, answered as the first was;
        # a refused form shown again keeps the token it was sent with
        form_token=(form or {}).get("form_token") or new_form_token(),
        label_max=LABEL_MAX_CHARS,
        **IDENTITY_LIMITS,
        added=by_id.get(notes.get("added") or -1),
        changed=by_id.get(notes.get("changed") or -1),
        deleted=bool(notes.get("deleted")),
        choose=bool(notes.get("choose")) and len(people) > 1,
    )


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    records: RecordsDep,
    choose: int = 0,
    added: int | None = None,
    changed: int | None = None,
    deleted: int = 0,
) -> HTMLResponse:
    return _people_page(request, records, choose=choose, added=added, changed=changed, deleted=deleted)


def _person_form(
    label: FormText = "",
    height_cm: FormText = "",
    name: FormText = "",
    birth_date: FormText = "",
    gender: FormText = "",
    mrn: FormText = "",
    mrn_system: FormText = "",
) -> dict[str, str]:
    """The fields of _person_form.html as typed (adding someone, or changing them)."""
    typed = (label, height_cm, name, birth_date, gender, mrn, mrn_system)
    return dict(zip(("label", "height_cm", *IDENTITY_FIELDS), typed, strict=True))


PersonForm = Annotated[dict[str, str], Depends(_person_form)]


@router.post("/people")
def person_add(
    request: Request, records: RecordsDep, form: PersonForm, form_token: FormText = ""
) -> Response:
    label = form["label"]
    height, height_problem = _height(form["height_cm"])
    identity, identity_problems = _identity(form, records.today())

    def sent_twice() -> PersonView | None:
        """The person this very form added a moment ago (a double click on Add), with what was typed."""
        if height_problem or identity_problems:
            return None
        return records.people.added_with_form(form_token, label, height_cm=height, identity=identity)

    # the same form sent twice: answered as the first was (the person saved), never "the name is taken"
    if (earlier := sent_twice()) is not None:
        return _see_other(f"/people?added={earlier.id}")
    errors = [e for e in (_label_problem(label, records.people.list()), height_problem) if e]
    errors += identity_problems
    if not errors:
        try:
            person = records.people.add(label, height_cm=height, identity=identity, form_token=form_token)
        except StorageError as exc:
            return _error_page(exc)
        except InputError as exc:  # e.g. the same name added meanwhile in another tab
            if (earlier := sent_twice()) is not None:  # ... or by this form, sent twice at once
                return _see_other(f"/people?added={earlier.id}")
            errors.append(f"This person could not be added: {exc}.")
    if errors:
        return _people_page(
            request, records, status_code=422, errors=errors, form={**form, "form_token": form_token[:64]}
        )
    return _see_other(f"/people?added={person.id}")


@router.post("/people/{person_id}/open")
def person_open(request: Request, person_id: int, records: RecordsDep) -> Response:
    """Open a person's records: the pages without ``?person=`` show theirs from now on (the cookie)."""
    try:
        person = records.people.get(person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    response = _see_other("/")
    remember_person(response, person.id, secure=request.url.scheme == "https")
    return response


def _person_page(
    records: Records,
    person: PersonView,
    *,
    status_code: int = 200,
    errors: list[str] | None = None,
    form: dict[str, str] | None = None,
    delete_error: str | None = None,
) -> HTMLResponse:
    total = sum(int(n) for n in person.counts.values()) + person.everyday_days
    return render(
        "person.html",
        status_code=status_code,
        page_title=("Error: " if errors or delete_error else "") + f"Change or delete {person.label}",
        nav="people",
        several_people=len(records.people.list()) > 1,
        person={"id": person.id, "label": person.label},
        records_words=person.records_in_words(diary=("diary day", "diary days")),
        total=total,
        errors=errors or [],
        form=form
        or {
            "label": person.label,
            "height_cm": views.number(person.height_cm) if person.height_cm else "",
            **_identity_form(person),
        },
        label_max=LABEL_MAX_CHARS,
        **IDENTITY_LIMITS,
        delete_error=delete_error,
    )


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(person_id: int, records: RecordsDep) -> Response:
    try:
        person = records.people.get(person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    return _person_page(records, person)


@router.post("/people/{person_id}")
def person_change(person_id: int, records: RecordsDep, form: PersonForm) -> Response:
    """Rename a person and change their height and details (a blank one forgets it)."""
    try:
        person = records.people.get(person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    label = form["label"]
    height, height_problem = _height(form["height_cm"])
    identity, identity_problems = _identity(form, records.today())
    problem = _label_problem(label, records.people.list(), other_than=person.id)
    errors = [e for e in (problem, height_problem) if e] + identity_problems
    if not errors:
        try:
            records.people.update(person.id, label=label, height_cm=height, identity=identity)
        except (NotFoundError, StorageError) as exc:  # deleted meanwhile; the database failed
            return _error_page(exc)
        except InputError as exc:  # e.g. the same name given meanwhile in another tab
            errors.append(f"This could not be saved: {exc}.")
    if errors:
        return _person_page(records, person, status_code=422, errors=errors, form=form)
    return _see_other(f"/people?changed={person.id}")


@router.post("/people/{person_id}/delete")
def person_delete(request: Request, person_id: int, records: RecordsDep, confirm: FormText = "") -> Response:
    """Delete a person and every record of theirs (nobody else's), once the box says they are sure."""
    try:
        person = records.people.get(person_id)
        if confirm != "yes":
            message = "Nothing was deleted. Tick the box to say you are sure, then press the button again."
            return _person_page(records, person, status_code=422, delete_error=message)
        records.people.delete(person.id)
    except BackstrideError as exc:
        return _error_page(exc)
    response = _see_other("/people?deleted=1")
    if _remembered(request) == person.id:  # their records were open in this browser: no longer
        response.delete_cookie(PERSON_COOKIE, path="/", httponly=True, samesite="strict")
    return response


ACTIVITY_PAGE_LINES = 100


@router.get("/activity", response_class=HTMLResponse)
def activity_page(records: RecordsDep, before: int | None = None) -> HTMLResponse:
    events = records.activity.list(limit=ACTIVITY_PAGE_LINES, before=before)
    rows = [
        {
            "when": views.when(e.at),
            "what": e.what,
            "whose": "" if e.person_label is None else f"{e.person_label} (person {e.person_id})",
            "detail": e.detail,
            "who": e.who,
        }
        for e in events
    ]
    older = events[-1].id if len(events) == ACTIVITY_PAGE_LINES else None
    return render(
        "activity.html", page_title="What was done", nav="people", events=rows, older=older, before=before
    )


__all__ = ["counts_words", "router"]
