"""A check finished before a warning-sign question was added never looks safer than it is (SQLite and
PostgreSQL).

Questions 1.6.0 added the foot warning sign (``foot_rest_pain_or_sore``): a "yes" to it means a doctor
the same day [B23]. A check finished before stays finished (``AssessmentView.finished``), and its
result page says "How soon: not known yet" with "One new question since you finished". History said
its old level ("Book a visit with a clinician (a new question since you finished)"): a calmer level
than the unasked sign could set, as if it were the answer. And the report's PDF called it "the newest,
and none is finished" where the page says "the newest finished one". Not a diagnosis.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import LATER, STENOSIS, _text, setup  # noqa: F401
from tests.integration.test_finished_check_new_question import NEW, finished_before_the_new_question
from tests.integration.test_report_everyday import _pdf_words

from backstride.web.app import create_app
from backstride.web.report import report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings
from backstride.web.views import DISPOSITION_HEADINGS


def test_history_gives_no_calmer_level_while_the_new_warning_sign_is_not_asked(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finished_before_the_new_question(records)
    clock.now = LATER
    assert records.result(check).disposition == "routine"  # the foot sign alone would be "urgent"
    with TestClient(create_app(Settings(database_url=url))) as client:
        history = _text(client.get("/history").text)
        page = _text(client.get(f"/check/{check}/result").text)
    assert "How soon: not known yet" in page  # the result page gives no level
    assert DISPOSITION_HEADINGS["routine"] not in history, history
    assert "not known yet (a new question since you finished)" in history.lower()
    assert "answer the new question" in history


def test_the_pdf_calls_it_the_newest_finished_check_as_the_page_does(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finished_before_the_new_question(records)
    clock.now = LATER
    records.start_assessment()  # a newer check, not finished
    view = report_view(records)
    assert view["check"]["assessment_id"] == check and view["n_checks"] == 2
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get("/report").text)
    assert "this is the newest finished one" in page
    pdf = _pdf_words(build_pdf(view))
    assert "the newest finished one" in pdf and "none is finished" not in pdf, pdf[:600]


def test_home_offers_the_new_question_of_the_newest_finished_check(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finished_before_the_new_question(records)
    clock.now = LATER
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
        records.answer(check, {"foot_rest_pain_or_sore": False})  # answered: nothing more to offer
        after = client.get("/").text
    assert "One new question since you finished" in _text(home)
    assert "we added a question about warning signs" in _text(home)  # the foot sign is one
    assert f'href="/check/{check}">Answer the new question</a>' in home
    assert "One new question" not in _text(after) and f'href="/check/{check}"' not in after


def test_home_says_warning_signs_only_when_the_question_added_is_one() -> None:
    # no such question exists yet: a later question set could add one that is not a warning sign,
    # and Home said "we added a question about warning signs" of any (R10, 2026-11-27)
    from types import SimpleNamespace

    from backstride.web.pages import _new_question_offer

    def offer(screening: bool) -> str:
        check = SimpleNamespace(
            id=7, new_question=True, checked_at=LATER, next_question={"id": "q", "screening": screening}
        )
        said = _new_question_offer(check)  # type: ignore[arg-type]
        assert said is not None and said["id"] == 7
        return str(said["text"])

    assert "about warning signs" in offer(True)
    assert "about warning signs" not in offer(False) and "we added a question" in offer(False)


def test_the_clinic_guides_api_example_names_the_new_warning_sign_not_asked(
    setup: Any,  # noqa: F811
    monkeypatch: Any,
    capsys: Any,
) -> None:
    """docs/clinic.md's script prints the level of each check with a finish time: one finished before
    the foot sign was added has one, so the script printed its calmer level alone."""
    from sqlalchemy import update
    from tests.integration.test_clinic_md_api_example import _finished_check, run_documented_example

    from backstride.storage.models import Assessment

    url, records, _clock = setup
    app = create_app(Settings(database_url=url))
    with TestClient(app) as web:
        app.state.access.add_staff("Dr Lee", "her own password")
        web.auth = ("Dr Lee", "her own password")
        ana = web.post("/api/people", json={"label": "Ana Ruiz"}).json()["id"]
        check = _finished_check(web, ana)
        answers = {c: v for c, v in records.get_assessment(check).answers.items() if c != NEW}
        with records.db.session(write=True) as session:  # as if finished before questions 1.6.0
            session.execute(update(Assessment).where(Assessment.id == check).values(answers=answers))
        assert records.get_assessment(check).new_question
        run_documented_example(web, monkeypatch)
    printed = capsys.readouterr().out
    assert NEW in printed, printed
