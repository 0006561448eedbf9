"""The History list (``GET /api/assessments``, ``Records.list_assessments``) says whether each check is
finished, as ``GET /api/assessments/{id}`` and checks.csv say it (``AssessmentView.finished``): nothing
left to ask, or finished once with no answer taken back or changed since, and never a check whose
answers this version cannot replay (made with other questions). What was found: the list had only
``finished_at``, null both for a check not finished and for one finished before finish times were
kept, so a client could not tell them apart without asking for each check. SQLite and PostgreSQL.
Not a diagnosis.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.integration.test_check_changes import LATER, STENOSIS, finish, setup  # noqa: F401
from tests.integration.test_finished_check_new_question import finished_before_the_new_question

from backstride.services.sharing import make_export
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings


def test_the_list_says_finished_as_each_check_does(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    added = finished_before_the_new_question(records)  # finished, then a warning sign was added
    clock.now = LATER
    done = finish(records, STENOSIS)
    old = finish(records, STENOSIS)  # finished before finish times were kept: none stored
    other = finish(records, STENOSIS)  # kept by a version with other questions
    with records.db.session(write=True) as session:
        session.execute(update(Assessment).where(Assessment.id == old).values(finished_at=None))
        row = session.get_one(Assessment, other)
        row.answers = {**row.answers, "a_question_no_longer_asked": True}
    half = records.start_assessment("person").id
    records.answer(half, {"onset": "gradual"})
    empty = records.start_assessment("person").id
    with TestClient(create_app(Settings(database_url=url))) as client:
        listed = {a["id"]: a for a in client.get("/api/assessments").json()}
        one = {c: client.get(f"/api/assessments/{c}") for c in listed}
        schema = client.get("/api/openapi.json").json()["components"]["schemas"]["AssessmentSummaryOut"]
    text = make_export(records, "checks", note_download=False).text
    rows = {int(r["check_id"]): r for r in csv.DictReader(io.StringIO(text))}
    expected = {added: True, done: True, old: True, other: False, half: False, empty: False}
    assert {c: a["finished"] for c, a in listed.items()} == expected
    for check, finished in expected.items():
        assert rows[check]["finished"] == ("yes" if finished else "no"), check  # checks.csv agrees
        if check == other:  # its own page cannot carry it on (422): the list says it is not finished
            assert one[check].status_code == 422
            continue
        assert one[check].json()["finished"] is finished, check
        assert one[check].json()["finished_at"] == listed[check]["finished_at"], check
    assert listed[old]["finished_at"] is None  # none was kept: finished all the same
    assert listed[other]["finished_at"] is not None  # kept and said, as checks.csv does
    assert all("not a diagnosis" in a["notice"].lower() for a in listed.values())
    assert "finished" in schema["required"] and schema["properties"]["finished"]["description"]
    assert {a["id"]: a["finished"] for a in records.list_assessments()} == expected  # the Python API too
