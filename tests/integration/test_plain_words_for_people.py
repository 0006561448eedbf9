"""Words a person reads about their file are plain; the technical ones stay for a clinician.

* The walk page's "How we read the file" said "resampled irregular timestamps (median rate 17.0506 Hz)
  to a uniform 17 Hz by linear interpolation" (a real Sensor Logger walk, EricCabrol): now plain words
  first, the reader's own notes folded away "for a clinician".
* A phyphox file with gravity removed (real exports, Android and iOS) said "holds acceleration with
  gravity removed only"; now it says what to record in phyphox instead (FORMATS.md: the experiment
  "Acceleration with g").
* A backup with a wrong pain was refused with "diary_entries[1] (id 1): pain_0_10 must be from 0 to
  10, got 11"; now "Diary entry 2 in the file (..., id N): pain must be a whole number from 0 to 10".
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from tests.conftest import FORMATS

from backstride.web.app import create_app
from backstride.web.settings import Settings

METRO = FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00"
GRAVITY_REMOVED = [
    FORMATS / "phyphox/Emz-oamk__FysiikanLP/Linear Acceleration.csv",  # Android
    FORMATS / "phyphox/sannatikk__walking-data-analysis/Linear Accelerometer.csv",  # iOS
]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def test_how_we_read_the_file_is_said_in_plain_words_first(client, tmp_path) -> None:
    export = tmp_path / "Comparo_slow.zip"
    with zipfile.ZipFile(export, "w") as z:
        for path in sorted(METRO.iterdir()):
            z.write(path, path.name)
    sent = client.post("/walks", files={"file": (export.name, export.read_bytes())}, follow_redirects=False)
    assert sent.status_code == 303, sent.text[:300]
    page = client.get(sent.headers["location"]).text
    notes = re.search(r'<details id="file-notes">(.*)</details>', page, re.S).group(1)
    technical = re.search(
        r"<summary>The technical notes, for a clinician</summary>.*?</details>", notes, re.S
    )
    plain = _text(notes.replace(technical.group(0), ""))
    assert "The readings came at uneven times, so we spaced them evenly." in plain
    assert "The file has no turning sensor (gyroscope), so some angles could not be measured." in plain
    assert "You did not give your height, so we used 170 cm." in plain
    for word in ("Hz", "interpolation", "resampled", "m/s^2", "TotalAcceleration"):
        assert word not in plain, word
    # the clinician still has every note as the reader wrote it
    assert "resampled irregular timestamps (median rate 17.0506 Hz)" in _text(technical.group(0))


@pytest.mark.parametrize("path", GRAVITY_REMOVED, ids=["android", "ios"])
def test_a_phyphox_file_without_gravity_says_what_to_record_instead(client, path) -> None:
    sent = client.post("/walks", files={"file": (path.name, path.read_bytes())})
    assert sent.status_code == 422
    text = _text(sent.text)
    assert "has only acceleration with gravity removed" in text
    assert "so backstride cannot tell which way is up" in text
    assert "In phyphox, record with the experiment 'Acceleration with g' instead" in text


def test_a_restore_names_a_wrong_diary_value_in_the_diary_pages_words(client) -> None:
    today = date.today()
    for days_ago, pain in ((2, "3"), (1, "4")):
        day = (today - timedelta(days=days_ago)).isoformat()
        added = client.post("/diary", data={"entry_date": day, "pain_0_10": pain}, follow_redirects=False)
        assert added.status_code == 303, added.text[:300]
    backup = json.loads(client.get("/data/export.json").content)
    wrong = backup["diary_entries"][1]
    wrong["pain_0_10"] = 11
    client.post("/data/delete", data={"confirm": "yes"})
    page = client.post("/data/import", files={"file": ("backup.json", json.dumps(backup).encode())})
    assert page.status_code == 422
    text = _text(page.text)
    day = date.fromisoformat(wrong["entry_date"])
    assert (
        f"Diary entry 2 in the file ({day.day} {day:%b %Y}, id {wrong['id']}): pain must be a whole "
        "number from 0 to 10; the file has 11"
    ) in text
    assert "pain_0_10" not in text and "diary_entries[" not in text
