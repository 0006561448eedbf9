"""A report whose only check was made with other questions (an answer whose finding code this version
no longer has, e.g. kept by an older version) cannot show that check, but it still shows the diary
and the walks: it says which check could not be read (its date) and why. It failed as a whole before
(review, 2026-11-27): ``GET /report`` answered 422 ("unknown finding code") and ``backstride report``
stopped with exit 2, so a clinician got nothing of the diary or the walks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_sharing import LAB_WALK, _text, finish_check
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings

FINISHED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BLADDER_WORDS = "get emergency help now"
NOTE = "walked to the bakery and back"


def _made_with_other_questions(records: Records, check: int, answers: dict[str, Any] | None = None) -> None:
    """``check``'s answers as a version with other questions kept them: one finding code this one lacks."""
    with records.db.session(write=True) as session:
        row = session.get(Assessment, check)
        row.answers = {**(answers or row.answers), "a_finding_from_another_version": True}
        row.knowledge_version = "0.9.0"


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Records, int]]:
    path = tmp_path_factory.mktemp("unreadable") / "old.sqlite3"
    db = Database(sqlite_url(path)).migrate()
    records = Records(db)  # the real clock, as the app's: the diary is in the report's weeks on any day
    records.add_diary_entry(
        entry_date=date.today().isoformat(), pain_0_10=4, walking_tolerance_min=12.0, notes=NOTE
    )
    records.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=175, acc_unit="m/s^2", gyr_unit="deg/s"
    )  # fmt: skip
    records = Records(db, clock=lambda: FINISHED)
    check = finish_check(records, "dev-005")
    records.result(check)
    _made_with_other_questions(records, check)
    yield sqlite_url(path), records, check
    db.dispose()


def _says_it_could_not_be_read(text: str, check: int) -> None:
    assert f"Check {check}, from 20 Nov 2026, 09:00, could not be read" in text
    assert "made with another version of backstride that asked other questions" in text
    assert NOTE in text  # the diary
    assert "Walks measured with a sensor" in text and "imu.csv" in text  # the walks
    assert "No check yet" not in text  # it has one: it is said, not hidden


def test_the_web_report_shows_the_diary_and_walks_and_names_the_check_it_cannot_read(kept: Any) -> None:
    url, _records, check = kept
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get("/report")
        assert page.status_code == 200, page.text
        _says_it_could_not_be_read(_text(page.text), check)
        pdf = client.get("/report.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        # asked for by its number, it is said the same way, not refused
        asked = client.get(f"/report?check={check}")
        assert asked.status_code == 200, asked.text
        _says_it_could_not_be_read(_text(asked.text), check)


def test_backstride_report_writes_the_diary_and_walks_and_names_the_check(kept: Any, tmp_path: Path) -> None:
    url, _records, check = kept
    out = tmp_path / "report.html"
    done = CliRunner().invoke(cli_app, ["report", "--db", url, "--out", str(out)])
    assert done.exit_code == 0, done.output
    _says_it_could_not_be_read(_text(out.read_text(encoding="utf-8")), check)
    pdf = tmp_path / "report.pdf"
    done = CliRunner().invoke(cli_app, ["report", "--db", url, "--format", "pdf", "--out", str(pdf)])
    assert done.exit_code == 0, done.output
    assert pdf.read_bytes().startswith(b"%PDF")


def test_what_its_readable_answers_already_mean_is_still_said(tmp_path: Path) -> None:
    # "new trouble peeing" beside a code since retired: the report cannot show the check, but says
    # that the answers it can read mean emergency help
    db = Database(sqlite_url(tmp_path / "r.sqlite3")).migrate()
    records = Records(db, clock=lambda: FINISHED)
    check = records.start_assessment("person")
    records.answer(check.id, {code: code == "urinary_retention" for code in check.next_question["codes"]})
    _made_with_other_questions(records, check.id)
    from backstride.web.report import render_report

    text = _text(render_report(records))
    assert f"Check {check.id}, from 20 Nov 2026, 09:00, could not be read" in text
    assert f"Check {check.id}, from 20 Nov 2026, 09:00, was made with other questions" in text
    assert BLADDER_WORDS in text
    db.dispose()
