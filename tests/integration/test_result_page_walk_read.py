"""A check's result page quotes the walk it used ("(this walk: 1.9 s)") from the walk's findings and its
walking time only (``Records.walk_quoted``). It read the walk's whole result again on every view (a day's
walk is MBs of JSON) to quote its own time. The words are the walk page's, as before; a walk deleted
since is quoted no more."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB
from tests.integration.test_check_changes import STENOSIS
from tests.integration.test_clinician_result_about_the_person import _all_answers

from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # walking from 4.06 s to 7.95 s


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").split())


def test_the_result_page_quotes_the_walk_without_reading_all_of_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        data = {"acc_unit": "m/s^2", "gyr_unit": "deg/s", "symptom_at": "6", "stop_at": "7.5"}
        sent = client.post("/api/walks", files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())}, data=data)
        assert sent.status_code == 201, sent.text
        walk_page = _text(client.get(f"/walks/{sent.json()['id']}").text)
        quoted = re.search(r"\(this walk: [^)]*\)", walk_page)
        assert quoted is not None
        answers = {**_all_answers(STENOSIS, "person"), "walking_tolerance_min": None}  # the walk fills it
        check = client.post("/api/assessments", json={"mode": "person"}).json()
        given = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers})
        assert given.status_code == 200, given.text

        def whole_walk(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the walk's whole result was read")

        monkeypatch.setattr(Records, "get_walk", whole_walk)
        page = client.get(f"/check/{check['id']}/result")
        assert page.status_code == 200, page.text[:300]
        assert quoted.group() in _text(page.text)  # the walk page's words
        monkeypatch.undo()
        assert client.delete(f"/api/walks/{sent.json()['id']}?confirm=yes").status_code == 204
        assert "(this walk:" not in _text(client.get(f"/check/{check['id']}/result").text)
