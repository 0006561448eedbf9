"""Where a check's walk is said: the result page ("This check uses your walk from ...", and one line
on a walk it left out), the walk page (whether new checks use it, or why not), and the report for a
clinician and its PDF (SQLite and PostgreSQL). The rule itself: ``test_check_walk.py``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import _text
from tests.integration.test_check_walk import (
    FINISHED,
    NO_WALKING_ZIP,
    OTHER_WALK,
    WALK,
    _when,
    finish_at,
    setup,
    upload,
)
from tests.integration.test_report_everyday import _pdf_words
from tests.walk_samples import few_steps_csv

from backstride.services.records import CheckWalks, WalkRef
from backstride.web import views
from backstride.web.app import create_app
from backstride.web.report import render_report, report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared


def test_the_pages_say_which_walk_the_check_used_and_the_newer_one(setup: Any, tmp_path: Path) -> None:
    url, records, clock = setup
    first = upload(records, clock, WALK, -60)
    check = finish_at(records, clock, 0)
    records.result(check)
    newer = upload(records, clock, OTHER_WALK, 10)
    few = upload(records, clock, few_steps_csv(tmp_path), 20)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get(f"/check/{check}/result").text
        api = client.get(f"/api/assessments/{check}/result").json()
        newer_page = _text(client.get(f"/walks/{newer}").text)
        few_page = _text(client.get(f"/walks/{few}").text)
        first_page = _text(client.get(f"/walks/{first}").text)
    when = {w: _when(records, w) for w in (first, newer)}
    text = _text(page).replace(" .", ".")  # a link's end is a space in the words
    assert api["gait_recording_id"] == first
    assert f'<a href="/walks/{first}">walk from {when[first]}</a>' in page.replace("\xa0", " ")
    assert f"This check uses your walk from {when[first]}." in text
    assert (
        f"Your walk from {when[newer]} was sent after this check was finished, so it is not part of it. "
        "Start a new check to include it." in text
    )
    order = ["From your walk", "This check uses your walk", "was sent after this check"]
    assert [text.index(words) for words in order] == sorted(text.index(words) for words in order)
    # the walk's gait factors stay the list right under the heading (as the browser test reads them)
    assert re.search(r"<h3>From your walk</h3>\s*<ul>", page)
    assert "This is the walk you did last that has enough steady walking, so new checks use it." in newer_page
    assert "Checks do not use this walk: it has too little walking (fewer than 8 steps in a row)." in few_page
    assert (
        f"New checks use the walk you did last that has enough steady walking, from {when[newer]}, not this "
        "one." in (first_page)
    )


def test_a_check_without_a_usable_walk_says_why_the_walk_is_not_part_of_it(setup: Any) -> None:
    url, records, clock = setup
    phone = upload(records, clock, NO_WALKING_ZIP, -10)
    check = finish_at(records, clock, 0)
    with TestClient(create_app(Settings(database_url=url))) as client:
        text = _text(client.get(f"/check/{check}/result").text)
        walk_page = _text(client.get(f"/walks/{phone}").text)
    recorded = _when(records, phone)  # the phone's own clock: 6 Nov 2025 in Shanghai, not the day it was sent
    assert recorded.startswith("6 Nov 2025") and f"Your walk from {recorded}" in walk_page
    assert "This check uses your walk" not in text
    assert (
        f"Your walk from {recorded} is not part of this check: it has no walking in it that we could find."
        in text
    )


def test_the_report_says_which_walk_the_check_used_and_the_newer_one(setup: Any) -> None:
    _url, records, clock = setup
    timed = upload(records, clock, WALK, -10, symptom_at="5", stop_at="11")
    check = finish_at(records, clock, 0)
    upload(records, clock, OTHER_WALK, 20)
    clock.now = FINISHED + timedelta(minutes=40)
    walk_when = _when(records, timed)
    html = _text(render_report(records, assessment_id=check, generated_at=clock.now))
    assert f"This check used the walk from {walk_when}." in html
    assert "was sent after this check was finished, so it is not part of it." in html
    assert html.index("This check used the walk") < html.index("Likely causes")
    pdf = _pdf_words(build_pdf(report_view(records, assessment_id=check, generated_at=clock.now)))
    assert f"This check used the walk from {walk_when}." in pdf
    assert "was sent after this check was finished, so it is not part of it." in pdf


RECORDED = datetime(2025, 11, 5, 16, 52, tzinfo=UTC)
USED = WalkRef(3, datetime(2026, 11, 27, 1, 20, tzinfo=UTC), None, datetime(2026, 11, 27, 1, 20, tzinfo=UTC))
SENT_LATER = WalkRef(4, datetime(2026, 11, 27, 2, 5, tzinfo=UTC), None, RECORDED)  # an old recording
UNTIL = datetime(2026, 11, 27, 1, 43, tzinfo=UTC)


def test_a_walk_sent_after_the_check_is_not_said_to_be_recorded_after_it() -> None:
    """A walk recorded long ago, sent after the check was finished, is dated as recorded: the report
    said it "was recorded after the check was finished", the page "a newer walk" with an older date."""
    walks = CheckWalks(used=USED, until=UNTIL, newer=SENT_LATER)
    report = views.check_walk_context(walks, voice="person")
    page = views.check_walk_context(walks, voice="you")
    assert report is not None and page is not None
    recorded = views.when(RECORDED)
    assert (
        report["note"]
        == f"The walk from {recorded} was sent after this check was finished, so it is not part of it."
    )
    assert page["note"] == (
        f"Your walk from {recorded} was sent after this check was finished, so it is not part of it. "
        "Start a new check to include it."
    )
    for note in (report["note"], page["note"]):
        assert "recorded after" not in note and "newer" not in note


def _recorded_at(records: Any, walk_id: int, moment: datetime) -> None:
    """Say in the stored result that the walk was recorded at ``moment``, as a phone's file says it."""
    from sqlalchemy import select, update

    from backstride.storage.models import GaitRecording

    with records.db.session(write=True) as session:
        result = dict(session.scalar(select(GaitRecording.result).where(GaitRecording.id == walk_id)))
        result["recording"] = {**(result.get("recording") or {}), "start_datetime": moment.isoformat()}
        session.execute(update(GaitRecording).where(GaitRecording.id == walk_id).values(result=result))


def test_the_walk_page_does_not_call_an_older_recording_the_newest_walk(setup: Any) -> None:
    """New checks use the walk done last (by when it was recorded) that can speak for walking, not the
    file sent last. A recording of 5 Nov 2025 sent after a walk of 27 Nov 2026 was the one used, and
    the walk page of 27 Nov said "New checks use the last walk you sent ..., from 05 Nov 2025"."""
    url, records, clock = setup
    first = upload(records, clock, WALK, -60)
    old = upload(records, clock, OTHER_WALK, -10)
    _recorded_at(records, old, RECORDED)
    with TestClient(create_app(Settings(database_url=url))) as client:  # a new app: nothing kept
        first_page = _text(client.get(f"/walks/{first}").text)
        old_page = _text(client.get(f"/walks/{old}").text)
    recorded = _when(records, old)
    assert recorded.startswith("5 Nov 2025")
    assert "newest walk" not in first_page + old_page
    assert "This is the walk you did last that has enough steady walking, so new checks use it." in first_page
    assert (
        "New checks use the walk you did last that has enough steady walking, from "
        f"{_when(records, first)}, not this one." in old_page
    )


def _done_last_then_an_old_recording(records: Any, clock: Any) -> tuple[int, int, int]:
    """A walk recorded yesterday, then a recording of last year sent 10 minutes before a check was
    finished: their ids and the check's."""
    done_last = upload(records, clock, WALK, -60)
    _recorded_at(records, done_last, FINISHED - timedelta(days=1))
    sent_last = upload(records, clock, OTHER_WALK, -10)
    _recorded_at(records, sent_last, RECORDED)
    return done_last, sent_last, finish_at(records, clock, 0)


def test_an_old_recording_sent_last_does_not_replace_the_walk_done_last(setup: Any) -> None:
    """A walk recorded yesterday, then a recording of last year sent just before the check was finished:
    the result page, the API and the report used last year's walk (the file sent last). They use
    yesterday's and say why the other is not part of the check; a walk sent after the check was
    finished, recorded before it, still never changes it."""
    url, records, clock = setup
    done_last, sent_last, check = _done_last_then_an_old_recording(records, clock)
    when = {w: _when(records, w) for w in (done_last, sent_last)}
    said = (
        f"Your walk from {when[sent_last]} is not part of this check: it was recorded earlier than your walk "
        f"from {when[done_last]}, and a check uses the walk you did last."
    )
    third = OTHER_WALK.parent.parent / "TimeMeasure1_Test5_Trial2" / "imu.csv"
    later = upload(records, clock, third, 30)  # recorded an hour before the check was finished
    _recorded_at(records, later, FINISHED - timedelta(hours=1))
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text).replace(" .", ".")
        api = client.get(f"/api/assessments/{check}/result").json()
    assert api["gait_recording_id"] == done_last
    assert f"This check uses your walk from {when[done_last]}." in page
    assert f"Your walk from {_when(records, later)} was sent after this check was finished" in page
    assert records.check_walks(check).earlier is not None
    assert records.check_walks(check).earlier.id == sent_last  # type: ignore[union-attr]
    report = _text(render_report(records, assessment_id=check, generated_at=clock.now))
    assert f"This check used the walk from {when[done_last]}." in report
    assert f"The latest walk, from {_when(records, later)}" in report  # done last, not sent last
    new_check = records.check_walks()  # a new check: the walk done last of all now
    assert new_check.used is not None and new_check.used.id == later
    # with nothing sent after it, the page says why the recording sent last is not used
    with records.db.session(write=True) as session:
        from sqlalchemy import delete

        from backstride.storage.models import GaitRecording

        session.execute(delete(GaitRecording).where(GaitRecording.id == later))
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text).replace(" .", ".")
    assert said in page


def test_a_check_finished_before_this_rule_keeps_the_walk_it_was_told(setup: Any) -> None:
    """A database from before: a check finished with the walk sent last (last year's recording) stored in
    its result. It keeps that walk and its result, as the person was told; a new check uses the walk done
    last."""
    from backstride.services.records import assess_with_walk
    from backstride.storage.models import Assessment, GaitRecording

    url, records, clock = setup
    done_last, sent_last, check = _done_last_then_an_old_recording(records, clock)
    with records.db.session(write=True) as session:  # as Records.result stored it before
        row = session.get_one(Assessment, check)
        row.result = assess_with_walk(row.answers, session.get_one(GaitRecording, sent_last))
        row.gait_recording_id = sent_last
    told = records.stored_result(check)
    assert told is not None and told.gait_recording_id == sent_last
    assert records.result(check).gait_recording_id == sent_last
    assert records.result(check).computed_at == told.computed_at  # not worked out again
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text).replace(" .", ".")
    assert f"This check uses your walk from {_when(records, sent_last)}." in page
    new_check = records.check_walks()
    assert new_check.used is not None and new_check.used.id == done_last
    # the walk done last, which the check had, is named with why it is not part of it (review R3)
    when = {w: _when(records, w) for w in (done_last, sent_last)}
    assert (
        f"Your walk from {when[done_last]} is not part of this check: its result was worked out with your "
        f"walk from {when[sent_last]} when you finished it, and it stays as it was. A new check uses your "
        f"walk from {when[done_last]}." in page
    )
    report = _text(render_report(records, assessment_id=check, generated_at=clock.now))
    assert (
        f"The walk from {when[done_last]} is not part of this check: its result was worked out with the "
        f"walk from {when[sent_last]} when it was finished, and it stays as it was." in report
    )
