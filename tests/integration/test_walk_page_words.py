"""The walk page says in plain words what the gait engine flags: times it cannot count as walked,
every quality flag, a sensor worn away from the lower back (first), factors it could not judge, and long
durations in hours and minutes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB
from tests.integration.test_cli_gait import still_csv

from backstride.web.app import create_app
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # walking from 4.06 s to 7.95 s
LAB_UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("walk-words") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _text(page: str) -> str:
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _walk_page(client, path: Path, data: dict | None = None) -> tuple[dict, str]:
    sent = client.post(
        "/walks", files={"file": (path.name, path.read_bytes())}, data=data or {}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text[:500]
    walk_id = sent.headers["location"].rsplit("/", 1)[1]
    return client.get(f"/api/walks/{walk_id}").json(), client.get(f"/walks/{walk_id}").text


def _section(page: str, heading_id: str) -> str:
    return _text(re.search(rf'id="{heading_id}".*?</section>', page, re.S).group(0))


def _lab_with_an_hour_without_samples(tmp_path: Path) -> Path:
    """The lab walk with the sensor off for an hour after 8 s: walking 4-8 s and again at 3608 s."""
    lines = LAB_WALK.read_text().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        t, rest = line.split(",", 1)
        out.append(f"{float(t) + (3600 if float(t) >= 8.0 else 0):.2f},{rest}")
    path = tmp_path / "gap.csv"
    path.write_text("\n".join(out) + "\n")
    return path


def test_times_given_for_a_recording_without_walking_are_not_said_to_be_missing(client, tmp_path):
    walk, page = _walk_page(
        client, still_csv(tmp_path / "still.csv", seconds=20), {"symptom_at": "5", "stop_at": "10"}
    )
    assert walk["result"]["walking_tolerance"]["quality"] == ["no_walking_found"]
    section = _section(page, "tolerance-heading")
    assert "You did not tell us when symptoms came" not in section
    assert (
        "No walking was found, so the time to the first symptom and to the stop cannot be measured."
        in section
    )


def test_a_symptom_before_the_walking_began_is_not_a_walk_of_0_s(client):
    walk, page = _walk_page(client, LAB_WALK, {**LAB_UNITS, "symptom_at": "2", "stop_at": "7"})
    assert walk["result"]["walking_tolerance"]["quality"] == ["first_symptom_before_walking"]
    section = _section(page, "tolerance-heading")
    assert "Until the first symptom Before the walking began. —" in section
    assert "0 s" not in section and "about 0 m" not in section
    assert re.search(r"Until you had to stop 2\.9 s about \d m", section)  # the stop was walked to


def test_a_time_across_an_hour_without_samples_is_not_a_walking_time(client, tmp_path):
    path = _lab_with_an_hour_without_samples(tmp_path)
    walk, page = _walk_page(client, path, {**LAB_UNITS, "symptom_at": "6", "stop_at": "3609"})
    assert walk["result"]["walking_tolerance"]["quality"] == ["time_without_samples_before_stop"]
    section = _section(page, "tolerance-heading")
    said = "the sensor recorded nothing for part of that time, so it is not a walking time."
    assert f"Until you had to stop: {said}" in section
    assert f"Until the first symptom: {said}" not in section  # the symptom came before the gap
    assert "Time without samples" not in section  # the flag is said once, in words
