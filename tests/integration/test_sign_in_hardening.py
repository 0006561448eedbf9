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
