"""The check's walking question takes minutes as the walking test does ("6:20", "6 min 20 s"), on the
check page and in ``backstride assess``, and says them back as "6 min 20 s" (review R13)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.interview import Interview
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

WALKING = "walking_tolerance_min"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture()
def at_the_walking_question(tmp_path: Path):
    """A client and a check whose next question is the walking one ("don't know" to those before)."""
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "c.sqlite3")))) as client:
        started = client.post("/check", data={"mode": "person"}, follow_redirects=False)
        check = int(re.findall(r"/check/(\d+)", started.headers["location"])[0])
        while WALKING not in (q := client.get(f"/api/assessments/{check}").json()["next_question"])["codes"]:
            answers = {code: None for code in q["codes"]}
            sent = client.post(f"/api/assessments/{check}/answers", json={"answers": answers})
            assert sent.status_code == 200
        yield client, check


@pytest.mark.parametrize("typed", ["6:20", "6 min 20 s"])
def test_the_check_page_takes_minutes_as_the_walking_test_does(at_the_walking_question, typed) -> None:
    client, check = at_the_walking_question
    box = re.search(r'<input id="answer-number"[^>]*>', client.get(f"/check/{check}").text, re.S)
    assert box is not None and 'type="text"' in box.group(0)  # a number box refuses the ":"
    form = {"codes": WALKING, "choice": "number", "number": typed}
    sent = client.post(f"/check/{check}/answer", data=form, follow_redirects=False)
    assert sent.status_code == 303, _text(sent.text)[:500]
    assert client.get(f"/api/assessments/{check}").json()["answers"][WALKING] == 6.33
    result = _text(client.get(f"/check/{check}/result").text).replace("\xa0", " ")
    assert "(you said 6 min 20 s)" in result and "6.33" not in result


@pytest.mark.parametrize("typed", ["6:75", "six", "6 min 75 s", "6m20s"])
def test_nonsense_is_refused_and_nothing_is_kept(at_the_walking_question, typed) -> None:
    client, check = at_the_walking_question
    form = {"codes": WALKING, "choice": "number", "number": typed}
    sent = client.post(f"/check/{check}/answer", data=form, follow_redirects=False)
    assert 400 <= sent.status_code < 500
    assert f"“{typed}” is not a number. Please type minutes like 12 or 6:20." in _text(sent.text)
    assert WALKING not in client.get(f"/api/assessments/{check}").json()["answers"]


def test_assess_in_the_terminal_takes_6_20_and_says_it_back() -> None:
    interview = Interview(mode="person")
    before = 0  # the questions before the walking one, each answered "don't know"
    while WALKING not in (question := interview.next_question()).codes:
        for code in question.codes:
            interview.answer(code, None)
        before += 1
    done = CliRunner().invoke(app, ["assess"], input="?\n" * before + "six\n6:20\n" + "?\n" * 80)
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert "Sorry, please type a number from 0 to 600 minutes (or minutes and seconds, like 6:20)" in said
    assert "Noted: 6 min 20 s." in said
