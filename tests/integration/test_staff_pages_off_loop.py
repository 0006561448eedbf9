"""The Staff page, My password and the sign-in form read the database in the thread pool, never on the
event loop (where one slow read would hold up every other page): each form below reads the staff or the
sign-in state, and none of them may do it while an event loop runs in its thread.

On SQLite and PostgreSQL (``database_url``), with the clinic of ``test_staff_admin``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_staff_admin import ADMIN_PASSWORD, _access, _id, _sign_in, clinic

__all__ = ["clinic"]  # the fixture, used here


def _on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def test_the_staff_my_password_and_sign_in_forms_read_the_database_off_the_event_loop(
    clinic: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _access(clinic).db
    real_session = db.session
    now: dict[str, str] = {}
    on_loop: list[str] = []

    def watched_session(*args: Any, **kwargs: Any) -> Any:
        if _on_the_loop():
            on_loop.append(now["request"])
        return real_session(*args, **kwargs)

    monkeypatch.setattr(db, "session", watched_session)
    lee = _id(clinic, "Dr Lee")

    def post(path: str, data: dict[str, str], status: int) -> None:
        now["request"] = f"POST {path}"
        response = clinic.post(path, data=data, follow_redirects=False)
        assert response.status_code == status, (path, response.text[:300])

    post("/staff", {"name": "", "password": "x"}, 422)  # the list again, with the message
    post(
        "/staff",
        {"name": "Ann", "password": "ann's long password", "password_again": "ann's long password"},
        303,
    )
    post(f"/staff/{lee}/password", {"password": "one long password", "password_again": "another one"}, 422)
    post(f"/staff/{lee}/admin", {"admin": "maybe"}, 422)
    post(f"/staff/{lee}/admin", {"admin": "yes"}, 303)
    post(f"/staff/{lee}/remove", {}, 422)  # the box not ticked
    post("/my-password", {"current_password": ""}, 422)
    post(
        "/my-password",
        {
            "current_password": "not it",
            "new_password": "a new long one",
            "new_password_again": "a new long one",
        },
        401,
    )
    clinic.cookies.clear()
    post("/sign-in", {"name": "Sam", "password": "not the password"}, 401)
    post("/sign-in", {"name": "Sam", "password": ""}, 422)
    _sign_in(clinic, "Sam", ADMIN_PASSWORD)

    assert on_loop == []
    assert [m.name for m in _access(clinic).staff()] == ["Sam", "Dr Lee", "Ann"]  # the forms did their work
