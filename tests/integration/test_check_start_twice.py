"""Starting a check twice (a double click on the start button) makes one check: each click made a new
empty check, so the history kept an empty check beside the one answered. The page's start now gives
back the person's newest check when it is of the same kind, started the same way and still has no
answer (nothing is lost going on with it); an answered, finished or other kind of check never is."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def _checks(client: TestClient) -> list[int]:
    return sorted(a["id"] for a in client.get("/api/assessments").json())


def test_the_start_sent_twice_makes_one_check(client):
    first = client.post("/check", follow_redirects=False)
    second = client.post("/check", follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(_checks(client)) == 1


def test_a_check_with_an_answer_or_of_another_kind_is_never_given_back(client):
    check = client.post("/check", follow_redirects=False).headers["location"]
    clinician = client.post("/check", data={"mode": "clinician"}, follow_redirects=False).headers["location"]
    assert clinician != check  # the other kind: a check of its own
    answered = client.post("/check", follow_redirects=False).headers["location"]
    assert answered != clinician  # the newest is the clinician's: a person's check is made
    page = client.get(answered).text
    codes = page.split('name="codes" value="')[1].split('"')[0]
    sent = client.post(f"{answered}/answer", data={"codes": codes, "choice": "none"}, follow_redirects=False)
    assert sent.status_code == 303  # answered: "none of these"
    again = client.post("/check", follow_redirects=False).headers["location"]
    assert again != answered  # it had an answer: a new check
    assert len(_checks(client)) == 4


def test_the_api_still_makes_a_check_each_time(client):
    for _ in range(2):
        assert client.post("/api/assessments", json={}).status_code == 201
    assert len(_checks(client)) == 2


def test_a_check_left_empty_earlier_is_not_given_back(tmp_path):
    """Ten minutes on, the start is a new check (one left empty yesterday would go on under
    yesterday's start time)."""
    from datetime import UTC, datetime, timedelta

    from backstride.services.records import START_SENT_TWICE_WITHIN, Records
    from backstride.storage.db import Database, sqlite_url

    now = [datetime(2026, 11, 28, 9, 0, tzinfo=UTC)]
    db = Database(sqlite_url(tmp_path / "t.sqlite3")).migrate()
    records = Records(db, clock=lambda: now[0])
    first = records.start_assessment("person", once=True)
    now[0] += timedelta(seconds=30)
    assert records.start_assessment("person", once=True).id == first.id  # sent twice
    now[0] += START_SENT_TWICE_WITHIN + timedelta(seconds=1)
    assert records.start_assessment("person", once=True).id != first.id
    db.dispose()
