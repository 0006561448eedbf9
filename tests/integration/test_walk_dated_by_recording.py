"""A walk is dated by when it was recorded, as its file says, not by when it was sent: a Sensor Logger walk
of 5 Nov 2025 sent on 27 Nov 2026 read 'Your walk from 27 Nov 2026, 01:44' and sat on that day in the
diary's charts and the report. When it was sent is kept beside it; a file that does not say when it was
recorded is dated by when it was sent, as before."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import numpy as np
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.core.dates import day_words
from backstride.web import views

SENSOR_LOGGER = FORMATS / "sensor_logger/helloaisvg__Camera-calibration/2ok-2025-11-05_16-52-37.zip"
LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # says no start
LAB_UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
RECORDED = datetime(2025, 11, 5, 16, 52, 37, 998715, tzinfo=UTC)  # the zip's Metadata
# its start on the clock where it was recorded (Metadata 'recording timezone' Asia/Shanghai), as the pages
# date it since 28 Nov 2026 (test_walk_day_where_recorded), on this computer's clock before
THERE = "6 Nov 2025, 00:52"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_walk_is_dated_by_its_recordings_start_on_every_page_and_chart(api) -> None:
    sent = api.post(
        "/walks", files={"file": (SENSOR_LOGGER.name, SENSOR_LOGGER.read_bytes())}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    walk_id = int(sent.headers["location"].rsplit("/", 1)[1])
    walk = api.get(f"/api/walks/{walk_id}").json()
    assert datetime.fromisoformat(walk["recorded_at"]) == RECORDED
    sent_on = views.when(walk["created_at"])
    assert views.day(walk["created_at"]) != views.day(RECORDED)  # sent today, recorded in 2025

    page = _text(api.get(f"/walks/{walk_id}").text)
    assert f"Your walk from {THERE}" in page
    assert f"You sent it on {sent_on}." in page
    listed = _text(api.get("/walks").text)
    assert f"{THERE} Shanghai time (sent {sent_on})" in listed  # a computer on another clock: its zone

    progress = api.get("/api/diary/progress").json()
    assert datetime.fromisoformat(progress["walks"][0]["walked_at"]) == RECORDED
    assert progress["walks"][0]["walked_on"] == "2025-11-06"
    report = _text(api.get("/report", params={"weeks": 520}).text)
    assert f"The latest walk, from {THERE}" in report


def test_the_charts_put_a_walk_on_the_day_it_was_recorded(api, tmp_path) -> None:
    # the lab walk with Unix times from 5 Nov 2025 (a CSV's timestamp_s says when it started)
    rows = np.loadtxt(LAB_WALK, delimiter=",", skiprows=1)
    rows[:, 0] += RECORDED.timestamp()
    path = tmp_path / "walk.csv"
    header = "timestamp_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
    np.savetxt(path, rows, delimiter=",", fmt="%.6f", header=header, comments="")
    sent = api.post("/walks", files={"file": (path.name, path.read_bytes())}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    progress = api.get("/api/diary/progress").json()
    charts = {chart["id"]: chart for chart in views.diary_charts(progress)}
    recorded_day = day_words(views.day(RECORDED))
    assert [row[0] for row in charts["speed-chart"]["rows"]] == [recorded_day]
    assert [row[0] for row in charts["cadence-chart"]["rows"]] == [recorded_day]
    # the report's table of walks dates it by the recording too
    report = _text(api.get("/report", params={"weeks": 520}).text)
    assert f"{views.when(RECORDED)} " in report


def test_a_file_that_does_not_say_when_it_was_recorded_is_dated_by_when_it_was_sent(api) -> None:
    sent = api.post(
        "/walks",
        files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
        data={"acc_unit": "m/s^2", "gyr_unit": "deg/s"},
        follow_redirects=False,
    )
    walk_id = int(sent.headers["location"].rsplit("/", 1)[1])
    walk = api.get(f"/api/walks/{walk_id}").json()
    assert walk["recorded_at"] is None
    page = _text(api.get(f"/walks/{walk_id}").text)
    assert f"Your walk from {views.when(walk['created_at'])}" in page
    assert "The file does not say when it was recorded: this is when you sent it." in page
    progress = api.get("/api/diary/progress").json()
    assert progress["walks"][0]["walked_at"] == walk["created_at"]


def test_the_fhir_export_dates_a_walk_by_its_recording(api) -> None:
    # a clinician reading the Bundle saw the walk of 5 Nov 2025 as made on the day it was sent
    from backstride.fhir import export_bundle

    sent = api.post("/api/walks", files={"file": (SENSOR_LOGGER.name, SENSOR_LOGGER.read_bytes())})
    lab = api.post("/api/walks", files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())}, data=LAB_UNITS)
    assert sent.status_code == lab.status_code == 201, (sent.text, lab.text)
    bundle = export_bundle(api.get("/api/export").json())
    walks = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "gait_recording/" in e["fullUrl"] + str(e)
    ]
    by_issued = {r["issued"]: r["effectiveDateTime"] for r in walks}
    assert datetime.fromisoformat(by_issued[sent.json()["created_at"]]) == RECORDED
    assert by_issued[lab.json()["created_at"]] == lab.json()["created_at"]  # says no start: when sent
