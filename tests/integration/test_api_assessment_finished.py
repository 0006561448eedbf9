"""``GET /api/assessments/{id}`` says whether a check is finished, as History and its result page do
(``AssessmentView.finished``): nothing left to ask, or finished once with no answer taken back or
changed since. A check finished before a warning-sign question was added stays finished (with when it
was), its ``complete`` false while the new question is asked; taking an answer back unfinishes it.
SQLite and PostgreSQL. Not a diagnosis.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, _text, finish, setup  # noqa: F401
from tests.integration.test_finished_check_new_question import finished_before_the_new_question

from backstride.web.app import create_app
from backstride.web.settings import Settings


def test_the_api_says_finished_as_history_does(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    added = finished_before_the_new_question(records)
    clock.now = LATER
    done = finish(records, STENOSIS)
    with TestClient(create_app(Settings(database_url=url))) as client:
        started = client.post("/api/assessments", json={"mode": "person"}).json()
        got = {c: client.get(f"/api/assessments/{c}").json() for c in (added, done, started["id"])}
        history = _text(client.get("/history").text)
        schema = client.get("/api/openapi.json").json()["components"]["schemas"]["AssessmentOut"]
        back = client.post(f"/api/assessments/{added}/back").json()
        history_after = _text(client.get("/history").text)
    # finished before the foot question was added: finished, with when it was, the new one asked
    assert got[added]["finished"] is True and got[added]["complete"] is False
    assert got[added]["finished_at"] == EARLIER.isoformat()
    assert got[added]["next_question"]["codes"] == ["foot_rest_pain_or_sore"]
    assert "a new question since you finished" in history and "Not finished yet" in history
    assert got[done]["finished"] is True and got[done]["complete"] is True
    assert got[done]["finished_at"] == LATER.isoformat()
    assert started["finished"] is False and started["finished_at"] is None
    assert got[started["id"]]["finished"] is False  # the one History reads "Not finished yet"
    # an answer taken back: not finished any more, as History then says (no new question offered)
    assert back["finished"] is False and back["finished_at"] is None and back["complete"] is False
    assert "a new question since you finished" not in history_after
    assert "not a diagnosis" in got[added]["notice"].lower()
    # the OpenAPI schema names both, in words
    for name in ("finished", "finished_at"):
        assert name in schema["properties"], name
        assert re.search(r"\w", schema["properties"][name].get("description", "")), name
    assert "finished" in schema["required"]
