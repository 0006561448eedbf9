"""The home person "Me" once a second person is added (new-user test, 2026-11-27): the pages' titles
read "Me's walk" and "Diary of Me". "Me" is the label the app gave, not a name (the FHIR export leaves
it out as one too): the titles leave it out ("Diary", "Walk from ..."), while the line under the menu
still says whose records are open ("Records of Me"). A person with a name keeps "Diary of Room 4"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.walk_samples import LAB, UNITS

from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

WALK = LAB / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "t.sqlite3")))) as c:
        yield c


def _heading(text: str) -> str:
    return text.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_the_home_person_is_never_said_as_mes_or_of_me(client: TestClient) -> None:
    sent = client.post("/api/walks", files={"file": ("imu.csv", WALK.read_bytes())}, data=UNITS)
    assert sent.status_code == 201, sent.text[:300]
    me = 1  # the first write made "Me"
    second = client.post("/api/people", json={"label": "Room 4"}).json()["id"]
    walk = client.get(f"/walks/{sent.json()['id']}").text
    assert _heading(walk).startswith("Walk from "), _heading(walk)
    assert "<title>Walk · Records of Me · backstride</title>" in walk
    for path, heading in (("/diary", "Diary"), ("/walks", "Walks"), ("/history", "Past checks")):
        text = client.get(f"{path}?person={me}").text
        assert _heading(text) == heading, (path, _heading(text))
        assert "Records of <strong>Me</strong>" in text, path  # whose records: still said, once
        assert "Me&#39;s" not in text and "Me's" not in text, path
        assert "of Me<" not in text.replace("Records of Me<", ""), path
    assert _heading(client.get(f"/diary?person={second}").text) == "Diary of Room 4"
