"""The everyday walking page: an Apple Health export brought in, shown beside the diary.

    GET  /everyday   what the phone measures, the upload form, charts of steps and walking speed
                     (each with its table) and the numbers of every day of the last year
    POST /everyday   bring in an export (export.zip or export.xml); the page again, saying what was
                     added, or the problem beside the form

The upload is taken as the walk upload is (``app.UPLOAD_PATHS``: the same size limit, received on
disk and copied a piece at a time); the reading and storing are ``services.everyday``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from backstride.core.dates import day_words
from backstride.core.errors import BackstrideError, StorageError
from backstride.services.everyday import Everyday, EverydayDayView, ImportResult
from backstride.services.records import DiaryEntryView, UploadTooLargeError, size_in_words
from backstride.web import views
from backstride.web.app import problem_said
from backstride.web.charts import Series
from backstride.web.deps import refuse_cross_site_writes
from backstride.web.everyday_words import DAILY_WALKING_VS_TEST, MEASURES, on_page
from backstride.web.pages import PersonField, RecordsDep, _error_page, _person_page, _whose_title, render
from backstride.web.whose import Whose, posted_person

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])

SHOWN_DAYS = 366  # the charts and the table show the last year of days; the CSV download has them all


def _share(value: float | None) -> str:
    return views.number(None if value is None else value * 100, 1)


def _row(d: EverydayDayView) -> dict[str, str]:
    return {
        "day": day_words(d.day),
        "steps": views.number(None) if d.steps is None else f"{d.steps:,}",
        "distance_km": views.number(None if d.distance_m is None else d.distance_m / 1000, 2),
        "speed": views.number(d.walking_speed_mps, 2),
        "step_length": views.number(d.step_length_m, 2),
        "asymmetry": _share(d.asymmetry_fraction),
        "double_support": _share(d.double_support_fraction),
        "six_minute": views.number(d.six_minute_walk_m, 0),
    }


def _charts(days: list[EverydayDayView], diary: list[DiaryEntryView]) -> list[dict[str, Any]]:
    """Steps and walking speed from the phone, and beside them the diary's minutes walked before
    pain over the same days: everyday performance next to what the person could walk [D7]."""
    steps = [(d.day, float(d.steps)) for d in days if d.steps is not None]
    minutes = [(e.entry_date, e.walking_tolerance_min) for e in diary if e.walking_tolerance_min is not None]
    speed = [(d.day, d.walking_speed_mps) for d in days if d.walking_speed_mps is not None]
    return [
        views._chart(
            "steps-chart",
            "Steps per day",
            Series("Steps", steps),
            unit_label="Steps",
            y_min=0,
            value_header="Steps",
            digits=0,
            empty_text="No steps yet. Bring in your Apple Health export above to see them here.",
        ),
        views._chart(
            "everyday-speed-chart",
            "Walking speed, as your phone measured it",
            Series("Speed", speed),
            unit_label="Metres per second",
            y_min=0,
            value_header="Speed (m/s)",
            digits=2,
            empty_text="No walking speed yet. An iPhone 8 or newer carried near the waist measures it.",
        ),
        views._chart(
            "everyday-tolerance-chart",
            "Minutes you could walk before pain, from your diary",
            Series("Minutes", minutes),
            unit_label="Minutes",
            y_min=0,
            value_header=views.TIME_WALKED,
            digits=2,
            say=views.minutes_said,
            empty_text="No minutes in your diary for these days. Write them in your diary to see them here.",
        ),
    ]


def _page(
    whose: Whose,
    *,
    error: str | None = None,
    status_code: int = 422,
    result: ImportResult | None = None,
) -> HTMLResponse:
    records = whose.records
    days = Everyday(records).list_days()
    if days:
        since = days[-1].day - timedelta(days=SHOWN_DAYS - 1)
        shown = [d for d in days if d.day >= since]
        diary = records.list_diary_entries(start=shown[0].day, end=shown[-1].day)
    else:
        shown, diary = [], []
    return render(
        "everyday.html",
        status_code=status_code if error else 200,
        page_title=("Error: " if error else "")
        + _whose_title(whose, "Your everyday walking", "Everyday walking"),
        nav="diary",
        error=error,
        result=result,
        max_upload=size_in_words(records.max_upload_bytes),
        charts=_charts(shown, diary),
        rows=[_row(d) for d in reversed(shown)],
        n_days=len(days),
        n_shown=len(shown),
        diary_url=whose.url("/diary"),
        # what each measure means, in the words the clinician report uses too
        daily_vs_test=on_page([DAILY_WALKING_VS_TEST]),
        meanings=[{"term": m.term, "words": on_page(m.meaning)} for m in MEASURES],
        **whose.context(),
    )


@router.get("/everyday", response_class=HTMLResponse)
def everyday_page(request: Request, records: RecordsDep) -> Response:
    return _person_page(request, records, _page)


@router.post("/everyday")
def everyday_upload(  # not async: reading a 2 GB export must not stop every other page
    records: RecordsDep,
    person_id: PersonField = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    if file is None or not file.filename:
        return _page(whose, error=whose.said("Please choose your export.zip (or export.xml) to send."))
    try:
        result = Everyday(whose.records).import_file(file.filename, file.file)  # as received, on disk
    except UploadTooLargeError as exc:  # it names the limit and the command that takes any size
        return _page(whose, error=str(exc), status_code=413)
    except StorageError as exc:  # not the file's fault: the database's words only to who may see them
        return _page(whose, error=problem_said(exc), status_code=503)
    except BackstrideError as exc:
        return _page(whose, error=f"We could not use this file. {views.full_stop(exc)}")
    return _page(whose, result=result)


__all__ = ["router"]
