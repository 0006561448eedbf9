"""A bug is logged once, with its traceback, though two catchers watch for it.

The page for a bug is drawn inside the sign-in (a second catcher since the review of 2026-11-27), and
the outer catcher stays for the middlewares around it. A bug after the answer had begun (too late for
an error page) went through both, and the log held the same traceback twice, as if two things failed.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


def test_a_bug_half_way_is_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = sqlite_url(tmp_path / "app.sqlite3")
    Records(Database(url).migrate()).db.dispose()
    app = create_app(Settings(database_url=url))

    async def half_sent() -> StreamingResponse:
        async def body():  # the first bytes go out, then the bug
            yield b"the first part"
            raise RuntimeError("a bug half-way")

        return StreamingResponse(body())

    def broken() -> None:
        raise RuntimeError("a bug before the answer")

    app.add_api_route("/half-sent-for-the-test", half_sent, methods=["GET"])
    app.add_api_route("/broken-for-the-test", broken, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as web, caplog.at_level(logging.ERROR):
        for path in ("/half-sent-for-the-test", "/broken-for-the-test"):
            caplog.clear()
            try:
                web.get(path)
            except RuntimeError:  # the test client passes on a bug the server could not answer
                pass
            logged = [r for r in caplog.records if "unexpected error while answering" in r.getMessage()]
            assert len(logged) == 1, (path, [r.getMessage() for r in logged])  # was 2 half-way
            assert logged[0].exc_info is not None  # with its traceback
