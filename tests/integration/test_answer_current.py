"""``Records.answer_current`` (the question page's form: the interview read, checked and answered in one
transaction) and ``Records.get_assessment_and_several`` (a question page's one read).

Every test runs on SQLite and PostgreSQL (``database_url``).
"""

from __future__ import annotations

from typing import Any

import pytest

from backstride.core.errors import InputError, NotFoundError
from backstride.services.records import Records
from backstride.storage.db import Database


@pytest.fixture
def db(database_url: str):
    database = Database(database_url).migrate()
    yield database
    database.dispose()


def _no_to(question: dict[str, Any] | None) -> dict[str, Any]:
    """ "No" (or "none of these") to a question, as the form would send it."""
    assert question is not None
    if question["kind"] == "checklist":
        return {code: False for code in question["codes"]}
    if question["kind"] == "bool":
        return {question["codes"][0]: False}
    return {question["codes"][0]: None}


def test_it_answers_the_question_asked_now_as_answer_does(db: Database) -> None:
    records = Records(db)
    check = records.start_assessment("person")
    seen: list[dict[str, Any] | None] = []

    def answers_for(question: dict[str, Any] | None) -> dict[str, Any]:
        seen.append(question)
        return _no_to(question)

    view = records.answer_current(check.id, answers_for)

    assert seen == [check.next_question]  # the question the page showed, once
    assert view is not None and view.answers == _no_to(check.next_question)
    assert view == records.get_assessment(check.id)  # stored, and the same state as read afresh
    other = Records(db).start_assessment("person")  # the same answers through answer()
    assert Records(db).answer(other.id, _no_to(other.next_question)).next_question == view.next_question


def test_a_server_started_since_the_page_was_shown_still_answers_the_current_question(db: Database) -> None:
    shown = Records(db).start_assessment("person")  # chosen (and cached) by one server
    restarted = Records(db)  # nothing cached: the question is chosen again, outside the write lock
    assert not restarted._question_cache

    view = restarted.answer_current(shown.id, _no_to)

    assert view is not None and view.answers == _no_to(shown.next_question)


def test_none_or_an_error_from_answers_for_stores_nothing(db: Database) -> None:
    records = Records(db)
    check = records.answer(records.start_assessment("person").id, {"age_years": 70})

    assert records.answer_current(check.id, lambda question: None) is None

    def refused(question: dict[str, Any] | None) -> dict[str, Any]:
        raise ValueError("not a number")  # as the form's parse says it

    with pytest.raises(ValueError, match="not a number"):
        records.answer_current(check.id, refused)
    question = check.next_question
    assert question is not None
    with pytest.raises(InputError, match="expected true or false"):  # the interview refuses it
        records.answer_current(check.id, lambda q: {question["codes"][0]: "not an answer"})

    after = records.get_assessment(check.id)
    assert after.answers == {"age_years": 70}
    assert after.updated_at == check.updated_at


def test_a_complete_check_gives_answers_for_no_question(db: Database) -> None:
    records = Records(db)
    check = records.start_assessment("person")
    while check.next_question is not None:
        check = records.answer(check.id, _no_to(check.next_question))
    seen: list[dict[str, Any] | None] = []

    assert records.answer_current(check.id, lambda question: seen.append(question)) is None
    assert seen == [None]


def test_a_check_that_is_not_there_or_someone_elses_is_not_found(db: Database) -> None:
    records = Records(db)
    check = records.start_assessment("person")
    other = records.people.add("Room 4")
    theirs = records.for_person(other.id)

    for missing in (check.id + 1000, 2**70):
        with pytest.raises(NotFoundError):
            records.answer_current(missing, _no_to)
        with pytest.raises(NotFoundError):
            records.get_assessment_and_several(missing)
    with pytest.raises(NotFoundError, match="not one of person"):
        theirs.answer_current(check.id, _no_to)
    with pytest.raises(NotFoundError, match="not one of person"):
        theirs.get_assessment(check.id)


def test_whether_several_people_are_kept_is_read_afresh_with_the_check(db: Database) -> None:
    records = Records(db)
    check = records.start_assessment("person")

    view, several = records.get_assessment_and_several(check.id)
    assert (view, several) == (records.get_assessment(check.id), False)
    records.people.add("Room 4")
    assert records.get_assessment_and_several(check.id)[1] is True  # nothing kept from the read before


def test_a_results_warning_signs_follow_the_answers_and_go_with_delete_all(db: Database) -> None:
    records = Records(db)
    started = records.start_assessment("person")
    check = records.answer(started.id, {"age_years": 70, "urinary_retention": None})
    unsure = records.result(check.id)
    assert "urinary_retention" in [sign.code for sign in unsure.uncertain_signs]
    assert records.result(check.id).uncertain_signs == unsure.uncertain_signs  # the same, read again

    records.answer(check.id, {"urinary_retention": False})  # now sure: the sign is no longer uncertain
    assert "urinary_retention" not in [sign.code for sign in records.result(check.id).uncertain_signs]
    assert records._question_cache  # kept in memory for these answers ...
    records.delete_all()
    assert not records._question_cache  # ... and forgotten with everything else
