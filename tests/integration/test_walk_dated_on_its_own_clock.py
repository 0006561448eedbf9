"""A walk whose file states the time zone it was recorded in (Sensor Logger's Metadata.csv) has the clock
times typed for it read on that clock, but its page is dated on this computer's clock, as every page is:
beside 'Your walk from 17 Jun 2024, 06:57' (a computer set to UTC) the page said 'Times are shown on the
clock where it was recorded (time zone Europe/Paris)', and the 08:58 the person typed for the Paris walk
started at 08:57 looked like no time of it. It now says which times are read there, and when it started
there. Since 28 Nov 2026 the page is headed with the start on the clock where it was recorded, 08:57 on
any computer, the day it sits on in the charts (test_walk_day_where_recorded)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.conftest import FORMATS, time_zone

from backstride.gait.readers._container import zip_folder

PARIS = FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_a_walk_read_on_the_clock_where_it_was_recorded_says_which_times_are(
    api, tmp_path: Path, zone: str
) -> None:
    walk_zip = tmp_path / "Comparo_slow.zip"
    zip_folder(PARIS, walk_zip)
    with time_zone(zone):
        sent = api.post(
            "/walks",
            files={"file": (walk_zip.name, walk_zip.read_bytes())},
            data={"symptom_at": "08:58:00"},  # a minute in, on the Paris clock
            follow_redirects=False,
        )
        assert sent.status_code == 303, sent.text
        walk_id = int(sent.headers["location"].rsplit("/", 1)[1])
        page = _text(api.get(f"/walks/{walk_id}").text)
    assert "Your walk from 17 Jun 2024, 08:57" in page, re.findall(r"walk from [^.]*", page)
    assert "Times are shown on the clock where it was recorded" not in page
    said = (
        "Times you type for this walk are read on the clock where it was recorded (Paris time), as the time "
        "at the top of this page is."
    )
    assert said in page
