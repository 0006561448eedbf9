"""The result page says what its time is, and the API's ``computed_at`` has a description that says
the same. A check with no finish time (left half-way) keeps ``updated_at`` at its last answer when its
result is stored (commit 4c010cf5), so its page said "Checked on" the time of the last answer, though
its result is worked out each time it is opened; a finished check's time moves when its result is
worked out and stored. What was found (review R14). SQLite and PostgreSQL. Not a diagnosis.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, _text, finish, setup  # noqa: F401

from backstride.web.app import create_app
from backstride.web.settings import Settings


def test_the_result_page_says_what_its_time_is(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    done = finish(records, STENOSIS)
    half = records.start_assessment("person")
    records.answer(half.id, {c: None for c in half.next_question["codes"]})  # left half-way on 12 Nov
    clock.now = LATER
    app = create_app(Settings(database_url=url))
    app.state.records.clock = clock
    with TestClient(app) as client:
        half_page = _text(client.get(f"/check/{half.id}/result").text)
        done_page = _text(client.get(f"/check/{done}/result").text)
        half_api = client.get(f"/api/assessments/{half.id}/result").json()
        schema = client.get("/api/openapi.json").json()["components"]["schemas"]["ResultOut"]
    assert "Checked on" not in half_page and "Checked on" not in done_page
    assert re.search(r"Answers last given on 12 Nov", half_page), half_page[-400:]
    assert half_api["computed_at"] == EARLIER.isoformat()  # opened on 26 Nov: still the last answer
    assert re.search(r"Worked out on 12 Nov", done_page), done_page[-400:]
    described = schema["properties"]["computed_at"].get("description", "")
    assert "last answer" in described and "finish" in described, described
