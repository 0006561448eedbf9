"""The report for a clinician names the warning level stored with a check this version cannot read
(answers made with other questions, e.g. by an older version or restored from its backup), and says
plainly that this version could not work the check out again: on the page, in the PDF and in
'backstride report' (the same view). checks.csv and the FHIR export already named it
(test_export_check_not_worked_out.py). SQLite and PostgreSQL.

What was found (review, 2026-11-27): the report said "its result is not shown here" of such a check
even when a level was stored with it ("emergency"), so the report hid a warning level the exports
showed.
"""

from __future__ import annotations

# ruff: noqa: F811 (the fixture records is test_export_check_not_worked_out's, imported below)
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_export_check_not_worked_out import (  # noqa: F401
    _other_questions,
    records,
    walk_deleted_unworked,
)
from tests.integration.test_history_unfinished import _rows as history_rows
from tests.integration.test_report_pdf import words
from tests.integration.test_sharing import finish_check

from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.report_pdf import render_report_pdf
from backstride.web.settings import Settings

COULD_NOT = "this version could not work it out again"
EMERGENCY_KEPT = "The level stored with it when it was last worked out: Get emergency help now (emergency)."


def _said(records: Records, check: int | None) -> tuple[str, str]:
    """What the report's page and its PDF say of the check (their words, one space between them)."""
    page = render_report(records, assessment_id=check)
    page = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", page, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    return text, words(render_report_pdf(records, assessment_id=check))


def test_the_stored_level_of_a_check_this_version_cannot_read_is_shown(records: Records) -> None:
    check = finish_check(records, "dev-012")  # an emergency, worked out and stored
    assert records.result(check).disposition == "emergency"
    _other_questions(records, check, keep_result=True)
    for text in _said(records, check):
        assert f"Check {check}, from " in text and COULD_NOT in text
        assert EMERGENCY_KEPT in text, text
        assert "so its result is not shown here" not in text  # what it said before, level and all


def test_the_level_its_deleted_walk_note_kept_is_shown(records: Records) -> None:
    """Its walk deleted and its result not worked out again since: the level the note kept."""
    check = walk_deleted_unworked(records)
    for text in _said(records, check):
        assert COULD_NOT in text
        assert (
            "The level stored with it, before the walk it used was deleted: Book a visit with a clinician "
            "(routine)." in text
        ), text


def test_a_check_with_no_level_stored_says_so(records: Records) -> None:
    check = finish_check(records, "dev-005")
    _other_questions(records, check, keep_result=False)
    for text in _said(records, check):
        assert COULD_NOT in text and "No level was stored with it, so none is shown here." in text, text


def test_its_result_page_and_the_api_name_the_stored_level(records: Records, database_url: str) -> None:
    """The check's own result page (and GET /api/assessments/{id}/result) said only "Something was not
    right: unknown finding code ..." (422) of such a check, the stored "emergency" nowhere."""
    check = finish_check(records, "dev-012")
    records.result(check)
    _other_questions(records, check, keep_result=True)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        page = client.get(f"/check/{check}/result")
        api = client.get(f"/api/assessments/{check}/result")
    assert page.status_code == 422 and api.status_code == 422  # still not worked out: never a result
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    assert "This check could not be worked out again" in text
    assert EMERGENCY_KEPT in text and "unknown finding code" in text, text
    assert EMERGENCY_KEPT in api.json()["detail"]


def test_the_history_names_the_level_it_said(records: Records, database_url: str) -> None:
    """The History said only "Could not be read" of such a check, its stored "emergency" (and the
    level its note of a deleted walk kept) nowhere on the page."""
    emergency = finish_check(records, "dev-012")
    records.result(emergency)
    _other_questions(records, emergency, keep_result=True)
    routine = walk_deleted_unworked(records)  # the note alone: "routine" before the walk was deleted
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        rows = history_rows(client.get("/history").text)
    said = "Could not be read. When it was last worked out, it said: "
    assert said + "Get emergency help now" in rows[emergency], rows
    assert said + "Book a visit with a clinician" in rows[routine], rows


def stored_emergency(records: Records, check: int, fever: Any) -> None:
    """``check`` as a version with other questions kept it, its stored level "emergency" (from a question
    since retired), and ``fever`` among the answers this version can read."""
    _other_questions(records, check, keep_result=True)
    with records.db.session(write=True) as session:  # its emergency came from the retired question
        row = session.get_one(Assessment, check)
        row.answers = {**row.answers, "fever": fever}
        row.disposition = "emergency"
        row.result = {**(row.result or {}), "disposition": "emergency"}


@pytest.mark.parametrize("fever", [None, True])
@pytest.mark.parametrize("reported", [False, True], ids=["later", "reported"])
def test_a_later_check_it_cannot_read_warns_with_its_stored_level(
    records: Records, fever: Any, reported: bool
) -> None:
    """The report shows the newest check this version can read; a later one made with other questions
    whose stored level is "emergency" (a warning sign of a question since retired) was not named at all
    when the answers this version can read warn of nothing, and only as "see a doctor today" when they
    hold a fever (the stored emergency passed over). ``reported``: that check asked for by its id
    (``/report?check=``); its one box at the top said "How soon: Today" with a fever, the stored
    emergency only a sentence further down (found by review, 2026-11-27)."""
    older = finish_check(records, "dev-005")
    later = finish_check(records, "dev-005")
    for check in (older, later):
        records.result(check)
    stored_emergency(records, later, fever)
    named = f"Check {later}" if reported else f"A later check (check {later})"
    said = (
        f"{named}, from 27 Nov 2026, 01:43, was made with other questions. When it was last worked out, it "
        "said: Get emergency help now"
    )
    for text in _said(records, later if reported else None):
        assert f"Check {later if reported else older}, from " in text
        first = text.index("How soon: ")  # the first box at the top: the stored emergency
        assert text[first:].startswith("How soon: Emergency " + said), text[first : first + 300]
        assert "Ask the person what that check found and whether it still holds" in text
        if fever:  # then what its readable answers mean
            assert "How soon: Today" in text[first + 1 :]
        if reported:  # no other box (the older check's result is not shown)
            assert text.count("How soon: ") == (2 if fever else 1), text


def test_its_page_says_its_deleted_walk_note_without_a_finish_time(records: Records) -> None:
    """A check kept before finish times were stored (``finished_at`` null: a backup of format 1 to 4,
    or an old database) whose answers this version cannot read, holding the note of a deleted walk
    alone: its page said only "unknown finding code ...", the note and the level it kept nowhere (this
    version cannot tell it was finished, so its deleted walk was not looked for)."""
    check = walk_deleted_unworked(records)
    with records.db.session(write=True) as session:
        session.get_one(Assessment, check).finished_at = None
    with pytest.raises(InputError) as said:
        records.result(check)
    assert "which this check used, was deleted on" in str(said.value)
    assert "Before, the check said “Book a visit with a clinician”" in str(said.value), said.value
