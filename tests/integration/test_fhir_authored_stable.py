"""A FHIR Bundle's ``QuestionnaireResponse.authored`` is when the answers were given, as stored: opening
a check (its result page, the API, the report) between two exports never moves it (SQLite and
PostgreSQL).

A check with no finish time (one left half-way, whose result page shows a result from the answers so
far, or one finished before finish times were kept) is authored at its ``updated_at``: when its answers
last changed. What was found (review R5, R10): opening it stored its result and moved ``updated_at`` to
the moment it was opened, so the next Bundle said the answers were authored then (and checks.csv's
``updated_at`` with it), though nobody answered anything. Now storing the result of such a check keeps
``updated_at`` as it was, as the export's own working out already did. Not a diagnosis.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import setup  # noqa: F401
from tests.integration.test_sharing import finish_check

from backstride.services.sharing import make_export
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings

ANSWERED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
OPENED_FIRST = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIRST_EXPORT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
OPENED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SECOND_EXPORT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _authored(records: Any) -> list[str]:
    """Each check's answers' ``authored``, in the Bundle's order (by check)."""
    bundle = json.loads(make_export(records, "fhir", note_download=False).text)
    return [
        e["resource"]["authored"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]


def _csv_updated(records: Any) -> dict[str, str]:
    text = make_export(records, "checks", note_download=False).text
    return {r["check_id"]: r["updated_at"] for r in csv.DictReader(io.StringIO(text))}


def test_opening_a_check_with_no_finish_time_keeps_when_it_was_authored(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    clock.now = ANSWERED
    old = finish_check(records, "dev-005")  # finished, as before finish times were kept
    with records.db.session(write=True) as session:
        session.get_one(Assessment, old).finished_at = None
    half = records.start_assessment("person")
    records.answer(half.id, {c: None for c in half.next_question["codes"]})  # left half-way
    clock.now = OPENED_FIRST
    records.result(old)  # opened before any export (an export works it out, keeping when it was answered)
    clock.now = FIRST_EXPORT
    first, first_csv = _authored(records), _csv_updated(records)
    assert len(first) == 2 and all(  # the old one was OPENED_FIRST
        datetime.fromisoformat(t) == ANSWERED for t in first
    ), first
    clock.now = OPENED
    for check in (old, half.id):  # opened: by the services, and by its result page (the real clock)
        records.result(check)
        records.result(check)
        with TestClient(create_app(Settings(database_url=url))) as client:
            assert client.get(f"/check/{check}/result").status_code == 200
            assert client.get(f"/api/assessments/{check}/result").status_code == 200
    clock.now = SECOND_EXPORT
    assert _authored(records) == first  # the half-way one was OPENED
    assert _csv_updated(records) == first_csv
    assert records.stored_result(half.id) is not None  # its half-way result was stored all the same
