"""What a check says of its deleted walks, in the right words (review F2, 2026-11-27).

1. A clinician's check speaks about the person ("the person", "them"), as its result page does; its
   notes of deleted walks said "your walk" and "you could walk" to the clinician in the API and, when the
   check could not be worked out again, on its page. A person's own check keeps "you".
2. With two deletions, the first note said the check "was worked out again with your walk from X", X the
   walk deleted next. After an answer taken back and the check finished again, X was another walk than
   the one the check used after the first deletion: the note named the wrong walk. Which walk it used
   then is not kept, so the note names none.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import _text, finish
from tests.integration.test_check_walk import FINISHED, LAB, OTHER_WALK, WALK, _when, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_check_walk_deleted_said import CALM
from tests.integration.test_report_pdf import words
from tests.integration.test_walk_deleted_twice import SECOND_ON, unreadable_then_deleted
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.dates import moment_words
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.report_pdf import render_report_pdf
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

_TO_YOU = re.compile(r"\byou(r)?\b", re.IGNORECASE)


def _said_to_them(text: str) -> list[str]:
    return _TO_YOU.findall(text)


def test_a_clinicians_check_says_its_deleted_walks_about_the_person(setup: Any, tmp_path: Path) -> None:
    url, records, clock = setup
    untimed = upload(records, clock, OTHER_WALK, -30)
    untimed_when = _when(records, untimed)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    timed_when = _when(records, timed)
    clock.now = FINISHED
    check = finish(records, CALM, mode="clinician")
    clock.now = DELETED_ON
    assert records.delete_walk(timed) == [check]
    message = records.result(check).to_dict()["walk_deleted"]["message"]
    assert message.startswith(f"The walk from {timed_when}, which this check used")
    assert "the person could walk for 7.2 s before the pain came on or made them stop" in message
    assert _said_to_them(message) == []
    with TestClient(create_app(Settings(database_url=url))) as client:
        api = client.get(f"/api/assessments/{check}/result").json()["walk_deleted"]["message"]
        page = _text(client.get(f"/check/{check}/result").text)
    assert api == message and message in page
    report = _text(render_report(records, assessment_id=check, generated_at=clock.now))
    pdf = words(render_report_pdf(records, assessment_id=check))
    out = tmp_path / "report.html"
    done = CliRunner().invoke(cli_app, ["report", "--db", url, "--check", str(check), "--out", str(out)])
    assert done.exit_code == 0, done.output
    for said in (report, pdf, _text(out.read_text(encoding="utf-8"))):
        assert "the person could walk for 7.2 s" in said and "Your walk" not in said
    # then its answers kept by a version with other questions, and the walk it used deleted too: its
    # result cannot be worked out again, and the page, the API and the error say both notes about them
    unworked = unreadable_then_deleted(records, clock, check, untimed)
    assert (
        f"The walk from {untimed_when}, which this check used, was deleted on {moment_words(SECOND_ON)}, "
        "and its result could not be worked out again without it."
    ) in unworked
    assert "the person could walk for 7.2 s" in unworked
    assert _said_to_them(unworked) == []
    with TestClient(create_app(Settings(database_url=url))) as client:
        api_said = client.get(f"/api/assessments/{check}/result")
        page_said = client.get(f"/check/{check}/result")
    assert api_said.status_code == 422 and api_said.json()["detail"] == unworked
    assert page_said.status_code == 422 and unworked in _text(page_said.text)


def test_a_persons_own_check_still_says_your_walk(setup: Any) -> None:
    _url, records, clock = setup
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    clock.now = FINISHED
    check = finish(records, CALM)
    clock.now = DELETED_ON
    records.delete_walk(timed)
    message = records.result(check).to_dict()["walk_deleted"]["message"]
    assert message.startswith("Your walk from ") and "you could walk for 7.2 s" in message


def test_the_first_note_never_names_a_walk_the_check_did_not_use_then(setup: Any) -> None:
    """The timed walk deleted: the check used the untimed one. An answer taken back, a newer walk sent,
    the check finished again: it used the newer one, deleted next. The first note named that newer
    walk as the one the check was worked out with after the first deletion."""
    _url, records, clock = setup
    untimed = upload(records, clock, OTHER_WALK, -30)
    untimed_when = _when(records, untimed)
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")
    clock.now = FINISHED
    check = finish(records, CALM)
    clock.now = DELETED_ON
    assert records.delete_walk(timed) == [check]
    assert records.result(check).gait_recording_id == untimed
    first = records.result(check).to_dict()["walk_deleted"]["message"]
    assert f"worked out again with your walk from {untimed_when}" in first
    # taken back and finished again, after a newer walk was sent: it uses that one now
    newer = upload(records, clock, LAB / "002" / "TimeMeasure1_Test5_Trial2" / "imu.csv", 24 * 60 + 30)
    newer_when = _when(records, newer)
    clock.now = DELETED_ON + timedelta(hours=1)
    records.back(check)
    finish(records, CALM, check=check)
    assert records.result(check).gait_recording_id == newer
    clock.now = SECOND_ON
    assert records.delete_walk(newer) == [check]
    notes = records.result(check).to_dict()["walk_deleted"]["message"]
    earlier = notes.split(f"Your walk from {newer_when}, which this check used")[0]
    said = f"was deleted on {moment_words(DELETED_ON)}. So its result was worked out again without it"
    assert said in earlier
    assert newer_when not in earlier
