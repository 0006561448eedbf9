"""Server-rendered HTML pages (Jinja2). Every page works without JavaScript.

Forms post back and the server answers with a redirect (post/redirect/get), so the back button and
reloads are safe. The pages call the ``Records`` service only; ``backstride.web.views`` turns its
results into words, and ``backstride.web.charts`` draws the charts as inline SVG. A small script
(``static/app.js``) adds drag and drop and a print button when JavaScript is on.

    GET  /                      home: start or continue a check; links to walks, diary, history
    POST /check                 start a check             -> /check/{id}
    GET  /check/{id}            the next question (or     -> /check/{id}/result when done)
    POST /check/{id}/answer     save one answer           -> /check/{id}
    POST /check/{id}/back       undo the last answer      -> /check/{id}
    GET  /check/{id}/result     result and plan (?print=1: the print view)
    GET  /walks, POST /walks    upload a walk; GET /walks/{id} its numbers, chart and gait factors
    GET  /diary, POST /diary    diary and progress charts; POST /diary/{id}/delete (asks first);
                                GET, POST /diary/{id}/edit change a day
                                (the walking test that writes a diary day: walking_test_pages)
    GET  /history               past checks
    GET  /report                the report for a clinician (one printable, self-contained page)
    GET  /data                  export (GET /data/export.json; FHIR and CSV: GET /data/export/fhir,
                                /data/export/diary.csv ...), restore a backstride file (POST
                                /data/import) or delete everything (POST /data/delete)
    GET  /people                several people (a clinic): web/people_pages.py

Whose records: ``backstride.web.whose``. A list page shows the person chosen (``?person=N``, the
cookie, or the one person there is) and a form writes to its hidden ``person_id``, never the cookie.
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from backstride.core.dates import day_words
from backstride.core.errors import (
    BackstrideError,
    InputError,
    NotFoundError,
    PersonNotFoundError,
    RecordingOptionError,
    StorageError,
)
from backstride.core.typed import NotCentimetres, minutes_as_typed, typed_centimetres, typed_minutes_kept
from backstride.core.units import WEEKS_IN
from backstride.diary.entries import NOTES_MAX_CHARS, PAIN_MAX, PAIN_MIN, EntryFieldError, long_ago
from backstride.diary.steps import CANNOT_SHOW, diary_steps
from backstride.gait.time_points import STOP_AT, SYMPTOM_AT, TimePointError, not_a_time
from backstride.services.form_tokens import FormSentAfterDeleteError, new_form_token
from backstride.services.gait_findings import WALK_NOT_USABLE
from backstride.services.people import file_suffix, same_label
from backstride.services.records import (
    AssessmentView,
    DiaryEntryChangedError,
    DiaryEntryView,
    Records,
    UnfinishedCheck,
    UploadTooLargeError,
    WalkStoredAlreadyError,
    diary_entry_words,
    earlier_version_words,
    questions_answered,
    shown_upload_name,
    size_in_words,
)
from backstride.services.wording import (
    ASK_THE_PERSON,
    about_them_text,
    asks_the_person,
    length_as_given,
    minutes_words,
)
from backstride.web import views
from backstride.web.app import (
    SERVER_ERROR_MESSAGE,
    error_page,
    page_heading,
    people_not_asked,
    problem_said,
    status_for,
)
from backstride.web.deps import get_records, refuse_cross_site_writes
from backstride.web.templating import keep_together, knowledge_base, template_env
from backstride.web.whose import CHOOSE_URL, Whose, owner_of, page_person, posted_person

logger = logging.getLogger("backstride.web")

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])

RecordsDep = Annotated[Records, Depends(get_records)]
PersonField = Annotated[str, Form()]  # a writing form's hidden person_id: whose page it was sent from

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def render(template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("print_view", False)
    html = template_env().get_template(template).render(**context)
    # a date never breaks over two lines on a phone ("27" above "Nov 2026"), on every page; nor a number
    # and its unit, where the template says so (its units_together filter): one pass over the page
    return HTMLResponse(keep_together(html), status_code=status_code)


def _whose_title(whose: Whose, yours: str, theirs: str) -> str:
    """A list page's title: "Your diary" at home; with several people "Diary", which the title then
    follows with "· Records of Room 4" (base.html), as the person at the keyboard may be a clinician;
    "Diary" too to a staff member signed in (``Whose.about_them``): not their diary."""
    return theirs if whose.about_them else yours


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _error_page(exc: BackstrideError) -> HTMLResponse:
    """The page for a domain error, with the API's status for it (``app.status_for``: one map).

    A 500 (a bug, such as a knowledge base or an export that is not valid, never the person's input)
    is logged with its traceback and says it is not the person's fault, as the app's page for any
    bug does; a 413 (an upload over the limit) is the app's "This file is too big" page.
    """
    status = status_for(exc)
    if status == 404:
        return render(
            "error.html",
            status_code=404,
            heading=page_heading(404),  # also its title (error.html)
            message="It may have been deleted. " + str(exc).capitalize() + ".",
            people_link=isinstance(exc, PersonNotFoundError),  # a person deleted meanwhile (another tab)
        )
    if status >= 500 and status != 503:  # 503: the database failed, not the person's doing
        logger.error("a page could not be shown because of a mistake in backstride: %s", exc, exc_info=exc)
        return error_page(status, SERVER_ERROR_MESSAGE)
    if status == 503:
        people_not_asked()  # the footer: the database is not asked again (nor its failure logged twice)
    return error_page(status, problem_said(exc))  # the database's own words only to who may see them


def _person_page(request: Request, records: Records, draw: Callable[[Whose], Response]) -> Response:
    """``draw`` the page for the person chosen (``whose.page_person``); with several people and none
    chosen, to the People page to choose; an unknown ``?person=`` is the 404 page."""
    try:
        whose = page_person(request, records)
    except StorageError:
        raise  # the app's page for a database that cannot be reached, as on every page
    except BackstrideError as exc:
        return _error_page(exc)
    if whose is None:
        return _see_other(CHOOSE_URL)
    return whose.remember(draw(whose), secure=request.url.scheme == "https")


# ---------------------------------------------------------------------------------- static files


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """The package's own CSS and JavaScript (never from a CDN)."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    if "/" in name or "\\" in name or name.startswith(".") or suffix not in STATIC_TYPES:
        return Response("not found", status_code=404, media_type="text/plain")
    path = resources.files("backstride.web").joinpath("static", name)
    if not path.is_file():
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(
        path.read_bytes(),
        media_type=STATIC_TYPES[suffix],
        headers={"Cache-Control": "public, max-age=3600"},
    )


# ----------------------------------------------------------------------------------------- home


# How many checks not finished Home offers to carry on; any other whose answers already call for
# emergency help or a doctor today is offered too, wherever it is in the list (never on History only)
HOME_OFFERS = 3
# How many of the others Home counts for its link to History ("At least 50 more"): each is replayed to
# know it is not finished (a check kept before finish times were stored has none), so not all of them
HOME_COUNTS = 50
# whose result Home shows when the newest finished check calls for help ("Their latest check means", a
# clinician's check: about_them_text)
LATEST_LEAD = "Your latest check means"


def _not_finished(check: UnfinishedCheck, kept: Records) -> bool:
    """Whether a check Home only counts is not finished: replayed (its next question not kept), then
    kept in the warnings' own cache under its id and answers, in which it is pure (a check's mode never
    changes; an answer given since is another key), so it is replayed once, not on every visit: 50 such
    replays took 0.17-0.19 s of every Home with 1,100 checks (measured 2026-11-27)."""
    key = views.answers_key(f"not finished {check.id}", check.answers)
    hit = kept.warning_recalled(key) if key is not None else None
    if hit is None:
        hit = (check.view(keep=False) is not None,)  # its next question is not kept
        if key is not None:
            kept.warning_remember(key, hit)
    return bool(hit[0])


def _newest_finished(records: Records, kept_before: UnfinishedCheck | None = None) -> AssessmentView | None:
    """The newest finished check, as History orders them, replayed: the one with the latest finish time,
    or ``kept_before`` (the newest check without a finish time that Home's list found finished: kept
    before finish times were stored, it counts from when it was started) when it is newer. None: none,
    or made with other questions (its own page says so). Only checks Home replays anyway are looked
    at: one kept so and older than the HOME_COUNTS Home counts is not."""
    try:
        newest = records.newest_with_finish_time()
    except BackstrideError:
        newest = None
    if kept_before is None:
        return newest
    try:
        view = records.get_assessment(kept_before.id)
    except BackstrideError:
        return newest
    if view.complete and (newest is None or view.created_at > newest.checked_at):
        return view
    return newest


def _latest_warning(whose: Whose, newest: AssessmentView | None) -> dict[str, Any] | None:
    """The newest finished check, when its answers mean an emergency or a doctor today: Home shows it
    as the result page's banner of that level, about the person when a clinician reads it (a
    clinician's check, or a clinic's Home: ``Whose.about_them``, as the rest of that page), so the
    latest result that calls for help is never on History only (a physiotherapist's new-user test,
    2026-11-28: a clinic's Home said nothing of a person's finished emergency check). Its level is the
    more urgent of its stored level (``disposition``: what its result page and History said when its
    result was last worked out) and the red-flag rules on its answers (``views.answers_warning``, kept in
    the warnings' cache; a result not worked out yet has no stored level), so a red flag is never
    downgraded; never a whole result worked out; else None."""
    if newest is None:
        return None
    about_them = newest.mode == "clinician" or whose.about_them
    lead = about_them_text(LATEST_LEAD) if about_them else LATEST_LEAD
    warning = views.answers_warning(newest.answers, lead, kept=whose.records, about_them=about_them)
    if views.more_urgent(newest.disposition, warning["code"] if warning else None):
        warning = views.level_warning(str(newest.disposition), lead, about_them=about_them)
    if warning is None:
        return None
    return {"id": newest.id, "when": views.when(newest.checked_at), "warning": warning}


def _new_question_offer(newest: AssessmentView | None) -> dict[str, Any] | None:
    """The newest finished check, when a warning-sign question was added since it was finished
    (``AssessmentView.new_question``): Home offers it, as History and its result page do, so the new
    sign is never left unasked unseen; else None."""
    from backstride.services import interview as words

    if newest is None or not newest.new_question:  # only a check with a finish time can have one
        return None
    return {
        "id": newest.id,
        "when": views.when(newest.checked_at),
        "heading": words.NEW_QUESTION_HEADING,
        # "about warning signs" only when the question it asks next is one
        "text": words.NEW_QUESTION_TEXT
        if (newest.next_question or {}).get("screening")
        else words.NEW_QUESTION_OTHER_TEXT,
        "button": words.NEW_QUESTION_BUTTON,
    }


def _home(whose: Whose, nav: str) -> HTMLResponse:
    in_progress: list[dict[str, Any]] = []
    more = 0  # the others, on the History page
    at_least = False  # more than HOME_COUNTS of them, perhaps
    kept_before: UnfinishedCheck | None = None  # the newest found finished: kept before finish times
    for check in whose.records.unfinished_answers():  # newest first, not replayed yet
        # what its answers already mean (emergency or urgent): never a whole result; for every check
        warning = views.answers_warning(check.answers, kept=whose.records)
        if len(in_progress) >= HOME_OFFERS and warning is None:
            if more >= HOME_COUNTS:
                at_least = True
            elif _not_finished(check, whose.records):
                more += 1
            elif kept_before is None:  # finished (or unreadable: _newest_finished tells them apart)
                kept_before = check
            continue
        view = check.view(unreadable=True)
        if view is None:  # its answers leave nothing to ask: finished before finish times were kept
            kept_before = kept_before or check
            continue
        if warning is not None and view.mode == "clinician":  # the clinician reads it: about the person
            warning = views.answers_warning(check.answers, kept=whose.records, about_them=True)
        # a warning sign answered "don't know": named, with what to do, as its result page does
        unsure = views.answers_unsure(
            view.id, view.mode, view.answers, warning["code"] if warning else "", kept=whose.records
        )
        if view.progress is None and warning is None and unsure is None:  # another version's: if it warns
            continue
        in_progress.append(
            {
                "id": view.id,
                "when": views.when(view.created_at),
                "n_questions": questions_answered(view.answers),
                "clinician": view.mode == "clinician",
                # "with an examination" only once an examination finding is entered (it may end before one)
                "examined": views.examined(knowledge_base(), view.answers),
                "warning": warning,
                "unsure": unsure,
                "readable": view.progress is not None,  # else its pages cannot replay it
            }
        )
    newest = _newest_finished(whose.records, kept_before)
    return render(
        "home.html",
        page_title="Home",
        nav=nav,
        in_progress=in_progress,
        more=more,
        at_least=at_least,
        latest=_latest_warning(whose, newest),
        new_question=_new_question_offer(newest),
        # each Start form's one-time token: sent twice, one check; two pages, two checks
        start_tokens={"person": new_form_token(), "clinician": new_form_token()},
        **whose.context(),
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, records: RecordsDep) -> Response:
    return _person_page(request, records, lambda whose: _home(whose, "home"))


@router.get("/check", response_class=HTMLResponse)
def check_start_page(request: Request, records: RecordsDep) -> Response:
    return _person_page(request, records, lambda whose: _home(whose, "check"))


@router.post("/check")
def check_start(
    records: RecordsDep,
    mode: Annotated[str, Form()] = "person",
    person_id: PersonField = "",
    form_token: Annotated[str, Form()] = "",  # the Start form's one-time token (services.form_tokens)
) -> Response:
    """Start a check; the start page's second button sends ``mode=clinician`` (examination questions)."""
    try:
        # once: a double click on Start makes one check, not an empty one beside it; by the form's
        # token when it sends one, so two clinicians who each loaded the page get a check each
        whose = posted_person(records, person_id)
        view = whose.records.start_assessment(mode, once=True, form_token=form_token)
    except BackstrideError as exc:
        return _error_page(exc)
    return _see_other(f"/check/{view.id}")


# -------------------------------------------------------------------------------------- interview


def _questions_estimate(mode: str, answers: Mapping[str, Any]) -> tuple[int, int]:
    from backstride.services.interview import questions_estimate

    return questions_estimate(mode, answers)


def _question_page(
    records: Records,
    assessment_id: int,
    *,
    error: str | None = None,
    entered: str = "",
    ticked: Sequence[str] = (),
    unit: str = "",
) -> Response:
    try:
        view, several = records.get_assessment_and_several(assessment_id)  # one read
        whose = owner_of(records, view.person_id, several=several)  # found by its id: its owner's
    except BackstrideError as exc:
        return _error_page(exc)
    if view.complete or view.next_question is None:
        return _see_other(f"/check/{assessment_id}/result")
    question = views.question_context(view.next_question)
    # an answer that made this an emergency is said at once, above the remaining questions
    clinician = view.mode == "clinician"
    emergency = views.emergency_alert_context(
        view.emergency_now, view.answers, view.next_question, about_them=clinician
    )
    # else a doctor today, while the answers so far call for it (the warning in force: gone once
    # "Back" undoes its answer), or what no longer holds when the last answer lowered it, as the terminal
    warning, lowered = (
        (None, None)
        if emergency
        else views.question_warning(view.mode, view.answers, kept=records, about_them=clinician)
    )
    return render(
        "question.html",
        emergency=emergency,
        warning=warning,
        lowered=lowered,
        status_code=422 if error else 200,
        page_title=("Error: " if error else "")
        + ("Get emergency help now. " if emergency else "")
        + str(question["text"]),
        nav="check",
        assessment_id=assessment_id,
        clinician=clinician,
        to_the_person=not clinician,  # base.html: the help line and footer say "you", as the questions do
        # the questions are written to the person: a clinician asks them (not an examination's)
        ask_the_person=ASK_THE_PERSON
        if asks_the_person(knowledge_base(), view.mode, question["codes"])
        else "",
        q=question,
        progress=views.progress_context(*_questions_estimate(view.mode, view.answers)),
        error=error,
        entered=entered,
        entered_unit=unit,  # and a number its unit
        ticked=ticked,  # a checklist shown again keeps its ticks
        **whose.context(),
    )


# The two steps of answering a question run on the event loop itself (``async def`` calling the
# blocking service directly), not in FastAPI's thread pool: their work is short CPU (choosing the next
# question, a few ms) plus a small local database call, and handing it to a worker thread and back
# made the threads queue for the interpreter lock under load (p95 of the POST + redirect + page flow
# 84-123 ms in threads against 41-47 ms inline, 50 clients; one worker thread for both pages also
# measured worse, 223-340 ms against 72-147 ms; benchmarks/README.md). The price: while
# one runs, the loop serves nothing else, so a database that stalls (another process holding SQLite's
# write lock) pauses every page for that time. Uploads and the JSON API stay in the thread pool.


@router.get("/check/{assessment_id}", response_class=HTMLResponse)
async def check_question(
    assessment_id: int,
    records: RecordsDep,
    entered: str = "",
    ticked: Annotated[list[str] | None, Query()] = None,
    unit: str = "",
) -> Response:
    """The current question; ``entered``, ``unit`` and ``ticked``: the answer "Back" took back
    (``check_back``), shown in its box, its unit and ticks to change or send again (nothing is stored
    until it is sent). A unit the page does not offer is left out (the question's own is chosen)."""
    unit = unit if unit in WEEKS_IN else ""
    return _question_page(records, assessment_id, entered=entered[:40], ticked=ticked or (), unit=unit)


@router.post("/check/{assessment_id}/answer")
async def check_answer(
    assessment_id: int,
    records: RecordsDep,
    codes: Annotated[str, Form()] = "",
    choice: Annotated[str, Form()] = "",
    number: Annotated[str, Form()] = "",
    number_unit: Annotated[str, Form()] = "",  # weeks, months or years for a number in weeks
    checked: Annotated[list[str] | None, Form()] = None,
    mode: Annotated[str, Form()] = "",  # "clinician" from a clinician's check (question.html)
) -> Response:
    asked: list[dict[str, Any] | None] = []  # the question asked now, once the check is read

    def answers_for(question: dict[str, Any] | None) -> dict[str, Any] | None:
        asked.append(question)
        if question is None or (codes and codes.split(",") != list(question.get("codes") or ())):
            # complete, or an old tab answered a question that is no longer the current one: only
            # its ticks are kept (as yes: a ticked warning sign is never lost)
            return views.ticks_from_an_old_page(codes, choice, checked or [])
        return views.parse_answer(
            question, choice, number_text=number, checked=checked or [], number_unit=number_unit
        )

    try:  # read, checked and stored in one transaction (Records.answer_current)
        stored = records.answer_current(assessment_id, answers_for)
    except (ValueError, BackstrideError) as exc:
        if not asked and isinstance(exc, NotFoundError):  # the check is gone (deleted in another tab)
            warning = _sent_warning(
                codes, choice, number, checked or [], about_them=mode == "clinician", number_unit=number_unit
            )
            return _gone_check_page(exc, warning)
        if not asked and isinstance(exc, BackstrideError):  # the check could not be read
            return _error_page(exc)
        message = (
            str(exc)
            if isinstance(exc, ValueError) and not isinstance(exc, BackstrideError)
            else (f"That answer could not be saved: {problem_said(exc)}")
        )
        return _question_page(
            records, assessment_id, error=message, entered=number, ticked=checked or [], unit=number_unit
        )
    if (stored is None and asked == [None]) or (stored is not None and stored.complete):
        # finished (now or before): straight to the result, where the question page would send it
        return _see_other(f"/check/{assessment_id}/result")
    return _see_other(f"/check/{assessment_id}")  # the next question, or the current one (an old tab)


def _sent_warning(
    codes: str,
    choice: str,
    number: str,
    checked: Sequence[str],
    *,
    about_them: bool = False,
    number_unit: str = "",
) -> dict[str, Any] | None:
    """What an answer sent from a question page means (``_warning_now.html``), when it fires an
    emergency or urgent warning rule on its own; else None. For a check that is gone: the answer
    cannot be stored, but a warning sign in it is never passed over. ``about_them``: sent from a
    clinician's check, so said about the person ("they must get emergency help now"); the answers are
    still the ones "you just sent"."""
    from backstride.services.interview import question_of

    question = question_of(c for c in codes.split(",") if c)
    if question is None:
        return None
    try:
        answers = views.parse_answer(
            question.to_dict(), choice, number_text=number, checked=checked, number_unit=number_unit
        )
    except ValueError:  # not an answer: nothing to say
        return None
    return views.answers_warning(answers, "The answers you just sent mean", about_them=about_them)


def _gone_check_page(exc: NotFoundError, warning: dict[str, Any] | None) -> HTMLResponse:
    """The 404 page for an answer sent to a check that no longer exists (all data deleted in another
    tab): nothing is stored. When the answer fires a warning rule, the page says first what it means
    and offers a new check; any other answer gets the ordinary 404 page."""
    if warning is None:
        return _error_page(exc)
    return render(
        "error.html",
        status_code=404,
        heading="We could not save that answer",  # the title: the warning first, then this
        message="This check was deleted, so your answer was not saved. " + str(exc).capitalize() + ".",
        warning=warning,
        new_check=True,
    )


@router.post("/check/{assessment_id}/back")
def check_back(assessment_id: int, records: RecordsDep) -> Response:
    try:
        before = dict(records.get_assessment(assessment_id).answers or {})
        after = records.back(assessment_id).answers or {}
    except BackstrideError as exc:
        return _error_page(exc)
    # the answer taken back is shown on the question again: the page's box went empty, as if lost
    taken = {code: value for code, value in before.items() if code not in after}
    numbers = [(c, v) for c, v in taken.items() if isinstance(v, int | float) and not isinstance(v, bool)]
    shown: list[tuple[str, str]] = [("entered", f"{numbers[0][1]:.10g}")] if len(numbers) == 1 else []
    # a length given in years or months is shown in them again, as the person chose it (kept in weeks)
    given = length_as_given(numbers[0][1]) if shown and numbers[0][0] == "duration_weeks" else None
    if given is not None:
        shown = [("entered", given[0]), ("unit", given[1])]
    shown += [("ticked", code) for code, value in taken.items() if value is True]
    return _see_other(f"/check/{assessment_id}" + (f"?{urlencode(shown)}" if shown else ""))


NOT_WORKED_OUT_HEADING = "This check could not be worked out again"


@router.get("/check/{assessment_id}/result", response_class=HTMLResponse)
def check_result(assessment_id: int, records: RecordsDep, print: int = 0) -> Response:  # noqa: A002
    from backstride.web.report import check_context

    try:
        context = check_context(records, knowledge_base(), assessment_id, owner=True)
        # found by its id: shown as its owner's, read with the result (one transaction less)
        whose = owner_of(records, context.pop("person_id"), read=context.pop("owner"))
    except BackstrideError as exc:
        # not worked out again (answers this version cannot read): a level stored with it is said first
        worked_out = isinstance(exc, InputError) and not isinstance(exc, StorageError)  # not: 503
        kept = records.not_worked_out_words(assessment_id) if worked_out else None
        if kept is None:
            return _error_page(exc)
        message = f"{kept} Why this version could not work it out again: {exc}"
        return render("error.html", status_code=422, heading=NOT_WORKED_OUT_HEADING, message=message)
    title = f"{_whose_title(whose, 'Your result', 'Result')}: {context.pop('heading')}"
    return render(
        "result.html",
        page_title=about_them_text(title) if context["about_them"] else title,  # a clinician's check
        to_the_person=not context["about_them"],  # base.html: the help line and footer, as the page
        nav="check",
        print_view=bool(print),
        **context,
        **whose.context(),
    )


# ------------------------------------------------------------------------------ clinician report


@router.get("/report", response_class=HTMLResponse)
def clinician_report(
    request: Request, records: RecordsDep, check: int | None = None, weeks: int = 12, download: int = 0
) -> Response:
    """The report for a clinician (``?check=ID`` picks the check; ``?download=1`` saves it as a file),
    of the person chosen: a check of someone else's is not found."""
    from backstride.web.report import render_report

    def draw(whose: Whose) -> Response:
        try:
            html = render_report(whose.records, assessment_id=check, weeks=weeks, links=not download)
            if download:  # a file handed out, as the PDF (reading the page is not written down)
                whose.records.note_download("HTML", action="report_downloaded")
        except BackstrideError as exc:
            return _error_page(exc)
        # as the command line names it: the day, and the person's id when there are several
        name = f"backstride-report-{records.today().isoformat()}{_file_suffix(whose)}.html"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'} if download else None
        return HTMLResponse(html, headers=headers)

    return _person_page(request, records, draw)


# ----------------------------------------------------------------------------------------- walks

# How the walk page names the reader options in a message (the command line says --acc-unit, --trial).
PAGE_OPTION_NAMES = {
    "give_acc_unit": "choose the acceleration unit under “Units” below",
    "give_gyr_unit": "choose the rotation unit under “Units” below",
    "give_units": "choose both units under “Units” below",
    "units": "the “Units” choices",
    "trial": "the “Trial” box",
    "trial_eg": "",
    "worn_at": "“Where was it worn?”",
}
UNIT_OPTIONS = frozenset({"give_acc_unit", "give_gyr_unit", "give_units", "units"})
# How the walk page names the symptom and stop times in a message (the API says symptom_at, stop_at).
PAGE_TIME_NAMES = {
    SYMPTOM_AT: "“When did the first symptom come?”",
    STOP_AT: "“When did you have to stop?”",
}
# ... and as the page asks them in a clinic ("When did they have to stop?", about_them_html_if)
PAGE_TIME_NAMES_ABOUT_THEM = {**PAGE_TIME_NAMES, STOP_AT: "“When did they have to stop?”"}


def _time_names(about_them: bool) -> dict[str, str]:
    """The walk page's questions for the times, worded as the page shows them (``Whose.about_them``)."""
    return PAGE_TIME_NAMES_ABOUT_THEM if about_them else PAGE_TIME_NAMES


def _walks_page(
    whose: Whose,
    *,
    error: str | None = None,
    chosen_format: str = "auto",
    height_cm: str = "",
    acc_unit: str = "",
    gyr_unit: str = "",
    trial: str = "",
    symptom_at: str = "",
    stop_at: str = "",
    worn_at: str = "",
    status_code: int = 422,
    open_units: bool = False,
    open_trial: bool = False,
    open_format: bool = False,
    time_errors: frozenset[str] = frozenset(),
    already: Any = None,
    form_token: str = "",
) -> HTMLResponse:
    records = whose.records
    walks = [views.walk_row(w) for w in records.list_walks()]
    if already is not None:  # the same file sent again: a link to the walk stored from it (409)
        status_code, already = 409, {"id": already.id, "when": views.when(already.created_at)}
    if not height_cm:
        stored = records.height_cm()
        height_cm = views.number(stored) if stored is not None else ""
    return render(
        "walks.html",
        status_code=status_code if error or already else 200,
        page_title=("Error: " if error else "") + _whose_title(whose, "Your walks", "Walks"),
        max_upload=size_in_words(records.max_upload_bytes),
        nav="walks",
        walks=walks,
        formats=views.FORMAT_CHOICES,
        chosen_format=chosen_format,
        height_cm=height_cm,
        acc_units=views.ACC_UNIT_CHOICES,
        gyr_units=views.GYR_UNIT_CHOICES,
        acc_unit=acc_unit,
        gyr_unit=gyr_unit,
        trial=trial,
        open_units=open_units or bool(acc_unit or gyr_unit),
        open_trial=open_trial or bool(trial),
        # the file type is folded while "Find out for me" is chosen; a file that could not be used opens it
        open_format=open_format or chosen_format != "auto",
        symptom_at=symptom_at,
        stop_at=stop_at,
        worn_ats=views.WORN_AT_PAGE_CHOICES,
        worn_at=worn_at,
        time_errors=time_errors,
        already=already,
        error=error,
        # the form's one-time token (services.form_tokens): the same form sent twice shows the walk the
        # first stored, not "you added this file already"; a refused form keeps the token it was sent with
        form_token=form_token[:64] or new_form_token(),
        **whose.context(),
    )


# ?symptom_at=10:32:05&stop_at=10:34:50 fills the times in (the walking test's link): clock times only
CLOCK_TIME = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}")


@router.get("/walks", response_class=HTMLResponse)
def walks_page(request: Request, records: RecordsDep) -> Response:
    symptom_at, stop_at = (request.query_params.get(name, "") for name in ("symptom_at", "stop_at"))
    return _person_page(
        request,
        records,
        lambda whose: _walks_page(
            whose,
            symptom_at=symptom_at if CLOCK_TIME.fullmatch(symptom_at) else "",
            stop_at=stop_at if CLOCK_TIME.fullmatch(stop_at) else "",
        ),
    )


@router.post("/walks")
def walks_upload(  # not async: reading and analysing a long walk must not stop every other page
    records: RecordsDep,
    person_id: PersonField = "",
    file: Annotated[UploadFile | None, File()] = None,
    format: Annotated[str, Form()] = "auto",  # noqa: A002
    height_cm: Annotated[str, Form()] = "",
    acc_unit: Annotated[str, Form()] = "",
    gyr_unit: Annotated[str, Form()] = "",
    trial: Annotated[str, Form()] = "",
    symptom_at: Annotated[str, Form()] = "",
    stop_at: Annotated[str, Form()] = "",
    worn_at: Annotated[str, Form()] = "",
    form_token: Annotated[str, Form()] = "",  # the form's one-time token: sent twice, one walk shown
) -> Response:
    def again(
        message: str,
        status_code: int = 422,
        *,
        open_units: bool = False,
        open_trial: bool = False,
        open_format: bool = False,
        time_errors: frozenset[str] = frozenset(),
    ) -> HTMLResponse:
        return _walks_page(
            whose,
            error=message,
            status_code=status_code,
            open_units=open_units,
            open_trial=open_trial,
            open_format=open_format,
            time_errors=time_errors,
            symptom_at=symptom_at,
            stop_at=stop_at,
            chosen_format=format,
            height_cm=height_cm,
            acc_unit=acc_unit,
            gyr_unit=gyr_unit,
            trial=trial,
            worn_at=worn_at,
            form_token=form_token,
        )

    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    if file is None or not file.filename:
        return again("Please choose a walk file to send.")
    height: float | None = None
    times = _time_names(whose.about_them)  # the questions as this page words them
    if height_cm.strip():
        theirs = "their" if whose.about_them else "your"  # as the field says: "Their height in cm"
        try:  # "170cm" too, as the command's --height-cm reads it
            height = typed_centimetres(height_cm)
        except NotCentimetres as exc:
            said = "" if exc.metres_in_cm is None else f" ({exc.metres_in_cm:g} cm)"
            wrong = f"“{height_cm}” is not in cm. Please type {theirs} height in cm, like 172{said}."
        except ValueError:
            wrong = f"“{height_cm}” is not a height. Please type {theirs} height in cm, like 172."
        else:
            # '1.72' is metres, as the API and the command line say it (services.people)
            metres = f" ({height:g} m is {height * 100:g} cm)" if 0.5 <= height <= 2.5 else ""
            wrong = (
                ""
                if 50 <= height <= 250
                else f"Please type a height from 50 to 250 cm, or leave it blank{metres}."
            )
        if wrong:  # a typed time that is no time at all is said on this try too
            message, bad = _with_time_problems(wrong, symptom_at, stop_at, times)
            return again(message, time_errors=bad)
    try:
        walk = whose.records.upload_walk(
            file.filename,
            file.file,  # as received, on disk: copied and read a piece at a time
            recording_format=format,
            height_cm=height,
            acc_unit=acc_unit or None,
            gyr_unit=gyr_unit or None,
            trial=trial.strip() or None,
            symptom_at=symptom_at,  # blank: not given; checked by the CLI's own parser
            stop_at=stop_at,
            worn_at=worn_at,  # blank: not said; another value is refused, naming the choices
            form_token=form_token,
        )  # keeps the height as the one last used
    except UploadTooLargeError as exc:
        return again(str(exc), status_code=413)
    except FormSentAfterDeleteError as exc:  # this form's walk, deleted since with everything: not again
        form_token = ""  # the page shown has a new form: sent from it, the walk is added
        return again(str(exc), status_code=409)
    except WalkStoredAlreadyError as exc:
        if whose.records.walk_sent_with_form(form_token, exc.walk.id):
            # this very form sent twice (a double click on Send): the walk it stored, as the first answer
            return _see_other(f"/walks/{exc.walk.id}")
        return _walks_page(whose, already=exc.walk)  # the file sent again later, on purpose (409)
    except RecordingOptionError as exc:  # name the page's own fields, not the command line's flags
        message, bad = _with_time_problems(
            f"We could not use this file. {views.full_stop(exc.phrased(PAGE_OPTION_NAMES))}",
            symptom_at,
            stop_at,
            times,
        )
        return again(
            message,
            open_units=bool(exc.options & UNIT_OPTIONS),
            open_trial="trial" in exc.options,
            open_format=True,
            time_errors=bad,
        )
    except TimePointError as exc:  # name the page's own questions, not the API's fields
        return again(f"Please check the times. {views.full_stop(exc.phrased(times))}", time_errors=exc.fields)
    except StorageError as exc:  # not the file's fault: the database's words only to who may see them
        return again(problem_said(exc), status_code=503)
    except BackstrideError as exc:
        # a file that is no walk at all: what is wrong in plain words first, then exactly what was found
        plain = getattr(exc, "plain", "")
        said = f"We could not use this file. {plain + ' ' if plain else ''}{views.full_stop(exc)}"
        message, bad = _with_time_problems(said, symptom_at, stop_at, times)
        return again(message, open_format=True, time_errors=bad)
    return _see_other(f"/walks/{walk.id}")


def _with_time_problems(
    message: str, symptom_at: str, stop_at: str, names: dict[str, str]
) -> tuple[str, frozenset[str]]:
    """A refused file's ``message`` with any typed time that is no time at all, whatever the file:
    said now too, not on the next try, naming the page's questions (``names``, ``_time_names``); and
    the fields to mark."""
    given = {SYMPTOM_AT: symptom_at.strip() or None, STOP_AT: stop_at.strip() or None}
    bad = [e for e in (not_a_time(text, name) for name, text in given.items()) if e]
    if bad:
        message += " Please check the times. " + " ".join(views.full_stop(e.phrased(names)) for e in bad)
    return message, frozenset(f for e in bad for f in e.fields)


@router.get("/walks/{walk_id}", response_class=HTMLResponse)
def walk_page(walk_id: int, records: RecordsDep) -> Response:
    try:
        walk = records.get_walk(walk_id)
        whose = owner_of(records, walk.person_id)  # found by its id: shown as its owner's
    except BackstrideError as exc:
        return _error_page(exc)
    # the walk a new check of the owner would use: their newest that can speak for their walking
    used = whose.records.check_walks().used
    not_usable = whose.records.walk_not_usable(walk.id)
    return render(
        "walk.html",
        page_title=(f"{whose.persons[:1].upper()}{whose.persons[1:]} walk" if whose.persons else "Walk")
        if whose.about_them
        else "Your walk",
        nav="walks",
        # at home (no staff accounts) who sent it says nothing about staff
        walk=views.walk_context(knowledge_base(), walk, clinic=views.in_clinic(records)),
        is_used=used is not None and used.id == walk.id,
        start_token=new_form_token(),  # its Start form's one-time token, as Home's
        used_when=None if used is None else views.walk_when(used.walked_at, used.created_at),
        not_usable=None if not_usable is None else WALK_NOT_USABLE.get(not_usable),
        **whose.context(),
    )


# ----------------------------------------------------------------------------------------- diary


def step_names(codes: Iterable[str]) -> list[str]:
    """The plain names of the relief steps tried on a day (``diary.steps``), in the plan's order."""
    steps = diary_steps()
    return [steps[code].name for code in codes if code in steps]


DIARY_SHOWN = 60  # the diary page's newest entries (and the charts of their days) unless all are asked for


def _diary_page(
    whose: Whose,
    *,
    form: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    error_fields: tuple[str, ...] = (),
    status_code: int = 422,  # with ``errors``
    saved: date | None = None,
    show_all: bool = False,
    saved_entry: int | None = None,
    removed: date | None = None,
) -> HTMLResponse:
    """The diary: the form, the trends and what seems to help (from every entry), and the newest
    ``DIARY_SHOWN`` entries with the charts of their days (a walk from the first of them on), or all
    of them with ``show_all``: 5,000 entries made a page of 4.7 MB."""
    progress = whose.records.progress()
    steps = diary_steps()
    every = progress["entries"]  # oldest first
    shown = every if show_all else every[-DIARY_SHOWN:]
    charted: Mapping[str, Any] = progress
    if len(shown) < len(every):
        since = views.day(shown[0]["entry_date"])
        walks = [w for w in progress["walks"] if views.walk_day(w) >= since]
        charted = {"entries": shown, "walks": walks}
    alike: dict[tuple[str, Any], list[Any]] = {}  # a day's entries of one pain, in the order made
    for e in every:
        alike.setdefault((str(e["entry_date"]), e["pain_0_10"]), []).append(e["id"])
    entries = [
        {
            "id": e["id"],
            "day": day_words(views.day(e["entry_date"])),
            "pain": e["pain_0_10"],
            "which": _which_entry(e, alike[(str(e["entry_date"]), e["pain_0_10"])]),
            "minutes": minutes_words(e.get("walking_tolerance_min")),  # "6 min 20 s", as its notes say
            "notes": e.get("notes") or "",
            "tried": step_names(e.get("tried") or ()),
        }
        for e in reversed(shown)
    ]
    days = {str(e["entry_date"]) for e in every}
    saved_day = saved.isoformat() if saved and not errors and saved.isoformat() in days else None
    # a day saved more than a year ago: is its year right? (the newest entry of that day to change)
    year_to_check = (
        max(e["id"] for e in every if str(e["entry_date"]) == saved_day)
        if saved and saved_day and long_ago(saved, views.day(progress["as_of"]))
        else None
    )
    return render(
        "diary.html",
        status_code=status_code if errors else 200,
        page_title=("Error: " if errors else "") + _whose_title(whose, "Your diary", "Diary"),
        nav="diary",
        form=form
        or {"entry_date": progress["as_of"], "pain_0_10": "", "walking_tolerance_min": "", "notes": ""},
        # the form's one-time token (Records.add_diary_entry): the same form sent twice adds one day;
        # a form shown again keeps the token it was sent with
        form_token=(form or {}).get("form_token") or secrets.token_urlsafe(24),
        steps=[(s.code, s.name) for s in steps.values()],
        ticked=set(form.get("tried") or ()) if form else set(),
        helps=progress["what_seems_to_help"],
        cannot_show=CANNOT_SHOW,
        errors=errors or [],
        error_fields=error_fields,
        charts=_diary_charts(progress, charted, voice="person" if whose.about_them else "you"),
        trends=[progress["pain_trend"], progress["walking_tolerance_trend"]] if entries else [],
        saved=day_words(saved) if saved and saved_day else None,
        removed=day_words(removed) if removed and not errors else None,
        year_to_check=year_to_check,
        saved_hidden=saved_day is not None
        and (
            saved_entry not in {e["id"] for e in shown}  # the entry changed, though its day is shown (R5)
            if saved_entry in {e["id"] for e in every}
            else saved_day not in {str(e["entry_date"]) for e in shown}
        ),
        entries=entries,
        n_entries=len(every),
        n_shown=len(shown),
        all_url=whose.url("/diary?all=1#entries-heading"),
        newest_url=whose.url("/diary#entries-heading"),
        showing_all=show_all and len(every) > DIARY_SHOWN,
        **whose.context(),
    )


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _which_entry(entry: Mapping[str, Any], alike: Sequence[Any]) -> str:
    """What names a diary entry in its Edit link, Remove button and question: "24 Nov 2026, pain 4",
    and, when the day has other entries of that pain, which of them it is ("..., the first of 2")."""
    which = f"{day_words(views.day(entry['entry_date']))}, pain {entry['pain_0_10']}"
    if len(alike) < 2:
        return which
    n = alike.index(entry["id"])
    return f"{which}, the {_ORDINALS[n] if n < len(_ORDINALS) else f'number {n + 1}'} of {len(alike)}"


def _diary_charts(
    progress: Mapping[str, Any], charted: Mapping[str, Any], *, voice: str = "you"
) -> list[dict[str, Any]]:
    """The charts of the days shown; a walks chart left empty by those days, though there are older
    walks, says so (not "No walks yet"). ``voice``: "person" to a clinician (``views.diary_charts``)."""
    charts = views.diary_charts(charted, voice=voice)
    if charted is progress:
        return charts
    with_walks = {
        c["id"] for c in views.diary_charts({"entries": [], "walks": progress["walks"]}) if not c["empty"]
    }
    for chart in charts:
        if chart["empty"] and chart["id"] in with_walks:
            chart["empty_text"] = "No walks on these days. Show all your entries to see your older walks."
    return charts


@router.get("/diary", response_class=HTMLResponse)
def diary_page(request: Request, records: RecordsDep) -> Response:
    # ?saved=YYYY-MM-DD: the day just saved, said at the top (anything else there is ignored);
    # ?all=1: every entry and every chart point, not only the newest DIARY_SHOWN
    try:
        saved: date | None = date.fromisoformat(request.query_params.get("saved", ""))
    except ValueError:
        saved = None
    try:  # ?removed=YYYY-MM-DD: the day of the entry just removed, said at the top
        removed: date | None = date.fromisoformat(request.query_params.get("removed", ""))
    except ValueError:
        removed = None
    show_all = request.query_params.get("all") == "1"
    entry = request.query_params.get("entry", "")  # ?entry=N: the entry just changed (its Edit)
    saved_entry = int(entry) if entry.isascii() and entry.isdigit() and len(entry) < 12 else None
    return _person_page(
        request,
        records,
        lambda whose: _diary_page(
            whose, saved=saved, show_all=show_all, saved_entry=saved_entry, removed=removed
        ),
    )


def typed_pain(text: str) -> int | None:
    """Pain 0-10 as typed in a form (``7.0`` is 7), else None."""
    try:
        value = views.typed_number(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and PAIN_MIN <= value <= PAIN_MAX else None


DIARY_FIELDS = ("entry_date", "pain_0_10", "walking_tolerance_min", "tried", "notes")  # the form's order
# What the diary page says, beside the field, when the day, the notes or the steps cannot be kept.
DIARY_FIELD_WORDS = {
    "entry_date": "Day: please pick a day from 1900 to today, like 2026-11-20.",
    "notes": f"Notes: please keep them to {NOTES_MAX_CHARS} letters or fewer, as plain text.",
    "tried": "What I tried today: please tick only the steps in the list.",
}


@dataclass
class _DiaryForm:
    """A diary form as sent (adding a day or changing one), read and checked as one: ``values`` to
    store when ``errors`` is empty; else the plain messages and their fields, in the form's order."""

    form: dict[str, Any]
    values: dict[str, Any]
    errors: list[str]
    fields: list[str]
    status_code: int = 422  # 503 when the database failed to store it: not what was typed


def _read_diary_form(
    records: Records,
    entry_date: str,
    pain_0_10: str,
    walking_tolerance_min: str,
    notes: str,
    tried: list[str],
) -> _DiaryForm:
    form: dict[str, Any] = {
        "entry_date": entry_date,
        "pain_0_10": pain_0_10,
        "walking_tolerance_min": walking_tolerance_min,
        "notes": notes,
        "tried": tried,
    }
    errors: list[str] = []
    fields: list[str] = []
    pain = typed_pain(pain_0_10)
    if pain is None:
        errors.append("Pain: please type a whole number from 0 to 10.")
        fields.append("pain_0_10")
    minutes: float | None = None
    if walking_tolerance_min.strip():
        try:
            # as the walking test and the check take them: "6:20" or "6 min 20 s" too
            minutes = typed_minutes_kept(walking_tolerance_min)
            if not 0 <= minutes <= 600:
                raise ValueError
        except ValueError:
            minutes = None
            errors.append(
                "Minutes walked before pain: please type minutes from 0 to 600, like 12 or 6:20, "
                "or leave it blank."
            )
            fields.append("walking_tolerance_min")
    day = entry_date or date.today().isoformat()
    for problem in records.diary_entry_problems(entry_date=day, notes=notes, tried=tried):  # all at once
        errors.append(DIARY_FIELD_WORDS[problem.field])
        fields.append(problem.field)
    if errors:  # in the order of the form's fields
        found = sorted(zip(fields, errors, strict=True), key=lambda pair: DIARY_FIELDS.index(pair[0]))
        fields, errors = [f for f, _ in found], [e for _, e in found]
    values = {
        "entry_date": day,
        "pain_0_10": pain,
        "walking_tolerance_min": minutes,
        "notes": notes,
        "tried": tried,
    }
    return _DiaryForm(form=form, values=values, errors=errors, fields=fields)


def _save_diary_form(sent: _DiaryForm, save: Callable[..., Any]) -> None:
    """``save(**sent.values)`` when the form has no problems; a problem found then is added to ``sent``
    (nothing is stored: one write)."""
    if sent.errors:
        return
    try:
        save(**sent.values)
    except EntryFieldError as exc:
        sent.errors.append(DIARY_FIELD_WORDS[exc.field])
        sent.fields.append(exc.field)
    except DiaryEntryChangedError:
        raise  # the Edit page shows what the entry is now
    except FormSentAfterDeleteError as exc:  # the day this form saved, deleted since: not saved again
        sent.errors.append(str(exc))
        sent.status_code = status_for(exc)
        sent.form["form_token"] = ""  # the page shown has a new form: saved from it, the day is added
    except BackstrideError as exc:
        sent.errors.append(f"This entry could not be saved: {problem_said(exc)}")
        sent.status_code = status_for(exc)


@router.post("/diary")
def diary_add(
    records: RecordsDep,
    person_id: PersonField = "",
    entry_date: Annotated[str, Form()] = "",
    pain_0_10: Annotated[str, Form()] = "",
    walking_tolerance_min: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
    tried: Annotated[list[str] | None, Form()] = None,  # the ticked boxes (none ticked: not sent)
    form_token: Annotated[str, Form()] = "",  # the form's one-time token: sent twice, stored once
) -> Response:
    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    sent = _read_diary_form(whose.records, entry_date, pain_0_10, walking_tolerance_min, notes, tried or [])
    sent.form["form_token"] = form_token[:64]
    # a double click on Save sends the form twice: the second finds the day the first stored and
    # shows it saved (Records.add_diary_entry), never a second day nor an error
    _save_diary_form(sent, functools.partial(whose.records.add_diary_entry, form_token=form_token))
    if sent.errors:
        return _diary_page(
            whose,
            form=sent.form,
            errors=sent.errors,
            error_fields=tuple(sent.fields),
            status_code=sent.status_code,
        )
    return _see_other(whose.url(f"/diary?saved={sent.values['entry_date']}"))


def _diary_edit_page(
    whose: Whose,
    entry_id: int,
    *,
    form: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    error_fields: tuple[str, ...] = (),
    status_code: int = 422,  # with ``errors``
    version: str | None = None,
    changed: DiaryEntryView | None = None,
) -> HTMLResponse:
    """The form to change one diary day, filled with what is stored (or with what was sent, on a
    refusal); someone else's entry, or one removed meanwhile, is the 404 page. The form carries the
    version it was made from (``updated_at``): the stored one, or ``version`` as sent on a refusal.
    ``changed``: the entry as it is now, changed after the form was opened (409): said above the form,
    and its version is the one the form now carries."""
    try:
        entry = changed or whose.records.get_diary_entry(entry_id)
    except BackstrideError as exc:
        return _error_page(exc)
    day = day_words(entry.entry_date)
    stored: dict[str, Any] = {
        "entry_date": entry.entry_date.isoformat(),
        "pain_0_10": entry.pain_0_10,
        # "6:20", not the 6.33 it is kept as; saved unchanged, it stays 6.33
        "walking_tolerance_min": (
            "" if entry.walking_tolerance_min is None else minutes_as_typed(entry.walking_tolerance_min)
        ),
        "notes": entry.notes,
        "tried": list(entry.tried),
    }
    shown = form or stored
    earlier = [
        earlier_version_words(v, entry.entry_date) for v in whose.records.earlier_diary_versions(entry_id)
    ]
    if changed is not None or version is None:  # the version shown, else the one the form was sent with
        version = entry.updated_at.isoformat()
    return render(
        "diary_edit.html",
        status_code=409 if changed else status_code if errors else 200,
        page_title=("Changed: " if changed else "Error: " if errors else "") + f"Change the entry for {day}",
        nav="diary",
        entry_id=entry_id,
        day=day,
        version=version,
        changed=(
            None if changed is None else f"{day_words(changed.entry_date)}, {diary_entry_words(changed)}."
        ),
        diary_url=whose.url("/diary"),
        form=shown,
        earlier=earlier,
        steps=[(s.code, s.name) for s in diary_steps().values()],
        ticked=set(shown.get("tried") or ()),
        errors=errors or [],
        error_fields=error_fields,
        **whose.context(),
    )


@router.get("/diary/{entry_id}/edit", response_class=HTMLResponse)
def diary_edit_page(entry_id: int, request: Request, records: RecordsDep) -> Response:
    return _person_page(request, records, lambda whose: _diary_edit_page(whose, entry_id))


def _diary_entry_here(whose: Whose, entry_id: int) -> bool:
    try:
        whose.records.get_diary_entry(entry_id)
    except NotFoundError:
        return False
    return True


DIARY_ENTRY_GONE = (
    "This day is not in your diary any more (it may have been removed), so nothing was changed. "
    "What you typed is in the form below. Press Save to add it as a new day."
)


def _diary_entry_gone(whose: Whose, sent: _DiaryForm) -> HTMLResponse:
    """A change sent for an entry that is not there (removed in another tab, or someone else's): the
    diary's add form filled with what was typed (review R5: it was lost on a 'not found' page)."""
    page = _diary_page(whose, form=sent.form, errors=[DIARY_ENTRY_GONE])
    page.status_code = 404
    return page


# No version is ever stored at this moment: a version sent that cannot be read is never the entry's.
NO_VERSION = datetime.min.replace(tzinfo=UTC)


def _sent_version(text: str) -> datetime | None:
    """The version an Edit form was made from: None when it sent none (saved as before); one that
    cannot be read (not a time with its offset) matches no entry, so the page shows what is stored."""
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return NO_VERSION
    return moment if moment.tzinfo is not None else NO_VERSION


@router.post("/diary/{entry_id}/edit")
def diary_edit(
    entry_id: int,
    records: RecordsDep,
    person_id: PersonField = "",
    entry_date: Annotated[str, Form()] = "",
    pain_0_10: Annotated[str, Form()] = "",
    walking_tolerance_min: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
    tried: Annotated[list[str] | None, Form()] = None,
    updated_at: Annotated[str, Form()] = "",  # the version the form was made from
) -> Response:
    """Change a diary day: the same checks and words as adding one; all of it is changed or none. A form
    made from a version that is no longer the entry's (a backup restored meanwhile, another tab) changes
    nothing: it comes back (409) with what was typed and what the entry is now, so the person chooses.
    A form without a version (a page from before it was sent) changes the entry as before."""
    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    sent = _read_diary_form(whose.records, entry_date, pain_0_10, walking_tolerance_min, notes, tried or [])
    if not _diary_entry_here(whose, entry_id):  # removed meanwhile, or someone else's: nothing changed
        return _diary_entry_gone(whose, sent)
    base = _sent_version(updated_at)

    def save(**values: Any) -> Any:
        return whose.records.update_diary_entry(entry_id, **values, base_updated_at=base)

    try:
        _save_diary_form(sent, save)
    except DiaryEntryChangedError as exc:
        return _diary_edit_page(whose, entry_id, form=sent.form, changed=exc.entry)
    if sent.errors:
        if not _diary_entry_here(whose, entry_id):  # removed while it was being saved
            return _diary_entry_gone(whose, sent)
        return _diary_edit_page(
            whose,
            entry_id,
            form=sent.form,
            errors=sent.errors,
            error_fields=tuple(sent.fields),
            status_code=sent.status_code,
            version=updated_at,
        )
    return _see_other(whose.url(f"/diary?saved={sent.values['entry_date']}&entry={entry_id}"))


@router.post("/diary/{entry_id}/delete")
def diary_delete(
    entry_id: int,
    records: RecordsDep,
    person_id: PersonField = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Remove a diary day once the person has said yes: the page's script asks and sends
    ``confirm=yes``; without a script the browser gets a page that asks first (nothing is lost to
    one stray tap)."""
    try:
        whose = posted_person(records, person_id)
        if confirm != "yes":
            entry = whose.records.get_diary_entry(entry_id)  # someone else's entry: not found
            return render(
                "diary_remove.html",
                page_title="Remove a diary day?",
                nav="diary",
                entry_id=entry_id,
                diary_url=whose.url("/diary"),
                day=day_words(entry.entry_date),
                pain=entry.pain_0_10,
                minutes=minutes_words(entry.walking_tolerance_min),  # "6 min 20 s", as the diary says it
                tried=step_names(entry.tried),
                notes=entry.notes,
                **whose.context(),
            )
        day = whose.records.get_diary_entry(entry_id).entry_date  # someone else's entry: not found
        whose.records.delete_diary_entry(entry_id)
    except BackstrideError as exc:
        return _error_page(exc)
    return _see_other(whose.url(f"/diary?removed={day.isoformat()}"))  # the page says it was removed


# --------------------------------------------------------------------------------------- sources


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon, said without an error: browsers ask for one on every page, and a 404 put an error in
    the console each time. Empty (204), as the app loads nothing it does not need."""
    return Response(status_code=204)


@router.get("/sources", response_class=HTMLResponse)
def sources_page() -> HTMLResponse:
    """What each source key cited on the pages (B1, A15 ...) stands for: the whole list, for everyone."""
    return render(
        "sources.html", page_title="Where the advice comes from", sources=views.sources_list(knowledge_base())
    )


@router.get("/docs")
def api_docs_moved() -> RedirectResponse:
    """The API's docs are at /api/docs; /docs is where FastAPI apps keep them, so people look there."""
    return RedirectResponse("/api/docs", status_code=308)


# --------------------------------------------------------------------------------------- history


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, records: RecordsDep) -> Response:
    return _person_page(request, records, _history_page)


def _warned_of(result: Mapping[str, Any], top_code: str) -> str:
    """The cause a warning rule that set the level points to, when it is not the most likely one
    ("; the warning sign points to: Cauda equina syndrome ..."): an emergency check read "Most likely
    cause: Lumbar spinal stenosis" and nothing of the cause it was an emergency for."""
    because = set(result.get("disposition_because") or ())
    named = dict.fromkeys(
        str(h.get("condition"))
        for h in result.get("red_flags") or ()
        if h.get("code") in because and h.get("condition") and h.get("condition") != top_code
    )
    if not named:
        return ""
    names = (views.condition_name(knowledge_base(), c) for c in named)
    return "; the warning sign points to: " + ", ".join(names)


def _unread_heading(records: Records, assessment_id: int) -> str:
    """The History's words for a check this version cannot work out again, with the level stored with
    it (``Records.stored_level``: its own, else the one its note of a deleted walk kept): never hidden."""
    try:
        stored = records.stored_level(assessment_id)
    except BackstrideError:  # deleted meanwhile
        stored = None
    if stored is None:
        return "Could not be read"
    level = views.DISPOSITION_HEADINGS.get(stored[0], stored[0])
    return f"Could not be read. When it was last worked out, it said: {level}"


def _history_page(whose: Whose) -> HTMLResponse:
    from backstride.services.check_changes import checks_with_one_before, since_when
    from backstride.services.interview import (
        NEW_QUESTION_NOT_KNOWN,
        NEW_QUESTION_SHORT,
        Interview,
        more_urgent_signs,
    )

    records = whose.records
    checks = list(records.checks_before(None))  # each with whether it is finished
    compared, today = checks_with_one_before(checks), records.today()
    finished = {c.id: c.finished for c in checks}
    # finished, and a warning-sign question was added since: it stays finished, and the question is offered
    new_question = {c.id for c in checks if c.new_question}
    rows = []
    for a in records.list_assessments():
        complete, heading, top = False, "Not finished yet", "—"
        try:
            # a result is stored for a check left half-way too (its result page was looked at):
            # never read as finished; one this version cannot replay counts as its stored result says,
            # or its finish time (its result cleared since: a walk it used deleted, the note alone kept)
            known = finished.get(a["id"])
            complete = bool(a.get("disposition") or a.get("finished_at")) if known is None else known
            if complete or a.get("disposition") in ("emergency", "urgent"):  # a warning sign fired
                if a["id"] in new_question:  # its answers too, read with its result (below)
                    view, asked = records.result_and_check(a["id"])
                else:
                    view = records.result(a["id"])
                result = view.result
                heading = views.DISPOSITION_HEADINGS.get(str(result.get("disposition")), heading)
                if more_urgent_signs(view.uncertain_signs, view.disposition):  # then no all-clear
                    heading = f"{heading}, {views.HISTORY_QUALIFIER}"
                if a["id"] in new_question:
                    # its level went by the answers before the new warning sign: never a calmer level than
                    # that sign could set, read as the answer (its result page: "How soon: not known yet")
                    if more_urgent_signs(
                        Interview(asked.mode, asked.answers).unscreened_warning_signs(), view.disposition
                    ):
                        heading = NEW_QUESTION_NOT_KNOWN
                    heading = f"{heading} ({NEW_QUESTION_SHORT})"
                elif not complete:
                    heading = f"{heading} (not finished)"
                conditions = result.get("conditions") or []
                if conditions:
                    top = views.condition_name(knowledge_base(), str(conditions[0].get("code")))
                    top += _warned_of(result, str(conditions[0].get("code")))
        except BackstrideError:
            heading = _unread_heading(records, a["id"])
        if whose.about_them or a.get("mode") == "clinician":
            # read by a clinician, or a clinician's check (as its result page and Home's offer say it):
            # about the person ("They must get emergency help now"), never an order to the reader
            heading = about_them_text(heading)
        ended = a.get("finished_at")
        rows.append(
            {
                "id": a["id"],
                "when": views.when(a["created_at"]),
                # finished on another day than it was started: said, as "what changed" dates by it
                "finished": views.when(ended)
                if complete and ended is not None and views.day(ended) != views.day(a["created_at"])
                else None,
                "disposition": heading,
                "top": top,
                "n_questions": a["n_questions"],
                "mode": views.MODE_WORDS.get(str(a.get("mode")), str(a.get("mode"))),
                "complete": complete,
                "new_question": a["id"] in new_question,  # "answer the new question", not "carry on"
                # "What changed since the check on 12 Nov": its result page's section
                "since": since_when(*compared[a["id"]], today) if a["id"] in compared else None,
            }
        )
    title = _whose_title(whose, "Your past checks", "Past checks")
    return render("history.html", page_title=title, nav="history", assessments=rows, **whose.context())


# ------------------------------------------------------------------------------------------ data


def _file_suffix(whose: Whose) -> str:
    """``-person-N`` in a download's file name when there are several people (``file_suffix``)."""
    return file_suffix(whose.person_id if whose.shown else None)


def _data_page(
    whose: Whose, *, status_code: int = 200, error: str | None = None, **context: Any
) -> HTMLResponse:
    return render(
        "data.html",
        status_code=status_code,
        page_title=("Error: " if error else "") + _whose_title(whose, "Your data", "Data"),
        nav="data",
        export_url=whose.url("/data/export.json"),
        export_name=f"backstride-data{_file_suffix(whose)}.json",
        error=error,
        **context,
        **whose.context(),
    )


@router.get("/data", response_class=HTMLResponse)
def data_page(
    request: Request,
    records: RecordsDep,
    deleted: int = 0,
    added: str | None = None,
    already: int = 0,
    height: int = 0,
    details: int = 0,
) -> Response:
    from backstride.services.restore import restored_in_words

    counts = _restored_counts(added)

    def page(whose: Whose) -> HTMLResponse:
        restored = None
        if counts is not None:
            said = restored_in_words(
                counts,
                already,
                height_added=bool(height),
                height=_height_of(whose),
                details_added=bool(details),
            )
            restored = f"Restored: {said}."
        return _data_page(whose, deleted=bool(deleted), restored=restored)

    return _person_page(request, records, page)


def _restored_counts(added: str | None) -> dict[str, int] | None:
    """``added=3,1,4,0,1`` (how many of each kind of ``RESTORED_WORDS`` a restore added, in its
    order) as counts by kind; None when not given or not such a list."""
    from backstride.services.restore import RESTORED_WORDS

    numbers = (added or "").split(",")
    if len(numbers) != len(RESTORED_WORDS) or not all(n.isdigit() and len(n) < 10 for n in numbers):
        return None
    return dict(zip(RESTORED_WORDS, map(int, numbers), strict=True))


def _height_of(whose: Whose) -> str:
    """How a restore names the person's height: theirs to a clinician (``Whose.about_them``), else
    the reader's own."""
    return "their height" if whose.about_them else "your height"


@router.post("/data/import")
def data_import(
    records: RecordsDep, file: Annotated[UploadFile | None, File()] = None, person_id: PersonField = ""
) -> Response:
    """Restore a backstride file (the JSON download) into the records of the person whose page sent
    it: all of it or, on any problem, none of it."""
    from backstride.services.restore import RESTORED_WORDS, restore_export

    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    if file is None or not file.filename:
        return _data_page(
            whose, status_code=422, restore_error="Please choose a backstride file (.json) first."
        )
    name = shown_upload_name(file.filename) or "the file"
    data = file.file.read()
    try:
        result = restore_export(whose.records, data, source=f"“{name}”")
    except BackstrideError as exc:
        status = status_for(exc)
        if status == 500:  # a mistake in backstride (not their file): logged, and said kindly
            logger.error("a restore failed because of a mistake in backstride: %s", exc, exc_info=exc)
            message = SERVER_ERROR_MESSAGE + " Nothing was saved."
            return _data_page(whose, status_code=status, restore_error=message)
        return _data_page(whose, status_code=status, restore_error=problem_said(exc))
    label = result.made_for  # read by the restore: a file of up to 256 MB is not parsed again
    into = None if whose.person_id is None else whose.label or records.people.label(whose.person_id)
    notes = list(result.said)  # a diary entry changed on one side: which version was kept
    if into is not None and label and not same_label(label, into):
        # said at once, so a file restored into the wrong person's records is seen (a reload of this
        # page sends it again, which adds nothing twice)
        notes.insert(0, f"This file was made for “{label}”. It is now in the records of {into}.")
    if notes:
        restored = f"Restored: {result.in_words(_height_of(whose))}."
        return _data_page(whose, restored=restored, restore_note=" ".join(notes))
    counts = ",".join(str(result.added.get(kind, 0)) for kind in RESTORED_WORDS)
    already = sum(result.already_there.values())
    told = f"height={int(result.height_added)}" + ("&details=1" if result.details_added else "")
    return _see_other(whose.url(f"/data?added={counts}&already={already}&{told}"))


@router.get("/data/export.json")
def data_export(request: Request, records: RecordsDep) -> Response:
    return _person_page(
        request,
        records,
        lambda whose: JSONResponse(
            whose.records.export_all(),
            headers={
                "Content-Disposition": f'attachment; filename="backstride-data{_file_suffix(whose)}.json"'
            },
        ),
    )


@router.get("/data/export/{what}")
def data_export_as(request: Request, what: str, records: RecordsDep) -> Response:
    """The Data page's other downloads (FHIR, a CSV table), as ``GET /api/export/{what}`` gives them,
    from a page: the activity list says "on a page", and which table it was."""
    from backstride.services.sharing import EXPORT_PATHS, make_export

    def download(whose: Whose) -> Response:
        if what not in EXPORT_PATHS:
            return _error_page(NotFoundError(f"there is no download {what!r} here"))
        export = make_export(whose.records, EXPORT_PATHS[what])
        stem, extension = export.filename.rsplit(".", 1)
        disposition = f'attachment; filename="{stem}{_file_suffix(whose)}.{extension}"'
        headers = {"Content-Disposition": disposition}
        return Response(export.text, media_type=export.media_type, headers=headers)

    return _person_page(request, records, download)


@router.post("/data/delete")
def data_delete(
    records: RecordsDep, confirm: Annotated[str, Form()] = "", person_id: PersonField = ""
) -> Response:
    try:
        whose = posted_person(records, person_id)
    except BackstrideError as exc:
        return _error_page(exc)
    if confirm != "yes":
        return _data_page(
            whose,
            status_code=422,
            error="Nothing was deleted. Tick the box to say you are sure, then press the button again.",
        )
    whose.records.delete_all()  # this person's records only
    return _see_other(whose.url("/data?deleted=1"))


__all__ = ["render", "router"]
