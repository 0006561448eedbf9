"""The walk page names the clock a walk's start is on, and says its start once.

Since its heading took the start on the clock where the walk was recorded ('Your walk from 17 Jun 2024,
08:57'), the note under it said it again ('There, it started at 08:57.'), and the zone's name, kept
with the start (``recording.time_zone``), was shown nowhere: on a computer in New York '08:57' read like
a New York time. The start is now said with its zone's name in plain words when this computer's clock
reads otherwise then ('08:57 Paris time'), and not when it reads the same. Real Sensor Logger files."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FORMATS, time_zone

from backstride.gait.readers._container import zip_folder

PARIS = FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"
SHANGHAI = FORMATS / "sensor_logger/helloaisvg__Camera-calibration/2ok-2025-11-05_16-52-37.zip"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _pages(api: Any, path: Path, zone: str) -> tuple[str, str]:
    """The walk's page and the walks list, sent and read on a computer in ``zone``."""
    with time_zone(zone):
        sent = api.post("/walks", files={"file": (path.name, path.read_bytes())}, follow_redirects=False)
        assert sent.status_code == 303, sent.text
        walk_id = int(sent.headers["location"].rsplit("/", 1)[1])
        return _text(api.get(f"/walks/{walk_id}").text), _text(api.get("/walks").text)


def test_a_paris_walk_on_a_new_york_computer_says_paris_time_once(api: Any, tmp_path: Path) -> None:
    walk_zip = tmp_path / "Comparo_slow.zip"
    zip_folder(PARIS, walk_zip)
    page, listed = _pages(api, walk_zip, "America/New_York")
    assert "Your walk from 17 Jun 2024, 08:57 Paris time" in page, re.findall(r"walk from [^.]*", page)
    assert "There, it started" not in page  # the heading says it (the clinician's notes keep the file's)
    assert "read on the clock where it was recorded (Paris time)" in page
    assert "17 Jun 2024, 08:57 Paris time (sent" in listed


@pytest.mark.parametrize(("zone", "said"), [("UTC", " Shanghai time"), ("Asia/Shanghai", "")])
def test_the_zone_is_named_only_when_this_computers_clock_reads_otherwise(
    api: Any, zone: str, said: str
) -> None:
    page, _listed = _pages(api, SHANGHAI, zone)
    assert f"Your walk from 6 Nov 2025, 00:52{said} File:" in page, re.findall(r"walk from [^.]*", page)
