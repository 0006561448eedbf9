"""The result page reads its check and its result in one transaction (``Records.result_and_check``)
and takes the person from that check to find the check before it (``checks_before(person_id=)``).
Nothing of a view is kept for the next one: a changed answer, a deleted walk and the check before it
changed or deleted show on the very next view, on SQLite and on PostgreSQL (``database_url``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS
from tests.integration.test_clinician_result_about_the_person import _all_answers
from tests.integration.test_result_page_walk_read import LAB_WALK

from backstride.web.app import create_app
from backstride.web.settings import Settings

CHANGES = 'id="changes-heading"'  # what changed since the check before it


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as c:
        yield c


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").split())


def _finished(client: TestClient, answers: dict[str, Any]) -> int:
    check = client.post("/api/assessments", json={"mode": "person"}).json()["id"]
    given = client.post(f"/api/assessments/{check}/answers", json={"answers": answers})
    assert given.status_code == 200, given.text
    assert given.json()["next_question"] is None
    return int(check)


def _page(client: TestClient, check: int) -> str:
    page = client.get(f"/check/{check}/result")
    assert page.status_code == 200, page.text
    return page.text


def test_a_changed_answer_shows_at_once(client: TestClient) -> None:
    check = _finished(client, _all_answers(STENOSIS, "person"))
    for _ in range(2):  # worked out, then read back
        assert "Your result: Get emergency help now" not in _page(client, check)
    changed = client.post(f"/api/assessments/{check}/answers", json={"answers": {"urinary_retention": True}})
    assert changed.status_code == 200, changed.text
    assert "Your result: Get emergency help now" in _page(client, check)


def test_a_deleted_walk_shows_at_once(client: TestClient) -> None:
    sent = client.post(
        "/api/walks",
        files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
        data={"acc_unit": "m/s^2", "gyr_unit": "deg/s"},
    )
    assert sent.status_code == 201, sent.text
    walk = sent.json()["id"]
    check = _finished(client, _all_answers(STENOSIS, "person"))
    for _ in range(2):
        before = _text(_page(client, check))
    assert "was deleted" not in before
    assert client.delete(f"/api/walks/{walk}?confirm=yes").status_code == 204
    after = _text(_page(client, check))
    assert "which this check used, was deleted" in after, after[:2000]
    assert client.get(f"/api/assessments/{check}/result").json()["gait_recording_id"] is None


def test_the_check_before_changed_or_deleted_shows_at_once(client: TestClient) -> None:
    answers = _all_answers(STENOSIS, "person")
    first = _finished(client, answers)
    second = _finished(client, answers)
    for _ in range(2):
        page = _page(client, second)
    assert CHANGES in page
    said = _text(page)
    # the check before it changed: its new answer is compared at once
    changed = client.post(f"/api/assessments/{first}/answers", json={"answers": {"urinary_retention": True}})
    assert changed.status_code == 200, changed.text
    assert _text(_page(client, second)) != said
    # and deleted: nothing to compare with any more
    assert client.delete(f"/api/assessments/{first}").status_code == 204
    assert CHANGES not in _page(client, second)
    # another check finished later is after this one: still nothing before it
    _finished(client, answers)
    assert CHANGES not in _page(client, second)
