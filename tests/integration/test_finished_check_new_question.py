"""A check finished before a warning-sign question was added stays finished (SQLite and PostgreSQL).

Questions 1.6.0 added a fourth item to the leg warning-sign checklist (``foot_rest_pain_or_sore``).
Whether a check was finished was worked out from today's questions only, so a check finished
before that, whose answers never changed, read as "Not finished yet — carry on" in History, was
asked the leg question again, and lost its ``finished_at`` at the next answer stored that changed
nothing: then it was no longer the check the next one compares with (``compared_with`` null).

Now a check finished once stays finished, with when it was, until the person takes an answer back
or changes one. The new question is not hidden: the result still lists it as not asked
(``screening_complete`` false) and offers it ("One new question since you finished"), and
answering it works out the result again. Not a diagnosis.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, _text, finish, setup  # noqa: F401
from tests.integration.test_report_everyday import _pdf_words
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.report import report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings

NEW = "foot_rest_pain_or_sore"  # added to the leg checklist by questions 1.6.0 [B23]
runner = CliRunner()


def finished_before_the_new_question(records: Records) -> int:
    """A check finished on 12 Nov under the questions before 1.6.0: every answer given, with no
    answer to the foot item (it was not asked then), and its finish time kept."""
    check = finish(records, STENOSIS)
    answers = {code: value for code, value in records.get_assessment(check).answers.items() if code != NEW}
    with records.db.session(write=True) as session:
        session.execute(update(Assessment).where(Assessment.id == check).values(answers=answers))
    view = records.get_assessment(check)
    assert view.finished_at == EARLIER and not view.complete  # today's questions ask the new item
    assert view.next_question is not None and view.next_question["codes"] == [NEW]
    return check


def _stored_finish(records: Records, check: int) -> Any:
    with records.db.session() as session:
        return session.get(Assessment, check).finished_at  # read as stored, not as a view says it


def test_viewing_it_keeps_it_finished_and_offers_the_new_question(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finished_before_the_new_question(records)
    clock.now = LATER
    with TestClient(create_app(Settings(database_url=url))) as client:
        result_page = client.get(f"/check/{check}/result").text
        assert client.get(f"/check/{check}").status_code == 200  # the question page: the new item
        result = client.get(f"/api/assessments/{check}/result").json()
        history = _text(client.get("/history").text)
        listed = {a["id"]: a for a in client.get("/api/assessments").json()}
        # the same answer sent again changes nothing: it never forgets when the check was finished
        again = client.post(f"/api/assessments/{check}/answers", json={"answers": {"onset": "gradual"}})
        assert again.status_code == 200 and again.json()["next_question"]["codes"] == [NEW]
    assert records.get_assessment(check).finished_at == EARLIER
    assert _stored_finish(records, check) is not None
    assert listed[check]["finished_at"] is not None
    # the new warning sign is still said to be not asked, never hidden
    assert result["screening_complete"] is False and NEW in result["unscreened_warning_signs"]
    words = _text(result_page)
    assert "One new question since you finished" in words and "Not finished" not in words
    assert "A foot that hurts at rest or at night" in words  # the sign itself, in the notice
    assert f'href="/check/{check}">Answer the new question</a>' in result_page
    assert "not a diagnosis" in words.lower()
    # History: not "Not finished yet — carry on", but the new question offered plainly
    assert "Not finished yet" not in history and "carry on" not in history
    assert "a new question since you finished" in history and "answer the new question" in history


def test_the_next_check_compares_with_it(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    first = finished_before_the_new_question(records)
    clock.now = LATER
    second = finish(records, {**STENOSIS, "pain_severity_nrs": 4})
    with TestClient(create_app(Settings(database_url=url))) as client:
        changes = client.get(f"/api/assessments/{second}/changes").json()
        page = _text(client.get(f"/check/{second}/result").text)
        history = _text(client.get("/history").text)
    assert changes["compared_with"] == first
    assert "Since your check on 12 Nov" in page
    assert "what changed since the check" in history
    said = runner.invoke(cli_app, ["changes", "--db", url, "--json"])
    assert said.exit_code == 0, said.output
    assert '"compared_with": ' + str(first) in said.output
    assert records.get_assessment(first).finished_at == EARLIER


def test_answering_the_new_question_works_out_the_result_again(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finished_before_the_new_question(records)
    clock.now = LATER
    with TestClient(create_app(Settings(database_url=url))) as client:
        before = client.get(f"/api/assessments/{check}/result").json()
        sent = client.post(
            f"/check/{check}/answer",
            data={"codes": NEW, "choice": "checked", "checked": [NEW]},
            follow_redirects=False,
        )
        assert sent.status_code == 303  # on to the question its yes opens, or to the result
        after = client.get(f"/api/assessments/{check}/result").json()
        page = _text(client.get(f"/check/{check}/result").text)
        assert after["screening_complete"] is True and after["unscreened_warning_signs"] == []
        assert before["result"]["disposition"] == "routine"
        assert after["result"]["disposition"] == "urgent"  # the foot sign: a doctor the same day [B23]
        assert "One new question" not in page and "Not finished" not in page
        finish(records, STENOSIS, check=check)  # the questions its yes opened, if any
        view = records.get_assessment(check)
        assert view.complete and view.answers[NEW] is True and view.finished_at == EARLIER
        assert "answer the new question" not in _text(client.get("/history").text)


def test_taking_an_answer_back_or_changing_one_still_unfinishes_it(setup: Any) -> None:  # noqa: F811
    _url, records, _clock = setup
    check = finished_before_the_new_question(records)
    changed = records.answer(check, {"pain_severity_nrs": 3})  # the person's own change
    assert changed.finished_at is None and _stored_finish(records, check) is None
    other = finished_before_the_new_question(records)
    assert records.back(other).finished_at is None


def test_the_report_reads_it_as_finished(setup: Any) -> None:  # noqa: F811
    url, records, _clock = setup
    finished_before_the_new_question(records)
    with TestClient(create_app(Settings(database_url=url))) as client:
        report = _text(client.get("/report").text)
    # the report picks it as the newest finished check, and still says the new sign is not asked
    assert re.search(r"One new question since (you|they) finished", report), report[:400]
    assert "A foot that hurts at rest or at night" in report
    pdf = _pdf_words(build_pdf(report_view(records)))  # the PDF says it as the page does
    assert re.search(r"One new question since (you|they) finished", pdf), pdf[:400]
    assert "Not finished" not in pdf
