"""Sign-in: a web app with a password (``backstride password set``) lets nobody in without it.

Without a password the app opens as before (every other web test runs that way).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services import access as access_module
from backstride.services.access import Access
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.auth import SESSION_COOKIE, safe_next
from backstride.web.settings import Settings

PASSWORD = "correct horse battery staple"


def _basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"clinic:{password}".encode()).decode()}


@pytest.fixture
def url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "clinic.sqlite3")


@pytest.fixture
def client(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)  # the wait is tested below
    with TestClient(create_app(Settings(database_url=url))) as test_client:
        yield test_client


def _set_password(client: TestClient, password: str = PASSWORD) -> Access:
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    access.set_password(password)
    return access


def test_without_a_password_the_app_opens_straight_away(client: TestClient) -> None:
    assert client.get("/diary").status_code == 200
    assert client.get("/api/diary").json() == []
    assert client.get("/sign-in", follow_redirects=False).headers["location"] == "/"
    assert "Sign out" not in client.get("/").text


def test_with_a_password_pages_go_to_sign_in_and_the_api_answers_401(client: TestClient) -> None:
    _set_password(client)
    page = client.get("/diary?weeks=4", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/sign-in?next=%2Fdiary%3Fweeks%3D4"
    api = client.get("/api/diary")
    assert api.status_code == 401 and "sign in first" in api.json()["detail"]
    assert api.headers["www-authenticate"].startswith('Basic realm="backstride"')
    # a write without signing in changes nothing
    sent = client.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 3})
    assert sent.status_code == 401
    assert client.get("/api/diary", headers=_basic(PASSWORD)).json() == []
    # what the sign-in page needs is reachable
    assert client.get("/sign-in").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_http_basic_with_the_password_opens_the_api_and_a_wrong_one_does_not(client: TestClient) -> None:
    _set_password(client)
    entry = {"entry_date": "2026-11-20", "pain_0_10": 3}
    assert client.post("/api/diary", json=entry, headers=_basic(PASSWORD)).status_code == 201
    assert client.get("/api/diary", headers=_basic("not the password")).status_code == 401
    assert client.get("/api/diary", headers={"Authorization": "Basic !!!"}).status_code == 401
    assert len(client.get("/api/diary", headers=_basic(PASSWORD)).json()) == 1


def test_signing_in_sets_a_session_and_signing_out_ends_it(client: TestClient) -> None:
    _set_password(client)
    wrong = client.post("/sign-in", data={"password": "nope nope nope", "next": "/diary"})
    assert wrong.status_code == 401 and "That password is not right" in wrong.text
    assert SESSION_COOKIE not in client.cookies
    empty = client.post("/sign-in", data={"password": "", "next": "/diary"})
    assert empty.status_code == 422 and "Please type the password" in empty.text
    signed = client.post("/sign-in", data={"password": PASSWORD, "next": "/diary"}, follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/diary"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=43200" in cookie
    page = client.get("/diary")
    assert page.status_code == 200 and "Sign out" in page.text
    client.post("/sign-out")
    assert client.get("/diary", follow_redirects=False).status_code == 303


def test_a_new_password_signs_everyone_out(client: TestClient) -> None:
    _set_password(client)
    client.post("/sign-in", data={"password": PASSWORD, "next": "/"})
    assert client.get("/diary").status_code == 200
    _set_password(client, "another long password")
    assert client.get("/diary", follow_redirects=False).status_code == 303
    assert client.get("/api/diary", headers=_basic(PASSWORD)).status_code == 401


def test_a_session_ends_after_twelve_hours(url: str) -> None:
    now = [1_800_000_000.0]
    access = Access(Database(url).migrate(), clock=lambda: now[0])
    access.set_password(PASSWORD)
    token = access.new_session()
    now[0] += 11.9 * 3600
    assert access.session_valid(token)
    now[0] += 0.2 * 3600
    assert not access.session_valid(token)
    began, signature = token.split(".")
    assert not access.session_valid(f"{int(began) + 3600}.{signature}")  # a changed time breaks the seal
    assert not access.session_valid("garbage") and not access.session_valid(None)


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "diary", ""]
)
def test_after_signing_in_only_a_page_of_this_app_is_opened(target: str) -> None:
    assert safe_next(target) == "/"
    assert safe_next("/walks/3?x=1") == "/walks/3?x=1"


def test_a_wrong_password_waits_a_second(url: str) -> None:
    import time

    with TestClient(create_app(Settings(database_url=url))) as client:
        _set_password(client)
        start = time.perf_counter()
        assert client.get("/api/diary", headers=_basic("wrong password!")).status_code == 401
        assert time.perf_counter() - start >= 0.9


def test_the_password_is_never_exported_restored_or_deleted_with_the_data(url: str) -> None:
    db = Database(url).migrate()
    records, access = Records(db), Access(db)
    access.set_password(PASSWORD)
    records.add_diary_entry(entry_date="2026-11-20", pain_0_10=2)
    exported = json.dumps(records.export_all())
    assert "access." not in exported and "scrypt" not in exported
    records.delete_all()
    assert access.check_password(PASSWORD)  # "delete all my data" keeps the app's sign-in
    access.clear()
    document: dict[str, Any] = json.loads(exported)
    document["settings"] = {"access.password_scrypt": {"salt": "00", "n": 2, "r": 1, "p": 1, "hash": "00"}}
    restore_export(records, json.dumps(document))
    assert not access.required  # a file cannot set (or replace) the password
    db.dispose()


def test_a_password_set_from_the_command_line_reaches_a_running_app(
    client: TestClient, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    assert client.get("/api/diary").status_code == 200
    result = CliRunner().invoke(cli_app, ["password", "set", "--stdin", "--db", url], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert client.get("/api/diary").status_code == 401
    status = CliRunner().invoke(cli_app, ["password", "status", "--db", url])
    assert "A password is set" in status.output
    cleared = CliRunner().invoke(cli_app, ["password", "clear", "--db", url])
    assert cleared.exit_code == 0 and "removed" in cleared.output
    assert client.get("/api/diary").status_code == 200


def test_a_change_from_the_command_line_counts_on_the_running_apps_next_request_with_no_window(
    client: TestClient, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The running app kept the sign-in state for SETTINGS_TTL_S (2 s): after ``backstride password
    set`` in another process, a visitor at this computer read the records for up to 2 s more. Now the
    app reads the state's version token (one row) on every request: the password is needed on the next
    one, whatever the cache's age (an hour here), and so are the other changes (clear, staff)."""
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 3600.0)  # every request inside the old window
    assert client.get("/api/diary").status_code == 200
    result = CliRunner().invoke(cli_app, ["password", "set", "--stdin", "--db", url], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert client.get("/api/diary").status_code == 401
    assert client.get("/diary", follow_redirects=False).headers["location"].startswith("/sign-in")
    assert client.get("/api/diary", headers=_basic(PASSWORD)).status_code == 200
    signed_in = client.post("/sign-in", data={"password": PASSWORD, "next": "/"}, follow_redirects=False)
    assert signed_in.status_code == 303 and client.get("/api/diary").status_code == 200
    other = Database(url)
    Access(other).set_password(PASSWORD + " again")  # a new secret: every session ends at once
    assert client.get("/api/diary").status_code == 401
    Access(other).clear()
    assert client.get("/api/diary").status_code == 200
    Access(other).add_staff("Dr Lee", PASSWORD)  # staff: a sign-in is needed again, at once
    assert client.get("/api/diary").status_code == 401
    Access(other).remove_staff("Dr Lee")
    assert client.get("/api/diary").status_code == 200
    other.dispose()


def test_the_command_line_refuses_a_short_password_and_a_missing_terminal(url: str) -> None:
    short = CliRunner().invoke(cli_app, ["password", "set", "--stdin", "--db", url], input="short\n")
    assert short.exit_code == 2 and "use at least 10" in short.output
    no_terminal = CliRunner().invoke(cli_app, ["password", "set", "--db", url], input=PASSWORD + "\n")
    assert no_terminal.exit_code == 2 and "--stdin" in no_terminal.output
    status = CliRunner().invoke(cli_app, ["password", "status", "--db", url])
    assert "No password is set" in status.output


def test_after_many_wrong_passwords_new_ones_wait_a_minute_but_a_known_one_still_works(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_module, "WRONG_PER_CLIENT_PER_MINUTE", 3)
    _set_password(client)
    assert client.get("/api/diary", headers=_basic(PASSWORD)).status_code == 200  # checked once: known
    for guess in ("guess number 1", "guess number 2", "guess number 3"):
        assert client.get("/api/diary", headers=_basic(guess)).status_code == 401
    refused = client.get("/api/diary", headers=_basic("guess number 4"))
    assert refused.status_code == 429 and "too many wrong passwords" in refused.json()["detail"]
    page = client.post("/sign-in", data={"password": "guess number 5", "next": "/"})
    assert page.status_code == 429 and "Too many wrong passwords" in page.text
    assert client.get("/api/diary", headers=_basic(PASSWORD)).status_code == 200
