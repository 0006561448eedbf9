"""checks.csv says a check is finished as History and its result page do (``AssessmentView.finished``):
nothing left to ask, or a finish time kept (finished once, no answer taken back or changed since). A
check finished before a warning-sign question was added read ``finished: no`` beside its own
``finished_at`` (review R10); now ``yes``, with the new sign in ``warning_signs_not_asked`` as before,
never hidden. SQLite and PostgreSQL. Not a diagnosis.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, finish, setup  # noqa: F401
from tests.integration.test_finished_check_new_question import NEW, finished_before_the_new_question

from backstride.services.sharing import make_export
from backstride.storage.models import Assessment


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


def test_the_exports_agree_on_what_finished_means(setup: Any) -> None:  # noqa: F811
    """A check this version cannot replay (made with other questions) counts as not finished in every
    export, finish time or not, as docs/sharing.md says and the FHIR answers say ("in-progress"):
    checks.csv read ``yes`` for one with a finish time (review R14). A check finished before a
    warning-sign question was added is finished in checks.csv, and its FHIR RiskAssessment's note says
    so, as History does ("finished before ..."), not "Not finished"; its answers are "completed", as
    the person finished them, tagged to say the question added since was never asked (they read
    "in-progress" while checks.csv and the pages said finished: docs/sharing.md said why)."""
    _url, records, clock = setup
    added = finished_before_the_new_question(records)
    clock.now = LATER
    old = finish(records, STENOSIS)
    with records.db.session(write=True) as session:  # as a version with another question kept it
        row = session.get_one(Assessment, old)
        row.answers = {**row.answers, "a_question_no_longer_asked": True}
    assert records.get_assessment(added).finished_at is not None
    text = make_export(records, "checks", note_download=False).text
    rows = {int(r["check_id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert rows[old]["finished_at"] == LATER.isoformat()  # its finish time is kept and said
    assert rows[old]["finished"] == "no"  # was "yes": every warning sign counts as not asked
    bundle = json.loads(make_export(records, "fhir", note_download=False).text)
    found = {
        r["identifier"][0]["value"] if isinstance(r["identifier"], list) else r["identifier"]["value"]: r
        for r in (e["resource"] for e in bundle["entry"])
        if "identifier" in r
    }
    assert found[f"assessment/{old}/answers"]["status"] == "in-progress"
    notes = [n["text"] for n in found[f"assessment/{added}/result"]["note"]]
    answers = found[f"assessment/{added}/answers"]
    assert answers["status"] == "completed"  # finished then: the person answered all that was asked
    assert answers["authored"] == EARLIER.isoformat()  # when it was finished
    tags = {t["code"]: t["display"] for t in answers["meta"]["tag"]}
    assert "finished_before_questions_added" in tags, tags
    assert "never asked" in tags["finished_before_questions_added"], tags
    assert found[f"assessment/{old}/answers"]["status"] == "in-progress"  # other questions: not finished
    fresh = {t["code"] for t in found[f"assessment/{old}/answers"]["meta"]["tag"]}
    assert "finished_before_questions_added" not in fresh
    assert found[f"assessment/{added}/result"]["status"] == "preliminary"
    assert not any(n.startswith("Not finished") for n in notes), notes
    said = [n for n in notes if n.startswith("Finished before these warning signs were asked (added since)")]
    assert len(said) == 1 and "not an all-clear" in said[0], notes
    old_notes = [n["text"] for n in found[f"assessment/{old}/result"]["note"]]
    assert any(n.startswith("Not finished") for n in old_notes), old_notes
