"""The page for a mistake in backstride (500) at home with a password, or a staff member signed in.

It was drawn outside the sign-in, so it forgot that a password is set and who signed in: at home with
a password it said "Your answers, walks and diary stay on this computer." (others can open this app)
while every other page says the records are kept in this backstride's own database, and its menu lost
"Sign out" (and a staff member's name). Now it is drawn like every other page: the same footer and
menu, the same voice, no detail of the bug, and a way back to the start page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import SERVER_ERROR_MESSAGE, create_app
from backstride.web.settings import Settings

PASSWORD = "a long home password"
SHARED_FOOTER = "These records are kept in this backstride's own database and are not sent anywhere else."
AT_HOME = "Your answers, walks and diary stay on this computer."
SECRET = "the bug's own words, never shown"


def _words(html: str, part: str) -> str:
    found = re.search(rf"<{part}\b.*?</{part}>", html, re.S)
    assert found, f"the page has no <{part}>"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


@pytest.fixture(params=["shared password", "staff member"])
def home(request, tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    """One person ("Me"), signed in with the home's password or as a staff member by name."""
    url = sqlite_url(tmp_path / "home.sqlite3")
    Records(Database(url).migrate()).db.dispose()
    app = create_app(Settings(database_url=url))

    def broken() -> None:
        raise RuntimeError(SECRET)

    app.add_api_route("/broken-for-the-test", broken, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as web:
        if request.param == "shared password":
            app.state.access.set_password(PASSWORD)
            signed = web.post("/sign-in", data={"password": PASSWORD}, follow_redirects=False)
        else:
            app.state.access.add_staff("Dr Lee", PASSWORD, admin=True)
            signed = web.post(
                "/sign-in", data={"name": "Dr Lee", "password": PASSWORD}, follow_redirects=False
            )
        assert signed.status_code == 303, signed.text
        yield request.param, web


def test_the_page_for_a_bug_is_drawn_like_every_other_page(home) -> None:
    how, web = home
    page = web.get("/broken-for-the-test")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    footer, main = _words(page.text, "footer"), _words(page.text, "main")
    # the footer and the menu of every other page of this app (the sources page, for one)
    other = web.get("/sources")
    assert footer == _words(other.text, "footer")
    assert SHARED_FOOTER in footer and AT_HOME not in footer
    header = page.text.split("<main", 1)[0]
    assert "Sign out" in header
    assert ("Signed in as Dr Lee" in _words(page.text, "header")) is (how == "staff member")
    assert _words(page.text, "aside") == _words(other.text, "aside")  # "Get help now", in the same voice
    # kind, plain, nothing of the bug itself, and a way back
    assert SERVER_ERROR_MESSAGE in main and SECRET not in page.text and "RuntimeError" not in page.text
    assert '<a href="/">Go to the start page</a>' in page.text
    assert "This is not a diagnosis." in footer
