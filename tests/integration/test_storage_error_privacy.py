"""When the database fails (503), its own words name where it is (the file's path, or a server's host,
port, user and database name). Only someone who may see that reads them: the owner at home with no
password, or anyone signed in; everyone else reads plain words, and the why goes to the server's log."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from backstride.services import access as access_module
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import STORAGE_PLAIN_MESSAGE, create_app
from backstride.web.settings import Settings

PASSWORD = "correct horse battery staple"
REMOTE = ("192.0.2.7", 50000)  # another computer (TEST-NET-1)


@contextmanager
def database_failing(db: Database, when: Callable[[str], bool] = lambda _sql: True) -> Iterator[None]:
    """Every statement ``when`` picks fails as a failing disk makes it fail."""

    def fail(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if when(statement):
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(db.engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", fail)


def _diary_statements(statement: str) -> bool:
    return "diary_entries" in statement


def _hidden(where: Path, page: str) -> None:
    assert str(where) not in page and "clinic.sqlite3" not in page
    assert "cannot use the database" not in page and "disk I/O error" not in page


def _plain(response, where: Path) -> None:  # noqa: ANN001
    assert response.status_code == 503, response.text
    _hidden(where, response.text)
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["detail"] == STORAGE_PLAIN_MESSAGE
    else:
        assert "The saved records cannot be reached just now." in response.text
        assert "The person who runs backstride can see why where it runs." in response.text


def _logged(caplog: pytest.LogCaptureFixture, where: Path) -> None:
    assert any(str(where) in r.getMessage() and "disk I/O error" in r.getMessage() for r in caplog.records)


@pytest.fixture
def clinic_path(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite3"


def test_a_visitor_not_signed_in_never_reads_where_the_database_is(
    clinic_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)  # the sign-in state is read each time
    settings = Settings(database_url=sqlite_url(clinic_path), require_password=True)
    with TestClient(create_app(settings), client=REMOTE) as served:
        served.app.state.access.set_password(PASSWORD)  # type: ignore[attr-defined]
        caplog.set_level(logging.WARNING, logger="backstride.web")
        with database_failing(served.app.state.db):  # type: ignore[attr-defined]
            for response in (
                served.get("/api/diary"),
                served.get("/diary", follow_redirects=False),
                served.get("/sign-in"),
                served.post("/sign-in", data={"password": PASSWORD}, follow_redirects=False),
            ):
                _plain(response, clinic_path)
    _logged(caplog, clinic_path)


def test_a_visitor_of_an_app_without_its_own_sign_in_reads_plain_words_the_log_the_why(
    clinic_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 'serve --host 0.0.0.0 --no-password' behind a proxy: backstride cannot tell who is at the keyboard
    with TestClient(create_app(Settings(database_url=sqlite_url(clinic_path))), client=REMOTE) as served:
        caplog.set_level(logging.WARNING, logger="backstride.web")
        with database_failing(served.app.state.db, _diary_statements):  # type: ignore[attr-defined]
            _plain(served.get("/api/diary"), clinic_path)
            _plain(served.get("/diary"), clinic_path)
        db = served.app.state.db  # type: ignore[attr-defined]
        with database_failing(db, lambda sql: sql.startswith("INSERT INTO diary_entries")):  # a write
            typed = {"entry_date": "2026-11-19", "pain_0_10": "4", "notes": "walked to the bakery"}
            form = served.post("/diary", data=typed, follow_redirects=False)
            assert form.status_code == 503  # the database's doing, not what was typed (was 422)
            assert "walked to the bakery" in form.text  # the form, filled in again
            assert STORAGE_PLAIN_MESSAGE in form.text
            _hidden(clinic_path, form.text)
    _logged(caplog, clinic_path)


def test_staff_signed_in_read_why_the_database_failed(clinic_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(clinic_path))), client=REMOTE) as served:
        served.app.state.access.add_staff("dr lee", PASSWORD)  # type: ignore[attr-defined]
        with database_failing(served.app.state.db, _diary_statements):  # type: ignore[attr-defined]
            api = served.get("/api/diary", auth=("dr lee", PASSWORD))
            assert api.status_code == 503
            assert api.json()["detail"].startswith(f"cannot use the database sqlite:///{clinic_path}: ")
            served.post("/sign-in", data={"name": "dr lee", "password": PASSWORD})
            page = served.get("/diary")
            assert page.status_code == 503 and "disk I/O error" in page.text


def test_the_owner_at_home_reads_why_even_when_the_sign_in_state_cannot_be_read(
    clinic_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    with TestClient(create_app(Settings(database_url=sqlite_url(clinic_path)))) as home:
        assert home.get("/api/diary").status_code == 200  # no password, as last read
        with database_failing(home.app.state.db):  # type: ignore[attr-defined]
            api = home.get("/api/diary")
            page = home.get("/diary")
        assert api.status_code == page.status_code == 503
        assert "disk I/O error" in api.json()["detail"] and str(clinic_path) in api.json()["detail"]
        assert "disk I/O error" in page.text


def test_a_clinics_database_server_is_never_named_to_a_visitor_not_signed_in(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # the server is gone (nothing listens on port 1): its host, port, user and name stay in the log
    url = "postgresql://clinic_staff:secret@127.0.0.1:1/clinic_records"
    settings = Settings(database_url=url, migrate_on_start=False, require_password=True)
    with TestClient(create_app(settings), client=REMOTE) as served:
        caplog.set_level(logging.WARNING, logger="backstride.web")
        answers = [served.get("/api/people"), served.get("/people", follow_redirects=False)]
    for answer in answers:
        assert answer.status_code == 503, answer.text
        for secret in ("clinic_staff", "clinic_records", "127.0.0.1:1", "secret", "Connection refused"):
            assert secret not in answer.text
    assert answers[0].json()["detail"] == STORAGE_PLAIN_MESSAGE
    assert any("clinic_staff:***@127.0.0.1:1/clinic_records" in r.getMessage() for r in caplog.records)
    assert not any("secret" in r.getMessage() for r in caplog.records)  # the password: never, even there


def test_a_diary_change_the_database_could_not_store_is_503_with_what_was_typed(clinic_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(clinic_path))), client=REMOTE) as served:
        db = served.app.state.db  # type: ignore[attr-defined]
        assert served.post("/diary", data={"entry_date": "2026-11-19", "pain_0_10": "4"}).is_success
        typed = {"entry_date": "2026-11-19", "pain_0_10": "5", "notes": "walked to the market"}
        with database_failing(db, lambda sql: sql.startswith("UPDATE diary_entries")):
            form = served.post("/diary/1/edit", data=typed, follow_redirects=False)
        assert form.status_code == 503  # the database's doing, not what was typed (was 422)
        assert "walked to the market" in form.text and STORAGE_PLAIN_MESSAGE in form.text
        _hidden(clinic_path, form.text)


LOCAL = ("127.0.0.1", 50000)  # someone at this computer


@pytest.mark.parametrize("password", [True, False], ids=["with a password", "without one"])
def test_the_first_request_before_the_sign_in_state_was_read_is_told_plain_words(
    clinic_path: Path, caplog: pytest.LogCaptureFixture, password: bool
) -> None:
    """Someone at this computer, on the first request after start (the sign-in state never read): the
    app may have a password, which keeps out whoever else sits at this computer, so backstride cannot
    tell whether they may see where the database is. They read plain words on every route (the page,
    the API, the sign-in page); the why is in the server's log, where its owner reads it. (It showed the
    path, R11.) Once a request has read that there is no password, the owner reads why as before."""
    db = Database(sqlite_url(clinic_path))
    db.migrate()
    if password:
        access_module.Access(db).set_password(PASSWORD)  # as 'backstride password set' does
    db.dispose()
    caplog.set_level(logging.WARNING, logger="backstride.web")
    for path in ("/diary", "/api/diary", "/sign-in", "/people", "/api/people"):
        app = create_app(Settings(database_url=sqlite_url(clinic_path)))
        with TestClient(app, client=LOCAL) as fresh:
            with database_failing(fresh.app.state.db):  # type: ignore[attr-defined]
                _plain(fresh.get(path, follow_redirects=False), clinic_path)
    _logged(caplog, clinic_path)


@pytest.mark.parametrize("failing", ["api", "page", "form"])
def test_a_password_set_from_the_command_line_hides_where_the_database_is_at_once(
    clinic_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, failing: str
) -> None:
    """R12: a running server read the sign-in state again only every SETTINGS_TTL_S (2 s; now at the next
    request when the change wrote a new version token, test_sign_in's "no window" test). Someone at
    this computer whose request came in that window after ``backstride password set`` (another process:
    this server's state is not told) read where the database is when it failed, as the owner of an app
    without a password does. Now whether they may is read again from the database when it failed (only
    then: no request pays for it), and the next request needs the password; when even that cannot be
    read, as last read (``test_the_owner_at_home_reads_why_even_when_the_sign_in_state_cannot_be_read``).
    Failing: the API (the exception handler, on the event loop), a page (its own error page), a form."""
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 3600.0)  # the whole test is inside the window
    # set as an older backstride sets it (no new version token: a running server of this version reads
    # the change on its next request) or while the failing request is being answered
    monkeypatch.setattr(access_module, "_changed", lambda session: None)
    with TestClient(create_app(Settings(database_url=sqlite_url(clinic_path))), client=LOCAL) as home:
        db = home.app.state.db  # type: ignore[attr-defined]
        with database_failing(db, _diary_statements):  # no password yet: the owner reads why
            assert str(clinic_path) in home.get("/api/diary").json()["detail"]
        cli = Database(sqlite_url(clinic_path))
        access_module.Access(cli).set_password(PASSWORD)  # as 'backstride password set' does, meanwhile
        cli.dispose()
        caplog.set_level(logging.WARNING, logger="backstride.web")
        with database_failing(db, lambda sql: "diary_entries" in sql):
            if failing == "form":
                form = home.post("/diary", data={"entry_date": "2026-11-19", "pain_0_10": "4"})
                assert form.status_code == 503 and STORAGE_PLAIN_MESSAGE in form.text  # the form, sent back
                _hidden(clinic_path, form.text)
            else:
                _plain(home.get("/api/diary" if failing == "api" else "/diary"), clinic_path)
        assert home.get("/api/diary").status_code == 401  # read again: the password is needed now
    _logged(caplog, clinic_path)
