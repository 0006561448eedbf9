"""The report for a clinician dates its check by when the check was done, not when its result was
last worked out.

"Check 2, from ..." gave the time the result was stored: worked out again after a walk was sent, a
knowledge update, or first asked for days after the check was finished, a check finished on 20 Nov
read "from 26 Nov", beside "Since the check before, on 12 Nov" and a history that says 20 Nov. Now it
is when the check was finished (a check not finished, or kept before finish times were stored: when
it was started). The page and the PDF say it alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.integration.test_check_changes import Clock
from tests.integration.test_home_checks_kept_before import _answered_to_the_end
from tests.integration.test_report_everyday import _pdf_words

from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.report import render_report, report_view
from backstride.web.report_pdf import build_pdf

EARLIER = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
FINISHED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
READ = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def setup(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Records, Clock]]:
    monkeypatch.setenv("TZ", "UTC")  # shown in local time: these times are UTC
    import time

    time.tzset()
    clock = Clock()
    db = Database(database_url).migrate()
    yield Records(db, clock=clock), clock
    db.dispose()
    monkeypatch.undo()
    time.tzset()


def test_the_reports_check_is_dated_by_when_it_was_finished(setup: Any) -> None:
    records, clock = setup
    clock.now = EARLIER
    first = _answered_to_the_end(records)
    records.result(first)
    clock.now = FINISHED
    second = _answered_to_the_end(records)
    clock.now = READ  # its result is first worked out now (as after a new walk or knowledge update)
    view = report_view(records, assessment_id=second)
    words = " ".join(render_report(records, assessment_id=second).split())
    pdf = _pdf_words(build_pdf(view))
    for text in (words, pdf):
        assert f"Check {second}, from 20 Nov 2026, 10:00:" in text
        assert "26 Nov 2026, 10:00:" not in text
