"""The same walk file sent twice (same sha256) is stored once: walks 2 and 4 of one file were both counted
in the charts and the report. The second sending says where the first is (page: a link; API: 409 with
its id), before the file is analysed again. Nothing typed is dropped: other symptom or stop times or
another height are stored as a walk of their own (a stored walk's times cannot be changed)."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime

import pytest
from tests.conftest import MOBILISED_LAB

from backstride.services.records import Records, WalkStoredAlreadyError
from backstride.storage.db import Database
from backstride.web import views

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _send(api, where="/walks", **fields):
    return api.post(
        where,
        files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
        data={**UNITS, **fields},
        follow_redirects=False,
    )


def test_a_file_sent_again_on_the_page_is_not_stored_twice_and_links_the_first(api) -> None:
    first = _send(api)
    assert first.status_code == 303
    walk_id = int(first.headers["location"].rsplit("/", 1)[1])
    stored = api.get(f"/api/walks/{walk_id}").json()

    again = _send(api)
    assert again.status_code == 409
    page = _text(again.text)
    assert f"You added this file already on {views.when(stored['created_at'])}: walk {walk_id}" in page
    assert f'<a href="/walks/{walk_id}">walk {walk_id}</a>' in again.text
    assert [w["id"] for w in api.get("/api/walks").json()] == [walk_id]
    assert len(api.get("/api/diary/progress").json()["walks"]) == 1


def test_the_api_answers_409_with_the_stored_walks_id(api) -> None:
    walk_id = _send(api, "/api/walks").json()["id"]
    again = _send(api, "/api/walks")
    assert again.status_code == 409
    assert again.json()["walk_id"] == walk_id
    assert f"walk {walk_id}" in again.json()["detail"]
    assert len(api.get("/api/walks").json()) == 1
    described = api.get("/api/openapi.json").json()["paths"]["/api/walks"]["post"]["responses"]
    assert "409" in described and "walk_id" in str(described["409"])


def test_other_times_or_height_typed_with_the_same_file_are_kept_as_a_walk(api) -> None:
    plain = _send(api, "/api/walks").json()["id"]
    timed = _send(api, "/api/walks", symptom_at="5", stop_at="7")
    assert timed.status_code == 201, timed.text
    assert timed.json()["algorithm_parameters"]["walking_test"] == {"symptom_at": "5", "stop_at": "7"}
    # the same times again, or none: what is stored already
    assert _send(api, "/api/walks", symptom_at="5", stop_at="7").json()["walk_id"] == timed.json()["id"]
    assert _send(api, "/api/walks").json()["walk_id"] == plain
    taller = _send(api, "/api/walks", height_cm="181")
    assert taller.status_code == 201 and taller.json()["height_cm"] == 181.0
    assert len(api.get("/api/walks").json()) == 3


def test_the_api_says_the_day_it_was_added_by_the_clock_here(tmp_path, monkeypatch) -> None:
    # sent at 20:00 UTC on 26 Nov, which is 09:00 on 27 Nov in Auckland: the person's day is the 27th
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    try:
        db = Database(f"sqlite:///{tmp_path / 'walks.sqlite3'}").migrate()
        records = Records(db, clock=lambda: datetime(2026, 11, 26, 20, 0, tzinfo=UTC))
        walk = records.upload_walk(LAB_WALK.name, LAB_WALK.read_bytes(), **UNITS)
        with pytest.raises(WalkStoredAlreadyError) as again:
            records.upload_walk(LAB_WALK.name, LAB_WALK.read_bytes(), **UNITS)
        assert f"you added this file already on 27 Nov 2026, 09:00: walk {walk.id}" in str(again.value)
        db.dispose()
    finally:
        monkeypatch.undo()
        time.tzset()
