"""A diary form sent twice is stored once (migration 0017): a double click on the diary's Save could
store the same day twice, depending on timing (found by a first-time user at home). The page's form
carries a one-time token kept with the entry; the same form sent again finds that entry and shows it
saved, never a second day and never an error that loses what was typed. The walking test's form uses
the same mechanism. (The API's ``Idempotency-Key`` on ``POST /api/diary`` is not this token: it means what
it means for people and walks, see ``test_api_idempotency_key.py``.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from backstride.core.dates import day_words
from backstride.web.app import create_app
from backstride.web.settings import Settings

DAY = date.today() - timedelta(days=1)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def _token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_same_diary_form_sent_twice_stores_one_day_and_shows_it_saved(client):
    form = {
        "entry_date": DAY.isoformat(),
        "pain_0_10": "5",
        "walking_tolerance_min": "12",
        "notes": "walked to the shop",
        "form_token": _token(client.get("/diary").text),
    }
    first = client.post("/diary", data=form, follow_redirects=False)
    second = client.post("/diary", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    entries = client.get("/api/diary").json()
    assert len(entries) == 1
    assert entries[0]["notes"] == "walked to the shop"
    page = client.get(second.headers["location"])
    assert f"Saved: the entry for {day_words(DAY)}." in _text(page.text)


def test_two_diary_pages_have_different_tokens_and_store_two_days(client):
    """Two entries of one day from two page loads are two entries (a day may have several)."""
    for token in (_token(client.get("/diary").text), _token(client.get("/diary").text)):
        form = {"entry_date": DAY.isoformat(), "pain_0_10": "5", "form_token": token}
        assert client.post("/diary", data=form, follow_redirects=False).status_code == 303
    assert len(client.get("/api/diary").json()) == 2


def test_the_same_form_sent_again_with_other_values_keeps_them(client):
    """The browser's back button after saving, a value changed, Save: what was typed is not dropped."""
    token = _token(client.get("/diary").text)
    client.post("/diary", data={"entry_date": DAY.isoformat(), "pain_0_10": "5", "form_token": token})
    client.post("/diary", data={"entry_date": DAY.isoformat(), "pain_0_10": "7", "form_token": token})
    assert sorted(e["pain_0_10"] for e in client.get("/api/diary").json()) == [5, 7]


def test_a_refused_diary_form_shown_again_keeps_its_token(client):
    token = _token(client.get("/diary").text)
    refused = client.post(
        "/diary", data={"entry_date": DAY.isoformat(), "pain_0_10": "11", "form_token": token}
    )
    assert refused.status_code == 422
    assert _token(refused.text) == token
    form = {"entry_date": DAY.isoformat(), "pain_0_10": "4", "form_token": token}
    for _ in range(2):
        assert client.post("/diary", data=form, follow_redirects=False).status_code == 303
    assert len(client.get("/api/diary").json()) == 1


def test_the_walking_test_form_sent_twice_stores_one_day(client):
    form = {
        "entry_date": DAY.isoformat(),
        "first_symptoms_min": "4",
        "total_min": "9",
        "stopped_because": "symptoms",
        "pain_0_10": "6",
        "form_token": _token(client.get("/walking-test").text),
    }
    for _ in range(2):
        assert client.post("/walking-test", data=form, follow_redirects=False).status_code == 303
    assert len(client.get("/api/diary").json()) == 1


def test_diary_days_kept_before_the_token_stay_through_the_migration_and_back(tmp_path):
    """Migration 0017: every day kept before (two alike on one day too) stays, with no token; going
    down to 0016 keeps them all."""
    from alembic import command
    from sqlalchemy import text

    from backstride.storage.db import Database
    from backstride.storage.migrate import alembic_config, current_revision, downgrade_to

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0016_check_started_by")
        # the person "Me" (id 1) is made by the migrations (0004)
        for _ in range(2):  # the same day twice, as a double click stored it before
            connection.execute(
                text(
                    "INSERT INTO diary_entries (person_id, entry_date, pain_0_10, notes, tried, created_at,"
                    " updated_at) VALUES (1, '2026-11-19', 5, 'x', '[]', '2026-11-20', '2026-11-20')"
                )
            )
    db.migrate()
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, form_token FROM diary_entries ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, None), (2, None)]
    downgrade_to(db.engine, "0016_check_started_by")
    assert current_revision(db.engine) == "0016_check_started_by"
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM diary_entries")).scalar() == 2
    db.dispose()
