"""A finished check whose walk is deleted: its result is worked out again without that walk (with the
walk the rule picks of those it had, else none) and says so, on the result page, in the report and its
PDF and in the API, so what the person was told never changes in silence (SQLite and PostgreSQL).

What a reviewer found: a check told "slower walking speed" (walk 2) lost it, and moved to walk 1, once
walk 2 was deleted; its page only said "This check uses your walk from <walk 1's date>". With no other
walk, the result kept the deleted walk's gait factors instead.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import _text
from tests.integration.test_check_walk import FINISHED, OTHER_WALK, WALK, _when, finish_at, setup, upload
from tests.integration.test_report_everyday import _pdf_words

from backstride.core.dates import moment_words
from backstride.services.activity import Activity
from backstride.services.records import Records
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.report import render_report, report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

DELETED_ON = FINISHED + timedelta(days=1)
# what the deleted walk took away, in words (gait_factors.yaml's text and sources)
NO_LONGER_SLOW = (
    "It no longer names what that walk showed: walking speed is slower than usual for adults (D1, C11)."
)


def _deleted_on() -> str:
    return moment_words(DELETED_ON)


def test_a_check_whose_walk_is_deleted_says_so_and_uses_the_walk_it_had_before(setup: Any) -> None:
    url, records, clock = setup
    other = upload(records, clock, OTHER_WALK, -30)
    slow = upload(records, clock, WALK, -20)
    check = finish_at(records, clock, 0)
    told = records.result(check)
    assert told.gait_recording_id == slow and told.gait_factor_codes == ["slow_speed"]
    assert told.to_dict()["walk_deleted"] is None
    slow_when, other_when = _when(records, slow), _when(records, other)
    assert records.checks_using_walk(slow) == [check]
    clock.now = DELETED_ON
    assert records.delete_walk(slow) == [check]
    again = records.result(check)
    assert again.gait_recording_id == other and again.gait_factor_codes == []
    said = (
        f"Your walk from {slow_when}, which this check used, was deleted on {_deleted_on()}. So its result "
        f"was worked out again with your walk from {other_when}, and what it says may have changed. "
        + NO_LONGER_SLOW
    )
    api = again.to_dict()["walk_deleted"]
    assert api is not None and api["walk_id"] == slow and api["message"] == said
    assert (api["gait_factors_before"], api["gait_factors_lost"], api["gait_factors_gained"]) == (
        ["slow_speed"],
        ["slow_speed"],
        [],
    )
    assert "walk_deleted" not in again.result  # kept with the check, never part of the result shown
    assert records.result(check).computed_at == DELETED_ON  # worked out once, when the walk was deleted
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text)
        assert said in page
        assert client.get(f"/api/assessments/{check}/result").json()["walk_deleted"]["message"] == said
    person = (
        f"The walk from {slow_when}, which this check used when it was finished, was deleted on "
        f"{_deleted_on()}. Its result was worked out again with the walk from {other_when}, so it may "
        f"differ from what the person was told. {NO_LONGER_SLOW}"
    )
    assert person in _text(render_report(records, assessment_id=check, generated_at=clock.now))
    pdf = _pdf_words(build_pdf(report_view(records, assessment_id=check, generated_at=clock.now)))
    assert " ".join(person.split()) in pdf
    line = Activity(records.db).list()[0]
    assert (line.action, line.what) == ("walk_deleted", "Deleted a walk")
    assert line.detail.startswith(f"walk {slow}, from ") and line.detail.endswith(f"used it: {check}")


def test_a_check_whose_only_walk_is_deleted_no_longer_keeps_its_gait_factors(setup: Any) -> None:
    _url, records, clock = setup
    slow = upload(records, clock, WALK, -20)
    check = finish_at(records, clock, 0)
    assert records.result(check).gait_factor_codes == ["slow_speed"]
    clock.now = DELETED_ON
    records.delete_walk(slow)
    again = records.result(check)
    assert again.gait_recording_id is None and again.result["plan"]["gait_factors"] == []
    assert records.export_all()["assessments"][0]["result"] == again.result  # the export has it too
    message = again.to_dict()["walk_deleted"]["message"]
    assert "So its result was worked out again without a walk" in message


def test_a_walk_no_finished_check_used_is_deleted_without_a_word_on_checks(setup: Any) -> None:
    _url, records, clock = setup
    check = finish_at(records, clock, 0)  # before any walk
    later = upload(records, clock, WALK, 10)
    assert records.checks_using_walk(later) == []
    records.delete_walk(later)
    assert records.result(check).to_dict()["walk_deleted"] is None
    assert Activity(records.db).list()[0].detail.endswith("; finished checks that used it: none")


def test_the_api_deletes_a_walk_checks_use_only_when_told_yes(setup: Any) -> None:
    url, records, clock = setup
    slow = upload(records, clock, WALK, -20)
    check = finish_at(records, clock, 0)
    records.result(check)
    with TestClient(create_app(Settings(database_url=url))) as client:
        asked = client.delete(f"/api/walks/{slow}")
        assert asked.status_code == 409 and asked.json()["checks"] == [check]
        assert asked.json()["detail"] == (
            f"Walk {slow} is used by check {check}. If it is deleted, its result is worked out again without "
            "it, and what it says may change. Nothing was deleted; send confirm=yes to delete it."
        )
        assert client.get(f"/api/walks/{slow}").status_code == 200  # nothing deleted
        assert client.delete(f"/api/walks/{slow}?confirm=yes").status_code == 204
        assert client.get(f"/api/walks/{slow}").status_code == 404
        unused = upload(records, clock, OTHER_WALK, 10)  # sent after the check: no check uses it
        assert client.delete(f"/api/walks/{unused}").status_code == 204


def test_a_check_finished_while_the_api_deletes_its_walk_needs_yes(setup: Any, monkeypatch: Any) -> None:
    """The API looked for the checks using the walk before it deleted it, in another transaction: a check
    finished in between (another tab, a clinician) had its walk deleted and its result worked out again
    without `confirm=yes` (review R7). The look is now part of the deletion."""
    url, records, clock = setup
    slow = upload(records, clock, WALK, -20)
    delete_walk = Records.delete_walk
    finished: list[int] = []

    def finished_meanwhile(self: Records, walk_id: int, **options: Any) -> list[int]:
        finished.append(finish_at(records, clock, 0))  # just before the deletion starts
        records.result(finished[0])
        return delete_walk(self, walk_id, **options)

    monkeypatch.setattr(Records, "delete_walk", finished_meanwhile)
    with TestClient(create_app(Settings(database_url=url))) as client:
        asked = client.delete(f"/api/walks/{slow}")
        assert asked.status_code == 409 and asked.json()["checks"] == finished
        assert client.get(f"/api/walks/{slow}").status_code == 200  # nothing deleted, no line written
    assert all(line.action != "walk_deleted" for line in Activity(records.db).list())
    assert records.result(finished[0]).gait_recording_id == slow  # its result as it was told


def test_a_check_whose_walk_is_deleted_says_what_the_walk_it_uses_instead_adds(setup: Any) -> None:
    """The page said the result "may have changed", never what changed (review R7)."""
    _url, records, clock = setup
    upload(records, clock, WALK, -30)  # slower than usual
    usual = upload(records, clock, OTHER_WALK, -20)
    check = finish_at(records, clock, 0)
    assert records.result(check).result["plan"]["gait_factors"] == []
    clock.now = DELETED_ON
    records.delete_walk(usual)
    api = records.result(check).to_dict()["walk_deleted"]
    assert (api["gait_factors_lost"], api["gait_factors_gained"]) == ([], ["slow_speed"])
    assert api["message"].endswith(
        " It now names what the walk it uses instead shows: walking speed is slower than usual for adults "
        "(D1, C11)."
    )


def test_a_check_whose_walk_is_deleted_says_when_the_signs_in_it_did_not_change(setup: Any) -> None:
    _url, records, clock = setup
    usual = upload(records, clock, OTHER_WALK, -20)
    check = finish_at(records, clock, 0)
    clock.now = DELETED_ON
    records.delete_walk(usual)
    api = records.result(check).to_dict()["walk_deleted"]
    assert (api["gait_factors_before"], api["gait_factors_lost"], api["gait_factors_gained"]) == ([], [], [])
    assert api["message"].endswith(
        ", and what it says may have changed. It names the same signs in how you walk as before."
    )


def test_what_the_deletion_took_away_stays_when_the_result_is_worked_out_again(setup: Any) -> None:
    """A result is worked out again with new knowledge (here: another package version): what the deleted
    walk took away stays with it."""
    _url, records, clock = setup
    slow = upload(records, clock, WALK, -20)
    check = finish_at(records, clock, 0)
    records.result(check)
    clock.now = DELETED_ON
    records.delete_walk(slow)
    with records.db.session(write=True) as session:
        session.get_one(Assessment, check).package_version = "0.0.1"
    clock.now = DELETED_ON + timedelta(days=1)
    again = records.result(check)
    assert again.computed_at == clock.now  # worked out again
    assert again.to_dict()["walk_deleted"]["message"].endswith(NO_LONGER_SLOW)
