"""A deleted walk's note dates it as its page did: its start on the clock where it was recorded.

The walk page, the walks list, the charts and the report head a walk with its recording's start on the
clock where it was recorded (``core.dates.walked_on``, ``recording.time_zone``): a walk at 00:52 in
Shanghai on 6 Nov reads '6 Nov 2025, 00:52' on any computer. The note a check keeps when the walk it used
is deleted put that start on this computer's clock: '5 Nov 2025, 11:52' in New York, a walk the person
never saw. A walk whose file said no start is dated by when it was sent, on the clock here, as before.
The walk is the lab's lower-back walk (a check can use it), stored as a phone in Shanghai keeps its
start: ``recording.start_datetime`` with its offset and ``recording.time_zone``."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from tests.conftest import time_zone
from tests.integration.test_check_walk import WALK, _when, finish_at, setup, upload

from backstride.storage.models import GaitRecording
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

SHANGHAI_START = {"start_datetime": "2025-11-06T00:52:37+08:00", "time_zone": "Asia/Shanghai"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace("\xa0", " ")


def _recorded_in_shanghai(records: Any, walk_id: int) -> None:
    with records.db.session(write=True) as session:
        row = session.get(GaitRecording, walk_id)
        recording = {**(row.result.get("recording") or {}), **SHANGHAI_START}
        row.result = {**row.result, "recording": recording}


def _notes(url: str, check: int) -> tuple[str, str, str]:
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text)
        api = client.get(f"/api/assessments/{check}/result").json()["walk_deleted"]["message"]
        report = _text(client.get(f"/report?check={check}").text)
    return page, api, report


def _deleted(setup: Any, *, in_shanghai: bool) -> tuple[str, str, str, str]:
    """On a computer in New York: the lab walk sent 10 min before a check that uses it, then deleted; how
    its page was headed, and the check's result page, API message and report after."""
    url, records, clock = setup
    with time_zone("America/New_York"):
        walk = upload(records, clock, WALK, -10)  # sent 27 Nov 2026, 01:33 UTC: 26 Nov, 20:33 in New York
        if in_shanghai:
            _recorded_in_shanghai(records, walk)
        check = finish_at(records, clock, 0)
        records.result(check)
        headed = _when(records, walk)  # as the walk's own page is headed
        clock.now = clock.now.replace(hour=15)
        records.delete_walk(walk)
        return (headed, *_notes(url, check))


def test_a_deleted_walk_is_dated_where_it_was_recorded(setup: Any) -> None:
    headed, page, api, report = _deleted(setup, in_shanghai=True)
    assert headed == "6 Nov 2025, 00:52 Shanghai time"
    # the note keeps the zone's name with the start (DeletedWalk.to_stored): named as the page was headed
    walked = "6 Nov 2025, 00:52 Shanghai time"
    assert f"Your walk from {walked}, which this check used, was deleted on" in page
    assert api.startswith(f"Your walk from {walked}, which this check used, was deleted on")
    assert f"The walk from {walked}, which this check used when it was finished" in report
    for said in (page, api, report):
        assert "11:52" not in said  # the Shanghai start on New York's clock


def test_a_deleted_walk_without_a_start_is_dated_when_it_was_sent_here(setup: Any) -> None:
    headed, page, api, _report = _deleted(setup, in_shanghai=False)
    assert headed == "26 Nov 2026, 20:33"
    assert "Your walk from 26 Nov 2026, 20:33, which this check used, was deleted on" in page
    assert api.startswith("Your walk from 26 Nov 2026, 20:33,")
