"""A check finished before questions 1.7.0 asked about walking in every check (``always``).

It has no answer to "Does walking bring the pain on or make it worse?", which is not a warning
sign: History, Home and its result page must offer it as a new question, never as a question about
warning signs, nor make its level "not known yet" or "not finished". Not a diagnosis.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, _text, finish, setup  # noqa: F401

from backstride.services import interview as words
from backstride.services.records import Records
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings


def finished_before_walking_was_always_asked(records: Records) -> int:
    check = finish(records, STENOSIS)
    answers = {c: v for c, v in records.get_assessment(check).answers.items() if c != "worse_walking"}
    with records.db.session(write=True) as session:
        session.execute(update(Assessment).where(Assessment.id == check).values(answers=answers))
    view = records.get_assessment(check)
    assert view.finished_at == EARLIER and not view.complete
    assert view.next_question is not None and view.next_question["codes"] == ["worse_walking"]
    assert not view.next_question.get("screening")
    return check


def test_the_walking_question_is_offered_as_a_new_question_not_a_warning_sign(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finished_before_walking_was_always_asked(records)
    clock.now = LATER
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = _text(client.get("/").text)
        history = _text(client.get("/history").text)
        result_page = _text(client.get(f"/check/{check}/result").text)
        result = client.get(f"/api/assessments/{check}/result").json()
    assert result["screening_complete"] is True and result["result"]["disposition"] == "routine", result
    for page in (home, history, result_page):
        assert "question about warning signs" not in page and "Answer the warning sign questions" not in page
        assert "Not finished" not in page and words.NEW_QUESTION_NOT_KNOWN not in page
        assert "not a diagnosis" in page.lower()
    assert words.NEW_QUESTION_OTHER_TEXT in home and words.NEW_QUESTION_TEXT not in home
    assert words.NEW_QUESTION_SHORT in history
    assert "Answer the warning sign questions" not in result_page
