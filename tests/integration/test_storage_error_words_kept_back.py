"""The pages and API answers that say a failure in their own words (a refused walk or Apple Health
file, a check's result that could not be worked out again) kept the database's own words too: a
visitor of a clinic's app without its own sign-in read where the database is (its file's path),
the walk page said "We could not use this file" for a database that failed, and a result said "this
version could not work it out again" (422) when the database failed (503). Found in review (R11)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS
from tests.integration.test_clinician_result_about_the_person import _all_answers
from tests.integration.test_everyday_interfaces import _zip
from tests.integration.test_storage_error_privacy import PASSWORD, REMOTE, database_failing
from tests.integration.test_storage_errors import _walk_bytes

from backstride.storage.db import sqlite_url
from backstride.web.app import STORAGE_PLAIN_MESSAGE, create_app
from backstride.web.settings import Settings


@pytest.fixture
def where(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite3"


def _kept_back(answer, where: Path) -> None:  # noqa: ANN001
    assert answer.status_code == 503, answer.text[:2000]
    assert str(where) not in answer.text and "disk I/O error" not in answer.text
    assert "could not use this file" not in answer.text and "could not work it out" not in answer.text
    body = answer.json()["detail"] if answer.headers["content-type"].startswith("application/json") else ""
    assert STORAGE_PLAIN_MESSAGE in (body or answer.text)


def test_a_walk_or_an_apple_health_export_the_database_could_not_keep(
    where: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'serve --host 0.0.0.0 --no-password' behind the clinic's own sign-in: a visitor from another computer
    with TestClient(create_app(Settings(database_url=sqlite_url(where))), client=REMOTE) as served:
        caplog.set_level(logging.WARNING, logger="backstride.web")
        db = served.app.state.db  # type: ignore[attr-defined]
        typed = {"format": "auto", "height_cm": "180", "acc_unit": "m/s^2", "gyr_unit": "deg/s"}
        with database_failing(db, lambda sql: sql.startswith("INSERT INTO gait_recordings")):
            walk = served.post("/walks", files={"file": ("imu.csv", _walk_bytes())}, data=typed)
        _kept_back(walk, where)
        assert 'value="180"' in walk.text  # what was typed is kept
        with database_failing(db, lambda sql: sql.startswith("INSERT INTO everyday")):
            everyday = served.post("/everyday", files={"file": ("export.zip", _zip(), "application/zip")})
        _kept_back(everyday, where)
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("the database could not")]
    assert len(logged) == 2 and all(str(where) in m and "disk I/O error" in m for m in logged)  # each once


def test_a_result_the_database_could_not_read_is_not_a_result_that_could_not_be_worked_out(
    where: Path,
) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(where))), client=REMOTE) as served:
        check = served.post("/api/assessments", json={"mode": "person"}).json()["id"]
        answers = {"answers": _all_answers(STENOSIS, "person")}
        assert served.post(f"/api/assessments/{check}/answers", json=answers).is_success  # a level is kept
        # the walks' table cannot be read (damaged), the check's row still can
        with database_failing(served.app.state.db, lambda sql: "FROM gait_recordings" in sql):  # type: ignore[attr-defined]
            api = served.get(f"/api/assessments/{check}/result")
            page = served.get(f"/check/{check}/result")
        _kept_back(api, where)
        _kept_back(page, where)


def test_a_page_that_says_the_database_failed_itself_logs_it_once(
    where: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # a walk's page or a result page draws its own 503 page: its footer asked the failed database
    # again whether it keeps several people, and the same failure was logged a second time, whole
    with TestClient(create_app(Settings(database_url=sqlite_url(where)))) as home:
        assert home.post("/api/diary", json={"entry_date": "2026-11-19", "pain_0_10": 3}).is_success
        caplog.set_level(logging.WARNING)
        for address in ("/walks/1", "/check/1/result", "/diary"):
            caplog.clear()
            with database_failing(home.app.state.db):  # type: ignore[attr-defined]
                page = home.get(address)
            assert page.status_code == 503 and "disk I/O error" in page.text  # the owner at home: why
            logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
            assert [r.getMessage().split(":")[0] for r in logged] == ["the database could not be used"]


def test_a_staff_page_whose_change_the_database_could_not_keep_says_503_and_logs_why(
    where: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # adding a member, or changing one's password, said the database's words as if the name or the
    # password were wrong (422, under the field), and the server's log never had them
    with TestClient(create_app(Settings(database_url=sqlite_url(where)))) as clinic:
        clinic.app.state.access.add_staff("Sam", PASSWORD, admin=True)  # type: ignore[attr-defined]
        clinic.app.state.access.add_staff("Dr Lee", PASSWORD)  # type: ignore[attr-defined]
        signed = clinic.post("/sign-in", data={"name": "Sam", "password": PASSWORD}, follow_redirects=False)
        assert signed.status_code == 303
        lee = clinic.app.state.access.staff_member("Dr Lee").id  # type: ignore[attr-defined]
        caplog.set_level(logging.WARNING, logger="backstride.web")
        new = {"password": "a new long password", "password_again": "a new long password"}
        with database_failing(
            clinic.app.state.db, lambda sql: sql.startswith(("INSERT INTO staff", "UPDATE staff"))
        ):  # type: ignore[attr-defined]
            added = clinic.post("/staff", data={"name": "Ann", **new}, follow_redirects=False)
            changed = clinic.post(f"/staff/{lee}/password", data=new, follow_redirects=False)
            own = {
                "current_password": PASSWORD,
                "new_password": "mine, long",
                "new_password_again": "mine, long",
            }
            mine = clinic.post("/my-password", data=own, follow_redirects=False)
        for answer in (added, changed, mine):
            assert answer.status_code == 503, answer.text[:300]
            assert "disk I/O error" in answer.text  # signed in: may read why
        logged = [
            r.getMessage() for r in caplog.records if r.getMessage().startswith("the database could not")
        ]
        assert len(logged) == 3 and all(str(where) in m for m in logged)
