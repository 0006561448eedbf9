"""A walk sits on the day where it was recorded, on every page, chart and report (review 2026-11-28).

A walk's start was kept with its offset only, and every page put it on this computer's clock: a walk at
00:52 in Shanghai on 6 Nov (helloaisvg's Sensor Logger zip, Metadata 'recording timezone' Asia/Shanghai)
read 'Your walk from 5 Nov 2025, 16:52' on a computer set to UTC and sat on 5 Nov in the charts; a walk at
00:30 in Paris on 6 Nov sat on 5 Nov. What a person expects is the day, and the time, of their walk where
they walked it. Now the start is shown on the clock where it was recorded, and its day there is the one
the walks list, the walk page, the diary's charts and the report go by (``core.dates.walked_on``); the
zone's name is kept with the start (``recording.time_zone``). A walk stored before the name was kept reads
on its stored offset: the same day and time."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import FORMATS, MOBILISED_LAB, time_zone

from backstride.gait.result import recording_start
from backstride.web import views

SHANGHAI = FORMATS / "sensor_logger/helloaisvg__Camera-calibration/2ok-2025-11-05_16-52-37.zip"
LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _send(api: Any, path: Path, **data: str) -> int:
    sent = api.post(
        "/walks", files={"file": (path.name, path.read_bytes())}, data=data, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    return int(sent.headers["location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_a_shanghai_walk_is_on_its_shanghai_day_and_time(api: Any, zone: str) -> None:
    with time_zone(zone):
        walk_id = _send(api, SHANGHAI)
        walk = api.get(f"/api/walks/{walk_id}").json()
        assert walk["recorded_at"].startswith("2025-11-06T00:52:37")  # 16:52:37 UTC on 5 Nov
        page = _text(api.get(f"/walks/{walk_id}").text)
        listed = _text(api.get("/walks").text)
        progress = api.get("/api/diary/progress").json()
        report = _text(api.get("/report", params={"weeks": 520}).text)
    assert "Your walk from 6 Nov 2025, 00:52" in page, re.findall(r"walk from [^.]*", page)
    assert "6 Nov 2025, 00:52 Shanghai time (sent" in listed
    assert progress["walks"][0]["walked_on"] == "2025-11-06"
    assert "The latest walk, from 6 Nov 2025, 00:52" in report
    assert walk["result"]["recording"].get("time_zone") == "Asia/Shanghai"  # the zone's name, kept


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_the_charts_and_the_report_put_a_paris_walk_after_midnight_on_its_paris_day(
    api: Any, tmp_path: Path, zone: str
) -> None:
    # the lab walk (HA/001) timed from 00:30 on 6 Nov 2025 in Paris (+01:00): 23:30 UTC on 5 Nov
    rows = np.loadtxt(LAB_WALK, delimiter=",", skiprows=1)
    lines = ["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"]
    t0 = rows[0, 0]
    for r in rows:
        s = 30 * 60 + (r[0] - t0)  # seconds after midnight, Paris
        clock = f"2025-11-06T{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:09.6f}+01:00"
        lines.append(clock + "," + ",".join(f"{v:.6f}" for v in r[1:]))
    path = tmp_path / "paris.csv"
    path.write_text("\n".join(lines) + "\n")
    with time_zone(zone):
        walk_id = _send(api, path)
        walk = api.get(f"/api/walks/{walk_id}").json()
        progress = api.get("/api/diary/progress").json()
        charts = {chart["id"]: chart for chart in views.diary_charts(progress)}
        diary = _text(api.get("/diary").text)
        report = _text(api.get("/report", params={"weeks": 520}).text)
    assert walk["recorded_at"].startswith("2025-11-06T00:30:00")
    assert [row[0] for row in charts["speed-chart"]["rows"]] == ["6 Nov 2025"]
    assert [row[0] for row in charts["cadence-chart"]["rows"]] == ["6 Nov 2025"]
    assert "6 Nov 2025" in diary and "5 Nov 2025" not in diary
    assert "The latest walk, from 6 Nov 2025, 00:30" in report and "5 Nov 2025" not in report
    assert walk["result"]["recording"].get("time_zone") is None  # an offset only: no zone's name to keep


def test_a_start_stored_before_the_zone_was_kept_reads_on_its_offset() -> None:
    from backstride.core.dates import walked_on

    old = {"recording": {"start_datetime": "2025-11-06T00:52:37+08:00"}}  # a row stored before 28 Nov 2026
    start = recording_start(old)
    assert start is not None and (start.hour, start.minute, str(start.date())) == (0, 52, "2025-11-06")
    named = recording_start({"recording": {**old["recording"], "time_zone": "Asia/Shanghai"}})
    assert named == start and str(named.tzinfo if named else "") == "Asia/Shanghai"
    # a name this computer does not know, or one whose offset is not the stored one: the offset alone
    for zone in ("Nowhere/Atlantis", "Europe/Paris"):
        kept = recording_start({"recording": {**old["recording"], "time_zone": zone}})
        assert kept == start and kept is not None and kept.utcoffset() == start.utcoffset()
    assert walked_on(start, start) == start.date()
