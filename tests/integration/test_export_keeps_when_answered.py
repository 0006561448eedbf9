"""An export that works out a finished check never opened does not make its answers look given on the
day of the export (SQLite and PostgreSQL).

A check finished before its finish time was kept (``finished_at`` null: kept before migration 0011, or
restored from a backup of format 4 or older) says when its answers were last changed by ``updated_at``:
the FHIR QuestionnaireResponse's ``authored`` and checks.csv's ``updated_at`` read it. What was found
(review r4, 2026-11-27): since an export works such a check out first and stores it, storing moved
``updated_at`` to the moment of the export, so a clinician read answers given in October as "authored"
today. Now an export's working out keeps ``updated_at`` of such a check as it was.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from tests.integration.test_check_changes import Clock
from tests.integration.test_sharing import finish_check

from backstride.services.records import Records
from backstride.services.sharing import make_export
from backstride.storage.db import Database
from backstride.storage.models import Assessment

ANSWERED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
EXPORTED = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.fixture
def old_check(database_url: str) -> Iterator[tuple[Records, Clock, int]]:
    """An emergency check (dev-012) answered to the end on ANSWERED, its finish time not kept, never
    opened; the clock at EXPORTED."""
    clock = Clock()
    clock.now = ANSWERED
    db = Database(database_url).migrate()
    records = Records(db, clock=clock)
    check = finish_check(records, "dev-012")
    with db.session(write=True) as session:  # as a check finished before migration 0011 was kept
        session.get_one(Assessment, check).finished_at = None
    clock.now = EXPORTED
    yield records, clock, check
    db.dispose()


def test_the_fhir_answers_keep_when_they_were_given(old_check: tuple[Records, Clock, int]) -> None:
    records, _clock, check = old_check
    bundle = json.loads(make_export(records, "fhir", note_download=False).text)
    resources = [e["resource"] for e in bundle["entry"]]
    (answers,) = (r for r in resources if r["resourceType"] == "QuestionnaireResponse")
    assert datetime.fromisoformat(answers["authored"]) == ANSWERED  # was the export's moment
    (risk,) = (r for r in resources if r["resourceType"] == "RiskAssessment")
    assert risk["status"] == "final" and risk["prediction"]  # worked out all the same
    (row,) = csv.DictReader(io.StringIO(make_export(records, "checks", note_download=False).text))
    assert row["disposition"] == "emergency" and datetime.fromisoformat(row["updated_at"]) == ANSWERED
    assert records.stored_result(check) is not None


def test_a_check_whose_finish_is_kept_is_stored_as_opening_it_would(
    old_check: tuple[Records, Clock, int],
) -> None:
    records, clock, check = old_check
    with records.db.session(write=True) as session:
        session.get_one(Assessment, check).finished_at = ANSWERED
    make_export(records, "checks", note_download=False)
    assert records.get_assessment(check).updated_at == clock.now  # authored reads finished_at


def test_the_fhir_answers_keep_when_they_were_given_with_the_report_too(
    old_check: tuple[Records, Clock, int],
) -> None:
    """The FHIR export with the report (``--with-report``, ``?with_report=1``) draws the report in the
    export's one read: the report worked the check out first and stored it as opening it does, at the
    moment of the export, and the Bundle read that, so its answers read as "authored" today."""
    from backstride.web.report_pdf import render_report_pdf

    records, _clock, check = old_check
    drawn: list[bytes] = []

    def report() -> bytes:
        drawn.append(render_report_pdf(records))
        return drawn[-1]

    bundle = json.loads(make_export(records, "fhir", report_pdf=report, note_download=False).text)
    assert drawn and drawn[0].startswith(b"%PDF")
    resources = [e["resource"] for e in bundle["entry"]]
    (answers,) = (r for r in resources if r["resourceType"] == "QuestionnaireResponse")
    assert datetime.fromisoformat(answers["authored"]) == ANSWERED  # was the export's moment
    (risk,) = (r for r in resources if r["resourceType"] == "RiskAssessment")
    assert risk["status"] == "final" and risk["prediction"]
    assert any(r["resourceType"] == "DocumentReference" for r in resources)  # the report is in it
    stored = records.stored_result(check)
    assert stored is not None and stored.computed_at == ANSWERED  # stored once, as the export keeps it
