"""The pages show times in the server's time zone, which ``TZ`` sets (docs/web-app.md, clinic.md).

At home the server is the person's computer. A clinic's server often runs in UTC: started with
``TZ=America/New_York``, a check begun at 01:43 UTC on 27 Nov reads "26 Nov 2026, 20:43" on Home and
History, and a date of that moment is its day in New York, the same zone everywhere on a page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import Clock
from tests.integration.test_warning_before_finished import BLADDER, _ticked, _words

from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.settings import Settings

STARTED = datetime(2026, 11, 27, 1, 43, tzinfo=UTC)


@pytest.fixture
def in_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("zone", "said"), [("UTC", "27 Nov 2026, 01:43"), ("America/New_York", "26 Nov 2026, 20:43")]
)
def test_pages_say_a_time_in_the_zone_the_server_was_started_in(
    database_url: str, monkeypatch: pytest.MonkeyPatch, in_zone: None, zone: str, said: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    clock = Clock()
    clock.now = STARTED
    db = Database(database_url).migrate()
    records = Records(db, clock=clock)
    check = records.start_assessment("person").id
    records.answer(check, _ticked(BLADDER))
    db.dispose()
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        home, history = _words(client.get("/").text), _words(client.get("/history").text)
    assert f"Continue the check from {said}" in home
    assert said in history
