"""The REST API's height (new-user test, 2026-11-27): an upload's ``height_cm`` "168cm" was refused
('expected a number like 172 or 4.5', an example that is no height) though ``backstride gait analyze
--height-cm 168cm`` takes it, and "1.68" got 'must be from 50 to 250' with no word of centimetres.
The upload's form field now reads a height as the command and the walk page do ("168cm", "168 cm");
its refusals say centimetres, give a height as the example and, for metres, the number meant. A
person's height in JSON stays a JSON number (the schema the API publishes): text is refused saying
what to send."""

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


def _upload(client: TestClient, height: str):
    return client.post(
        "/api/walks", files={"file": ("imu.csv", WALK.read_bytes())}, data={**UNITS, "height_cm": height}
    )


@pytest.mark.parametrize("typed", ["168cm", "168 cm"])
def test_an_upload_reads_a_height_with_its_unit_as_the_command_does(client: TestClient, typed: str) -> None:
    sent = _upload(client, typed)
    assert sent.status_code == 201, sent.text[:300]
    assert sent.json()["height_cm"] == 168.0


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1.68", "height_cm must be from 50 to 250 cm, got 1.68 (1.68 m is 168 cm)"),
        ("1.7m", "height_cm: expected a height in centimetres (cm), like 170 (1.7 m is 170 cm), got '1.7m'"),
        ("tall", "height_cm: expected a height in centimetres (cm), like 170, got 'tall'"),
    ],
)
def test_an_uploads_refused_height_says_centimetres(client: TestClient, typed: str, said: str) -> None:
    refused = _upload(client, typed)
    assert refused.status_code == 422
    assert refused.json()["detail"] == said
    assert "4.5" not in refused.text
    assert client.get("/api/walks").json() == []


@pytest.mark.parametrize(
    ("height", "said"),
    [
        ("168cm", "height_cm: expected a number of centimetres, like 170, not text: send 168, got '168cm'"),
        (1.68, "height_cm must be from 50 to 250 cm, got 1.68 (1.68 m is 168 cm)"),
    ],
)
def test_a_persons_height_in_json_says_what_to_send(client: TestClient, height: object, said: str) -> None:
    refused = client.post("/api/people", json={"label": "Ann", "height_cm": height})
    assert refused.status_code == 422
    assert refused.json()["detail"] == said
    assert "Ann" not in [p["label"] for p in client.get("/api/people").json()]
