"""checks.csv says a check is finished as History and its result page do (``AssessmentView.finished``):
nothing left to ask, or a finish time kept (finished once, no answer taken back or changed since). A
check finished before a warning-sign question was added read ``finished: no`` beside its own
``finished_at`` (review R10); now ``yes``, with the new sign in ``warning_signs_not_asked`` as before,
never hidden. SQLite and PostgreSQL. Not a diagnosis.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, finish, setup  # noqa: F401
from tests.integration.test_finished_check_new_question import NEW, finished_before_the_new_question

from backstride.services.sharing import make_export


def test_checks_csv_says_finished_as_the_pages_do(setup: Any) -> None:  # noqa: F811
    _url, records, clock = setup
    added = finished_before_the_new_question(records)
    clock.now = LATER
    done = finish(records, STENOSIS)
    half = records.start_assessment("person").id
    records.answer(half, {"onset": "gradual"})
    text = make_export(records, "checks", note_download=False).text
    rows = {int(r["check_id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert records.get_assessment(added).finished and not records.get_assessment(added).complete
    assert rows[added]["finished"] == "yes"  # was "no", beside its own finish time
    assert rows[added]["finished_at"] == EARLIER.isoformat()
    assert NEW in rows[added]["warning_signs_not_asked"].split(";")  # the new sign, still said
    assert rows[done]["finished"] == "yes" and rows[done]["finished_at"] == LATER.isoformat()
    assert rows[half]["finished"] == "no" and rows[half]["finished_at"] == ""
    assert all("not a diagnosis" in r["notice"].lower() for r in rows.values())
