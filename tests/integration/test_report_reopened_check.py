"""The report names a check not finished that was carried on after the check it reports (review R1).

A check started before the reported one was finished, left, and carried on afterwards (Home offers
it) with "New trouble peeing": the report showed the finished check's "Book a visit" and no word of
the emergency, since a check not finished is placed by when it was started (SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_warning_before_finished import (
    BLADDER,
    BLADDER_RULE,
    _answered_to_the_end,
    _ticked,
    _words,
    setup,
)

from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

STARTED = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def test_an_earlier_started_check_answered_after_the_reported_one_is_said_first(setup: Any) -> None:
    url, records, clock = setup
    clock.now = STARTED
    left = records.start_assessment("person").id  # started, nothing answered yet
    clock.now = STARTED + timedelta(minutes=10)
    finished = _answered_to_the_end(records)  # another check, finished: "Book a visit"
    records.result(finished)
    clock.now = STARTED + timedelta(minutes=40)  # Home offers the first one: carried on with
    records.answer(left, _ticked(BLADDER, "urinary_retention"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        text = _words(client.get("/report").text)
    assert f"Check {finished}, from 27 Nov 2026, 01:10" in text  # still the check it reports
    assert "Its answers so far mean: they must get emergency help now" in text
    assert BLADDER_RULE in text
    assert text.index("get emergency help now") < text.index("Book a follow-up visit")  # review R6
    # said truthfully: it was started before the reported one, changed after
    assert "A later check" not in text
    assert (
        f"Check {left}, started 27 Nov 2026, 01:00, is not finished and may have been answered after "
        f"check {finished} was finished. Its answers so far mean: they must get emergency help now"
    ) in text


def test_an_earlier_started_check_left_before_the_reported_one_was_finished_is_not_said(setup: Any) -> None:
    url, records, clock = setup
    clock.now = STARTED
    left = records.start_assessment("person").id
    records.answer(left, _ticked(BLADDER, "urinary_retention"))  # then a new check asked it again
    clock.now = STARTED + timedelta(minutes=10)
    _answered_to_the_end(records)
    with TestClient(create_app(Settings(database_url=url))) as client:
        text = _words(client.get("/report").text)
    assert "Its answers so far mean" not in text


def test_when_no_check_is_finished_the_words_do_not_say_one_was(setup: Any) -> None:
    url, records, clock = setup
    clock.now = STARTED
    left = records.start_assessment("person").id
    clock.now = STARTED + timedelta(minutes=10)
    newest = records.start_assessment("person").id
    records.answer(newest, _ticked(BLADDER))  # none of these: the newest with an answer, reported
    clock.now = STARTED + timedelta(minutes=40)
    records.answer(left, _ticked(BLADDER, "urinary_retention"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        text = _words(client.get("/report").text)
    assert f"Check {newest}, from 27 Nov 2026, 01:10" in text
    assert (
        f"Check {left}, started 27 Nov 2026, 01:00, is not finished and may have been answered after "
        f"check {newest} was started. Its answers so far mean: they must get emergency help now"
    ) in text
