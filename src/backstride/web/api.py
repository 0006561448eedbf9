"""The JSON REST API under ``/api`` (OpenAPI at ``/api/openapi.json``, docs at ``/api/docs``).

Thin adapter: parse the request, call ``services.records.Records``, return its view. Errors are
raised as the ``BackstrideError`` tree and mapped to 4xx by the app factory.

Several people (a clinic): ``/api/people`` lists, adds, changes and deletes them, and every other
endpoint takes ``?person_id=`` (``deps.person_records``): the records of that person, 404 if there is
no such person. Without it the database's one person is meant; with several people a request that
lists, adds, exports, restores or deletes everything is refused (422, ``PersonNeededError``), never
guessed. An item (``/api/walks/{id}``) is found by its id alone, or only among ``person_id``'s.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, Response, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse

from backstride import __version__
from backstride.core.dates import day_words
from backstride.core.errors import (
    InputError,
    NotFoundError,
    RecordingError,
    RecordingOptionError,
    StorageError,
)
from backstride.services.activity import LIST_LIMIT_MAX
from backstride.services.form_tokens import IDEMPOTENCY_KEY_MAX, IdempotencyKeyGoneError
from backstride.services.people import file_suffix, same_label
from backstride.services.records import NOT_A_DIAGNOSIS as RECORD_NOT_A_DIAGNOSIS
from backstride.services.records import (
    DiaryEntryChangedError,
    Records,
    WalkStoredAlreadyError,
    WalkUsedByChecksError,
    diary_entry_words,
    shown_upload_name,
)
from backstride.web.deps import PERSON_ID_SAID, get_records, person_records, refuse_cross_site_writes
from backstride.web.json_body import JSONOnceRoute
from backstride.web.schemas import (
    AnswersIn,
    AssessmentCreate,
    AssessmentOut,
    AssessmentSummaryOut,
    Day,
    DeletedOut,
    DiaryEntryChange,
    DiaryEntryIn,
    DiaryEntryOut,
    ErrorOut,
    EventOut,
    FormCentimetres,
    PersonChange,
    PersonIn,
    PersonOut,
    PlanOut,
    ProgressOut,
    RestoredOut,
    ResultOut,
    VersionOut,
    WalkOut,
    documented,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "A body that cannot be read at all (not UTF-8 JSON, a broken multipart form) "
        "or a Host that is not this computer",
    },
    403: {"model": ErrorOut, "description": "Refused: a change sent by a page of another web site"},
    404: {"model": ErrorOut, "description": "No such record"},
    413: {"model": ErrorOut, "description": "An upload bigger than the limit; the message names it"},
    422: {"model": ErrorOut, "description": "Bad input; the message names the problem"},
    500: {
        "model": ErrorOut,
        "description": "A mistake in backstride (logged); nothing of the request is kept",
    },
}

# How this API names the reader options in a message (the command line says --acc-unit, --trial).
API_OPTION_NAMES = {
    "give_acc_unit": "send the form field acc_unit (m/s^2 or g)",
    "give_gyr_unit": "send the form field gyr_unit (deg/s or rad/s)",
    "give_units": "send the form fields acc_unit (m/s^2 or g) and gyr_unit (deg/s or rad/s)",
    "units": "the form fields acc_unit and gyr_unit",
    "trial": "the form field trial",
    "trial_eg": "",
    "worn_at": "the form field worn_at",
}

# Changes sent by a page of another web site are refused (CSRF), as for the pages: see web/deps.py.
router = APIRouter(
    prefix="/api",
    responses=ERRORS,
    dependencies=[Depends(refuse_cross_site_writes)],
    route_class=JSONOnceRoute,  # a key given twice in a JSON body is refused, not read as its last
)


# ------------------------------------------------------------------------------------- about


@router.get("/version", response_model=VersionOut, tags=["about"])
def version() -> dict[str, str]:
    """The package version and the knowledge base version results are computed with."""
    from backstride.knowledge import load_knowledge

    return {"package_version": __version__, "knowledge_version": str(load_knowledge().version)}


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """The OpenAPI document as a plain local HTML page (no scripts, nothing from the network)."""
    spec = request.app.openapi()
    rows = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            description = (op.get("description") or "").strip()
            first_line = description.splitlines()[0] if description else ""
            rows.append(
                f"<tr><td data-label='Method'><code>{html.escape(method.upper())}</code></td>"
                f"<td data-label='Path'><code>{html.escape(path)}</code></td>"
                f"<td data-label='Summary'>{html.escape(op.get('summary', ''))}</td>"
                f"<td data-label='What it does'>{html.escape(first_line)}</td></tr>"
            )
    # the app's own stylesheet (served here, nothing from the network): on a phone the table is a box
    # per endpoint and a long path breaks, so the page never scrolls sideways (it was 663 px at 375 px)
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>backstride API</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<link rel='stylesheet' href='/static/app.css?v={html.escape(__version__)}'>"
        "</head><body class='api-docs'><main class='wrap'>"
        f"<h1>backstride API {html.escape(str(spec.get('info', {}).get('version', '')))}</h1>"
        f"<p>{html.escape(spec.get('info', {}).get('description', ''))}</p>"
        "<p>The full machine-readable description is at "
        "<a href='/api/openapi.json'>/api/openapi.json</a>.</p>"
        "<table class='stack'><caption>Endpoints</caption><thead><tr><th scope='col'>Method</th>"
        "<th scope='col'>Path</th>"
        "<th scope='col'>Summary</th><th scope='col'>What it does</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></main></body></html>"
    )
    return HTMLResponse(body)


# ------------------------------------------------------------------------------------- people


@router.get("/people", response_model=list[PersonOut], tags=["people"])
def list_people(records: Records = Depends(get_records)) -> Any:
    """Everyone whose records this database keeps, in the order they were added, with their counts."""
    return [p.to_dict() for p in records.people.list()]


@router.get("/activity", response_model=list[EventOut], tags=["people"])
def list_activity(
    limit: int = Query(100, ge=1, le=LIST_LIMIT_MAX, description="At most this many lines"),
    before: int | None = Query(None, ge=1, description="Only lines older than this id (the next page)"),
    records: Records = Depends(get_records),
) -> Any:
    """What was done to the records, newest first: people added, changed or deleted, all of someone's
    records deleted, restored or downloaded, the password set or cleared, staff added or removed or
    their password changed; with the staff member signed in, by name. Never what the records say."""
    return [e.to_dict() for e in records.activity.list(limit=limit, before=before)]


IDEMPOTENCY_KEY_SENT_BEFORE = {
    "description": "The `Idempotency-Key` added a record that was deleted since: nothing is added again",
    "model": ErrorOut,
}


def idempotency_key_header(what: str, *, same: str | None = None) -> Any:
    """The optional ``Idempotency-Key`` header of a request that adds ``what``: 1 to 64 characters.
    ``same``: what the same request sent again with it gets, when not the first answer."""
    same = (
        same
        or f"the same request sent again with it (a retry) gets the first answer, and one {what} is stored"
    )
    return Header(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=IDEMPOTENCY_KEY_MAX,
        description=f"Any text of 1 to {IDEMPOTENCY_KEY_MAX} characters, new for each {what}: {same}; "
        "another request with it is a 422, and a retry after what it added was deleted a 409. Kept for "
        "24 hours",
    )


@router.post(
    "/people",
    response_model=PersonOut,
    status_code=status.HTTP_201_CREATED,
    tags=["people"],
    responses={status.HTTP_409_CONFLICT: IDEMPOTENCY_KEY_SENT_BEFORE},
)
def add_person(
    body: PersonIn,
    records: Records = Depends(get_records),
    idempotency_key: str | None = idempotency_key_header("person"),
) -> Any:
    """Add a person (a label used already, in any case, is refused: two people never look alike). With
    an ``Idempotency-Key`` header, the same request sent again is answered with the person it added."""
    person = records.people.add(
        body.label, height_cm=body.height_cm, identity=body.identity(), idempotency_key=idempotency_key
    )
    return person.to_dict()


@router.get("/people/{person_id}", response_model=PersonOut, tags=["people"])
def get_person(person_id: int, records: Records = Depends(get_records)) -> Any:
    """One person and how many records of each kind they have."""
    return records.people.get(person_id).to_dict()


@router.patch("/people/{person_id}", response_model=PersonOut, tags=["people"])
def change_person(person_id: int, body: PersonChange, records: Records = Depends(get_records)) -> Any:
    """Rename a person and/or change their height (`"height_cm": null` forgets it) and what a clinic
    matches its record by (name, birth_date, gender, mrn, mrn_system; null forgets one); a field left
    out stays as it is. A wrong value is a 422 naming it, and nothing is changed."""
    given = body.model_fields_set
    if "label" in given and body.label is None:
        raise InputError(
            "label must be text (a name, initials or a clinic number), got null; leave it out to keep it"
        )
    height = body.height_cm if "height_cm" in given else ...
    return records.people.update(
        person_id, label=body.label, height_cm=height, identity=body.identity()
    ).to_dict()


@router.delete("/people/{person_id}", response_model=DeletedOut, tags=["people"])
def delete_person(person_id: int, records: Records = Depends(get_records)) -> Any:
    """Delete a person and all their checks, walks and diary entries (nobody else's). They come back
    only from a copy saved before (``GET /api/export?person_id=``): add them again and ``POST
    /api/import?person_id=`` it. Answers how many of each were deleted."""
    return {"deleted": records.people.delete(person_id)}


# ------------------------------------------------------------------------------------- assessments


@router.post(
    "/assessments",
    response_model=AssessmentOut,
    status_code=status.HTTP_201_CREATED,
    tags=["assessments"],
    responses={status.HTTP_409_CONFLICT: IDEMPOTENCY_KEY_SENT_BEFORE},
)
def start_assessment(
    body: AssessmentCreate | None = None,
    records: Records = Depends(person_records),
    idempotency_key: str | None = idempotency_key_header(
        "check",
        same="the same request sent again with it (a retry) gets the check it started, as it is now, and "
        "no second check is started",
    ),
) -> Any:
    """Start an interview; the response holds the first question. With an ``Idempotency-Key`` header,
    the same request sent again is answered with the check it started (as it is now), and 201."""
    mode = body.mode if body is not None else "person"
    return records.start_assessment(mode, idempotency_key=idempotency_key).to_dict()


@router.get("/assessments", response_model=list[AssessmentSummaryOut], tags=["assessments"])
def list_assessments(records: Records = Depends(person_records)) -> Any:
    """The history of assessments, newest first."""
    return records.list_assessments()


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut, tags=["assessments"])
def get_assessment(assessment_id: int, records: Records = Depends(person_records)) -> Any:
    """An interview's answers so far and its next question (null when complete)."""
    return records.get_assessment(assessment_id).to_dict()


@router.post(
    "/assessments/{assessment_id}/answers",
    response_model=AssessmentOut,
    tags=["assessments"],
    responses={
        status.HTTP_409_CONFLICT: {
            "description": "The `Idempotency-Key` answered this check, which was deleted since: nothing is "
            "stored. The body also holds `warning_now` and `notice` when the answers sent fire a warning "
            "rule, as the 404 does"
        }
    },
)
def answer(
    assessment_id: int,
    body: AnswersIn,
    records: Records = Depends(person_records),
    idempotency_key: str | None = idempotency_key_header(
        "answer",
        same="the same answers to the same check sent again with it (a retry) store nothing again and "
        "get the check as it is now, with the question it asks now (never the next one answered)",
    ),
) -> Any:
    """Store answers (saved at once); the response holds the next question. For a check that does
    not exist (deleted meanwhile) nothing is stored: 404 (409 for a check deleted since its
    ``Idempotency-Key`` answered it), whose body also holds ``warning_now`` (and ``notice``: not a
    diagnosis) when the answers sent fire an emergency or urgent warning rule on their own."""
    from backstride.services.interview import read_as_written

    answers = read_as_written(body.answers)  # a length of time from its digits, as the page reads it
    try:
        return records.answer(assessment_id, answers, idempotency_key=idempotency_key).to_dict()
    except (NotFoundError, IdempotencyKeyGoneError) as exc:
        from backstride.services.assessment import NOT_A_DIAGNOSIS
        from backstride.services.interview import sent_answers, warning_now
        from backstride.web.app import shown_detail

        warning = warning_now(sent_answers(answers))
        if warning is None:
            raise  # an ordinary 404 (409)
        said = {"detail": shown_detail(str(exc)), "warning_now": warning, "notice": NOT_A_DIAGNOSIS}
        return JSONResponse(said, status_code=404 if isinstance(exc, NotFoundError) else 409)


@router.post(
    "/assessments/{assessment_id}/back",
    response_model=AssessmentOut,
    tags=["assessments"],
    responses={
        status.HTTP_409_CONFLICT: {
            "description": "The `Idempotency-Key` took a step back on this check, which was deleted "
            "since: nothing is done",
            "model": ErrorOut,
        }
    },
)
def back(
    assessment_id: int,
    records: Records = Depends(person_records),
    idempotency_key: str | None = idempotency_key_header(
        "step back",
        same="the same step back on the same check sent again with it (a retry) takes back nothing more "
        "and gets the check as it is now (never two questions undone)",
    ),
) -> Any:
    """Undo the answers to the last question and ask it again. With an ``Idempotency-Key`` header, the
    same request sent again undoes nothing more and gets the check as it is now."""
    return records.back(assessment_id, idempotency_key=idempotency_key).to_dict()


@router.get("/assessments/{assessment_id}/result", response_model=ResultOut, tags=["assessments"])
def result(assessment_id: int, records: Records = Depends(person_records)) -> Any:
    """The result of the answers so far, with the latest walk's gait factors; not a diagnosis. One this
    version cannot work out again (answers made with other questions): 422, naming the level stored
    with it."""
    try:
        return records.result(assessment_id).to_dict()
    except InputError as exc:
        # the database failing (a StorageError is an InputError) is the app's 503, never "not worked out"
        kept = None if isinstance(exc, StorageError) else records.not_worked_out_words(assessment_id)
        if kept is None:
            raise
        raise InputError(f"{exc} {kept}") from exc


@router.get("/assessments/{assessment_id}/changes", tags=["assessments"])
def changes(assessment_id: int, records: Records = Depends(person_records)) -> Any:
    """What changed since the same person's last finished check (``services.check_changes``): new
    warning signs first, how soon to get help, the most likely cause, pain, walking, other answers,
    each with its because-trail and sources. A first check: ``compared_with`` null and no changes. A
    check not finished: 422. Not a diagnosis."""
    from backstride.services.check_changes import ChangesSinceLastCheck

    found = ChangesSinceLastCheck().compare(records, assessment_id).changes_
    return found.to_dict() if found is not None else None


@router.get("/assessments/{assessment_id}/plan", response_model=PlanOut, tags=["plans"])
def plan(assessment_id: int, records: Records = Depends(person_records)) -> Any:
    """Just the relief plan and disposition of an assessment's result."""
    view = records.result(assessment_id)
    return {
        "assessment_id": view.assessment_id,
        "person_id": view.person_id,
        "disposition": view.disposition,
        "plan": dict(view.result.get("plan") or {}),
        "gait_factor_codes": view.gait_factor_codes,
        "knowledge_version": view.knowledge_version,
        "notice": view.notice,
    }


@router.delete("/assessments/{assessment_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["assessments"])
def delete_assessment(assessment_id: int, records: Records = Depends(person_records)) -> Response:
    """Delete one assessment."""
    records.delete_assessment(assessment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------------------------- walks


WALK_STORED_ALREADY = {
    "description": "The same file (same sha256) is stored already for this person, read the same way, and "
    "no other symptom or stop times or height were given: nothing is stored. `walk_id` is the stored walk.",
    "content": {
        "application/json": {
            "example": {
                "detail": "walk.csv: you added this file already on 27 Nov 2026, 01:44: walk 2; "
                "it was not stored again",
                "walk_id": 2,
            }
        }
    },
}


@router.post(
    "/walks",
    response_model=WalkOut,
    status_code=status.HTTP_201_CREATED,
    tags=["walks"],
    responses={status.HTTP_409_CONFLICT: WALK_STORED_ALREADY},
)
def upload_walk(
    file: UploadFile = File(
        ..., description="A phyphox, Sensor Logger, CSV, Mobilise-D, Axivity or ActiGraph recording"
    ),
    format: str = Form(
        "auto", description="auto | csv | phyphox | sensor-logger | mobilised | axivity | actigraph"
    ),
    height_cm: FormCentimetres | None = Form(
        None, description="Standing height in centimetres (50-250; 168 or 168 cm), to scale stride length"
    ),
    trial: str | None = Form(None, description="Mobilise-D data.mat only: e.g. TimeMeasure1/Test5/Trial1"),
    acc_unit: str | None = Form(None, description="Generic CSV without units in its header: m/s^2 or g"),
    gyr_unit: str | None = Form(None, description="Generic CSV without units in its header: deg/s or rad/s"),
    symptom_at: str | None = Form(
        None,
        description="When the first symptom came: a time from the start of the recording (95, 95s, "
        "1 min 35 s) or a clock time (10:32:05). Gives the walking tolerance (self-paced walking test)",
    ),
    stop_at: str | None = Form(
        None,
        description="When you had to stop: a time from the start (95, 95s, 1 min 35 s) or a clock time "
        "(10:32:05)",
    ),
    worn_at: str | None = Form(
        None,
        description="Where the phone or sensor was worn: lower-back | belt | pocket | hand | wrist | "
        "unknown. lower-back and belt are judged as a lower-back walk however much it tipped; "
        "kept with the walk",
    ),
    records: Records = Depends(person_records),
    idempotency_key: str | None = idempotency_key_header("walk"),
) -> Any:
    """Upload a walk: read, analyse and store it. A file that cannot be read stores nothing.

    With ``symptom_at`` / ``stop_at`` the result's ``walking_tolerance`` holds the time and distance to
    the first symptom and to the stop, as ``backstride gait analyze --symptom-at/--stop-at`` gives
    them. A time that cannot be used is a 422 naming the field.

    A file bigger than the app's limit (1 GB unless set otherwise) is refused with 413.

    The same file sent again (same sha256, same ``trial`` and units) is not stored twice: 409 with the
    stored walk's id in ``walk_id``. Given other ``symptom_at`` / ``stop_at`` times or another
    ``height_cm`` than the stored walk's, it is stored as a walk of its own (a stored walk's times cannot
    be changed; nothing typed is dropped).

    With an ``Idempotency-Key`` header, the same request sent again (a retry) is answered with the walk
    it stored (201), not the 409."""
    try:
        walk = records.upload_walk(
            file.filename or "",
            file.file,  # as received, on disk: copied and read a piece at a time, never whole in memory
            recording_format=format,
            height_cm=height_cm,
            trial=trial,
            acc_unit=acc_unit,
            gyr_unit=gyr_unit,
            symptom_at=symptom_at,
            stop_at=stop_at,
            worn_at=worn_at,
            idempotency_key=idempotency_key,
        )
    except RecordingOptionError as exc:  # say the option as this API's form field, not a CLI flag
        raise RecordingError(exc.phrased(API_OPTION_NAMES)) from exc
    except WalkStoredAlreadyError as exc:
        body = {"detail": str(exc), "walk_id": exc.walk.id}
        return JSONResponse(body, status_code=status.HTTP_409_CONFLICT)
    return walk.judged().to_dict()


@router.get("/walks", response_model=list[WalkOut], tags=["walks"])
def list_walks(records: Records = Depends(person_records)) -> Any:
    """Every stored walk, newest first."""
    return [w.judged().to_dict() for w in records.list_walks()]


@router.get("/walks/{walk_id}", response_model=WalkOut, tags=["walks"])
def get_walk(walk_id: int, records: Records = Depends(person_records)) -> Any:
    """One walk: its metrics, gait factors and the parameters it was analysed with."""
    return records.get_walk(walk_id).judged().to_dict()


WALK_USED_BY_CHECKS = {
    "description": "Finished checks use this walk and `confirm=yes` was not sent: nothing is deleted. "
    "`checks` are their ids: deleting the walk works their result out again without it.",
    "content": {
        "application/json": {
            "example": {
                "detail": "Walk 2 is used by check 3. If it is deleted, its result is worked out again "
                "without it, and what it says may change. Nothing was deleted; send confirm=yes to "
                "delete it.",
                "checks": [3],
            }
        }
    },
}


@router.delete(
    "/walks/{walk_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["walks"],
    responses={status.HTTP_409_CONFLICT: WALK_USED_BY_CHECKS},
)
def delete_walk(
    walk_id: int,
    confirm: str = Query("", description='"yes" to delete a walk that finished checks use (else 409)'),
    records: Records = Depends(person_records),
) -> Response:
    """Delete one walk. When finished checks use it, only with ``confirm=yes`` (else 409 naming them):
    their result is worked out again without it, and says so (``walk_deleted`` of their result)."""
    try:  # the checks are looked for in the deletion's transaction: one finished meanwhile counts
        records.delete_walk(walk_id, checks_ok=confirm == "yes")
    except WalkUsedByChecksError as exc:
        return JSONResponse({"detail": str(exc), "checks": exc.checks}, status_code=status.HTTP_409_CONFLICT)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------------------------- diary


@router.post(
    "/diary",
    response_model=DiaryEntryOut,
    status_code=status.HTTP_201_CREATED,
    tags=["diary"],
    responses={status.HTTP_409_CONFLICT: IDEMPOTENCY_KEY_SENT_BEFORE},
)
def add_diary_entry(
    body: DiaryEntryIn,
    records: Records = Depends(person_records),
    idempotency_key: str | None = idempotency_key_header("diary entry"),
) -> Any:
    """Add a day's diary entry. With an ``Idempotency-Key`` header, the same request sent again is
    answered with the entry it added, as for people and walks."""
    return records.add_diary_entry(**body.model_dump(), idempotency_key=idempotency_key).to_dict()


@router.get("/diary", response_model=list[DiaryEntryOut], tags=["diary"])
def list_diary_entries(
    start: Day | None = Query(None, description="First day (YYYY-MM-DD), inclusive"),
    end: Day | None = Query(None, description="Last day (YYYY-MM-DD), inclusive"),
    records: Records = Depends(person_records),
) -> Any:
    """Diary entries, oldest first."""
    return [e.to_dict() for e in records.list_diary_entries(start=start, end=end)]


@router.get("/diary/progress", response_model=ProgressOut, tags=["diary"])
def progress(
    weeks: int = Query(
        12,
        description="How many weeks of weekly means (1-520)",
        json_schema_extra=documented(minimum=1, maximum=520),
    ),
    records: Records = Depends(person_records),
) -> Any:
    """What the progress charts show: weekly means, pain and walking trends, speed and cadence per walk,
    and pain on days with and without each relief step tried (none with too few days)."""
    return records.progress(weeks=weeks)


@router.api_route("/diary/progress", methods=["PUT", "DELETE"], include_in_schema=False)
def diary_progress_is_read_only() -> Response:
    """``progress`` is not an entry's number: PUT or DELETE on it is a method not allowed here (405),
    not an id that is not a number (422, which ``/diary/{entry_id}`` would say)."""
    return JSONResponse(
        {"detail": "the diary's progress can only be read (GET /api/diary/progress)"},
        status_code=status.HTTP_405_METHOD_NOT_ALLOWED,
        headers={"Allow": "GET"},
    )


@router.get("/diary/{entry_id}", response_model=DiaryEntryOut, tags=["diary"])
def get_diary_entry(entry_id: int, records: Records = Depends(person_records)) -> Any:
    """One diary entry."""
    return records.get_diary_entry(entry_id).to_dict()


DIARY_ENTRY_CHANGED = {
    "description": "The entry was changed after the version sent in `updated_at` (a restored backup, "
    "another tab or device): nothing is changed. `current` is the entry as it is now; send the change "
    "again with its `updated_at` to replace it.",
    "content": {
        "application/json": {
            "example": {
                "detail": "diary entry 3 was changed after the version you sent (updated_at "
                '2026-11-27T09:30:00+00:00): it is now 20 Nov 2026, pain 4, notes "at home" (updated_at '
                "2026-11-27T10:30:00+00:00); nothing was changed",
                "current": {
                    "id": 3,
                    "person_id": 1,
                    "entry_date": "2026-11-20",
                    "pain_0_10": 4,
                    "walking_tolerance_min": None,
                    "notes": "at home",
                    "tried": [],
                    "created_at": "2026-11-27T09:00:00+00:00",
                    "updated_at": "2026-11-27T10:30:00+00:00",
                    "notice": RECORD_NOT_A_DIAGNOSIS,
                },
            }
        }
    },
}


@router.put(
    "/diary/{entry_id}",
    response_model=DiaryEntryOut,
    tags=["diary"],
    responses={status.HTTP_409_CONFLICT: DIARY_ENTRY_CHANGED},
)
def update_diary_entry(
    entry_id: int, body: DiaryEntryChange, records: Records = Depends(person_records)
) -> Any:
    """Replace a diary entry. With `updated_at` (the version changed, as GET gave it) it is replaced only
    if that is still its version, else 409 with the entry as it is now; without, whatever its version."""
    values = body.model_dump(exclude={"updated_at"})
    try:
        return records.update_diary_entry(entry_id, **values, base_updated_at=body.updated_at).to_dict()
    except DiaryEntryChangedError as exc:
        # the entry as GET gives it (its notice too): a client reads it as it reads that
        now = DiaryEntryOut.model_validate(exc.entry.to_dict()).model_dump(mode="json")
        if body.updated_at is not None and body.updated_at > records.now():
            # no version of any entry is from the future: not "changed after" it, a wrong value (the
            # entry's own version is compared first, so a clock set back never refuses it)
            return JSONResponse(
                {
                    "detail": f"updated_at: {body.updated_at.isoformat()} is later than now, so it is no "
                    f"version of diary entry {entry_id}; send the updated_at GET gives (now "
                    f"{now['updated_at']}); nothing was changed"
                },
                status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        detail = (
            f"diary entry {entry_id} was changed after the version you sent (updated_at "
            f"{body.updated_at.isoformat() if body.updated_at else None}): it is now "
            f"{day_words(exc.entry.entry_date)}, {diary_entry_words(exc.entry)} (updated_at "
            f"{now['updated_at']}); nothing was changed"
        )
        return JSONResponse({"detail": detail, "current": now}, status_code=status.HTTP_409_CONFLICT)


@router.delete("/diary/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["diary"])
def delete_diary_entry(entry_id: int, records: Records = Depends(person_records)) -> Response:
    """Delete a diary entry."""
    records.delete_diary_entry(entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------------------------- all data


def _download(filename: str, records: Records) -> dict[str, str]:
    """The ``Content-Disposition`` of a download; one person's (``?person_id=N``) says ``-person-N``
    before its extension, so two people's files never share a name in a folder (the id, not the
    label: a label may be a name, which a file name shows to anyone who sees the folder)."""
    if records.person_id is not None:
        stem, extension = filename.rsplit(".", 1)  # every download has one: .json, .csv
        filename = f"{stem}{file_suffix(records.person_id)}.{extension}"
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get("/export", tags=["data"])
def export_all(records: Records = Depends(person_records)) -> JSONResponse:
    """All stored data as one JSON document (a download)."""
    document = records.export_all()
    stamp = str(document["exported_at"])[:10]
    return JSONResponse(document, headers=_download(f"backstride-export-{stamp}.json", records))


# GET /api/export/{what}: "fhir" or a table's CSV ("diary.csv"); what each is: services.sharing


@router.get("/export/{what}", tags=["data"])
def export_as(
    what: str = PathParam(description="fhir, diary.csv, walks.csv, bouts.csv, checks.csv or everyday.csv"),
    with_report: bool = Query(
        False, description="fhir only: add the report for a clinician as a PDF (a DocumentReference)"
    ),
    records: Records = Depends(person_records),
) -> Response:
    """All stored data in another format (a download): `fhir` gives an HL7 FHIR R4 (4.0.1) Bundle
    (`application/fhir+json`), with `?with_report=1` also the report for a clinician as a PDF in a
    DocumentReference; `diary.csv`, `walks.csv`, `bouts.csv`, `checks.csv` and `everyday.csv` give one CSV
    table each (UTF-8, a header row, units in the column names, an empty cell when not measured)."""
    from backstride.services.sharing import EXPORT_PATHS, make_export
    from backstride.web.report_pdf import render_report_pdf

    if what not in EXPORT_PATHS:
        raise NotFoundError(f"there is no export {what!r}; choose one of: {', '.join(EXPORT_PATHS)}")
    if with_report and what != "fhir":
        raise InputError(f"with_report goes only with the fhir export, not with {what!r}")
    # the same person's report, read in the export's one read of the records
    pdf = (lambda: render_report_pdf(records)) if with_report else None
    export = make_export(records, EXPORT_PATHS[what], report_pdf=pdf)
    return Response(
        export.text,
        media_type=export.media_type,
        headers=_download(export.filename, records),
    )


@router.post(
    "/import",
    response_model=RestoredOut,
    tags=["data"],
    responses={status.HTTP_409_CONFLICT: IDEMPOTENCY_KEY_SENT_BEFORE},
)
def import_export(
    file: UploadFile = File(..., description="A backstride export: the JSON file of GET /api/export"),
    everyone: Records = Depends(get_records),
    person_id: int | None = Query(None, description=PERSON_ID_SAID),
    idempotency_key: str | None = idempotency_key_header(
        "restore",
        same="the same file sent again with it into the same person (a retry) gets the first answer, "
        "its counts as they were, not 'already there', and is restored once",
    ),
) -> Any:
    """Restore a backstride export into this app's data: everything is checked first and added in one
    go, or nothing is (422 naming every problem); items already stored are not added twice. Answers
    how many of each kind were added and how many were already there, whose records they went to
    (`person_id`), whom the file was made for (`made_for`), and a `note` when that is someone else
    (the file's label never picks whose records they become: a wrong `person_id` shows here); and
    whether the file gave the person their height (`height_added`) and the details a clinic matches
    its record by (`details_added`). With an ``Idempotency-Key`` header, the same file sent again
    into the same person gets the first answer."""
    from backstride.services.restore import restore_export, restored_into_deleted

    name = shown_upload_name(file.filename) or "the file"
    data = file.file.read()
    try:  # the person named, as person_records finds them (404 when not there); deleted meanwhile too
        records = everyone if person_id is None else everyone.for_person(person_id)
        result = restore_export(records, data, source=f"'{name}'", idempotency_key=idempotency_key)
    except NotFoundError:
        if person_id is not None:  # the retry of a restore into them, deleted since: its 409
            restored_into_deleted(everyone, person_id, data, idempotency_key)
        raise
    person_id = records.person_id if records.person_id is not None else records.people.only()[0]
    note = None
    if person_id is not None and result.made_for:
        label = records.people.label(person_id)
        if not same_label(result.made_for, label):
            into = f"{label!r} (person {person_id})"
            note = f"the file was made for {result.made_for!r}; it is now in the records of {into}"
    said = list(result.said)  # a diary entry changed on one side: which version was kept
    return {
        **result.to_dict(),
        "person_id": person_id,
        "made_for": result.made_for,
        "note": note,
        "said": said,
        "height_added": result.height_added,  # the person's height, counted in added["settings"]
        "details_added": result.details_added,  # what a clinic matches its record by (name, MRN...)
    }


@router.delete("/data", response_model=DeletedOut, tags=["data"])
def delete_all(
    confirm: str = Query(
        "",
        description='Must be "yes": what is deleted comes back only from a copy saved before '
        "(GET /api/export)",
    ),
    records: Records = Depends(person_records),
) -> Any:
    """Delete every assessment, walk and diary entry of the person, and their height (with nobody
    else in the database, the app's settings too, but never its sign-in password). It comes back only
    from a copy saved before (``GET /api/export``, restored with ``POST /api/import``). The person
    stays: DELETE /api/people/{id} removes them."""
    if confirm != "yes":
        raise InputError('confirm must be "yes" to delete all data; nothing was deleted')
    return {"deleted": records.delete_all()}


__all__ = ["router"]
