"""A check whose walk was deleted names the walk by its start on the clock where it was recorded, as
the walk's page did: "08:57 Paris time" on a computer on another clock. Before, the note kept only the
start with its offset, and said "08:57 where it was recorded" (the zone's name was lost with the walk,
``core.dates.walk_moment_words``). The note keeps the zone's name now (``DeletedWalk.to_stored``); a
note kept before says what it said (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from tests.conftest import time_zone
from tests.integration.test_check_walk import WALK, finish_at, setup, upload

from backstride.services.records import WALK_DELETED_KEY, Records
from backstride.storage.models import Assessment, GaitRecording

__all__ = ["setup"]  # the fixture, shared

PARIS_START = {"start_datetime": "2024-06-17T08:57:00+02:00", "time_zone": "Europe/Paris"}


def _recorded_in_paris(records: Records, walk_id: int) -> None:
    """The lab walk as if its file said it started at 08:57 in Paris (as a Sensor Logger export says)."""
    with records.db.session(write=True) as session:
        row = session.get_one(GaitRecording, walk_id)
        row.result = {**row.result, "recording": {**row.result.get("recording", {}), **PARIS_START}}


def _message(records: Records, check: int) -> str:
    said: dict[str, Any] = records.result(check).to_dict()
    return str(said["walk_deleted"]["message"])


def test_the_note_names_the_zone_the_walk_was_recorded_in(setup: Any) -> None:
    _url, records, clock = setup
    walk = upload(records, clock, WALK, 1)
    _recorded_in_paris(records, walk)
    check = finish_at(records, clock, 2)
    assert records.result(check).to_dict().get("walk_deleted") is None
    records.delete_walk(walk)
    with time_zone("UTC"):
        assert "Your walk from 17 Jun 2024, 08:57 Paris time" in _message(records, check)
    with time_zone("Europe/Paris"):  # this computer's clock: no zone named, as on the walk's page
        message = _message(records, check)
        assert "Your walk from 17 Jun 2024, 08:57," in message and "Paris time" not in message


def test_a_note_kept_before_says_where_it_was_recorded(setup: Any) -> None:
    _url, records, clock = setup
    walk = upload(records, clock, WALK, 1)
    _recorded_in_paris(records, walk)
    check = finish_at(records, clock, 2)
    records.delete_walk(walk)
    with records.db.session(write=True) as session:  # as kept before the zone's name was
        row = session.scalars(select(Assessment).where(Assessment.id == check)).one()
        notes = [{k: v for k, v in n.items() if k != "time_zone"} for n in row.result[WALK_DELETED_KEY]]
        row.result = {**row.result, WALK_DELETED_KEY: notes}
    with time_zone("UTC"):
        assert "Your walk from 17 Jun 2024, 08:57 where it was recorded" in _message(records, check)
