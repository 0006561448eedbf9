"""The walking test page: time a self-paced walk and keep it as a diary day (EVIDENCE.md D.5, [D7]).

    GET  /walking-test   how to do the test, a stopwatch (app.js) and the form it fills
    POST /walking-test   keep the test as a diary day; then to the diary, which says it was saved

Without a script the form is the whole page: the person times the walk with any watch and types the
minutes (``6:20`` or ``6.5``). The rules of a test are ``diary.walking_test``; this module only reads
the form and says problems in plain words beside the fields, keeping everything typed.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from backstride.core.errors import BackstrideError
from backstride.core.typed import typed_minutes
from backstride.diary.entries import NOTES_MAX_CHARS
from backstride.diary.walking_test import STOP_REASONS, TEST_LIMIT_MIN, WalkingTest, WalkingTestFieldError
from backstride.web.deps import refuse_cross_site_writes
from backstride.web.pages import (
    DIARY_FIELD_WORDS,
    PersonField,
    RecordsDep,
    _error_page,
    _person_page,
    _see_other,
    render,
    typed_pain,
)
from backstride.web.whose import Whose, posted_person

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])

FIELDS = ("entry_date", "first_symptoms_min", "total_min", "stopped_because", "pain_0_10", "notes")
# What the page says beside a field it cannot keep, in the form's order.
FIELD_WORDS = {
    "entry_date": DIARY_FIELD_WORDS["entry_date"],  # the same day rule as the diary's own form
    "first_symptoms_min": (
        "When the symptoms began: please type the time on your watch, like 6:20 or 6.5 minutes, from 0 "
        f"to {TEST_LIMIT_MIN:g} and not after the end of the walk. If the symptoms made you stop, it "
        "cannot be blank."
    ),
    "total_min": (
        f"Time walked in all: please type the time on your watch, like 9:05, up to {TEST_LIMIT_MIN:g} "
        "minutes. A walk of 0:00 counts only when the symptoms stopped you at once."
    ),
    "stopped_because": (
        f"Why you stopped: please choose one ({STOP_REASONS['time_up']!r} only after "
        f"{TEST_LIMIT_MIN:g} minutes)."
    ),
    "pain_0_10": "Pain now: please type a whole number from 0 to 10.",
    "notes": f"Notes: please keep them shorter (at most {NOTES_MAX_CHARS} letters with the test's words).",
}


def _page(
    whose: Whose,
    *,
    form: dict[str, str] | None = None,
    error_fields: tuple[str, ...] = (),
) -> HTMLResponse:
    errors = [FIELD_WORDS[f] for f in FIELDS if f in error_fields]
    return render(
        "walking_test.html",
        status_code=422 if errors else 200,
        page_title=("Error: " if errors else "") + "A walking test",
        nav="diary",
        form=form
        or {
            "entry_date": date.today().isoformat(),
            "first_symptoms_min": "",
            "total_min": "",
            "stopped_because": "",
            "pain_0_10": "",
            "notes": "",
            # the form's one-time token (Records.add_diary_entry): sent twice, one diary day
            "form_token": secrets.token_urlsafe(24),
        },
        errors=errors,
        error_fields=error_fields,
        reasons=STOP_REASONS,
        limit_min=int(TEST_LIMIT_MIN),
        diary_url=whose.url("/diary"),
        walks_url=whose.url("/walks"),
        **whose.context(),
    )


@router.get("/walking-test", response_class=HTMLResponse)
def walking_test_page(request: Request, records: RecordsDep) -> Response:
    return _person_page(request, records, _page)


def _minutes(text: str, field: str, problems: set[str]) -> float | None:
    if not text.strip():
        return None
    try:
        return typed_minutes(text)
    except ValueError:
        problems.add(field)
        return None


@router.post("/walking-test")
def walking_test_save(
    records: RecordsDep,
    person_id: PersonField = "",
    entry_date: Annotated[str, Form()] = "",
    first_symptoms_min: Annotated[str, Form()] = "",
    total_min: Annotated[str, Form()] = "",
    stopped_because: Annotated[str, Form()] = "",
    pain_0_10: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
    form_token: Annotated[str, Form()] = "",
) -> Response:
    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    form = {
        "entry_date": entry_date,
        "first_symptoms_min": first_symptoms_min,
        "total_min": total_min,
        "stopped_because": stopped_because,
        "pain_0_10": pain_0_10,
        "notes": notes,
        "form_token": form_token[:64],  # kept when the form is shown again: nothing was stored
    }
    problems: set[str] = set()
    first = _minutes(first_symptoms_min, "first_symptoms_min", problems)
    total = _minutes(total_min, "total_min", problems)
    pain = typed_pain(pain_0_10)
    if pain is None:
        problems.add("pain_0_10")
    # every problem at once (a time that could not be read counts as not given: its field is marked)
    found = WalkingTest.problems(total_min=total, stopped_because=stopped_because, first_symptoms_min=first)
    problems.update(p.field for p in found)
    test: WalkingTest | None = None
    if not problems & {"first_symptoms_min", "total_min", "stopped_because"}:
        test = WalkingTest.checked(total_min=total, stopped_because=stopped_because, first_symptoms_min=first)
    day = entry_date or date.today().isoformat()
    problems.update(p.field for p in whose.records.diary_entry_problems(entry_date=day, notes=notes))
    kept_notes = ""
    if test is not None and "notes" not in problems:
        try:
            kept_notes = test.notes_with(notes)
        except WalkingTestFieldError as exc:
            problems.add(exc.field)
    if problems or test is None or pain is None:
        return _page(whose, form=form, error_fields=tuple(f for f in FIELDS if f in problems))
    try:
        whose.records.add_diary_entry(
            entry_date=day,
            pain_0_10=pain,
            walking_tolerance_min=test.walking_tolerance_min,
            notes=kept_notes,
            form_token=form_token,  # a double click on Save: one day, shown saved
        )
    except BackstrideError as exc:
        return _error_page(exc)
    return _see_other(whose.url(f"/diary?saved={day}"))


__all__ = ["router"]
