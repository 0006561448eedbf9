"""``GET /api/assessments`` (the History list) gives ``finished_at`` null for a check finished before
finish times were kept, which History shows as finished. What was found (review R14): docs/web-app.md
read null as "not finished", disagreeing with History. Since 2026-11-28 the list says ``finished`` of
each check too (D8), so null is never read alone: the list's ``finished`` is true for such a check, as
``GET /api/assessments/{id}`` says. SQLite and PostgreSQL. Not a diagnosis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS, finish, setup  # noqa: F401

from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web-app.md"


def test_the_list_says_null_is_not_always_not_finished(setup: Any) -> None:  # noqa: F811
    url, records, _clock = setup
    old = finish(records, STENOSIS)
    with records.db.session(write=True) as session:  # as a version before finish times kept it
        session.get_one(Assessment, old).finished_at = None
    with TestClient(create_app(Settings(database_url=url))) as client:
        listed = client.get("/api/assessments").json()
        one = client.get(f"/api/assessments/{old}").json()
        schema = client.get("/api/openapi.json").json()["components"]["schemas"]["AssessmentSummaryOut"]
    assert listed[0]["finished_at"] is None and one["finished"] is True
    assert listed[0]["finished"] is True  # null finish time, finished all the same, as the check says
    described = schema["properties"]["finished_at"]["description"]
    assert "before finish times were stored" in described and "finished says whether it is" in described
    lines = DOCS.read_text().splitlines()
    row = next(line for line in lines if line.startswith("| `GET /api/assessments` |"))
    assert "before finish times were kept" in row and "whose `finished` is true all the same" in row
