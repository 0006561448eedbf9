"""The Python example of docs/clinic.md ("From a script: the REST API") runs as written, and says a
walk with no speed in words (never "None m/s").

A physiotherapist fetching results from a script found no example with the password and
``person_id`` together; the one added is run here against the app with a staff member, two people
(a finished clinician check for one, a walk for the other), so it cannot drift from the API.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"


def _finished_check(web: TestClient, person_id: int) -> int:
    """A clinician check answered to its end: no to every checklist, the first option, age 68."""
    whose = {"person_id": person_id}
    state = web.post("/api/assessments", params=whose, json={"mode": "clinician"}).json()
    while (question := state["next_question"]) is not None:
        codes = question["codes"]
        if question["kind"] == "checklist":
            answers: dict[str, Any] = dict.fromkeys(codes, False)
        elif question["kind"] == "number":
            answers = {codes[0]: 68 if codes[0] == "age_years" else (question["min"] or 0) + 1}
        else:
            answers = {codes[0]: question["options"][0]["value"]}
        sent = web.post(f"/api/assessments/{state['id']}/answers", params=whose, json={"answers": answers})
        assert sent.status_code == 200, sent.text
        state = sent.json()
    return int(state["id"])


def _documented_example() -> str:
    text = (ROOT / "docs" / "clinic.md").read_text()
    found = re.search(r"<!-- clinic-api-python -->\n```python\n(.*?)```", text, re.S)
    assert found, "docs/clinic.md has no Python example of the API (<!-- clinic-api-python -->)"
    return found.group(1)


def run_documented_example(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the example with its ``httpx.Client`` served by ``web``."""

    def client(*, base_url: str, auth: Any) -> TestClient:  # the example's httpx.Client, served here
        web.base_url = httpx.URL(base_url)
        web.auth = auth
        return web

    monkeypatch.setattr(httpx, "Client", client)
    exec(compile(_documented_example(), "docs/clinic.md", "exec"), {})


def test_the_documented_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    app = create_app(Settings(database_url=sqlite_url(tmp_path / "clinic.sqlite3")))
    with TestClient(app) as web:
        app.state.access.add_staff("Dr Lee", "her own password")
        web.auth = ("Dr Lee", "her own password")
        room = web.post("/api/people", json={"label": "Room 4"}).json()["id"]
        ana = web.post("/api/people", json={"label": "Ana Ruiz"}).json()["id"]
        web.post(f"/api/assessments?person_id={ana}", json={"mode": "clinician"})  # not finished: not shown
        check = _finished_check(web, ana)
        sent = {"file": ("imu.csv", LAB_WALK.read_bytes())}
        units = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
        assert web.post(f"/api/walks?person_id={ana}", files=sent, data=units).status_code == 201
        assert web.post(f"/api/diary?person_id={room}", json={"entry_date": "2026-11-20", "pain_0_10": 4})
        run_documented_example(web, monkeypatch)
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 2, printed  # the finished check and the walk; never Room 4's diary
    assert printed[0].startswith(f"{check} ") and "not a diagnosis" in printed[0], printed
    assert printed[0].split()[1] in ("self_care", "routine", "urgent", "emergency"), printed
    assert " m/s " in printed[1] and "not a diagnosis" in printed[1], printed


class _Answered:
    def __init__(self, body: Any) -> None:
        self.body = body

    def json(self) -> Any:
        return self.body


class _NoSpeedApi:
    """The example's ``httpx.Client``: Ana has no finished check and one walk without a speed (no
    steady walking found in it), as GET /api/walks then answers."""

    def __init__(self, *, base_url: str, auth: Any) -> None:
        self.answers = {
            "/api/people": [{"id": 3, "label": "Ana Ruiz"}],
            "/api/assessments": [],
            "/api/walks": [{"id": 7, "summary": {"walking_speed_mps": None}, "notice": "Not a diagnosis."}],
        }

    def __enter__(self) -> _NoSpeedApi:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def get(self, path: str, params: Any = None) -> _Answered:
        return _Answered(self.answers[path])


def test_the_documented_example_says_a_walk_without_a_speed_in_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(httpx, "Client", _NoSpeedApi)
    exec(compile(_documented_example(), "docs/clinic.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == ["7 no walking speed Not a diagnosis."]


def test_the_docs_never_promise_requests_takes_the_httpx_example_as_it_is() -> None:
    text = (ROOT / "docs" / "clinic.md").read_text()
    assert "`requests` works the same way" not in text  # requests has no base_url
    assert "`requests` instead, which has no `base_url`" in text
