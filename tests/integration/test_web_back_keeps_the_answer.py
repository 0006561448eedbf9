"""The question page's "Back to the last question" shows the answer it takes back, to change or send
again, not to type again.

A new-user test (N7, 2026-11-27): after "How long have you had this pain?" (2 years), "Back to the last
question" showed the question with an empty box and the unit set to weeks, and once more the age with
an empty box: what the person had typed was gone from the page, though they went back only to look
or to change one thing. The page now shows the answer taken back (a number in its box, a checklist's
ticks); nothing is stored until the person sends it again."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def _box(page: str) -> str:
    found = re.search(r'<input type="(?:number|text)"[^>]*name="number"[^>]*>', page) or re.search(
        r'<input[^>]*name="number"[^>]*>', page
    )
    assert found, page[:2000]
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_back_shows_the_number_and_the_ticks_it_takes_back(client: TestClient) -> None:
    check = client.post("/check", follow_redirects=False).headers["location"]
    number = int(check.rsplit("/", 1)[1])
    for _ in range(3):
        assert client.post(check + "/answer", data={"choice": "none"}).status_code == 200
    ticked = {"choice": "checked", "checked": "osteoporosis"}  # the fourth checklist: a tick
    assert client.post(check + "/answer", data=ticked).status_code == 200
    assert client.post(check + "/answer", data={"number": "63"}).status_code == 200
    sent = {"number": "2", "number_unit": "years"}
    assert client.post(check + "/answer", data=sent).status_code == 200
    before = client.get(f"/api/assessments/{number}").json()["answers"]
    assert before["duration_weeks"] == 104

    page = client.post(check + "/back")  # followed to the question page
    assert page.status_code == 200 and "How long have you had this pain?" in page.text
    # stored in weeks (104), shown as the person chose it: 2, the unit years (review, 2026-11-28)
    assert _box(page.text) == "2" and '<option value="years" selected>years</option>' in page.text
    assert "duration_weeks" not in client.get(f"/api/assessments/{number}").json()["answers"]

    page = client.post(check + "/back")
    assert "How old are you" in page.text and _box(page.text) == "63"

    page = client.post(check + "/back")
    assert 'value="osteoporosis" checked>' in page.text  # the tick is still there
    assert 'value="history_of_cancer">' in page.text  # the rest are not ticked

    # a plain visit of the question (no back) shows nothing typed, as before
    assert 'value="osteoporosis">' in client.get(check).text
