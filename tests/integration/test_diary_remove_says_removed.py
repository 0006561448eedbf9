"""Removing a diary day says so at the top of the diary, as saving one does: the page after "Remove"
showed the diary with no word, so a person could not tell the tap had worked (found walking the
pages as a first-time user, n9)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from backstride.core.dates import day_words
from backstride.web.app import create_app
from backstride.web.settings import Settings

DAY = date.today() - timedelta(days=2)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_removing_a_diary_day_says_it_was_removed(client):
    day = {"entry_date": DAY.isoformat(), "pain_0_10": "6"}
    sent = client.post("/diary", data=day, follow_redirects=False)
    assert sent.status_code == 303
    entry = client.get("/api/diary").json()[-1]
    page = client.post(f"/diary/{entry['id']}/delete", data={"confirm": "yes"})
    assert page.status_code == 200
    text = _text(page.text)
    assert f"Removed: the entry for {day_words(DAY)}." in text
    assert "Saved:" not in text
    assert client.get("/api/diary").json() == []


def test_a_removed_value_that_is_no_day_says_nothing(client):
    assert "Removed:" not in _text(client.get("/diary?removed=not-a-day").text)
