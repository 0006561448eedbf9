"""Sign-in against odd or hostile input: a forged cookie or header is a refusal, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.services.access import Access
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.auth import SESSION_COOKIE
from backstride.web.settings import Settings

PASSWORD = "correct horse battery staple"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url(tmp_path / "clinic.sqlite3"))
    with TestClient(create_app(settings)) as test_client:
        access: Access = test_client.app.state.access  # type: ignore[attr-defined]
        access.set_password(PASSWORD)
        yield test_client


@pytest.mark.parametrize("token", ["1.\u00e9", "\u00e9.abc", "\u00b2.abc", "1.\u00e9" * 3])
def test_a_session_cookie_with_letters_not_ascii_is_refused(client: TestClient, token: str) -> None:
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    assert access.session_valid(token) is False
    cookie = f"{SESSION_COOKIE}={token}".encode("latin-1")
    page = client.get("/diary", headers={"cookie": cookie}, follow_redirects=False)  # type: ignore[dict-item]
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    api = client.get("/api/diary", headers={"cookie": cookie})  # type: ignore[dict-item]
    assert api.status_code == 401


def test_an_app_served_to_the_network_with_a_password_never_opens_when_it_is_cleared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 'backstride serve --host 0.0.0.0' started because a password was set; 'backstride password
    # clear' meanwhile must not open everyone's records to the network: the app refuses until a
    # password is set again (or it is started again with --no-password)
    from typer.testing import CliRunner

    from backstride.cli.main import app as cli_app
    from backstride.services import access as access_module

    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    url = sqlite_url(tmp_path / "served.sqlite3")
    settings = Settings(database_url=url, require_password=True)
    with TestClient(create_app(settings)) as served:
        access: Access = served.app.state.access  # type: ignore[attr-defined]
        access.set_password(PASSWORD)
        assert served.get("/api/diary").status_code == 401
        cleared = CliRunner().invoke(cli_app, ["password", "clear", "--db", url])
        assert cleared.exit_code == 0, cleared.output
        api = served.get("/api/diary")
        assert api.status_code == 503 and "backstride password set" in api.json()["detail"]
        page = served.get("/diary", follow_redirects=False)
        assert page.status_code == 503 and "backstride password set" in page.text
        assert "stay on this computer" not in page.text  # it is served to other computers
        assert served.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 3}).status_code == 503
        access.set_password(PASSWORD)
        assert served.get("/api/diary").status_code == 401  # a new password: the sign-in again
    # without require_password (home, or --no-password) clearing opens the app as before
    with TestClient(create_app(Settings(database_url=url))) as home:
        home.app.state.access.clear()  # type: ignore[attr-defined]
        assert home.get("/api/diary").status_code == 200


def test_clearing_the_password_says_what_a_running_app_does_then(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from backstride.cli.main import app as cli_app

    url = sqlite_url(tmp_path / "cleared.sqlite3")
    CliRunner().invoke(cli_app, ["password", "set", "--stdin", "--db", url], input=PASSWORD + "\n")
    cleared = CliRunner().invoke(cli_app, ["password", "clear", "--db", url])
    assert cleared.exit_code == 0 and "The password is removed." in cleared.output
    assert (
        "started for other computers (serve --host) now shows nothing until a new one is set"
        in cleared.output
    )
    again = CliRunner().invoke(cli_app, ["password", "clear", "--db", url])
    assert again.output.strip() == "No password was set."


def test_pages_cannot_be_framed_by_another_site_nor_kept_after_signing_out(client: TestClient) -> None:
    # a clinic's shared computer: after 'Sign out', Back must not show a person's records from the
    # browser's cache; and no other site may show these pages in a frame (clickjacking a delete)
    client.post("/sign-in", data={"password": PASSWORD, "next": "/"})
    for path in ("/", "/diary", "/people", "/sign-in", "/api/diary", "/api/export"):
        response = client.get(path, follow_redirects=False)
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'", path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["cache-control"] == "no-store", path
        assert response.headers["referrer-policy"] == "same-origin", path
    static = client.get("/static/app.css")
    assert static.headers["cache-control"] == "public, max-age=3600"  # versioned: cached as before
    assert client.get("/nope").headers["x-frame-options"] == "DENY"  # error pages too
